"""sozialraum:allocate through processing.run on the sample planning areas: 1 million euros over the areas with
at least 300 residents, target group = residents receiving transfer payments (computed here with QGIS's field
calculator), need = their share (the SGB II model's rate); expected values computed here independently."""
import os

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from conftest import SAMPLE

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
AREAS = f"{GPKG}|layername=sozialraeume"
RATE = "s3_percentage_transfer_payments_recipients"
BUDGET = 1_000_000


def features_of(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    names = layer.fields().names()
    return pd.DataFrame([dict(zip(names, [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
                                          for v in f.attributes()])) for f in layer.getFeatures()])


@pytest.fixture(scope="module")
def recipients(sozialraum_provider, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    """The sample areas with a count field 'empf' = round(inhabitants * rate / 100), made by QGIS's calculator."""
    import processing

    path = str(tmp_path_factory.mktemp("empf") / "empf.gpkg")
    processing.run("native:fieldcalculator", {
        "INPUT": AREAS, "FIELD_NAME": "empf", "FIELD_TYPE": 1, "FIELD_LENGTH": 10, "FIELD_PRECISION": 0,
        "FORMULA": f'round("inhabitants" * "{RATE}" / 100)', "OUTPUT": path})
    return path


@pytest.fixture(scope="module")
def allocation(recipients, tmp_path_factory):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    folder = tmp_path_factory.mktemp("verteilung")
    params = {"INPUT": recipients, "KEY_FIELD": "plr_id", "BUDGET": BUDGET, "UNIT": 1, "TARGET_FIELD": "empf",
              "NEED_FIELD": RATE, "POLARITY": 1, "DEVIATION": 0, "REFERENCE_FIELD": "inhabitants",
              "WEIGHT_FACTOR": 0.25, "SECOND_WEIGHT_FACTOR": 1.0, "FLOOR": 500.0, "CAP": 12_000.0,
              "ELIGIBLE": '"inhabitants" >= 300', "MIN_COUNT": 3, "MIN_POPULATION": 0,
              "OUTPUT": str(folder / "verteilung.gpkg"), "OUTPUT_XLSX": str(folder / "verteilung.xlsx")}
    result = processing.run("sozialraum:allocate", params, context=QgsProcessingContext(),
                            feedback=QgsProcessingFeedback())
    return result, params, features_of(result["OUTPUT"])


def test_amounts_are_whole_euros_summing_exactly_to_the_budget(allocation):
    _, _, frame = allocation
    assert (frame["amount"] == frame["amount"].round()).all()
    assert int(frame["amount"].sum()) == BUDGET
    assert int(frame["amount_b"].sum()) == BUDGET
    assert int(frame["prop_amt"].sum()) == BUDGET


def test_only_eligible_areas_get_money_within_floor_and_cap(allocation):
    _, _, frame = allocation
    small = ~(frame["inhabitants"] >= 300)
    assert small.sum() == 10                                       # 9 below 300 and one without a count
    assert (frame.loc[small, "amount"] == 0).all()
    assert frame.loc[~small, "amount"].between(500, 12_000).all()
    assert (frame["amount"] == 12_000).any() and (frame["amount"] == 500).any()


def test_pressure_factor_is_one_plus_quarter_of_the_relative_deviation_from_the_overall_rate(allocation):
    _, _, frame = allocation
    eligible = frame["inhabitants"] >= 300
    rate, population = frame.loc[eligible, RATE], frame.loc[eligible, "inhabitants"]
    overall = (rate * population).sum() / population.sum()        # the SGB II model's national rate
    expected = np.maximum(0, 1 + 0.25 * (rate / overall - 1))
    np.testing.assert_allclose(frame.loc[eligible, "pressure"], expected, rtol=1e-6)


def test_unbounded_areas_follow_the_weighted_share(allocation):
    _, _, frame = allocation
    eligible = frame["inhabitants"] >= 300
    free = eligible & frame["bound"].isin(["", None]) & frame["amount"].between(501, 11_999)
    weighted = frame["empf"] * frame["pressure"]
    per_weight = frame.loc[free, "amount"] / weighted[free]
    # one money-per-weighted-person rate for all unbounded areas, up to the rounding to whole euros
    assert (per_weight.max() - per_weight.min()) * weighted[free].min() < 2.0


def test_proportional_amount_is_the_target_groups_share(allocation):
    _, _, frame = allocation
    eligible = frame["inhabitants"] >= 300
    share = frame["empf"].where(eligible, 0) / frame.loc[eligible, "empf"].sum()
    assert (frame["prop_amt"] - BUDGET * share).abs().max() < 1.0
    assert (frame["effect"] == frame["amount"] - frame["prop_amt"]).all()


def test_second_variant_redistributes_more(allocation):
    _, _, frame = allocation
    assert frame["effect_b"].abs().sum() > frame["effect"].abs().sum()
    assert (frame["diff_ab"] == frame["amount_b"] - frame["amount"]).all()


def test_workbook_has_both_variants_assumptions_and_totals(allocation):
    result, _, frame = allocation
    sheets = {}
    for name in ("Verteilung", "Annahmen", "Summen"):
        layer = QgsVectorLayer(f"{result['OUTPUT_XLSX']}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        sheets[name] = layer
    header = sheets["Verteilung"].fields().names()
    assert {"Betrag A", "Betrag B", "Betrag rein proportional", "Umverteilung A", "Differenz B − A"} <= set(header)
    amounts = [f["Betrag A"] for f in sheets["Verteilung"].getFeatures()]
    assert sum(amounts) == BUDGET and len(amounts) == 448
    # a sheet of text only: OGR reads its header row as a data row (Field1, Field2), Excel shows it as header
    rows = [f.attributes() for f in sheets["Annahmen"].getFeatures()]
    names = sheets["Annahmen"].fields().names()
    notes = {r[0]: r[1] for r in rows}
    assert "Annahme" in names or rows[0][:2] == ["Annahme", "Wert"]
    assert notes["Gewichtsfaktor A"] == "0.25" and notes["Gewichtsfaktor B"] == "1"


def test_floors_above_the_budget_are_refused_with_the_amount(recipients, run_alg, tmp_path):
    # 438 eligible areas x 5,000 EUR = 2,190,000 EUR: 1,190,000 EUR over the budget
    with pytest.raises(QgsProcessingException, match=r"übersteigen das Budget um 1\.190\.000 €"):
        run_alg("sozialraum:allocate", {"INPUT": recipients, "KEY_FIELD": "plr_id", "BUDGET": BUDGET,
                                        "TARGET_FIELD": "empf", "NEED_FIELD": RATE, "FLOOR": 5_000.0,
                                        "ELIGIBLE": '"inhabitants" >= 300', "MIN_COUNT": 0,
                                        "OUTPUT": str(tmp_path / "x.gpkg")})
    assert not os.path.exists(tmp_path / "x.gpkg")


def test_small_target_groups_hide_everything_built_on_them(recipients, run_alg, tmp_path):
    """Areas whose target group is a small count (here below 50): group, per-head values and, where funded, the
    amounts are hidden in the output (also the copied input field); no hidden amount is the budget minus the
    shown ones (at least two funded amounts are hidden)."""
    out = run_alg("sozialraum:allocate", {"INPUT": recipients, "KEY_FIELD": "plr_id", "BUDGET": BUDGET,
                                          "TARGET_FIELD": "empf", "NEED_FIELD": RATE, "MIN_COUNT": 50,
                                          "ELIGIBLE": '"inhabitants" >= 300', "OUTPUT": str(tmp_path / "p.gpkg")})
    frame = features_of(out["OUTPUT"]).set_index("plr_id")
    given = features_of(recipients).set_index("plr_id")
    small = given["empf"].between(1, 49).reindex(frame.index)
    funded = (given["inhabitants"] >= 300).reindex(frame.index)
    assert small.any() and (small & funded).any()
    assert frame.loc[small, ["empf", "target", "per_head"]].isna().all().all()
    assert frame.loc[small & funded, ["amount", "prop_amt", "effect", "amount_b"]].isna().all().all()
    hidden_amounts = frame["amount"].isna() & funded
    assert hidden_amounts.sum() >= 2
    assert BUDGET - frame["amount"].sum() > 0


def test_loaded_layer_gets_a_map_of_the_amounts(allocation):
    from sozialraum_monitor.algorithms.allocate import AllocateFunds

    _, _, frame = allocation
    renderer = AllocateFunds._map(frame)
    rules = renderer.rootRule().children()
    assert len(rules) == 6                                          # 5 classes + empty / suppressed
    assert "amount" in rules[0].filterExpression()
