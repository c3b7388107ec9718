"""sozialraum:classify through processing.run on the real sample GeoPackage."""
import hashlib
import json
import os
import shutil
import sqlite3

import numpy as np
import pytest

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "sample")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S1, S3 = "s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients"


@pytest.fixture()
def gpkg(tmp_path):
    path = str(tmp_path / "berlin.gpkg")
    shutil.copy(os.path.join(SAMPLE, "berlin_mss2019.gpkg"), path)
    return path


def read_values(path, field):
    with sqlite3.connect(path) as db:
        return np.array([np.nan if v is None else v for (v,) in db.execute(f"select {field} from sozialraeume")],
                        dtype=float)


def md5(path):
    with open(path, "rb") as handle:
        return hashlib.md5(handle.read()).hexdigest()


def test_results_hold_breaks_counts_and_gvf_of_the_values(run_alg, gpkg, tmp_path):
    result = run_alg("sozialraum:classify", {
        "INPUT": f"{gpkg}|layername=sozialraeume", "FIELDS": [S1], "METHOD": 0, "CLASSES": 5,
        "OUTPUT_QML": str(tmp_path / "s1.qml")})
    values = read_values(gpkg, S1)
    breaks = [float(b) for b in result["BREAKS"].split(";")]
    x = values[~np.isnan(values)]
    classes = np.minimum(np.searchsorted(breaks, x, side="left"), len(breaks) - 1)
    assert [int(c) for c in result["COUNTS"].split(";")] == np.bincount(classes, minlength=5).tolist()
    within = sum(((x[classes == c] - x[classes == c].mean()) ** 2).sum() for c in range(5))
    assert result["GVF"] == pytest.approx(1 - within / ((x - x.mean()) ** 2).sum())
    assert result["NULL_COUNT"] == int(np.isnan(values).sum())
    assert breaks[-1] == x.max() and result["LOWER"] == x.min()
    assert os.path.exists(result["OUTPUT_QML"])


def test_same_breaks_for_a_series_of_fields(run_alg, gpkg, tmp_path):
    params = {"INPUT": f"{gpkg}|layername=sozialraeume", "FIELDS": [S1, S3], "METHOD": 1, "CLASSES": 4,
              "OUTPUT_QML": str(tmp_path / "series.qml")}
    same = json.loads(run_alg("sozialraum:classify", dict(params, SAME_BREAKS=True))["DETAILS"])
    assert same[S1]["breaks"] == same[S3]["breaks"]
    both = np.concatenate([read_values(gpkg, S1), read_values(gpkg, S3)])
    both = both[~np.isnan(both)]
    assert same[S1]["breaks"][:3] == pytest.approx(np.quantile(both, [0.25, 0.5, 0.75]))
    apart = run_alg("sozialraum:classify", dict(params, SAME_BREAKS=False))
    details = json.loads(apart["DETAILS"])
    assert details[S1]["breaks"] != details[S3]["breaks"]
    assert len(apart["QML_FILES"].split(";")) == 2 and all(os.path.exists(p) for p in apart["QML_FILES"].split(";"))


def test_style_is_applied_to_the_project_layer_and_the_file_is_unchanged(run_alg, gpkg, tmp_path):
    from qgis.core import QgsProject, QgsRuleBasedRenderer, QgsVectorLayer

    before = md5(gpkg)
    layer = QgsVectorLayer(f"{gpkg}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        run_alg("sozialraum:classify", {"INPUT": layer, "FIELDS": [S1], "METHOD": 4, "CATALOGUE": CATALOGUE,
                                        "SHOW_COUNTS": True, "OUTPUT_QML": str(tmp_path / "box.qml")})
        assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
        labels = [r.label() for r in layer.renderer().rootRule().children()]
        assert labels[0].startswith("Ausreißer unten") and labels[-1].startswith("keine Angabe / unterdrückt (")
        assert layer.customProperty("sozialraum_monitor/classify/method") == "boxmap"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert md5(gpkg) == before


def test_default_style_goes_into_the_geopackage_only_when_asked(run_alg, gpkg, tmp_path):
    params = {"INPUT": f"{gpkg}|layername=sozialraeume", "FIELDS": [S1], "METHOD": 2,
              "OUTPUT_QML": str(tmp_path / "eq.qml")}
    run_alg("sozialraum:classify", params)
    with sqlite3.connect(gpkg) as db:
        assert db.execute("select count(*) from sqlite_master where name='layer_styles'").fetchone()[0] == 0
    run_alg("sozialraum:classify", dict(params, SAVE_DEFAULT=True))
    with sqlite3.connect(gpkg) as db:
        assert db.execute("select f_table_name, useAsDefault from layer_styles").fetchall() == [("sozialraeume", 1)]


def test_suppressed_rates_go_into_the_null_class(run_alg, tmp_path):
    from qgis.core import QgsFeature, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?field=quote:double&field=n:integer&field=ew:integer", "t", "memory")
    rows = [(10.0, 1, 10), (20.0, 2, 10), (30.0, 3, 10), (40.0, 4, 10), (50.0, 5, 10), (60.0, 6, 10)]
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(row))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    catalogue = tmp_path / "k.csv"
    catalogue.write_text("id;numerator;denominator;multiplier\nquote;n;ew;100\n", encoding="utf-8")
    result = run_alg("sozialraum:classify", {"INPUT": layer, "FIELDS": ["quote"], "METHOD": 2, "CLASSES": 2,
                                             "CATALOGUE": str(catalogue), "MIN_COUNT": 3,
                                             "OUTPUT_QML": str(tmp_path / "q.qml")})
    assert result["NULL_COUNT"] == 2  # n = 1 and n = 2 are below 3
    assert result["LOWER"] == 30.0 and result["BREAKS"] == "45;60"


def test_text_field_with_german_numbers_is_classified(run_alg, tmp_path):
    from qgis.core import QgsFeature, QgsVectorLayer

    layer = QgsVectorLayer("Point?field=wert:string", "t", "memory")
    features = []
    for text in ["1,5", "2,5", "10,0", ".", "12,5"]:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([text])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    result = run_alg("sozialraum:classify", {"INPUT": layer, "FIELDS": ["wert"], "METHOD": 8,
                                             "MANUAL_BREAKS": "5", "OUTPUT_QML": str(tmp_path / "t.qml")})
    assert result["COUNTS"] == "2;2" and result["NULL_COUNT"] == 1


def test_field_without_values_gives_a_clear_error(run_alg, tmp_path):
    from qgis.core import QgsFeature, QgsProcessingException, QgsVectorLayer

    layer = QgsVectorLayer("Point?field=leer:double", "t", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes([None])
    layer.dataProvider().addFeatures([feature])
    with pytest.raises(QgsProcessingException, match="Keine gültigen Werte"):
        run_alg("sozialraum:classify", {"INPUT": layer, "FIELDS": ["leer"], "OUTPUT_QML": str(tmp_path / "x.qml")})


def _text_layer(values):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:25833&field=wert:string", "texte", "memory")
    features = []
    for n, value in enumerate(values):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(n, n)))
        feature.setAttributes([value])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_text_numbers_whose_decimal_mark_cannot_be_decided_are_an_error_not_a_guess(run_alg, tmp_path):
    """'1.234' and '2.345' alone: thousands or decimals? The classification stops and says what to do."""
    from qgis.core import QgsProcessingException

    layer = _text_layer(["1.234", "2.345", "3.456", "4.567"])
    with pytest.raises(QgsProcessingException, match="Dezimalzeichen"):
        run_alg("sozialraum:classify", {"INPUT": layer, "FIELDS": ["wert"], "METHOD": 1, "CLASSES": 2,
                                        "MIN_COUNT": 0, "OUTPUT_QML": str(tmp_path / "s.qml")})
    decided = _text_layer(["1.234", "2.345", "987", "12,5"])  # '12,5' and '987' settle it: German decimals
    result = run_alg("sozialraum:classify", {"INPUT": decided, "FIELDS": ["wert"], "METHOD": 1, "CLASSES": 2,
                                             "MIN_COUNT": 0, "OUTPUT_QML": str(tmp_path / "t.qml")})
    assert result["LOWER"] == pytest.approx(12.5)
