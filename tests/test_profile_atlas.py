"""The printed profiles (sozialraum:profilereport, OUTPUT_PDF) as a QGIS atlas: one A4 page per area, read back
with pdfinfo/pdftotext and checked against the layer's values computed here with pandas; the layout in the
project, its coverage layer and the .qpt beside the PDF."""
import atexit
import functools
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unicodedata

import pandas as pd
import pytest
from qgis.core import (
    QgsFeature,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsReadWriteContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from conftest import SAMPLE

SAMPLE_GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
_COPY_DIR = tempfile.mkdtemp(prefix="atlas_sample_")
atexit.register(shutil.rmtree, _COPY_DIR, True)
GPKG = os.path.join(_COPY_DIR, "berlin_mss2019.gpkg")
shutil.copyfile(SAMPLE_GPKG, GPKG)   # a filtered GeoPackage layer makes QGIS rewrite the file's header: use a copy
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S1, S1_LABEL = "s1_percentage_unemployed", "Arbeitslosigkeit (SGB II)"
NEUKOELLN = "08"
LAYOUT = "Sozialraumprofile \u2013 sozialraeume"


def german(value, decimals):
    """German number format, written here independently of the plugin: 1234.5 -> '1.234,50'."""
    return f"{value:,.{decimals}f}".replace(",", "#").replace(".", ",").replace("#", ".")


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@functools.lru_cache(maxsize=512)
def page_text(path, number, layout=False):
    """The text of one page; ligatures (ﬁ) and non-breaking spaces read as plain letters and blanks."""
    args = ["pdftotext", "-f", str(number), "-l", str(number)] + (["-layout"] if layout else []) + [path, "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text)


def _run(layer, out, selected=False, extra=None, feedback=None):
    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    parameters = {"INPUT": layer.id(), "SELECTED_ONLY": selected, "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name",
                  "POPULATION_FIELD": "inhabitants", "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk",
                  "CATALOGUE": CATALOGUE, "MIN_COUNT": 3, "MIN_POPULATION": 300,
                  "OUTPUT_HTML": str(out / "profile.html"), "OUTPUT_PDF": str(out / "profile.pdf")}
    parameters.update(extra or {})
    return processing.run("sozialraum:profilereport", parameters, context=context,
                          feedback=feedback or QgsProcessingFeedback())


@pytest.fixture(scope="module")
def neukoelln(tmp_path_factory, sozialraum_provider):  # noqa: ARG001 (needed for its side effect)
    """All 40 areas of a layer holding Neukölln only (a filtered layer, SELECTED_ONLY off)."""
    out = tmp_path_factory.mktemp("atlas")
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    layer.setSubsetString(f"\"bez_id\" = '{NEUKOELLN}'")
    QgsProject.instance().addMapLayer(layer)
    result = _run(layer, out)
    frame = pd.DataFrame([{f.name(): feature[f.name()] for f in layer.fields()} for feature in layer.getFeatures()])
    yield result, frame, layer
    QgsProject.instance().removeMapLayer(layer.id())


def _page_of_each_area(path, frame):
    """{plr_id: page number} from the 'Schlüssel: …' line of each page."""
    found = {}
    for number in range(1, pdf_pages(path) + 1):
        keys = [k for k in frame["plr_id"] if f"Schlüssel: {k}" in page_text(path, number)]
        assert len(keys) == 1, (number, keys)
        found[keys[0]] = number
    return found


def test_one_page_per_area_with_page_numbers(neukoelln):
    result, frame, _layer = neukoelln
    path = result["OUTPUT_PDF"]
    assert pdf_pages(path) == len(frame) == 40 == result["PAGES"]
    pages = _page_of_each_area(path, frame)
    assert sorted(pages.values()) == list(range(1, 41))
    for number in range(1, 41):
        assert f"Seite {number} von 40" in page_text(path, number)


def test_each_page_names_its_area_source_and_data_date(neukoelln):
    result, frame, _layer = neukoelln
    path = result["OUTPUT_PDF"]
    pages = _page_of_each_area(path, frame)
    for row in frame.itertuples():
        text = page_text(path, pages[row.plr_id])
        assert row.plr_name in text
        assert "Bezirk: Neukölln (08)" in text
        assert "Quelle: AfS Berlin-Brandenburg, SenSW Berlin: MSS 2019 (CC BY 3.0 DE)" in text
        assert re.search(r"Datenstand: [^\n]*2018", text)
        assert re.search(r"Druck: \d\d\.\d\d\.\d{4}", text)


def test_values_are_the_layers_in_german_format(neukoelln):
    """The area's unemployment on its page, two decimals as in the catalogue, from the layer's own value; areas
    under 300 residents or not published (all indicators 0) read 'unterdrückt' or 'k. A.' instead."""
    result, frame, _layer = neukoelln
    path = result["OUTPUT_PDF"]
    pages = _page_of_each_area(path, frame)
    indicators = [c for c in frame.columns if c[:2] in ("s1", "s3", "s4", "d1", "d3", "d4") or c.startswith("k")]
    shown = 0
    for row in frame.itertuples():
        line = next(x for x in page_text(path, pages[row.plr_id], layout=True).splitlines() if S1_LABEL in x)
        published = (frame.loc[frame.plr_id == row.plr_id, indicators] != 0).any(axis=1).iloc[0]
        if row.inhabitants >= 300 and published:
            assert line.split(S1_LABEL)[1].split()[1] == german(getattr(row, S1), 2), line
            shown += 1
        else:
            assert "unterdrückt" in line or "k. A." in line, line
    assert shown >= 30
    # the district's value beside it: residents-weighted mean over its published areas (no counts in the catalogue)
    published = frame[(frame[indicators] != 0).any(axis=1)]
    district = (published[S1] * published.inhabitants).sum() / published.inhabitants.sum()
    assert f"≈ {german(district, 2)}" in page_text(path, 1)
    # the region (here the layer of Neukölln's 40 areas): its residents summed, whole on every page
    total = german(frame.inhabitants.sum(), 0)
    assert all(total in page_text(path, n) for n in range(1, 41)), total
    assert "Einheiten" not in page_text(path, 1)


def test_selected_only_gives_one_page_per_selected_area(sozialraum_provider, tmp_path):  # noqa: ARG001
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "auswahl", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("\"plr_id\" IN ('01011101', '08010115', '12302110')")
        assert layer.selectedFeatureCount() == 3
        result = _run(layer, tmp_path, selected=True)
        assert pdf_pages(result["OUTPUT_PDF"]) == 3 == result["PAGES"]
        texts = [page_text(result["OUTPUT_PDF"], n) for n in (1, 2, 3)]
        assert [k for t in texts for k in ("01011101", "08010115", "12302110") if f"Schlüssel: {k}" in t] == \
            ["01011101", "08010115", "12302110"]                       # in the order of the districts
        assert all(f"Seite {n} von 3" in t for n, t in zip((1, 2, 3), texts))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_layout_in_project_is_an_atlas_over_the_written_pages(neukoelln):
    result, frame, layer = neukoelln
    layout = QgsProject.instance().layoutManager().layoutByName(LAYOUT)
    assert layout is not None and result["LAYOUT"] == LAYOUT
    atlas = layout.atlas()
    assert atlas.enabled()
    coverage = atlas.coverageLayer()
    assert coverage.source().split("|")[0] == result["ATLAS_DATA"] == str(
        os.path.splitext(result["OUTPUT_PDF"])[0]) + "_atlas.gpkg"
    assert "layername=profilseiten" in coverage.source()
    assert coverage.featureCount() == len(frame)
    assert sorted(f["schluessel"] for f in coverage.getFeatures()) == sorted(frame["plr_id"])
    assert coverage.id() not in (layer.id(),) and layer.source().startswith(GPKG)   # input untouched
    assert isinstance(layout.multiFrames()[0], QgsLayoutItemManualTable)


def test_rerun_replaces_the_layout_of_the_same_name(neukoelln, tmp_path):
    _result, frame, layer = neukoelln
    layers_before = len(QgsProject.instance().mapLayers())
    _run(layer, tmp_path)
    names = [lay.name() for lay in QgsProject.instance().layoutManager().layouts()]
    assert names.count(LAYOUT) == 1
    assert len(QgsProject.instance().mapLayers()) == layers_before        # the older hidden group went
    layout = QgsProject.instance().layoutManager().layoutByName(LAYOUT)
    assert layout.atlas().coverageLayer().source().startswith(str(tmp_path))
    assert layout.atlas().coverageLayer().featureCount() == len(frame)


def test_template_loads_back_with_its_atlas(neukoelln):
    result, frame, _layer = neukoelln
    project = QgsProject()
    for table, name in (("profilseiten", "Profilseiten"), ("gebiete", "Gebiete"), ("einheiten", "Einheiten")):
        loaded = QgsVectorLayer(f"{result['ATLAS_DATA']}|layername={table}", name, "ogr")
        assert loaded.isValid()
        project.addMapLayer(loaded)
    from qgis.core import QgsPrintLayout

    document = QDomDocument()
    with open(result["TEMPLATE"], encoding="utf-8") as handle:
        document.setContent(handle.read())
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    assert ok
    assert layout.atlas().enabled()
    assert layout.atlas().coverageLayer() is not None
    assert layout.atlas().coverageLayer().featureCount() == len(frame)
    for item_id in ("karte", "uebersicht", "titel", "profil", "quelle", "stand", "seite"):
        assert layout.itemById(item_id) is not None, item_id
    del layout


# --- privacy: a crafted layer with a small count -----------------------------------------------------------
CRAFTED_CATALOGUE = ("id;label;theme;unit;polarity;numerator;denominator;multiplier;source;year;decimals;kind\n"
                     "alo_quote;Arbeitslosenquote;Arbeit;%;higher_is_worse;alo;ew1565;100;Testamt;2020;2;\n"
                     "alo;Arbeitslose;Arbeit;Personen;higher_is_worse;;;1;Testamt;2020;0;count\n")
CRAFTED = [  # key, district, residents, residents 15-65, unemployed: area X2 has 2 unemployed (< 3)
    ("X1", "A", 1500, 1000, 47), ("X2", "A", 1400, 913, 2), ("X3", "A", 1600, 1100, 61),
    ("X4", "B", 1700, 1200, 83), ("X5", "B", 1800, 1250, 95), ("X6", "B", 1900, 1300, 71),
]


def test_small_count_never_appears_on_a_page(sozialraum_provider, tmp_path):  # noqa: ARG001
    from sozialraum_monitor.adapter.compat import make_field

    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text(CRAFTED_CATALOGUE, encoding="utf-8")
    source = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "gebiete_test", "memory")
    layer.dataProvider().addAttributes([make_field(c, "string") for c in ("key", "name", "bez")]
                                       + [make_field(c, "double") for c in ("ew", "ew1565", "alo")])
    layer.updateFields()
    features = []
    for (key, district, ew, ew1565, alo), area in zip(CRAFTED, source.getFeatures()):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(area.geometry())
        feature.setAttributes([key, f"Gebiet {key}", district, ew, ew1565, alo])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    try:
        import processing

        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        result = processing.run("sozialraum:profilereport", {
            "INPUT": layer.id(), "KEY_FIELD": "key", "NAME_FIELD": "name", "POPULATION_FIELD": "ew",
            "PARENT_FIELD": "bez", "CATALOGUE": str(catalogue), "MIN_COUNT": 3, "MIN_POPULATION": 0,
            "OUTPUT_HTML": str(tmp_path / "r.html"), "OUTPUT_PDF": str(tmp_path / "r.pdf")},
            context=context, feedback=QgsProcessingFeedback())
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    path = result["OUTPUT_PDF"]
    assert pdf_pages(path) == 6
    x2 = next(n for n in range(1, 7) if "Schlüssel: X2" in page_text(path, n))
    lines = page_text(path, x2, layout=True).splitlines()
    count_line = next(x for x in lines if x.strip().startswith("Arbeitslose "))
    rate_line = next(x for x in lines if "Arbeitslosenquote" in x)
    assert count_line.split("Personen")[1].split()[0] == "unterdrückt", count_line
    assert rate_line.split("%")[1].split()[0] == "unterdrückt", rate_line
    assert "2" not in count_line.split("Personen")[1].split()
    assert german(100 * 2 / 913, 2) not in page_text(path, x2)
    x4 = next(n for n in range(1, 7) if "Schlüssel: X4" in page_text(path, n))
    assert german(100 * 83 / 1200, 2) in page_text(path, x4)          # district B hides nothing: shown
    # the coverage layer carries the page's texts, not the raw counts
    coverage = QgsVectorLayer(f"{result['ATLAS_DATA']}|layername=profilseiten", "p", "ogr")
    feature = next(f for f in coverage.getFeatures() if f["schluessel"] == "X2")
    cells = {f.name(): str(feature[f.name()]) for f in coverage.fields()
             if re.fullmatch(r"(w|e|g|r|zl|zr)\d+", f.name())}
    assert cells["w01"] == cells["w02"] == "unterdrückt", cells
    assert not any(re.search(r"(^|\D)2($|\D)", v) for v in cells.values()), cells


class CancelInExport(QgsProcessingFeedback):
    """Cancels once the PDF export is under way (the atlas's share of the progress is 70 to 100)."""

    def setProgress(self, progress):  # noqa: N802 (QGIS API)
        super().setProgress(progress)
        if progress >= 80 and not self.isCanceled():
            self.cancel()


def test_cancel_during_the_export_leaves_nothing_behind(sozialraum_provider, tmp_path):  # noqa: ARG001
    import processing

    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "abbruch", "ogr")
    layer.setSubsetString("\"bez_id\" = '01'")
    QgsProject.instance().addMapLayer(layer)
    try:
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        layers_before = set(QgsProject.instance().mapLayers())
        result = processing.run("sozialraum:profilereport", {
            "INPUT": layer.id(), "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name", "PARENT_FIELD": "bez_id",
            "CATALOGUE": CATALOGUE, "MIN_COUNT": 3, "MIN_POPULATION": 0, "OUTPUT_HTML": str(tmp_path / "p.html"),
            "OUTPUT_PDF": str(tmp_path / "p.pdf")}, context=context, feedback=CancelInExport())
        assert "OUTPUT_PDF" not in result
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".html") == []
        assert QgsProject.instance().layoutManager().layoutByName("Sozialraumprofile \u2013 abbruch") is None
        assert set(QgsProject.instance().mapLayers()) == layers_before
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def _files(folder):
    """{name: sha256} of the atlas outputs in `folder` (the HTML report is rewritten by every run)."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.suffix != ".html":
            with open(path, "rb") as handle:
                found[path.name] = hashlib.sha256(handle.read()).hexdigest()
    return found


def _table_keys(path):
    """The keys of the coverage table and the tables with a default style, read with sqlite3 (not QGIS)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        keys = sorted(k for (k,) in connection.execute("SELECT schluessel FROM profilseiten"))
        styled = sorted(t for (t,) in connection.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault"))
    connection.close()
    return keys, styled


def test_cancelled_rerun_keeps_the_previous_outputs_a_finished_one_replaces_them(sozialraum_provider,  # noqa: ARG001
                                                                                 tmp_path):
    project = QgsProject.instance()
    manager, name = project.layoutManager(), "Sozialraumprofile \u2013 wiederholung"
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "wiederholung", "ogr")
    layer.setSubsetString("\"bez_id\" = '01'")
    project.addMapLayer(layer)
    try:
        keys = sorted(f["plr_id"] for f in layer.getFeatures())
        layer.selectByExpression("\"plr_id\" IN ({})".format(", ".join(f"'{k}'" for k in keys[:2])))
        first = _run(layer, tmp_path, selected=True)
        assert first["PAGES"] == 2
        assert sorted(_files(tmp_path)) == ["profile.pdf", "profile.qpt", "profile_atlas.gpkg"]
        assert _table_keys(first["ATLAS_DATA"]) == (keys[:2], ["einheiten", "gebiete", "profilseiten"])
        note = QgsLayoutItemLabel(manager.layoutByName(name))      # the user edits the layout in the designer
        note.setId("eigene_notiz")
        note.setText("Eigene Notiz")
        manager.layoutByName(name).addLayoutItem(note)
        before, layers_before = _files(tmp_path), set(project.mapLayers())

        cancelled = _run(layer, tmp_path, extra={"SELECTED_ONLY": False}, feedback=CancelInExport())
        assert "OUTPUT_PDF" not in cancelled and len(keys) > 2
        assert _files(tmp_path) == before          # PDF, data and template byte-identical, no staging file left
        layout = manager.layoutByName(name)
        assert layout is not None and layout.itemById("eigene_notiz") is not None     # the edited layout stays
        assert [lay.name() for lay in manager.layouts()].count(name) == 1
        assert set(project.mapLayers()) == layers_before
        coverage = layout.atlas().coverageLayer()
        assert coverage.source().split("|")[0] == first["ATLAS_DATA"]
        assert sorted(f["schluessel"] for f in coverage.getFeatures()) == keys[:2]

        layer.selectByExpression("\"plr_id\" IN ({})".format(", ".join(f"'{k}'" for k in keys[:3])))
        second = _run(layer, tmp_path, selected=True)
        assert second["PAGES"] == 3 == pdf_pages(second["OUTPUT_PDF"])
        assert second["ATLAS_DATA"] == first["ATLAS_DATA"]
        after = _files(tmp_path)
        assert sorted(after) == sorted(before)
        assert all(after[n] != before[n] for n in before), (before, after)
        assert _table_keys(second["ATLAS_DATA"]) == (keys[:3], ["einheiten", "gebiete", "profilseiten"])
        assert [lay.name() for lay in manager.layouts()].count(name) == 1
        layout = manager.layoutByName(name)
        assert layout.itemById("eigene_notiz") is None                 # replaced by the new run's layout
        coverage = layout.atlas().coverageLayer()
        assert coverage.source().split("|")[0] == second["ATLAS_DATA"]
        assert sorted(f["schluessel"] for f in coverage.getFeatures()) == keys[:3]
        assert len(project.mapLayers()) == len(layers_before)        # the older hidden group went
        with open(second["TEMPLATE"], encoding="utf-8") as handle:
            template = handle.read()
        assert "profile_atlas.gpkg" in template and ".tmp-" not in template
    finally:
        old = manager.layoutByName(name)
        if old is not None:
            manager.removeLayout(old)
        group = project.layerTreeRoot().findGroup("Sozialraumprofile: wiederholung")
        if group is not None:
            for node in group.findLayers():
                project.removeMapLayer(node.layerId())
            project.layerTreeRoot().removeChildNode(group)
        project.removeMapLayer(layer.id())
