"""Composite index (core): the official MSS 2019 classes reproduced from the raw indicator table, and the
standardisation, polarity, weights, reference rule and class boundaries checked by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE_TABLES
from sozialraum_monitor.core import indices as ix
from sozialraum_monitor.core.catalogue import Catalogue, Indicator

STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
DYNAMICS = ["d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
            "d4_percentage_transfer_payments_recipients_below_15_years"]
# SOURCE.txt: the two PLR with 300 or more residents that the MSS 2019 left out anyway
LARGER_EXCLUDED = ["04041239", "10010203"]


@pytest.fixture(scope="module")
def tab2():
    return pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab2-1.csv", dtype={"id": str})


@pytest.fixture(scope="module")
def tab1():
    return pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab1.csv", dtype={"id": str})


@pytest.fixture(scope="module")
def mss(tab2):
    reference = ix.reference_areas(tab2, STATUS + DYNAMICS, "inhabitants", 300, key_field="id",
                                   exclude_keys=LARGER_EXCLUDED)
    status = ix.composite_index(tab2, STATUS, reference=reference)
    dynamics = ix.composite_index(tab2, DYNAMICS, reference=reference)
    return reference, status, dynamics


def official(tab1, tab2, values):
    """Our values per area next to the official table, on the 436 official ids."""
    ours = pd.DataFrame({"id": tab2["id"], "ours": values})
    return tab1.merge(ours, on="id", how="left", validate="one_to_one")


def test_reference_rule_leaves_out_exactly_the_11_areas_missing_from_tab1(tab1, tab2, mss):
    reference = mss[0]
    left_out = set(tab2["id"][~reference.mask.to_numpy()])
    assert left_out == set(tab2["id"]) - set(tab1["id"])
    assert len(left_out) == 11 and reference.count == 436


def test_mss_2019_status_classes_reproduced_exactly(tab1, tab2, mss):
    merged = official(tab1, tab2, ix.mss_status_class(mss[1].index))
    assert len(merged) == 436
    assert (merged["ours"] == merged["status_index_klasse"]).all()
    assert merged["status_index_klasse"].value_counts().to_dict() == {
        "mittel": 283, "hoch": 67, "niedrig": 47, "sehr niedrig": 39}


def test_mss_2019_dynamics_classes_reproduced_exactly(tab1, tab2, mss):
    merged = official(tab1, tab2, ix.mss_dynamics_class(mss[2].index))
    assert (merged["ours"] == merged["dynamik_index_klasse"]).all()
    assert merged["ours"].value_counts().to_dict() == {"stabil": 357, "positiv": 46, "negativ": 33}


def test_mss_2019_status_dynamics_groups_match_official_codes_and_labels(tab1, tab2, mss):
    code, label = ix.status_dynamics_group(ix.mss_status_class(mss[1].index), ix.mss_dynamics_class(mss[2].index))
    assert (official(tab1, tab2, code)["ours"] == tab1["status_dynamik_index"]).all()
    assert (official(tab1, tab2, label)["ours"] == tab1["status_dynamik_index_klasse"]).all()


def test_status_level_is_the_official_1_to_4(tab1, tab2, mss):
    level = ix.status_level(ix.mss_status_class(mss[1].index))
    merged = official(tab1, tab2, level)
    assert (merged["ours"] == merged["status_index"].astype(float)).all()


def test_z_values_match_the_official_table_3(berlin_dir, tab2, mss):
    tab3 = pd.read_csv(f"{berlin_dir}/mss_2019_tab3.csv", dtype={"id": str})
    ours = mss[1].z.assign(id=tab2["id"].to_numpy(), total=mss[1].total.to_numpy())
    merged = tab3.merge(ours, on="id")
    assert len(merged) == 436
    for indicator in STATUS:
        np.testing.assert_allclose(merged[indicator], merged[f"z_{indicator}"], atol=1e-4)
    # SOURCE.txt: the column labelled z_d1_... holds the official status sum
    np.testing.assert_allclose(merged["total"], merged["z_d1_percentage_unemployed"].astype(float), atol=1e-4)


def test_z_uses_population_sd_of_reference_areas_only(tab2, mss):
    reference, status, _ = mss
    values = [float(v) for v, keep in zip(tab2[STATUS[0]], reference.mask) if keep]
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    expected = (tab2[STATUS[0]] - mean) / sd
    np.testing.assert_allclose(status.z[STATUS[0]], expected, rtol=1e-12)


def test_excluded_areas_still_get_z_values_index_and_class(tab2, mss):
    reference, status, _ = mss
    row = int(np.flatnonzero(tab2["id"].to_numpy() == "10010203")[0])
    assert not reference.mask.iloc[row]
    # its indicators are 0, so each z is -mean/sd of the reference
    ref = tab2.loc[reference.mask.to_numpy(), STATUS]
    expected_z = -ref.mean() / ref.std(ddof=0)
    np.testing.assert_allclose(status.z.iloc[row].to_numpy(), expected_z.to_numpy())
    expected_index = (expected_z.sum() - status.total_mean) / status.total_sd
    assert status.index.iloc[row] == pytest.approx(expected_index)
    assert ix.mss_status_class(status.index).iloc[row] == "hoch"
    assert reference.reasons.iloc[row] == ix.REASON_LIST


def test_index_of_reference_areas_has_mean_0_and_population_sd_1(mss):
    reference, status, _ = mss
    inside = status.index[reference.mask.to_numpy()]
    assert inside.mean() == pytest.approx(0, abs=1e-12)
    assert inside.std(ddof=0) == pytest.approx(1)


def test_sample_sd_option_divides_by_n_minus_1():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 6.0]})
    result = ix.composite_index(frame, ["a"], ddof=1, restandardise=False)
    sd = math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + (6 - 3) ** 2) / 3)
    np.testing.assert_allclose(result.z["a"], [(v - 3) / sd for v in (1, 2, 3, 6)])


def test_favourable_indicator_enters_with_flipped_sign():
    frame = pd.DataFrame({"bad": [1.0, 2.0, 3.0], "good": [1.0, 2.0, 3.0]})
    result = ix.composite_index(frame, ["bad", "good"], signs=[1, -1], restandardise=False)
    np.testing.assert_allclose(result.z["good"], -result.z["bad"])
    np.testing.assert_allclose(result.total, [0, 0, 0], atol=1e-12)


def test_weights_multiply_the_z_values_in_the_sum():
    frame = pd.DataFrame({"a": [1.0, 2.0, 4.0], "b": [3.0, 1.0, 2.0]})
    result = ix.composite_index(frame, ["a", "b"], weights=[2, 0.5], restandardise=False)
    za = (frame.a - frame.a.mean()) / frame.a.std(ddof=0)
    zb = (frame.b - frame.b.mean()) / frame.b.std(ddof=0)
    np.testing.assert_allclose(result.total, 2 * za + 0.5 * zb)
    np.testing.assert_allclose(result.index, (2 * za + 0.5 * zb) / 2.5)


def test_minmax_maps_reference_range_to_0_1_and_outside_areas_beyond():
    frame = pd.DataFrame({"a": [10.0, 20.0, 30.0, 50.0], "keep": [0, 0, 0, 1]})
    reference = ix.reference_areas(frame, ["a"], exclude_field="keep")
    result = ix.composite_index(frame, ["a"], reference=reference, method=ix.MINMAX, restandardise=False)
    np.testing.assert_allclose(result.z["a"], [0.0, 0.5, 1.0, 2.0])


def test_rank_gives_mid_rank_percentiles_with_ties():
    frame = pd.DataFrame({"a": [5.0, 1.0, 3.0, 3.0]})
    result = ix.composite_index(frame, ["a"], method=ix.RANK, restandardise=False)
    # sorted 1, 3, 3, 5: 5 has 3 below -> (3 + 0.5)/4; the two 3s: 1 below, 2 equal -> (1 + 1)/4
    np.testing.assert_allclose(result.z["a"], [3.5 / 4, 0.5 / 4, 2 / 4, 2 / 4])


def test_rank_of_favourable_indicator_is_one_minus_rank():
    frame = pd.DataFrame({"a": [5.0, 1.0, 3.0]})
    result = ix.composite_index(frame, ["a"], signs=[-1], method=ix.RANK, restandardise=False)
    np.testing.assert_allclose(result.z["a"], [1 - 2.5 / 3, 1 - 0.5 / 3, 1 - 1.5 / 3])


def test_mss_status_class_boundaries_follow_the_method_text():
    values = pd.Series([-1.0000001, -1.0, 1.0, 1.0000001, 1.5, 1.5000001, np.nan])
    assert ix.mss_status_class(values).tolist() == [
        "hoch", "mittel", "mittel", "niedrig", "niedrig", "sehr niedrig", None]


def test_mss_dynamics_class_boundaries_follow_the_method_text():
    values = pd.Series([-1.0000001, -1.0, 1.0, 1.0000001])
    assert ix.mss_dynamics_class(values).tolist() == ["positiv", "stabil", "stabil", "negativ"]


def test_area_with_missing_value_is_left_out_and_gets_no_index():
    frame = pd.DataFrame({"a": [1.0, 2.0, np.nan, 4.0], "b": [2.0, 1.0, 3.0, 5.0]})
    reference = ix.reference_areas(frame, ["a", "b"])
    assert reference.reasons.tolist() == ["", "", ix.REASON_MISSING, ""]
    result = ix.composite_index(frame, ["a", "b"], reference=reference)
    assert np.isnan(result.index.iloc[2]) and not np.isnan(result.z["b"].iloc[2])
    assert ix.mss_status_class(result.index).iloc[2] is None


def test_population_threshold_and_exclusion_field_both_apply():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "ew": [100, 400, 500, 600], "flag": ["", "ja", "nein", None]})
    reference = ix.reference_areas(frame, ["a"], "ew", 300, exclude_field="flag")
    assert reference.mask.tolist() == [False, False, True, True]
    assert reference.reasons.iloc[0].startswith("weniger als 300")


def test_constant_indicator_raises_german_message_naming_it():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "flat": [2.0, 2.0, 2.0]})
    with pytest.raises(ix.SocialIndexError, match="flat.*Standardabweichung 0"):
        ix.composite_index(frame, ["a", "flat"])


def test_weights_parse_german_decimal_comma_separated_by_semicolon():
    assert ix.parse_weights("1; 0,5; 2", 3) == [1.0, 0.5, 2.0]
    assert ix.parse_weights("", 2) == [1.0, 1.0]
    with pytest.raises(ix.SocialIndexError, match="2 Gewichte für 3 Indikatoren"):
        ix.parse_weights("1;2", 3)


def test_polarities_parse_symbols_and_words_and_refuse_neutral():
    # the catalogue's words: '-' / negativ = a high value is unfavourable (sign +1), '+' = favourable
    assert ix.parse_signs("-; +; hoch_ist_schlecht; higher_is_better", 4) == [1, -1, 1, -1]
    assert ix.parse_signs("", 2) is None
    with pytest.raises(ix.SocialIndexError, match="neutral"):
        ix.parse_signs("-;neutral", 2)


def test_catalogue_polarity_gives_signs_and_names_neutral_indicators():
    catalogue = Catalogue((Indicator("a", polarity="higher_is_worse"), Indicator("b", polarity="higher_is_better"),
                           Indicator("c")))
    assert ix.signs_from_catalogue(catalogue, ["a", "b", "c", "d"]) == ([1, -1, 1, 1], ["c", "d"])


def test_all_zero_areas_found_among_the_reference(tab2):
    plain = ix.reference_areas(tab2, STATUS)
    zeros = ix.all_zero_areas(tab2, STATUS, plain.mask)
    assert int(zeros.sum()) == 11


def test_other_class_scheme_quartiles_split_reference_areas_evenly_in_index_order(mss):
    reference, status, _ = mss
    result = ix.classify_index(status.index, reference, "quantile", 4)
    inside = pd.DataFrame({"index": status.index, "label": result.labels})[reference.mask.to_numpy()]
    assert inside["label"].value_counts().tolist() == [109, 109, 109, 109]
    # sorted by index, the labels run through the classes in order, each one block
    runs = inside.sort_values("index")["label"]
    assert runs.drop_duplicates().tolist() == list(result.order)
    assert result.order[0].startswith("1: ") and len(result.order) == 4
