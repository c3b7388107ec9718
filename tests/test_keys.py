"""Key normalisation and the diagnostics that explain unmatched keys."""
import pandas as pd

from sozialraum_monitor.core.keys import diagnose_keys, extract_key, names_differ, normalise_keys, normalise_name


def test_keys_keep_leading_zeros_and_lose_blanks_and_quotes():
    keys = normalise_keys(pd.Series([" 01", '"02"', "03\u00a0", "", None], dtype=object))
    assert keys.tolist() == ["01", "02", "03", None, None]


def test_numbers_from_spreadsheets_become_integer_text():
    assert normalise_keys(pd.Series([1.0, 12.0, float("nan")])).tolist() == ["1", "12", None]
    assert normalise_keys(pd.Series(["7.0", 8], dtype=object)).tolist() == ["7", "8"]


def test_padding_fills_digit_keys_to_the_width_only():
    assert normalise_keys(pd.Series(["1", "011", "A1"]), width=3).tolist() == ["001", "011", "A1"]


def test_extraction_takes_the_digits_out_of_names_and_codes():
    assert extract_key("03 Nordstadt") == "03"
    assert extract_key("STGT03") == "03"
    assert extract_key("Nordstadt") is None


def test_diagnosis_names_lost_leading_zeros_with_the_width_to_pad():
    findings = diagnose_keys(["01011101", "01011102", "02011101"], ["1011101", "1011102", "2011101"])
    assert [f.kind for f in findings][0] == "fuehrende_nullen"
    assert findings[0].width == 8 and findings[0].gain == 3
    assert "KEY_WIDTH=8" in findings[0].suggestion


def test_diagnosis_finds_number_against_text_when_the_layer_lost_the_zeros():
    findings = diagnose_keys(["1", "2", "3"], ["01", "02", "03"])
    found = {f.kind: f for f in findings}
    assert found["zahl_text"].gain == 3 and found["zahl_text"].width == 2


def test_diagnosis_finds_keys_embedded_in_names_on_either_side():
    in_table = diagnose_keys(["01", "02", "03"], ["01 Altstadt", "02 Nordstadt", "Hafen"])
    assert [f.kind for f in in_table] == ["schluessel_im_text"] and in_table[0].gain == 2
    in_layer = diagnose_keys(["STGT01", "STGT02"], ["01", "02"])
    assert [f.kind for f in in_layer] == ["schluessel_im_text"] and in_layer[0].gain == 2


def test_no_finding_when_all_keys_match():
    assert diagnose_keys(["01", "02"], ["02", "01"]) == []


def test_names_compare_without_case_umlauts_and_street_abbreviation():
    assert normalise_name("Schloßstraße") == normalise_name("SCHLOSSSTR.")
    assert normalise_name("Südstadt") == normalise_name("Suedstadt")
    assert names_differ(["Allende I", "Altstadt", ""], ["Allende II", "altstadt", "x"]).tolist() == [True, False, False]


def test_vectorised_key_cleaning_equals_cleaning_each_key():
    from sozialraum_monitor.core.keys import _one_key

    values = ["01", " 02 ", '"03"', "4.0", "5.5", "a b", "x\u00a0y", "", "  ", None, float("nan"), 3, 2.5,
              "STGT03", "'07'", "1e5", "-3", "+3.00", "ü", "\ufeff12", "12.000"]
    assert normalise_keys(values).tolist() == [_one_key(v) for v in values]


def test_integer_keys_are_text_without_a_decimal_part():
    assert normalise_keys(pd.Series([101, None, 3], dtype="Int64")).tolist() == ["101", None, "3"]
    assert normalise_keys(pd.Series([101.0, 2.0])).tolist() == ["101", "2"]
    assert normalise_keys(pd.Series(["101.0", 7], dtype=object)).tolist() == ["101", "7"]


def test_prefix_of_keys_that_lost_their_leading_zero_is_diagnosed():
    import os

    from sozialraum_monitor.core.keys import diagnose_prefix
    from sozialraum_monitor.core.reader import read_delimited
    table = read_delimited(os.path.join(os.path.dirname(__file__), "data", "reading", "schluessel_ohne_null.csv"))
    finding = diagnose_prefix(table.frame["plr"], 2)   # integers as the office's Excel stored them
    assert finding.width == 8 and finding.gain == 3 and "KEY_WIDTH=8" in finding.suggestion
    assert "'10' statt zu '01'" in finding.message and "'10011101'" in finding.message
    assert ("1011101", "01011101") in finding.examples


def test_keys_of_one_length_have_no_prefix_finding():
    from sozialraum_monitor.core.keys import diagnose_prefix

    assert diagnose_prefix(["01011101", "10011101", "Nord"], 2) is None
