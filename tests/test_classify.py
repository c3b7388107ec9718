"""core.classify: every method against values computed independently here (or from official tables)."""
import itertools

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE_TABLES
from sozialraum_monitor.core.classify import (
    METHODS,
    Classification,
    ClassificationError,
    classify,
    classify_series,
    fit_of_breaks,
    pretty,
)

S_FIELDS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
            "s4_percentage_transfer_payments_recipients_below_15_years"]


@pytest.fixture(scope="module")
def tab2():
    return pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab2-1.csv", dtype={"id": str})


@pytest.fixture(scope="module")
def tab4():
    return pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab4-1.csv", dtype={"id": str}, na_values=["-"])


def brute_force_sse(values, k):
    """Smallest within-class sum of squares over every split of the sorted values into k classes."""
    x = np.sort(values)
    best = np.inf
    for cuts in itertools.combinations(range(1, x.size), k - 1):
        parts = np.split(x, cuts)
        if any(a[-1] == b[0] for a, b in zip(parts, parts[1:])):
            continue  # equal values cannot be split
        best = min(best, sum(((p - p.mean()) ** 2).sum() for p in parts))
    return best


def sse_of(values, classification):
    classes = classification.class_of(values)
    return sum(((values[classes == c] - values[classes == c].mean()) ** 2).sum()
               for c in range(classification.classes) if (classes == c).any())


def independent_gvf(values, upper_bounds):
    x = np.asarray(values, float)
    x = x[~np.isnan(x)]
    classes = np.searchsorted(np.asarray(upper_bounds), x, side="left")
    classes = np.minimum(classes, len(upper_bounds) - 1)
    within = sum(((x[classes == c] - x[classes == c].mean()) ** 2).sum() for c in np.unique(classes))
    return 1 - within / ((x - x.mean()) ** 2).sum()


@pytest.mark.parametrize("seed", range(40))
def test_jenks_reaches_the_brute_force_optimum_on_small_inputs(seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(4, 12)), int(rng.integers(2, 5))
    values = np.round(rng.normal(0, 3, n), int(rng.integers(0, 2)))  # rounding makes ties
    k = min(k, np.unique(values).size)
    result = classify(values, "jenks", k)
    assert result.classes == k
    assert sse_of(values, result) == pytest.approx(brute_force_sse(values, k), rel=1e-9, abs=1e-9)


def test_jenks_gvf_is_not_below_any_other_method_on_berlin_indicators(tab2, tab4):
    columns = [tab2[c] for c in S_FIELDS] + [tab4[c] for c in tab4.columns if c.startswith("k")]
    columns = [c for c in columns if c.notna().sum() > 10]  # k02 is not published for planning areas
    assert len(columns) >= 14
    for column in columns:
        values = column.to_numpy(dtype=float)
        for k in (3, 4, 5, 6, 7):
            best = classify(values, "jenks", k).gvf
            for method in ("quantile", "equal", "pretty", "headtail"):
                other = classify(values, method, k)
                if other.classes <= k:
                    assert best >= other.gvf - 1e-12, (column.name, k, method)
            for method, params in (("boxmap", {}), ("percentile", {}), ("stddev", {}), ("zscore", {})):
                other = classify(values, method, k, **params)
                if other.classes == k:
                    assert best >= other.gvf - 1e-12, (column.name, k, method)


def test_jenks_is_deterministic_for_any_input_order(tab2):
    values = tab2[S_FIELDS[2]].to_numpy(dtype=float)
    first = classify(values, "jenks", 5)
    shuffled = np.random.default_rng(3).permutation(values)
    assert classify(shuffled, "jenks", 5).breaks == first.breaks


def test_jenks_with_fewer_distinct_values_than_classes_gives_one_class_per_value():
    result = classify([1, 1, 2, 2, 2, 7], "jenks", 5)
    assert result.breaks == (1.0, 2.0, 7.0)
    assert result.counts == (2, 3, 1)
    assert any("3 verschiedene Werte" in note for note in result.notes)


def test_gvf_and_adcm_match_direct_computation(tab2):
    values = tab2[S_FIELDS[0]].to_numpy(dtype=float)
    result = classify(values, "quantile", 4)
    assert result.gvf == pytest.approx(independent_gvf(values, result.breaks))
    classes = result.class_of(values)
    expected_adcm = sum(np.abs(values[classes == c] - np.median(values[classes == c])).sum() for c in range(4))
    assert result.adcm == pytest.approx(expected_adcm)


def test_quantile_breaks_interpolate_between_order_statistics():
    values = np.array([3.0, 1.0, 4.0, 1.5, 9.0, 2.6, 5.0, 3.5])
    x = np.sort(values)
    expected = []
    for p in (0.25, 0.5, 0.75):
        h = (x.size - 1) * p  # R type 7
        expected.append(x[int(h)] + (h - int(h)) * (x[int(h) + 1] - x[int(h)]))
    result = classify(values, "quantile", 4)
    assert result.breaks[:3] == pytest.approx(expected)
    assert result.breaks[3] == 9.0 and result.lower == 1.0


def test_equal_interval_splits_the_range_evenly():
    result = classify([2.0, 3.0, 10.0, 12.0], "equal", 5)
    assert result.breaks == pytest.approx((4.0, 6.0, 8.0, 10.0, 12.0))
    assert result.counts == (2, 0, 0, 1, 1)


def test_upper_bounds_are_inclusive():
    result = classify([1.0, 2.0, 3.0, 4.0], "manual", breaks=[2.0, 3.0])
    assert list(result.class_of([1.0, 2.0, 2.0001, 3.0, 4.0])) == [0, 0, 1, 1, 2]


def test_class_of_gives_minus_one_for_missing_values():
    result = classify([1.0, np.nan, 3.0], "equal", 2)
    assert list(result.class_of([np.nan, 1.0, 3.0])) == [-1, 0, 1]
    assert result.null_count == 1


def test_stddev_breaks_lie_at_mean_plus_multiples_of_population_sd(tab2):
    values = tab2[S_FIELDS[0]].to_numpy(dtype=float)
    mean, sd = values.mean(), np.sqrt(((values - values.mean()) ** 2).sum() / values.size)
    result = classify(values, "stddev", 6)
    assert result.breaks[:5] == pytest.approx([mean + m * sd for m in (-2, -1, 0, 1, 2)])
    half = classify(values, "stddev", 4, interval=0.5)
    assert half.breaks[:3] == pytest.approx([mean - 0.5 * sd, mean, mean + 0.5 * sd])


def rank_quantile(x, p):
    """Quantile at rank (n+1)p, interpolated (the box plot hinges GeoDa shows)."""
    x = np.sort(x)
    r = min(max((x.size + 1) * p, 1), x.size)
    lo = int(np.floor(r))
    return x[lo - 1] + (r - lo) * (x[min(lo, x.size - 1)] - x[lo - 1])


@pytest.mark.parametrize("hinge", [1.5, 3.0])
def test_boxmap_has_quartile_classes_and_outliers_beyond_the_hinge(tab4, hinge):
    values = tab4["k01_youth_unemployment"].dropna().to_numpy(dtype=float)
    q1, q2, q3 = (rank_quantile(values, p) for p in (0.25, 0.5, 0.75))
    low, high = q1 - hinge * (q3 - q1), q3 + hinge * (q3 - q1)
    result = classify(values, "boxmap", hinge=hinge)
    assert result.classes == 6
    assert result.breaks[1:5] == pytest.approx([q1, q2, q3, high])
    assert result.counts[0] == (values < low).sum()
    assert result.counts[5] == (values > high).sum()
    assert result.counts[4] == ((values > q3) & (values <= high)).sum()


def test_percentile_classes_follow_the_geoda_scheme(tab2):
    values = tab2[S_FIELDS[1]].to_numpy(dtype=float)
    result = classify(values, "percentile")
    assert result.classes == 6
    assert result.breaks[:5] == pytest.approx([rank_quantile(values, p / 100) for p in (1, 10, 50, 90, 99)])


@pytest.mark.parametrize("low, high, expected", [
    (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),          # R: pretty(c(0, 1))
    (17, 83, [10, 20, 30, 40, 50, 60, 70, 80, 90]),  # R: pretty(c(17, 83))
    (-3.2, 7.7, [-4, -2, 0, 2, 4, 6, 8]),          # R: pretty(c(-3.2, 7.7))
    (0, 97.3, [0, 20, 40, 60, 80, 100]),           # R: pretty(c(0, 97.3))
    (1, 1.34, [1, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3, 1.35]),  # R: pretty(c(1, 1.34))
])
def test_pretty_matches_r(low, high, expected):
    assert list(pretty(low, high, 5)) == pytest.approx(expected)


def test_pretty_classes_have_round_bounds_covering_the_data():
    result = classify([17.0, 40.0, 83.0], "pretty", 5)
    assert result.lower == 10 and result.breaks[-1] == 90
    assert all(float(b).is_integer() and b % 10 == 0 for b in result.breaks)


def test_headtail_breaks_are_the_means_of_the_successive_heads():
    values = 1.0 / np.arange(1, 11)  # Jiang's example: 1, 1/2, ..., 1/10
    m1 = values.mean()
    head = values[values > m1]
    m2 = head.mean()
    result = classify(values, "headtail", 10)
    assert result.breaks == pytest.approx((m1, m2, 1.0))
    assert result.counts == ((values <= m1).sum(), ((values > m1) & (values <= m2)).sum(), (values > m2).sum())


def test_zscore_reproduces_the_official_mss_2019_status_classes(tab2):
    official = pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab1.csv", dtype={"id": str})
    rows = tab2.set_index("id").loc[official["id"]]
    z = [(rows[c] - rows[c].mean()) / rows[c].std(ddof=0) for c in S_FIELDS]
    status_sum = sum(z).to_numpy()
    expected = official["status_index_klasse"].map({"hoch": 0, "mittel": 1, "niedrig": 2, "sehr niedrig": 3})
    result = classify(status_sum, "zscore")  # z-transform the sum, then -1 / +1 / +1.5
    assert (result.class_of(status_sum) == expected.to_numpy()).all()
    assert result.counts == (67, 283, 47, 39)


def test_zscore_without_standardising_uses_the_thresholds_as_bounds():
    result = classify([-2.0, -1.0, 0.0, 1.0, 1.2, 2.0], "zscore", standardize=False)
    assert list(result.class_of([-2.0, -1.0, 0.0, 1.0, 1.2, 2.0])) == [0, 1, 1, 1, 2, 3]


def test_manual_breaks_are_used_as_given_and_closed_at_the_maximum():
    values = np.array([1.0, 4.0, 6.0, 12.0, 25.0])
    result = classify(values, "manual", breaks=[5, 10, 20])
    assert result.breaks == (5.0, 10.0, 20.0, 25.0)
    assert result.counts == (2, 1, 1, 1)


def test_manual_breaks_must_ascend():
    with pytest.raises(ClassificationError, match="aufsteigend"):
        classify([1.0, 2.0], "manual", breaks=[5, 3])


def test_step_groups_have_the_given_width():
    result = classify([3.0, 7.0, 12.0, 19.5], "step", step=5)
    assert result.lower == 0 and result.breaks == (5.0, 10.0, 15.0, 20.0)
    assert result.counts == (1, 1, 1, 1)


def test_all_missing_values_raise_a_clear_error():
    with pytest.raises(ClassificationError, match="alle 3 Werte"):
        classify([np.nan, np.nan, np.nan], "jenks", 5)


def test_one_distinct_value_gives_one_class_with_perfect_fit():
    result = classify([4.0, 4.0, 4.0], "jenks", 5)
    assert result.breaks == (4.0,) and result.counts == (3,) and result.gvf == 1.0


def test_logarithmic_scale_rejects_values_not_above_zero():
    with pytest.raises(ClassificationError, match="größer als 0"):
        classify([-1.0, 2.0, 30.0], "jenks", 2, log=True)


def test_logarithmic_scale_classifies_the_log_values():
    values = np.array([1.0, 2.0, 10.0, 20.0, 100.0, 200.0])
    result = classify(values, "equal", 2, log=True)
    edge = 10 ** ((np.log10(200.0)) / 2)  # log range 0 .. log10(200), halved
    assert result.breaks == pytest.approx((edge, 200.0))
    assert result.counts == (3, 3)


def test_text_values_raise_a_clear_error():
    with pytest.raises(ClassificationError, match="Textfeld"):
        classify(["a", "b"], "jenks", 2)


def test_series_uses_one_set_of_breaks_for_all_arrays(tab2):
    a = tab2[S_FIELDS[0]].to_numpy(dtype=float)
    b = tab2[S_FIELDS[1]].to_numpy(dtype=float)
    series = classify_series([a, b], "quantile", 4)
    together = np.concatenate([a, b])
    assert series.breaks[:3] == pytest.approx(np.quantile(together, [0.25, 0.5, 0.75]))
    assert sum(series.counts) == together.size
    assert (np.bincount(series.class_of(a), minlength=4) + np.bincount(series.class_of(b), minlength=4)).tolist() \
        == list(series.counts)


def test_fit_of_breaks_scores_foreign_breaks():
    values = np.array([1.0, 2.0, 3.0, 10.0, 11.0, 12.0])
    counts, gvf, _adcm = fit_of_breaks(values, [3.0, 12.0])
    assert list(counts) == [3, 3]
    assert gvf == pytest.approx(independent_gvf(values, [3.0, 12.0]))


def test_every_method_has_a_german_label_and_returns_a_classification():
    extra = {"manual": {"breaks": [2]}, "step": {"step": 1}}
    for method in METHODS:
        result = classify([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], method, 3, **extra.get(method, {}))
        assert isinstance(result, Classification) and sum(result.counts) == 6, method
