"""German numbers in one place: parsing what statistics offices write, formatting what users read.

Parsing is vectorised over pandas Series; every value that becomes missing keeps its reason.
"""
import math
import re

import numpy as np
import pandas as pd

# Markers German statistics offices use instead of a number (Zeichenerklärung, DESTATIS / GENESIS).
SPECIAL_MARKERS = {
    ".": "unbekannt oder geheim (.)",
    "-": "nichts vorhanden (-)",
    "\u2013": "nichts vorhanden (\u2013)",
    "\u2014": "nichts vorhanden (\u2014)",
    "x": "Nachweis nicht sinnvoll (x)",
    "X": "Nachweis nicht sinnvoll (x)",
    "/": "keine Angabe, zu unsicher (/)",
    "\u2026": "Angabe fällt später an (\u2026)",
    "...": "Angabe fällt später an (...)",
    "()": "Aussagewert eingeschränkt (())",
    "*": "geheim (*)",
}
EMPTY_REASON = "leer"
NOT_NUMERIC_REASON = "keine Zahl"

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GERMAN = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")  # 1.234.567,89 or 1234,5
_ENGLISH = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")  # 1,234,567.89 or 1234.5
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def clean_number_text(text):
    """Strip blanks, quotes, percent signs and thousands spaces; return '' for empty."""
    text = str(text).strip().strip('"').strip()
    if text.endswith("%"):
        text = text[:-1]
    return _SPACES.sub("", text).replace("\u2212", "-")


def parse_number(text, decimal=","):
    """One cell -> (float or nan, reason or None). `decimal` is ',' (German) or '.'."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return math.nan, EMPTY_REASON
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return float(text), None
    raw = str(text).strip()
    if raw == "":
        return math.nan, EMPTY_REASON
    if raw in SPECIAL_MARKERS:
        return math.nan, SPECIAL_MARKERS[raw]
    t = clean_number_text(raw)
    if t in SPECIAL_MARKERS:
        return math.nan, SPECIAL_MARKERS[t]
    if decimal == ",":
        if _GERMAN.match(t):
            return float(t.replace(".", "").replace(",", ".")), None
        if _PLAIN.match(t) and "." not in t:
            return float(t), None
    else:
        if _ENGLISH.match(t):
            return float(t.replace(",", "")), None
        if _PLAIN.match(t):
            return float(t), None
    return math.nan, NOT_NUMERIC_REASON


def parse_series(series, decimal=","):
    """Series of text -> (float Series, reason Series with None where the value is a number)."""
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype(float)
        reasons = pd.Series(np.where(values.isna(), EMPTY_REASON, None), index=series.index, dtype=object)
        return values, reasons
    pairs = [parse_number(v, decimal) for v in series.tolist()]
    values = pd.Series([p[0] for p in pairs], index=series.index, dtype=float)
    reasons = pd.Series([p[1] for p in pairs], index=series.index, dtype=object)
    return values, reasons


def guess_decimal(texts):
    """',' or '.' : which decimal separator explains more of the sample."""
    sample = [clean_number_text(t) for t in texts if t is not None and str(t).strip() != ""][:2000]
    german = sum(1 for t in sample if "," in t and _GERMAN.match(t))
    english = sum(1 for t in sample if "." in t and _ENGLISH.match(t) and not _GERMAN.match(t))
    # "1.234" alone is ambiguous; it counts for German only if a comma-decimal also appears.
    return "." if english > german else ","


def format_number(value, decimals=1, unit="", missing="–"):
    """German format: 1234.5 -> '1.234,5'; with unit '%' -> '12,3 %'. NaN/None -> `missing`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    text = f"{float(value):,.{decimals}f}".replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    if text.startswith("-") and float(text.replace(".", "").replace(",", ".")) == 0:
        text = text[1:]
    return f"{text} {unit}".rstrip() if unit else text


def format_range(lower, upper, decimals=1, unit=""):
    """Legend label '5,0 – 10,0 %'."""
    label = f"{format_number(lower, decimals)} \u2013 {format_number(upper, decimals)}"
    return f"{label} {unit}".rstrip() if unit else label


def decimals_for(values, max_decimals=3):
    """Fewest decimals (0..max) that keep the distinct values of a class scheme apart."""
    finite = [float(v) for v in values if v is not None and np.isfinite(v)]
    for d in range(max_decimals + 1):
        if len({round(v, d) for v in finite}) == len(set(finite)):
            return d
    return max_decimals
