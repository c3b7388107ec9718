"""Text cells of CSV and XLSX files that a spreadsheet would run as a formula are written as plain text
(and text printed in QGIS layouts holds no expression: `no_expressions`).

Rule (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets
a leading apostrophe, which Excel and LibreOffice Calc take as "this is text" and never evaluate. Catalogue
labels, area names and notes can come from anyone; `=HYPERLINK(…)` or `@SUM(…)` in them must not run when an
office opens the export. Numbers stay numbers: int and float values are never touched, and a text that is only
a number (`-3,5`, `+1.234,0`, `-0.25`, `-1e-05`) is left as it is, so signed changes and z-values read back as
numbers. Everything else (`-` followed by a word, `+49 30 …`, `=1+1`) is neutralised.

>>> safe_cell("=1+1")
"'=1+1"
>>> safe_cell("-3,5"), safe_cell(-3.5), safe_cell("Mitte")
('-3,5', -3.5, 'Mitte')
"""
from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d.,]*)([eE][+-]?\d+)?$")


def safe_cell(value: str | float | None) -> str | float:
    """The value as a spreadsheet may read it: text that would start a formula gets a leading apostrophe."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return value
    if _NUMBER.match(value):
        return value
    return "'" + value


def no_expressions(text: str) -> str:
    """Text that QGIS prints as it is. Layout labels and legend texts run everything between `[%` and `%]` as an
    expression (`[% env('PATH') %]` in a catalogue label printed the environment into a map); an invisible
    zero-width space between `[` and `%` leaves no expression in the text and changes nothing on the page.

    >>> no_expressions("Quote [% env('PATH') %]")
    "Quote [\u200b% env('PATH') %]"
    """
    return str(text).replace("[%", "[\u200b%") if text else text


def safe_row(values: list) -> list:
    """A list of cells, each through safe_cell."""
    return [safe_cell(v) for v in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells went through safe_cell (numeric columns are left alone).

    >>> safe_frame(pd.DataFrame({"a": ["@x", "y"], "b": [-1.0, 2.0]})).to_dict("list")
    {'a': ["'@x", 'y'], 'b': [-1.0, 2.0]}
    """
    result = frame.copy()
    for column in result.columns:
        if not pd.api.types.is_numeric_dtype(result[column]):
            result[column] = result[column].map(safe_cell)
    return result
