"""Social-space indicators aggregated to parent units (planning area -> district -> city).

`aggregate_to_parents` is what sozialraum:aggregate computes, without QGIS:
- parents come from a field, from the first n characters of the area key (Berlin: 2 = district,
  6 = Bezirksregion; Cologne: 1 = Stadtbezirk) or are the whole region (`parents_for`);
- counts are summed; rates are recomputed from the summed counts through the catalogue
  (core.rates.aggregate), never averaged;
- indicators without counts become a weighted mean (marked as an approximation) only when a weight field is
  chosen, otherwise NULL with the reason;
- a sum over a parent with a missing value in one of its areas would be too small: it is NULL with the reason
  (and so is a rate built on such a sum);
- small counts are suppressed (core.privacy) on the result, each with its reason; with the region row a hidden
  parent value would be the region minus the other parents, so a second parent value is hidden as well
  (secondary suppression, core.privacy.protect; areas without a parent count as one more unit nobody sees).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import html
from .catalogue import Catalogue
from .errors import AggregationError
from .keys import diagnose_prefix, normalise_keys
from .numbers import format_number
from .privacy import hide, hierarchy, is_secondary, protect, suppression_mask
from .rates import FROM_COUNTS, NOT_AGGREGABLE, SUM, WEIGHTED, aggregate

if TYPE_CHECKING:
    from .privacy import SuppressionRule

REGION = "Gesamt"
MEMBERS = "gebiete"

METHOD_NOTES = {
    SUM: "Summe der Zählwerte der Gebiete",
    FROM_COUNTS: "Quote aus den summierten Zählern und Nennern neu berechnet (nicht gemittelt)",
    WEIGHTED: "NÄHERUNG: gewichtetes Mittel der Gebietswerte (Gewicht {weight}); keine Zählwerte im Katalog",
    NOT_AGGREGABLE: "nicht aggregierbar: keine Zählwerte im Katalog und kein Gewichtungsfeld gewählt – NULL",
}


@dataclass(frozen=True)
class ParentResult:
    values: pd.DataFrame            # index: parent key (and REGION); MEMBERS column, then the aggregated columns
    methods: dict                   # column -> SUM / FROM_COUNTS / WEIGHTED / NOT_AGGREGABLE
    notes: dict                     # column -> German description of the method
    reasons: pd.DataFrame           # same index/columns as values (without MEMBERS): why a value is NULL
    parents: pd.Series              # per area: its parent key (None: no parent)
    suppressed: int = 0             # values hidden by the suppression rule
    without_parent: tuple = field(default_factory=tuple)   # positions of areas without a parent key
    secondary: int = 0              # of `suppressed`: hidden only so that no other hidden value is a difference


def parents_for(frame: pd.DataFrame, key: str = "", parent_field: str = "", prefix_length: int = 0) -> pd.Series:
    """Parent key of every area: the parent field, or the first `prefix_length` characters of the key (keys as
    normalised text, leading zeros kept), or REGION for all when neither is given. None where unknown."""
    if prefix_length and not parent_field and not key:
        raise AggregationError(f"Bitte das Schlüsselfeld wählen: die übergeordnete Einheit wird aus seinen ersten "
                               f"{int(prefix_length)} Zeichen gebildet.")
    if parent_field:
        if parent_field not in frame.columns:
            raise AggregationError(f"Feld '{parent_field}' für die übergeordnete Einheit fehlt (vorhanden: "
                                   f"{', '.join(map(str, frame.columns))}).")
        return normalise_keys(frame[parent_field].reset_index(drop=True))
    if prefix_length:
        if key not in frame.columns:
            raise AggregationError(f"Schlüsselfeld '{key}' fehlt (vorhanden: {', '.join(map(str, frame.columns))}). "
                                   "Für die Bildung über die Schlüsselstellen bitte das Schlüsselfeld angeben.")
        keys = normalise_keys(frame[key].reset_index(drop=True))
        lost = diagnose_prefix(keys, prefix_length)
        if lost is not None:  # '1011101' beside '10011101': its first 2 digits would merge district 01 into 10
            raise AggregationError(
                f"Schlüsselfeld '{key}': {lost.message} Bitte die Schlüssel mit führenden Nullen speichern (z. B. "
                f"im Feldrechner lpad(\"{key}\", {lost.width}, '0') oder beim Verbinden mit KEY_WIDTH={lost.width}) "
                "oder das Feld der übergeordneten Einheit angeben (PARENT_FIELD).")
        short = keys.isna() | (keys.fillna("").str.len() < int(prefix_length))
        parents = keys.fillna("").str.slice(0, int(prefix_length)).astype(object)
        return parents.where(~short, None)
    return pd.Series(REGION, index=range(len(frame)), dtype=object)


def _incomplete(frame, parents, column, members):
    """Per parent: number of its areas without a value in `column` (0 where complete)."""
    missing = pd.to_numeric(frame[column], errors="coerce").isna()
    return missing.groupby(parents.to_numpy(), sort=True).sum().reindex(members.index).fillna(0).astype(int)


def _one_level(frame, catalogue, parents, columns, counts, weight):
    """rates.aggregate plus the reason for every NULL (incomplete sums are made NULL)."""
    result = aggregate(frame, catalogue, parents, columns=columns, extra_counts=counts, weight=weight)
    values = result.values.copy()
    members = result.members
    reasons = pd.DataFrame(None, index=values.index, columns=values.columns, dtype=object)
    gaps = {}
    for column, method in result.methods.items():
        if method == SUM:
            gaps[column] = _incomplete(frame, parents, column, members)
            bad = (gaps[column] > 0).to_numpy()
            values.loc[bad, column] = np.nan
            reasons.loc[bad, column] = [f"unvollständig: {k} von {n} Gebieten ohne Wert"
                                        for k, n in zip(gaps[column][bad], members[bad])]
    for column, method in result.methods.items():
        empty = values[column].isna().to_numpy() & reasons[column].isna().to_numpy()
        if method == FROM_COUNTS:
            indicator = catalogue.get(column)
            for part, label in ((indicator.numerator, "Zähler"), (indicator.denominator, "Nenner")):
                gap = gaps.get(part)
                if gap is None:
                    gap = _incomplete(frame, parents, part, members)
                bad = (gap > 0).to_numpy() & reasons[column].isna().to_numpy()
                values.loc[bad, column] = np.nan
                reasons.loc[bad, column] = [f"unvollständig: {label} '{part}' fehlt in {k} von {n} Gebieten"
                                            for k, n in zip(gap[bad], members[bad])]
            empty = values[column].isna().to_numpy() & reasons[column].isna().to_numpy()
            reasons.loc[empty, column] = "Nenner 0 oder ohne Wert"
        elif method == NOT_AGGREGABLE:
            reasons.loc[empty, column] = METHOD_NOTES[NOT_AGGREGABLE]
        elif method == WEIGHTED:
            reasons.loc[empty, column] = "kein Gebiet mit Wert und Gewicht"
        else:
            reasons.loc[empty, column] = "kein Gebiet mit Wert"
    return values, reasons, result.methods, members


def aggregate_to_parents(frame: pd.DataFrame, catalogue: Catalogue | None = None, parents: pd.Series | None = None,
                         columns: list | None = None, counts: list | tuple = (), weight: str | None = None,
                         rule: SuppressionRule | None = None, region_row: bool = False) -> ParentResult:
    """Aggregate the areas in `frame` (one row per area) to `parents` (Series aligned with frame's rows).

    columns: fields to aggregate (default: every numeric column). counts: further count fields summed
    besides the catalogue's numerators/denominators (e.g. the population). weight: field for the weighted mean
    of indicators without counts (None: those become NULL). rule: core.privacy.SuppressionRule or None.
    region_row: add one row REGION for the whole region (all areas).
    """
    catalogue = catalogue if catalogue is not None else Catalogue()
    frame = frame.reset_index(drop=True)
    parents = pd.Series(parents, dtype=object).reset_index(drop=True) if parents is not None else \
        pd.Series(REGION, index=frame.index, dtype=object)
    columns = list(columns if columns is not None else frame.select_dtypes("number").columns)
    missing = [c for c in list(columns) + list(counts) + ([weight] if weight else []) if c not in frame.columns]
    if missing:
        raise AggregationError(f"Feld(er) {', '.join(map(repr, missing))} fehlen (vorhanden: "
                               f"{', '.join(map(str, frame.columns))}).")
    counts = list(dict.fromkeys(list(counts)))
    known = parents.notna().to_numpy()
    if not known.any():
        raise AggregationError("Kein Gebiet hat eine übergeordnete Einheit (Feld leer oder Schlüssel kürzer als die "
                               "gewählte Stellenzahl). Bitte Feld oder Stellenzahl prüfen.")
    inside = frame[known].reset_index(drop=True)
    groups = parents[known].reset_index(drop=True)
    shown_columns = columns             # the rates' counts are aggregated as well, to check them, not shown
    columns = list(dict.fromkeys(columns + [c for c in catalogue.counts_for(columns) if c in frame.columns]))
    values, reasons, methods, members = _one_level(inside, catalogue, groups, columns, counts, weight)
    if region_row:
        whole = pd.Series(REGION, index=frame.index, dtype=object)
        if (members.index == REGION).any():
            raise AggregationError(f"Eine übergeordnete Einheit heißt schon '{REGION}'; bitte ohne Gesamtzeile "
                                   "aggregieren.")
        more, why, _, count = _one_level(frame, catalogue, whole, columns, counts, weight)
        values, reasons = pd.concat([values, more]), pd.concat([reasons, why])
        members = pd.concat([members, count])
    suppressed = secondary = 0
    if rule is not None and rule.active:
        orphans = frame[~known].reset_index(drop=True)
        hidden = _suppress(values, catalogue, rule, columns, counts, methods, weight, region_row,
                           _one_level(orphans, catalogue, pd.Series("?", index=orphans.index, dtype=object),
                                      columns, counts, weight)[0] if region_row and len(orphans) else None)
        newly = (hidden.notna() & values[columns].notna())[shown_columns]
        suppressed = int(newly.to_numpy().sum())
        secondary = int((newly & hidden[shown_columns].apply(lambda c: c.map(is_secondary))).to_numpy().sum())
        reasons = reasons.where(~newly, hidden)
        values = hide(values, hidden)
    values, reasons = values[shown_columns], reasons[shown_columns]
    methods = {c: methods[c] for c in shown_columns}
    values = values.copy()
    values.insert(0, MEMBERS, members.reindex(values.index).astype(int).to_numpy())
    notes = {c: METHOD_NOTES[m].format(weight=weight or "") for c, m in methods.items()}
    all_counts = set(catalogue.count_fields(counts))
    for column, method in methods.items():
        if method == SUM and column not in all_counts:
            notes[column] = METHOD_NOTES[SUM]
    return ParentResult(values=values, methods=methods, notes=notes, reasons=reasons, parents=parents,
                        suppressed=suppressed, without_parent=tuple(np.flatnonzero(~known)), secondary=secondary)


def _suppress(values, catalogue, rule, columns, counts, methods, weight, region_row, orphans):
    """Reasons (primary and secondary) for the parent rows and the region row of `values`. With the region row
    the output shows region = sum of the parents (+ the areas without a parent, `orphans`: one row nobody sees,
    known only as that difference), so a hidden parent needs a second hidden one (core.privacy.protect)."""
    cells = values[columns]
    if region_row:
        parents, region = cells.iloc[:-1], cells.iloc[-1:]
        parts = [parents] + ([orphans[columns]] if orphans is not None else []) + [region]
        cells = pd.concat(parts, ignore_index=True)
    primary = suppression_mask(cells, catalogue, rule, columns, counts)
    structure = hierarchy(len(cells) - (1 if region_row else 0), (), region=region_row)
    _shown, reasons = protect(cells, primary, structure, catalogue, rule, methods, weight)
    if region_row and orphans is not None:
        reasons = reasons.drop(index=len(cells) - 2)
    return reasons.set_axis(values.index)


def reason_table(result: ParentResult) -> pd.DataFrame:
    """One row per column (status 'Methode') and per NULL value (status 'NULL', with its reason)."""
    rows = [("", column, "Methode", result.notes[column]) for column in result.methods]
    stacked = result.reasons.stack().dropna()   # pandas 3 stacks the empty cells too
    for (unit, column), reason in stacked.items():
        rows.append((str(unit), str(column), "NULL", str(reason)))
    return pd.DataFrame(rows, columns=["einheit", "feld", "status", "grund"])


UNIT = "einheit"


@dataclass(frozen=True)
class Aggregated:
    """What sozialraum:aggregate writes: one row per parent unit, the aliases, the report as table and page."""
    result: ParentResult
    units: pd.DataFrame        # UNIT (text), MEMBERS (int), the aggregated fields (float); index = parent key
    aliases: dict              # field -> catalogue label
    report: pd.DataFrame       # reason_table(result)
    html: str                  # report_html(result, report, rule)


def aggregate_units(frame: pd.DataFrame, key: str = "", parent_field: str = "", prefix_length: int = 0,
                    columns: list | None = None, counts: list | tuple = (), weight: str | None = None,
                    catalogue: Catalogue | None = None, rule: SuppressionRule | None = None,
                    region_row: bool = False) -> Aggregated:
    """The whole aggregation of sozialraum:aggregate: parents (parents_for), values (aggregate_to_parents; the
    region row only where there are parents below it), output table, aliases and report."""
    catalogue = catalogue if catalogue is not None else Catalogue()
    parents = parents_for(frame, key, parent_field, prefix_length)
    result = aggregate_to_parents(frame, catalogue, parents, columns, counts, weight, rule,
                                  region_row=region_row and bool(parent_field or prefix_length))
    values = result.values
    units = values.astype({c: float for c in values.columns[1:]})
    units.insert(0, UNIT, [str(u) for u in values.index])
    units[MEMBERS] = units[MEMBERS].astype(int)
    aliases = {c: catalogue.get(c).label for c in values.columns[1:]
               if catalogue.get(c) is not None and catalogue.get(c).label}
    report = reason_table(result)
    return Aggregated(result, units, aliases, report, report_html(result, report, rule))


def report_html(result: ParentResult, table: pd.DataFrame, rule: SuppressionRule | None = None) -> str:
    """The aggregation report as an HTML page (German): units, method per field, NULL values with reasons."""
    methods = table[table.status == "Methode"].loc[:, ["feld", "grund"]].rename(
        columns={"feld": "Feld", "grund": "Methode"})
    nulls = table[table.status == "NULL"]
    min_count = rule.min_count if rule is not None else 0
    facts = pd.DataFrame([
        ("Übergeordnete Einheiten", str(len(result.values))),
        ("Gebiete ohne übergeordnete Einheit", str(len(result.without_parent))),
        ("Werte unterdrückt (Fallzahl unter " + format_number(min_count, 0) + ")", str(result.suppressed)),
        ("davon Sekundärsperrungen (sonst aus Gesamt und übrigen Einheiten errechenbar)", str(result.secondary)),
        ("NULL-Werte mit Grund", str(len(nulls))),
    ], columns=["", "Anzahl"])
    body = [html.table(facts, numeric_columns=("Anzahl",)), "<h2>Methode je Feld</h2>", html.table(methods)]
    approximations = [f for f, m in result.methods.items() if m == WEIGHTED]
    if approximations:
        body.append('<p class="warn">Näherungen (gewichtetes Mittel, keine Zählwerte): '
                    + html.esc(", ".join(approximations)) + "</p>")
    if len(nulls):
        summary = (nulls.groupby(["feld", "grund"], sort=True).size().reset_index(name="Anzahl")
                   .rename(columns={"feld": "Feld", "grund": "Grund"}))
        summary["Anzahl"] = summary["Anzahl"].astype(str)
        body.append(f"<h2>NULL-Werte und ihre Gründe ({len(nulls)})</h2>" + html.table(summary,
                                                                                    numeric_columns=("Anzahl",)))
        shown = nulls.loc[:, ["einheit", "feld", "grund"]].rename(
            columns={"einheit": "Einheit", "feld": "Feld", "grund": "Grund"})
        body.append(html.table(shown, max_rows=300))
    return html.page("Bericht: Indikatoren auf übergeordnete Einheiten aggregieren", "".join(body))
