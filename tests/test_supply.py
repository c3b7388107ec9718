"""core.supply: 2SFCA / E2SFCA against PySAL `access` (oracle, test venv only), the rest by hand."""
import doctest
import math

import numpy as np
import pandas as pd
import pytest

from sozialraum_monitor.core import supply
from sozialraum_monitor.core.supply import (
    COVERED,
    DEFICIT,
    SURPLUS,
    SupplyError,
    SupplySettings,
    analyse_supply,
)

access = pytest.importorskip("access", reason="PySAL access is the oracle (requirements-dev.txt)")


def test_docstring_examples_run():
    failures, _ = doctest.testmod(supply, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


# ---------------------------------------------------------------- oracle: PySAL access
def _access_fca(areas, facilities, pairs, catchment, weight_fn=None):
    """2SFCA/E2SFCA of PySAL access; pairs: DataFrame origin/dest/cost (reachable pairs only)."""
    demand = areas[["target"]].rename_axis("geoid")
    supply_df = facilities[["capacity"]].rename_axis("geoid")
    model = access.Access(demand_df=demand, demand_value="target", supply_df=supply_df, supply_value="capacity",
                          cost_df=pairs, cost_origin="origin", cost_dest="dest", cost_name="cost")
    if weight_fn is None:
        out = model.two_stage_fca(name="fca", max_cost=catchment)
    else:
        out = model.enhanced_two_stage_fca(name="fca", max_cost=catchment, weight_fn=weight_fn)
    # access leaves out spaces that reach no facility (NaN); ours says 0 places (module docstring)
    return out["fca_capacity"].reindex(areas.index).fillna(0.0).to_numpy()


def _straight_pairs(areas, facilities):
    """All pairs with the Euclidean distance, computed here in plain Python (not by the code under test)."""
    rows = [(a, f, math.sqrt((ax - fx) ** 2 + (ay - fy) ** 2))
            for a, ax, ay in zip(areas.index, areas["x"], areas["y"])
            for f, fx, fy in zip(facilities.index, facilities["x"], facilities["y"])]
    return pd.DataFrame(rows, columns=["origin", "dest", "cost"])


@pytest.fixture()
def generated():
    """60 spaces and 25 facilities on a 100 m grid (distances 100 * sqrt(k)).

    The catchments below lie between grid distances: access 1.1.9 cuts at cost < max_cost, from 1.1.10 on
    at cost <= max_cost (ours, tested by hand in test_catchment_is_inclusive), so both versions agree here.
    """
    rng = np.random.default_rng(15)
    areas = pd.DataFrame({"target": rng.integers(1, 900, 60).astype(float),
                          "x": rng.integers(0, 40, 60) * 100.0, "y": rng.integers(0, 40, 60) * 100.0},
                         index=[f"A{i:02d}" for i in range(60)])
    facilities = pd.DataFrame({"capacity": rng.integers(5, 80, 25).astype(float),
                               "x": rng.integers(0, 40, 25) * 100.0, "y": rng.integers(0, 40, 25) * 100.0,
                               "area": None}, index=[f"F{i:02d}" for i in range(25)])
    return areas, facilities


def test_2sfca_equals_access_on_generated_points(generated):
    areas, facilities = generated
    pairs = _straight_pairs(areas, facilities)
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1050))
    expected = _access_fca(areas, facilities, pairs, 1050)
    np.testing.assert_allclose(result.table["fca2_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_gaussian_equals_access_on_generated_points(generated):
    areas, facilities = generated
    pairs = _straight_pairs(areas, facilities)
    settings = SupplySettings(catchment=1550, decay="gaussian", sigma=600)
    result = analyse_supply(areas, facilities, settings)
    expected = _access_fca(areas, facilities, pairs, 1550, access.weights.gaussian(600))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_default_sigma_is_half_the_catchment(generated):
    areas, facilities = generated
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1250, decay="gaussian"))
    expected = _access_fca(areas, facilities, _straight_pairs(areas, facilities), 1250,
                           access.weights.gaussian(625))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_luo_qi_steps_equal_access_step_fn(generated):
    areas, facilities = generated
    pairs = _straight_pairs(areas, facilities)
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1550, decay="step"))
    # Luo & Qi: thirds of the catchment weighted 1, 0.68, 0.22
    steps = {1550 / 3: 1, 1550 * 2 / 3: 0.68, 1550: 0.22}
    expected = _access_fca(areas, facilities, pairs, 1550, access.weights.step_fn(steps))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_custom_steps_equal_access(generated):
    areas, facilities = generated
    steps = ((330, 1.0), (810, 0.5), (1130, 0.1))
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1130, decay="step", steps=steps))
    expected = _access_fca(areas, facilities, _straight_pairs(areas, facilities), 1130,
                           access.weights.step_fn(dict(steps)))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


@pytest.fixture()
def city():
    """Real-shaped: ~450 spaces of very different size clustered in districts, 120 facilities where people
    live, road distances = straight line x a detour factor, a river crossing that is missing (unreachable)."""
    rng = np.random.default_rng(2019)
    centres = rng.uniform(0, 30_000, (12, 2))
    district = rng.integers(0, 12, 448)
    xy = centres[district] + rng.normal(0, 1_800, (448, 2))
    target = np.round(rng.lognormal(6.5, 0.9, 448))            # residents 65+: 20 ... 10,000
    areas = pd.DataFrame({"target": target, "x": xy[:, 0], "y": xy[:, 1]},
                         index=[f"{d:02d}{i:04d}" for i, d in enumerate(district)])
    pick = rng.choice(448, 120, p=target / target.sum())
    fxy = xy[pick] + rng.normal(0, 400, (120, 2))
    facilities = pd.DataFrame({"capacity": rng.choice([12, 15, 18, 20, 24, 30], 120).astype(float),
                               "x": fxy[:, 0], "y": fxy[:, 1], "area": None},
                              index=pd.RangeIndex(1000, 1120))
    straight = np.hypot(xy[:, None, 0] - fxy[None, :, 0], xy[:, None, 1] - fxy[None, :, 1])
    matrix = straight * rng.uniform(1.1, 1.6, straight.shape)
    river = (xy[:, None, 0] < 15_000) != (fxy[None, :, 0] < 15_000)
    matrix[river & (rng.uniform(size=straight.shape) < 0.7)] = np.nan
    pairs = pd.DataFrame([(a, f, matrix[i, j]) for i, a in enumerate(areas.index)
                          for j, f in enumerate(facilities.index) if not np.isnan(matrix[i, j])],
                         columns=["origin", "dest", "cost"])
    return areas, facilities, matrix, pairs


def test_2sfca_equals_access_on_real_shaped_road_matrix(city):
    areas, facilities, matrix, pairs = city
    result = analyse_supply(areas, facilities, SupplySettings(catchment=5000), matrix=matrix)
    expected = _access_fca(areas, facilities, pairs, 5000)
    assert (expected == 0).any() and (expected > 0).any()
    np.testing.assert_allclose(result.table["fca2_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_gaussian_equals_access_on_real_shaped_road_matrix(city):
    areas, facilities, matrix, pairs = city
    settings = SupplySettings(catchment=8000, decay="gaussian", sigma=3000)
    result = analyse_supply(areas, facilities, settings, matrix=matrix)
    expected = _access_fca(areas, facilities, pairs, 8000, access.weights.gaussian(3000))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_e2sfca_steps_equal_access_on_real_shaped_road_matrix(city):
    areas, facilities, matrix, pairs = city
    result = analyse_supply(areas, facilities, SupplySettings(catchment=6000, decay="step"), matrix=matrix)
    expected = _access_fca(areas, facilities, pairs, 6000, access.weights.step_fn({2000: 1, 4000: 0.68, 6000: 0.22}))
    np.testing.assert_allclose(result.table["e2fca_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


def test_large_input_runs_in_blocks_and_still_equals_access(city, monkeypatch):
    areas, facilities, _, _ = city
    monkeypatch.setattr(supply, "_BLOCK_CELLS", 1000)          # forces ~55 row blocks
    result = analyse_supply(areas, facilities, SupplySettings(catchment=4000))
    expected = _access_fca(areas, facilities, _straight_pairs(areas, facilities), 4000)
    np.testing.assert_allclose(result.table["fca2_1k"].to_numpy() / 1000, expected, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- by hand
@pytest.fixture()
def line():
    """Three spaces on a line 1 km apart; facilities: 20 places in A, 10 in C, 5 outside every space."""
    areas = pd.DataFrame({"target": [1000.0, 500.0, 2000.0], "forecast": [1200.0, 500.0, 2500.0],
                          "x": [0.0, 1000.0, 2000.0], "y": [0.0, 0.0, 0.0], "parent": ["P1", "P1", "P2"]},
                         index=["A", "B", "C"])
    facilities = pd.DataFrame({"capacity": [20.0, 10.0, 5.0], "area": ["A", "C", None],
                               "x": [0.0, 2000.0, 9000.0], "y": [0.0, 0.0, 0.0]})
    return areas, facilities


def test_catchment_is_inclusive(line):
    areas, facilities = line
    # B lies exactly 1000 m from both facilities: with catchment 1000 it reaches both, with 999.9 none
    assert analyse_supply(areas, facilities, SupplySettings(catchment=1000)).table.loc["B", "reach_pl"] == 30
    assert analyse_supply(areas, facilities, SupplySettings(catchment=999.9)).table.loc["B", "fca2_1k"] == 0


def test_places_inside_and_per_1000_are_counted_per_space(line):
    areas, facilities = line
    table = analyse_supply(areas, facilities, SupplySettings(catchment=1000)).table
    assert table["fac_n"].tolist() == [1, 0, 1]
    assert table["places_n"].tolist() == [20.0, 0.0, 10.0]
    assert table["places_1k"].tolist() == [20.0, 0.0, 5.0]


def test_2sfca_by_hand_with_an_unused_facility(line):
    areas, facilities = line
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1000))
    # R_A = 20 / (1000 + 500), R_C = 10 / (500 + 2000); the facility at 9 km reaches nobody
    r_a, r_c = 20 / 1500, 10 / 2500
    assert result.table["fca2_1k"].tolist() == pytest.approx([r_a * 1000, (r_a + r_c) * 1000, r_c * 1000])
    assert result.table["reach_pl"].tolist() == [20.0, 30.0, 10.0]
    assert result.table["near_dist"].tolist() == [0.0, 1000.0, 0.0]
    assert result.unused_facilities == 1 and result.outside_facilities == 1


def test_classes_and_gap_against_target_ratio_today_and_forecast(line):
    areas, facilities = line
    settings = SupplySettings(catchment=1000, target_ratio=10, tolerance=0.1, classify_by="inside")
    table = analyse_supply(areas, facilities, settings).table
    # inside today: 20, 0, 5 per 1,000 against 9..11
    assert table["class"].tolist() == [SURPLUS, DEFICIT, DEFICIT]
    assert table["gap"].tolist() == pytest.approx([-10.0, 5.0, 20 - 10.0])
    # forecast: 20/1.2 = 16.7, 0, 10/2.5 = 4
    assert table["fc_1k"].tolist() == pytest.approx([20 / 1.2, 0.0, 4.0])
    assert table["fc_class"].tolist() == [SURPLUS, DEFICIT, DEFICIT]
    assert table["fc_gap"].tolist() == pytest.approx([12 - 20, 5.0, 25 - 10])


def test_forecast_2sfca_uses_forecast_population_with_todays_places(line):
    areas, facilities = line
    settings = SupplySettings(catchment=1000, target_ratio=10, classify_by="2sfca")
    table = analyse_supply(areas, facilities, settings).table
    r_a, r_c = 20 / (1200 + 500), 10 / (500 + 2500)
    assert table["fc_1k"].tolist() == pytest.approx([r_a * 1000, (r_a + r_c) * 1000, r_c * 1000])
    assert table["class"].tolist() == [SURPLUS, SURPLUS, DEFICIT]      # 13.3, 17.3, 4.0 today


def test_covered_band_includes_both_edges():
    classes = supply.supply_classes(pd.Series([8.999, 9.0, 11.0, 11.001]), 10, 0.1)
    assert classes.tolist() == [DEFICIT, COVERED, COVERED, SURPLUS]


def test_parent_summary_recomputes_rates_from_sums(line):
    areas, facilities = line
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1000, target_ratio=10,
                                                              classify_by="inside"))
    summary = result.summary
    assert summary.loc["P1", "target"] == 1500 and summary.loc["P1", "places_n"] == 20
    assert summary.loc["P1", "places_1k"] == pytest.approx(20 / 1500 * 1000)
    fca = result.table["fca2_1k"]
    assert summary.loc["P1", "fca2_1k"] == pytest.approx((fca["A"] * 1000 + fca["B"] * 500) / 1500)
    assert summary.loc["P1", ["n_deficit", "n_covered", "n_surplus"]].tolist() == [1, 0, 1]
    assert summary.loc["P1", "gap"] == pytest.approx(5.0)          # only deficits are summed
    assert summary.loc["P2", "areas_n"] == 1


def test_missing_capacity_is_an_error_that_says_what_to_do(line):
    areas, facilities = line
    broken = facilities.assign(capacity=[20.0, None, 5.0])
    with pytest.raises(SupplyError, match="1 Einrichtungen ohne gültige Platzzahl.*ergänzen"):
        analyse_supply(areas, broken, SupplySettings(catchment=1000))


def test_empty_target_population_counts_as_nobody_and_is_noted(line):
    areas, facilities = line
    result = analyse_supply(areas.assign(target=[1000.0, None, 2000.0]), facilities,
                            SupplySettings(catchment=1000, target_ratio=10, classify_by="2sfca"))
    # B's 500 people are gone from both catchments: R_A = 20/1000, R_C = 10/2000
    assert result.table["fca2_1k"].tolist() == pytest.approx([20.0, 25.0, 5.0])
    assert np.isnan(result.table.loc["B", "places_1k"]) and result.table.loc["B", "class"] is None
    assert "1 Sozialraum/Sozialräume ohne Zielbevölkerung" in result.notes[0]


def test_negative_target_population_is_an_error(line):
    areas, facilities = line
    with pytest.raises(SupplyError, match="Zielbevölkerung"):
        analyse_supply(areas.assign(target=[1000.0, -5.0, 2000.0]), facilities, SupplySettings(catchment=1000))


def test_zero_catchment_is_refused(line):
    areas, facilities = line
    with pytest.raises(SupplyError, match="Einzugsbereich"):
        analyse_supply(areas, facilities, SupplySettings(catchment=0))


def test_inputs_are_not_modified(line):
    areas, facilities = line
    before = (areas.copy(), facilities.copy())
    analyse_supply(areas, facilities, SupplySettings(catchment=1000, target_ratio=5))
    pd.testing.assert_frame_equal(areas, before[0])
    pd.testing.assert_frame_equal(facilities, before[1])


def test_small_target_population_hides_its_rates_but_not_the_catchment_measures(line):
    areas, facilities = line
    result = analyse_supply(areas.assign(target=[2.0, 500.0, 2000.0]), facilities,
                            SupplySettings(catchment=1000, target_ratio=10, classify_by="inside"))
    shown, reasons = supply.suppress_supply(result.table, supply.SuppressionRule(min_count=3))
    assert np.isnan(shown.loc["A", ["target", "places_1k", "gap"]].astype(float)).all()
    assert shown.loc["A", "class"] is None                       # the class rests on places inside
    assert shown.loc["A", "fca2_1k"] == result.table.loc["A", "fca2_1k"]   # catchment demand, not A's count
    assert shown.loc["B", "target"] == 500 and reasons.loc["B"].isna().all()


def test_population_rule_empties_every_value_of_small_areas(line):
    areas, facilities = line
    result = analyse_supply(areas, facilities, SupplySettings(catchment=1000, target_ratio=10))
    rule = supply.SuppressionRule(min_count=0, min_population=800, population_field="ew")
    shown, _ = supply.suppress_supply(result.table, rule, population=pd.Series([5000, 600, 5000]))
    assert shown.loc["B"].drop("class").astype(float).isna().all() and shown.loc["B", "class"] is None
    assert shown.loc["A"].notna().all() and "ew" not in shown.columns


def test_parent_summary_with_a_small_target_sum_is_suppressed_too(line):
    areas, facilities = line
    result = analyse_supply(areas.assign(target=[1.0, 1.0, 2000.0]), facilities, SupplySettings(catchment=1000))
    shown, _ = supply.suppress_supply(result.summary, supply.SuppressionRule(min_count=3))
    # P1 holds 1 + 1 = 2 people: the count and places per 1,000 from it are hidden, P2 stays
    assert np.isnan(shown.loc["P1", "target"]) and np.isnan(shown.loc["P1", "places_1k"])
    assert shown.loc["P2", "target"] == 2000 and shown.loc["P2", "places_1k"] == 5.0
