"""Profiles as tables and files: CSV, XLSX (through OGR, no extra package), HTML, PDF and clipboard text.

`profile_table(profile)` holds numbers (for CSV/XLSX), `display_table(profile)` the German-formatted text the
dock shows (for HTML/PDF/clipboard) — both from the same Profile, so every output shows the same numbers.
Suppressed and missing values stay empty (numbers) or read "unterdrückt"/"k. A." (text), never 0; the
column "Hinweis" gives the reason. Files are written whole or not at all (temporary file, then rename).
"""
from __future__ import annotations

import csv
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import html as report_html
from .files import atomic_write
from .numbers import format_number
from .profile import RANK_RULE, method_note
from .rates import NOT_AGGREGABLE, WEIGHTED
from .safe_cells import safe_cell, safe_row

if TYPE_CHECKING:
    from .catalogue import Indicator
    from .profile import Profile

SUPPRESSED_TEXT = "unterdrückt"
MISSING_TEXT = "k. A."


def _nan(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def missing_text(reason: str) -> str:
    """Short cell text for a value that is not shown."""
    if reason and str(reason).startswith("unterdrückt"):
        return SUPPRESSED_TEXT
    if reason == NOT_AGGREGABLE:
        return "nicht aggregierbar"
    return MISSING_TEXT


def change_unit(unit: str) -> str:
    return "%-Punkte" if unit.strip() == "%" else unit


def value_text(value: float, reason: str | None, indicator: Indicator, method: str = "") -> str:
    if _nan(value):
        return missing_text(reason)
    text = format_number(value, indicator.decimals, indicator.unit)
    return f"≈ {text}" if method == WEIGHTED else text


def signed_text(value: float, decimals: int, unit: str = "") -> str:
    if _nan(value):
        return ""
    text = format_number(value, decimals, unit)
    return f"+{text}" if float(value) > 0 else text


def z_text(z: float) -> str:
    return "" if _nan(z) else signed_text(z, 2)


def _level_name(profile, level):
    if level is None or level >= len(profile.parents):
        return "", None
    label = profile.parent_labels[level] if level < len(profile.parent_labels) else profile.parents[level].field
    return label, profile.parents[level]


def header_lines(profile: Profile) -> list:
    """[(label, text)] describing the area: name, key, parent unit, population."""
    lines = [("Sozialraum", profile.name), ("Schlüssel", profile.key)]
    for label, parent in zip(profile.parent_labels, profile.parents):
        if parent.key:
            lines.append((label, parent.name if parent.name == parent.key else f"{parent.name} ({parent.key})"))
    if profile.population_reason:
        lines.append(("Einwohner", missing_text(profile.population_reason)))
    elif not _nan(profile.population):
        lines.append(("Einwohner", format_number(profile.population, 0)))
    return lines


def profile_table(profile: Profile, level: int | None = 0, other=None) -> pd.DataFrame:
    """DataFrame with numbers: one row per indicator. `other`: a second Profile (compare mode, other − this)."""
    label, _parent = _level_name(profile, level)
    other_rows = {r.indicator.id: r for r in other.rows} if other is not None else {}
    records = []
    for row in profile.rows:
        ind = row.indicator
        record = {"Thema": ind.theme, "Indikator": ind.title, "Einheit": ind.unit, "Wert": row.value}
        if other is not None:
            o = other_rows.get(ind.id)
            record[f"Wert {other.name}"] = o.value if o else np.nan
            record["Differenz"] = (o.value - row.value) if o else np.nan
        if label:
            record[label] = row.parent_values[level]
        record[profile.region_name] = row.region_value
        record["Rang"] = row.rank or np.nan
        record["von"] = row.rank_of or np.nan
        record["z-Wert"] = row.z
        record["Perzentil"] = row.percentile
        record["Vorjahr"] = row.previous
        record["Jahr Vorjahr"] = row.previous_year
        record["Veränderung"] = row.change
        record["Hinweis"] = _note(row, level)
        records.append(record)
    return pd.DataFrame(records)


def _note(row, level):
    notes = []
    if row.reason:
        notes.append(f"Wert: {row.reason}")
    if row.parent_reasons and level is not None and level < len(row.parent_reasons) and row.parent_reasons[level]:
        notes.append(f"übergeordnete Einheit: {row.parent_reasons[level]}")
    if row.region_reason:
        notes.append(f"Gesamt: {row.region_reason}")
    return "; ".join(notes)


def display_table(profile: Profile, level: int | None = 0, other=None) -> pd.DataFrame:
    """DataFrame of German-formatted text, the dock's view of the profile."""
    label, _parent = _level_name(profile, level)
    other_rows = {r.indicator.id: r for r in other.rows} if other is not None else {}
    records = []
    for row in profile.rows:
        ind = row.indicator
        record = {"Thema": ind.theme, "Indikator": ind.title,
                  ("Wert " + profile.name) if other is not None else "Wert": value_text(row.value, row.reason, ind)}
        if other is not None:
            o = other_rows.get(ind.id)
            record[f"Wert {other.name}"] = value_text(o.value, o.reason, ind) if o else MISSING_TEXT
            record["Differenz"] = signed_text(o.value - row.value, ind.decimals, change_unit(ind.unit)) if o else ""
        if label:
            record[label] = value_text(row.parent_values[level], row.parent_reasons[level], ind,
                                       row.parent_methods[level])
        record[profile.region_name] = value_text(row.region_value, row.region_reason, ind, row.region_method)
        record["Rang"] = row.rank_text
        record["z-Wert"] = z_text(row.z)
        record["Vorjahr"] = "" if not row.previous_year else (
            f"{value_text(row.previous, row.previous_reason, ind)} ({row.previous_year})")
        record["Veränderung"] = signed_text(row.change, ind.decimals, change_unit(ind.unit))
        record["Hinweis"] = _note(row, level)
        records.append(record)
    return pd.DataFrame(records)


NUMERIC_DISPLAY = ("Wert", "Differenz", "Rang", "z-Wert", "Vorjahr", "Veränderung")


def _numeric_columns(frame, profile, level):
    label, _p = _level_name(profile, level)
    return [c for c in frame.columns
            if c.startswith("Wert") or c in NUMERIC_DISPLAY or c in (label, profile.region_name)]


# --- files ---------------------------------------------------------------------------------------------
def _csv_number(value, decimals):
    if _nan(value):
        return ""
    if isinstance(value, str):
        return value
    return f"{float(value):.{decimals}f}".replace(".", ",")


def write_csv(path: str, profiles: list, level: int = 0, other=None) -> str:
    """CSV for Excel (DE): ';' separated, decimal comma, UTF-8 with BOM, one block of rows per area."""
    profiles = list(profiles) if isinstance(profiles, (list, tuple)) else [profiles]

    def writer(temp):
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle, delimiter=";")
            header = None
            for profile in profiles:
                table = profile_table(profile, level, other)
                decimals = [r.indicator.decimals for r in profile.rows]
                columns = ["Schlüssel", "Sozialraum"] + list(table.columns)
                if header is None:
                    out.writerow(safe_row(columns))
                    header = columns
                for i, values in enumerate(table.itertuples(index=False, name=None)):
                    cells = [profile.key, profile.name]
                    for column, value in zip(table.columns, values):
                        d = 2 if column in ("z-Wert",) else 0 if column in ("Rang", "von", "Perzentil") \
                            else decimals[i]
                        cells.append(_csv_number(value, d) if not isinstance(value, str) else value)
                    out.writerow(safe_row(cells))
    return atomic_write(path, writer, ".csv")


def sheet_name(text: str, used: list | tuple = ()) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\ , unique among `used`."""
    name = "".join("_" if c in '[]:*?/\\' else c for c in str(text)).strip("'")[:31] or "Tabelle"
    base, n = name, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    return name


TEXT_COLUMNS = ("Schlüssel", "Sozialraum", "Thema", "Indikator", "Einheit", "Hinweis")
FIXED_DECIMALS = {"Rang": 0, "von": 0, "Jahr Vorjahr": 0, "Perzentil": 0, "z-Wert": 2}


def xlsx_frame(profiles: list, level: int | None = 0, other=None) -> pd.DataFrame:
    """All areas' numeric profile tables stacked, with key and name in front (one XLSX sheet). attrs['decimals']
    says how many decimals each cell shows: the indicator's (catalogue) for values, parent and region values,
    differences, previous values and changes; 0 for ranks, years and percentiles; 2 for z-values."""
    parts, row_decimals = [], []
    for profile in profiles:
        table = profile_table(profile, level, other)
        table.insert(0, "Sozialraum", profile.name)
        table.insert(0, "Schlüssel", profile.key)
        parts.append(table)
        row_decimals += [row.indicator.decimals for row in profile.rows]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    frame.attrs["decimals"] = {column: None if column in TEXT_COLUMNS else FIXED_DECIMALS.get(column, row_decimals)
                               for column in frame.columns}
    return frame


OPTIONAL_COLUMNS = ("Vorjahr", "Veränderung", "Hinweis")


COLUMN_WEIGHTS = {"Indikator": 2.6, "Hinweis": 2.2, "Rang": 1.2, "z-Wert": 0.8}


def _column_widths(columns):
    """Percent widths: the label and note columns wide, numbers in equal columns (print layout needs them)."""
    weights = [COLUMN_WEIGHTS.get(c, 1.25) for c in columns]
    return [round(100 * w / sum(weights)) for w in weights]


def _grouped_table(table, numeric):
    """One HTML table for a profile: a heading row per theme, numbers right-aligned, fixed column shares;
    the columns Vorjahr, Veränderung and Hinweis only when some row has a value in them."""
    shown = table.drop(columns=[c for c in OPTIONAL_COLUMNS if c in table.columns
                                and not table[c].astype(str).str.strip().any()])
    columns = [c for c in shown.columns if c != "Thema"]
    head = "".join(f'<th width="{w}%">{report_html.esc(c)}</th>' for c, w in zip(columns, _column_widths(columns)))
    rows = []
    for theme, group in shown.groupby("Thema", sort=False):
        rows.append(f'<tr class="theme"><th colspan="{len(columns)}">'
                    f"{report_html.esc(theme or 'Ohne Thema')}</th></tr>")
        for values in group[columns].itertuples(index=False, name=None):
            rows.append("<tr>" + "".join(
                f'<td class="num">{report_html.esc(v)}</td>' if c in numeric
                else f"<td>{report_html.esc(v)}</td>" for c, v in zip(columns, values)) + "</tr>")
    return (f'<table class="profile"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def profile_body(profile: Profile, level: int | None = 0, other=None, heading: str = "h2",
                 by_theme: bool = True, name_in_facts: bool = True) -> str:
    """HTML fragment for one profile: a heading 'Name (key)' (none when `heading` is empty: the page title
    names the area), header facts (without the name when `name_in_facts` is False: the heading shows it), then
    one table with a heading row per theme (`by_theme`) or with a theme column (`by_theme` False)."""
    facts = header_lines(profile)[0 if name_in_facts else 1:]
    head = "".join(f"<tr><th>{report_html.esc(k)}</th><td>{report_html.esc(v)}</td></tr>" for k, v in facts)
    parts = [f"<{heading}>{report_html.esc(profile.name)} ({report_html.esc(profile.key)})</{heading}>"
             if heading else "", f'<table class="facts">{head}</table>']
    table = display_table(profile, level, other)
    numeric = _numeric_columns(table, profile, level)
    if not by_theme:
        parts.append(report_html.table(table, numeric_columns=numeric))
        return "".join(parts)
    parts.append(_grouped_table(table, numeric))
    return "".join(parts)


def profile_html(profile: Profile, level: int = 0, other=None, attribution: str = "") -> str:
    title = f"Sozialraumprofil {profile.name}" if other is None else \
        f"Sozialraumprofil {profile.name} im Vergleich mit {other.name}"
    # the page title names the area once; no second heading and no 'Sozialraum' line repeat it
    body = profile_body(profile, level, other, heading="", name_in_facts=False) + \
        f'<p class="muted small">{report_html.esc(RANK_RULE)}. ' \
        f"≈ = {report_html.esc(method_note(WEIGHTED))}.</p>"
    return report_html.page(title, body, attribution)


def write_html(path: str, html_text: str) -> str:
    def writer(temp):
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(html_text)
    return atomic_write(path, writer, ".html")


def clipboard_payload(profile: Profile, level: int = 0, other=None) -> tuple:
    """(TSV text, HTML table): what the dock puts on the clipboard; pastes as a table into Excel and Word."""
    table = display_table(profile, level, other)
    def cells(values):        # pasted into a spreadsheet: no formula, no cell broken by a tab or line break
        return "\t".join(safe_cell(str(v).replace("\t", " ").replace("\n", " ")) for v in values)

    lines = [cells(pair) for pair in header_lines(profile)] + [""]
    lines.append(cells(table.columns))
    for values in table.itertuples(index=False, name=None):
        lines.append(cells(values))
    html_text = ('<html><head><meta charset="utf-8"></head><body>' + profile_body(profile, level, other, "h3")
                 + "</body></html>")
    return "\n".join(lines) + "\n", html_text
