"""core/profile: the profile of one area checked against values computed here from the real data."""
import dataclasses
import math
import os

import numpy as np
import pandas as pd
import pytest

from sozialraum_monitor.core.catalogue import Catalogue, Indicator, read_catalogue
from sozialraum_monitor.core.privacy import SuppressionRule
from sozialraum_monitor.core.profile import MISSING, NOT_PUBLISHED, ProfileIndex
from sozialraum_monitor.core.rates import FROM_COUNTS, NOT_AGGREGABLE, WEIGHTED

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(ROOT, "resources", "sample", "indikatoren_mss2019.csv")
S1 = "s1_percentage_unemployed"
K10 = "k15_living_space"


@pytest.fixture(scope="module")
def berlin(qgis_app):  # noqa: ARG001 (needed for its side effect)
    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.layers import source_to_frame

    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    assert layer.isValid()
    frame = source_to_frame(layer)
    catalogue = read_catalogue(CATALOGUE)
    index = ProfileIndex.build(frame, catalogue, "plr_id", "plr_name", "inhabitants",
                               [("bez_id", "bezirk"), ("bzr_id", "")])
    return frame, catalogue, index


def _published(frame):
    """Areas with published MSS values: not all indicator values 0 and not empty (computed independently)."""
    columns = [c for c in frame.columns if c[:1] in "sdk" and c[1:3].isdigit()]
    block = frame[columns]
    return ~((block.fillna(0) == 0).all(axis=1)) & block.notna().any(axis=1)


def test_area_value_is_the_layers_attribute(berlin):
    frame, _catalogue, index = berlin
    row = frame[frame.plr_id == "01011101"].iloc[0]
    profile = index.profile("01011101")
    assert profile.name == "Stülerstraße" and profile.population == row.inhabitants
    assert profile.row(S1).value == pytest.approx(row[S1])
    assert [p.name for p in profile.parents] == ["Mitte", "010111"]


def test_z_scores_reproduce_the_official_mss_table(berlin, berlin_dir):
    _frame, _catalogue, index = berlin
    official = pd.read_csv(f"{berlin_dir}/mss_2019_tab3.csv", dtype={"id": str}).set_index("id")
    column = next(c for c in official.columns if c.startswith("z_s1"))
    checked = 0
    for key, z in official[column].items():
        if key in index and key not in ("09041402", "09041403"):
            assert index.profile(key).row(S1).z == pytest.approx(z, abs=1e-4), key
            checked += 1
    assert checked > 400


def test_rank_one_is_the_highest_value_when_higher_is_worse(berlin):
    frame, _catalogue, index = berlin
    values = frame.loc[_published(frame), S1].dropna()
    key = frame.loc[values.index[10], "plr_id"]
    expected = int((values > values.iloc[10]).sum()) + 1
    row = index.profile(key).row(S1)
    assert (row.rank, row.rank_of) == (expected, len(values))
    assert row.rank_text == f"{expected} von {len(values)}"


def test_rank_one_is_the_lowest_value_when_higher_is_better(berlin):
    frame, _catalogue, index = berlin
    values = frame.loc[_published(frame), K10].dropna()
    key = frame.loc[values.index[5], "plr_id"]
    expected = int((values < values.iloc[5]).sum()) + 1
    assert index.profile(key).row(K10).rank == expected


def test_rows_of_zeros_are_missing_not_zero(berlin):
    _frame, _catalogue, index = berlin
    row = index.profile("04041239").row(S1)           # Stadion Wilmersdorf: 0 in every indicator at source
    assert math.isnan(row.value) and row.reason == NOT_PUBLISHED and row.rank == 0
    assert index.zero_rows == 11


def test_region_value_without_counts_is_population_weighted_and_marked(berlin):
    frame, _catalogue, index = berlin
    ok = _published(frame) & frame[S1].notna()
    expected = (frame.loc[ok, S1] * frame.loc[ok, "inhabitants"]).sum() / frame.loc[ok, "inhabitants"].sum()
    row = index.profile("01011101").row(S1)
    assert row.region_value == pytest.approx(expected)
    assert row.region_method == WEIGHTED and row.approximate


def test_indicator_without_any_value_is_missing_everywhere(berlin):
    _frame, _catalogue, index = berlin
    row = index.profile("01011101").row("k02_single_parent_households")
    assert math.isnan(row.value) and row.reason == MISSING and math.isnan(row.region_value)


def test_worse_than_region_follows_polarity(berlin):
    frame, _catalogue, index = berlin
    profile = index.profile("01011101")
    high = profile.row(S1)
    assert high.assessment == (1 if high.value > high.region_value else -1)
    better = profile.row(K10)
    assert better.assessment == (-1 if better.value > better.region_value else 1)
    neutral = profile.row("k16_foreigners")
    assert neutral.assessment == 0


RATE = Catalogue((Indicator("anteil_u18", label="Unter 18", theme="Alter", unit="%", numerator="u18",
                            denominator="ew", multiplier=100, year="2012", polarity="neutral"),))


@pytest.fixture(scope="module")
def koeln(koeln_dir):
    """Residents and under-18s per Stadtteil for 2011 and 2012 from Cologne's long table, pivoted here."""
    long = pd.read_csv(f"{koeln_dir}/bevoelkerung_2011-2012_long.csv", dtype={"raum_id": str, "tab_id": str})
    areas = long[(long.raum_id.str.len() == 3) & (long.raum_id.str[0] != "0")]
    bands = [z for z in areas[areas.tab_id == "020"].zeile.unique()
             if any(z.startswith(p) for p in ("00 ", "03 ", "06 ", "10 ", "15 "))]
    wide = {}
    for year, suffix in ((2012, ""), (2011, "_2011")):
        rows = areas[areas.jahr == year]
        wide["ew" + suffix] = rows[rows.tab_id == "005"].groupby("raum_id").zahl.sum()
        wide["u18" + suffix] = rows[(rows.tab_id == "020") & rows.zeile.isin(bands)].groupby("raum_id").zahl.sum()
    frame = pd.DataFrame(wide).reset_index().rename(columns={"index": "raum_id"})
    frame["bezirk"] = frame.raum_id.str[0]
    return frame, long


def test_parent_and_region_rates_come_from_summed_counts(koeln):
    frame, long = koeln
    index = ProfileIndex.build(frame, RATE, "raum_id", population_field="ew", parent_fields=["bezirk"])
    row = index.profile("101").row("anteil_u18")
    innenstadt = frame[frame.bezirk == "1"]
    assert row.parent_values[0] == pytest.approx(innenstadt.u18.sum() / innenstadt.ew.sum() * 100)
    assert row.parent_methods[0] == FROM_COUNTS
    city = long[(long.raum_id == "000") & (long.jahr == 2012) & (long.tab_id == "005")].zahl.sum()
    assert row.region_value == pytest.approx(frame.u18.sum() / city * 100)
    averaged = (frame.u18 / frame.ew * 100).mean()
    assert row.region_value != pytest.approx(averaged)


def test_previous_value_and_change_from_year_fields(koeln):
    frame, _long = koeln
    index = ProfileIndex.build(frame, RATE, "raum_id", population_field="ew")
    row = index.profile("505").row("anteil_u18")
    area = frame[frame.raum_id == "505"].iloc[0]
    before = area.u18_2011 / area.ew_2011 * 100
    assert row.previous_year == "2011" and row.previous == pytest.approx(before)
    assert row.change == pytest.approx(area.u18 / area.ew * 100 - before)


def test_newest_year_field_is_current_without_a_plain_field():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "alq_2017": [5.0, 7.0, 9.0], "alq_2018": [6.0, 6.5, 10.0]})
    index = ProfileIndex.build(frame, Catalogue((Indicator("alq", polarity="higher_is_worse"),)), "id")
    row = index.profile("b").row("alq")
    assert (row.value, row.previous, row.previous_year) == (6.5, 7.0, "2017")
    assert row.change == pytest.approx(-0.5) and row.rank == 2


def test_small_counts_are_suppressed_with_reason_and_take_no_rank():
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "p": ["x", "x", "y", "y"],
                          "u18": [2.0, 40.0, 30.0, 0.0], "ew": [100.0, 200.0, 150.0, 80.0]})
    index = ProfileIndex.build(frame, RATE, "id", population_field="ew", parent_fields=["p"],
                               rule=SuppressionRule(min_count=3))
    hidden = index.profile("a").row("anteil_u18")
    assert math.isnan(hidden.value) and hidden.reason.startswith("unterdrückt") and hidden.rank == 0
    assert hidden.parent_values[0] == pytest.approx(42 / 300 * 100)     # the parent keeps the true counts
    zero = index.profile("d").row("anteil_u18")
    assert zero.value == 0.0 and zero.reason is None                    # 0 discloses nothing: shown
    sibling = index.profile("b").row("anteil_u18")      # else 42 of the parent minus its 40 gives a's 2
    assert math.isnan(sibling.value) and "Sekundärsperrung" in sibling.reason
    assert index.profile("c").row("anteil_u18").rank_of == 2


def test_share_without_population_is_not_aggregable():
    frame = pd.DataFrame({"id": ["a", "b"], "share": [10.0, 30.0]})
    index = ProfileIndex.build(frame, Catalogue(), "id")
    row = index.profile("a").row("share")
    assert row.region_method == NOT_AGGREGABLE and math.isnan(row.region_value)
    assert row.region_reason == NOT_AGGREGABLE


def test_unknown_key_raises_key_error(berlin):
    _frame, _catalogue, index = berlin
    with pytest.raises(KeyError):
        index.profile("99999999")


def test_lookup_by_feature_id_matches_lookup_by_key(berlin):
    frame, _catalogue, index = berlin
    fid = int(frame.index[frame.plr_id == "12214528"][0])
    by_fid, by_key = index.profile_for_fid(fid), index.profile("12214528")
    assert by_fid.key == by_key.key == "12214528"
    np.testing.assert_array_equal([r.value for r in by_fid.rows], [r.value for r in by_key.rows])


def test_profile_is_frozen(berlin):
    profile = berlin[2].profile("01011101")
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.name = "x"
    assert np.isfinite(profile.rows[0].value)
