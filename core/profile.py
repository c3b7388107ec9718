"""Social space profiles: everything a click needs, precomputed once per setup.

`ProfileIndex.build(frame, catalogue, …)` takes one row per area and computes, for every indicator:
the area values (rates from counts where the catalogue names them), the suppression/missing reason,
the parent units' and the region's values (from summed counts via core/rates, never averaged rates;
indicators without counts: population-weighted mean, marked as an approximation, or "not aggregable"
without a population field), rank, z-score, percentile, previous value and change. `index.profile(key)`
is then only array lookups.

Decisions (documented in README, "Sozialraumprofil"):
- Rank 1 = the most unfavourable value: the highest for "higher_is_worse" and "neutral", the lowest for
  "higher_is_better". Ties share the best rank ("min"). Only shown values are ranked (suppressed and
  missing values take no rank, so ranks reveal nothing about hidden values).
- z-score with the mean and the population standard deviation (ddof=0, as in the MSS method) over the
  shown values; percentile = share of areas with a value <= this one (in %).
- Time series: fields named `<id>_<year>` (year 1900–2099). If the field `<id>` exists it is the current
  value and its year is the catalogue's `year` (first four digits; without one, the newest `<id>_<year>`
  field is treated as the current year's copy only if no year is smaller); otherwise the newest `<id>_<year>` is
  current. The previous value is the newest year before the current one. For rates from counts the
  previous value is computed from `<numerator>_<year>` / `<denominator>_<year>` when those exist.
- Rows whose indicator values are all exactly 0 (while some are present) are source rows with no published
  values (Berlin MSS: areas under 300 residents carry 0 instead of empty); their indicators count as missing
  with the reason NOT_PUBLISHED, not as 0. Switch off with `zero_rows_missing=False`.
- Suppression (core/privacy) hides small counts and rates built from them in areas and parent units.
  Parent and region values are computed from all areas' true counts (only displayed values are hidden).
  Areas, parent units of every level and the region are protected together (secondary suppression,
  core.privacy.protect): no hidden value is a parent minus its visible children. The population of an area
  below the minimum is hidden too (header: "unterdrückt"). A previous-year value is hidden by its own counts
  (that year's numerator/denominator, or the count itself) and wherever this year's value is hidden; the
  change goes with it.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import HIGHER_IS_BETTER, Catalogue, Indicator
from .privacy import SUPPRESSED, SuppressionRule, hierarchy, is_secondary, protect, small, suppression_mask
from .rates import FROM_COUNTS, NOT_AGGREGABLE, SUM, WEIGHTED, aggregate, aggregate_region, rate

MISSING = "kein Wert in den Daten"
NOT_PUBLISHED = "nicht ausgewiesen (in der Quelle 0 in allen Indikatoren)"
NO_PREVIOUS = "kein Vorjahreswert"
RANK_RULE = "Rang 1 = ungünstigster Wert (bei neutralen Indikatoren: höchster Wert)"
REGION_NAME = "Gesamt"
YEAR_FIELD = re.compile(r"^(?P<base>.+)_(?P<year>(19|20)\d\d)$")
APPROXIMATION = {WEIGHTED}


@dataclass(frozen=True)
class ParentUnit:
    field: str            # key field of the parent level (e.g. bez_id)
    key: str
    name: str             # from the parent name field, else the key


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    value: float                  # NaN when missing or suppressed
    reason: str = None            # why value is NaN
    parent_values: tuple = ()     # one per parent level (NaN when not available)
    parent_reasons: tuple = ()
    parent_methods: tuple = ()    # core.rates method per level
    region_value: float = np.nan
    region_reason: str = None
    region_method: str = ""
    rank: int = 0                 # 0 = no rank
    rank_of: int = 0              # number of ranked areas
    z: float = np.nan
    percentile: float = np.nan
    previous: float = np.nan
    previous_year: str = ""
    previous_reason: str = None
    change: float = np.nan
    assessment: int = 0           # +1 worse than the region, -1 better, 0 equal/neutral/unknown

    @property
    def rank_text(self) -> str:
        return f"{self.rank} von {self.rank_of}" if self.rank else ""

    @property
    def approximate(self) -> bool:
        return self.region_method in APPROXIMATION


@dataclass(frozen=True)
class Profile:
    key: str
    name: str
    population: float
    parents: tuple                # ParentUnit per level
    rows: tuple                   # ProfileRow per indicator, catalogue order
    region_name: str = REGION_NAME
    parent_labels: tuple = ()     # label per level (field names or given labels)
    population_reason: str = None  # why the population is not shown (suppressed), None when shown

    def themes(self) -> list:
        """[(theme, [rows])] in catalogue order."""
        groups = {}
        for row in self.rows:
            groups.setdefault(row.indicator.theme, []).append(row)
        return list(groups.items())

    def row(self, indicator_id: str) -> ProfileRow:
        for row in self.rows:
            if row.indicator.id == indicator_id:
                return row
        raise KeyError(indicator_id)


def _year_series(columns):
    """{base: {year: column}} for fields named <base>_<year>."""
    series = {}
    for column in columns:
        match = YEAR_FIELD.match(str(column))
        if match:
            series.setdefault(match.group("base"), {})[int(match.group("year"))] = column
    return series


def _catalogue_year(indicator):
    match = re.match(r"\s*((19|20)\d\d)", str(indicator.year or ""))
    return int(match.group(1)) if match else None


def _encode(reasons, codes):
    """Object array of reasons -> int16 codes into the list `codes` (0 = no reason)."""
    found, uniques = pd.factorize(pd.Series(np.asarray(reasons, dtype=object).ravel()))
    lookup = []
    for text in uniques:
        if text not in codes:
            codes.append(text)
        lookup.append(codes.index(text))
    lookup = np.array(lookup + [0], dtype=np.int16)     # factorize's -1 (missing) -> the last entry, 0
    return lookup[found].reshape(reasons.shape)


def majority_names(names, groups):
    """The name of each parent unit by the majority of its members, and the members that disagree.

    names: a member's parent name; groups: the member's parent key (None: no parent). Ties go to the name that
    appears first. Returns ({parent key: name}, [(parent key, member position), ...] of members with another
    name) — one inconsistent row no longer names a whole district after another.

    >>> majority_names(pd.Series(["Mitte", "Pankow", "Mitte", "Pankow"]), pd.Series(["01", "01", "01", "03"]))
    ({'01': 'Mitte', '03': 'Pankow'}, [('01', 1)])
    """
    table = pd.DataFrame({"group": pd.Series(groups).to_numpy(), "name": pd.Series(names).to_numpy()})
    table = table[table["group"].notna() & table["name"].notna()]
    table["name"] = table["name"].astype(str)
    counts = table.groupby(["group", "name"], sort=False).size().reset_index(name="n")
    first_seen = {pair: i for i, pair in reversed(list(enumerate(zip(table["group"], table["name"]))))}
    counts["first"] = [first_seen[(g, n)] for g, n in zip(counts["group"], counts["name"])]
    best = counts.sort_values(["group", "n", "first"], ascending=[True, False, True]).drop_duplicates("group")
    chosen = dict(zip(best["group"], best["name"]))
    disagree = [(g, int(i)) for i, (g, n) in zip(table.index, zip(table["group"], table["name"])) if chosen[g] != n]
    return chosen, disagree


class ProfileIndex:
    """Precomputed profiles of all areas of one setup. Build once, then `profile(key)` per click."""

    def __init__(self) -> None:
        self.keys = []
        self.row_of = {}

    @classmethod
    def build(cls, frame: pd.DataFrame, catalogue: Catalogue, key_field: str, name_field: str = "",
              population_field: str = "", parent_fields: list | tuple = (), rule: SuppressionRule | None = None,
              indicators: list | None = None, zero_rows_missing: bool = True, region_name: str = REGION_NAME,
              parent_labels: tuple = ()) -> ProfileIndex:
        """frame: one row per area (e.g. core.layers.source_to_frame). parent_fields: ((key, name_field), …)
        or plain key field names. indicators: ids to show (default: the catalogue's indicators found in
        the frame; without catalogue entries, all numeric fields except key, population and parents)."""
        self = cls()
        rule = rule or SuppressionRule(min_count=0)
        parent_fields = tuple((p, "") if isinstance(p, str) else (p[0], p[1] or "") for p in parent_fields)
        for needed in [key_field, name_field, population_field] + [f for pair in parent_fields for f in pair]:
            if needed and needed not in frame.columns:
                raise KeyError(f"Feld '{needed}' fehlt in der Tabelle der Sozialräume. "
                               "Bitte die Einrichtung des Sozialraumprofils prüfen.")
        self.position_of_fid = {fid: i for i, fid in enumerate(frame.index.tolist())}
        frame = frame.reset_index(drop=True)
        n = len(frame)
        years = _year_series(frame.columns)
        chosen = self._choose(frame, catalogue, indicators, key_field, name_field, population_field,
                              parent_fields, years)
        self.indicators = tuple(chosen)
        ids = [i.id for i in chosen]
        if rule.counts_on:           # a rate whose counts are not in the data cannot be checked: an error
            catalogue.require_counts(ids, frame.columns)
        count_set = set(catalogue.count_fields([population_field] if population_field else []))

        # --- current and previous values, counts for aggregation -------------------------------------
        work = {}                      # columns handed to aggregate/suppression (counts + values)
        current, previous, prev_years, prev_suppressed = {}, {}, [], {}
        num = lambda c: pd.to_numeric(frame[c], errors="coerce").astype(float)  # noqa: E731
        for indicator in chosen:
            base_year = None
            if indicator.is_rate and indicator.numerator in frame and indicator.denominator in frame:
                work[indicator.numerator] = num(indicator.numerator)
                work[indicator.denominator] = num(indicator.denominator)
                current[indicator.id] = rate(work[indicator.numerator], work[indicator.denominator],
                                             indicator.multiplier)
                base_year = _catalogue_year(indicator)
            elif indicator.id in frame.columns:
                current[indicator.id] = num(indicator.id)
                base_year = _catalogue_year(indicator)
            else:
                newest = max(years[indicator.id])
                current[indicator.id] = num(years[indicator.id][newest])
                base_year = newest
            prev = self._previous(frame, indicator, years, base_year, num)
            previous[indicator.id] = prev[0] if prev else pd.Series(np.nan, index=frame.index)
            prev_years.append(str(prev[1]) if prev else "")
            prev_suppressed[indicator.id] = _previous_suppressed(frame, indicator, years, prev[1] if prev else None,
                                                                 rule, count_set)
        values = pd.DataFrame(current, index=frame.index)
        prev_frame = pd.DataFrame(previous, index=frame.index)
        prev_suppressed = pd.DataFrame(prev_suppressed, index=frame.index, columns=ids, dtype=object)

        reasons = pd.DataFrame(None, index=frame.index, columns=ids, dtype=object)
        reasons = reasons.mask(values.isna(), MISSING)
        rate_ids = [i.id for i in chosen if i.is_rate and i.numerator in work]
        for indicator in chosen:
            if indicator.id in rate_ids:
                n_, d_ = work[indicator.numerator], work[indicator.denominator]
                why = np.where(d_ == 0, "Nenner 0", np.where(n_.isna(), "Zähler fehlt",
                                                            np.where(d_.isna(), "Nenner fehlt", None)))
                reasons[indicator.id] = np.where(values[indicator.id].isna(), why, None)
        self.zero_rows = 0
        plain = [i for i in ids if i not in rate_ids and i != population_field]
        if zero_rows_missing and len(plain) >= 3:
            block = values[plain]
            zero_rows = (block.fillna(0) == 0).all(axis=1) & block.notna().any(axis=1)
            if zero_rows.any():
                values.loc[zero_rows, plain] = np.nan
                prev_frame.loc[zero_rows, plain] = np.nan
                reasons.loc[zero_rows, plain] = NOT_PUBLISHED
            self.zero_rows = int(zero_rows.sum())

        # --- aggregation: parents and region from the true values ------------------------------------
        agg_frame = pd.DataFrame({**work, **{c: values[c] for c in ids}}, index=frame.index)
        extra = []
        if population_field:
            agg_frame[population_field] = num(population_field)
            extra = [population_field]
        agg_columns = list(dict.fromkeys(ids + list(work) + extra))
        weight = population_field or None
        region = aggregate_region(agg_frame, catalogue, agg_columns, extra, weight, name=region_name)
        self.parent_fields = parent_fields
        self.parent_labels = tuple(parent_labels) or tuple(p[0] for p in parent_fields)
        levels = []
        self.name_conflicts = []  # (parent field, parent key, area key, the area's parent name, the name used)
        for key_f, name_f in parent_fields:
            groups = frame[key_f].astype(object).where(frame[key_f].notna(), None)
            groups = groups.map(lambda v: None if v is None else str(v))
            agg = aggregate(agg_frame.assign(_parent=groups.to_numpy()), catalogue, "_parent", agg_columns,
                            extra, weight)
            parent_keys = list(agg.values.index)
            code_of = {k: i for i, k in enumerate(parent_keys)}
            codes = np.array([code_of.get(g, -1) if g is not None else -1 for g in groups], dtype=np.int64)
            if name_f:
                names, disagree = majority_names(frame[name_f], groups)
                parent_names = [str(names.get(k, k)) for k in parent_keys]
                self.name_conflicts += [(key_f, g, frame[key_field].iloc[i] if key_field else frame.index[i],
                                         frame[name_f].iloc[i], names[g]) for g, i in disagree]
            else:
                parent_names = [str(k) for k in parent_keys]
            levels.append((agg, codes, parent_keys, parent_names))

        # --- suppression: every cell the profiles show together (areas, parent units, region) ------------
        # primary for each cell, then secondary over the sums (core.privacy.protect), then split again
        cells = pd.concat([agg_frame[agg_columns].reset_index(drop=True)]
                          + [agg.values[agg_columns].reset_index(drop=True) for agg, *_rest in levels]
                          + [region.values[agg_columns].reset_index(drop=True)], ignore_index=True)
        structure = hierarchy(n, [(codes, len(keys)) for _agg, codes, keys, _names in levels], region=True)
        cell_rule = rule_for_parents(rule, population_field)
        primary = suppression_mask(cells, catalogue, cell_rule, agg_columns)
        shown_cells, cell_reasons = protect(cells, primary, structure, catalogue, cell_rule, region.methods, weight)
        self.suppressed_primary = int((primary.notna() & cells[agg_columns].notna()).to_numpy().sum())
        self.suppressed_secondary = int(cell_reasons.apply(lambda c: c.map(is_secondary)).to_numpy().sum())
        offset = n
        self.levels = []
        for agg, codes, parent_keys, parent_names in levels:
            rows = slice(offset, offset + len(parent_keys))
            offset += len(parent_keys)
            shown = shown_cells.iloc[rows]
            reason_matrix = cell_reasons.iloc[rows][ids].to_numpy(object, copy=True)  # written below
            methods = [agg.methods[c] for c in ids]
            for j, method in enumerate(methods):
                empty = pd.isna(reason_matrix[:, j])
                if method == NOT_AGGREGABLE:
                    reason_matrix[:, j] = np.where(empty, NOT_AGGREGABLE, reason_matrix[:, j])
                else:
                    nan_value = np.isnan(shown[ids[j]].to_numpy(float))
                    reason_matrix[:, j] = np.where(empty & nan_value, MISSING, reason_matrix[:, j])
            self.levels.append({
                "codes": codes, "keys": parent_keys, "names": parent_names,
                "values": shown[ids].to_numpy(float), "reasons": reason_matrix, "methods": methods,
            })
        self.region_name = region_name
        self.region_values = shown_cells.iloc[-1][ids].to_numpy(float)
        self.region_reasons = [r if pd.notna(r) else None for r in cell_reasons.iloc[-1][ids].to_numpy()]
        self.region_methods = [region.methods[c] for c in ids]
        for i, method in enumerate(self.region_methods):
            if method == NOT_AGGREGABLE and self.region_reasons[i] is None:
                self.region_reasons[i] = NOT_AGGREGABLE
            elif np.isnan(self.region_values[i]) and self.region_reasons[i] is None:
                self.region_reasons[i] = MISSING

        area_reasons = cell_reasons.iloc[:n].set_axis(frame.index)
        hidden = area_reasons[ids].notna()
        values = values.mask(hidden)
        reasons = reasons.mask(hidden, area_reasons[ids])
        prev_frame = prev_frame.mask(hidden)
        prev_suppressed = prev_suppressed.mask(hidden, area_reasons[ids])   # hidden now: hidden then, same reason
        prev_frame = prev_frame.mask(prev_suppressed.notna())
        if population_field:
            self.population_reasons = [r if pd.notna(r) else None for r in area_reasons[population_field]]
        else:
            self.population_reasons = [None] * n

        # --- ranks, z, percentile over shown values ----------------------------------------------------
        matrix = values.to_numpy(float)
        ranks = np.zeros(matrix.shape, dtype=np.int32)
        self.rank_of = values.count().to_numpy(np.int32)
        for j, indicator in enumerate(chosen):
            ascending = indicator.polarity == HIGHER_IS_BETTER
            r = values[indicator.id].rank(method="min", ascending=ascending)
            ranks[:, j] = r.fillna(0).to_numpy(np.int32)
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)       # indicators without any shown value
            mean = np.nanmean(matrix, axis=0)
            std = np.nanstd(matrix, axis=0)
            z = (matrix - mean) / np.where(std > 0, std, np.nan)
        pct = values.rank(method="max", pct=True).to_numpy(float) * 100
        prev = prev_frame.to_numpy(float)
        has_series = np.array([bool(y) for y in prev_years], dtype=bool)
        prev_reason = np.where(np.isnan(prev) & ~np.isnan(matrix) & has_series[None, :], MISSING, None)
        prev_reason = np.where(prev_suppressed.notna().to_numpy(), prev_suppressed.to_numpy(object), prev_reason)
        signs = np.array([i.sign for i in chosen], dtype=float)
        with np.errstate(invalid="ignore"):
            diff = (matrix - self.region_values[None, :]) * signs[None, :]
        assessment = np.where(diff > 0, 1, np.where(diff < 0, -1, 0)).astype(np.int8)

        # --- compact storage --------------------------------------------------------------------------
        self.reason_texts = [None]
        self.values = matrix
        self.reason_codes = _encode(reasons.to_numpy(object), self.reason_texts)
        self.ranks = ranks
        self.z = z
        self.percentile = pct
        self.previous = prev
        self.previous_years = prev_years
        self.previous_codes = _encode(prev_reason, self.reason_texts)
        self.change = matrix - prev
        self.assessment = assessment
        self.keys = [str(k) for k in frame[key_field].tolist()]
        self.row_of = {}
        for position, key in enumerate(self.keys):
            self.row_of.setdefault(key, position)   # duplicate keys: the first row wins (see docs)
        key_series = pd.Series(self.keys, dtype=object)
        self.duplicate_keys = sorted(set(key_series[key_series.duplicated()]))
        self.names = [str(v) if v is not None and not (isinstance(v, float) and np.isnan(v)) else "" for v in
                      (frame[name_field].tolist() if name_field else self.keys)]
        # copies where written into: pandas 3 hands out read-only arrays
        self.population = (num(population_field).to_numpy(float, copy=True) if population_field
                           else np.full(n, np.nan))
        self.population[[r is not None for r in self.population_reasons]] = np.nan   # hidden: never shown
        self.key_field, self.name_field, self.population_field = key_field, name_field, population_field
        self.catalogue = catalogue
        return self

    # ------------------------------------------------------------------------------------------------
    @staticmethod
    def _choose(frame, catalogue, indicators, key_field, name_field, population_field, parent_fields, years):
        skip = {key_field, name_field, *[f for pair in parent_fields for f in pair]}
        counts = {f for i in catalogue for f in (i.numerator, i.denominator) if f}

        def available(ind):
            return ((ind.is_rate and ind.numerator in frame and ind.denominator in frame)
                    or ind.id in frame.columns or ind.id in years)

        if indicators is not None:
            chosen = [catalogue.indicator(i) for i in indicators]
            missing = [i.id for i in chosen if not available(i)]
            if missing:
                raise KeyError(f"Indikator(en) {', '.join(missing)} nicht in der Tabelle der Sozialräume gefunden.")
            return chosen
        chosen = [i for i in catalogue if available(i) and i.id not in skip]
        if chosen:
            return chosen
        numeric = [c for c in frame.select_dtypes("number").columns
                   if c not in skip and c not in counts and c != population_field and c != "fid"]
        bases = []
        for c in numeric:
            match = YEAR_FIELD.match(str(c))
            base = match.group("base") if match and match.group("base") not in frame.columns else c
            if base not in bases:
                bases.append(base)
        return [catalogue.indicator(b) for b in bases]

    @staticmethod
    def _previous(frame, indicator, years, base_year, num):
        """(Series, year) of the newest year before base_year, or None."""
        series = years.get(indicator.id, {})
        candidates = dict(series)
        if indicator.is_rate:
            num_years = years.get(indicator.numerator, {})
            den_years = years.get(indicator.denominator, {})
            for year in set(num_years) & set(den_years):
                candidates.setdefault(year, None)
        if not candidates:
            return None
        if base_year is None:
            if indicator.id in frame.columns:
                return None     # current year unknown: no safe previous value
            base_year = max(candidates)
        earlier = [y for y in candidates if y < base_year]
        if not earlier:
            return None
        year = max(earlier)
        if candidates[year] is not None:
            return num(candidates[year]), year
        return rate(num(years[indicator.numerator][year]), num(years[indicator.denominator][year]),
                    indicator.multiplier), year

    # ------------------------------------------------------------------------------------------------
    def __len__(self):
        return len(self.keys)

    def __contains__(self, key):
        return str(key) in self.row_of

    def reason(self, code):
        return self.reason_texts[code]

    def profile(self, key: str) -> Profile:
        """The Profile of one area: array lookups only. KeyError for an unknown key."""
        position = self.row_of[str(key)]
        return self.profile_at(position)

    def profile_for_fid(self, fid: int) -> Profile:
        """Profile of the area with this feature id (the frame's index when built from a layer)."""
        return self.profile_at(self.position_of_fid[fid])

    def profile_at(self, position: int) -> Profile:
        reason_texts = self.reason_texts
        parents, level_rows = [], []
        for level, (key_f, _name_f) in zip(self.levels, self.parent_fields):
            code = level["codes"][position]
            if code < 0:
                parents.append(ParentUnit(key_f, "", ""))
                level_rows.append(None)
            else:
                parents.append(ParentUnit(key_f, level["keys"][code], level["names"][code]))
                level_rows.append(code)
        values = self.values[position].tolist()
        codes = self.reason_codes[position].tolist()
        ranks = self.ranks[position].tolist()
        zs = self.z[position].tolist()
        pcts = self.percentile[position].tolist()
        prevs = self.previous[position].tolist()
        prev_codes = self.previous_codes[position].tolist()
        changes = self.change[position].tolist()
        assess = self.assessment[position].tolist()
        region_values = self.region_values.tolist()
        parent_vals = [lvl["values"][c].tolist() if c is not None else None for lvl, c in zip(self.levels, level_rows)]
        parent_why = [lvl["reasons"][c].tolist() if c is not None else None for lvl, c in zip(self.levels, level_rows)]
        rows = []
        for j, indicator in enumerate(self.indicators):
            pv = tuple(v[j] if v is not None else np.nan for v in parent_vals)
            pr = tuple((w[j] if w[j] is not None and w[j] == w[j] else None) if w is not None else "keine Zuordnung"
                       for w in parent_why)
            rows.append(ProfileRow(
                indicator, values[j], reason_texts[codes[j]], pv, pr,
                tuple(lvl["methods"][j] for lvl in self.levels), region_values[j], self.region_reasons[j],
                self.region_methods[j], ranks[j], int(self.rank_of[j]), zs[j], pcts[j], prevs[j],
                self.previous_years[j], reason_texts[prev_codes[j]], changes[j], assess[j]))
        return Profile(self.keys[position], self.names[position], float(self.population[position]),
                       tuple(parents), tuple(rows), self.region_name, self.parent_labels,
                       self.population_reasons[position])

    def parent_name(self, level, key):
        lvl = self.levels[level]
        return lvl["names"][lvl["keys"].index(key)] if key in lvl["keys"] else str(key)


def _previous_suppressed(frame, indicator, years, year, rule, counts):
    """Reasons (None = shown) for the previous year's values of `indicator`: a count of that year below the
    minimum hides it, and so does a small numerator or denominator of that year under a rate. A previous rate
    whose counts of that year are not in the data cannot be checked and is hidden while the count rule is on."""
    reasons = pd.Series(None, index=frame.index, dtype=object)
    if year is None or not rule.counts_on:
        return reasons
    field_of = lambda base: years.get(base, {}).get(year)  # noqa: E731
    if indicator.is_rate:
        parts = [field_of(indicator.numerator), field_of(indicator.denominator)]
        if None in parts:
            reasons[:] = (f"{SUPPRESSED}: Zähler und Nenner {year} fehlen in den Daten, kleine Fallzahlen nicht "
                          "prüfbar")
            return reasons
        hide = small(frame[parts[0]], rule.min_count) | small(frame[parts[1]], rule.min_count)
    elif indicator.id in counts:
        hide = small(frame[field_of(indicator.id)], rule.min_count)
    else:
        return reasons
    reasons[hide.to_numpy()] = f"{rule.count_reason()} ({year})"
    return reasons


def _no_population(rule):
    return SuppressionRule(rule.min_count, 0, "")


def rule_for_parents(rule: SuppressionRule, population_field: str) -> SuppressionRule:
    """Parent units follow the count rule; the population rule applies to them as well when set."""
    if rule.min_population and population_field:
        return SuppressionRule(rule.min_count, rule.min_population, population_field)
    return _no_population(rule)


def compare_values(first, second):
    """Differences second - first per indicator id (NaN when either is missing)."""
    by_id = {r.indicator.id: r for r in first.rows}
    return {r.indicator.id: (r.value - by_id[r.indicator.id].value if r.indicator.id in by_id else np.nan)
            for r in second.rows}


def method_note(method: str) -> str:
    """Short German note on how a parent/region value was computed."""
    return {FROM_COUNTS: "aus Summen der Zähler und Nenner", SUM: "Summe",
            WEIGHTED: "einwohnergewichtetes Mittel der Gebietswerte (Näherung, keine Zählwerte im Katalog)",
            NOT_AGGREGABLE: "nicht aggregierbar: keine Zählwerte und kein Einwohnerfeld"}.get(method, method or "")


__all__ = ["ProfileIndex", "Profile", "ProfileRow", "ParentUnit", "Catalogue", "compare_values", "method_note",
           "MISSING", "NOT_PUBLISHED", "NO_PREVIOUS", "RANK_RULE"]
