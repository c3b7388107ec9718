"""Map series without kept layouts fill one layout per series, as QGIS's atlas does: per page the renderer of
the one styled copy, the legend, the texts and the chart are swapped. Nothing of an earlier page may stay on
the next one. Expectations from the sample file read with GDAL and counted with numpy (manual class breaks, so
the class of a value is plain arithmetic), and, for whole pages, the page as printed from a layout of its own
(the kept layouts, built fresh per page)."""
import os
import subprocess

import numpy as np
import pytest
from osgeo import ogr
from qgis.core import QgsLayoutItemLabel, QgsLayoutItemShape, QgsProcessingContext, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QImage

from conftest import SAMPLE

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
BREAKS = [5.0, 10.0, 20.0, 40.0]
# 5 classes (max 100), 3 classes (max 13.2: bounds above the maximum close the last class), a count drawn as
# circles over a pale base layer (5 classes), 3 classes again without the base layer
FIELDS = ["k04_children_with_migration_background", "s1_percentage_unemployed", "inhabitants",
          "k01_youth_unemployment"]
COUNT = "inhabitants"


def gdal_values(field):
    source = ogr.Open(GPKG)
    values = [f.GetField(field) for f in source.GetLayerByName("sozialraeume")]
    return np.array([v for v in values if v is not None], dtype=float)


def expected_counts(field):
    """Areas per class of the manual breaks: a class holds its upper bound; bounds at or above the maximum
    close the last class (whose upper bound is then the larger of maximum and last break)."""
    values = gdal_values(field)
    inner = [b for b in BREAKS if b < values.max()]
    uppers = inner + [max(values.max(), BREAKS[-1])]
    counts, lower = [], -np.inf
    for upper in uppers:
        counts.append(int(((values > lower) & (values <= upper)).sum()))
        lower = upper
    return counts


def sample_layer(name="Sozialräume", table="sozialraeume"):
    return QgsVectorLayer(f"{GPKG}|layername={table}", name, "ogr")


@pytest.fixture
def series(qgis_app):  # noqa: ARG001 (needed for its side effect)
    from sozialraum_monitor.adapter import map_layout as ml
    from sozialraum_monitor.core.catalogue import read_catalogue
    from sozialraum_monitor.core.privacy import SuppressionRule

    project = QgsProject()
    options = ml.SeriesOptions(indicators=tuple(FIELDS), catalogue=read_catalogue(CATALOGUE),
                               template=ml.template_path("a4_hoch"), method="manual",
                               method_params={"breaks": BREAKS}, rule=SuppressionRule(min_count=0),
                               overlay_label="bezirk", date="01.02.2024")
    series = ml.MapSeries(sample_layer(), options, project, overlay=sample_layer("Bezirke", "bezirke"))
    yield series
    series.close()


def chart(layout):
    """[(bar width mm, printed count)] of the chart items on the layout, in class order."""
    bars, index = [], 1
    while layout.itemById(f"verteilung_{index}") is not None:
        bar, text = layout.itemById(f"verteilung_{index}"), layout.itemById(f"verteilung_{index}_n")
        assert isinstance(bar, QgsLayoutItemShape) and isinstance(text, QgsLayoutItemLabel)
        bars.append((bar.sizeWithUnits().width(), int(text.text())))
        index += 1
    assert layout.itemById(f"verteilung_{index}_n") is None
    return bars


def test_each_page_carries_its_own_chart_legend_and_layers(series):
    layouts, copies = set(), set()
    for number, field in enumerate(FIELDS, start=1):
        counts = expected_counts(field)
        page = series.page(field, number, len(FIELDS))
        layout = page.layout
        layouts.add(id(layout))
        copies.add(page.layer.id())
        bars = chart(layout)
        assert [count for _width, count in bars] == counts, field          # no bar of an earlier page left
        longest = max(width for width, _count in bars)
        for width, count in bars:                                          # bar length follows the count
            assert width == pytest.approx(max(longest * count / max(counts), 0.3), rel=1e-6), field
        # the map: overlay, this page's copy, and the pale base only under the circles of a count
        names = [layer.name() for layer in layout.itemById("karte").layers()]
        assert names == ["Bezirke", series.catalogue.indicator(field).title] + \
            (["Sozialräume"] if field == COUNT else []), field
        # the legend: this page's classes (and the overlay), nothing of the page before
        legend = layout.itemById("legende")
        nodes = legend.model().rootGroup().findLayers()
        assert [node.layerId() for node in nodes] == [page.layer.id(), series.overlay.id()]
        labels = [n.data(Qt.ItemDataRole.DisplayRole) for n in legend.model().layerLegendNodes(nodes[0])]
        assert len([label for label in labels if "keine Angabe" not in label]) == len(counts), (field, labels)
        assert layout.itemById("titel").text() == series.catalogue.indicator(field).title
        assert layout.itemById("seite").text() == f"Karte {number} von {len(FIELDS)}"
    assert len(layouts) == 1 and len(copies) == 1       # one layout and one copy for the whole series


def test_export_only_copy_is_held_in_memory_and_kept_copies_are_clones(qgis_app):  # noqa: ARG001
    from sozialraum_monitor.adapter import map_layout as ml
    from sozialraum_monitor.core.catalogue import read_catalogue

    layer = sample_layer()
    cases = ((False, ml.MEMORY_LIMIT, "memory"), (False, 0, "ogr"), (True, ml.MEMORY_LIMIT, "ogr"))
    for keep, limit, provider in cases:
        project = QgsProject()
        options = ml.SeriesOptions(indicators=(FIELDS[1],), catalogue=read_catalogue(CATALOGUE),
                                   template=ml.template_path("a4_hoch"), date="01.02.2024")
        series = ml.MapSeries(layer, options, project, keep=keep, memory_limit=limit)
        page = series.page(FIELDS[1], 1, 1)
        assert page.layer.providerType() == provider, (keep, limit)
        assert page.layer.featureCount() == layer.featureCount() == 448
        assert page.layer.crs() == layer.crs()
        page = None
        if keep:
            for layout in project.layoutManager().layouts():
                project.layoutManager().removeLayout(layout)
        series.close()


def pdf_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", path, "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_image(path, page, stem):
    subprocess.run(["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile", "-png", path, stem],
                   check=True)
    image = QImage(stem + ".png")
    assert not image.isNull()
    return image


@pytest.mark.usefixtures("sozialraum_provider")
def test_export_only_pages_print_as_layouts_of_their_own(tmp_path):
    """The refilled layout prints each page exactly as a fresh layout per page does (text and pixels)."""
    import processing

    pdfs = {}
    for keep in (True, False):
        project = QgsProject()
        context = QgsProcessingContext()
        context.setProject(project)
        pdfs[keep] = str(tmp_path / f"keep{int(keep)}.pdf")
        result = processing.run("sozialraum:mapseries", {
            "INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": FIELDS, "CATALOGUE": CATALOGUE, "METHOD": 8,
            "BREAKS": ";".join(f"{b:g}" for b in BREAKS), "OVERLAY": f"{GPKG}|layername=bezirke",
            "OVERLAY_LABEL": "bezirk", "AREA_LABEL": "plr_name", "SHOW_COUNTS": True, "MIN_COUNT": 0,
            "DATE": "01.02.2024", "DPI": 30, "OUTPUT_PDF": pdfs[keep], "ADD_TO_PROJECT": keep}, context=context)
        assert result["PAGES"] == len(FIELDS)
        assert len(project.layoutManager().layouts()) == (len(FIELDS) if keep else 0)
        for layout in project.layoutManager().layouts():
            project.layoutManager().removeLayout(layout)
        project.clear()
    for page, field in enumerate(FIELDS, start=1):
        kept, refilled = pdf_text(pdfs[True], page), pdf_text(pdfs[False], page)
        assert kept == refilled, field
        counts = expected_counts(field)
        assert f"({counts[0]})" in refilled and f"({counts[-1]})" in refilled     # SHOW_COUNTS in the legend
        assert pdf_image(pdfs[True], page, str(tmp_path / "a")) == pdf_image(pdfs[False], page, str(tmp_path / "b"))


@pytest.mark.usefixtures("sozialraum_provider")
def test_template_saved_from_a_series_layout_shows_the_new_pages_chart(tmp_path):
    """A kept layout saved as template carries the chart of its indicator; a series on it draws each page's
    own bars (and no surplus bar of the template's classes)."""
    import processing

    from sozialraum_monitor.adapter.map_layout import write_template

    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    params = {"INPUT": f"{GPKG}|layername=sozialraeume", "CATALOGUE": CATALOGUE, "METHOD": 8,
              "BREAKS": ";".join(f"{b:g}" for b in BREAKS), "MIN_COUNT": 0, "DPI": 30}
    processing.run("sozialraum:mapseries", {**params, "FIELDS": [FIELDS[0]], "ADD_TO_PROJECT": True},
                   context=context)
    template = str(tmp_path / "aus_serie.qpt")
    write_template(project.layoutManager().layouts()[0], template)
    assert chart(project.layoutManager().layouts()[0])            # the saved layout has a chart
    for layout in project.layoutManager().layouts():
        project.layoutManager().removeLayout(layout)
    project.clear()

    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    processing.run("sozialraum:mapseries", {**params, "FIELDS": [FIELDS[1]], "TEMPLATE_FILE": template,
                                            "ADD_TO_PROJECT": True}, context=context)
    layout = project.layoutManager().layouts()[0]
    assert [count for _width, count in chart(layout)] == expected_counts(FIELDS[1])
    for layout in project.layoutManager().layouts():
        project.layoutManager().removeLayout(layout)
    project.clear()
