"""sozialraum:profilereport and the profile exports, read back and checked against the layer's values."""
import os
import re
import subprocess

import pandas as pd
import pytest
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

from sozialraum_monitor.core.numbers import format_number

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(ROOT, "resources", "sample", "indikatoren_mss2019.csv")
S1 = "s1_percentage_unemployed"
SELECTED_DISTRICTS = ("01", "02")


@pytest.fixture(scope="module")
def report(tmp_path_factory, sozialraum_provider):  # noqa: ARG001 (needed for its side effect)
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    out = tmp_path_factory.mktemp("report")
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.selectByExpression(f"\"bez_id\" IN {SELECTED_DISTRICTS!r}".replace("[", "(").replace("]", ")"))
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = processing.run("sozialraum:profilereport", {
        "INPUT": layer.id(), "SELECTED_ONLY": True, "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name",
        "POPULATION_FIELD": "inhabitants", "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk",
        "CATALOGUE": CATALOGUE, "MIN_COUNT": 3, "MIN_POPULATION": 300,
        "OUTPUT_HTML": str(out / "profile.html"), "OUTPUT_XLSX": str(out / "profile.xlsx"),
        "OUTPUT_PDF": str(out / "profile.pdf")}, context=context, feedback=QgsProcessingFeedback())
    features = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression(
        "\"bez_id\" IN ('01', '02')")))
    yield result, features
    QgsProject.instance().removeMapLayer(layer.id())


def _sheet(path, name):
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    rows = [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]
    return pd.DataFrame(rows)


def test_xlsx_has_one_sheet_per_parent_unit(report):
    result, _features = report
    from osgeo import ogr

    source = ogr.Open(result["OUTPUT_XLSX"])
    names = sorted(source.GetLayer(i).GetName() for i in range(source.GetLayerCount()))
    assert names == ["Friedrichshain-Kreuzberg (02)", "Mitte (01)"]


def test_xlsx_values_are_the_layers_values(report):
    result, features = report
    sheet = _sheet(result["OUTPUT_XLSX"], "Mitte (01)")
    mitte = [f for f in features if f["bez_id"] == "01"]
    assert sheet["Schlüssel"].nunique() == len(mitte)
    s1 = sheet[sheet.Indikator == "Arbeitslosigkeit (SGB II)"].set_index("Schlüssel")
    checked = 0
    for feature in mitte:
        value = feature[S1]
        if feature["inhabitants"] >= 300 and value:          # shown (not suppressed, not 0 at source)
            assert s1.loc[feature["plr_id"], "Wert"] == pytest.approx(value)
            checked += 1
        else:
            assert s1.loc[feature["plr_id"], "Wert"] in (None, "") or pd.isna(s1.loc[feature["plr_id"], "Wert"])
    assert checked > 30


def test_html_groups_by_district_and_shows_formatted_values(report):
    result, features = report
    with open(result["OUTPUT_HTML"], encoding="utf-8") as handle:
        text = handle.read()
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", text)
    assert headings == ["Mitte (01)", "Friedrichshain-Kreuzberg (02)"]
    feature = next(f for f in features if f["plr_id"] == "02010101")
    assert f"{feature['plr_name']} (02010101)" in text
    assert format_number(feature[S1], 2, "%") in text
    assert text.count("<h3>") == len(features)


def test_pdf_holds_every_selected_profile(report):
    """One atlas page per selected area (see test_profile_atlas for the page itself)."""
    result, features = report
    info = subprocess.run(["pdfinfo", result["OUTPUT_PDF"]], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == len(features)
    text = subprocess.run(["pdftotext", result["OUTPUT_PDF"], "-"], capture_output=True, text=True,
                          check=True).stdout
    missing = [f["plr_id"] for f in features if f"Schlüssel: {f['plr_id']}" not in text]
    assert not missing
    feature = next(f for f in features if f["plr_id"] == "02010101")
    assert format_number(feature[S1], 2) in text


def test_html_names_each_area_once_and_counts_in_german(report):
    result, features = report
    with open(result["OUTPUT_HTML"], encoding="utf-8") as handle:
        text = handle.read()
    feature = features[0]
    assert text.count(feature["plr_name"]) == 1          # the heading, not again as a 'Sozialraum' line
    assert f"{len(features)} Sozialräume in 2 Einheiten" in text


def test_report_without_selection_fails_with_a_clear_message(run_alg, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingException

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        with pytest.raises(QgsProcessingException, match="selected|ausgewählt"):
            run_alg("sozialraum:profilereport", {"INPUT": layer.id(), "SELECTED_ONLY": True, "KEY_FIELD": "plr_id",
                                                 "OUTPUT_HTML": str(tmp_path / "x.html")}, context=context)
        assert not os.path.exists(tmp_path / "x.html")
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_key_field_left_empty_is_guessed_and_named_in_the_log(run_alg, tmp_path, info_log):
    from qgis.core import QgsProcessingContext

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        chosen = next(layer.getFeatures())
        layer.selectByIds([chosen.id()])
        log = info_log()
        result = run_alg("sozialraum:profilereport", {"INPUT": layer.id(), "SELECTED_ONLY": True,
                                                      "OUTPUT_HTML": str(tmp_path / "x.html")},
                         context=context, feedback=log)
        assert any("'plr_id'" in info for info in log.infos), log.infos
        with open(result["OUTPUT_HTML"], encoding="utf-8") as handle:
            assert chosen["plr_id"] in handle.read()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
