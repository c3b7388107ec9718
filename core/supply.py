"""Care supply of social spaces: places inside, places per 1,000, 2SFCA and E2SFCA, supply classes.

Pure numpy/pandas. The adapter hands over one row per social space (key, target population,
optional forecast population, the point that stands for its population, optional parent unit) and
one row per facility (capacity = places, the key of the social space it lies in, its point). It may
also hand over a distance matrix (e.g. road distances); without one, straight-line distances
between the points are used (the layer's CRS must be projected: metres).

Measures per social space
- ``fac_n``, ``places_n``: facilities and places lying inside the social space (given counts).
- ``places_1k``: places inside per 1,000 of the target population.
- ``fca2_1k``: two-step floating catchment area (2SFCA, Luo & Wang 2003) in places per 1,000.
  Step 1: each facility j gets the ratio R_j = S_j / sum_i P_i w(d_ij) of its places S_j to the
  target population P_i in its catchment. Step 2: a social space's supply is A_i = sum_j R_j w(d_ij).
  In 2SFCA w(d) = 1 for d <= catchment, else 0.
- ``e2fca_1k``: the enhanced variant (E2SFCA, Luo & Qi 2009) with distance-decay weights, the same
  weight in both steps: Gaussian w(d) = exp(-d^2 / (2 sigma^2)) for d <= catchment (w(0) = 1; sigma
  defaults to half the catchment), or steps: w(d) = w_k of the first band with d <= limit_k, 0 beyond
  the last band (Luo & Qi's weights 1, 0.68, 0.22 on thirds of the catchment by default).
- ``reach_pl``: places of all facilities within the catchment (unweighted), ``near_dist``: distance
  to the nearest facility.
- ``class`` / ``gap``: the chosen measure against a target ratio (places per 1,000): below
  target * (1 - tolerance) is "Unterversorgt", above target * (1 + tolerance) "Überversorgt",
  else "Versorgt"; ``gap`` = places missing to reach the target (negative: places beyond it).
  With a forecast population the same measure, class and gap for the forecast year (``fc_*``),
  with today's facilities.

These are exactly the definitions of PySAL ``access`` (``Access.two_stage_fca`` /
``enhanced_two_stage_fca`` with ``weights.gaussian`` / ``weights.step_fn``; both steps weighted,
the catchment inclusive: d <= max_cost as in access from 1.1.10 on; 1.1.9 cut at d < max_cost),
which the tests use as oracle to 1e-9. Two edge cases
differ on purpose: a social space that reaches no facility gets 0 (``access`` leaves it out: NaN),
and a facility without any target population in reach contributes nothing (``access`` divides by
zero there); such facilities are counted in ``SupplyResult.unused_facilities``.

Example (two spaces 1 km apart, one facility with 10 places in the first, catchment 1 km):

>>> areas = pd.DataFrame({"target": [1000.0, 1000.0], "x": [0.0, 1000.0], "y": [0.0, 0.0]},
...                      index=["A", "B"])
>>> facilities = pd.DataFrame({"capacity": [10.0], "area": ["A"], "x": [0.0], "y": [0.0]})
>>> settings = SupplySettings(catchment=1000, target_ratio=5, classify_by="2sfca")
>>> result = analyse_supply(areas, facilities, settings)
>>> result.table[["places_1k", "fca2_1k", "class"]]
   places_1k  fca2_1k     class
A       10.0      5.0  Versorgt
B        0.0      5.0  Versorgt
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .errors import SupplyError
from .privacy import SuppressionRule, hide, hierarchy, protect_cells, suppression_mask

_NO_CATALOGUE = Catalogue()

DEFICIT = "Unterversorgt"
COVERED = "Versorgt"
SURPLUS = "Überversorgt"
CLASSES = (DEFICIT, COVERED, SURPLUS)

#: Luo & Qi (2009): weights of three equal distance bands of the catchment
LUO_QI_STEPS = ((1 / 3, 1.0), (2 / 3, 0.68), (1.0, 0.22))

#: output fields and their German aliases (the catalogue snippet in README uses the same)
FIELDS = {
    "target": "Zielbevölkerung",
    "forecast": "Zielbevölkerung Prognose",
    "fac_n": "Einrichtungen im Gebiet",
    "places_n": "Plätze im Gebiet",
    "places_1k": "Plätze im Gebiet je 1.000 Zielbevölkerung",
    "fca2_1k": "Erreichbare Plätze je 1.000 (2SFCA)",
    "e2fca_1k": "Erreichbare Plätze je 1.000 (E2SFCA)",
    "reach_pl": "Plätze im Einzugsbereich",
    "near_dist": "Entfernung zur nächsten Einrichtung",
    "class": "Versorgungsklasse",
    "gap": "Fehlende Plätze zum Zielwert",
    "fc_1k": "Plätze je 1.000 Prognose",
    "fc_class": "Versorgungsklasse Prognose",
    "fc_gap": "Fehlende Plätze zum Zielwert Prognose",
}
MEASURES = {"inside": "places_1k", "2sfca": "fca2_1k", "e2sfca": "e2fca_1k"}
DECAYS = ("gaussian", "step")
_BLOCK_CELLS = 4_000_000      # distances computed per block (rows x facilities): bounded memory




# ---------------------------------------------------------------- distance decay, one class a kind
@dataclass(frozen=True)
class Decay:
    """Weight w(d) of a facility at distance d; 0 beyond the catchment (inclusive: d <= catchment)."""

    catchment: float

    def weights(self, distances: np.ndarray) -> np.ndarray:
        inside = distances <= self.catchment           # NaN (unreachable) compares False
        return np.where(inside, self._within(np.where(inside, distances, 0.0)), 0.0)

    def _within(self, distances: np.ndarray) -> np.ndarray:
        return np.ones_like(distances)

    def describe(self) -> str:
        return f"keine Abnahme (2SFCA): Gewicht 1 bis {self.catchment:g}"


@dataclass(frozen=True)
class GaussianDecay(Decay):
    """w(d) = exp(-d² / (2 sigma²)) within the catchment.

    >>> GaussianDecay(catchment=3000, sigma=1000).weights(np.array([0.0, 1000.0, 3001.0])).round(4)
    array([1.    , 0.6065, 0.    ])
    """

    sigma: float = 0.0

    def _within(self, distances):
        return np.exp(-distances * distances / (2 * self.sigma ** 2))

    def describe(self) -> str:
        return f"Gauß: w(d) = exp(−d²/(2·{self.sigma:g}²)) bis {self.catchment:g}"


@dataclass(frozen=True)
class StepDecay(Decay):
    """w(d) = weight of the first band whose limit is >= d; the last limit is the catchment.

    >>> StepDecay.bands_of(((10, 1.0), (20, 0.68), (30, 0.22))).weights(np.array([10.0, 15, 30, 31]))
    array([1.  , 0.68, 0.22, 0.  ])
    """

    limits: tuple = ()
    values: tuple = ()

    @classmethod
    def bands_of(cls, bands) -> StepDecay:
        bands = sorted((float(limit), float(weight)) for limit, weight in bands)
        return cls(catchment=bands[-1][0], limits=tuple(b[0] for b in bands), values=tuple(b[1] for b in bands))

    def _within(self, distances):
        band = np.searchsorted(np.asarray(self.limits), distances, side="left")
        return np.asarray(self.values)[np.minimum(band, len(self.values) - 1)]

    def describe(self):
        parts = ", ".join(f"bis {limit:g}: {weight:g}" for limit, weight in zip(self.limits, self.values))
        return f"Stufen: {parts}"


# ---------------------------------------------------------------- distances
@dataclass(frozen=True)
class Pairs:
    """Social space x facility pairs within a limit, with their distance, and each space's nearest facility."""

    area: np.ndarray          # row of the social space
    facility: np.ndarray      # row of the facility
    distance: np.ndarray
    n_areas: int
    n_facilities: int
    nearest: np.ndarray       # per social space: distance to the nearest facility (NaN: none reachable)


@dataclass(frozen=True)
class Distances:
    """Distances social space x facility: straight-line from points, or a given matrix (NaN = unreachable)."""

    area_xy: np.ndarray | None = None
    facility_xy: np.ndarray | None = None
    matrix: np.ndarray | None = None

    @property
    def shape(self) -> tuple:
        if self.matrix is not None:
            return self.matrix.shape
        return (len(self.area_xy), len(self.facility_xy))

    def blocks(self):
        """(row slice, distance block) in blocks of bounded size."""
        rows, cols = self.shape
        step = max(1, _BLOCK_CELLS // max(cols, 1))
        for start in range(0, rows, step):
            part = slice(start, min(rows, start + step))
            if self.matrix is not None:
                yield part, np.asarray(self.matrix[part], dtype=float)
            else:
                dx = self.area_xy[part, 0][:, None] - self.facility_xy[None, :, 0]
                dy = self.area_xy[part, 1][:, None] - self.facility_xy[None, :, 1]
                yield part, np.hypot(dx, dy)

    def within(self, limit: float) -> Pairs:
        """All pairs with distance <= limit (inclusive), found block by block (memory stays bounded).

        >>> p = Distances(matrix=np.array([[0.0, 5.0], [6.0, np.nan]])).within(5)
        >>> p.area.tolist(), p.facility.tolist(), p.nearest.tolist()
        ([0, 0], [0, 1], [0.0, 6.0])
        """
        rows, cols = self.shape
        areas, facilities, distances = [], [], []
        nearest = np.full(rows, np.nan)
        if self.matrix is None:         # straight lines: squared distances, roots only of the pairs kept
            step = max(1, _BLOCK_CELLS // max(cols, 1))
            fx, fy = self.facility_xy[:, 0], self.facility_xy[:, 1]
            for start in range(0, rows if cols else 0, step):
                part = slice(start, min(rows, start + step))
                dx = self.area_xy[part, 0][:, None] - fx[None, :]
                dy = self.area_xy[part, 1][:, None] - fy[None, :]
                square = dx * dx
                square += dy * dy
                nearest[part] = np.sqrt(square.min(axis=1))
                i, j = np.nonzero(square <= limit * limit * (1 + 1e-9))
                d = np.hypot(dx[i, j], dy[i, j])
                keep = d <= limit
                areas.append(i[keep] + start)
                facilities.append(j[keep])
                distances.append(d[keep])
        else:
            for part, block in self.blocks():
                if cols:
                    finite = np.where(np.isfinite(block), block, np.inf)
                    low = finite.min(axis=1)
                    nearest[part] = np.where(np.isfinite(low), low, np.nan)
                i, j = np.nonzero(block <= limit)
                areas.append(i + part.start)
                facilities.append(j)
                distances.append(block[i, j])
        def join(parts, dtype):
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)
        return Pairs(join(areas, np.int64), join(facilities, np.int64), join(distances, float), rows, cols, nearest)


@dataclass(frozen=True)
class FloatingCatchment:
    """2SFCA/E2SFCA of one decay for one or more demand vectors (columns)."""

    supply: np.ndarray            # per social space and demand vector: places per person
    facility_ratio: np.ndarray    # R_j per facility and demand vector (0 where no demand in reach)
    demand_in_reach: np.ndarray   # weighted demand per facility and demand vector
    places_in_reach: np.ndarray   # sum of places with w > 0 per social space (unweighted)


def floating_catchment(demand, capacity, pairs: Pairs, decay: Decay) -> FloatingCatchment:
    """Two-step floating catchment with `decay` (both steps weighted) over the pairs in reach.

    `demand`: (n,) or (n, k) target population per social space; `capacity`: (m,) places; `pairs`
    must cover the decay's catchment.

    >>> pairs = Distances(matrix=np.array([[0.0, 5.0], [5.0, np.nan]])).within(5)
    >>> fc = floating_catchment([100.0, 300.0], [10.0, 20.0], pairs, Decay(catchment=5))
    >>> fc.supply.ravel().tolist()   # R = [10/400, 20/100]; A = [R1 + R2, R1]
    [0.225, 0.025]
    """
    demand = np.asarray(demand, dtype=float)
    single = demand.ndim == 1
    demand = demand.reshape(len(demand), -1)
    capacity = np.asarray(capacity, dtype=float)
    n, m, k = pairs.n_areas, pairs.n_facilities, demand.shape[1]
    w = decay.weights(pairs.distance)
    reached = np.column_stack([np.bincount(pairs.facility, weights=w * demand[pairs.area, c], minlength=m)
                               for c in range(k)]).reshape(m, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(reached > 0, capacity[:, None] / reached, 0.0)
    supply = np.column_stack([np.bincount(pairs.area, weights=w * ratio[pairs.facility, c], minlength=n)
                              for c in range(k)]).reshape(n, k)
    in_reach = np.bincount(pairs.area, weights=(w > 0) * capacity[pairs.facility], minlength=n).astype(float)
    if single:
        return FloatingCatchment(supply[:, 0], ratio[:, 0], reached[:, 0], in_reach)
    return FloatingCatchment(supply, ratio, reached, in_reach)


# ---------------------------------------------------------------- settings, classes, entry point
@dataclass(frozen=True)
class SupplySettings:
    """Catchment (distance units of the points or matrix), decay of E2SFCA, target ratio.

    `target_ratio` is places per 1,000 of the target population; `classify_by` one of MEASURES.
    """

    catchment: float
    decay: str = "gaussian"
    sigma: float | None = None                 # Gaussian width; None: catchment / 2
    steps: tuple | None = None                 # ((limit, weight), ...); None: LUO_QI_STEPS on the catchment
    target_ratio: float | None = None
    tolerance: float = 0.1
    classify_by: str = "e2sfca"

    def enhanced_decay(self) -> Decay:
        if self.decay == "gaussian":
            sigma = self.sigma if self.sigma else self.catchment / 2
            return GaussianDecay(catchment=self.catchment, sigma=float(sigma))
        steps = self.steps or tuple((fraction * self.catchment, weight) for fraction, weight in LUO_QI_STEPS)
        return StepDecay.bands_of(steps)

    def check(self) -> None:
        if not self.catchment or not np.isfinite(self.catchment) or self.catchment <= 0:
            raise SupplyError("Der Einzugsbereich muss größer als 0 sein: eine Entfernung in Metern angeben "
                              "(z. B. 1000).")
        if self.decay not in DECAYS:
            raise SupplyError(f"Unbekannte Distanzabnahme '{self.decay}': 'gaussian' oder 'step' wählen.")
        if self.sigma is not None and self.sigma < 0:
            raise SupplyError("Die Breite der Gauß-Abnahme darf nicht negativ sein (0 = halber Einzugsbereich).")
        if self.steps and any(weight < 0 for _, weight in self.steps):
            raise SupplyError("Die Stufengewichte dürfen nicht negativ sein.")
        if self.classify_by not in MEASURES:
            raise SupplyError(f"Unbekanntes Maß '{self.classify_by}' für die Versorgungsklassen: "
                              f"eines von {', '.join(MEASURES)} wählen.")
        if self.target_ratio is not None and self.target_ratio < 0:
            raise SupplyError("Der Zielwert (Plätze je 1.000) darf nicht negativ sein.")
        if not 0 <= self.tolerance < 1:
            raise SupplyError("Die Toleranz um den Zielwert muss zwischen 0 und 1 liegen (z. B. 0,1 für ±10 %).")

    def assumptions(self) -> dict:
        """German lines for the report of assumptions."""
        lines = {
            "Einzugsbereich": f"{self.catchment:g} (Entfernung bis einschließlich dieses Werts)",
            "2SFCA": "Gewicht 1 im Einzugsbereich, 0 außerhalb (Luo & Wang 2003)",
            "E2SFCA": self.enhanced_decay().describe() + " (Luo & Qi 2009, Gewicht in beiden Schritten)",
        }
        if self.target_ratio is not None:
            lines["Zielwert"] = (f"{self.target_ratio:g} Plätze je 1.000 Zielbevölkerung, Toleranz ±"
                                 f"{self.tolerance * 100:g} %, gemessen an: {FIELDS[MEASURES[self.classify_by]]}")
        return lines


def parse_steps(text: str) -> tuple | None:
    """Steps 'limit:weight;...' (German or dot decimals) -> ((limit, weight), ...); '' -> None.

    >>> parse_steps("500:1; 1000:0,68; 1500:0,22")
    ((500.0, 1.0), (1000.0, 0.68), (1500.0, 0.22))
    """
    from .numbers import parse_number

    text = (text or "").strip()
    if not text:
        return None
    steps = []
    for part in text.split(";"):
        limit, _, weight = part.partition(":")
        values = [parse_number(v.strip(), "," if "," in v else ".")[0] for v in (limit, weight)]
        if any(np.isnan(v) for v in values):
            raise SupplyError(f"Die Stufen '{text}' sind nicht lesbar: als 'Grenze:Gewicht' mit ';' getrennt "
                              "angeben, z. B. 500:1;1000:0,68;1500:0,22.")
        steps.append(tuple(values))
    return tuple(steps)


def supply_classes(measure, target_ratio: float, tolerance: float = 0.1) -> pd.Series:
    """Deficit/covered/surplus of `measure` (places per 1,000) against `target_ratio`; NaN stays empty.

    >>> supply_classes(pd.Series([5.0, 9.5, 12.0, np.nan]), 10).tolist()
    ['Unterversorgt', 'Versorgt', 'Überversorgt', None]
    """
    measure = pd.Series(measure, dtype=float)
    low, high = target_ratio * (1 - tolerance), target_ratio * (1 + tolerance)
    out = pd.Series([None] * len(measure), index=measure.index, dtype=object)
    out[measure < low] = DEFICIT
    out[(measure >= low) & (measure <= high)] = COVERED
    out[measure > high] = SURPLUS
    return out


@dataclass(frozen=True)
class SupplyResult:
    table: pd.DataFrame                   # index: social-space key; columns: FIELDS present
    facilities: pd.DataFrame              # per facility: ratio 2SFCA/E2SFCA (places per person), demand in reach
    summary: pd.DataFrame | None          # per parent unit (None without parent)
    settings: SupplySettings
    unused_facilities: int = 0            # facilities without target population in their catchment
    outside_facilities: int = 0           # facilities in no social space
    notes: tuple = field(default_factory=tuple)

    @property
    def count_fields(self) -> tuple:
        """Fields holding counts of people (for the small-count rule) and the measures built on them."""
        counts = tuple(c for c in ("target", "forecast") if c in self.table.columns)
        return counts


def _numbers(frame, column, what, label):
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = (values < 0) | (values.isna() if what == "Einrichtungen" else False)
    if bad.any():
        raise SupplyError(f"{int(bad.sum())} {what} ohne gültige {label} (leer, keine Zahl oder negativ): Werte "
                          "ergänzen oder diese Zeilen ausschließen (Filter).")
    return values.to_numpy(dtype=float)


def analyse_supply(areas: pd.DataFrame, facilities: pd.DataFrame, settings: SupplySettings,
                   matrix: np.ndarray | None = None) -> SupplyResult:
    """All supply measures for each social space (see the module docstring).

    `areas`: index = key; columns ``target``, optional ``forecast``, ``x``/``y`` (population point),
    optional ``parent``. `facilities`: ``capacity``, ``area`` (key of the social space it lies in, or
    missing), ``x``/``y``. `matrix`: optional distances areas x facilities (NaN = unreachable)
    instead of straight lines.
    """
    settings.check()
    if areas.index.has_duplicates:
        raise SupplyError("Schlüssel der Sozialräume sind nicht eindeutig: ein eindeutiges Schlüsselfeld wählen.")
    target = _numbers(areas, "target", "Sozialräume", "Zielbevölkerung")
    demand = [target]
    if "forecast" in areas.columns:
        demand.append(_numbers(areas, "forecast", "Sozialräume", "Zielbevölkerung der Prognose"))
    capacity = _numbers(facilities, "capacity", "Einrichtungen", "Platzzahl")
    if matrix is not None:
        matrix = np.asarray(matrix, dtype=float)
        if matrix.shape != (len(areas), len(facilities)):
            raise SupplyError(f"Die Entfernungsmatrix hat {matrix.shape[0]} × {matrix.shape[1]} Werte, nötig sind "
                              f"{len(areas)} Sozialräume × {len(facilities)} Einrichtungen.")
        distances = Distances(matrix=matrix)
    else:
        area_xy = areas[["x", "y"]].to_numpy(dtype=float)
        facility_xy = facilities[["x", "y"]].to_numpy(dtype=float)
        if not (np.isfinite(area_xy).all() and np.isfinite(facility_xy).all()):
            raise SupplyError("Einige Sozialräume oder Einrichtungen haben keine Lage (leere Geometrie): "
                              "Geometrien prüfen.")
        distances = Distances(area_xy=area_xy, facility_xy=facility_xy)

    missing = int(np.isnan(target).sum())
    raw = np.column_stack(demand)
    demand = np.nan_to_num(raw)   # empty population: nobody to supply there (noted)
    plain_decay, enhanced_decay = Decay(catchment=float(settings.catchment)), settings.enhanced_decay()
    pairs = distances.within(max(plain_decay.catchment, enhanced_decay.catchment))
    plain = floating_catchment(demand, capacity, pairs, plain_decay)
    enhanced = floating_catchment(demand, capacity, pairs, enhanced_decay)

    table = pd.DataFrame(index=areas.index)
    table["target"] = target
    if demand.shape[1] > 1:
        table["forecast"] = raw[:, 1]
    inside = facilities["area"]
    located = inside.notna() & inside.isin(areas.index)
    table["fac_n"] = inside[located].value_counts().reindex(areas.index, fill_value=0).to_numpy(dtype=np.int64)
    table["places_n"] = (pd.Series(capacity, index=facilities.index)[located].groupby(inside[located]).sum()
                         .reindex(areas.index, fill_value=0.0).to_numpy())
    with np.errstate(divide="ignore", invalid="ignore"):
        table["places_1k"] = np.where(target > 0, table["places_n"].to_numpy() / target * 1000, np.nan)
    table["fca2_1k"] = plain.supply[:, 0] * 1000
    table["e2fca_1k"] = enhanced.supply[:, 0] * 1000
    table["reach_pl"] = plain.places_in_reach
    table["near_dist"] = pairs.nearest

    notes = []
    if missing:
        notes.append(f"{missing} Sozialraum/Sozialräume ohne Zielbevölkerung (leer): zählen mit 0 Personen, "
                     "ihre Werte je 1.000 bleiben leer.")
    if settings.target_ratio is not None:
        measure = MEASURES[settings.classify_by]
        people = table[measure].where(np.nan_to_num(target) > 0)     # no class where nobody lives
        # a Series on the table's index stays object (None); an array of texts would become pandas 3 str (NaN)
        table["class"] = supply_classes(people, settings.target_ratio, settings.tolerance)
        table["gap"] = (settings.target_ratio - table[measure]) * target / 1000
        if demand.shape[1] > 1:
            forecast = demand[:, 1]
            if settings.classify_by == "inside":
                with np.errstate(divide="ignore", invalid="ignore"):
                    fc = np.where(forecast > 0, table["places_n"].to_numpy() / forecast * 1000, np.nan)
            else:
                fc = (plain if settings.classify_by == "2sfca" else enhanced).supply[:, 1] * 1000
            table["fc_1k"] = fc
            table["fc_class"] = supply_classes(pd.Series(np.where(forecast > 0, fc, np.nan), index=table.index),
                                               settings.target_ratio, settings.tolerance)
            table["fc_gap"] = (settings.target_ratio - fc) * forecast / 1000
    table.attrs["classify_by"] = settings.classify_by if settings.target_ratio is not None else ""
    facility_table = pd.DataFrame({
        "capacity": capacity,
        "area": facilities["area"].to_numpy(),
        "ratio_2sfca": plain.facility_ratio[:, 0],
        "ratio_e2sfca": enhanced.facility_ratio[:, 0],
        "demand_2sfca": plain.demand_in_reach[:, 0],
    }, index=facilities.index)
    unused = int((plain.demand_in_reach[:, 0] <= 0).sum())
    outside = int((~located).sum())
    if unused:
        notes.append(f"{unused} Einrichtung(en) ohne Zielbevölkerung im Einzugsbereich: sie zählen bei 2SFCA nicht.")
    if outside:
        notes.append(f"{outside} Einrichtung(en) liegen in keinem Sozialraum: sie zählen nur in 2SFCA/E2SFCA.")
    summary = parent_summary(table, areas["parent"]) if "parent" in areas.columns else None
    return SupplyResult(table=table, facilities=facility_table, summary=summary, settings=settings,
                        unused_facilities=unused, outside_facilities=outside, notes=tuple(notes))


def parent_summary(table: pd.DataFrame, parent: pd.Series) -> pd.DataFrame:
    """Per parent unit: summed counts, places per 1,000 from the sums, 2SFCA/E2SFCA as target-weighted
    means of the member spaces, the number of spaces per class and the summed missing places.

    >>> t = pd.DataFrame({"target": [100.0, 300.0], "fac_n": [1, 0], "places_n": [5.0, 0.0],
    ...                   "fca2_1k": [10.0, 2.0], "e2fca_1k": [8.0, 4.0]}, index=["a", "b"])
    >>> parent_summary(t, pd.Series(["P", "P"], index=["a", "b"])).loc["P", ["places_1k", "fca2_1k"]].tolist()
    [12.5, 4.0]
    """
    parent = parent.reindex(table.index).astype(object).where(parent.reindex(table.index).notna(), "(ohne)")
    parent = parent.astype(str).rename("parent")
    weights = table["target"]
    frame = pd.DataFrame({"target": weights, "fac_n": table["fac_n"], "places_n": table["places_n"],
                          "w2": table["fca2_1k"] * weights, "we": table["e2fca_1k"] * weights})
    if "forecast" in table.columns:
        frame["forecast"] = table["forecast"]
    sums = frame.groupby(parent).sum()
    out = pd.DataFrame(index=sums.index)
    out["areas_n"] = parent.value_counts().reindex(sums.index).astype(np.int64)
    out["target"] = sums["target"]
    if "forecast" in sums.columns:
        out["forecast"] = sums["forecast"]
    out["fac_n"] = sums["fac_n"].astype(np.int64)
    out["places_n"] = sums["places_n"]
    with np.errstate(divide="ignore", invalid="ignore"):
        valid = sums["target"] > 0
        out["places_1k"] = (sums["places_n"] / sums["target"] * 1000).where(valid)
        out["fca2_1k"] = (sums["w2"] / sums["target"]).where(valid)
        out["e2fca_1k"] = (sums["we"] / sums["target"]).where(valid)
    if "class" in table.columns:
        for name, label in ((DEFICIT, "n_deficit"), (COVERED, "n_covered"), (SURPLUS, "n_surplus")):
            out[label] = (table["class"] == name).groupby(parent).sum().reindex(out.index).astype(np.int64)
        out["gap"] = table["gap"].clip(lower=0).groupby(parent).sum().reindex(out.index)
    out.index.name = "parent"
    return out


SUMMARY_FIELDS = {
    "parent": "Übergeordnete Einheit",
    "areas_n": "Sozialräume",
    "target": FIELDS["target"],
    "forecast": FIELDS["forecast"],
    "fac_n": FIELDS["fac_n"],
    "places_n": FIELDS["places_n"],
    "places_1k": FIELDS["places_1k"],
    "fca2_1k": "Erreichbare Plätze je 1.000 (2SFCA, gewichtetes Mittel)",
    "e2fca_1k": "Erreichbare Plätze je 1.000 (E2SFCA, gewichtetes Mittel)",
    "n_deficit": "Sozialräume unterversorgt",
    "n_covered": "Sozialräume versorgt",
    "n_surplus": "Sozialräume überversorgt",
    "gap": "Fehlende Plätze (Summe der Defizite)",
}


def suppress_supply(table: pd.DataFrame, rule: SuppressionRule | None,
                    population: pd.Series | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(copy of `table` with suppressed cells emptied, reasons) under the small-count rule `rule`.

    Counts of people are the target and forecast populations: 1..min_count−1 is hidden, and so is every
    measure whose denominator is that count (places per 1,000 inside, the gap, and the class when it rests
    on places inside). 2SFCA/E2SFCA divide by the population of a whole catchment and stay. Areas below the
    rule's minimum population (the rule's population field, a column of `table` or given as `population`)
    show no values at all.

    >>> t = pd.DataFrame({"target": [2.0, 50.0], "places_n": [5.0, 5.0], "places_1k": [2500.0, 100.0]})
    >>> suppress_supply(t, SuppressionRule(min_count=3))[0]["places_1k"].tolist()
    [nan, 100.0]
    """
    if population is not None and rule is not None and rule.population_field:
        table = table.assign(**{rule.population_field: pd.Series(population).to_numpy()})
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
    counts = [c for c in ("target", "forecast") if c in table.columns]
    reasons = suppression_mask(table, _NO_CATALOGUE, rule, numeric, counts=counts)
    built_on = {"target": ["places_1k", "gap"], "forecast": ["fc_gap"]}
    if "class" in table.columns and table.attrs.get("classify_by") == "inside":
        built_on["target"] += ["class"]
        built_on["forecast"] += ["fc_1k", "fc_class"]
    for count, columns in built_on.items():
        if count not in reasons.columns:
            continue
        for column in columns:
            if column in table.columns:
                if column not in reasons.columns:
                    reasons[column] = pd.Series(None, index=table.index, dtype=object)
                reasons[column] = reasons[column].where(reasons[column].notna(), reasons[count])
    for column in [c for c in ("class", "fc_class") if c in table.columns]:
        if column not in reasons.columns:
            reasons[column] = pd.Series(None, index=table.index, dtype=object)
        if rule is not None and rule.population_on and rule.population_field in table.columns:
            low = (pd.to_numeric(table[rule.population_field], errors="coerce") < rule.min_population).to_numpy()
            reasons.loc[low & reasons[column].isna().to_numpy(), column] = rule.population_reason()
    numeric_reasons = reasons[[c for c in reasons.columns if c in numeric]]
    shown = hide(table, numeric_reasons)
    for column in [c for c in ("class", "fc_class") if c in reasons.columns]:
        shown[column] = shown[column].where(reasons[column].isna(), None)
    if population is not None and rule is not None and rule.population_field:
        shown = shown.drop(columns=[rule.population_field])
        reasons = reasons.drop(columns=[rule.population_field], errors="ignore")
    return shown, reasons


# columns hidden with a count (area table and summary): what is built on the target or forecast population
_BUILT_ON = {"target": ("places_1k", "gap", "class"), "forecast": ("fc_gap", "fc_1k", "fc_class")}


def suppress_supply_levels(table: pd.DataFrame, summary: pd.DataFrame, parent: pd.Series,
                           rule: SuppressionRule | None, population: pd.Series | None = None):
    """Areas and their parent units shown together, protected together: (area table, area reasons, summary,
    summary reasons). Primary suppression as `suppress_supply` on each; then secondary suppression
    (core.privacy.protect_cells, areas + parents, a parent the sum of its areas) on the counts of people
    (target, forecast) and on the missing places (gap, the parent's the sum of its areas' positive gaps), so no
    hidden area value is its parent's total minus the shown areas. Measures built on a secondarily hidden
    count are hidden with it."""
    shown, reasons = suppress_supply(table, rule, population)
    summary_rule = None if rule is None else SuppressionRule(rule.min_count, 0, "")
    summary_shown, summary_reasons = suppress_supply(summary, summary_rule)
    if rule is None or not rule.active:
        return shown, reasons, summary_shown, summary_reasons
    names = parent.reindex(table.index).astype(object).where(parent.reindex(table.index).notna(), "(ohne)")
    position = {str(name): i for i, name in enumerate(summary.index)}
    codes = np.array([position.get(str(name), -1) for name in names], dtype=np.int64)
    structure = hierarchy(len(table), [(codes, len(summary))], region=False)
    secondary = rule.secondary_reason()
    low = np.zeros(len(table), dtype=bool)
    if rule.population_on and population is not None:
        low = (pd.to_numeric(pd.Series(population).reset_index(drop=True), errors="coerce")
               < rule.min_population).to_numpy()

    def hidden(frame_reasons, column, size):
        if column in frame_reasons.columns:
            return frame_reasons[column].notna().to_numpy()
        return np.zeros(size, dtype=bool)

    for column, values_of in (("target", lambda f: f["target"]), ("forecast", lambda f: f["forecast"]),
                              ("gap", lambda f: f["gap"].clip(lower=0) if f is table else f["gap"])):
        if column not in table.columns or column not in summary.columns:
            continue
        values = np.concatenate([pd.to_numeric(values_of(table), errors="coerce").to_numpy(float),
                                 pd.to_numeric(values_of(summary), errors="coerce").to_numpy(float)])
        primary = np.concatenate([hidden(reasons, column, len(table)) | low,
                                  hidden(summary_reasons, column, len(summary))])
        threshold = rule.min_count if rule.counts_on and column != "gap" else 0
        extra = protect_cells(values, primary, structure, threshold)
        if not extra.any():
            continue
        for frame, frame_reasons, cells in ((shown, reasons, extra[:len(table)]),
                                            (summary_shown, summary_reasons, extra[len(table):])):
            columns = [column] + [c for c in _BUILT_ON.get(column, ()) if c in frame.columns]
            for name in columns:
                if name not in frame_reasons.columns:
                    frame_reasons[name] = pd.Series(None, index=frame.index, dtype=object)
                mark = cells & frame_reasons[name].isna().to_numpy()
                frame_reasons.loc[mark, name] = secondary
                if pd.api.types.is_numeric_dtype(frame[name]):
                    frame[name] = frame[name].where(~cells)
                else:
                    frame[name] = frame[name].astype(object).where(~cells, None)
    return shown, reasons, summary_shown, summary_reasons


def supply_report(result: SupplyResult, facts: dict, reasons: pd.DataFrame | None = None,
                  summary: pd.DataFrame | None = None) -> str:
    """The report of assumptions as an HTML page: inputs and distances (`facts`), catchment, decay, target
    ratio, the method's rules and edge cases, the classes and the summary per parent unit (`summary`, e.g.
    after the small-count rule; default the result's)."""
    from . import html
    from .numbers import format_number

    settings = result.settings
    lines = {**facts, **settings.assumptions()}
    rows = pd.DataFrame({"Annahme": list(lines), "Wert": [str(v) for v in lines.values()]})
    body = ["<h2>Annahmen</h2>", html.table(rows)]
    body.append("<h2>Verfahren</h2><p>2SFCA (Luo &amp; Wang 2003): Jede Einrichtung j erhält das Verhältnis "
                "R<sub>j</sub> = Plätze / Zielbevölkerung in ihrem Einzugsbereich; ein Sozialraum erhält die Summe "
                "der R<sub>j</sub> aller Einrichtungen in seinem Einzugsbereich (Entfernung ≤ Einzugsbereich). "
                "E2SFCA (Luo &amp; Qi 2009) gewichtet beide Schritte mit der Distanzabnahme. Angaben je 1.000 "
                "der Zielbevölkerung. Gleiche Definition wie PySAL <i>access</i> (two_stage_fca, "
                "enhanced_two_stage_fca); ein Sozialraum ohne erreichbare Einrichtung hat 0, eine Einrichtung "
                "ohne Zielbevölkerung im Einzugsbereich zählt nicht.</p>")
    if result.notes:
        body.append("<h2>Hinweise</h2><ul>" + "".join(f"<li>{html.esc(n)}</li>" for n in result.notes) + "</ul>")
    table = result.table
    if "class" in table.columns:
        counts = pd.DataFrame({"Klasse": list(CLASSES),
                               "Sozialräume heute": [int((table["class"] == c).sum()) for c in CLASSES]})
        if "fc_class" in table.columns:
            counts["Sozialräume Prognose"] = [int((table["fc_class"] == c).sum()) for c in CLASSES]
        body += ["<h2>Versorgungsklassen</h2>", html.table(counts, numeric_columns=counts.columns[1:])]
    summary = result.summary if summary is None else summary
    if summary is not None:
        shown = summary.reset_index()
        text = pd.DataFrame({SUMMARY_FIELDS.get(c, c): [format_number(v, 1 if c.endswith("_1k") else 0, missing="x")
                                                        if not isinstance(v, str) else v for v in shown[c]]
                             for c in shown.columns})
        body += ["<h2>Übersicht je übergeordneter Einheit</h2>", html.table(text, numeric_columns=text.columns[1:])]
    if reasons is not None:
        hidden = int(reasons.notna().to_numpy().sum())
        if hidden:
            body.append(f"<p class='muted'>Geheimhaltung: {hidden} Werte ausgeblendet (kleine Fallzahlen oder "
                        "zu wenige Einwohner).</p>")
    return html.page("Versorgungsanalyse: Annahmen und Ergebnisse", "".join(body))
