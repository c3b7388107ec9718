"""The printed profiles as an atlas: one page per area, the same table on every page, the values in fields.

`profile_atlas(pages, level, indicators)` shapes the profiles of a report into what a QGIS atlas layout needs
(adapter/profile_layout builds the layout): the table's fixed structure (`rows`: one heading row per catalogue
theme, one row per indicator with its label, unit and polarity) and one record per area (`pages`, in page
order) holding the page's title texts and every table cell as German text, after the privacy rule (suppressed
values read "unterdrückt", missing ones "k. A.", never a number). The layout's table cells read these fields
(`w01` value, `e01` parent unit, `g01` region, `r01` rank, `zl01`/`zr01` the deviation bar), so the numbers on
the page are the numbers of the profile dock and of the HTML/XLSX report.

Decisions:
- Values without unit (the unit has its own column), German format (decimal comma, thousands dot); blanks inside
  one cell ('≈ 1,2', '12 von 448') are non-breaking, so no number or rank is broken across lines.
- Deviation bar: the z-value against all areas as text blocks, one block per 0.5, a half block per 0.25, at
  most ±3; values below the mean grow to the left, above to the right (the side's colour comes from the
  indicator's polarity in the layout).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .numbers import format_number
from .profile_export import header_lines, missing_text
from .rates import WEIGHTED

BLOCK, LEFT_HALF, RIGHT_HALF = "\u2588", "\u258c", "\u2590"
NBSP = "\u00a0"
BAR_LIMIT = 3.0


@dataclass(frozen=True)
class AtlasRow:
    """One row of the printed table: a theme heading (suffix '') or an indicator (cells in fields *<suffix>)."""
    label: str
    unit: str = ""
    suffix: str = ""
    polarity: int = 0        # +1 higher is worse, -1 higher is better, 0 neutral

    @property
    def is_theme(self) -> bool:
        return not self.suffix


@dataclass(frozen=True)
class ProfileAtlas:
    """headers: the table's column titles; rows: AtlasRow per printed row (themes and indicators);
    pages: one record per area in page order (column `seite` from 1), index = feature id;
    source / data_date: the catalogue's sources and years; notes: how to read the table."""
    headers: tuple
    rows: tuple
    pages: pd.DataFrame
    source: str
    data_date: str
    notes: str
    parent_label: str = ""


def deviation_bar(z: float) -> tuple:
    """(left, right) text bars of a z-value: one block per 0.5, a half block per 0.25, at most ±3.

    >>> deviation_bar(1.3)
    ('', '██▌')
    >>> deviation_bar(-0.8)
    ('▐█', '')
    >>> deviation_bar(float("nan"))
    ('', '')
    """
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return "", ""
    quarters = int(math.floor(min(abs(float(z)), BAR_LIMIT) * 4 + 0.5))
    full, half = divmod(quarters, 2)
    if z < 0:
        return RIGHT_HALF * half + BLOCK * full, ""
    return "", BLOCK * full + LEFT_HALF * half


def cell_text(value: float, reason: str | None, decimals: int, method: str = "") -> str:
    """A table cell: German number without unit, '≈' before an approximation, the reason's short text when
    there is no value to show; blanks non-breaking.

    >>> cell_text(1234.5, None, 1)
    '1.234,5'
    >>> cell_text(float("nan"), "unterdrückt: Fallzahl unter 3", 1)
    'unterdrückt'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing_text(reason).replace(" ", NBSP)
    text = format_number(value, decimals)
    return f"≈{NBSP}{text}" if method == WEIGHTED else text


def _suffix(number: int, width: int) -> str:
    return str(number).zfill(width)


def data_date(indicators) -> str:
    """The catalogue years of the indicators: '2018', or '2017, 2018' ('' when the catalogue has none)."""
    years = sorted({str(i.year).strip() for i in indicators if str(i.year or "").strip()})
    return ", ".join(years)


def sources(indicators) -> str:
    found = sorted({i.source.strip().rstrip(".") for i in indicators if (i.source or "").strip()})
    return f"Quelle: {'; '.join(found)}." if found else ""


def _polarity(indicator) -> int:
    return {"higher_is_worse": 1, "higher_is_better": -1}.get(indicator.polarity, 0)


def profile_atlas(pages: list, level: int | None, indicators: tuple, rank_rule: str = "",
                  approximation: str = "") -> ProfileAtlas:
    """pages: [(feature id, Profile)] in page order; level: the parent level shown beside the area (None: no
    parent column); indicators: the catalogue entries of the profiles (source, year)."""
    first = pages[0][1] if pages else None
    width = max(2, len(str(len(first.rows)))) if first is not None else 2
    order = {row.indicator.id: n for n, row in enumerate(first.rows, start=1)} if first is not None else {}
    rows = []
    if first is not None:
        for theme, members in first.themes():
            rows.append(AtlasRow(theme or "Ohne Thema"))
            rows += [AtlasRow(r.indicator.title, r.indicator.unit, _suffix(order[r.indicator.id], width),
                              _polarity(r.indicator)) for r in members]
    parent_label = ""
    if first is not None and level is not None and level < len(first.parents):
        parent_label = first.parent_labels[level] if level < len(first.parent_labels) else first.parents[level].field
    records = []
    for number, (fid, profile) in enumerate(pages, start=1):
        parent = profile.parents[level] if level is not None and level < len(profile.parents) else None
        record = {"fid": fid, "seite": number, "schluessel": profile.key, "name": profile.name,
                  "titel": profile.name or profile.key,
                  "untertitel": " · ".join(f"{k}: {v}" for k, v in header_lines(profile)[1:]),
                  "einheit": parent.key if parent is not None else "",
                  "einheit_name": parent.name if parent is not None else ""}
        for row in profile.rows:
            ind, s = row.indicator, _suffix(order[row.indicator.id], width)
            record[f"w{s}"] = cell_text(row.value, row.reason, ind.decimals)
            if parent_label:
                record[f"e{s}"] = cell_text(row.parent_values[level], row.parent_reasons[level], ind.decimals,
                                            row.parent_methods[level])
            record[f"g{s}"] = cell_text(row.region_value, row.region_reason, ind.decimals, row.region_method)
            record[f"r{s}"] = row.rank_text.replace(" ", NBSP)
            record[f"zl{s}"], record[f"zr{s}"] = deviation_bar(row.z)
        records.append(record)
    frame = pd.DataFrame(records)
    if len(frame):
        frame = frame.set_index("fid")
    headers = ("Indikator", "Einheit", "Gebiet") + ((parent_label,) if parent_label else ()) + (
        first.region_name if first is not None else "Gesamt", "Rang", "niedriger", "höher")
    notes = ("Balken: Abweichung vom Mittel aller Gebiete (z-Wert), niedriger links, höher rechts, ein Block = "
             "0,5 Standardabweichungen (bis ±3); rot = ungünstige, blau = günstige Seite, grau = neutraler Indikator. "
             + (f"{rank_rule}. " if rank_rule else "") + (f"≈ = {approximation}. " if approximation else "")
             + "„unterdrückt“ = Geheimhaltung (kleine Fallzahl), „k. A.“ = kein Wert.")
    return ProfileAtlas(headers=headers, rows=tuple(rows), pages=frame, source=sources(indicators),
                        data_date=data_date(indicators), notes=notes, parent_label=parent_label)
