"""Reading indicator tables as statistics offices deliver them.

Two ways in, one result (`IndicatorTable`):
- `read_delimited`: our own reader for delimited text as German offices write it: delimiter `;`, `,`, tab or
  `|` detected, UTF-8 / UTF-8 with BOM / UTF-16 / cp1252 detected, title lines above the header, footnotes
  below the data, files without a header row, a header of years above the data.
- `read_rows`: the same rules for rows of cells QGIS read from a spreadsheet sheet (XLSX, ODS) without a header
  (`adapter.tables`): title rows above the header are found, the header is the first row that holds the key
  field's name (or the first that looks like a header).
Tables QGIS opens with typed fields (DBF, GeoPackage, PostGIS …) come through `adapter.tables.read_layer_table`.

Numbers: the decimal mark is decided per column from all its cells (core.numbers, rules 1-6 there); each
column's decision is a `ColumnReading` in `IndicatorTable.readings`, and `IndicatorTable.numbers(column)`
parses a column with it (an ambiguous column is an error naming the column and the parameter DECIMAL). For
speed, pandas' C parser reads the file once; a column it parsed as floats is read again as text only when its
floats do not show the mark (values like 2.518 or 12.5) and neither does a sample of its cells or the rest of
the file.

Memory: pandas gets the file's bytes (a stream over them), not one Python str of the whole file (1-4 bytes a
character, and its copy for pandas as much again), whenever bytes and text split into the same lines and cells
(UTF-8 or a single-byte encoding, no NUL byte, no lone CR, no CR LF in a file with quotes: `_ByteLines`);
only the lines the rules look at one by one are decoded. Other files are decoded whole as before.

Odd input: a NUL byte in a cell is kept visible ('7␀0', a NULL with its reason, never 7), an extra cell in any
data row is an error naming the line, a column name given twice is renamed ('Quote_2') and listed, a folder
is not a table.
"""
import codecs
import csv
import io
import math
import os
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import TableError
from .numbers import (
    COMMA,
    INTEGERS,
    MARK_NAMES,
    NUL_SHOWN,
    NUMBER_FIELD,
    POINT,
    TEXT,
    ColumnReading,
    agreed_mark,
    decide_decimal,
    float_evidence,
    is_number_text,
    number_evidence,
    parse_series,
    parse_values,
)
from .sheets import sheet_names, sheet_rows

NUMBER_CELLS = ColumnReading("", "Zahlenzellen des Tabellenblatts (kein Dezimalzeichen zu erkennen)")

DELIMITED_EXTENSIONS = (".csv", ".txt", ".tsv", ".tab", ".dat")
_CANDIDATES = (";", "\t", ",", "|")
_FOOTNOTE = re.compile(r"^\s*(\d{1,2}\)|\(\d{1,2}\)|\*+\s|[¹²³]|quelle|anmerkung|hinweis|fu(ß|ss)note|stand\b|"
                       r"erl(ä|ae)uterung|zeichenerkl|source|note)", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_LEADING_ZERO = re.compile(r"^[+-]?0\d+$")
_HEAD_LINES = 200
_TAIL_LINES = 200
_SAMPLE_ROWS = 1000
PROVIDER_KEY_NAMES = ("fid", "ogc_fid")    # feature keys of GeoPackage / PostGIS exports, never indicators
FOOTNOTE, PREAMBLE = "Fußnote", "Vorspann"


@dataclass(frozen=True)
class IndicatorTable:
    frame: pd.DataFrame          # one row per data row; float columns are numbers, object columns text
    path: str                    # file or layer source
    name: str                    # short name for reports (file name, layer name)
    rows: np.ndarray             # per frame row: line in the file / row of the sheet, or feature id (layer)
    row_label: str = "Zeile"     # what `rows` counts ("Zeile" or "Objekt-ID")
    encoding: str = ""
    delimiter: str = ""
    decimal: str = ","           # the mark most columns were read with (for the report)
    header_line: int = 0         # 1-based line (sheet row) of the header; 0 = no header row (feld_1, feld_2, …)
    skipped: tuple = field(default_factory=tuple)   # (line, kind, text): title lines, footnotes
    readings: dict = field(default_factory=dict)    # column -> core.numbers.ColumnReading
    renamed: tuple = field(default_factory=tuple)   # (column as read, original name, position): names given twice
    sheet: str = ""              # the sheet read (spreadsheets)
    sheets: tuple = field(default_factory=tuple)    # all sheets of the file
    provider_keys: tuple = field(default_factory=tuple)   # the source's feature key columns (fid, ogc_fid, pk)

    @property
    def columns(self):
        return [str(c) for c in self.frame.columns]

    def reading(self, column):
        """The ColumnReading of a column (numeric fields and unknown columns: NUMBER_FIELD / decided now)."""
        if column in self.readings:
            return self.readings[column]
        series = self.frame[column]
        if pd.api.types.is_numeric_dtype(series):
            return NUMBER_FIELD
        return decide_decimal(number_evidence(pd.unique(series.dropna())))

    def check_reading(self, column):
        """The column's ColumnReading; TableError naming DECIMAL for an ambiguous column."""
        reading = self.reading(column)
        if not reading.settled:
            raise TableError(
                f"{self.path}: Spalte '{column}': {reading.how}. Bitte das Dezimalzeichen angeben: Parameter "
                f"DECIMAL '{column}=,' (Dezimalkomma, Punkt als Tausendertrenner) oder '{column}=.' "
                "(Dezimalpunkt, Komma als Tausendertrenner).")
        return reading

    def numbers(self, column):
        """(float values, reasons) of a column, parsed with its reading. TableError for an ambiguous column."""
        reading = self.check_reading(column)
        return parse_series(self.frame[column], reading.decimal or self.decimal or COMMA)

    def values(self, column):
        """numbers() compact: (float ndarray of its own, reasons as text by position of the missing values)."""
        reading = self.check_reading(column)
        return parse_values(self.frame[column], reading.decimal or self.decimal or COMMA)


def detect_encoding(raw):
    """(encoding, text) for bytes: BOMs first, UTF-16 without BOM (every other byte NUL), then strict UTF-8,
    then cp1252 (Windows/Excel)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", raw.decode("utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", raw.decode("utf-16")
    sample = raw[:4000]
    if len(sample) >= 4 and sample.count(b"\x00") * 3 > len(sample):
        for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if zeros.count(b"\x00") * 10 > len(zeros) * 9:
                try:
                    return encoding, raw.decode(encoding)
                except UnicodeDecodeError:
                    pass
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
        for number in range(1, min(self.count, _HEAD_LINES + _SAMPLE_ROWS + 2)):
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

    def body(self, first, end):
        """A function opening lines first..end-1 as a text stream (for pandas)."""
        text = self.joined(first, end)
        return lambda: io.StringIO(text)

    def __getitem__(self, item):
        if isinstance(item, slice):
            first, end, _ = item.indices(self.count)
            return self.joined(first, end).split("\n") if end > first else []
        if item < 0:
            item += self.count
        return self.text[self._start(item):self._start(item + 1) - 1]


class _Body(io.RawIOBase):
    """A read-only binary stream over bytes start..stop of a file (or of a bytes object: `source`)."""

    def __init__(self, source, start, stop):
        super().__init__()
        self.handle = open(source, "rb") if isinstance(source, str) else None  # noqa: SIM115 (closed in close())
        self.view = None if self.handle is not None else memoryview(source)
        self.position, self.stop = start, stop
        if self.handle is not None:
            self.handle.seek(start)

    def readable(self):
        return True

    def readinto(self, buffer):
        size = max(min(len(buffer), self.stop - self.position), 0)
        if self.handle is not None:
            size = self.handle.readinto(memoryview(buffer)[:size]) if size else 0
        else:
            buffer[:size] = self.view[self.position:self.position + size]
        self.position += size
        return size

    def close(self):
        if self.handle is not None:
            self.handle.close()
        super().close()


class _ByteLines(_Lines):
    """The lines of the file's bytes, as _Lines gives them for the decoded text, without decoding the file:
    only the lines looked at one by one are decoded, pandas gets the data as bytes (`body`). Used for UTF-8
    and single-byte encodings (the byte 0x0A is always a line break there) when the file holds no NUL byte and
    no carriage return other than in CR LF (and no CR LF at all when it has quotes, whose cells could hold a
    line break): then the text and the bytes split into the same lines and cells. A Python str of a whole file
    costs 1-4 bytes a character, and its copy for pandas as much again."""

    def __init__(self, raw, offset, encoding, crlf):
        self.text, self.offset, self.encoding, self.crlf = raw, offset, encoding, crlf
        self.path = None
        newline = b"\n"
        size = len(raw)
        ends_open = size > offset and not raw.endswith(newline)
        self.count = _count_newlines(raw, offset) + (1 if ends_open else 0)
        end = size + 1 if ends_open else size
        self.starts = {0: offset, self.count: end}
        position = offset
        for number in range(1, min(self.count, _HEAD_LINES + _SAMPLE_ROWS + 2)):
            position = raw.find(newline, position) + 1
            self.starts[number] = position
        position = end - 1
        for number in range(self.count - 1, max(self.count - _TAIL_LINES - 3, 0), -1):
            position = raw.rfind(newline, offset, position) + 1
            if position == 0:
                position = offset
            self.starts[number] = position
            position -= 1

    def release(self, path):
        """Let go of the file's bytes: from now on the lines and the body are read from the file `path`."""
        self.text, self.path = None, path

    def _bytes(self, first, last):
        if self.text is not None:
            return memoryview(self.text)[first:max(last, first)]
        with open(self.path, "rb") as handle:
            handle.seek(first)
            return handle.read(max(last - first, 0))

    def _text(self, first, last):
        """The decoded bytes first..last (which ends before a line break), CR LF as LF."""
        data = self._bytes(first, last)
        if self.crlf and len(data) and bytes(data[-1:]) == b"\r":
            data = data[:-1]
        text = str(data, self.encoding)
        return text.replace("\r\n", "\n") if self.crlf else text

    def joined(self, first, end):
        first, end = max(first, 0), min(end, self.count)
        return self._text(self._start(first), self._start(end) - 1) if end > first else ""

    def __getitem__(self, item):
        if isinstance(item, slice):
            return super().__getitem__(item)
        if item < 0:
            item += self.count
        return self._text(self._start(item), self._start(item + 1) - 1)

    def body(self, first, end):
        """A function opening the bytes of lines first..end-1 as a binary stream (for pandas, `encoding`)."""
        first, end = max(first, 0), min(end, self.count)
        start = self._start(first)
        stop = self._start(end) - 1 if end > first else start
        if self.crlf and stop > start and bytes(self._bytes(stop - 1, stop)) == b"\r":
            stop -= 1
        source = self.path if self.text is None else self.text
        return lambda: io.BufferedReader(_Body(source, start, max(stop, start)), buffer_size=1 << 20)

    def blank(self):
        """True when the file holds only white space (as no match of the regex \\S in the decoded text)."""
        found = _NOT_ASCII_SPACE.search(self.text, self.offset)
        if found is None:
            return True
        if found.group()[0] < 0x80:
            return False
        return not re.search(r"\S", str(memoryview(self.text)[self.offset:], self.encoding))


def _count_newlines(raw, offset):
    """raw.count(b"\n", offset), counted by numpy in slices (several times faster for a large file)."""
    view = memoryview(raw)
    return sum(int(np.count_nonzero(np.frombuffer(view[start:start + _CHUNK], dtype=np.uint8) == 10))
               for start in range(offset, len(raw), _CHUNK))


_NOT_ASCII_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c\x1c-\x1f]")
_BYTE_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15")
_CHUNK = 1 << 24


def _decode_check(raw, offset, encoding):
    """Raise the UnicodeDecodeError `raw[offset:].decode(encoding)` would raise (same positions), decoding
    chunks that end after a line break (never inside a character in these encodings) instead of all at once."""
    view = memoryview(raw)
    position = offset
    while position < len(raw):
        stop = raw.find(b"\n", min(position + _CHUNK, len(raw)))
        stop = len(raw) if stop < 0 else stop + 1
        try:
            str(view[position:stop], encoding)
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(error.encoding, raw[offset:], error.start + position - offset,
                                     error.end + position - offset, error.reason) from None
        position = stop


def _byte_lines(raw, encoding):
    """_ByteLines for the file when its bytes split into the same lines and cells as its text (see there), with
    the encoding detect_encoding would choose when `encoding` is empty; else None (the text is decoded)."""
    if b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    crlf = b"\r" in raw            # (a search, not a count: most files have none)
    if crlf and (raw.count(b"\r") != raw.count(b"\r\n") or b'"' in raw):
        return None
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            return None
        if name not in _BYTE_ENCODINGS:
            return None
        offset = 3 if name == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf") else 0
        _decode_check(raw, offset, encoding)
        chosen = encoding
    elif raw.startswith(b"\xef\xbb\xbf"):
        offset, chosen = 3, "utf-8-sig"
        _decode_check(raw, offset, "utf-8")
    else:
        offset = 0
        for chosen in ("utf-8", "cp1252", "latin-1"):
            try:
                _decode_check(raw, 0, chosen)
                break
            except UnicodeDecodeError:
                continue
    if _is_utf8(chosen):
        while raw.startswith(b"\xef\xbb\xbf", offset):   # text.lstrip("\ufeff")
            offset += 3
    lines = _ByteLines(raw, offset, "utf-8" if _is_utf8(chosen) else chosen, crlf)
    lines.name = chosen
    return lines


def _is_utf8(encoding):
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _text_lines(raw, encoding, path):
    """(_Lines, encoding) of the decoded text: line breaks as \\n, a NUL byte shown as ␀ (pandas would end
    the cell there: '7\\x000' -> 7), leading byte order marks dropped."""
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
    if "\x00" in text:
        text = text.replace("\x00", NUL_SHOWN)
    return _Lines(text), encoding


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


def _looks_like_header(candidate, data_rows):
    """A header has fewer number-like cells than the rows below it (keys count on both sides). A year
    (2011, 2017 …) above a column whose cells are not years counts as text: years as column names."""
    if not data_rows:
        return True
    years = set()
    for position, cell in enumerate(candidate):
        if _YEAR.match(cell.strip()):
            below = [row[position].strip() for row in data_rows
                     if position < len(row) and is_number_text(row[position])]
            if below and not all(_YEAR.match(c) for c in below):
                years.add(position)
    numbers_in_candidate = sum(is_number_text(c) for i, c in enumerate(candidate) if i not in years)
    numbers_in_data = float(np.median([sum(is_number_text(c) for c in row) for row in data_rows]))
    return numbers_in_candidate < numbers_in_data or (numbers_in_candidate == 0 and numbers_in_data == 0)


def _column_names(cells, width):
    """Names for `width` columns from the header cells; a name given twice gets a suffix (_2, _3 …).
    Returns (names, renamed) with renamed = ((new name, original, 1-based position), …)."""
    names, seen, renamed = [], {}, []
    taken = {c.strip() for c in cells[:width]}
    for number in range(width):
        original = cells[number].strip() if number < len(cells) else ""
        name = original or f"feld_{number + 1}"
        if name in seen:
            count = seen[name]
            new = f"{name}_{count + 1}"
            while new in taken or new in seen:
                count += 1
                new = f"{name}_{count + 1}"
            seen[name] = count + 1
            seen[new] = 1
            renamed.append((new, name, number + 1))
            name = new
        else:
            seen[name] = 1
        names.append(name)
    return names, tuple(renamed)


def _find_start(head, key=""):
    """(index of the first table row in `head`, header found by the key name). The key field's name in a row
    makes it the header; otherwise the first row with at least 60 % of the typical number of filled cells."""
    if key:
        wanted = str(key).strip().casefold()
        for index, row in enumerate(head):
            if _filled(row) >= 2 and any(cell.strip().casefold() == wanted for cell in row):
                return index, True
    filled = [_filled(r) for r in head]
    typical = float(np.median([f for f in filled if f >= 2])) if any(f >= 2 for f in filled) else 2
    needed = max(2, int(math.ceil(0.6 * typical)))
    start = next((i for i, f in enumerate(filled) if f >= needed), None)
    return start, False


def _footnotes(tail, tail_start, line_text):
    """(end of the data, footnote entries): from the end, rows with at most one filled cell or that start like
    a footnote."""
    end = tail_start + len(tail)
    notes = []
    for offset in range(len(tail) - 1, -1, -1):
        row = tail[offset]
        first = next((c for c in row if c.strip()), "")
        if _filled(row) <= 1 or _FOOTNOTE.match(first):
            end = tail_start + offset
            if _filled(row):
                notes.append((end + 1, FOOTNOTE, line_text(end)))
        else:
            break
    return end, notes[::-1]


@dataclass(frozen=True)
class _Layout:
    start: int            # index of the header (or first data) row
    body_first: int       # index of the first data row
    end: int              # index after the last data row
    has_header: bool
    width: int
    names: list
    renamed: tuple
    skipped: list


def _layout(head, tail, tail_start, count, line_text, path, key="", header="auto"):
    """Where header and data are, from the first rows (`head`) and the last (`tail`, starting at row index
    `tail_start` of `count`). Raises TableError for a table without rows or an extra cell in a data row."""
    start, by_key = _find_start(head, key)
    if start is None:
        raise TableError(f"{path}: Keine Tabellenzeilen gefunden. Bitte Trennzeichen und Datei prüfen.")
    skipped = [(i + 1, PREAMBLE, line_text(i)) for i in range(start) if i < len(head) and _filled(head[i])]
    tail_start = max(tail_start, start + 1)
    tail = tail[len(tail) - (count - tail_start):] if count > tail_start else []
    end, notes = _footnotes(tail, tail_start, line_text)
    skipped += notes
    filled = [_filled(r) for r in head]
    typical = float(np.median([f for f in filled if f >= 2])) if any(f >= 2 for f in filled) else 2
    needed = max(2, int(math.ceil(0.6 * typical)))
    candidate = head[start]
    body_sample = [r for r in head[start + 1:min(start + 21, end)] if _filled(r) >= needed]
    has_header = (by_key or _looks_like_header(candidate, body_sample)) if header == "auto" else bool(header)
    lengths = [len(r) for r in body_sample]
    width = max([len(candidate)] + ([max(set(lengths), key=lengths.count)] if lengths else []))
    names, renamed = _column_names(candidate if has_header else [], width)
    body_first = start + 1 if has_header else start
    for index in range(body_first, min(end, len(head))):
        row = head[index]
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise TableError(f"{path}: Zeile {index + 1} hat {len(row)} Felder, erwartet {width}. Bitte die Zeile "
                             "prüfen (Trennzeichen im Text? Anführungszeichen?) oder das Trennzeichen angeben.")
    return _Layout(start, body_first, end, has_header, width, names, renamed, skipped)


def _options(decimal):
    """(forced {column: mark}, default mark) from the decimal option ('' / ',' / '.' / {column: mark})."""
    if not decimal:
        return {}, ""
    if isinstance(decimal, str):
        if decimal not in (COMMA, POINT):
            raise TableError(f"Dezimalzeichen '{decimal}' unbekannt: bitte ',' oder '.' angeben.")
        return {}, decimal
    forced = {str(k): v for k, v in dict(decimal).items() if k != "*"}
    return forced, dict(decimal).get("*", "")


def _check_forced(forced, names, path):
    unknown = [c for c in forced if c not in names]
    if unknown:
        raise TableError(f"{path}: Parameter DECIMAL nennt die Spalte {', '.join(map(repr, unknown))}, die es nicht "
                         f"gibt (vorhanden: {', '.join(names[:30])}). Bitte den Spaltennamen wie in der Kopfzeile "
                         "angeben.")


def _decide_text_columns(frame, columns, forced, default, settled_elsewhere=None, fallback=None):
    """Readings of text columns from all their distinct text cells (the file's agreed mark among them).
    Numeric cells (spreadsheets) need no reading; a column of numeric cells and markers is NUMBER_CELLS."""
    evidence, has_numbers = {}, {}
    for column in columns:
        distinct = pd.unique(frame[column].dropna())
        texts = [c for c in distinct if isinstance(c, str)]
        has_numbers[column] = len(texts) < len(distinct)
        evidence[column] = number_evidence(texts)
    agreed = agreed_mark({**(settled_elsewhere or {}), **evidence})
    readings = {}
    for column in columns:
        if has_numbers[column] and evidence[column].numbers == 0 and not forced.get(column):
            readings[column] = NUMBER_CELLS
        else:
            readings[column] = decide_decimal(evidence[column], forced.get(column, ""), default, agreed, fallback)
    return readings, evidence, agreed


def column_readings(frame, text_columns=(), decimal=None, path="", fallback=None):
    """ColumnReadings of the text columns of a frame that are not `text_columns` (numeric columns are left out:
    they need none). decimal: as in read_delimited. fallback: (mark, why) for columns nothing else settles."""
    forced, default = _options(decimal)
    _check_forced(forced, [str(c) for c in frame.columns], path)
    columns = [c for c in frame.columns if c not in text_columns and not pd.api.types.is_numeric_dtype(frame[c])]
    readings, _, _ = _decide_text_columns(frame, columns, forced, default, fallback=fallback)
    readings.update({c: TEXT for c in text_columns if c in frame.columns})
    for column in forced:
        if pd.api.types.is_numeric_dtype(frame[column]):
            readings[column] = NUMBER_FIELD
    return readings


def read_delimited(path, delimiter=None, encoding=None, header="auto", decimal=None, text_columns=(),
                   name=None, key=""):
    """Read a delimited text file (see module doc). `header`: "auto", True or False.

    decimal: None (decide per column), ',' or '.' (for columns the cells do not settle), or {column: mark}
    (forced; '*' for the rest). text_columns: columns kept as text whatever they hold (key and name fields,
    so "01" stays "01"). key: the key field's name (its row is the header, below any title rows).
    Raises TableError with a German message naming file, line and what to do.
    """
    label = name or os.path.basename(path)
    if os.path.isdir(path):
        raise TableError(f"{path}: Das ist ein Ordner, keine Tabelle. Bitte eine Datei wählen (CSV, XLSX, ODS …).")
    if not os.path.exists(path):
        raise TableError(f"{path}: Datei nicht gefunden. Bitte den Pfad prüfen.")
    forced, default = _options(decimal)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise TableError(f"{path}: Die Datei lässt sich nicht lesen ({error.strerror}). Bitte Rechte und Pfad "
                         "prüfen.") from None
    try:
        lines = _byte_lines(raw, encoding)
    except UnicodeDecodeError as error:
        raise TableError(f"{path}: Die Datei lässt sich nicht als {encoding} lesen ({error}). "
                         "Bitte die Zeichenkodierung leer lassen (automatisch) oder korrigieren.") from None
    if lines is not None:
        encoding, blank = lines.name, lines.blank()
        lines.release(path)   # the file's bytes are not kept while pandas reads it
    else:
        lines, encoding = _text_lines(raw, encoding, path)
        blank = not re.search(r"\S", lines.text)
    del raw
    if blank:
        raise TableError(f"{path}: Die Tabelle ist leer. Bitte eine Datei mit Kopfzeile und Datenzeilen wählen.")
    delimiter = delimiter or detect_delimiter(lines)
    if delimiter is None:
        raise TableError(f"{path}: Kein Trennzeichen erkannt (gesucht: Semikolon, Komma, Tabulator, |). "
                         "Ist das eine Tabelle? Bitte als CSV mit Semikolon speichern.")
    head = _split(lines[:_HEAD_LINES], delimiter)
    tail_start = max(0, len(lines) - _TAIL_LINES)
    tail = _split(lines[tail_start:], delimiter)
    layout = _layout(head, tail, tail_start, len(lines), lambda i: lines[i].strip(), path, key, header)
    names, body_first, end = layout.names, layout.body_first, layout.end
    _check_forced(forced, names, path)
    text_columns = [c for c in text_columns if c in names]
    body = lines.body(body_first, end)
    sample = _split(lines[body_first:min(end, body_first + _SAMPLE_ROWS)], delimiter)
    pandas_mark = _pandas_mark(sample, delimiter, {names.index(c) for c in text_columns})
    read = dict(sep=delimiter, header=None, names=names, quotechar='"', keep_default_na=False, na_values=[""],
                skip_blank_lines=False, engine="c", index_col=False, skipinitialspace=False,
                encoding=getattr(lines, "encoding", None))
    try:
        frame = _read_body(body, names, text_columns, end - body_first, dict(read, decimal=pandas_mark))
    except pd.errors.ParserError as error:
        found = re.search(r"line (\d+), saw (\d+)", str(error))
        where = (f"Zeile {body_first + int(found.group(1))} hat {found.group(2)} Felder, erwartet {layout.width}"
                 if found else str(error))
        raise TableError(f"{path}: {where}. Bitte die Zeile prüfen (Trennzeichen im Text? Anführungszeichen?) "
                         "oder das Trennzeichen angeben.") from None
    rows = np.arange(body_first + 1, body_first + 1 + len(frame))
    keep = _filled_rows(frame)
    # Excel pads rows with delimiters: unnamed columns that hold nothing are left out.
    empty = [c for c in frame.columns if c.startswith("feld_") and layout.has_header and frame[c].isna().all()]
    readings, mark = _decide_columns(frame, text_columns, forced, default, pandas_mark, sample, names,
                                     lambda columns: pd.read_csv(body(), usecols=columns,
                                                                 dtype={c: str for c in columns}, **read))
    if not keep.all():   # (each step below copies the whole frame: only when it changes something)
        frame = frame.loc[keep].reset_index(drop=True)
    if empty:
        frame = frame.drop(columns=empty)
    rows = rows[keep]
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
            frame[column] = series.astype(float)
        elif not pd.api.types.is_numeric_dtype(series):
            frame[column] = series.astype(object).where(series.notna(), None)
    if len(frame) == 0:
        raise TableError(f"{path}: Die Tabelle hat keine Datenzeilen. Bitte eine Datei mit Datenzeilen wählen.")
    give_back_memory()     # the parser's chunks
    return IndicatorTable(frame=frame, path=path, name=label, rows=rows, row_label="Zeile", encoding=encoding,
                          delimiter=delimiter, decimal=mark, header_line=(layout.start + 1) if layout.has_header else 0,
                          skipped=tuple(layout.skipped), readings={c: r for c, r in readings.items()
                                                                   if c in frame.columns},
                          renamed=layout.renamed)


_CHUNK_ROWS = 1 << 16


def _read_body(body, names, text_columns, most_rows, read):
    """pd.read_csv of the body (dtype str for `text_columns`), read in chunks of rows: the columns that come out
    as floats are written straight into one float matrix (at most `most_rows` rows) that becomes their block in
    the frame, without pandas' copy of all of them into one block at the end (the whole table once, not twice,
    at a million rows). Columns of other types are joined from their chunks with numpy's type rules, as pandas
    joins its own chunks (integers stay integers, integers and floats become floats, anything with text is
    object). Columns keep the file's order."""
    numeric = [n for n in names if n not in text_columns]
    matrix = np.empty((max(most_rows, 0), len(numeric)), order="F")   # pages are used only when written
    pieces = {n: [] for n in text_columns}
    at = 0
    with pd.read_csv(body(), dtype={c: str for c in text_columns}, chunksize=_CHUNK_ROWS, **read) as chunks:
        for chunk in chunks:
            size = len(chunk)
            if at + size > len(matrix):
                raise pd.errors.ParserError("more rows than lines")
            for j, name in enumerate(numeric):
                values = chunk[name].to_numpy()
                if name in pieces:
                    pieces[name].append(values.copy())
                elif values.dtype == np.float64:
                    matrix[at:at + size, j] = values
                else:        # not floats in this chunk: the column is gathered from pieces
                    pieces[name] = ([matrix[:at, j].copy()] if at else []) + [values.copy()]
            for name in text_columns:
                pieces[name].append(chunk[name].to_numpy(dtype=object).copy())
            at += size
    floats = [n for n in numeric if n not in pieces]
    for target, name in enumerate(floats):     # float columns to the left, in order
        source = numeric.index(name)
        if source != target:
            matrix[:at, target] = matrix[:at, source]
    frame = pd.DataFrame(matrix[:at, :len(floats)], columns=floats, copy=False)
    for position, name in enumerate(names):
        if name not in pieces:
            continue
        parts = pieces.pop(name)
        values = np.concatenate(parts) if parts else np.empty(0, dtype=object)
        frame.insert(position, name, values)
    return frame

def give_back_memory():
    """Return freed heap memory to the system where the C library can (glibc's malloc_trim): arrays of a
    million keys or codes are freed into the heap, and without this the next large block is taken anew."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):    # not glibc (Windows, macOS): nothing to do
        pass


def _filled_rows(frame):
    """Rows with at least one cell (= ~frame.isna().all(axis=1)), column by column, done once all are."""
    keep = np.zeros(len(frame), dtype=bool)
    for column in frame.columns:
        keep |= frame[column].notna().to_numpy()
        if keep.all():
            break
    return keep


def _pandas_mark(sample, delimiter, skip):
    """The mark pandas' fast parser is given: the one more sample cells show (only speed depends on it)."""
    cells = {c for row in sample[:100] for i, c in enumerate(row) if i not in skip}
    evidence = number_evidence(cells)
    if evidence.comma != evidence.point:
        return COMMA if evidence.comma > evidence.point else POINT
    return POINT if delimiter == "," else COMMA


def _decide_columns(frame, text_columns, forced, default, pandas_mark, sample, names, read_text):
    """Readings of all columns; columns to be read with another mark than pandas used are replaced in `frame`
    by their text. Returns (readings, the mark most columns have)."""
    readings = {c: TEXT for c in text_columns}
    evidence, pending, settled_floats, need_text, zeros = {}, [], {}, [], []
    positions = {c: i for i, c in enumerate(names)}
    for column in frame.columns:
        if column in text_columns:
            continue
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        position = positions[column]
        cells = pd.unique(pd.Series([row[position] for row in sample if position < len(row)], dtype=object))
        if any(_LEADING_ZERO.match(str(c).strip()) for c in cells):
            zeros.append(column)         # '01', '007': codes or keys, pandas would make them 1 and 7
            continue
        if pd.api.types.is_integer_dtype(series):
            readings[column] = INTEGERS
            continue
        values = series.to_numpy(dtype=float)
        if np.isinf(values).any():
            pending.append(column)       # 'inf', '1e400': read the text to name them
            continue
        found = float_evidence(values, pandas_mark)
        if not found.settled_by_cells:
            found = number_evidence(cells)
        if found.settled_by_cells:
            settled_floats[column] = found
        else:
            pending.append(column)
    texts = [c for c in frame.columns if c not in text_columns and c not in readings and c not in settled_floats
             and c not in pending and c not in zeros]
    text_readings, evidence, agreed = _decide_text_columns(frame, texts, forced, default, settled_floats)
    readings.update(text_readings)
    for column, found in settled_floats.items():
        readings[column] = decide_decimal(found, forced.get(column, ""))
        if readings[column].decimal != pandas_mark:
            need_text.append(column)
    to_read = []
    for column in pending:
        wanted = forced.get(column) or default or (agreed[0] if agreed else "")
        values = frame[column].to_numpy(dtype=float)
        if wanted == pandas_mark and not np.isinf(values).any():
            basis = ("Parameter DECIMAL" if forced.get(column) else "Vorgabe DECIMAL" if default else agreed[1])
            readings[column] = ColumnReading(wanted, f"{MARK_NAMES[wanted]} ({basis})")
        else:
            to_read.append(column)
    if to_read:
        raw = read_text(to_read)
        for column in to_read:
            cells = raw[column]
            reading = decide_decimal(number_evidence(pd.unique(cells.dropna())), forced.get(column, ""), default,
                                     agreed)
            readings[column] = reading
            if reading.decimal not in ("", pandas_mark) or not reading.settled or \
                    np.isinf(frame[column].to_numpy(dtype=float)).any():
                frame[column] = cells.astype(object).where(cells.notna(), None).to_numpy()
    if need_text or zeros:
        raw = read_text(need_text + zeros)
        for column in need_text + zeros:
            frame[column] = raw[column].astype(object).where(raw[column].notna(), None).to_numpy()
        for column in zeros:
            reading = decide_decimal(number_evidence(pd.unique(raw[column].dropna())), forced.get(column, ""),
                                     default, agreed)
            readings[column] = ColumnReading(reading.decimal, f"{reading.how}; Zahlen mit führender Null ('01') als "
                                             "Text gelesen", reading.settled, reading.numeric)
    marks = [r.decimal for c, r in readings.items() if r.decimal and r.numeric and r.settled]
    mark = max(set(marks), key=marks.count) if marks else pandas_mark
    return readings, mark


def _cell_text(cell):
    """A cell as the text the layout rules look at: numeric cells without a trailing '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)


def read_rows(rows, path, name, row_numbers=None, decimal=None, text_columns=(), key="", header="auto", sheet="",
              sheets=(), percent_columns=()):
    """A table from rows of cells (float for numeric cells, str for text, None for empty), as a spreadsheet
    sheet holds them (core.sheets): title rows above the header and footnotes below the data are found as in
    read_delimited, the header is the row that holds `key` (or the first that looks like a header). Numeric
    cells stay numbers; text cells get a reading per column as in text files. row_numbers: the sheet row of
    each row (default 1, 2, …); percent_columns: 0-based columns whose percent cells were read as percent."""
    originals = [list(row) for row in rows]
    for row in originals:
        while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
            row.pop()
    cells = [[_cell_text(c) for c in row] for row in originals]
    numbers = np.arange(1, len(cells) + 1) if row_numbers is None else np.asarray(row_numbers)
    where = f"{path} (Blatt '{sheet}')" if sheet else path
    if not any(_filled(r) for r in cells):
        raise TableError(f"{where}: Das Blatt ist leer. Bitte das Blatt mit den Daten wählen "
                         "(datei.xlsx|layername=Blatt).")

    def line_text(index):
        return "; ".join(c.strip() for c in cells[index] if c.strip())

    forced, default = _options(decimal)
    head = cells[:_HEAD_LINES + 2]
    tail_start = max(0, len(cells) - _TAIL_LINES)
    layout = _layout(head, cells[tail_start:], tail_start, len(cells), line_text, where, key, header)
    for index in range(layout.body_first, layout.end):
        row = cells[index]
        if len(row) > layout.width and any(c.strip() for c in row[layout.width:]):
            raise TableError(f"{where}: Zeile {numbers[index]} hat {len(row)} Felder, erwartet {layout.width}. "
                             "Bitte die Zeile prüfen.")
    names = layout.names
    _check_forced(forced, names, where)
    width = layout.width
    body = [[None if (isinstance(c, str) and not c.strip()) else c for c in row[:width]] + [None] * (width - len(row))
            for row in originals[layout.body_first:layout.end]]
    frame = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
    line = numbers[layout.body_first:layout.end]
    keep = ~frame.isna().all(axis=1).to_numpy()
    frame, line = frame.loc[keep].reset_index(drop=True), line[keep]
    empty = [c for c in frame.columns if c.startswith("feld_") and layout.has_header and frame[c].isna().all()]
    frame = frame.drop(columns=empty)
    if len(frame) == 0:
        raise TableError(f"{where}: Die Tabelle hat keine Datenzeilen. Bitte das Blatt mit den Daten wählen.")
    text_columns = [c for c in text_columns if c in frame.columns]
    for column in text_columns:
        frame[column] = frame[column].map(lambda c: _cell_text(c) if isinstance(c, float) else c).astype(object)
    readings, _, _ = _decide_text_columns(frame, [c for c in frame.columns if c not in text_columns], forced, default)
    readings.update({c: TEXT for c in text_columns})
    for column in frame.columns:
        cells = frame[column].dropna()
        if len(cells) and column not in text_columns and all(isinstance(c, float) for c in cells):
            frame[column] = frame[column].astype(float)     # numeric cells only: a number column
    for position in percent_columns:
        column = names[position] if position < len(names) else None
        if column in readings and readings[column].numeric:
            reading = readings[column]
            readings[column] = ColumnReading(reading.decimal, f"{reading.how}; Zellen im Prozentformat als "
                                             "Prozentwert gelesen (0,4725 → 47,25)", reading.settled)
    marks = [r.decimal for r in readings.values() if r.decimal and r.settled]
    mark = max(set(marks), key=marks.count) if marks else COMMA
    header_line = int(numbers[layout.start]) if layout.has_header else 0
    skipped = tuple((int(numbers[i - 1]), kind, text) for i, kind, text in layout.skipped)
    return IndicatorTable(frame=frame, path=path, name=name, rows=line, row_label="Zeile", decimal=mark,
                          header_line=header_line, skipped=skipped, readings=readings, renamed=layout.renamed,
                          sheet=sheet, sheets=tuple(sheets))


def _split_source(source):
    """(path, sheet or '') of 'datei.xlsx|layername=Blatt 2' (other parts of such a source are ignored)."""
    parts = str(source).split("|")
    sheet = ""
    for part in parts[1:]:
        if part.lower().startswith("layername="):
            sheet = part.split("=", 1)[1]
    return parts[0], sheet


def _holds(rows, key):
    wanted = str(key).strip().casefold()
    return any(isinstance(cell, str) and cell.strip().casefold() == wanted for row in rows[:_HEAD_LINES]
               for cell in row)


def _has_table(rows):
    return any(sum(1 for c in row if c is not None and _cell_text(c).strip()) >= 2 for row in rows[:_HEAD_LINES])


def read_spreadsheet(source, key="", sheet="", decimal=None, text_columns=()):
    """A sheet of an XLSX/ODS file as an IndicatorTable. `source` may name the sheet ('datei.xlsx|layername=
    Blatt 2'), or `sheet` does. Without a name: the sheet that holds the key field's name in its first rows
    (several: an error listing them); without a key, the first sheet that holds a table. The sheet read is
    named in the table's name and `sheet`."""
    path, named = _split_source(source)
    sheet = sheet or named
    names = sheet_names(path)
    label = os.path.basename(path)
    if not sheet and len(names) > 1:
        contents = {n: sheet_rows(path, n) for n in names}
        if key:
            holding = [n for n in names if _holds(contents[n].rows, key)]
            if len(holding) > 1:
                raise TableError(f"{path}: Mehrere Blätter enthalten das Schlüsselfeld '{key}': "
                                 f"{', '.join(map(repr, holding))}. Bitte das Blatt angeben, z. B. "
                                 f"{label}|layername={holding[0]}.")
            if not holding:
                raise TableError(f"{path}: Kein Blatt enthält das Schlüsselfeld '{key}' (Blätter: "
                                 f"{', '.join(map(repr, names))}). Bitte das Schlüsselfeld prüfen oder das Blatt "
                                 f"angeben, z. B. {label}|layername={names[0]}.")
            sheet = holding[0]
        else:
            sheet = next((n for n in names if _has_table(contents[n].rows)), names[0])
        content = contents[sheet]
    else:
        content = sheet_rows(path, sheet)
        sheet = content.sheet
    return read_rows(content.rows, path, f"{label} [{sheet}]", row_numbers=content.numbers, decimal=decimal,
                     text_columns=text_columns, key=key, sheet=sheet, sheets=names,
                     percent_columns=content.percent_columns)


def parse_column(series, decimal=","):
    """A table column -> (float values, reasons) with a reason for every missing value (core.numbers)."""
    return parse_series(series, decimal)
