"""Comparisons (core) on Berlin's MSS 2019 planning areas, parent unit = district (first two digits of the
key); every expected value computed here another way (plain Python loops, hand ranking, known t values)."""
import math
import statistics

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE_TABLES
from sozialraum_monitor.core import comparisons as cmp

S1 = "s1_percentage_unemployed"
S3 = "s3_percentage_transfer_payments_recipients"
S4 = "s4_percentage_transfer_payments_recipients_below_15_years"
D1 = "d1_percentage_unemployed"


@pytest.fixture(scope="module")
def berlin():
    """The 436 planning areas the MSS 2019 counts (tab1 ids), with indicators and context, district = id[:2]."""
    tab1 = pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab1.csv", dtype={"id": str})
    tab2 = pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab2-1.csv", dtype={"id": str})
    tab4 = pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab4-1.csv", dtype={"id": str})  # context labels corrected
    frame = tab2[tab2["id"].isin(tab1["id"])].merge(
        tab4[["id", "k15_living_space"]], on="id").reset_index(drop=True)
    frame["bezirk"] = frame["id"].str[:2]
    return frame


# --- t distribution ------------------------------------------------------------------------------------

@pytest.mark.parametrize("t, df, p", [
    (12.706204736, 1, 0.05), (4.302652730, 2, 0.05), (2.570581836, 5, 0.05), (2.228138852, 10, 0.05),
    (2.845339710, 20, 0.01), (2.042272456, 30, 0.05)])
def test_two_sided_p_matches_tabulated_t_quantiles(t, df, p):
    assert cmp.t_two_sided_p(t, df) == pytest.approx(p, rel=1e-6)


@pytest.mark.parametrize("t", [0.1, 0.7, 1.0, 3.0, 25.0])
def test_two_sided_p_matches_closed_forms_for_1_and_2_degrees_of_freedom(t):
    assert cmp.t_two_sided_p(t, 1) == pytest.approx(1 - 2 / math.pi * math.atan(t), rel=1e-10)
    assert cmp.t_two_sided_p(-t, 2) == pytest.approx(1 - t / math.sqrt(2 + t * t), rel=1e-10)


def test_regularized_beta_known_special_cases():
    for x in (0.05, 0.3, 0.5, 0.8, 0.99):
        assert cmp.regularized_beta(x, 1, 1) == pytest.approx(x)
        assert cmp.regularized_beta(x, 3, 1) == pytest.approx(x ** 3)
        assert cmp.regularized_beta(x, 2.5, 4) == pytest.approx(1 - cmp.regularized_beta(1 - x, 4, 2.5))


def test_correlation_p_is_the_t_test_with_n_minus_2_degrees_of_freedom():
    t, n = 2.228138852, 12
    r = t / math.sqrt(t * t + n - 2)
    assert cmp.correlation_p(r, n) == pytest.approx(0.05, rel=1e-6)
    assert cmp.correlation_p(1.0, 10) == 0.0 and math.isnan(cmp.correlation_p(0.5, 2))


# --- variance decomposition ---------------------------------------------------------------------------

def test_eta_squared_per_indicator_equals_a_plain_loop(berlin):
    result = cmp.variance_decomposition(berlin, [S1, S4, D1], "bezirk")
    for indicator in (S1, S4, D1):
        groups = {}
        for district, value in zip(berlin["bezirk"], berlin[indicator]):
            groups.setdefault(district, []).append(float(value))
        everything = [v for values in groups.values() for v in values]
        grand = sum(everything) / len(everything)
        within = sum((v - sum(vs) / len(vs)) ** 2 for vs in groups.values() for v in vs)
        total = sum((v - grand) ** 2 for v in everything)
        row = result.summary.set_index("indicator").loc[indicator]
        assert row["eta2"] == pytest.approx(1 - within / total, rel=1e-10)
        assert row["n"] == 436 and row["parents"] == 12


def test_spread_per_district_matches_statistics_module(berlin):
    by_parent = cmp.variance_decomposition(berlin, [S3], "bezirk").by_parent.set_index("parent")
    for district in ("01", "08", "12"):
        values = berlin.loc[berlin["bezirk"] == district, S3].tolist()
        row = by_parent.loc[district]
        assert row["n"] == len(values)
        assert row["mean"] == pytest.approx(statistics.fmean(values))
        assert row["sd"] == pytest.approx(statistics.pstdev(values))
        assert row["range"] == pytest.approx(max(values) - min(values))


def test_inner_ranges_exceed_the_range_of_district_means_in_berlin(berlin):
    """The seed report's first finding, as a number: differences inside districts beat those between them."""
    summary = cmp.variance_decomposition(berlin, [S1], "bezirk").summary.iloc[0]
    means = berlin.groupby("bezirk")[S1].mean()
    inner = berlin.groupby("bezirk")[S1].agg(lambda v: v.max() - v.min())
    assert summary["range_between"] == pytest.approx(means.max() - means.min())
    assert summary["parents_within_larger"] == int((inner > means.max() - means.min()).sum())
    assert summary["eta2"] < 0.5


def test_missing_parent_field_raises_german_message(berlin):
    with pytest.raises(cmp.ComparisonError, match="'bezirksname' fehlt"):
        cmp.variance_decomposition(berlin, [S1], "bezirksname")


# --- extremes and concentration ------------------------------------------------------------------------

def top_ids(frame, indicator, share, highest=True):
    """Ids of the ceil(share*n) highest (or lowest) values, ties with the last one included, by sorting."""
    pairs = sorted(zip(frame[indicator], frame["id"]), reverse=highest)
    k = math.ceil(share * len(pairs))
    cut = pairs[k - 1][0]
    return {i for v, i in pairs if (v >= cut if highest else v <= cut)}


def test_top_decile_of_unfavourable_indicator_listed_with_district(berlin):
    table = cmp.extremes(berlin, [S1], "bezirk", 0.1, signs=[1], key="id", name="name")
    top = table[table["side"] == cmp.TOP]
    assert set(top["key"]) == top_ids(berlin, S1, 0.1)
    assert len(top) == 44 and (top["unfavourable"] == 1).all()
    assert (top["parent"] == top["key"].str[:2]).all()
    assert (table[table["side"] == cmp.BOTTOM]["unfavourable"] == 0).all()


def test_low_values_are_unfavourable_when_higher_is_better(berlin):
    k10 = "k15_living_space"
    table = cmp.extremes(berlin, [k10], "bezirk", 0.05, signs=[-1], key="id")
    bottom = table[table["unfavourable"] == 1]
    assert set(bottom["key"]) == top_ids(berlin, k10, 0.05, highest=False)
    assert (bottom["side"] == cmp.BOTTOM).all()


def test_neutral_indicator_extremes_have_no_direction(berlin):
    table = cmp.extremes(berlin, [D1], "bezirk", 0.1, signs=[0], key="id")
    assert table["unfavourable"].isna().all() and set(table["side"]) == {cmp.TOP, cmp.BOTTOM}


def test_extremes_by_district_count_unfavourable_hits(berlin):
    table = cmp.extremes(berlin, [S1, S4], "bezirk", 0.1, signs=[1, 1], key="id")
    wide = cmp.extremes_by_parent(table).set_index("parent")
    for district in wide.index:
        expected = sum(1 for indicator in (S1, S4) for i in top_ids(berlin, indicator, 0.1) if i[:2] == district)
        assert wide.loc[district, "total"] == expected
    assert set(wide.index) == {i[:2] for ind in (S1, S4) for i in top_ids(berlin, ind, 0.1)}


def test_multiple_disadvantage_counts_unfavourable_extremes_per_area(berlin):
    k10 = "k15_living_space"
    indicators, signs = [S1, S3, S4, k10], [1, 1, 1, -1]
    result = cmp.concentration(berlin, indicators, 0.1, signs)
    sets = [top_ids(berlin, i, 0.1, highest=(s > 0)) for i, s in zip(indicators, signs)]
    expected = [sum(area in hits for hits in sets) for area in berlin["id"]]
    assert result["n_unfavourable"].tolist() == expected
    worst = int(np.argmax(expected))
    assert result["indicators"].iloc[worst].count(",") == expected[worst] - 1


def test_share_outside_range_is_refused():
    frame = pd.DataFrame({"a": [1.0, 2.0], "p": ["x", "y"]})
    with pytest.raises(cmp.ComparisonError, match="zwischen 0 und 0,5"):
        cmp.extremes(frame, ["a"], "p", 0.7)


# --- correlations ------------------------------------------------------------------------------------

def hand_ranks(values):
    ordered = sorted(values)
    return [(ordered.index(v) + 1 + len(ordered) - ordered[::-1].index(v)) / 2 for v in values]


def pearson_by_sums(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def test_pearson_and_spearman_match_hand_computation(berlin):
    pairs = cmp.correlations(berlin, [S1, S4, D1])
    for row in pairs.itertuples(index=False):
        x, y = berlin[row.indicator_a].tolist(), berlin[row.indicator_b].tolist()
        assert row.n == 436
        assert row.pearson_r == pytest.approx(pearson_by_sums(x, y), rel=1e-10)
        assert row.spearman_rho == pytest.approx(pearson_by_sums(hand_ranks(x), hand_ranks(y)), rel=1e-10)
        t = row.pearson_r * math.sqrt(434 / (1 - row.pearson_r ** 2))
        assert row.pearson_p == pytest.approx(cmp.t_two_sided_p(t, 434))


def test_average_ranks_give_ties_their_mean_rank():
    assert cmp.average_ranks([10, 20, 10, 30, np.nan, 10]).tolist()[:4] == [2.0, 4.0, 2.0, 5.0]


def test_correlation_uses_pairwise_complete_cases():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0, np.nan], "b": [2.0, 1.0, 4.0, np.nan, 5.0]})
    row = cmp.correlations(frame, ["a", "b"]).iloc[0]
    assert row["n"] == 3
    assert row["pearson_r"] == pytest.approx(pearson_by_sums([1, 2, 3], [2, 1, 4]))


def test_summary_html_has_findings_charts_and_german_numbers(berlin):
    indicators = [S1, S4]
    variance = cmp.variance_decomposition(berlin, indicators, "bezirk")
    table = cmp.extremes(berlin, indicators, "bezirk", 0.1, [1, 1], key="id", name="name")
    concentration = cmp.concentration(berlin, indicators, 0.1, [1, 1])
    pairs = cmp.correlations(berlin, indicators)
    page = cmp.summary_html("Vergleiche", variance, table, concentration, pairs, indicators, 0.1,
                            labels={S1: "Arbeitslosigkeit"}, parent_label="Bezirk", attribution="AfS Berlin")
    assert page.count("<svg") >= 5
    eta = variance.summary.iloc[0]["eta2"] * 100
    assert f"{eta:.1f}".replace(".", ",") + " % der Streuung" in page
    assert "Arbeitslosigkeit" in page and "AfS Berlin" in page and "Spearman" in page


def test_two_sided_p_approaches_the_normal_for_many_degrees_of_freedom():
    assert cmp.t_two_sided_p(1.959963985, 10_000_000) == pytest.approx(0.05, rel=1e-5)
    assert cmp.t_two_sided_p(2.575829304, 10_000_000) == pytest.approx(0.01, rel=1e-5)


def test_min_ranks_give_ties_their_lowest_rank():
    assert cmp.min_ranks([10, 20, 10, 30, np.nan, 10]).tolist()[:4] == [1.0, 4.0, 1.0, 5.0]
