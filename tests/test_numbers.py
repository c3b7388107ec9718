import math

import pandas as pd
import pytest

from sozialraum_monitor.core.numbers import format_number, format_range, parse_number, parse_series


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", 1234.5), ("12,5", 12.5), ("12,5 %", 12.5), ('"3,0"', 3.0), ("1\u202f234", 1234.0),
    ("1 234,75", 1234.75), ("-0,5", -0.5), ("\u22122,5", -2.5), ("7", 7.0), ("1.234.567", 1234567.0),
])
def test_parse_german_numbers(text, expected):
    value, reason = parse_number(text, ",")
    assert reason is None and value == pytest.approx(expected)


@pytest.mark.parametrize("marker", [".", "-", "\u2013", "x", "/", "\u2026", "()", "*"])
def test_special_markers_become_missing_with_reason(marker):
    value, reason = parse_number(marker, ",")
    assert math.isnan(value) and reason and marker.lower() in reason.lower()


def test_text_is_not_a_number():
    value, reason = parse_number("Nordstadt", ",")
    assert math.isnan(value) and reason == "keine Zahl"


def test_parse_series_keeps_reasons_per_row():
    values, reasons = parse_series(pd.Series(["1,5", ".", "", "2"]))
    assert values.iloc[0] == 1.5 and values.iloc[3] == 2.0
    assert reasons.iloc[0] is None and "geheim" in reasons.iloc[1] and reasons.iloc[2] == "leer"


def test_format_number_german():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(12.345, 1, "%") == "12,3 %"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(float("nan")) == "–"
    assert format_range(5, 10, 1, "%") == "5,0 – 10,0 %"


# --- the decimal mark of a column (issue 11) ---------------------------------------------------------------

from sozialraum_monitor.core import numbers as numbers_module  # noqa: E402
from sozialraum_monitor.core.errors import TableError  # noqa: E402
from sozialraum_monitor.core.numbers import (  # noqa: E402
    COMMA,
    POINT,
    apply_codes,
    decide_decimal,
    number_evidence,
    parse_codes,
    parse_decimal_option,
)


def test_doctests_of_the_numbers_module_hold():
    import doctest

    assert doctest.testmod(numbers_module).failed == 0


@pytest.mark.parametrize("cells, mark", [
    (["12,5", "7"], COMMA),                 # a comma with one decimal: only a decimal comma explains it
    (["1.234,5"], COMMA),                   # thousands dot and decimal comma
    (["1.234.567"], COMMA),                 # two dot groups: the dot cannot be the decimal mark
    (["0.137", "0.25"], POINT),             # a zero before the point: never a thousands group
    (["2.7978"], POINT),                    # four decimals
    (["1,234.5"], POINT),                   # thousands comma and decimal point
    (["1.5e-3"], POINT),
])
def test_cells_that_only_one_mark_explains_settle_the_column(cells, mark):
    reading = decide_decimal(number_evidence(cells))
    assert reading.settled and reading.decimal == mark and "Zellen wie" in reading.how


def test_small_integers_beside_three_digit_groups_mean_thousands_separators():
    reading = decide_decimal(number_evidence(["2.518", "987", "640"]))
    assert reading.decimal == COMMA and "Tausenderpunkt" in reading.how
    assert parse_number("2.518", reading.decimal) == (2518.0, None)


def test_integers_from_1000_written_plainly_mean_the_point_is_decimal():
    reading = decide_decimal(number_evidence(["2.518", "12345"]))
    assert reading.decimal == POINT


def test_a_group_ending_in_zero_beside_integers_is_a_thousands_group():
    # '2.000' as a decimal would have been written '2'
    reading = decide_decimal(number_evidence(["2.000", "1000", "55"]))
    assert reading.decimal == COMMA


def test_three_digit_groups_alone_are_ambiguous_and_not_guessed():
    reading = decide_decimal(number_evidence(["1.234", "2.345", "3.456"]))
    assert not reading.settled and "mehrdeutig" in reading.how and "'1.234'" in reading.how


def test_a_column_with_both_marks_is_contradictory():
    reading = decide_decimal(number_evidence(["12,5", "0.137"]))
    assert not reading.settled and "widersprüchlich" in reading.how


def test_the_file_and_the_users_default_settle_ambiguous_columns_but_never_override_the_cells():
    ambiguous = number_evidence(["1.234", "2.345"])
    assert decide_decimal(ambiguous, file_mark=(COMMA, "wie die übrigen Spalten")).decimal == COMMA
    assert decide_decimal(ambiguous, default=POINT).decimal == POINT
    assert decide_decimal(number_evidence(["0.137"]), default=COMMA).decimal == POINT
    assert decide_decimal(number_evidence(["0.137"]), forced=COMMA).decimal == COMMA


def test_negative_integers_such_as_codes_say_nothing_about_magnitudes():
    assert not decide_decimal(number_evidence(["1.234", "-9999"])).settled


@pytest.mark.parametrize("text, expected", [
    ("", ""), (",", COMMA), ("Punkt", POINT), ("Einwohner=,; Gini=.", {"Einwohner": COMMA, "Gini": POINT}),
])
def test_decimal_option(text, expected):
    assert parse_decimal_option(text) == expected


def test_decimal_option_that_makes_no_sense_is_an_error():
    with pytest.raises(TableError, match="DECIMAL"):
        parse_decimal_option("Einwohner=;")


@pytest.mark.parametrize("cell, reason", [
    ("7\x000", numbers_module.NUL_REASON), ("7\u24000", numbers_module.NUL_REASON),
    ("inf", numbers_module.INFINITE_REASON), ("-Infinity", numbers_module.INFINITE_REASON),
    ("1e400", numbers_module.INFINITE_REASON), ("NaN", numbers_module.NAN_REASON),
    (float("inf"), numbers_module.INFINITE_REASON),
])
def test_odd_cells_are_null_with_their_reason_never_a_changed_or_infinite_value(cell, reason):
    for mark in (COMMA, POINT):
        value, why = parse_number(cell, mark)
        assert math.isnan(value) and why == reason


def test_codes_are_read_from_text_and_become_null_with_reason():
    assert parse_codes("-9999; -999, -1") == (-9999.0, -999.0, -1.0)
    values, reasons = apply_codes(pd.Series([1.5, -9999.0, -1.0]), pd.Series([None, None, None], dtype=object),
                                  (-9999.0,))
    assert math.isnan(values[1]) and reasons[1] == "Code -9999 für 'kein Wert'"
    assert values[2] == -1.0 and reasons[2] is None


@pytest.mark.parametrize("cell, reason", [
    ("k.A.", "keine Angabe (k. A.)"), ("k. A.", "keine Angabe (k. A.)"), ("n.v.", "nicht vorhanden (n. v.)"),
    ("#DIV/0!", "Fehlerwert der Tabellenkalkulation (#DIV/0!)"), ("#NV", "Fehlerwert der Tabellenkalkulation (#NV)"),
    ("(12,5)", "Aussagewert eingeschränkt: (12,5) – nicht als Zahl übernommen"),
])
def test_other_no_value_words_keep_their_own_reason(cell, reason):
    value, why = parse_number(cell, COMMA)
    assert math.isnan(value) and why == reason
    assert number_evidence([cell, "1,5"]).texts == 0


def test_a_column_of_markers_only_is_no_text_column():
    reading = decide_decimal(number_evidence(["-", "."]))
    assert reading.numeric and "fehlende Werte" in reading.how
    assert not decide_decimal(number_evidence(["Altstadt", "-"])).numeric
