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
