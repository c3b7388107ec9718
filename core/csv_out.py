"""Tables written as CSV the way German Excel opens them: `;` between cells, decimal comma, UTF-8 with BOM
(so umlauts survive), a header with the German aliases where there are any, no thousands separators (a number
is read back as the number it is), integers without decimals, missing values as empty cells, and text cells
that a spreadsheet would run as a formula neutralised (core.safe_cells). Written whole or not at all.

>>> import pandas as pd, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
>>> _ = write_german_csv(path, pd.DataFrame({"gebiet": ["01", "=1+1"], "quote": [12.5, None], "n": [3, 4]}))
>>> open(path, encoding="utf-8-sig").read().splitlines()
['gebiet;quote;n', '01;12,5;3', "'=1+1;;4"]
"""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from .files import atomic_write
from .safe_cells import safe_cell


def german_number(value) -> str:
    """A number as German Excel reads it: decimal comma, no thousands separator, full precision ('' if missing)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number).replace(".", ",")


def write_german_csv(path: str, frame: pd.DataFrame, aliases: dict | None = None) -> str:
    """Write `frame` to `path` as German CSV; column headers are the aliases where given."""
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    header = [safe_cell(str((aliases or {}).get(c) or c)) for c in frame.columns]

    def writer(temp):
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            out.writerow(header)
            for row in frame.itertuples(index=False, name=None):
                out.writerow([german_number(v) if is_number else ("" if v is None or v is pd.NA or
                                                                   (isinstance(v, float) and np.isnan(v))
                                                                   else safe_cell(str(v)))
                              for v, is_number in zip(row, numeric)])
    return atomic_write(path, writer, ".csv")
