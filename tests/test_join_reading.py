"""sozialraum:joinindicators as a user calls it, on tables written the way offices write them (issue 11:
tests/data/reading, made by tools/make_reading_data.py). Expected values are the numbers as the office wrote
them, typed here by hand from the files."""
import math
import os

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

READING = os.path.join(os.path.dirname(__file__), "data", "reading")
KEYS = ["01", "02", "03", "04", "05", "06"]


@pytest.fixture()
def districts(tmp_path, qgis_app):  # noqa: ARG001 (needed for its side effect)
    """Six districts 01..06 as a GeoPackage polygon layer (key as text)."""
    from qgis.core import QgsCoordinateTransformContext, QgsFeature, QgsGeometry, QgsRectangle, QgsVectorFileWriter

    from sozialraum_monitor.adapter.compat import make_field

    layer = QgsVectorLayer("Polygon?crs=EPSG:25833", "bezirke", "memory")
    layer.dataProvider().addAttributes([make_field("key", "string")])
    layer.updateFields()
    features = []
    for number, key in enumerate(KEYS):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(number * 10, 0, number * 10 + 9, 9)))
        feature.setAttributes([key])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    path = str(tmp_path / "bezirke.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)
    return path


def run(run_alg, districts, table, **extra):
    parameters = {"INPUT": districts, "INPUT_KEY": "key", "TABLES": [os.path.join(READING, table)],
                  "TABLE_KEY": "Bezirk", "OUTPUT": "memory:", "REPORT": "memory:"}
    parameters.update(extra)
    result = run_alg("sozialraum:joinindicators", parameters)
    values = {f["key"]: f for f in result["OUTPUT"].getFeatures()}
    report = [{name: f[name] for name in ("tabelle", "schluessel", "feld", "status", "grund", "wert")}
              for f in result["REPORT"].getFeatures()]
    return values, report


def value(feature, field):
    found = feature[field]
    return None if found is None or (hasattr(found, "isNull") and found.isNull()) else found


def test_quoted_german_numbers_in_a_comma_file(run_alg, districts):
    values, report = run(run_alg, districts, "komma_deutsche_zahlen.csv", TABLE_NAME="Name")
    assert [values[k]["Einwohner"] for k in KEYS[:5]] == [2518, 987, 12345, 1002, 640]
    assert [values[k]["Anteil unter 18"] for k in KEYS[:5]] == [47.25, 18.5, 21.75, 19.0, 22.5]
    read = {r["feld"]: r["grund"] for r in report if r["status"] == "gelesen als"}
    assert "Tausenderpunkt" in read["Einwohner"] and read["Arbeitslosenquote"].startswith("Dezimalkomma")


def test_ambiguous_column_stops_and_decimal_settles_it(run_alg, districts):
    with pytest.raises(QgsProcessingException, match="Spalte 'Einwohner'.*DECIMAL"):
        run(run_alg, districts, "mehrdeutig.csv")
    values, _ = run(run_alg, districts, "mehrdeutig.csv", DECIMAL="Einwohner=,")
    assert [values[k]["Einwohner"] for k in KEYS[:3]] == [1234, 2345, 3456]


def test_codes_zero_rows_and_validity_are_no_values(run_alg, districts):
    values, report = run(run_alg, districts, "codes.csv", TABLE_NAME="Name", VALIDITY="Gültigkeit",
                         MISSING_CODES="-9999; -999; -1")
    assert value(values["02"], "Einwohner") is None and value(values["03"], "Arbeitslosenquote") is None
    assert value(values["01"], "Veränderung") is None                     # -1 named as a code
    assert all(value(values["04"], f) is None for f in ("Einwohner", "Arbeitslosenquote", "Veränderung"))
    assert values["06"]["Einwohner"] == 987
    reasons = {(r["schluessel"], r["feld"]): r["grund"] for r in report if r["status"] == "NULL"}
    assert reasons[("02", "Einwohner")] == "Code -9999 für 'kein Wert'"
    assert reasons[("01", "Veränderung")] == "Code -1 für 'kein Wert'"
    assert any(r["status"] == "verdächtig" and r["schluessel"] == "05" and "-8888" in r["grund"] for r in report)
    zeros, report = run(run_alg, districts, "nullzeilen.csv", TABLE_NAME="Name")
    assert value(zeros["02"], "Arbeitslosenquote") is None and zeros["02"]["Einwohner"] == 196
    assert any(r["grund"] == "in der Quelle 0 in allen Indikatoren" for r in report if r["status"] == "NULL")
    kept, _ = run(run_alg, districts, "nullzeilen.csv", TABLE_NAME="Name", ZERO_ROWS=False)
    assert kept["02"]["Arbeitslosenquote"] == 0


def test_odd_cells_never_become_numbers(run_alg, districts):
    values, report = run(run_alg, districts, "seltsame_zellen.csv")
    assert [value(values[k], "Quote") for k in KEYS] == [None, None, None, 8.5, 9.25, 6.75]
    assert [value(values[k], "Dichte") for k in KEYS] == [1.5, 2.5, None, None, None, 3.0]
    assert all(math.isfinite(v) for f in values.values() for v in (value(f, "Quote"), value(f, "Dichte"))
               if v is not None)


def test_spreadsheet_sheet_parameter_and_title_rows(run_alg, districts):
    with pytest.raises(QgsProcessingException, match="Mehrere Blätter"):
        run(run_alg, districts, "amt_titelzeilen.xlsx", TABLE_NAME="Name")
    values, report = run(run_alg, districts, "amt_titelzeilen.xlsx", TABLE_NAME="Name", SHEET="Daten 2023")
    assert [values[k]["Anteil SGB II"] for k in KEYS[:4]] == [12.3, 7.5, 9.0, 11.25]
    assert [values[k]["Anteil unter 18"] for k in KEYS[:4]] == [47.25, 18.5, 21.75, 19.0]
    assert {r["wert"] for r in report if r["status"] == "übersprungen"} >= {"Stand: 31.12.2023"}


def test_geopackage_fid_is_not_joined_and_the_output_is_written(run_alg, districts, tmp_path):
    table = os.path.join(READING, "indikatoren.gpkg") + "|layername=indikatoren"
    result = run_alg("sozialraum:joinindicators", {
        "INPUT": districts, "INPUT_KEY": "key", "TABLES": [table], "TABLE_KEY": "bezirk",
        "OUTPUT": str(tmp_path / "joined.gpkg"), "REPORT": "memory:"})
    layer = QgsVectorLayer(result["OUTPUT"], "joined", "ogr")
    names = layer.fields().names()
    assert layer.featureCount() == 6 and "ogc_fid" not in names and names.count("fid") == 1
    assert {f["key"]: f["quote"] for f in layer.getFeatures()}["01"] == 12.3
