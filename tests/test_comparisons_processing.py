"""sozialraum:comparisons on the real sample layer (Berlin planning areas, parent unit = district field)."""
import os

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsSettings, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from conftest import SAMPLE

LAYER = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S1 = "s1_percentage_unemployed"
S4 = "s4_percentage_transfer_payments_recipients_below_15_years"
K10 = "k15_living_space"
OUTPUTS = ("VARIANCE", "SPREAD", "EXTREMES", "CONCENTRATION", "CORRELATIONS")


def params(tmp_path, **extra):
    values = {"INPUT": LAYER, "INDICATORS": [S1, S4, K10], "PARENT_FIELD": "bezirk", "KEY_FIELD": "plr_id",
              "NAME_FIELD": "plr_name", "CATALOGUE": CATALOGUE, "SHARE": 10, "REPORT": str(tmp_path / "vergleich.html")}
    values.update({name: "memory:" for name in OUTPUTS})
    values.update(extra)
    return values


def plain(value):
    return None if value is None or (isinstance(value, QVariant) and value.isNull()) else value


def layer_values(fields):
    layer = QgsVectorLayer(LAYER, "sozialraeume", "ogr")
    return [[plain(f[name]) for name in fields] for f in layer.getFeatures()]


def eta_squared_by_bincount(groups, values):
    """1 - within/total with group sums from np.bincount (another formula than the module's)."""
    codes = np.unique(groups, return_inverse=True)[1]
    counts = np.bincount(codes)
    sums = np.bincount(codes, weights=values)
    squares = np.bincount(codes, weights=values ** 2)
    within = float((squares - sums ** 2 / counts).sum())
    total = float(((values - values.mean()) ** 2).sum())
    return 1 - within / total


def test_eta_squared_per_indicator_on_the_sample_layer(run_alg, tmp_path):
    result = run_alg("sozialraum:comparisons", params(tmp_path))
    table = {f["indicator"]: (f["eta2"], f["n"]) for f in result["VARIANCE"].getFeatures()}
    rows = layer_values(["bezirk", S1, S4, K10])
    for position, indicator in enumerate((S1, S4, K10), start=1):
        pairs = [(r[0], r[position]) for r in rows if r[position] is not None and r[0] is not None]
        groups = np.array([p[0] for p in pairs])
        values = np.array([p[1] for p in pairs], dtype=float)
        assert table[indicator][1] == len(pairs)
        assert table[indicator][0] == pytest.approx(eta_squared_by_bincount(groups, values), rel=1e-9)


def test_tables_have_no_geometry_and_concentration_keeps_the_polygons(run_alg, tmp_path):
    result = run_alg("sozialraum:comparisons", params(tmp_path))
    for name in ("VARIANCE", "SPREAD", "EXTREMES", "CORRELATIONS"):
        assert result[name].wkbType() == QgsWkbTypes.Type.NoGeometry
    concentration = result["CONCENTRATION"]
    assert QgsWkbTypes.geometryType(concentration.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry
    assert concentration.featureCount() == 448
    assert result["SPREAD"].featureCount() == 3 * 12
    assert result["CORRELATIONS"].featureCount() == 3


def test_multiple_disadvantage_uses_catalogue_polarity(run_alg, tmp_path):
    """k15 (living space per inhabitant) is higher_is_better in the catalogue: its bottom decile counts as
    unfavourable."""
    result = run_alg("sozialraum:comparisons", params(tmp_path))
    unfavourable = [f for f in result["EXTREMES"].getFeatures() if f["indicator"] == K10 and f["unfavourable"] == 1]
    assert unfavourable and all(f["side"] == "unten" for f in unfavourable)
    counts = {f["plr_id"]: f["n_unfavourable"] for f in result["CONCENTRATION"].getFeatures()}
    rows = layer_values(["plr_id", K10])
    valid = sorted(v for _, v in rows if v is not None)
    cut = valid[int(np.ceil(0.1 * len(valid))) - 1]
    lowest = {key for key, v in rows if v is not None and v <= cut}
    assert all(counts[key] >= 1 for key in lowest)


def test_report_is_written_with_charts_and_catalogue_labels(run_alg, tmp_path):
    result = run_alg("sozialraum:comparisons", params(tmp_path))
    with open(result["REPORT"], encoding="utf-8") as handle:
        page = handle.read()
    assert "<svg" in page and "Arbeitslosigkeit (SGB II)" in page and "Wohnfläche je Einwohner" in page
    # the catalogue's source as attribution
    assert "AfS Berlin-Brandenburg, SenSW Berlin: MSS 2019 (CC BY 3.0 DE)" in page
    assert not os.path.exists(result["REPORT"] + ".tmp")


def test_privacy_setting_leaves_small_areas_out(run_alg, tmp_path):
    settings = QgsSettings()
    settings.setValue("sozialraum_monitor/min_population", 1000)
    try:
        result = run_alg("sozialraum:comparisons", params(tmp_path, POPULATION_FIELD="inhabitants"))
    finally:
        settings.remove("sozialraum_monitor/min_population")
    n = {f["indicator"]: f["n"] for f in result["VARIANCE"].getFeatures()}
    rows = layer_values(["inhabitants", S1])
    assert n[S1] == sum(1 for ew, v in rows if v is not None and ew is not None and ew >= 1000)


def test_parent_field_chosen_as_indicator_is_refused(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException):
        run_alg("sozialraum:comparisons", params(tmp_path, INDICATORS=[S1, "inhabitants"], PARENT_FIELD="inhabitants"))


def test_extremes_rank_and_unfavourable_are_integer_fields(run_alg, tmp_path):
    result = run_alg("sozialraum:comparisons", params(tmp_path))
    fields = result["EXTREMES"].fields()
    for name in ("rank", "unfavourable"):
        assert fields.field(name).type() in (QVariant.Int, QVariant.LongLong), name
    # rank = 1 + number of areas with a strictly higher value (ties share the best rank), counted here by hand
    values = [v for (v,) in layer_values([S1]) if v is not None]
    for feature in result["EXTREMES"].getFeatures():
        if feature["indicator"] == S1:
            assert feature["rank"] == 1 + sum(1 for v in values if v > feature["value"])


def test_parent_and_key_fields_left_empty_are_guessed_and_named_in_the_log(run_alg, tmp_path, info_log):

    log = info_log()
    values = params(tmp_path)
    del values["PARENT_FIELD"], values["KEY_FIELD"]
    result = run_alg("sozialraum:comparisons", values, feedback=log)
    assert any("'bezirk'" in info for info in log.infos), log.infos
    assert any("'plr_id'" in info for info in log.infos), log.infos
    district_of = {key: district for key, district in layer_values(["plr_id", "bezirk"])}
    extremes = list(result["EXTREMES"].getFeatures())
    assert extremes and all(f["parent"] == district_of[f["key"]] for f in extremes)


def test_explicit_parent_field_is_kept(run_alg, tmp_path):
    result = run_alg("sozialraum:comparisons", params(tmp_path, PARENT_FIELD="bez_id"))
    district_of = {key: district for key, district in layer_values(["plr_id", "bez_id"])}
    extremes = list(result["EXTREMES"].getFeatures())
    assert extremes and all(f["parent"] == district_of[f["key"]] for f in extremes)
