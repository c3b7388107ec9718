"""Statistical confidentiality (Geheimhaltung): which values an output may show.

One rule (`SuppressionRule`: minimum count, minimum population, population field), applied wherever values are
shown or exported. Suppressed values become NaN and keep a reason, so maps, profiles and reports show them as
"unterdrückt", never as 0. The reason says whether a cell was hidden for itself (primary) or to protect another
one (secondary, `SECONDARY` in the text).

Primary suppression (minimum-frequency rule)
- Counts are: the fields the catalogue names as numerator or denominator, the indicators it marks
  `kind=count`, and the population field. A count between 1 and min_count−1 is hidden. Zero is shown (it
  discloses nothing about a person).
- A rate is hidden when its numerator or its denominator is hidden: with the rate and one of them the other
  is back. A rate whose numerator or denominator is not in the data while the count rule is on is an error
  (the rule could not be checked), never shown unchecked.
- An area (or parent unit) with fewer than min_population residents shows no value at all, its population
  included.
- min_count 0 or 1 switches the count rule off, min_population 0 the population rule.

Secondary (complementary) suppression — `protect`
A hidden cell is not protected when an output also shows a total of it: a district of 181 next to its
visible children 50, 60 and 70 gives the hidden child as 1. Statistical offices therefore hide further cells
(secondary or complementary cell suppression: τ-ARGUS, the R package sdcTable, SSB's GaussSuppression, the
Destatis/Statistische Ämter "Geheimhaltung" practice). The rule implemented here:
- The cells of an output are its areas, its parent units of every level and the region (`Hierarchy`), linked
  by equations "total = sum of parts" (a parent is the sum of its areas, a coarser unit the sum of the finer
  units inside it, the region the sum of the parent units). Counts add up directly, weighted means in
  value × weight; rates are protected through their numerator and denominator.
- Singleton rule, per equation and per column: an equation must never hold exactly one hidden cell (it would
  be the total minus the published cells). Where it does, one more cell of the same equation is hidden: the
  smallest published part greater than 0 (ties: the first in the output's order — areas in layer order, parent
  units in key order), else the total, else a part that is 0 (a hidden 0 protects nothing: the pair's sum would
  still be the hidden count). Values that can be negative (z-values) are compared by size.
- Differences are counts, too: where a published total minus its published parts leaves a count between 1 and
  min_count−1 (for the population: below min_population), the hidden cells of that equation are only a small
  count together (two hidden 1s), and one more cell is hidden in the same way.
- Repeated over all equations of all levels until nothing changes. When the levels nest (each area in one
  parent, each parent in one coarser unit), the equations form a tree and this rule alone leaves no hidden cell
  that a linear combination of the published cells gives exactly (each side of a hidden cell then holds
  another hidden cell with no further equation). When they do not nest, a linear check (rank of the hidden
  cells' equations, as GaussSuppression does) finds any hidden cell still determined and hides further cells
  of its equations until none is.
- A rate whose numerator or denominator was hidden in this way is hidden too (secondary).
- Cells without a value (NaN) take no part: a sum skips them, and nobody knows them.
Not covered: intervals (τ-ARGUS's protection levels beyond the singleton and difference rules), links between
different columns other than a rate and its counts (e.g. men + women = total), and outputs published
separately from each other (each output is protected for what it shows together).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .catalogue import CatalogueError
from .rates import FROM_COUNTS, NOT_AGGREGABLE, SUM, WEIGHTED

if TYPE_CHECKING:
    from .catalogue import Catalogue

SETTINGS_MIN_COUNT = "sozialraum_monitor/min_count"
SETTINGS_MIN_POPULATION = "sozialraum_monitor/min_population"
DEFAULT_MIN_COUNT = 3
SUPPRESSED = "unterdrückt"
SECONDARY = "Sekundärsperrung"


@dataclass(frozen=True)
class SuppressionRule:
    """min_count: counts 1..min_count−1 are hidden (0 or 1: off). min_population: areas with fewer residents
    (in population_field) show no values (0: off)."""
    min_count: int = DEFAULT_MIN_COUNT
    min_population: float = 0
    population_field: str = ""

    @property
    def counts_on(self) -> bool:
        return bool(self.min_count) and self.min_count > 1

    @property
    def population_on(self) -> bool:
        return bool(self.min_population) and self.min_population > 0 and bool(self.population_field)

    @property
    def active(self) -> bool:
        return self.counts_on or self.population_on

    def count_reason(self) -> str:
        return f"{SUPPRESSED}: Fallzahl unter {self.min_count}"

    def population_reason(self) -> str:
        return f"{SUPPRESSED}: weniger als {self.min_population:g} Einwohner"

    @staticmethod
    def secondary_reason() -> str:
        return (f"{SUPPRESSED} ({SECONDARY}): schützt einen unterdrückten Wert, der sonst aus einer Summe und "
                "den übrigen Werten errechenbar wäre")


def is_secondary(reason: str | None) -> bool:
    return isinstance(reason, str) and reason.startswith(SUPPRESSED) and SECONDARY in reason


def small(values: pd.Series, min_count: int) -> pd.Series:
    """Boolean mask of counts that must be hidden: 0 < value < min_count.

    >>> small(pd.Series([0, 1, 2, 3]), 3).tolist()
    [False, True, True, False]
    """
    values = pd.to_numeric(values, errors="coerce")
    return (values > 0) & (values < min_count)


def count_fields(catalogue: Catalogue, rule: SuppressionRule | None = None, extra: list | tuple = ()) -> list:
    """The fields that hold counts: numerators, denominators, indicators of kind count, the rule's population
    field and `extra`."""
    population = [rule.population_field] if rule is not None and rule.population_field else []
    return list(catalogue.count_fields(population + list(extra)))


def _missing_parts(frame, catalogue, columns):
    for column in columns:
        indicator = catalogue.get(column)
        if indicator is not None and indicator.is_rate:
            for part, what in ((indicator.numerator, "Zähler"), (indicator.denominator, "Nenner")):
                if part not in frame.columns:
                    where = f"{catalogue.path}: " if catalogue.path else ""
                    raise CatalogueError(
                        f"{where}Indikator '{column}': das {what}feld '{part}' fehlt in den Daten "
                        f"(vorhanden: {', '.join(map(str, frame.columns))}). Ohne es lässt sich die Quote nicht "
                        f"auf kleine Fallzahlen prüfen. Bitte das Feld in den Layer aufnehmen oder im Katalog "
                        f"den richtigen Feldnamen eintragen.")


def suppression_mask(frame: pd.DataFrame, catalogue: Catalogue, rule: SuppressionRule, columns: list | None = None,
                     counts: list | tuple = ()) -> pd.DataFrame:
    """DataFrame of primary reasons (None = shown) for `columns` (default: all numeric columns) of `frame`.

    counts: further count fields besides the catalogue's and the population field.
    """
    columns = list(columns if columns is not None else frame.select_dtypes("number").columns)
    reasons = pd.DataFrame({c: pd.Series([None] * len(frame), index=frame.index, dtype=object) for c in columns},
                           columns=columns)
    if rule is None:
        return reasons
    if rule.counts_on:
        _missing_parts(frame, catalogue, columns)
        is_count = set(count_fields(catalogue, rule, counts))
        small_of = {}

        def small_in(field):
            if field not in small_of:
                small_of[field] = small(frame[field], rule.min_count).to_numpy()
            return small_of[field]

        for column in columns:
            indicator = catalogue.get(column)
            hide = np.zeros(len(frame), dtype=bool)
            if column in is_count:
                hide |= small_in(column)
            if indicator is not None and indicator.is_rate:
                hide |= small_in(indicator.numerator) | small_in(indicator.denominator)
            reasons.loc[hide, column] = rule.count_reason()
    if rule.population_on:
        if rule.population_field not in frame.columns:
            raise CatalogueError(f"Einwohnerfeld '{rule.population_field}' fehlt in den Daten (vorhanden: "
                                 f"{', '.join(map(str, frame.columns))}). Bitte das Einwohnerfeld angeben oder die "
                                 "Mindesteinwohnerzahl auf 0 setzen.")
        population = pd.to_numeric(frame[rule.population_field], errors="coerce")
        low = (population < rule.min_population).to_numpy()
        for column in columns:
            reasons.loc[low, column] = rule.population_reason()
    return reasons


def hide(frame: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """Copy of `frame` with every cell that has a reason set to NaN (those columns become float)."""
    shown = frame.copy()
    for column in reasons.columns:
        mask = reasons[column].notna().to_numpy()
        if mask.any():
            shown[column] = pd.to_numeric(shown[column], errors="coerce").astype(float)
            shown.loc[mask, column] = np.nan
    return shown


def apply_suppression(frame: pd.DataFrame, catalogue: Catalogue, rule: SuppressionRule, columns=None,
                      counts: tuple = ()) -> tuple:
    """(copy of frame with primary-suppressed values set to NaN, reasons DataFrame).

    For an output that also shows totals of these values, use `protect` on all its cells instead.
    """
    reasons = suppression_mask(frame, catalogue, rule, columns, counts)
    return hide(frame, reasons), reasons


# --- secondary suppression -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Hierarchy:
    """The cells of one output and how they add up.

    Cells 0..areas−1 are the areas (or whatever the finest cells are), then the parent units of each level
    (level by level, in the order given), then the region (when there is one). `equations`: ((total cell,
    parts array), …), total = sum of parts. `tree`: the equations form a tree (levels nest), so the singleton
    rule alone prevents exact recovery; otherwise `flat` (each parent and the region as the sum of its areas)
    spans every relation and the linear check runs. `fixed`: cells everyone knows (a constant such as the
    sum 0 of z-values), never hidden; None: none.
    """
    size: int
    equations: tuple
    tree: bool
    flat: tuple
    fixed: np.ndarray = None


def table_equations(rows: int, columns: int, row_totals: bool = True,
                    column_rows: np.ndarray | None = None) -> Hierarchy:
    """A Hierarchy for a table of `rows` x `columns` cells (row-major, cells 0..rows*columns-1) followed by one
    total per row (when `row_totals`) and one fixed total per column over the rows in `column_rows` (a bool
    array; None: no column sums), e.g. z-values that add up to 0 over the reference areas.

    >>> h = table_equations(2, 2, column_rows=np.array([True, True]))
    >>> [(int(t), p.tolist()) for t, p in h.equations], h.fixed.tolist()
    ([(4, [0, 1]), (5, [2, 3]), (6, [0, 2]), (7, [1, 3])], [False, False, False, False, False, False, True, True])
    """
    grid = np.arange(rows * columns).reshape(rows, columns)
    equations, size = [], rows * columns
    if row_totals:
        equations += [(size + i, grid[i]) for i in range(rows)]
        size += rows
    fixed = np.zeros(size + (columns if column_rows is not None else 0), dtype=bool)
    if column_rows is not None:
        chosen = np.flatnonzero(np.asarray(column_rows, dtype=bool))
        equations += [(size + j, grid[chosen, j]) for j in range(columns)]
        fixed[size:] = True
        size += columns
    return Hierarchy(size, tuple(equations), False, tuple(equations), fixed)


def _codes(codes, count):
    codes = np.asarray(codes, dtype=np.int64)
    return np.where((codes >= 0) & (codes < count), codes, -1)


def hierarchy(areas: int, levels: list | tuple = (), region: bool = True) -> Hierarchy:
    """A Hierarchy from `levels`: ((codes, count), …) with per area the position 0..count−1 of its parent unit in
    that level (−1: none). Give only the levels the output shows.

    >>> h = hierarchy(4, [([0, 0, 1, 1], 2)])
    >>> [(int(t), p.tolist()) for t, p in h.equations]
    [(4, [0, 1]), (5, [2, 3]), (6, [4, 5])]
    """
    levels = [(_codes(c, k), int(k)) for c, k in levels]
    offsets, start = [], areas
    for _, count in levels:
        offsets.append(start)
        start += count
    size = start + (1 if region else 0)
    region_cell = size - 1 if region else None
    flat = []
    for (codes, count), offset in zip(levels, offsets):
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(count + 1))
        for k in range(count):
            flat.append((offset + k, order[bounds[k]:bounds[k + 1]]))
    if region:
        flat.append((region_cell, np.arange(areas)))
    tree, equations = _tree(areas, levels, offsets, region_cell)
    if not tree:
        equations = list(flat)
        if region:
            for (codes, count), offset in zip(levels, offsets):
                equations.append((region_cell, np.concatenate([offset + np.arange(count),
                                                               np.flatnonzero(codes < 0)])))
    return Hierarchy(size, tuple(equations), tree, tuple(flat))


def _tree(areas, levels, offsets, region_cell):
    """(True, equations) when the levels nest (finest first): each cell's parent is the unit of the next
    coarser level it lies in, else the region."""
    order = sorted(range(len(levels)), key=lambda i: -levels[i][1])
    parent_of = {}                         # cell -> parent cell (None: top)
    for rank, i in enumerate(order):
        codes, count = levels[i]
        coarser = order[rank + 1:]
        for k in range(count):
            members = np.flatnonzero(codes == k)
            parent = region_cell
            for j in coarser:
                above = np.unique(levels[j][0][members])
                if len(above) > 1:
                    return False, None     # a unit split between two coarser units: no tree
                if len(members) and above[0] >= 0:
                    parent = offsets[j] + int(above[0])
                    break
            parent_of[offsets[i] + k] = parent
    for a in range(areas):
        parent = region_cell
        for i in order:
            if levels[i][0][a] >= 0:
                parent = offsets[i] + int(levels[i][0][a])
                break
        parent_of[a] = parent
    children = {}
    for cell, parent in sorted(parent_of.items()):
        if parent is not None:
            children.setdefault(parent, []).append(cell)
    return True, [(total, np.array(parts, dtype=np.int64)) for total, parts in sorted(children.items())]


def _pick(values, hidden, total, parts, fixed=None):
    """The cell to hide next in an equation: the shown part smallest in size but not 0 (ties: the first), else
    the total (unless everyone knows it), else a shown part that is 0. None when nothing is left."""
    free = parts[~hidden[parts]]
    if fixed is not None:
        free = free[~fixed[free]]
    nonzero = free[np.abs(values[free]) > 0]
    if len(nonzero):
        return int(nonzero[np.argmin(np.abs(values[nonzero]))])     # argmin takes the first of equal values
    if not hidden[total] and (fixed is None or not fixed[total]):
        return int(total)
    return int(free[0]) if len(free) else None


def _singleton_pass(values, hidden, equations, threshold, fixed=None):
    """Hide cells until no equation has exactly one hidden cell and no published difference is a small count.
    Changes `hidden` in place."""
    usable = [(t, p[~np.isnan(values[p])]) for t, p in equations if not np.isnan(values[t])]
    changed = True
    while changed:
        changed = False
        for total, parts in usable:
            hidden_parts = parts[hidden[parts]]
            count = len(hidden_parts) + int(hidden[total])
            if count == 0:
                continue
            need = count == 1
            if not need and threshold and not hidden[total]:
                rest = float(values[hidden_parts].sum())
                need = 0 < rest < threshold
            if need:
                cell = _pick(values, hidden, total, parts, fixed)
                if cell is not None:
                    hidden[cell] = True
                    changed = True


def determined_cells(values: np.ndarray, hidden: np.ndarray, equations: tuple, tolerance: float = 1e-9) -> np.ndarray:
    """Hidden cells that the shown cells give exactly through the equations (linear algebra: the cell's unit
    vector lies in the row space of the equations restricted to the hidden cells)."""
    cells = np.flatnonzero(hidden & ~np.isnan(values))
    if not len(cells):
        return np.array([], dtype=np.int64)
    column_of = {c: i for i, c in enumerate(cells)}
    rows = []
    for total, parts in equations:
        if np.isnan(values[total]):
            continue
        row = np.zeros(len(cells))
        if total in column_of:
            row[column_of[total]] = 1.0
        for part in parts:
            if part in column_of:
                row[column_of[part]] -= 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return np.array([], dtype=np.int64)
    _u, s, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    basis = vt[s > tolerance * max(1.0, s.max())]
    projection = (basis ** 2).sum(axis=0)
    return cells[projection > 1 - 1e-6]


def protect_cells(values: np.ndarray, hidden: np.ndarray, structure: Hierarchy, threshold: int = 0) -> np.ndarray:
    """Secondary cells for one column: bool array of the cells to hide in addition to `hidden`.

    values: float array (one per cell of `structure`, NaN = no value); hidden: bool array of the primary cells;
    threshold: a published difference below it (and above 0) is a small count (0: no such check).

    >>> h = hierarchy(4, [([0, 0, 0, 1], 2)])
    >>> values = np.array([1, 50, 60, 70, 111, 70, 181], dtype=float)   # areas, 2 parents, region
    >>> protect_cells(values, np.array([True] + [False] * 6), h, 3).nonzero()[0].tolist()
    [1]
    """
    values = np.asarray(values, dtype=float)
    primary = np.asarray(hidden, dtype=bool) & ~np.isnan(values)
    hidden = primary.copy()
    if not hidden.any():
        return np.zeros(structure.size, dtype=bool)
    fixed = structure.fixed
    _singleton_pass(values, hidden, structure.equations, threshold, fixed)
    while not structure.tree:
        found = determined_cells(values, hidden, structure.flat)
        if not len(found):
            break
        cell = None
        for total, parts in structure.equations:
            if found[0] == total or found[0] in parts:
                cell = _pick(values, hidden, total, parts[~np.isnan(values[parts])], fixed)
                if cell is not None:
                    break
        if cell is None:
            break
        hidden[cell] = True
        _singleton_pass(values, hidden, structure.equations, threshold, fixed)
    return hidden & ~primary


def protect(cells: pd.DataFrame, reasons: pd.DataFrame, structure: Hierarchy, catalogue: Catalogue,
            rule: SuppressionRule, methods: dict | None = None, weight: str | None = None) -> tuple:
    """Secondary suppression on all cells of an output; returns (shown, reasons) for the columns of `reasons`.

    cells: DataFrame with one row per cell of `structure` (in its order) holding the true values, the counts
    of the rates included; reasons: the primary reasons (e.g. `suppression_mask(cells, …)`), None = shown.
    methods: column -> core.rates method (SUM: a count, WEIGHTED: a weighted mean with weight field `weight`,
    FROM_COUNTS: a rate from its catalogue counts, NOT_AGGREGABLE: no totals); default: counts SUM, rates
    FROM_COUNTS, others NOT_AGGREGABLE.
    """
    if len(cells) != structure.size:
        raise ValueError(f"{len(cells)} cells for a hierarchy of {structure.size}")
    shown_columns = list(reasons.columns)
    if rule is None or not rule.active:
        return hide(cells, reasons), reasons.copy()
    counts = set(count_fields(catalogue, rule))
    methods = dict(methods or {})
    work = reasons.copy()
    for column in shown_columns:            # a rate is protected through its counts: take them in
        indicator = catalogue.get(column)
        if indicator is not None and indicator.is_rate and methods.get(column, FROM_COUNTS) == FROM_COUNTS:
            for part in (indicator.numerator, indicator.denominator):
                if part in cells.columns and part not in work.columns:
                    work[part] = suppression_mask(cells, catalogue, rule, [part])[part]
    for column in work.columns:
        if column not in methods:
            indicator = catalogue.get(column)
            methods[column] = SUM if column in counts else \
                FROM_COUNTS if indicator is not None and indicator.is_rate else NOT_AGGREGABLE
    secondary = rule.secondary_reason()

    def run(column, values, threshold):
        mask = protect_cells(values, work[column].notna().to_numpy(), structure, threshold)
        work.loc[mask, column] = secondary

    for column in work.columns:
        if methods[column] == SUM:
            threshold = rule.min_count if rule.counts_on else 0
            if column == rule.population_field and rule.population_on:
                threshold = max(threshold, rule.min_population)
            run(column, pd.to_numeric(cells[column], errors="coerce").to_numpy(float), threshold)
        elif methods[column] == WEIGHTED and weight and weight in cells.columns:
            product = pd.to_numeric(cells[column], errors="coerce") * pd.to_numeric(cells[weight], errors="coerce")
            run(column, product.to_numpy(float), 0)
    for column in work.columns:
        indicator = catalogue.get(column)
        if methods[column] != FROM_COUNTS or indicator is None or not indicator.is_rate:
            continue
        for part in (indicator.numerator, indicator.denominator):
            if part in work.columns:
                extra = work[part].map(is_secondary).to_numpy(bool) & work[column].isna().to_numpy()
                work.loc[extra, column] = secondary
    result = work[shown_columns]
    return hide(cells, result), result


def suppress(cells: pd.DataFrame, catalogue: Catalogue, rule: SuppressionRule, structure: Hierarchy,
             columns: list | None = None, methods: dict | None = None, weight=None, counts: tuple = ()) -> tuple:
    """Primary and secondary suppression of the cells of one output: (shown, reasons)."""
    reasons = suppression_mask(cells, catalogue, rule, columns, counts)
    return protect(cells, reasons, structure, catalogue, rule, methods, weight)
