"""Map series pages a statistics office can publish: diverging ramp around 0 for signed changes, German class
labels without overlapping bounds, footnote (method, classes, areas, areas without value) and data date, counts
as graduated circles. Checked on the printed PDF (pdftotext) and the page's renderer; expectations from the
sample file read with GDAL and the catalogue CSV."""
import csv
import os
import subprocess

import processing
import pytest
from osgeo import ogr
from qgis.core import QgsGraduatedSymbolRenderer, QgsProcessingContext, QgsProject

from conftest import SAMPLE

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
CHANGE, COUNT = "d1_percentage_unemployed", "inhabitants"


def values(field):
    source = ogr.Open(GPKG)
    return [f.GetField(field) for f in source.GetLayerByName("sozialraeume")]


def run(tmp_path, fields, **extra):
    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    pdf = str(tmp_path / "serie.pdf")
    params = {"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": fields, "CATALOGUE": CATALOGUE,
              "OVERLAY": f"{GPKG}|layername=bezirke", "ADD_TO_PROJECT": True, "DPI": 72, "OUTPUT_PDF": pdf,
              "MIN_COUNT": 0, "MIN_POPULATION": 0, "DATE": "01.02.2024"}
    params.update(extra)
    processing.run("sozialraum:mapseries", params, context=context)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return project, text


def page_layer(project):
    layout = project.layoutManager().layouts()[0]
    return next(layer for layer in layout.itemById("karte").layers() if layer.name() != "Sozialräume"
                and layer.name() != "Bezirke")


@pytest.mark.usefixtures("qgis_app", "sozialraum_provider")
def test_signed_change_gets_red_above_and_blue_below_zero(tmp_path):
    project, _text = run(tmp_path, [CHANGE])
    rules = page_layer(project).renderer().rootRule().children()[:-1]      # the classes, not the NULL rule
    data = [v for v in values(CHANGE) if v is not None]
    assert min(data) < 0 < max(data)
    first, last = rules[0].symbol().color(), rules[-1].symbol().color()
    assert first.blue() > first.red()           # fell most: favourable (higher is worse) -> blue
    assert last.red() > last.blue()             # rose most: unfavourable -> red


@pytest.mark.usefixtures("qgis_app", "sozialraum_provider")
def test_one_colour_ramp_when_asked(tmp_path):
    project, _text = run(tmp_path, [CHANGE], RAMP=1)
    colours = [r.symbol().color() for r in page_layer(project).renderer().rootRule().children()[:-1]]
    assert all(c.red() >= c.blue() for c in colours)


@pytest.mark.usefixtures("qgis_app", "sozialraum_provider")
def test_legend_labels_footnote_and_both_dates_are_printed(tmp_path):
    _project, text = run(tmp_path, [CHANGE])
    data = values(CHANGE)
    missing = sum(v is None for v in data)
    with open(CATALOGUE, encoding="utf-8-sig") as handle:
        year = next(r for r in csv.DictReader(handle, delimiter=";") if r["id"] == CHANGE)["year"]
    flat = " ".join(text.split())
    assert f"{len(data)} Gebiete, davon {missing} ohne Wert" in flat
    assert "Klassenbildung: Natürliche Unterbrechungen (exakt), 5 Klassen" in flat
    assert f"Datenstand: {year} · Druck: 01.02.2024" in flat
    assert flat.count(" bis ") >= 4 and " – " not in flat.split("Legende")[1].split("Gebiete je Klasse")[0]
    assert "Gebiete je Klasse" in flat and "Bezirke" in flat


@pytest.mark.usefixtures("qgis_app", "sozialraum_provider")
def test_counts_are_graduated_circles_not_a_choropleth(tmp_path):
    project, _text = run(tmp_path, [COUNT])
    renderer = page_layer(project).renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer)
    sizes = [r.symbol().symbolLayer(1).subSymbol().size() for r in renderer.ranges()]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert all(r.symbol().symbolLayer(0).brushStyle() == 0 for r in renderer.ranges())   # no area fill
