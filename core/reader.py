"""Reading indicator tables as statistics offices deliver them.

Two ways in, one result (`IndicatorTable`):
- `read_delimited`: our own reader for delimited text as German offices write it: delimiter `;`, `,`, tab or
  `|` detected, UTF-8 / UTF-8 with BOM / UTF-16 / cp1252 detected, title lines above the header, footnotes
  below the data, files without a header row. Columns whose cells are all clean numbers are parsed by
  pandas' C parser (fast); every other column stays text and is parsed later with `core.numbers`, so that
  each value that becomes NULL keeps its reason (markers `.`, `-`, `x`, …, thousands separators, `%`).
Tables QGIS opens (XLSX, ODS, DBF, GeoPackage table, PostGIS, …) are read by `adapter.tables.read_layer_table`
into the same `IndicatorTable`; `adapter.tables.read_table` picks the way from the file name.
"""
import csv
import io
import math
import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .numbers import guess_decimal, parse_number
from .errors import TableError

DELIMITED_EXTENSIONS = (".csv", ".txt", ".tsv", ".tab", ".dat")
_CANDIDATES = (";", "\t", ",", "|")
_FOOTNOTE = re.compile(r"^\s*(\d{1,2}\)|\(\d{1,2}\)|\*+\s|[¹²³]|quelle|anmerkung|hinweis|fu(ß|ss)note|stand\b|"
                       r"erl(ä|ae)uterung|zeichenerkl|source|note)", re.IGNORECASE)
_HEAD_LINES = 200
_TAIL_LINES = 200


@dataclass(frozen=True)
class IndicatorTable:
    frame: pd.DataFrame          # one row per data row; float columns are numbers, object columns text
    path: str                    # file or layer source
    name: str                    # short name for reports (file name, layer name)
    rows: np.ndarray             # per frame row: line in the file (CSV) or feature id (layer)
    row_label: str = "Zeile"     # what `rows` counts ("Zeile" or "Objekt-ID")
    encoding: str = ""
    delimiter: str = ""
    decimal: str = ","
    header_line: int = 0         # 1-based line of the header; 0 = no header row (columns feld_1, feld_2, …)
    skipped: tuple = field(default_factory=tuple)   # (line, kind, text): title lines, footnotes

    @property
    def columns(self):
        return [str(c) for c in self.frame.columns]


def detect_encoding(raw):
    """(encoding, text) for bytes: BOMs first, then strict UTF-8, then cp1252 (Windows/Excel)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", raw.decode("utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", raw.decode("utf-16")
    try:
        return "utf-8", raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return "cp1252", raw.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1", raw.decode("latin-1")


class _Lines:
    """The lines of a text (like text.split("\n") without a last empty line) without splitting all of it:
    only the first and the last lines are located (that is all the reader looks at one by one); the data in
    between is handed to pandas as one slice of the text (`joined`)."""

    def __init__(self, text):
        self.text = text
        self.count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        end = len(text) if text.endswith("\n") or not text else len(text) + 1
        self.starts = {0: 0, self.count: end}
        position = 0
        for number in range(1, min(self.count, _HEAD_LINES + 2)):
            position = text.find("\n", position) + 1
            self.starts[number] = position
        position = end - 1
        for number in range(self.count - 1, max(self.count - _TAIL_LINES - 3, 0), -1):
            position = text.rfind("\n", 0, position) + 1
            self.starts[number] = position
            position -= 1

    def __len__(self):
        return self.count

    def _start(self, number):
        try:
            return self.starts[number]
        except KeyError:
            raise IndexError(f"line {number} not located") from None

    def joined(self, first, end):
        """"\n".join(lines[first:end])."""
        first, end = max(first, 0), min(end, self.count)
        return self.text[self._start(first):self._start(end) - 1] if end > first else ""

    def __getitem__(self, item):
        if isinstance(item, slice):
            first, end, _ = item.indices(self.count)
            return self.joined(first, end).split("\n") if end > first else []
        if item < 0:
            item += self.count
        return self.text[self._start(item):self._start(item + 1) - 1]


def _split(lines, delimiter):
    return list(csv.reader(lines, delimiter=delimiter, quotechar='"'))


def _filled(row):
    return sum(1 for cell in row if cell.strip() != "")


def detect_delimiter(lines):
    """The candidate that splits the most sample lines into the same number (>= 2) of cells."""
    sample = [line for line in lines[:_HEAD_LINES] if line.strip()]
    best, best_score = None, 0
    for delimiter in _CANDIDATES:
        counts = [len(r) for r in _split(sample, delimiter) if _filled(r) >= 2]
        if not counts:
            continue
        values, freq = np.unique(counts, return_counts=True)
        modal = values[np.argmax(freq)]
        score = int(freq.max()) * (1 + 0.01 * min(modal, 50))
        if modal >= 2 and score > best_score:
            best, best_score = delimiter, score
    return best


def _is_number(cell, decimal):
    text = cell.strip()
    if text == "":
        return False
    return not math.isnan(parse_number(text, decimal)[0])


def _looks_like_header(candidate, data_rows, decimal):
    """A header has fewer number-like cells than the rows below it (keys count on both sides)."""
    if not data_rows:
        return True
    numbers_in_candidate = sum(_is_number(c, decimal) for c in candidate)
    numbers_in_data = float(np.median([sum(_is_number(c, decimal) for c in row) for row in data_rows]))
    return numbers_in_candidate < numbers_in_data or (numbers_in_candidate == 0 and numbers_in_data == 0)


def _column_names(cells, width):
    names, seen = [], {}
    for number in range(width):
        name = cells[number].strip() if number < len(cells) else ""
        name = name or f"feld_{number + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def read_delimited(path, delimiter=None, encoding=None, header="auto", decimal=None, text_columns=(),
                   name=None):
    """Read a delimited text file (see module doc). `header`: "auto", True or False.

    text_columns: columns kept as text whatever they hold (key and name fields, so "01" stays "01").
    Raises TableError with a German message naming file, line and what to do.
    """
    label = name or os.path.basename(path)
    if not os.path.exists(path):
        raise TableError(f"{path}: Datei nicht gefunden. Bitte den Pfad prüfen.")
    with open(path, "rb") as handle:
        raw = handle.read()
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise TableError(f"{path}: Die Datei lässt sich nicht als {encoding} lesen ({error}). "
                             "Bitte die Zeichenkodierung leer lassen (automatisch) oder korrigieren.") from None
    else:
        encoding, text = detect_encoding(raw)
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _Lines(text)
    if not re.search(r"\S", text):
        raise TableError(f"{path}: Die Tabelle ist leer. Bitte eine Datei mit Kopfzeile und Datenzeilen wählen.")
    delimiter = delimiter or detect_delimiter(lines)
    if delimiter is None:
        raise TableError(f"{path}: Kein Trennzeichen erkannt (gesucht: Semikolon, Komma, Tabulator, |). "
                         "Ist das eine Tabelle? Bitte als CSV mit Semikolon speichern.")
    head = _split(lines[:_HEAD_LINES], delimiter)
    filled = [_filled(r) for r in head]
    typical = float(np.median([f for f in filled if f >= 2])) if any(f >= 2 for f in filled) else 2
    needed = max(2, int(math.ceil(0.6 * typical)))
    start = next((i for i, f in enumerate(filled) if f >= needed), None)
    if start is None:
        raise TableError(f"{path}: Keine Tabellenzeilen gefunden. Bitte Trennzeichen und Datei prüfen.")
    skipped = [(i + 1, "Vorspann", lines[i].strip()) for i in range(start) if i < len(head) and _filled(head[i])]
    # Footnotes: from the end, lines with at most one filled cell or that start like a footnote.
    end = len(lines)
    tail_start = max(start + 1, len(lines) - _TAIL_LINES)
    tail = _split(lines[tail_start:], delimiter)
    footnotes = []
    for offset in range(len(tail) - 1, -1, -1):
        row = tail[offset]
        first = next((c for c in row if c.strip()), "")
        if _filled(row) <= 1 or _FOOTNOTE.match(first):
            end = tail_start + offset
            if _filled(row):
                footnotes.append((end + 1, "Fußnote", lines[end].strip()))
        else:
            break
    skipped += footnotes[::-1]
    sample_values = [c for row in head[start:start + 50] for c in row[1:]]
    if decimal is None:
        decimal = "." if delimiter == "," else guess_decimal(sample_values)
    candidate = head[start] if start < len(head) else _split([lines[start]], delimiter)[0]
    body_sample = [r for r in head[start + 1:start + 21] if _filled(r) >= needed]
    has_header = _looks_like_header(candidate, body_sample, decimal) if header == "auto" else bool(header)
    lengths = [len(r) for r in body_sample]
    width = max([len(candidate)] + ([max(set(lengths), key=lengths.count)] if lengths else []))
    names = _column_names(candidate if has_header else [], width)
    body_first = start + 1 if has_header else start
    body = lines.joined(body_first, end)
    text_columns = [c for c in text_columns if c in names]
    try:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, header=None, names=names, quotechar='"',
                            dtype={c: str for c in text_columns}, keep_default_na=False, na_values=[""],
                            skip_blank_lines=False, decimal=decimal, engine="c", index_col=False,
                            skipinitialspace=False)
    except pd.errors.ParserError as error:
        found = re.search(r"line (\d+), saw (\d+)", str(error))
        where = (f"Zeile {body_first + int(found.group(1))} hat {found.group(2)} Felder, erwartet {width}"
                 if found else str(error))
        raise TableError(f"{path}: {where}. Bitte die Zeile prüfen (Trennzeichen im Text? Anführungszeichen?) "
                         "oder das Trennzeichen angeben.") from None
    rows = np.arange(body_first + 1, body_first + 1 + len(frame))
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():
        frame, rows = frame.loc[~blank], rows[~blank]
    # Excel pads rows with delimiters: drop unnamed columns that hold nothing.
    empty_columns = [c for c in frame.columns if c.startswith("feld_") and has_header and frame[c].isna().all()]
    frame = frame.drop(columns=empty_columns).reset_index(drop=True)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            frame[column] = series.astype(float)
        elif series.dtype == object:
            frame[column] = series.where(series.notna(), None)
    if len(frame) == 0:
        raise TableError(f"{path}: Die Tabelle hat keine Datenzeilen. Bitte eine Datei mit Datenzeilen wählen.")
    return IndicatorTable(frame=frame, path=path, name=label, rows=rows, row_label="Zeile", encoding=encoding,
                          delimiter=delimiter, decimal=decimal, header_line=(start + 1) if has_header else 0,
                          skipped=tuple(skipped))


def parse_column(series, decimal=","):
    """A table column -> (float values, reasons) with a reason for every missing value.

    Float columns pass through ("leer" where missing); text columns are parsed per distinct value
    with core.numbers.parse_number, so large tables with few distinct markers stay fast.
    """
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype(float)
        reasons = pd.Series(np.where(values.isna().to_numpy(), "leer", None), index=series.index, dtype=object)
        return values, reasons
    codes, uniques = pd.factorize(series, use_na_sentinel=True) if _HAS_NA_SENTINEL else pd.factorize(series)
    parsed = [parse_number(u, decimal) for u in uniques]
    unique_values = np.array([p[0] for p in parsed] + [np.nan], dtype=float)
    unique_reasons = np.array([p[1] for p in parsed] + ["leer"], dtype=object)
    values = pd.Series(unique_values[codes], index=series.index, dtype=float)
    reasons = pd.Series(unique_reasons[codes], index=series.index, dtype=object)
    return values, reasons


try:  # pandas >= 1.5 has use_na_sentinel; older ones na_sentinel (-1 either way)
    pd.factorize(pd.Series(["a"]), use_na_sentinel=True)
    _HAS_NA_SENTINEL = True
except TypeError:
    _HAS_NA_SENTINEL = False
