"""Join indicator tables to social spaces, with a report that misses nothing.

`join_indicators(areas, specs, …)` takes the areas (a DataFrame with a key column, optionally a name
column) and one or more tables (`TableSpec`: wide, or long = area × [year] × variable × value) and returns
(joined DataFrame, JoinReport). The joined frame has one row per area, in the areas' order, with the
area columns followed by one float column per indicator (and year, for long tables with several years).

Rules:
- Keys are compared as normalised strings (core.keys); optional padding to a width, optional digits-only.
- Duplicate keys are an error unless a rule is chosen: table side first/last/sum/mean, area side
  "empty" (no values, listed) or "copy" (values on every area with that key, listed).
- Every table row is either joined or listed with its fate; every NULL in the result has its reason.
- With name fields on both sides, a key whose name differs is flagged (and, on request, left empty).
- Rates are derived from counts through the catalogue; aliases come from the catalogue labels.
- Numbers are parsed with each column's reading (core.reader; an ambiguous column is an error naming DECIMAL);
  the report states per column how its numbers were read (status READ_AS).
- No value is a number it is not: no-value codes (`missing_codes`, default -9999, -999, -99999, plus the
  catalogue's `missing_codes` per indicator) become NULL with their reason; a row whose indicators all carry
  one identical value outside every other row's range is flagged (an unknown code?); a validity field
  (`TableSpec.validity`: gültig/ungültig, ja/nein, 1/0) empties the rows marked invalid; a row with 0 in every
  indicator (all but at most one base column such as the population) is what a source writes for areas it did
  not publish: its zeros become NULL "in der Quelle 0 in allen Indikatoren" (zero_rows="null", the default) or
  are only flagged (zero_rows="keep").
- The source's feature key columns (GeoPackage fid, PostGIS ogc_fid / primary key) are never indicators.
"""
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import JoinError
from .keys import diagnose_keys, names_differ, normalise_keys, normalise_name, normalised_codes
from .numbers import (
    DEFAULT_MISSING_CODES,
    NOT_NUMERIC_REASON,
    apply_codes,
    code_reason,
    format_code,
    format_number,
)
from .rates import derive_rates
from .reader import PROVIDER_KEY_NAMES, give_back_memory

WIDE, LONG = "wide", "long"
TABLE_RULES = ("error", "first", "last", "sum", "mean")
AREA_RULES = ("error", "empty", "copy")
NAME_RULES = ("flag", "empty")
ZERO_RULES = ("null", "keep")

# Status values of the report rows (German, shown to users).
JOINED = "verbunden"
UNMATCHED = "nicht zugeordnet"
NO_KEY = "ohne Schlüssel"
DUPLICATE = "doppelt"
SKIPPED = "übersprungen"
NULL = "NULL"
AREA_WITHOUT_ROW = "Gebiet ohne Tabellenzeile"
AREA_DUPLICATE = "Gebietsschlüssel doppelt"
NAME_MISMATCH = "Namensabweichung"
SUSPICIOUS = "verdächtig"
NOT_NUMERIC = "nicht numerisch"
YEAR_LEFT_OUT = "Jahr nicht gewählt"
RENAMED = "Feld umbenannt"
READ_AS = "gelesen als"
NOT_TAKEN = "nicht übernommen"
INVALID = "ungültig"

ZERO_REASON = "in der Quelle 0 in allen Indikatoren"
VALID_WORDS = ("gültig", "gueltig", "valide", "valid", "ja", "j", "yes", "1", "wahr", "true")
INVALID_WORDS = ("ungültig", "ungueltig", "invalide", "invalid", "nein", "n", "no", "0", "falsch", "false")

REPORT_COLUMNS = ("tabelle", "zeile", "schluessel", "feld", "status", "grund", "wert")
LAYER = "Gebietslayer"


@dataclass(frozen=True)
class TableSpec:
    table: object                      # core.reader.IndicatorTable
    key: str                           # key column of the table
    name_field: str = ""               # optional name column, cross-checked against the area names
    layout: str = WIDE                 # WIDE or LONG
    variable: tuple = ()               # LONG: column(s) naming the variable (values joined by "_")
    value: str = ""                    # LONG: column holding the value
    year: str = ""                     # LONG: optional year column
    years: tuple = ()                  # LONG: years to keep (text); empty = all
    validity: str = ""                 # optional field marking rows valid/invalid (VALID_WORDS / INVALID_WORDS)
    columns: tuple = ()                # WIDE: only these value columns (empty = all but key and name)


@dataclass(frozen=True)
class JoinReport:
    tables: tuple                      # table names, in order
    areas: int                         # number of areas
    table_rows: int                    # data rows read from all tables
    matched: int                       # table rows joined to an area
    unmatched_rows: int                # table rows whose key found no area (or had no key)
    unmatched_areas: int               # areas that received no row from any table
    entries: pd.DataFrame              # REPORT_COLUMNS: every row's fate, every NULL with its reason, every flag
    fields: tuple                      # indicator fields added to the areas
    aliases: dict = field(default_factory=dict)
    derived: tuple = ()                # fields computed as rates through the catalogue
    key_findings: tuple = ()           # core.keys.KeyFinding per table: (table name, finding)
    notes: tuple = ()                  # facts about reading (encoding, delimiter, header line …)

    def count(self, status):
        return int((self.entries["status"] == status).sum())

    def of(self, status):
        return self.entries[self.entries["status"] == status]


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def field_name(text):
    """A safe field name from a variable label: 'Ausländer 0-17' -> 'auslaender_0_17'."""
    name = re.sub(r"[^0-9a-z]+", "_", str(text).translate(_UMLAUTS).lower()).strip("_")
    if not name or name[0].isdigit():
        name = f"v_{name}"
    return name[:60]


def _is_array(value):
    return hasattr(value, "__len__") and not isinstance(value, str)


def _entries(table, rows, keys, column, status, reason, value):
    """A block of report rows (all arguments scalars or equal-length arrays), kept as given until all blocks
    are put into one table (`_entry_frame`): a million joined rows cost one row of pointers each, once."""
    cells = (table, rows, keys, column, status, reason, value)
    arrays = [v for v in cells if _is_array(v)]
    return (len(arrays[0]) if arrays else 1, cells)


def _entry_frame(blocks):
    """The report entries (REPORT_COLUMNS) of all blocks as one frame of objects ('' as line: None)."""
    total = sum(n for n, _ in blocks)
    data = np.empty((total, len(REPORT_COLUMNS)), dtype=object)
    start = 0
    for n, cells in blocks:
        for j, cell in enumerate(cells):
            if _is_array(cell):
                cell = cell if isinstance(cell, np.ndarray) else np.asarray(cell, dtype=object)
                if j == 1 and cell.dtype == object:
                    cell = np.where(cell == "", None, cell)
            elif j == 1 and isinstance(cell, str) and cell == "":
                cell = None
            data[start:start + n, j] = cell
        start += n
    return pd.DataFrame(data, columns=list(REPORT_COLUMNS), copy=False)


def _check_fields(spec, needed):
    missing = [f for f in needed if f and f not in spec.table.frame.columns]
    if missing:
        raise JoinError(
            f"Tabelle {spec.table.name}: Feld {', '.join(repr(m) for m in missing)} fehlt (vorhanden: "
            f"{', '.join(spec.table.columns[:30])}). Bitte das Feld im Parameter angeben, wie es in der Kopfzeile "
            "steht.")


def _raw_text(series):
    return series.astype(object).where(series.notna(), "")


def provider_key_columns(table):
    """The table's columns that are its source's feature key (never indicators)."""
    named = [c for c in table.columns if c.lower() in PROVIDER_KEY_NAMES]
    return tuple(dict.fromkeys(list(getattr(table, "provider_keys", ())) + named))


def _codes_for(column, codes, catalogue):
    """The no-value codes of a column: the join's list plus the catalogue's for this indicator."""
    indicator = catalogue.get(column) if catalogue is not None else None
    if indicator is None and catalogue is not None:
        found = re.match(r"^(.*)_(\d{4})$", column)
        indicator = catalogue.get(found.group(1)) if found else None
    extra = tuple(getattr(indicator, "missing_codes", ()) or ()) if indicator is not None else ()
    return tuple(dict.fromkeys(tuple(codes) + extra))


def _validity(spec, entries, rows, keys):
    """Mask of the table rows its validity field marks invalid (reported); JoinError for unknown values."""
    frame, name = spec.table.frame, spec.table.name
    if not spec.validity:
        return np.zeros(len(frame), dtype=bool)
    _check_fields(spec, [spec.validity])
    text = normalise_keys(frame[spec.validity]).fillna("").str.strip().str.lower()
    known = set(VALID_WORDS) | set(INVALID_WORDS) | {""}
    unknown = sorted(set(text) - known)
    if unknown:
        raise JoinError(
            f"Tabelle {name}: Gültigkeitsfeld '{spec.validity}' enthält {', '.join(map(repr, unknown[:10]))}: weder "
            f"gültig ({', '.join(VALID_WORDS[:6])} …) noch ungültig ({', '.join(INVALID_WORDS[:6])} …). Bitte die "
            "Werte im Feld vereinheitlichen oder kein Gültigkeitsfeld angeben.")
    invalid = text.isin(INVALID_WORDS).to_numpy()
    if invalid.any():
        raw = _raw_text(frame[spec.validity]).to_numpy()[invalid]
        entries.append(_entries(name, rows[invalid], keys.to_numpy()[invalid], spec.validity, INVALID,
                                "Zeile als ungültig gekennzeichnet – alle Indikatoren NULL", raw))
    return invalid


def _screen(values, reasons, name, row_ids, keys, entries, zero_rows, exempt=()):
    """Rows whose values are no values: one identical value outside every other row's range in all
    indicators (flagged: an unknown no-value code?) and 0 in every indicator (NULL with ZERO_REASON, or only
    flagged with zero_rows="keep"). values/reasons: DataFrames of equal shape (reasons None where a value is
    a number); returns changed copies. row_ids, keys: per row, for the report."""
    columns = [i for i, c in enumerate(values.columns) if c not in exempt]
    data = values.to_numpy(dtype=float)[:, columns]
    present = ~np.isnan(data)
    count = present.sum(axis=1)
    if data.shape[1] >= 2 and len(data) >= 2:
        first = data[np.arange(len(data)), present.argmax(axis=1)]
        same = (~present | (data == first[:, None])).all(axis=1) & (count >= 2) & (first != 0)
        hit = np.zeros(len(data), dtype=bool)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)      # columns without other values
            for value in pd.unique(first[same]):
                rows = same & (first == value)
                others = data[~rows]
                others = np.where(others == value, np.nan, others)
                lowest, highest = np.nanmin(others, axis=0), np.nanmax(others, axis=0)
                mine = data[rows]
                hit[rows] = (np.isnan(mine) | (mine < lowest) | (mine > highest)).all(axis=1)
        if hit.any():
            shown = [format_code(v) if float(v).is_integer() else format_number(v, 3) for v in first[hit]]
            entries.append(_entries(
                name, row_ids[hit], keys[hit], "*", SUSPICIOUS,
                [f"alle Indikatoren tragen denselben Wert {v}, außerhalb aller übrigen Werte – ein Code für "
                 "'kein Wert'? Dann bitte als Code angeben (Parameter MISSING_CODES); bis dahin als Zahl "
                 "übernommen." for v in shown], shown))
    if data.shape[1] < 3:
        return values, reasons
    zero = data == 0
    zeros = zero.sum(axis=1)
    rows = (zeros >= 3) & (zeros == count)
    one_off = (zeros >= 3) & (zeros == count - 1)
    if one_off.any():
        other = present & ~zero
        base = np.unique(other[one_off].argmax(axis=1))
        if len(base) == 1:       # the one column not 0 in such rows is the same (the population): a base
            rows = rows | (one_off & other[:, base[0]])
    if not rows.any():
        return values, reasons
    if zero_rows == "keep":
        text = ("0 in allen Indikatoren – fehlende Werte als 0 geliefert? Werte unverändert übernommen (Option "
                "'Nullzeilen behalten'); bitte bei der Statistikstelle nachfragen.")
    else:
        text = f"{ZERO_REASON} – als 'keine Angabe' (NULL) übernommen; ausschalten mit ZERO_ROWS"
        cells = np.zeros(values.shape, dtype=bool)
        cells[:, columns] = zero & rows[:, None]
        new_values = values.to_numpy(dtype=float, copy=True)
        new_reasons = reasons.to_numpy(dtype=object, copy=True)
        new_values[cells] = np.nan
        new_reasons[cells] = ZERO_REASON
        values = pd.DataFrame(new_values, index=values.index, columns=values.columns)
        reasons = pd.DataFrame(new_reasons, index=reasons.index, columns=reasons.columns)
    entries.append(_entries(name, row_ids[rows], keys[rows], "*", SUSPICIOUS, text, ""))
    return values, reasons


@dataclass
class _Joined:
    """One table's contribution: its value columns per area (`out`, areas x columns, NaN where the area has no
    row) and the fate of its rows."""
    columns: list
    out: np.ndarray
    has_row: np.ndarray            # per area: the table holds a row with its key
    fate_keys: np.ndarray
    fate_rows: np.ndarray
    matched_here: np.ndarray
    not_joined: np.ndarray
    names_by_key: object


class _WideColumns:
    """The value columns of a wide table read one at a time, as numbers with their no-value reasons (codes and
    invalid rows applied): `values(j)` -> (float array of the table's rows, reasons Series: text by row
    position for every NaN). Nothing of the table is copied as a whole."""

    def __init__(self, spec, columns, codes, catalogue, invalid):
        self.table, self.columns, self.invalid = spec.table, columns, invalid
        self.codes = [_codes_for(c, codes, catalogue) for c in columns]
        self.invalid_text = f"Zeile als ungültig gekennzeichnet (Feld '{spec.validity}')"

    def parsed(self, j):
        return self.table.values(self.columns[j])

    def values(self, j, parsed=None):
        values, reasons = parsed if parsed is not None else self.parsed(j)
        extra = []
        for code in self.codes[j]:
            hit = values == code
            if hit.any():
                values[hit] = np.nan
                where = np.flatnonzero(hit)
                extra.append(pd.Series(np.full(len(where), code_reason(code), dtype=object), index=where))
        if extra:
            reasons = pd.concat([reasons] + extra).sort_index()
        if self.invalid.any():      # an invalid row: every value NULL with that reason (over any other)
            values[self.invalid] = np.nan
            reasons = reasons[~self.invalid[reasons.index.to_numpy()]]
            where = np.flatnonzero(self.invalid)
            reasons = pd.concat([reasons, pd.Series(np.full(len(where), self.invalid_text, dtype=object),
                                                    index=where)]).sort_index()
        return values, reasons


def _wide_check(spec, entries):
    """The value columns of a wide table (provider keys listed and left out); TableError for a column whose
    decimal mark is ambiguous (before anything else is done, as reading it would raise)."""
    table, name = spec.table, spec.table.name
    skip = {spec.key, spec.name_field, spec.validity}
    providers = provider_key_columns(table)
    chosen = [c for c in (spec.columns or table.frame.columns) if c not in skip]
    for column in chosen:
        if column in providers:
            entries.append(_entries(name, "", "", column, NOT_TAKEN, "Objektschlüssel der Quelle (fid, ogc_fid, "
                                    "Primärschlüssel) – kein Indikator", ""))
    columns = [c for c in chosen if c not in providers]
    _check_fields(spec, columns)
    for column in columns:
        table.check_reading(column)
    return columns


def _choose_rows(spec, entries, rows, keys, codes, rule, size):
    """Which table row each key takes: (row per key code or -1 for combined keys, rows dropped, rows of
    duplicate keys combined by sum/mean or empty). Raises JoinError for duplicates under the rule 'error'."""
    name = spec.table.name
    valid = codes >= 0
    counts = np.bincount(codes[valid], minlength=size)
    dup = valid & (counts[np.maximum(codes, 0)] > 1) if len(counts) else np.zeros(len(codes), dtype=bool)
    chosen = np.full(len(counts), -1, dtype=np.int64)
    positions = np.flatnonzero(valid)
    order = positions[::-1] if rule == "last" else positions
    found, first = np.unique(codes[order], return_index=True)
    chosen[found] = order[first]
    dropped = np.zeros(len(codes), dtype=bool)
    combined = np.zeros(0, dtype=np.int64)
    if dup.any():
        keys_text = ", ".join(map(str, pd.unique(keys[dup])[:10]))
        if rule == "error":
            lines = ", ".join(map(str, rows[dup][:10]))
            raise JoinError(
                f"Tabelle {name}: Schlüssel mehrfach im Feld '{spec.key}' ({int(dup.sum())} Zeilen, Schlüssel "
                f"{keys_text}; Zeilen {lines}). Doppelte Werte werden nie stillschweigend übernommen: bitte die "
                "Tabelle bereinigen oder eine Regel für doppelte Tabellenschlüssel wählen (erste, letzte, Summe, "
                "Mittelwert).")
        if rule in ("first", "last"):
            dropped = valid.copy()
            dropped[chosen[chosen >= 0]] = False
            label = "erste" if rule == "first" else "letzte"
            entries.append(_entries(name, rows[dropped], keys[dropped], spec.key, DUPLICATE,
                                    f"Schlüssel doppelt – verworfen (Regel: {label} Zeile gilt)", ""))
        else:
            entries.append(_entries(name, rows[dup], keys[dup], spec.key, DUPLICATE,
                                    "Schlüssel doppelt – Werte zusammengefasst (Regel: "
                                    f"{'Summe' if rule == 'sum' else 'Mittelwert'})", ""))
            combined = np.flatnonzero(dup)
            chosen[np.unique(codes[combined])] = -1
    return chosen, dropped, combined


class _Screen:
    """core.join._screen column by column (no copy of the table): rows whose values are no values."""

    def __init__(self, rows):
        self.count = np.zeros(rows, dtype=np.int32)
        self.zeros = np.zeros(rows, dtype=np.int32)
        self.first = np.full(rows, np.nan)
        self.has_first = np.zeros(rows, dtype=bool)
        self.same = np.ones(rows, dtype=bool)
        self.first_other = np.full(rows, -1, dtype=np.int32)
        self.zero_bits = {}
        self.screened = 0
        self.all_first = self.all_other = rows == 0

    def add(self, j, values):
        present = ~np.isnan(values)
        self.count += present
        if not self.all_first:                 # (once every row has its first value, nothing to do here)
            newly = present & ~self.has_first
            self.first[newly] = values[newly]
            self.has_first |= newly
            self.all_first = bool(self.has_first.all())
        with np.errstate(invalid="ignore"):
            self.same &= ~present | (values == self.first)
            zero = values == 0
        self.zeros += zero
        self.zero_bits[j] = np.packbits(zero)
        if not self.all_other:
            other = (self.first_other < 0) & present & ~zero
            self.first_other[other] = self.screened
            self.all_other = bool((self.first_other >= 0).all())
        self.screened += 1

    def zero_cells(self, j, rows):
        return np.unpackbits(self.zero_bits[j], count=rows).astype(bool)

    def candidates(self):
        """Rows whose indicators all hold one value (not 0), in at least two columns."""
        if self.screened < 2 or len(self.count) < 2:
            return np.zeros(len(self.count), dtype=bool)
        return self.same & (self.count >= 2) & (self.first != 0)

    def zero_rows(self):
        if self.screened < 3:
            return np.zeros(len(self.count), dtype=bool)
        rows = (self.zeros >= 3) & (self.zeros == self.count)
        one_off = (self.zeros >= 3) & (self.zeros == self.count - 1)
        if one_off.any() and len(np.unique(self.first_other[one_off])) == 1:
            rows = rows | one_off   # the one column not 0 in such rows is the same (the population): a base
        return rows


def _suspicious(screen, reader, screened, name, rows, keys, entries):
    """Rows whose indicators all carry one value outside every other row's range (flagged, as _screen)."""
    same = screen.candidates()
    if not same.any():
        return
    first = screen.first
    values_list = pd.unique(first[same])
    hit = np.zeros(len(first), dtype=bool)
    masks = [same & (first == value) for value in values_list]
    outside = [np.ones(int(m.sum()), dtype=bool) for m in masks]
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # columns without other values
        for j in screened:
            values, _ = reader.values(j)
            for value, mask, inside in zip(values_list, masks, outside):
                others = values[~mask]
                others = np.where(others == value, np.nan, others)
                lowest, highest = np.nanmin(others) if len(others) else np.nan, \
                    np.nanmax(others) if len(others) else np.nan
                mine = values[mask]
                inside &= np.isnan(mine) | (mine < lowest) | (mine > highest)
    for mask, inside in zip(masks, outside):
        hit[np.flatnonzero(mask)[inside]] = True
    if hit.any():
        shown = [format_code(v) if float(v).is_integer() else format_number(v, 3) for v in first[hit]]
        entries.append(_entries(
            name, rows[hit], keys[hit], "*", SUSPICIOUS,
            [f"alle Indikatoren tragen denselben Wert {v}, außerhalb aller übrigen Werte – ein Code für "
             "'kein Wert'? Dann bitte als Code angeben (Parameter MISSING_CODES); bis dahin als Zahl "
             "übernommen." for v in shown], shown))


def _join_wide(spec, entries, rows, keys, key_codes, missing_key, in_areas, area_codes, codes, catalogue,
               zero_rows, exempt, table_duplicates):
    """A wide table joined column by column: the values of each column are parsed, their no-value codes, invalid
    rows and (after all columns) rows of zeros applied, and gathered straight into one float matrix of the
    areas (areas x columns); reasons of NULL values are kept only for NULL cells of joined rows."""
    table, name = spec.table, spec.table.name
    frame = table.frame
    columns = _wide_check(spec, entries)
    validity_entries = []
    invalid = _validity(spec, validity_entries, rows, keys)
    key_array = keys.to_numpy(dtype=object)
    codes_of_rows = np.where(missing_key, -1, key_codes)
    duplicate_entries = []
    size = int(max(codes_of_rows.max(initial=-1), area_codes.max(initial=-1)) + 1)
    chosen, dropped, combined = _choose_rows(spec, duplicate_entries, rows, key_array, codes_of_rows,
                                             table_duplicates, size)
    joined_rows = in_areas & ~dropped
    area_code = area_codes                   # the areas' keys in the same codes
    in_table = np.zeros(len(chosen), dtype=bool)
    in_table[codes_of_rows[codes_of_rows >= 0]] = True
    has_row = (area_code >= 0) & in_table[np.maximum(area_code, 0)] if len(chosen) else np.zeros(len(area_code), bool)
    take = np.where(has_row, chosen[np.maximum(area_code, 0)] if len(chosen) else -1, -1)
    gathered = take >= 0
    everything = bool(gathered.all())
    take_rows = take[gathered]
    del take, in_table
    if everything and len(take_rows) == len(frame) and (take_rows == np.arange(len(frame))).all():
        take_rows = None                     # the table's rows are the areas, in their order
    combined_codes = codes_of_rows[combined]
    reader = _WideColumns(spec, columns, codes, catalogue, invalid)
    give_back_memory()
    out = np.empty((len(area_code), len(columns)), order="F")
    kept, reasons_of, screened = [], {}, []
    combined_values = np.empty((len(combined), len(columns)))
    screen = _Screen(len(frame))
    for j, column in enumerate(columns):
        parsed = reader.parsed(j)
        values, reasons = parsed
        texts = int((reasons.to_numpy() == NOT_NUMERIC_REASON).sum()) if len(reasons) else 0
        numbers = len(values) - len(reasons)        # (every missing value has its reason)
        if texts and numbers <= texts:
            where = reasons.index.to_numpy()[reasons.to_numpy() == NOT_NUMERIC_REASON]
            examples = pd.unique(frame[column].iloc[where].astype(str))[:5]
            entries.append(_entries(name, "", "", column, NOT_NUMERIC,
                                    f"{numbers} Zahlen, {texts} Texte – Spalte nicht übernommen",
                                    "; ".join(examples)))
            continue
        values, reasons = reader.values(j, parsed)
        entries.append(_entries(name, "", "", column, READ_AS, table.reading(column).how, ""))
        position = len(kept)
        kept.append(j)
        if column not in exempt:
            screen.add(position, values)
            screened.append(position)
        target = out[:, position]
        if take_rows is None:
            target[:] = values
        elif everything:
            np.take(values, take_rows, out=target)
        else:
            target[gathered] = values[take_rows]
            target[~gathered] = np.nan
        if len(combined):
            combined_values[:, position] = values[combined]
        reasons_of[position] = reasons[joined_rows[reasons.index.to_numpy()]] if len(reasons) else reasons
        del values, parsed
    names = [columns[j] for j in kept]
    out = out[:, :len(kept)]
    combined_values = combined_values[:, :len(kept)]
    entries.extend(validity_entries)
    _suspicious(screen, _KeptColumns(reader, kept), screened, name, rows, key_array, entries)
    zero = screen.zero_rows()
    if zero.any():
        if zero_rows == "keep":
            text = ("0 in allen Indikatoren – fehlende Werte als 0 geliefert? Werte unverändert übernommen (Option "
                    "'Nullzeilen behalten'); bitte bei der Statistikstelle nachfragen.")
        else:
            text = f"{ZERO_REASON} – als 'keine Angabe' (NULL) übernommen; ausschalten mit ZERO_ROWS"
            zero_areas = np.zeros(len(area_code), dtype=bool)
            zero_areas[gathered] = zero if take_rows is None else zero[take_rows]
            zero_combined = zero[combined]
            for position in screened:
                cells = screen.zero_cells(position, len(frame)) & zero
                with np.errstate(invalid="ignore"):
                    out[zero_areas & (out[:, position] == 0), position] = np.nan
                if len(combined):
                    part = combined_values[:, position]
                    part[zero_combined & cells[combined]] = np.nan
                where = np.flatnonzero(cells & joined_rows)
                if len(where):
                    reasons_of[position] = pd.concat([reasons_of[position], pd.Series(
                        np.full(len(where), ZERO_REASON, dtype=object), index=where)]).sort_index()
        entries.append(_entries(name, rows[zero], key_array[zero], "*", SUSPICIOUS, text, ""))
    entries.extend(duplicate_entries)
    if len(combined):
        grouped = pd.DataFrame(combined_values).groupby(combined_codes, sort=False)
        merged = grouped.sum(min_count=1) if table_duplicates == "sum" else grouped.mean()
        mine = np.flatnonzero(has_row & ~gathered)
        at = merged.index.get_indexer(area_code[mine])
        out[mine, :] = merged.to_numpy(dtype=float)[at]
    for position, column in enumerate(names):
        reasons = reasons_of[position]
        if len(reasons):
            where = reasons.index.to_numpy()
            raw = _raw_text(frame[column].iloc[where]).to_numpy()
            entries.append(_entries(name, rows[where], key_array[where], column, NULL,
                                    reasons.to_numpy(dtype=object), raw))
    fate = ~missing_key
    fate_keys, fate_rows = key_array[fate], rows[fate]
    names_by_key = (pd.Series(frame[spec.name_field].to_numpy()[fate], index=fate_keys)
                    if spec.name_field else None)
    return _Joined(names, out, has_row, fate_keys, fate_rows, (in_areas & ~dropped)[fate], ~in_areas[fate],
                   names_by_key)


class _KeptColumns:
    """The reader's columns that were taken, by their position among them."""

    def __init__(self, reader, kept):
        self.reader, self.kept = reader, kept

    def values(self, position):
        return self.reader.values(self.kept[position])


def _pivot_long(spec, keys, entries):
    """Long table -> (wide values indexed by key, reasons per wide cell as DataFrame, row keys, row mask).

    Returns (values, reasons_long, long) where long has one row per used table row."""
    frame, name = spec.table.frame, spec.table.name
    if not spec.variable or not spec.value:
        raise JoinError(f"Tabelle {name}: Für eine Langtabelle bitte Variablenfeld(er) und Wertfeld angeben.")
    _check_fields(spec, list(spec.variable) + [spec.value, spec.year])
    variable = None
    for column in spec.variable:
        part = normalise_keys(frame[column]).fillna("")
        variable = part if variable is None else variable + "_" + part
    labels = variable.to_numpy(dtype=object)
    uniques = pd.unique(labels)
    safe = {u: field_name(u) for u in uniques}
    clash = pd.Series(list(safe.values())).duplicated(keep=False)
    if clash.any():
        safe = {u: f"{field_name(u)}_{i + 1}" if clash.iloc[i] else safe[u] for i, u in enumerate(uniques)}
    variable = pd.Series([safe[v] for v in labels], index=frame.index, dtype=object)
    keep = pd.Series(True, index=frame.index)
    if spec.year:
        year = normalise_keys(frame[spec.year]).fillna("")
        if spec.years:
            wanted = {str(y).strip() for y in spec.years}
            keep = year.isin(wanted)
            if not keep.any():
                raise JoinError(f"Tabelle {name}: Keines der Jahre {', '.join(sorted(wanted))} kommt im Feld "
                                f"'{spec.year}' vor (vorhanden: {', '.join(sorted(year.unique())[:20])}).")
            left_out = ~keep
            if left_out.any():
                entries.append(_entries(name, spec.table.rows[left_out.to_numpy()], keys[left_out].to_numpy(),
                                        spec.year, YEAR_LEFT_OUT, "Jahr nicht ausgewählt",
                                        year[left_out].to_numpy()))
        if year[keep].nunique() > 1:
            variable = variable + "_" + year
    values, reasons = spec.table.numbers(spec.value)
    entries.append(_entries(name, "", "", spec.value, READ_AS, spec.table.reading(spec.value).how, ""))
    return variable, values, reasons, keep


def _area_frame(areas, key, width, extract):
    if key not in areas.columns:
        raise JoinError(f"{LAYER}: Schlüsselfeld '{key}' fehlt (vorhanden: {', '.join(map(str, areas.columns))}).")
    area_keys, codes, uniques = normalised_codes(areas[key].reset_index(drop=True), width, extract)
    return area_keys, codes, uniques


def join_indicators(areas, specs, area_key, area_name="", catalogue=None, key_width=0, key_extract=False,
                    table_duplicates="error", area_duplicates="error", name_mismatch="flag",
                    area_ids=None, feedback=None, missing_codes=DEFAULT_MISSING_CODES, zero_rows="null"):
    """Join `specs` (TableSpec list) onto `areas` (DataFrame). Returns (joined DataFrame, JoinReport).

    area_ids: what identifies an area in the report (e.g. feature ids; default: row number + 1).
    feedback: optional object with isCanceled() and setProgress(percent).
    missing_codes: numbers meaning "no value" in every indicator (core.numbers.parse_codes reads them from
    text); zero_rows: "null" (rows of zeros become NULL, default) or "keep" (only flagged).
    """
    if table_duplicates not in TABLE_RULES or area_duplicates not in AREA_RULES or name_mismatch not in NAME_RULES:
        raise JoinError("Unbekannte Regel für Dubletten oder Namensabweichungen.")
    if zero_rows not in ZERO_RULES:
        raise JoinError(f"Unbekannte Regel für Nullzeilen '{zero_rows}' (erlaubt: {', '.join(ZERO_RULES)}).")
    exempt = tuple(i.denominator for i in catalogue if i.is_rate) if catalogue is not None else ()
    areas = areas.reset_index(drop=True)
    area_keys, area_codes, area_uniques = _area_frame(areas, area_key, key_width, key_extract)
    area_ids = np.arange(1, len(areas) + 1) if area_ids is None else np.asarray(area_ids)
    if area_name and area_name not in areas.columns:
        raise JoinError(f"{LAYER}: Namensfeld '{area_name}' fehlt (vorhanden: {', '.join(map(str, areas.columns))}).")
    entries = []
    # Area-side duplicates: an error unless a rule was chosen.
    area_counts = np.bincount(area_codes[area_codes >= 0], minlength=len(area_uniques))
    dup_areas = pd.Series((area_codes >= 0) & (area_counts[np.maximum(area_codes, 0)] > 1), index=area_keys.index)
    if dup_areas.any():
        keys_text = ", ".join(pd.unique(area_keys[dup_areas])[:10])
        if area_duplicates == "error":
            raise JoinError(
                f"{LAYER}: Schlüssel mehrfach vergeben ({int(dup_areas.sum())} Flächen, Schlüssel {keys_text}). "
                "Bitte die Schlüssel im Layer korrigieren oder eine Regel für doppelte Gebietsschlüssel wählen "
                "('leer lassen' oder 'auf alle kopieren').")
        reason = ("Schlüssel mehrfach im Layer – Werte leer gelassen" if area_duplicates == "empty"
                  else "Schlüssel mehrfach im Layer – Werte auf jede dieser Flächen kopiert")
        names = areas[area_name].astype(str).to_numpy()[dup_areas.to_numpy()] if area_name else ""
        entries.append(_entries(LAYER, area_ids[dup_areas.to_numpy()], area_keys[dup_areas].to_numpy(), "",
                                AREA_DUPLICATE, reason, names))
    blocked = dup_areas.to_numpy() if area_duplicates == "empty" else np.zeros(len(areas), dtype=bool)
    area_names = areas[area_name] if area_name else None
    name_lookup = {}
    if area_name:
        for k, n in zip(area_keys.to_numpy(), area_names.to_numpy()):
            name_lookup.setdefault(normalise_name(n), []).append(k)
    present = {str(c): None for c in areas.columns}    # column names taken (area fields, added values)
    value_frames = []
    added, aliases, notes, key_findings = [], {}, [], []
    received = np.zeros(len(areas), dtype=bool)
    total_rows = matched_rows = unmatched_rows = 0
    for number, spec in enumerate(specs):
        if feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * number / max(len(specs), 1))
        table, name = spec.table, spec.table.name
        _check_fields(spec, [spec.key, spec.name_field])
        rows = np.asarray(table.rows)
        total_rows += len(table.frame)
        notes.extend(_reading_notes(table))
        for line, kind, text in table.skipped:
            entries.append(_entries(name, line, "", "", SKIPPED, kind, text))
        for new, original, position in getattr(table, "renamed", ()):
            entries.append(_entries(name, table.header_line or "", "", new, RENAMED,
                                    f"Spaltenname '{original}' steht mehrfach in der Kopfzeile (Spalte {position}) – "
                                    f"als '{new}' gelesen", original))
        keys, table_codes, table_uniques = normalised_codes(table.frame[spec.key], key_width, key_extract)
        missing_key = keys.isna().to_numpy()
        if missing_key.any():
            entries.append(_entries(name, rows[missing_key], "", spec.key, NO_KEY, "Schlüssel leer",
                                    _raw_text(table.frame[spec.key])[missing_key].to_numpy()))
        # one code per key, shared with the areas: codes below len(area_uniques) are keys of areas
        to_area = pd.Index(area_uniques).get_indexer(table_uniques) if len(area_uniques) \
            else np.full(len(table_uniques), -1)      # (the index's hash table goes right after)
        of_unique = np.where(to_area >= 0, to_area, len(area_uniques) + np.arange(len(table_uniques)))
        key_codes = np.where(table_codes >= 0, of_unique[np.maximum(table_codes, 0)] if len(of_unique) else -1, -1)
        del to_area, of_unique, table_codes, table_uniques
        in_areas = (key_codes >= 0) & (key_codes < len(area_uniques)) & ~missing_key
        if not in_areas.any():
            findings = diagnose_keys(area_keys, keys)
            hint = " ".join(f.suggestion for f in findings) or (
                "Bitte prüfen, ob Tabelle und Layer dieselbe Gebietsgliederung und dasselbe Schlüsselfeld nutzen.")
            raise JoinError(
                f"Tabelle {name}: Keiner der {int((~missing_key).sum())} Schlüssel im Feld '{spec.key}' passt zu "
                f"den Gebieten (Tabelle z. B. {', '.join(map(repr, pd.unique(keys.dropna())[:3]))}; Layer-Feld "
                f"'{area_key}' z. B. {', '.join(map(repr, pd.unique(area_keys.dropna())[:3]))}). {hint}")
        if (~in_areas & ~missing_key).any():   # (every key matched: nothing to explain)
            for finding in diagnose_keys(area_keys, keys):
                key_findings.append((name, finding))
        if spec.layout == LONG:
            variable, values, reasons, keep = _pivot_long(spec, keys, entries)
            values, reasons = apply_codes(values, reasons, missing_codes)
            invalid = _validity(spec, entries, rows, keys)
            if invalid.any():
                values, reasons = values.copy(), reasons.copy()
                values[invalid] = np.nan
                reasons[invalid] = f"Zeile als ungültig gekennzeichnet (Feld '{spec.validity}')"
            use = keep.to_numpy() & ~missing_key
            long = pd.DataFrame({"key": keys.to_numpy(), "var": variable.to_numpy(), "value": values.to_numpy(),
                                 "reason": reasons.to_numpy(), "row": rows,
                                 "raw": _raw_text(table.frame[spec.value]).to_numpy()})[use]
            dup = long.duplicated(["key", "var"], keep=False).to_numpy()
            long, dropped = _resolve_duplicates(long, dup, ["key", "var"], ["value"], table_duplicates, name,
                                                spec.key, entries)
            wide = long.pivot(index="key", columns="var", values="value")
            wide.columns = [str(c) for c in wide.columns]
            why = long.pivot(index="key", columns="var", values="reason")
            why.columns = [str(c) for c in wide.columns]
            value_columns = list(wide.columns)
            row_of_cell = long.pivot(index="key", columns="var", values="row")
            raw_of_cell = long.pivot(index="key", columns="var", values="raw")
            for column in value_columns:
                extra = _codes_for(column, (), catalogue)
                if extra:
                    wide[column], why[column] = apply_codes(wide[column], why[column], extra)
            lines = row_of_cell.min(axis=1).fillna("").to_numpy(dtype=object)
            groups = {}
            for column in value_columns:     # with several years, each year's indicators on their own
                found = re.match(r"^.*_(\d{4})$", column) if spec.year else None
                groups.setdefault(found.group(1) if found else "", []).append(column)
            for group in groups.values():
                part, part_why = _screen(wide[group], why[group], name, lines, wide.index.to_numpy(), entries,
                                         zero_rows, exempt)
                wide[group], why[group] = part, part_why
            fate_keys, fate_rows = keys.to_numpy()[use], rows[use]
            matched_here = in_areas[use]
            if dropped is not None:
                matched_here = matched_here & ~dropped
            names_by_key = (pd.Series(table.frame[spec.name_field].to_numpy()[use], index=fate_keys)
                            if spec.name_field else None)
            null_cells = []
            for column in value_columns:
                missing = wide[column].isna() & wide.index.isin(area_uniques)
                if missing.any():
                    reason = why.loc[missing, column].where(why.loc[missing, column].notna(),
                                                            "kein Wert in der Langtabelle")
                    cell_rows = row_of_cell.loc[missing, column].astype(object).fillna("")   # object: pandas 3
                    cell_raw = raw_of_cell.loc[missing, column].astype(object).fillna("")
                    null_cells.append(_entries(name, cell_rows.to_numpy(), wide.index[missing].to_numpy(), column,
                                               NULL, reason.to_numpy(), cell_raw.to_numpy()))
            entries.extend(null_cells)
            target = wide.reindex(area_keys.to_numpy())
            joined = _Joined(list(wide.columns), target.to_numpy(dtype=float, copy=True),
                             area_keys.isin(wide.index).to_numpy(), fate_keys, fate_rows, matched_here,
                             ~in_areas[use], names_by_key)
        else:
            joined = _join_wide(spec, entries, rows, keys, key_codes, missing_key, in_areas, area_codes, missing_codes,
                                catalogue, zero_rows, exempt, table_duplicates)
            fate_keys, fate_rows, matched_here = joined.fate_keys, joined.fate_rows, joined.matched_here
            names_by_key = joined.names_by_key
        # Fate of each table row.
        matched_count = int(matched_here.sum())
        matched_rows += matched_count
        not_joined = joined.not_joined
        unmatched_rows += int(not_joined.sum()) + int(missing_key.sum())
        entries.append(_entries(name, fate_rows[matched_here], fate_keys[matched_here], "", JOINED, "", ""))
        if not_joined.any():
            reasons_text = _unmatched_reasons(fate_keys[not_joined], names_by_key, name_lookup)
            entries.append(_entries(name, fate_rows[not_joined], fate_keys[not_joined], spec.key, UNMATCHED,
                                    reasons_text, ""))
        # Name cross-check.
        mismatch_keys = set()
        if spec.name_field and area_name:
            per_key = names_by_key[~names_by_key.index.duplicated(keep="first")]
            common = area_keys.isin(per_key.index).to_numpy()
            table_names = per_key.reindex(area_keys[common]).to_numpy()
            differ = names_differ(area_names.to_numpy()[common], table_names)
            if differ.any():
                idx = np.flatnonzero(common)[differ]
                texts = []
                for i, table_name in zip(idx, table_names[differ]):
                    other = [k for k in name_lookup.get(normalise_name(table_name), []) if k != area_keys[i]]
                    hint = f" Der Tabellenname passt zum Gebiet {other[0]}." if other else ""
                    action = " Werte leer gelassen." if name_mismatch == "empty" else " Werte trotzdem übernommen."
                    texts.append(f"Layer: '{area_names.iloc[i]}', Tabelle: '{table_name}' – hat der Schlüssel "
                                 f"seine Bedeutung geändert?{hint}{action}")
                entries.append(_entries(name, area_ids[idx], area_keys.to_numpy()[idx], spec.name_field,
                                        NAME_MISMATCH, texts, table_names[differ]))
                mismatch_keys = set(area_keys.to_numpy()[idx])
        # Values onto the areas.
        has_row, out_values = joined.has_row, joined.out
        got = has_row & ~blocked
        if name_mismatch == "empty" and mismatch_keys:
            got &= ~area_keys.isin(mismatch_keys).to_numpy()
        if not got.all():
            out_values[~got, :] = np.nan
        received |= got
        lacking = ~has_row
        if lacking.any():
            entries.append(_entries(name, area_ids[lacking], area_keys.to_numpy()[lacking], "*", AREA_WITHOUT_ROW,
                                    f"kein Eintrag in Tabelle {name} – alle Felder dieser Tabelle NULL",
                                    areas[area_name].to_numpy()[lacking] if area_name else ""))
        kept, kept_names = [], []
        for position, column in enumerate(joined.columns):
            out = column
            if out in present:
                if out in added and np.allclose(present[out], out_values[:, position], equal_nan=True):
                    notes.append(f"Tabelle {name}: Spalte '{column}' gleicht der schon übernommenen – nicht doppelt "
                                 "angelegt.")
                    continue
                out = f"{column}_{number + 1}"
                entries.append(_entries(name, "", "", column, RENAMED,
                                        f"Name schon vergeben – als '{out}' angelegt", ""))
            kept.append(position)
            kept_names.append(out)
            present[out] = out_values[:, position]
            added.append(out)
        if kept:
            block = out_values if len(kept) == out_values.shape[1] else out_values[:, kept]
            value_frames.append(pd.DataFrame(block, index=areas.index, columns=kept_names, copy=False))
            for out in kept_names:
                present[out] = value_frames[-1][out].to_numpy()
        # this table's keys, codes and masks go now (a million rows: memory for the next table and the report)
        del keys, key_codes, in_areas, missing_key, joined
        del out_values, has_row, got, lacking, fate_keys, fate_rows, matched_here, not_joined, names_by_key
    give_back_memory()
    result = _side_by_side([areas] + value_frames)
    derived = []
    if catalogue is not None and len(catalogue):
        result, derived = _derive(result, catalogue, added, entries, area_ids, area_keys, received)
        added.extend(d for d in derived if d not in added)
        for column in added:
            base = column
            indicator = catalogue.get(base)
            if indicator is None:
                match = re.match(r"^(.*)_(\d{4})$", column)
                if match and catalogue.get(match.group(1)) is not None:
                    indicator = catalogue.get(match.group(1))
                    aliases[column] = f"{indicator.title} {match.group(2)}"
                    continue
            if indicator is not None and indicator.label:
                aliases[column] = indicator.label
    unmatched_areas = int((~received).sum())
    report_frame = _entry_frame(entries)
    report = JoinReport(tables=tuple(s.table.name for s in specs), areas=len(areas), table_rows=total_rows,
                        matched=matched_rows, unmatched_rows=unmatched_rows, unmatched_areas=unmatched_areas,
                        entries=report_frame, fields=tuple(added), aliases=aliases, derived=tuple(derived),
                        key_findings=tuple(key_findings), notes=tuple(dict.fromkeys(notes)))
    if feedback is not None:
        feedback.setProgress(100.0)
    return result, report


def _reading_notes(table):
    sheet = ""
    if getattr(table, "sheet", ""):
        others = [s for s in table.sheets if s != table.sheet]
        sheet = f"Blatt '{table.sheet}'" + (f" (weitere Blätter: {', '.join(others)})" if others else "") + ", "
    if table.row_label != "Zeile":
        return [f"{table.name}: über QGIS gelesen ({len(table.frame)} Zeilen)."]
    header = (f"Kopfzeile in Zeile {table.header_line}" if table.header_line
              else "ohne Kopfzeile (Felder feld_1, feld_2, …)")
    if sheet:
        return [f"{table.name}: {sheet}{len(table.frame)} Datenzeilen, {header}."]
    delimiter = {";": "Semikolon", ",": "Komma", "\t": "Tabulator", "|": "senkrechter Strich"}.get(
        table.delimiter, table.delimiter)
    return [f"{table.name}: {len(table.frame)} Datenzeilen, Kodierung {table.encoding}, Trennzeichen {delimiter}, "
            f"{header}; Dezimalzeichen je Spalte (siehe 'Wie die Zahlen gelesen wurden')."]


def _resolve_duplicates(frame, dup, by, value_columns, rule, name, key_field, entries):
    """Apply the table duplicate rule. Returns (frame without duplicates, mask of rows dropped or None)."""
    if not dup.any():
        return frame, None
    shown = frame[dup]
    key_column = by[0]
    keys_text = ", ".join(map(str, pd.unique(shown[key_column])[:10]))
    row_column = "row" if "row" in frame.columns else "__row"
    if rule == "error":
        lines = ", ".join(map(str, shown[row_column].to_numpy()[:10]))
        raise JoinError(
            f"Tabelle {name}: Schlüssel mehrfach im Feld '{key_field}' ({int(dup.sum())} Zeilen, Schlüssel "
            f"{keys_text}; Zeilen {lines}). Doppelte Werte werden nie stillschweigend übernommen: bitte die Tabelle "
            "bereinigen oder eine Regel für doppelte Tabellenschlüssel wählen (erste, letzte, Summe, Mittelwert).")
    if rule in ("first", "last"):
        drop = frame.duplicated(by, keep="first" if rule == "first" else "last").to_numpy()
        label = "erste" if rule == "first" else "letzte"
        dropped_rows = frame[drop]
        entries.append(_entries(name, dropped_rows[row_column].to_numpy(), dropped_rows[key_column].to_numpy(),
                                key_field, DUPLICATE, f"Schlüssel doppelt – verworfen (Regel: {label} Zeile gilt)", ""))
        return frame[~drop], drop
    # sum / mean: every row contributes; they are listed as combined.
    how = "sum" if rule == "sum" else "mean"
    entries.append(_entries(name, shown[row_column].to_numpy(), shown[key_column].to_numpy(), key_field, DUPLICATE,
                            "Schlüssel doppelt – Werte zusammengefasst (Regel: "
                            f"{'Summe' if how == 'sum' else 'Mittelwert'})", ""))
    grouped = frame.groupby(by, sort=False)
    combined = grouped[value_columns].sum(min_count=1) if how == "sum" else grouped[value_columns].mean()
    first = grouped.first()
    for column in frame.columns:
        if column not in value_columns and column not in by:
            combined[column] = first[column]
    combined = combined.reset_index()
    return combined, None


def _side_by_side(frames):
    """Frames with the same index side by side, their columns not copied (pandas < 3 copies unless told)."""
    if len(frames) == 1:
        return frames[0].copy()
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.concat(frames, axis=1)
    return pd.concat(frames, axis=1, copy=False)


def _unmatched_reasons(keys, names_by_key, name_lookup):
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    return np.array(_unmatched_texts(uniques, names_by_key, name_lookup), dtype=object)[codes]


def _unmatched_texts(keys, names_by_key, name_lookup):
    texts = []
    for key in keys:
        text = f"kein Gebiet mit Schlüssel '{key}'"
        if names_by_key is not None and name_lookup:
            table_name = names_by_key.get(key)
            if isinstance(table_name, pd.Series):
                table_name = table_name.iloc[0]
            other = name_lookup.get(normalise_name(table_name), [])
            if other:
                text += f"; der Name '{table_name}' gehört im Layer zu Schlüssel {', '.join(dict.fromkeys(other))}"
        texts.append(text)
    return texts


def _derive(result, catalogue, added, entries, area_ids, area_keys, received):
    """Catalogue rates from the joined counts (per year suffix for long tables with several years)."""
    derived = []
    years = sorted({m.group(2) for c in added for m in [re.match(r"^(.*)_(\d{4})$", c)] if m})
    suffixes = [""] + [f"_{y}" for y in years]
    for suffix in suffixes:
        columns = {c[: -len(suffix)]: c for c in added if c.endswith(suffix)} if suffix else {c: c for c in added}
        subset = pd.DataFrame({base: result[full] for base, full in columns.items()}, index=result.index)
        wanted = [i for i in catalogue if i.is_rate and i.numerator in subset.columns
                  and i.denominator in subset.columns]
        if not wanted:
            continue
        rates, reasons = derive_rates(subset, catalogue)
        for indicator in wanted:
            out = indicator.id + suffix
            result[out] = rates[indicator.id].to_numpy(dtype=float)
            derived.append(out)
            why = reasons[indicator.id].to_numpy()
            show = pd.notna(why) & received
            if show.any():
                entries.append(_entries("Katalog", area_ids[show], area_keys.to_numpy()[show], out, NULL,
                                        np.array([f"Quote: {w}" for w in why[show]], dtype=object), ""))
    return result, derived
