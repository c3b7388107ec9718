"""Small counts on a hand-made layer (Arbeitslose 0..40 in Berlin planning areas): what the Sozialindex layer
exports hides them — the count, the rate built on it and the rate's z-value (z reveals the rate)."""
import os

import numpy as np
import pytest
from qgis.core import QgsCoordinateTransformContext, QgsFeature, QgsVectorFileWriter, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from conftest import SAMPLE
from sozialraum_monitor.adapter.compat import make_field

ARBEITSLOSE = [1, 2, 0, 5, 40, 12, 2, 33, 7, 9]


def is_null(value):
    return value is None or (isinstance(value, QVariant) and value.isNull())


@pytest.fixture(scope="module")
def small_layer(qgis_app, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    folder = tmp_path_factory.mktemp("klein")
    source = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "klein", "memory")
    layer.dataProvider().addAttributes([make_field("plr_id", "string"), make_field("alo", "double"),
                                        make_field("ew1565", "double"), make_field("alo_quote", "double"),
                                        make_field("s1", "double")])
    layer.updateFields()
    features, expected = [], {}
    for i, feature in enumerate(source.getFeatures()):
        if i == 40:
            break
        alo, people = ARBEITSLOSE[i % len(ARBEITSLOSE)], 100 + 10 * i
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        new.setAttributes([feature["plr_id"], float(alo), float(people), 100.0 * alo / people,
                           feature["s1_percentage_unemployed"]])
        features.append(new)
        expected[feature["plr_id"]] = 0 < alo < 3
    layer.dataProvider().addFeatures(features)
    path = str(folder / "klein.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(),
                                              QgsVectorFileWriter.SaveVectorOptions())
    catalogue = folder / "katalog.csv"
    catalogue.write_text("id;label;unit;polarity;numerator;denominator;multiplier\n"
                         "alo_quote;Arbeitslosenquote;%;higher_is_worse;alo;ew1565;100\n"
                         "s1;Arbeitslosigkeit;%;higher_is_worse;;;1\n", encoding="utf-8")
    return path, str(catalogue), expected


def test_index_layer_hides_small_counts_their_rates_and_z_values(run_alg, small_layer, tmp_path):
    path, catalogue, small = small_layer
    result = run_alg("sozialraum:compositeindex", {"INPUT": path, "INDICATORS": ["alo_quote", "s1"],
                                                   "CATALOGUE": catalogue, "REFERENCE_MIN_POPULATION": 0,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    hidden = {f["plr_id"]: [is_null(f[n]) for n in ("alo", "alo_quote", "z_alo_quote")]
              for f in layer.getFeatures()}
    assert {key: all(flags) for key, flags in hidden.items()} == small
    assert not any(any(flags) for key, flags in hidden.items() if not small[key])


def test_index_layer_keeps_the_index_of_areas_with_a_hidden_count(run_alg, small_layer, tmp_path):
    path, catalogue, small = small_layer
    result = run_alg("sozialraum:compositeindex", {"INPUT": path, "INDICATORS": ["alo_quote", "s1"],
                                                   "CATALOGUE": catalogue, "REFERENCE_MIN_POPULATION": 0,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    classes = {f["plr_id"]: f["status_class"] for f in layer.getFeatures()}
    assert all(classes[key] for key, is_small in small.items() if is_small)


def _table(path, fields):
    layer = QgsVectorLayer(path, "out", "ogr")
    return {f["plr_id"]: {n: (None if is_null(f[n]) else f[n]) for n in fields} for f in layer.getFeatures()}


def test_status_sum_and_zero_mean_give_no_hidden_z_value_back(run_alg, small_layer, tmp_path):
    """The attacker knows every published z-value and status sum, that each status sum is the sum of its row's
    z-values and that each indicator's z-values add up to 0 over the reference areas (here: all areas)."""
    from scipy.linalg import null_space

    path, catalogue, _small = small_layer
    result = run_alg("sozialraum:compositeindex", {"INPUT": path, "INDICATORS": ["alo_quote", "s1"],
                                                   "CATALOGUE": catalogue, "MIN_POPULATION": 0, "MIN_COUNT": 3,
                                                   "REFERENCE_MIN_POPULATION": 0,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    rows = _table(result["OUTPUT"], ["z_alo_quote", "z_s1", "status_sum", "in_reference", "alo", "alo_quote", "s1"])
    keys = sorted(rows)
    assert all(rows[k]["in_reference"] == 1 for k in keys)
    cells = [(k, z) for k in keys for z in ("z_alo_quote", "z_s1") if rows[k][z] is None]
    assert cells, "the layer has small counts, so some z-values are hidden"
    system = []
    for k in keys:                                   # status_sum - visible z = sum of the hidden z of the row
        if rows[k]["status_sum"] is not None:
            system.append([1.0 if c[0] == k else 0.0 for c in cells])
    for z in ("z_alo_quote", "z_s1"):
        system.append([1.0 if c[1] == z else 0.0 for c in cells])
    basis = null_space(np.array(system))
    determined = [cells[i] for i in range(len(cells)) if np.allclose(basis[i], 0, atol=1e-9)]
    assert determined == []
    for k, z in cells:          # with a visible rate a hidden z is back (z is linear in the rate): hidden too
        assert rows[k][z[2:]] is None, (k, z)


@pytest.mark.usefixtures("qgis_app")
def test_index_layer_copies_no_small_lone_count_and_no_small_population(run_alg, tmp_path):
    source = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "klein", "memory")
    layer.dataProvider().addAttributes([make_field("plr_id", "string"), make_field("kinder_u6", "double"),
                                        make_field("ew", "double"), make_field("s1", "double"),
                                        make_field("s3", "double")])
    layer.updateFields()
    features, children, people = [], {}, {}
    for i, feature in enumerate(source.getFeatures()):
        if i == 30:
            break
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        children[feature["plr_id"]] = [2.0, 1.0, 40.0][i % 3]
        people[feature["plr_id"]] = 250.0 if i % 7 == 0 else 2000.0
        new.setAttributes([feature["plr_id"], children[feature["plr_id"]], people[feature["plr_id"]],
                           feature["s1_percentage_unemployed"], feature["s3_percentage_transfer_payments_recipients"]])
        features.append(new)
    layer.dataProvider().addFeatures(features)
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("id;label;kind\nkinder_u6;Kinder unter 6;count\ns1;Arbeitslose;share\ns3;Transfer;share\n",
                         encoding="utf-8")
    result = run_alg("sozialraum:compositeindex", {"INPUT": layer, "INDICATORS": ["s1", "s3"],
                                                   "CATALOGUE": str(catalogue), "POPULATION_FIELD": "ew",
                                                   "MIN_POPULATION": 300, "MIN_COUNT": 3,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    rows = _table(result["OUTPUT"], ["kinder_u6", "ew", "s1", "status_index"])
    for key, row in rows.items():
        assert (row["kinder_u6"] is None) == (0 < children[key] < 3 or people[key] < 300), key
        assert (row["ew"] is None) == (people[key] < 300), key
        if people[key] < 300:
            assert row["s1"] is None and row["status_index"] is None


@pytest.mark.usefixtures("qgis_app")
def test_comparisons_read_the_rate_counts_from_the_catalogue_and_leave_small_ones_out(run_alg, tmp_path):
    """Only the rate is picked: 100 % (2 of 2) and 0,25 % (1 of 400) must not appear in any output."""
    layer = QgsVectorLayer("None", "gebiete", "memory")
    layer.dataProvider().addAttributes([make_field("key", "string"), make_field("bez", "string"),
                                        make_field("alo", "double"), make_field("ew", "double"),
                                        make_field("quote", "double")])
    layer.updateFields()
    rows = [("a", "X", 2, 2), ("b", "X", 1, 400), ("c", "X", 30, 600), ("d", "X", 40, 700), ("e", "Y", 50, 800),
            ("f", "Y", 60, 900), ("g", "Y", 70, 1000), ("h", "Y", 80, 1100), ("i", "Y", 25, 500), ("j", "X", 9, 300)]
    features = []
    for key, parent, alo, ew in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([key, parent, float(alo), float(ew), 100.0 * alo / ew])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("id;numerator;denominator;multiplier;polarity\nquote;alo;ew;100;higher_is_worse\n",
                         encoding="utf-8")
    result = run_alg("sozialraum:comparisons", {
        "INPUT": layer, "INDICATORS": ["quote"], "PARENT_FIELD": "bez", "KEY_FIELD": "key", "SHARE": 20,
        "CATALOGUE": str(catalogue), "MIN_COUNT": 3, "MIN_POPULATION": 0, "VARIANCE": "memory:",
        "SPREAD": "memory:", "EXTREMES": "memory:", "CONCENTRATION": "memory:", "CORRELATIONS": "memory:",
        "REPORT": str(tmp_path / "bericht.html")})
    extremes = {f["key"]: f["value"] for f in result["EXTREMES"].getFeatures()}
    assert "a" not in extremes and "b" not in extremes and extremes     # the highest and lowest rate are hidden
    spread = {f["parent"]: (f["n"], f["max"], f["min"]) for f in result["SPREAD"].getFeatures()}
    assert spread["X"][0] == 3 and spread["X"][1] < 100 and spread["X"][2] > 0.25 + 1e-9
    report = (tmp_path / "bericht.html").read_text(encoding="utf-8")
    assert "100,0" not in report and "0,25" not in report
