"""Rates from counts and aggregation to parents, on Cologne's real population counts."""
import numpy as np
import pandas as pd
import pytest

from sozialraum_monitor.core.catalogue import Catalogue, Indicator
from sozialraum_monitor.core.rates import (
    FROM_COUNTS,
    NOT_AGGREGABLE,
    SUM,
    WEIGHTED,
    aggregate,
    aggregate_region,
    derive_rates,
    parents_from_prefix,
)

CATALOGUE = Catalogue((Indicator("anteil_u18", label="Unter 18", unit="%", numerator="u18",
                                 denominator="ew", multiplier=100),))


@pytest.fixture(scope="module")
def koeln_2012(koeln_dir):
    """Residents (table 005) and residents under 18 (sum of age bands below 18, table 020) per Stadtteil, 2012."""
    long = pd.read_csv(f"{koeln_dir}/bevoelkerung_2011-2012_long.csv", dtype={"raum_id": str, "tab_id": str})
    year = long[(long.jahr == 2012) & (long.raum_id.str.len() == 3) & (long.raum_id.str[0] != "0")]
    ew = year[year.tab_id == "005"].groupby("raum_id").zahl.sum()
    ages = year[year.tab_id == "020"]
    under18_lines = [z for z in ages.zeile.unique()
                     if any(z.startswith(p) for p in ("00 ", "03 ", "06 ", "10 ", "15 "))]
    assert len(under18_lines) == 5
    u18 = ages[ages.zeile.isin(under18_lines)].groupby("raum_id").zahl.sum()
    frame = pd.DataFrame({"raum_id": ew.index, "ew": ew.to_numpy(), "u18": u18.reindex(ew.index).to_numpy()})
    return frame, long


def test_rate_is_numerator_over_denominator_times_multiplier(koeln_2012):
    frame, _ = koeln_2012
    result, reasons = derive_rates(frame, CATALOGUE)
    expected = frame.u18 / frame.ew * 100
    np.testing.assert_allclose(result.anteil_u18, expected)
    assert reasons["anteil_u18"].isna().all()


def test_rate_with_zero_denominator_is_missing_with_reason():
    frame = pd.DataFrame({"u18": [5.0, 3.0], "ew": [0.0, 10.0]})
    result, reasons = derive_rates(frame, CATALOGUE)
    assert np.isnan(result.anteil_u18[0]) and reasons["anteil_u18"][0] == "Nenner 0"
    assert result.anteil_u18[1] == pytest.approx(30.0)


def test_parent_rate_is_recomputed_from_summed_counts_not_averaged(koeln_2012):
    frame, long = koeln_2012
    frame = derive_rates(frame, CATALOGUE)[0]
    parents = parents_from_prefix(frame.raum_id, 1)
    agg = aggregate(frame, CATALOGUE, parents, columns=["ew", "u18", "anteil_u18"])
    # the city's own Stadtbezirk totals (raum_id 001..009) are the independent reference for the sums
    official = long[(long.jahr == 2012) & (long.tab_id == "005") & long.raum_id.str.match(r"^00[1-9]$")]
    official_ew = official.groupby(official.raum_id.str[2]).zahl.sum()
    np.testing.assert_allclose(agg.values.ew.sort_index(), official_ew.sort_index())
    for bezirk, rows in frame.groupby(parents.to_numpy()):
        assert agg.values.anteil_u18[bezirk] == pytest.approx(rows.u18.sum() / rows.ew.sum() * 100)
    averaged = frame.groupby(parents.to_numpy()).anteil_u18.mean()
    assert not np.allclose(agg.values.anteil_u18.sort_index(), averaged.sort_index())
    assert agg.methods == {"ew": SUM, "u18": SUM, "anteil_u18": FROM_COUNTS}
    assert agg.members.sum() == 86


def test_indicator_without_counts_is_weighted_mean_or_marked():
    frame = pd.DataFrame({"p": ["a", "a", "b"], "share": [10.0, 20.0, np.nan], "ew": [100.0, 300.0, 50.0]})
    weighted = aggregate(frame, Catalogue(), "p", columns=["share"], extra_counts=["ew"], weight="ew")
    assert weighted.values.share["a"] == pytest.approx((10 * 100 + 20 * 300) / 400)
    assert np.isnan(weighted.values.share["b"]) and weighted.methods["share"] == WEIGHTED
    plain = aggregate(frame, Catalogue(), "p", columns=["share"])
    assert plain.methods["share"] == NOT_AGGREGABLE and plain.values.share.isna().all()


def test_region_aggregate_is_one_row(koeln_2012):
    frame, _ = koeln_2012
    frame = derive_rates(frame, CATALOGUE)[0]
    region = aggregate_region(frame, CATALOGUE, columns=["anteil_u18"])
    assert list(region.values.index) == ["Gesamt"]
    assert region.values.anteil_u18.iloc[0] == pytest.approx(frame.u18.sum() / frame.ew.sum() * 100)
