"""A parent unit is named by the majority of its areas, not by the first one: one inconsistent row no longer
heads a whole district with another district's name; the areas that disagree are reported."""
import os
import shutil

from qgis.core import QgsVectorLayer, edit

from conftest import SAMPLE


def test_profile_report_names_parents_by_majority_and_reports_the_odd_area(run_alg, info_log, tmp_path):
    path = str(tmp_path / "areas.gpkg")
    shutil.copy(os.path.join(SAMPLE, "berlin_mss2019.gpkg"), path)
    layer = QgsVectorLayer(path + "|layername=sozialraeume", "areas", "ogr")
    first = min(layer.getFeatures(), key=lambda f: f["plr_id"])       # the first area of district 01
    assert first["bez_id"] == "01" and first["bezirk"] == "Mitte"
    with edit(layer):
        layer.changeAttributeValue(first.id(), layer.fields().lookupField("bezirk"), "Pankow")
    del layer
    feedback = info_log()
    warnings = []
    feedback.pushWarning = lambda text: warnings.append(text)          # noqa: E731 (keep what the log says)
    html = str(tmp_path / "profile.html")
    run_alg("sozialraum:profilereport", {
        "INPUT": path + "|layername=sozialraeume", "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name",
        "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk", "MIN_COUNT": 0, "MIN_POPULATION": 0,
        "OUTPUT_HTML": html}, feedback=feedback)
    with open(html, encoding="utf-8") as handle:
        page = handle.read()
    assert "<h2>Mitte (01)</h2>" in page and "Pankow (01)" not in page
    assert any(first["plr_id"] in w and "Pankow" in w and "Mitte" in w for w in warnings), warnings
