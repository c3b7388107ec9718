"""Spatial clusters (räumliche Häufungen): global Moran's I, local Moran's I (LISA) and Getis-Ord Gi*.

Rules and decisions (the statistics follow PySAL esda, the reference the tests compare with):

- Spatial weights come as neighbour lists (built from the polygons by the adapter): binary unless
  weights are given. Moran's I uses them row-standardised; an area without neighbours is an island:
  reported, its spatial lag is 0, it gets no local statistic and no class.
- An area whose value is missing or suppressed takes no part at all: it is dropped together with its links
  (its neighbours may become islands). A suppressed value is never treated as a number.
- Global Moran's I = n / S0 * sum_ij w_ij z_i z_j / sum_i z_i^2 (z = y - mean), with the moments under
  normality and randomisation and a pseudo p-value from `permutations` random permutations of the values
  (the NumPy generator RandomState(seed) permutes the values as esda does after np.random.seed(seed)).
- Local Moran's I_i = (n - 1) z_i lag_i / sum z^2 (z standardised with the population SD, lag from the
  row-standardised weights); quadrants HH, LH, LL, HL by the signs of z_i and lag_i (0 counts as low).
- Getis-Ord Gi* (the area itself included with weight 1): z_i = (sum_j w_ij y_j - mean W_i) /
  (s sqrt((n S1_i - W_i^2) / (n - 1))), s the population SD; this z does not depend on scaling a row, so
  it equals esda's G_Local(star=True) with binary weights ("B").
- Conditional permutation inference for both local statistics, exactly esda's scheme: with
  RandomState(seed), `permutations` draws of max-cardinality ids from the n - 1 other areas
  (choice without replacement), shared by all areas; area i takes the first |N(i)| ids of each draw.
  Pseudo p = (min(larger, permutations - larger) + 1) / (permutations + 1), folded as esda does. Same
  seed and data give the same p-values as esda's pure-NumPy path (without numba).
- Significant: p < alpha (strictly, as esda's cluster labels); with FDR the Benjamini-Hochberg bound
  of esda.fdr (the Bonferroni bound alpha / n when nothing passes) replaces alpha for each statistic.
- Vectorised: 10 000 areas x 999 permutations take a few seconds (bench/bench_hotspots.py).

Pure numpy/pandas: no QGIS import.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .errors import HotspotError
from .privacy import apply_suppression

if TYPE_CHECKING:
    from .privacy import SuppressionRule

DEFAULT_PERMUTATIONS = 999
DEFAULT_SEED = 12345
DEFAULT_ALPHA = 0.05
_CHUNK_ELEMENTS = 4_000_000

HH, LH, LL, HL, NOT_SIGNIFICANT, ISLAND = "HH", "LH", "LL", "HL", "ns", "insel"
QUADRANTS = (HH, LH, LL, HL)
LISA_LABELS = {HH: "Hoch-Hoch", LL: "Niedrig-Niedrig", HL: "Hoch-Niedrig", LH: "Niedrig-Hoch",
               NOT_SIGNIFICANT: "nicht signifikant", ISLAND: "ohne Nachbarn"}
LISA_COLOURS = {HH: "#d7191c", LL: "#2c7bb6", HL: "#f4a582", LH: "#92c5de", NOT_SIGNIFICANT: "#e0e0e0",
                ISLAND: "#ffffff"}
HOT, COLD = "hot", "cold"
GI_LABELS = {HOT: "Hotspot", COLD: "Coldspot", NOT_SIGNIFICANT: "nicht signifikant", ISLAND: "ohne Nachbarn"}
GI_COLOURS = {HOT: "#d7191c", COLD: "#2c7bb6", NOT_SIGNIFICANT: "#e0e0e0", ISLAND: "#ffffff"}



# --- neighbour lists -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Neighbours:
    """Binary spatial weights as compressed neighbour lists: the neighbours of area i are
    indices[indptr[i]:indptr[i + 1]], ascending."""
    indptr: np.ndarray
    indices: np.ndarray

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @property
    def cardinalities(self) -> np.ndarray:
        return np.diff(self.indptr)

    @property
    def islands(self) -> np.ndarray:
        """Positions of the areas without neighbours."""
        return np.flatnonzero(self.cardinalities == 0)

    @property
    def rows(self) -> np.ndarray:
        """The area each link starts from (same length as indices)."""
        return np.repeat(np.arange(self.n), self.cardinalities)

    def row_weights(self) -> np.ndarray:
        """The row-standardised weight of each link (1 / number of neighbours of its area)."""
        return 1.0 / self.cardinalities[self.rows]

    def sums(self, values: np.ndarray) -> np.ndarray:
        """sum of `values` over the neighbours of each area (0 for islands)."""
        return np.bincount(self.rows, weights=np.asarray(values, dtype=float)[self.indices], minlength=self.n)

    def lag(self, values: np.ndarray) -> np.ndarray:
        """Spatial lag with row-standardised weights: the neighbours' mean (0 for islands)."""
        return self.sums(values) / np.maximum(self.cardinalities, 1)

    def subset(self, keep: np.ndarray) -> Neighbours:
        """Only the areas where `keep` (bool per area) is true, renumbered; links to others dropped."""
        keep = np.asarray(keep, dtype=bool)
        new_number = np.cumsum(keep) - 1
        rows = self.rows
        link = keep[rows] & keep[self.indices]
        counts = np.bincount(rows[link], minlength=self.n)[keep]
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return Neighbours(indptr, new_number[self.indices[link]])

    def as_lists(self) -> list:
        return [self.indices[a:b].tolist() for a, b in zip(self.indptr[:-1], self.indptr[1:])]

    def is_symmetric(self) -> bool:
        keys = np.sort(self.rows * self.n + self.indices)
        return np.array_equal(keys, np.sort(self.indices * self.n + self.rows))


def neighbours_from_lists(lists: list) -> Neighbours:
    """Neighbours from one list of neighbour positions per area (0-based, in the areas' order).

    >>> nb = neighbours_from_lists([[1], [0, 2], [1], []])
    >>> nb.cardinalities.tolist(), nb.islands.tolist()
    ([1, 2, 1, 0], [3])
    """
    n = len(lists)
    counts = np.array([len(row) for row in lists], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    indices = np.fromiter((j for row in lists for j in row), dtype=np.int64, count=int(counts.sum()))
    if len(indices) and (indices.min() < 0 or indices.max() >= n):
        raise HotspotError("Eine Nachbarliste nennt ein Gebiet, das es nicht gibt. Bitte die Nachbarschaft neu bilden.")
    rows = np.repeat(np.arange(n), counts)
    if np.any(indices == rows):
        raise HotspotError("Ein Gebiet ist als sein eigener Nachbar eingetragen. Bitte die Nachbarschaft neu bilden.")
    order = np.lexsort((indices, rows))
    indices, rows = indices[order], rows[order]
    if np.any((np.diff(indices) == 0) & (np.diff(rows) == 0)):
        raise HotspotError("Ein Nachbar ist doppelt eingetragen. Bitte die Nachbarschaft neu bilden.")
    return Neighbours(indptr, indices)


# --- helpers -------------------------------------------------------------------------------------------

def normal_sf(z: float) -> np.ndarray:
    """P(Z > z) for the standard normal, element-wise (no scipy)."""
    z = np.asarray(z, dtype=float)
    out = np.array([0.5 * math.erfc(v / math.sqrt(2.0)) if np.isfinite(v) else math.nan for v in z.ravel()])
    return out.reshape(z.shape)


def folded_p(larger: np.ndarray | list, permutations: int) -> np.ndarray:
    """esda's pseudo p-value from the number of simulated statistics >= the observed one."""
    larger = np.asarray(larger, dtype=float).copy()
    low = (permutations - larger) < larger
    larger[low] = permutations - larger[low]
    return (larger + 1.0) / (permutations + 1.0)


def fdr_bound(p_values: pd.Series | np.ndarray | list, alpha: float = DEFAULT_ALPHA) -> float:
    """Benjamini-Hochberg bound as esda.fdr: i * alpha / m for the largest i with p_(i) < i * alpha / m,
    else alpha / m (Bonferroni). Significant: p < bound.

    >>> round(fdr_bound([0.001, 0.01, 0.03, 0.5], 0.05), 4)
    0.0375
    """
    p = np.sort(np.asarray(p_values, dtype=float))
    p = p[np.isfinite(p)]
    m = len(p)
    if m == 0:
        return alpha
    bounds = np.arange(1, m + 1) * alpha / m
    passing = np.flatnonzero(p < bounds)
    return float(bounds[passing[-1]]) if len(passing) else alpha / m


def conditional_draws(n: int, max_cardinality: int, permutations: int, seed: int) -> np.ndarray:
    """The shared permutation ids of esda's conditional randomisation: `permutations` rows of
    `max_cardinality` distinct positions among the n - 1 other areas (RandomState(seed).choice)."""
    random = np.random.RandomState(seed)
    size = int(max(max_cardinality, 1))
    return np.stack([random.choice(n - 1, size=size, replace=False) for _ in range(permutations)])


def conditional_sums(values: np.ndarray, neighbours: Neighbours, draws: np.ndarray, budget: int = _CHUNK_ELEMENTS):
    """Yield (areas, sums) in chunks, sums[p, c] = the sum of `values` over the areas that permutation
    draw p gives area i = areas[c]: its first |N(i)| positions d among the other areas (d is area d
    before i, area d + 1 from i on). Islands are skipped.

    In O(n x permutations): a draw's sum for area i is its sum over areas d (a prefix sum, the same for all
    areas with |N(i)| neighbours) plus the differences values[d + 1] - values[d] of the positions d >= i
    (a suffix sum over the draw's sorted positions); how many positions lie below i is counted for all areas
    at once with a cumulative sum over the places where the sorted positions fall among the areas."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    permutations = draws.shape[0]
    low = y[draws]
    step = y[np.minimum(draws + 1, n - 1)] - low
    prefix = np.cumsum(low, axis=1)
    cardinality = neighbours.cardinalities
    rows = np.arange(permutations)
    for k in np.unique(cardinality[cardinality > 0]):
        k = int(k)
        members = np.flatnonzero(cardinality == k)
        ids = draws[:, :k]
        order = np.argsort(ids, axis=1, kind="stable")
        ordered = np.take_along_axis(ids, order, axis=1)
        steps = np.take_along_axis(step[:, :k], order, axis=1)
        suffix = np.zeros((permutations, k + 1))
        suffix[:, :k] = np.cumsum(steps[:, ::-1], axis=1)[:, ::-1]
        base = prefix[:, k - 1][:, None]
        size = max(1, budget // permutations)
        for start in range(0, len(members), size):
            areas = members[start:start + size]
            width = len(areas) + 1
            # position d counts for the areas after it: mark where it falls among `areas`, then add up
            falls = np.searchsorted(areas, ordered, side="right")
            marks = np.bincount((rows[:, None] * width + falls).ravel(), minlength=permutations * width)
            below = np.cumsum(marks.reshape(permutations, width), axis=1)[:, :-1]
            yield areas, base + np.take_along_axis(suffix, below, axis=1)


# --- global Moran --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GlobalMoran:
    I: float                    # noqa: E741 - the statistic's name
    expected: float             # E[I] = -1 / (n - 1)
    z_norm: float
    p_norm: float               # two-sided, normality
    z_rand: float
    p_rand: float               # two-sided, randomisation
    p_sim: float                # pseudo p from the permutations (folded, as esda)
    permutations: int
    n: int
    mean_sim: float = math.nan  # mean of the simulated I


def _weight_sums(nb):
    """S0, S1, S2 of the row-standardised weights (as libpysal's W.s0, s1, s2 after transform 'r')."""
    n = nb.n
    rows, w = nb.rows, nb.row_weights()
    keys = rows * n + nb.indices
    reverse = nb.indices * n + rows
    position = np.minimum(np.searchsorted(keys, reverse), max(len(keys) - 1, 0))
    found = keys[position] == reverse if len(keys) else np.zeros(0, dtype=bool)
    w_back = np.where(found, w[position], 0.0) if len(keys) else np.zeros(0)
    s0 = float(w.sum())
    s1 = 0.5 * float(((w + w_back) ** 2).sum() + (w[~found] ** 2).sum())
    out_sum = np.bincount(rows, weights=w, minlength=n)
    in_sum = np.bincount(nb.indices, weights=w, minlength=n)
    s2 = float(((out_sum + in_sum) ** 2).sum())
    return s0, s1, s2


def global_moran(values: np.ndarray | list, neighbours: Neighbours, permutations: int = DEFAULT_PERMUTATIONS,
                 seed: int = DEFAULT_SEED) -> GlobalMoran:
    """Global Moran's I of complete `values` with row-standardised `neighbours` (as esda.Moran).

    >>> nb = neighbours_from_lists([[1], [0, 2], [1, 3], [2]])
    >>> round(global_moran([1.0, 2.0, 3.0, 4.0], nb, permutations=0).I, 4)
    0.4
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    s0, s1, s2 = _weight_sums(neighbours)
    if s0 == 0:
        raise HotspotError("Kein Gebiet hat einen Nachbarn; Moran's I ist nicht bestimmbar. Bitte eine andere "
                           "Nachbarschaft wählen (z. B. k nächste Nachbarn).")
    z = y - y.mean()
    z2ss = float((z * z).sum())
    linked = neighbours.cardinalities > 0
    starts = neighbours.indptr[:-1][linked]
    share = 1.0 / neighbours.cardinalities[linked]

    def statistic(zz):  # zz: (permutations, n) -> I per row
        sums = np.add.reduceat(np.take(zz, neighbours.indices, axis=1), starts, axis=1)
        return n / s0 * np.einsum("pn,pn,n->p", zz[:, linked], sums, share) / z2ss

    observed = float(statistic(z[None, :])[0])
    expected = -1.0 / (n - 1)
    v_norm = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - (1.0 / (n - 1)) ** 2
    k = (z ** 4).sum() / n / ((z ** 2).sum() / n) ** 2
    a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    v_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - expected ** 2 if n > 3 else math.nan
    z_norm = (observed - expected) / math.sqrt(v_norm) if v_norm > 0 else math.nan
    z_rand = (observed - expected) / math.sqrt(v_rand) if v_rand > 0 else math.nan
    p_norm = float(2 * normal_sf(abs(z_norm))) if np.isfinite(z_norm) else math.nan
    p_rand = float(2 * normal_sf(abs(z_rand))) if np.isfinite(z_rand) else math.nan
    p_sim, mean_sim = math.nan, math.nan
    if permutations:
        random = np.random.RandomState(seed)
        chunk = max(1, _CHUNK_ELEMENTS // max(1, len(neighbours.indices) + n))
        larger, total, done = 0, 0.0, 0
        while done < permutations:
            count = min(chunk, permutations - done)
            sims = statistic(z[np.stack([random.permutation(n) for _ in range(count)])])
            larger += int((sims >= observed).sum())
            total += float(sims.sum())
            done += count
        p_sim = float(folded_p([larger], permutations)[0])
        mean_sim = total / permutations
    return GlobalMoran(I=observed, expected=expected, z_norm=z_norm, p_norm=p_norm, z_rand=z_rand,
                       p_rand=p_rand, p_sim=p_sim, permutations=int(permutations), n=n, mean_sim=mean_sim)


# --- local statistics ----------------------------------------------------------------------------------

TIE_TOLERANCE = 1e-10


def local_statistics(values: np.ndarray, neighbours: Neighbours, permutations: int = DEFAULT_PERMUTATIONS,
                     seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Local Moran's I and Gi* of complete `values` with conditional permutation pseudo p-values.

    Returns a DataFrame in area order: z, lag (of z, row-standardised), local_i, quadrant, lisa_p,
    gi (Gi* statistic), gi_z, gi_p; islands get NaN statistics and quadrant None.

    Both simulated statistics grow with the sum of the values a draw gives the neighbours (Moran's for
    z_i > 0, falls for z_i < 0), so the draws are compared as sums; sums equal up to rounding (frequent with
    rounded rates) count as ties, i.e. as at least as extreme.
    """
    y = np.asarray(values, dtype=float)
    n = len(y)
    cardinality = neighbours.cardinalities
    island = cardinality == 0
    z = (y - y.mean()) / y.std()
    lag = neighbours.lag(z)
    den = float((z * z).sum())
    local_i = (n - 1) * z * lag / den
    quadrant = np.select([(z > 0) & (lag > 0), (z <= 0) & (lag > 0), (z <= 0) & (lag <= 0)], [HH, LH, LL],
                         default=HL).astype(object)
    # Gi*: binary weights plus the area itself (weight 1)
    sums = neighbours.sums(y)
    star_sum = sums + y
    gi = star_sum / float(y.sum())
    w_i = cardinality + 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        gi_z = (star_sum - y.mean() * w_i) / (y.std() * np.sqrt((n * w_i - w_i ** 2) / (n - 1)))
    lisa_p = np.full(n, np.nan)
    gi_p = np.full(n, np.nan)
    if permutations:
        draws = conditional_draws(n, cardinality.max(initial=0), permutations, seed)
        tolerance = TIE_TOLERANCE * cardinality * max(float(np.abs(y).max()), 1e-300)
        larger_lisa = np.zeros(n)
        larger_gi = np.zeros(n)
        for areas, simulated in conditional_sums(y, neighbours, draws):
            at_least = (simulated >= sums[areas] - tolerance[areas]).sum(axis=0)
            at_most = (simulated <= sums[areas] + tolerance[areas]).sum(axis=0)
            larger_gi[areas] = at_least
            larger_lisa[areas] = np.where(z[areas] > 0, at_least, np.where(z[areas] < 0, at_most, permutations))
        lisa_p = folded_p(larger_lisa, permutations)
        gi_p = folded_p(larger_gi, permutations)
    for array in (lag, local_i, gi, gi_z, lisa_p, gi_p):
        array[island] = np.nan
    quadrant[island] = None
    return pd.DataFrame({"z": z, "lag": lag, "local_i": local_i, "quadrant": quadrant, "lisa_p": lisa_p,
                         "gi": gi, "gi_z": gi_z, "gi_p": gi_p})


# --- the analysis --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hotspots:
    """Global and local spatial statistics of one indicator, per area in the input's order."""
    table: pd.DataFrame          # value, z, lag, local_i, quadrant, lisa_p, lisa_cluster, gi, gi_z, gi_p,
                                 # gi_cluster, neighbours, reason
    moran: GlobalMoran
    islands: tuple               # index labels of areas without neighbours (among the analysed ones)
    excluded: int                # areas without a value
    permutations: int
    seed: int
    alpha: float
    fdr: bool
    lisa_bound: float            # the p bound used for LISA (alpha, or the FDR bound)
    gi_bound: float

    def counts(self, column: str = "lisa_cluster"):
        return self.table[column].value_counts()


def _check_parameters(permutations, seed, alpha):
    if int(permutations) != permutations or not (permutations == 0 or 99 <= permutations <= 99999):
        raise HotspotError(f"Zahl der Permutationen {permutations}: bitte 0 oder eine ganze Zahl von 99 bis "
                           "99999 angeben (üblich 999).")
    if int(seed) != seed or not 0 <= seed < 2 ** 32:
        raise HotspotError(f"Startwert {seed}: bitte eine ganze Zahl von 0 bis 4294967295 angeben.")
    if not 0 < alpha < 1:
        raise HotspotError(f"Signifikanzniveau {alpha}: bitte eine Zahl zwischen 0 und 1 angeben (üblich 0,05).")


def find_hotspots(values: pd.Series, neighbours: Neighbours, permutations: int = DEFAULT_PERMUTATIONS,
                  seed: int = DEFAULT_SEED, alpha: float = DEFAULT_ALPHA, fdr: bool = False,
                  suppressed: pd.Series | None = None) -> Hotspots:
    """Global Moran's I, LISA clusters and Gi* hot/cold spots of `values` (Series, one per area in the
    order of `neighbours`), as the module docstring says.

    suppressed: optional Series of reasons (None = shown) for values hidden by the privacy rule.

    >>> nb = neighbours_from_lists([[1], [0, 2], [1, 3], [2, 4], [3]])
    >>> result = find_hotspots(pd.Series([1.0, 2.0, 3.0, 8.0, 9.0]), nb, permutations=99, seed=1)
    >>> result.table["quadrant"].tolist()
    ['LL', 'LL', 'LH', 'HH', 'HH']
    """
    _check_parameters(permutations, seed, alpha)
    values = pd.Series(values)
    if len(values) != neighbours.n:
        raise HotspotError(f"{len(values)} Werte, aber Nachbarschaften für {neighbours.n} Gebiete. Bitte die "
                           "Gewichte aus derselben Layer bilden.")
    y = pd.to_numeric(values, errors="coerce").astype(float)
    keep = y.notna().to_numpy() & np.isfinite(y.to_numpy())
    reasons = pd.Series("", index=values.index, dtype=object)
    missing = ~keep
    if missing.any():
        text = np.array(["Wert fehlt"] * len(values), dtype=object)
        if suppressed is not None:
            given = pd.Series(suppressed).reindex(values.index)
            has = given.notna().to_numpy()
            text[has] = given[has].astype(str).to_numpy()
        reasons[missing] = text[missing]
    n = int(keep.sum())
    if n < 5:
        raise HotspotError(f"Nur {n} Gebiet(e) mit Wert; für räumliche Häufungen braucht es mindestens fünf. "
                           "Bitte einen Indikator mit weniger fehlenden oder unterdrückten Werten wählen.")
    if not y[keep].std(ddof=0) > 0:
        raise HotspotError("Der Indikator hat überall denselben Wert; es gibt keine Häufungen zu finden.")
    nb = neighbours.subset(keep) if missing.any() else neighbours
    if nb.cardinalities.max(initial=0) == 0:
        raise HotspotError("Kein Gebiet mit Wert hat einen Nachbarn mit Wert. Bitte eine andere Nachbarschaft "
                           "wählen (z. B. k nächste Nachbarn oder eine größere Distanz).")
    data = y[keep].to_numpy()
    moran = global_moran(data, nb, permutations, seed)
    local = local_statistics(data, nb, permutations, seed)
    island = nb.cardinalities == 0
    tested = ~island
    lisa_bound = fdr_bound(local["lisa_p"][tested], alpha) if fdr else alpha
    gi_bound = fdr_bound(local["gi_p"][tested], alpha) if fdr else alpha
    lisa_sig = (local["lisa_p"] < lisa_bound).to_numpy()
    gi_sig = (local["gi_p"] < gi_bound).to_numpy()
    lisa = np.where(lisa_sig, local["quadrant"].to_numpy(), NOT_SIGNIFICANT).astype(object)
    gi_class = np.where(gi_sig, np.where(local["gi_z"].to_numpy() > 0, HOT, COLD), NOT_SIGNIFICANT).astype(object)
    if not permutations:
        lisa[:] = NOT_SIGNIFICANT
        gi_class[:] = NOT_SIGNIFICANT
    lisa[island] = ISLAND
    gi_class[island] = ISLAND
    table = pd.DataFrame(index=values.index)
    table["value"] = y
    for column in ("z", "lag", "local_i", "quadrant", "lisa_p"):
        table[column] = pd.Series(local[column].to_numpy(), index=values.index[keep])
    table["lisa_cluster"] = pd.Series(lisa, index=values.index[keep])
    for column in ("gi", "gi_z", "gi_p"):
        table[column] = pd.Series(local[column].to_numpy(), index=values.index[keep])
    table["gi_cluster"] = pd.Series(gi_class, index=values.index[keep])
    table["neighbours"] = pd.Series(nb.cardinalities, index=values.index[keep])
    table["reason"] = reasons
    for column in ("quadrant", "lisa_cluster", "gi_cluster"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    islands = tuple(values.index[keep][island])
    table.loc[list(islands), "reason"] = "keine Nachbarn mit Wert"
    return Hotspots(table=table, moran=moran, islands=islands, excluded=int(missing.sum()),
                    permutations=int(permutations), seed=int(seed), alpha=float(alpha), fdr=bool(fdr),
                    lisa_bound=float(lisa_bound), gi_bound=float(gi_bound))


def spatial_clusters(frame: pd.DataFrame, indicator: str, neighbours: Neighbours, catalogue: Catalogue | None = None,
                     rule: SuppressionRule | None = None, **options) -> Hotspots:
    """find_hotspots for the column `indicator` of `frame` (areas in the order of `neighbours`), with the values
    a privacy SuppressionRule hides (and the catalogue's rates on hidden counts) left out as missing.
    options: permutations, seed, alpha, fdr."""
    if indicator not in frame.columns:
        raise HotspotError(f"Indikator '{indicator}' fehlt in den Daten. Bitte ein vorhandenes Feld wählen.")
    suppressed = None
    if rule is not None:
        shown, reasons = apply_suppression(frame, catalogue if catalogue is not None else Catalogue(), rule,
                                           columns=[indicator])
        frame, suppressed = shown, reasons[indicator]
    return find_hotspots(frame[indicator], neighbours, suppressed=suppressed, **options)
