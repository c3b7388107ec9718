"""German numbers in one place: parsing what statistics offices write, formatting what users read.

Parsing: every value that becomes missing keeps its reason (official markers, empty, text, NUL bytes,
infinite or overflowing values, no-value codes such as -9999).

The decimal mark is decided per column, from all its cells (`number_evidence`, `decide_decimal`), never per file
and never silently:
1. a mark the user names for the column (option/parameter DECIMAL, `"Spalte=,"`);
2. cells that only one mark explains: '12,5' or '1.234,5' (comma), '0.137', '2.7978', '1,234.5', '1.5e-3'
   (point). A group of exactly three digits after the only separator ('2.518', '1,250') explains both;
3. the default mark the user gives for columns their cells do not settle (DECIMAL=',' or '.');
4. the other columns of the same file, when all that are settled by their cells agree;
5. the magnitudes of the column's other cells: integers below 1,000 written without a separator beside
   '2.518' mean '2.518' is 2518 (thousands separator); integers of 1,000 and more written without one mean the
   separator is the decimal mark;
6. otherwise the column is ambiguous: reading it is an error that names the column and DECIMAL.
Columns of integers alone need no decision. Each decision is a `ColumnReading` with a German text saying how
and why, for the join report.
"""
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import TableError

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
# Other ways sources write "no value" (compared without blanks, case ignored).
WORD_MARKERS = {
    "k.a.": "keine Angabe (k. A.)", "ka": "keine Angabe (k. A.)", "n.v.": "nicht vorhanden (n. v.)",
    "n/a": "keine Angabe (n/a)", "na": "keine Angabe (NA)", "n.a.": "keine Angabe (n. a.)",
    "null": "keine Angabe (NULL)", "none": "keine Angabe (None)",
}
_SHEET_ERROR = re.compile(r"^#[A-ZÄÖÜ0-9/!?.]+[!?]?$|^#N/?V$|^#N/A$", re.IGNORECASE)
_BRACKETED = re.compile(r"^\((.+)\)$")
EMPTY_REASON = "leer"
NOT_NUMERIC_REASON = "keine Zahl"
NUL_REASON = "Steuerzeichen (NUL-Byte) in der Zelle – Wert unlesbar"
INFINITE_REASON = "unendlich oder zu groß für eine Zahl"
NAN_REASON = "'NaN' in der Quelle (keine Zahl)"
NUL_SHOWN = "\u2400"   # how the reader shows a NUL byte of a cell (the symbol for NUL): '7\x000' -> '7␀0'

COMMA, POINT = ",", "."
MARK_NAMES = {COMMA: "Dezimalkomma", POINT: "Dezimalpunkt"}

# No-value codes: numbers some sources write instead of "no value". -1 is a real value in many columns
# (a change, a balance), so it is a code only where the user or the catalogue names it.
DEFAULT_MISSING_CODES = (-9999.0, -999.0, -99999.0)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GERMAN = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")  # 1.234.567,89 or 1234,5
_ENGLISH = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")  # 1,234,567.89 or 1234.5
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GERMAN_EXPONENT = re.compile(r"^[+-]?(\d+,?\d*|,\d+)[eE][+-]?\d+$")
_INFINITE_WORDS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "\u221e", "+\u221e", "-\u221e",
                   "unendlich", "-unendlich", "#num!", "#zahl!"}
_NAN_WORDS = {"nan", "-nan", "+nan"}


def clean_number_text(text):
    """Strip blanks, quotes, percent signs and thousands spaces; return '' for empty.

    >>> clean_number_text(' "12,5 %" ')
    '12,5'
    """
    text = str(text).strip().strip('"').strip()
    if text.endswith("%"):
        text = text[:-1]
    return _SPACES.sub("", text).replace("\u2212", "-")


def _finite(value):
    if math.isinf(value):
        return math.nan, INFINITE_REASON
    return value, None


def parse_number(text, decimal=","):
    """One cell -> (float or nan, reason or None). `decimal` is ',' (German) or '.'.

    >>> parse_number("1.234,5")
    (1234.5, None)
    >>> parse_number("2.518", ".")
    (2.518, None)
    >>> parse_number("1e400", ".")
    (nan, 'unendlich oder zu groß für eine Zahl')
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return math.nan, EMPTY_REASON
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        value = float(text)
        return (math.nan, EMPTY_REASON) if math.isnan(value) else _finite(value)
    raw = str(text).strip()
    if raw == "":
        return math.nan, EMPTY_REASON
    if "\x00" in raw or NUL_SHOWN in raw:
        return math.nan, NUL_REASON
    if raw in SPECIAL_MARKERS:
        return math.nan, SPECIAL_MARKERS[raw]
    t = clean_number_text(raw)
    if t in SPECIAL_MARKERS:
        return math.nan, SPECIAL_MARKERS[t]
    lowered = t.lower()
    if lowered in _INFINITE_WORDS:
        return math.nan, INFINITE_REASON
    if lowered in _NAN_WORDS:
        return math.nan, NAN_REASON
    if lowered in WORD_MARKERS:
        return math.nan, WORD_MARKERS[lowered]
    if _SHEET_ERROR.match(t):
        return math.nan, f"Fehlerwert der Tabellenkalkulation ({raw})"
    bracketed = _BRACKETED.match(t)
    if bracketed and not math.isnan(parse_number(bracketed.group(1), decimal)[0]):
        return math.nan, f"Aussagewert eingeschränkt: {raw} – nicht als Zahl übernommen"
    if decimal == ",":
        if _GERMAN.match(t):
            return _finite(float(t.replace(".", "").replace(",", ".")))
        if (_PLAIN.match(t) and "." not in t) or _GERMAN_EXPONENT.match(t):
            return _finite(float(t.replace(",", ".")))
    else:
        if _ENGLISH.match(t):
            return _finite(float(t.replace(",", "")))
        if _PLAIN.match(t):
            return _finite(float(t))
    return math.nan, NOT_NUMERIC_REASON


def parse_series(series, decimal=","):
    """Series of text -> (float Series, reason Series with None where the value is a number)."""
    if pd.api.types.is_numeric_dtype(series):
        values = series.astype(float)
        infinite = np.isinf(values.to_numpy())
        reasons = pd.Series(np.where(values.isna(), EMPTY_REASON, np.where(infinite, INFINITE_REASON, None)),
                            index=series.index, dtype=object)
        return values.where(~infinite), reasons
    codes, uniques = pd.factorize(np.asarray(series, dtype=object))
    parsed = [parse_number(u, decimal) for u in uniques]
    unique_values = np.array([p[0] for p in parsed] + [np.nan], dtype=float)
    unique_reasons = np.array([p[1] for p in parsed] + [EMPTY_REASON], dtype=object)
    return (pd.Series(unique_values[codes], index=series.index, dtype=float),
            pd.Series(unique_reasons[codes], index=series.index, dtype=object))



def parse_values(series, decimal=","):
    """A column -> (float ndarray of its own, reasons: Series of text indexed by the positions of the missing
    values only). The same values and reasons as parse_series, without a reason object per cell."""
    if pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype=float, copy=True)
        where = np.flatnonzero(~np.isfinite(values))
        infinite = np.isinf(values[where])
        if infinite.any():
            values[where[infinite]] = np.nan
        texts = np.where(infinite, INFINITE_REASON, EMPTY_REASON).astype(object)
        return values, pd.Series(texts, index=where, dtype=object)
    codes, uniques = pd.factorize(np.asarray(series, dtype=object))
    parsed = [parse_number(u, decimal) for u in uniques]
    unique_values = np.array([p[0] for p in parsed] + [np.nan], dtype=float)
    unique_reasons = np.array([p[1] for p in parsed] + [EMPTY_REASON], dtype=object)
    values = unique_values[codes]
    where = np.flatnonzero(np.isnan(values))
    return values, pd.Series(unique_reasons[codes[where]], index=where, dtype=object)

# --- the decimal mark of a column ------------------------------------------------------------------------

_INTEGER = re.compile(r"^[+-]?\d+$")
_ONE_SEPARATOR = re.compile(r"^[+-]?(\d*)([.,])(\d+)$")
_GERMAN_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d{1,3}(\.\d{3}){2,}$")
_ENGLISH_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$|^[+-]?\d{1,3}(,\d{3}){2,}$")
_EXPONENT_POINT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)[eE][+-]?\d+$")
_EXPONENT_COMMA = re.compile(r"^[+-]?(\d+,\d*|,\d+)[eE][+-]?\d+$")
_EXPONENT_PLAIN = re.compile(r"^[+-]?\d+[eE][+-]?\d+$")

# what one cell tells about the mark
_COMMA, _POINT, _COMMA_OR_THOUSANDS, _POINT_OR_THOUSANDS, _SMALL, _LARGE, _TEXT, _NEGATIVE, _NONE = range(9)


def _cell_kind(text):
    t = clean_number_text(text)
    lowered = t.lower()
    if (t == "" or t in SPECIAL_MARKERS or lowered in _INFINITE_WORDS or lowered in _NAN_WORDS
            or lowered in WORD_MARKERS or _SHEET_ERROR.match(t)):
        return _NONE
    bracketed = _BRACKETED.match(t)
    if bracketed:
        return _cell_kind(bracketed.group(1))
    if _INTEGER.match(t):
        if t.startswith("-"):
            return _NEGATIVE     # no-value codes (-9999) and changes say nothing about thousands separators
        return _LARGE if len(t.lstrip("+")) >= 4 else _SMALL
    if _EXPONENT_PLAIN.match(t):
        return _NEGATIVE
    found = _ONE_SEPARATOR.match(t)
    if found:
        whole, mark, digits = found.groups()
        certain = len(digits) != 3 or whole == "" or whole.startswith("0") or len(whole) > 3
        if mark == ",":
            return _COMMA if certain else _COMMA_OR_THOUSANDS
        return _POINT if certain else _POINT_OR_THOUSANDS
    if _GERMAN_GROUPED.match(t) or _EXPONENT_COMMA.match(t):
        return _COMMA
    if _ENGLISH_GROUPED.match(t) or _EXPONENT_POINT.match(t):
        return _POINT
    return _TEXT


def is_number_text(text):
    """True for a cell that is a number under either mark ('12,5', '2.518', '1e5'); markers are not numbers.

    >>> is_number_text("2011"), is_number_text("x"), is_number_text("Altstadt")
    (True, False, False)
    """
    return _cell_kind(text) not in (_TEXT, _NONE)


@dataclass(frozen=True)
class NumberEvidence:
    """What the distinct cells of a column say about its decimal mark (counts of distinct cells, one example
    each): `comma`/`point` only that mark explains them; `comma_or_thousands`/`point_or_thousands` ('1,234',
    '2.518') either; `small`/`large` integers below / from 1,000 without a separator; `texts` no number."""
    comma: int = 0
    point: int = 0
    comma_or_thousands: int = 0
    point_or_thousands: int = 0
    small: int = 0
    large: int = 0
    texts: int = 0
    negative: int = 0
    round_groups: int = 0    # ambiguous cells whose three digits end in 0 ('2.000', '1,250')
    markers: int = 0         # cells that say "no value" ('.', '-', 'k. A.', 'inf', '#DIV/0!' …)
    examples: tuple = ()     # (kind name, cell) pairs, the first cell of each kind

    def example(self, kind):
        return dict(self.examples).get(kind, "")

    @property
    def numbers(self):
        return (self.comma + self.point + self.comma_or_thousands + self.point_or_thousands + self.small + self.large
                + self.negative)

    @property
    def settled_by_cells(self):
        """',' or '.' when the cells name one mark only, '' when none or both."""
        if self.comma and not self.point:
            return COMMA
        if self.point and not self.comma:
            return POINT
        return ""


_KIND_NAMES = ("comma", "point", "comma_or_thousands", "point_or_thousands", "small", "large", "texts", "negative")


def number_evidence(cells):
    """NumberEvidence of an iterable of cells (text; None/NaN are skipped). Pass distinct values for speed.

    >>> number_evidence(["2.518", "987", "12.345"]).point_or_thousands
    2
    >>> number_evidence(["0.137", "12,5"]).settled_by_cells
    ''
    """
    counts = [0] * 8
    round_groups = markers = 0
    examples = {}
    for cell in cells:
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            continue
        kind = _cell_kind(cell)
        if kind == _NONE:
            markers += bool(str(cell).strip())
            continue
        counts[kind] += 1
        examples.setdefault(_KIND_NAMES[kind], str(cell).strip())
        if kind in (_COMMA_OR_THOUSANDS, _POINT_OR_THOUSANDS) and clean_number_text(cell).endswith("0"):
            round_groups += 1
            examples.setdefault("round", str(cell).strip())
    return NumberEvidence(*counts, round_groups=round_groups, markers=markers, examples=tuple(examples.items()))


_PREFIX = 4096


def float_evidence(values, decimal):
    """NumberEvidence of a column that pandas already parsed with `decimal`, as far as the floats tell: a
    fraction below 1, a fraction of a value from 1,000 on, or more than three decimals can only have been written
    with `decimal` as the decimal mark. Anything else (values like 2.518 or 12.5, integral values) says nothing:
    the text is needed (returns an empty NumberEvidence)."""
    data = np.asarray(values, dtype=float)
    if len(data) > _PREFIX:   # the first certain fraction is the example: found in the first rows, it is that one
        found = float_evidence(data[:_PREFIX], decimal)
        if found.settled_by_cells:
            return found
    data = data[np.isfinite(data)]
    fraction = data[data != np.floor(data)]
    if len(fraction) == 0:
        return NumberEvidence()
    scaled = np.abs(fraction) * 1000.0
    many_decimals = np.abs(scaled - np.round(scaled)) > 1e-9 * np.maximum(scaled, 1.0)
    certain = (np.abs(fraction) < 1) | (np.abs(fraction) >= 1000) | many_decimals
    if not certain.any():
        return NumberEvidence()
    example = repr(float(fraction[certain][0]))
    example = example.replace(".", ",") if decimal == COMMA else example
    kind = "comma" if decimal == COMMA else "point"
    return NumberEvidence(comma=int(decimal == COMMA), point=int(decimal == POINT), examples=((kind, example),))


@dataclass(frozen=True)
class ColumnReading:
    """How the numbers of one column are read: `decimal` the mark they are parsed with ('' where no mark is
    needed: integers, number fields, text), `how` a German sentence for the report, `settled` False when the
    column is ambiguous or contradictory (reading it is an error naming DECIMAL)."""
    decimal: str
    how: str
    settled: bool = True
    numeric: bool = True     # False: a text column (names, codes), not read as numbers


NUMBER_FIELD = ColumnReading("", "Zahlenfeld der Quelle (kein Dezimalzeichen zu erkennen)")
INTEGERS = ColumnReading("", "nur ganze Zahlen ohne Trennzeichen")
TEXT = ColumnReading("", "Text, keine Zahlen", numeric=False)
MARKERS_ONLY = ColumnReading("", "keine Zahlen, nur Zeichen für fehlende Werte")


def _thousands_note(evidence, mark):
    """Which cells the decision reads with a thousands separator, for the report."""
    if mark == COMMA and evidence.point_or_thousands:
        return f"; '{evidence.example('point_or_thousands')}' mit Tausenderpunkt gelesen"
    if mark == POINT and evidence.comma_or_thousands:
        return f"; '{evidence.example('comma_or_thousands')}' mit Tausenderkomma gelesen"
    return ""


def decide_decimal(evidence, forced="", default="", file_mark=None, fallback=None):
    """The ColumnReading for a column's NumberEvidence (rules in the module doc).

    forced: mark the user named for this column; default: mark the user gave for undecided columns;
    file_mark: (mark, why) of the file's other columns, when they agree (agreed_mark); fallback: (mark, why)
    the source implies for columns nothing else settles (spreadsheets: numeric cells come with a point),
    before the magnitudes are looked at.

    >>> decide_decimal(number_evidence(["2.518", "987"])).how
    "Dezimalkomma, Tausenderpunkt: ganze Zahlen unter 1.000 ohne Trennzeichen ('987'), '2.518' mit Punkt"
    >>> decide_decimal(number_evidence(["1.234", "2.345"])).settled
    False
    """
    if forced:
        return ColumnReading(forced, f"{MARK_NAMES[forced]} (Parameter DECIMAL)")
    if evidence.numbers == 0:
        return MARKERS_ONLY if evidence.markers and not evidence.texts else TEXT
    by_cells = evidence.settled_by_cells
    if by_cells:
        kind = "comma" if by_cells == COMMA else "point"
        return ColumnReading(by_cells, f"{MARK_NAMES[by_cells]} (Zellen wie '{evidence.example(kind)}')"
                             + _thousands_note(evidence, by_cells))
    if evidence.comma and evidence.point:
        if default:
            return ColumnReading(default, f"{MARK_NAMES[default]} (Vorgabe DECIMAL; die Spalte enthält "
                                 f"'{evidence.example('comma')}' und '{evidence.example('point')}')")
        return ColumnReading("", f"widersprüchlich: '{evidence.example('comma')}' geht nur mit Dezimalkomma, "
                             f"'{evidence.example('point')}' nur mit Dezimalpunkt", settled=False)
    if not (evidence.comma_or_thousands or evidence.point_or_thousands):
        return INTEGERS
    if default:
        return ColumnReading(default, f"{MARK_NAMES[default]} (Vorgabe DECIMAL)" + _thousands_note(evidence, default))
    for given in (file_mark, fallback):
        if given:
            mark, why = given
            return ColumnReading(mark, f"{MARK_NAMES[mark]} ({why})" + _thousands_note(evidence, mark))
    if evidence.comma_or_thousands and evidence.point_or_thousands:
        return _ambiguous(evidence, "point_or_thousands")
    kind = "point_or_thousands" if evidence.point_or_thousands else "comma_or_thousands"
    separator = "." if kind == "point_or_thousands" else ","
    cell = evidence.example(kind)
    thousands = COMMA if separator == "." else POINT
    name = "Tausenderpunkt" if separator == "." else "Tausenderkomma"
    if (evidence.small or evidence.large) and evidence.round_groups:
        whole = evidence.example("small") or evidence.example("large")
        rounded = evidence.example("round")
        short = clean_number_text(rounded).rstrip("0").rstrip(".,")
        return ColumnReading(thousands, f"{MARK_NAMES[thousands]}, {name}: '{rounded}' steht neben ganzen Zahlen "
                             f"wie '{whole}' (als Dezimalzahl stünde dort '{short}')")
    if evidence.small and not evidence.large:
        return ColumnReading(thousands, f"{MARK_NAMES[thousands]}, {name}: ganze Zahlen unter 1.000 ohne "
                             f"Trennzeichen ('{evidence.example('small')}'), '{cell}' mit "
                             f"{'Punkt' if separator == '.' else 'Komma'}")
    if evidence.large:
        mark = POINT if separator == "." else COMMA
        return ColumnReading(mark, f"{MARK_NAMES[mark]}: ganze Zahlen ab 1.000 ohne Tausendertrenner "
                             f"('{evidence.example('large')}'), also ist '{cell}' eine Dezimalzahl")
    return _ambiguous(evidence, kind)


def _ambiguous(evidence, kind):
    cell = evidence.example(kind)
    digits = clean_number_text(cell)
    as_thousands = format_number(float(re.sub(r"[.,]", "", digits)), 0)
    as_decimal = format_number(float(digits.replace(",", ".")), 3)
    return ColumnReading("", f"mehrdeutig: '{cell}' kann {as_thousands} oder {as_decimal} bedeuten, und keine "
                         "Zelle der Spalte oder der Datei entscheidet es", settled=False)


def agreed_mark(evidence_by_column):
    """(mark, why) when every column its own cells settle has the same mark, else None.

    >>> agreed_mark({"a": number_evidence(["12,5"]), "b": number_evidence(["987"])})
    (',', "wie die übrigen Spalten der Datei: '12,5' in 'a'")
    """
    settled = {column: e.settled_by_cells for column, e in evidence_by_column.items() if e.settled_by_cells}
    if len(set(settled.values())) != 1:
        return None
    column, mark = next(iter(settled.items()))
    example = evidence_by_column[column].example("comma" if mark == COMMA else "point")
    return mark, f"wie die übrigen Spalten der Datei: '{example}' in '{column}'"


def parse_decimal_option(text):
    """The DECIMAL parameter: '' (decide from the cells), ',' or '.' (default for columns the cells do not
    settle), or 'Spalte=,; Andere=.' (per column, forced). Returns '' , a mark, or a dict.

    >>> parse_decimal_option("Einwohner=,; Gini=.")
    {'Einwohner': ',', 'Gini': '.'}
    """
    text = str(text or "").strip()
    if not text:
        return ""
    words = {",": COMMA, "komma": COMMA, "comma": COMMA, ".": POINT, "punkt": POINT, "point": POINT}
    if "=" not in text:
        if text.lower() not in words:
            raise TableError(f"DECIMAL '{text}': bitte ',' (Dezimalkomma), '.' (Dezimalpunkt) oder "
                             "'Spalte=,; Andere=.' angeben.")
        return words[text.lower()]
    marks = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        column, _, mark = part.rpartition("=")
        if not column.strip() or mark.strip().lower() not in words:
            raise TableError(f"DECIMAL: '{part.strip()}' verstehe ich nicht. Bitte je Spalte 'Spalte=,' oder "
                             "'Spalte=.' angeben, mehrere durch Semikolon getrennt.")
        marks[column.strip()] = words[mark.strip().lower()]
    return marks


# --- no-value codes ----------------------------------------------------------------------------------------

def parse_codes(text):
    """No-value codes from a text such as '-9999; -999; -1' (';', blanks, or ', ' / ',-' between codes; '-0,5' is
    one code with a decimal comma).

    >>> parse_codes("-9999; -1")
    (-9999.0, -1.0)
    """
    text = str(text or "").strip()
    if not text:
        return ()
    parts = re.split(r";|\s+|,(?=\s|[+-])", text)
    codes = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        value, reason = parse_number(part, COMMA if "," in part and "." not in part else POINT)
        if reason is not None:
            raise TableError(f"Code '{part}' für 'kein Wert' ist keine Zahl. Bitte Zahlen angeben, getrennt durch "
                             "Semikolon, z. B. '-9999; -999; -1'.")
        codes.append(value)
    return tuple(dict.fromkeys(codes))


def format_code(code):
    """-9999.0 -> '-9999' (codes as written in sources and parameters)."""
    return str(int(code)) if float(code).is_integer() else repr(float(code))


def code_reason(code):
    """The NULL reason of a no-value code."""
    return f"Code {format_code(code)} für 'kein Wert'"


def apply_codes(values, reasons, codes):
    """(values, reasons) with every value equal to one of `codes` set to NaN and its reason given (copies)."""
    if not len(codes):
        return values, reasons
    data = values.to_numpy(dtype=float, copy=True)
    why = reasons.to_numpy(dtype=object, copy=True)
    for code in codes:
        hit = data == code
        if hit.any():
            data[hit] = np.nan
            why[hit] = code_reason(code)
    return (pd.Series(data, index=values.index, dtype=float), pd.Series(why, index=reasons.index, dtype=object))



def blank_codes(frame, codes=(), catalogue=None, skip=()):
    """(copy of `frame` with every numeric cell that holds a no-value code set to NaN, number of such cells).

    codes: for every numeric column; catalogue: adds each indicator's own missing_codes; skip: columns left
    alone (keys, names). The same rule as the join's (apply_codes), for layers read directly.

    >>> blank_codes(pd.DataFrame({"a": [1.0, -9999.0], "k": [-9999.0, 2.0]}), (-9999.0,), skip=("k",))[1]
    1
    """
    frame = frame.copy()
    found = 0
    for column in frame.columns:
        indicator = catalogue.get(column) if catalogue is not None else None
        column_codes = tuple(codes) + tuple(getattr(indicator, "missing_codes", ()) or ())
        if column in skip or not column_codes or not pd.api.types.is_float_dtype(frame[column]):
            continue
        before = int(frame[column].isna().sum())
        frame[column], _reasons = apply_codes(frame[column], pd.Series(None, index=frame.index, dtype=object),
                                              column_codes)
        found += int(frame[column].isna().sum()) - before
    return frame, found

# --- formatting ----------------------------------------------------------------------------------------------

def format_number(value, decimals=1, unit="", missing="–"):
    """German format: 1234.5 -> '1.234,5'; with unit '%' -> '12,3 %'. NaN/None -> `missing`.

    >>> format_number(1234.5)
    '1.234,5'
    """
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
