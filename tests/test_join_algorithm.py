"""sozialraum:joinindicators through processing.run and qgis_process, on the sample and the real data."""
import json
import os
import subprocess

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from real_qgis import qgis_process_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample")
DATA = os.path.join(ROOT, "tests", "data", "join")


def demo_parameters(tmp_path):
    """The call tools/demo.py makes (sample layer, two MSS tables, catalogue)."""
    return {
        "INPUT": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=planungsraeume",
        "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name",
        "TABLES": [os.path.join(SAMPLE, "tables", "mss_2019_tab2-1.csv"),
                   os.path.join(SAMPLE, "tables", "mss_2019_tab4-1.csv")],
        "TABLE_KEY": "id", "TABLE_NAME": "name",
        "CATALOGUE": os.path.join(SAMPLE, "indikatoren_mss2019.csv"),
        "AREA_DUPLICATES": 1,
        "OUTPUT": str(tmp_path / "joined.gpkg"), "REPORT": "memory:",
        "REPORT_HTML": str(tmp_path / "join.html"),
    }


def test_demo_call_writes_layer_report_and_counts(run_alg, tmp_path):
    result = run_alg("sozialraum:joinindicators", demo_parameters(tmp_path))
    assert (result["MATCHED"], result["UNMATCHED_ROWS"], result["UNMATCHED_AREAS"]) == (892, 2, 3)
    layer = QgsVectorLayer(result["OUTPUT"], "joined", "ogr")
    assert layer.isValid() and layer.featureCount() == 448
    field = layer.fields().field("s1_percentage_unemployed")
    assert field.typeName().lower() in ("real", "double")
    values = {f["plr_id"]: f["s1_percentage_unemployed"] for f in layer.getFeatures() if f["plr_id"] == "01011101"}
    assert values["01011101"] == pytest.approx(2.7978)
    with open(result["REPORT_HTML"], encoding="utf-8") as handle:
        page = handle.read()
    assert "04030417" in page and "09041402" in page and "06010102" in page
    assert "Quellen: AfS Berlin-Brandenburg, SenSW Berlin: MSS 2019 (CC BY 3.0 DE)" in page  # from the catalogue


def test_report_table_lists_every_row_fate(run_alg, tmp_path):
    result = run_alg("sozialraum:joinindicators", demo_parameters(tmp_path))
    report = result["REPORT"]
    spans = {}
    for feature in report.getFeatures():
        if not isinstance(feature["zeile"], int):     # entries of a column or the layer, not of a table row
            continue
        spans[feature["status"]] = spans.get(feature["status"], 0) + feature["bis_zeile"] - feature["zeile"] + 1
    assert spans["verbunden"] + spans["nicht zugeordnet"] == 2 * 447
    assert spans["nicht zugeordnet"] == 2


def test_report_table_lists_joined_rows_as_line_ranges(run_alg, tmp_path):
    result = run_alg("sozialraum:joinindicators", demo_parameters(tmp_path))
    joined = [f for f in result["REPORT"].getFeatures() if f["status"] == "verbunden"]
    assert len(joined) < 20      # 892 joined rows, listed as a few runs of consecutive lines
    for feature in joined:
        rows = feature["bis_zeile"] - feature["zeile"] + 1
        assert feature["grund"] == ("" if rows == 1 else f"{rows} Zeilen verbunden")


def test_input_layer_is_not_changed(run_alg, tmp_path):
    source = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
    before = os.path.getmtime(source)
    layer = QgsVectorLayer(source + "|layername=planungsraeume", "p", "ogr")
    fields_before = layer.fields().names()
    run_alg("sozialraum:joinindicators", demo_parameters(tmp_path))
    assert os.path.getmtime(source) == before
    assert QgsVectorLayer(source + "|layername=planungsraeume", "p", "ogr").fields().names() == fields_before


def test_aliases_come_from_catalogue_labels(run_alg, tmp_path):
    params = demo_parameters(tmp_path)
    params["OUTPUT"] = "memory:"
    layer = run_alg("sozialraum:joinindicators", params)["OUTPUT"]
    index = layer.fields().lookupField("s4_percentage_transfer_payments_recipients_below_15_years")
    assert layer.fields().field(index).alias() == "Kinderarmut"


def test_duplicate_layer_keys_stop_with_german_message(run_alg, tmp_path):
    params = demo_parameters(tmp_path)
    params["AREA_DUPLICATES"] = 0
    with pytest.raises(QgsProcessingException, match="06010102"):
        run_alg("sozialraum:joinindicators", params)


def test_missing_table_key_field_names_the_field(run_alg, tmp_path):
    params = demo_parameters(tmp_path)
    params["TABLE_KEY"] = "plr"
    with pytest.raises(QgsProcessingException, match="Feld 'plr' fehlt"):
        run_alg("sozialraum:joinindicators", params)


def test_koeln_custom_crs_and_extent_are_kept(run_alg, koeln_dir, tmp_path):
    shapefile = os.path.join(koeln_dir, "stadtteile_shp", "Stadtteil.shp")
    result = run_alg("sozialraum:joinindicators", {
        "INPUT": shapefile, "INPUT_KEY": "STT_NR", "INPUT_NAME": "STT_NAME",
        "TABLES": [os.path.join(koeln_dir, "bevoelkerung_2011-2012_long.csv")], "TABLE_KEY": "raum_id",
        "TABLE_NAME": "raum", "LAYOUT": 1, "LONG_VARIABLE": "tab_id,zei_id", "LONG_VALUE": "zahl",
        "LONG_YEAR": "jahr", "YEARS": "2012", "OUTPUT": str(tmp_path / "koeln.gpkg")})
    source = QgsVectorLayer(shapefile, "in", "ogr")
    output = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    assert output.crs().toWkt() == source.crs().toWkt()
    assert output.extent().xMinimum() == pytest.approx(source.extent().xMinimum(), abs=1e-6)
    assert output.extent().yMaximum() == pytest.approx(source.extent().yMaximum(), abs=1e-6)
    assert result["UNMATCHED_AREAS"] == 0 and output.featureCount() == 86


def test_qgis_process_runs_the_algorithm(tmp_path):
    env = qgis_process_env()
    out = str(tmp_path / "cli.gpkg")
    done = subprocess.run(
        ["qgis_process.bin", "--json", "run", "sozialraum:joinindicators", "--",
         f"INPUT={os.path.join(SAMPLE, 'berlin_mss2019.gpkg')}|layername=planungsraeume", "INPUT_KEY=plr_id",
         "INPUT_NAME=plr_name", f"TABLES={os.path.join(SAMPLE, 'tables', 'mss_2019_tab2-1.csv')}",
         "TABLE_KEY=id", "TABLE_NAME=name", "AREA_DUPLICATES=1", f"OUTPUT={out}",
         f"REPORT_HTML={tmp_path / 'cli.html'}"],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout[done.stdout.index("{"):])["results"]
    assert (results["MATCHED"], results["UNMATCHED_ROWS"]) == (446, 1)
    assert QgsVectorLayer(out, "cli", "ogr").featureCount() == 448
