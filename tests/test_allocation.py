"""core.allocation: every expected amount is worked out by hand in the comments, not by the code."""
import doctest

import numpy as np
import pandas as pd
import pytest

from sozialraum_monitor.core import allocation
from sozialraum_monitor.core.allocation import (
    AT_CAP,
    AllocationError,
    AllocationSettings,
    allocate,
    allocate_variants,
)


def amounts(result):
    return result.table["amount"].tolist()


def test_docstring_examples_run():
    failures, _ = doctest.testmod(allocation)
    assert failures == 0


def test_equal_remainders_go_to_the_smaller_key():
    # 1000 / 3 = 333.33 each; one euro left, equal remainders and weights -> key "a"
    result = allocate([1, 1, 1], [1, 1, 1], AllocationSettings(budget=1000, weight_factor=0), keys=["c", "a", "b"])
    assert amounts(result) == [333, 334, 333]
    assert int(result.units.sum()) == 1000


def test_cents_sum_exactly_to_the_budget():
    # 100.00 € = 10,000 cents / 3 = 3333.33 cents each; the one cent left goes to key "a"
    result = allocate([5, 5, 5], [1, 1, 1], AllocationSettings(budget=100.00, weight_factor=0, unit=0.01),
                      keys=["a", "b", "c"])
    assert amounts(result) == [33.34, 33.33, 33.33]
    assert int(result.units.sum()) == 10_000
    assert round(sum(amounts(result)), 2) == 100.00


def test_equal_remainders_go_first_to_the_larger_weighted_group():
    # budget 4 over targets 1, 3, 4: exact 0.5, 1.5, 2.0 -> 0, 1, 2 and one left; remainders 0.5 tie,
    # "b" has the larger weighted group (3 > 1) although "a" has the smaller key
    result = allocate([1, 3, 4], [1, 1, 1], AllocationSettings(budget=4, weight_factor=0), keys=["a", "b", "c"])
    assert amounts(result) == [0, 2, 2]


def test_problem_pressure_raises_above_average_need():
    # need 10/20/30 %, mean 20 %: d = -0.5, 0, +0.5; g = 0.25: p = 0.875, 1, 1.125
    # weighted 200*0.875 = 175, 100, 112.5 (sum 387.5); 77,500 € -> 35,000, 20,000, 22,500
    # proportional 200:100:100 -> 38,750, 19,375, 19,375
    result = allocate([200, 100, 100], [0.10, 0.20, 0.30], AllocationSettings(budget=77_500, weight_factor=0.25),
                      keys=["a", "b", "c"])
    assert result.table["pressure"].tolist() == pytest.approx([0.875, 1.0, 1.125])
    assert amounts(result) == [35_000, 20_000, 22_500]
    assert result.table["prop_amt"].tolist() == [38_750, 19_375, 19_375]
    assert result.table["effect"].tolist() == [-3_750, 625, 3_125]
    assert result.table["per_head"].tolist() == pytest.approx([175.0, 200.0, 225.0])
    assert result.table["share"].tolist() == pytest.approx([35_000 / 775, 20_000 / 775, 22_500 / 775])


def test_reference_weighted_by_population_is_the_overall_rate():
    # rates n/pop = 200/2000, 100/500, 100/250; overall rate r = 400/2750. With g = 1, p = q/r,
    # so w = n*q/r is proportional to n^2/pop = 20, 20, 40 -> 2,500, 2,500, 5,000 of 10,000
    result = allocate([200, 100, 100], [0.1, 0.2, 0.4], AllocationSettings(budget=10_000, weight_factor=1.0),
                      reference_weights=[2000, 500, 250])
    assert result.reference == pytest.approx(400 / 2750)
    assert amounts(result) == [2_500, 2_500, 5_000]


def test_cap_is_fixed_first_when_excess_outweighs_the_floor_gap():
    # proportional 1:1:98 of 10,000 = 100, 100, 9,800; floor 2,000, cap 5,000.
    # excess over cap 4,800 >= missing below floor 3,800 -> c fixed at 5,000; a, b share 5,000 -> 2,500 each
    # (fixing the floors first would leave c at 6,000 > cap)
    result = allocate([1, 1, 98], [1, 1, 1],
                      AllocationSettings(budget=10_000, weight_factor=0, floor=2_000, cap=5_000))
    assert amounts(result) == [2_500, 2_500, 5_000]
    assert result.table["bound"].tolist() == ["", "", AT_CAP]


def test_cap_redistributes_and_rounds_by_largest_remainder():
    # proportional 10:20:30:940 of 10,000 = 100, 200, 300, 9,400; cap 6,000 -> d fixed at 6,000;
    # 4,000 over 10:20:30 -> 666.67, 1,333.33, 2,000 (all above the floor 500): 666 + 1 (remainder .67)
    result = allocate([10, 20, 30, 940], [1, 1, 1, 1],
                      AllocationSettings(budget=10_000, weight_factor=0, floor=500, cap=6_000), keys="abcd")
    assert amounts(result) == [667, 1_333, 2_000, 6_000]


def test_floors_are_filled_from_the_others():
    # proportional 100, 200, 9,700; floor 1,000 -> a and b at 1,000, c gets the remaining 8,000
    result = allocate([10, 20, 970], [1, 1, 1], AllocationSettings(budget=10_000, weight_factor=0, floor=1_000))
    assert amounts(result) == [1_000, 1_000, 8_000]
    assert result.table["bound"].tolist() == ["Mindestbetrag", "Mindestbetrag", ""]


def test_base_amount_first_then_the_rest_by_weight():
    # 2 x 1,000 base, the remaining 8,000 split 100:300 -> 2,000 and 6,000
    result = allocate([100, 300], [1, 1], AllocationSettings(budget=10_000, weight_factor=0, base_amount=1_000))
    assert amounts(result) == [3_000, 7_000]


def test_ineligible_spaces_get_nothing_and_do_not_set_the_average():
    # eligible a, b: mean need 0.2 (c's 0.9 not counted); g = 0.5 -> p 1.25, 0.75 -> 6,250, 3,750, 0
    result = allocate([100, 100, 100], [0.3, 0.1, 0.9], AllocationSettings(budget=10_000, weight_factor=0.5),
                      eligible=[True, True, False])
    assert amounts(result) == [6_250, 3_750, 0]
    assert result.reference == pytest.approx(0.2)
    assert np.isnan(result.table["pressure"].iloc[2])


def test_standardised_deviation_with_reversed_polarity():
    # z = -1, 0, 1 where higher is better: mean 0, sd sqrt(2/3); d = -z/sd = +1.2247, 0, -1.2247;
    # g = 0.5: p = 1.612372, 1, 0.387628 (sum 3); 3,000 € -> 1,612.37, 1,000, 387.63 -> 1,612, 1,000, 388
    settings = AllocationSettings(budget=3_000, weight_factor=0.5, deviation="standardised", polarity=-1)
    result = allocate([100, 100, 100], [-1.0, 0.0, 1.0], settings)
    assert result.table["pressure"].tolist() == pytest.approx([1 + 0.5 * 1.5 ** 0.5, 1.0, 1 - 0.5 * 1.5 ** 0.5])
    assert amounts(result) == [1_612, 1_000, 388]


def test_pressure_below_zero_is_held_at_zero_and_noted():
    # g = 3, d = -0.5, 0, +0.5: 1 - 1.5 < 0 -> 0, 1, 2.5; 3,500 € -> 0, 1,000, 2,500
    result = allocate([100, 100, 100], [0.1, 0.2, 0.3], AllocationSettings(budget=3_500, weight_factor=3))
    assert amounts(result) == [0, 1_000, 2_500]
    assert "Problemdruckfaktor 0" in result.notes[0]


def test_floors_above_budget_say_by_how_much():
    with pytest.raises(AllocationError, match=r"3 × 4\.000 € = 12\.000 €\) übersteigen das Budget um 2\.000 €"):
        allocate([1, 1, 1], [1, 1, 1], AllocationSettings(budget=10_000, floor=4_000))


def test_base_amounts_above_budget_say_by_how_much():
    with pytest.raises(AllocationError, match=r"Sockelbeträge.*um 500 €"):
        allocate([1, 1], [1, 1], AllocationSettings(budget=1_000, base_amount=750))


def test_caps_too_low_say_how_much_would_stay_undistributed():
    with pytest.raises(AllocationError, match=r"1\.000 € blieben unverteilt"):
        allocate([1, 1, 1], [1, 1, 1], AllocationSettings(budget=10_000, cap=3_000))


def test_budget_must_be_a_multiple_of_the_unit():
    with pytest.raises(AllocationError, match="kein Vielfaches der Einheit"):
        allocate([1, 1], [1, 1], AllocationSettings(budget=1_050, unit=100))


def test_relative_deviation_refuses_negative_index_values():
    with pytest.raises(AllocationError, match="standardisiert"):
        allocate([1, 1], [-0.5, 0.5], AllocationSettings(budget=100))


def test_missing_need_in_an_eligible_space_is_an_error():
    with pytest.raises(AllocationError, match="1 förderfähige Sozialräume ohne Bedarfswert"):
        allocate([1, 1, 1], [0.1, None, 0.3], AllocationSettings(budget=100))


def test_large_budget_to_the_cent_respects_floor_and_cap():
    rng = np.random.default_rng(46)
    target = rng.integers(0, 5_000, 500)
    need = rng.uniform(0.02, 0.4, 500)
    settings = AllocationSettings(budget=1_234_567.89, weight_factor=0.25, unit=0.01, floor=500, cap=5_000)
    result = allocate(target, need, settings)
    assert int(result.units.sum()) == 123_456_789
    assert round(float(result.table["amount"].sum()), 2) == 1_234_567.89
    assert result.table["amount"].min() >= 500 and result.table["amount"].max() <= 5_000
    assert (result.table["bound"] == AT_CAP).any() and (result.table["bound"] == "Mindestbetrag").any()


def test_two_weight_factors_side_by_side():
    # g = 0.5: 6,250 / 3,750; g = 0: 5,000 / 5,000
    variants = allocate_variants([100, 100], [0.3, 0.1], AllocationSettings(budget=10_000, weight_factor=0.5),
                                 second_weight_factor=0.0, keys=["a", "b"])
    assert variants.table["amount"].tolist() == [6_250, 3_750]
    assert variants.table["amount_b"].tolist() == [5_000, 5_000]
    assert variants.table["diff_ab"].tolist() == [-1_250, 1_250]


def test_inputs_are_not_modified():
    target, need = pd.Series([100, 200]), np.array([0.1, 0.3])
    eligible = np.array([True, True])
    allocate(target, need, AllocationSettings(budget=1_000), eligible=eligible)
    assert target.tolist() == [100, 200] and need.tolist() == [0.1, 0.3] and eligible.tolist() == [True, True]


def test_small_target_groups_hide_everything_built_on_them_and_no_amount_is_recoverable():
    """1,000 split 2:40:60 -> 20, 392, 588 (by hand). Area a's group (2) is a small count: its group, per-head and
    amount are hidden (the amount is proportional to the group); the amounts sum to the published budget, so the
    smallest other amount (b, with its group) is hidden too (secondary); c stays."""
    result = allocate([2, 40, 60], [0.1, 0.1, 0.1], AllocationSettings(budget=1_000, weight_factor=0),
                      keys=["a", "b", "c"])
    assert result.table["amount"].tolist() == [20, 392, 588]
    shown, reasons = allocation.suppress_allocation(result.table, allocation.SuppressionRule(min_count=3))
    assert np.isnan(shown.loc["a", ["target", "per_head", "amount", "prop_amt", "effect"]].astype(float)).all()
    assert np.isnan(shown.loc["b", "amount"]) and shown.loc["c", "amount"] == 588
    # b's group is no small count, but with it shown, b's amount (and so a's) would follow from c's ratio
    assert np.isnan(shown.loc["b", "target"]) and "Sekundär" in reasons.loc["b", "target"]
    assert "Sekundär" in reasons.loc["b", "amount"] and "Sekundär" not in reasons.loc["a", "amount"]
    assert 1_000 - shown["amount"].sum() == 412                  # only the sum of the two hidden amounts is known


def test_unfunded_areas_keep_their_zero_amount_but_hide_a_small_group():
    result = allocate([2, 40, 60], [0.1, 0.1, 0.1], AllocationSettings(budget=1_000, weight_factor=0),
                      eligible=np.array([False, True, True]), keys=["a", "b", "c"])
    shown, _ = allocation.suppress_allocation(result.table, allocation.SuppressionRule(min_count=3))
    assert shown.loc["a", "amount"] == 0 and np.isnan(shown.loc["a", "target"])
    assert shown["amount"].tolist() == [0, 400, 600]
