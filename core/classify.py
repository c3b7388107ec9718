"""Classification of indicator values into map classes: exact natural breaks and the usual schemes.

Pure numpy, no QGIS. Every method returns a `Classification`: the lower bound of class 1, the upper
bounds of the classes (ascending, inclusive: a value v belongs to the first class with v <= upper
bound), the counts per class and two fit measures:

  GVF  goodness of variance fit = 1 - SDCM / SDAM (sum of squared deviations from the class means
       over sum of squared deviations from the overall mean); 1 = perfect, 1.0 when all values are equal.
  ADCM sum of absolute deviations of the values from their class medians (data units).

NaN values (empty, suppressed) are not classified; they are counted in `null_count` and get class -1.

Exact natural breaks ("jenks") minimise the within-class sum of squares exactly (1-D k-means by
dynamic programming) for any number of values: the values are sorted and merged into distinct values
with weights; the DP over classes uses prefix sums and, because the cost satisfies the quadrangle
inequality, the optimal start of the last class is monotone in the class end, so every DP row is
computed by a divide and conquer that is vectorised level by level (O(k * n log n), numpy only).
Ties are broken towards the smaller break index, so the result is deterministic.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import ClassificationError

DEFAULT_PERCENTILES = (1, 10, 50, 90, 99)
MSS_THRESHOLDS = (-1.0, 1.0, 1.5)
MAX_CLASSES = 100


@dataclass(frozen=True)
class Classification:
    method: str
    lower: float
    breaks: tuple
    counts: tuple
    gvf: float
    adcm: float
    null_count: int
    params: dict = field(default_factory=dict)
    notes: tuple = ()

    @property
    def classes(self) -> int:
        return len(self.breaks)

    @property
    def bounds(self) -> tuple:
        """(lower, upper) per class."""
        lows = (self.lower,) + tuple(self.breaks[:-1])
        return tuple(zip(lows, self.breaks))

    def class_of(self, values: np.ndarray | list) -> np.ndarray:
        """Class index per value (0-based); -1 for NaN. Values below `lower` go to class 0, above the
        last break to the last class (so the same scheme can be used for a series)."""
        values = np.asarray(values, dtype=float)
        result = np.full(values.shape, -1, dtype=np.int64)
        if not self.breaks:
            return result
        ok = ~np.isnan(values)
        index = np.searchsorted(np.asarray(self.breaks, dtype=float), values[ok], side="left")
        result[ok] = np.minimum(index, len(self.breaks) - 1)
        return result

    def breaks_text(self, separator: str = ";"):
        """Upper bounds as machine-readable text '2.5;5;10' (dot decimal, full precision)."""
        return separator.join(_plain_number(b) for b in self.breaks)

    def to_json(self) -> str:
        return json.dumps({"method": self.method, "lower": self.lower, "breaks": list(self.breaks),
                           "counts": list(self.counts), "gvf": self.gvf, "adcm": self.adcm,
                           "null_count": self.null_count, "params": _jsonable(self.params),
                           "notes": list(self.notes)}, ensure_ascii=False)


def _plain_number(value):
    value = float(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


# ---------------------------------------------------------------------------------------------
# public entry points


def classify(values: np.ndarray | list, method: str = "jenks", classes: int = 5, **params) -> Classification:
    """Classify `values` (array-like, NaN = missing) with `method` (a key of METHODS).

    params by method: stddev: interval (SD per class, default 1.0); boxmap: hinge (1.5 or 3.0);
    headtail: head_limit (share of the head, default 0.4; `classes` is the maximum);
    percentile: percentiles (default 1, 10, 50, 90, 99); manual: breaks (upper bounds or inner
    breaks); zscore: thresholds (default -1, 1, 1.5), standardize (default True: z-transform with the
    population SD; False: the values are z-scores already); step: step (required), origin (default 0).
    All methods: log=True classifies log10 of the values (all values must be > 0); breaks are
    returned in data units, GVF/ADCM are measured on the log scale then.
    """
    return classify_series([values], method, classes, **params)


def classify_series(list_of_arrays: list, method: str = "jenks", classes: int = 5, **params) -> Classification:
    """One classification for several arrays (a series of years, a group of indicators):
    the breaks are computed on all values together, counts are totals. Use class_of per array."""
    kind = method_for(method)
    arrays = [_as_float(a) for a in list_of_arrays]
    values = np.concatenate(arrays) if arrays else np.empty(0)
    null_count = int(np.isnan(values).sum())
    data = values[~np.isnan(values)]
    if data.size == 0:
        raise ClassificationError(
            f"Keine gültigen Werte zum Klassifizieren: alle {values.size} Werte sind leer (NULL) oder "
            "unterdrückt. Bitte ein anderes Feld wählen oder die Daten prüfen.")
    classes = int(classes)
    if classes < 1 and kind.needs_classes:
        raise ClassificationError(f"Die Zahl der Klassen muss mindestens 1 sein (angegeben: {classes}).")
    classes = min(classes, MAX_CLASSES)
    notes = []
    log = bool(params.pop("log", False))
    if log:
        bad = data[data <= 0]
        if bad.size:
            raise ClassificationError(
                f"Logarithmische Skala braucht Werte größer als 0; {bad.size} Werte sind 0 oder negativ "
                f"(kleinster: {bad.min():g}). Bitte ohne Logarithmus klassifizieren oder die Werte verschieben.")
        data = np.log10(data)
    data = np.sort(data)
    lower, breaks, used = kind.breaks(data, classes, params, notes)
    breaks = np.asarray(breaks, dtype=float)
    if not kind.scheme:
        unique = np.unique(breaks)
        if unique.size < breaks.size:
            notes.append(f"Doppelte Klassengrenzen zusammengefasst: {unique.size} statt {breaks.size} Klassen.")
        breaks = unique
    if (breaks.size and classes and kind.fills_classes and breaks.size < classes
            and not any("Klassen" in n for n in notes)):
        notes.append(f"Nur {breaks.size} Klassen möglich (weniger verschiedene Werte als {classes} Klassen).")
    counts, gvf, adcm = _fit(data, breaks)
    used = dict(used, classes=int(breaks.size))
    if log:
        used["log"] = True
        lower, breaks = 10.0 ** lower, 10.0 ** breaks
    return Classification(method=method, lower=float(lower), breaks=tuple(float(b) for b in breaks),
                          counts=tuple(int(c) for c in counts), gvf=float(gvf), adcm=float(adcm),
                          null_count=null_count, params=used, notes=tuple(notes))


def _as_float(values):
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ClassificationError("Die Werte sind keine Zahlen (Textfeld?). Bitte ein Zahlenfeld wählen "
                                  "oder die Texte vorher in Zahlen umwandeln.") from None
    array = array.copy()
    array[np.isinf(array)] = np.nan
    return array


# ---------------------------------------------------------------------------------------------
# fit measures


def _fit(sorted_data, breaks):
    """(counts, GVF, ADCM) of sorted data split by inclusive upper bounds."""
    if breaks.size == 0:
        return (), 1.0, 0.0
    edges = np.searchsorted(sorted_data, breaks, side="right")
    edges[-1] = sorted_data.size  # the last class takes everything above (open or clipped)
    edges = np.maximum.accumulate(edges)
    starts = np.concatenate([[0], edges[:-1]])
    counts = edges - starts
    return counts, gvf(sorted_data, starts, edges), adcm(sorted_data, starts, edges)


def gvf(sorted_data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> float:
    """Goodness of variance fit of classes given as [start, end) slices of sorted data."""
    x = sorted_data - sorted_data.mean()
    total = float(np.dot(x, x))
    if total <= 0:
        return 1.0
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    n = ends - starts
    keep = n > 0
    sums = s1[ends] - s1[starts]
    within = (s2[ends] - s2[starts])[keep] - sums[keep] ** 2 / n[keep]
    return float(max(0.0, 1.0 - max(0.0, float(within.sum())) / total))


def adcm(sorted_data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> float:
    """Sum of absolute deviations from the class medians."""
    n = ends - starts
    keep = n > 0
    s, e = starts[keep], ends[keep]
    medians = 0.5 * (sorted_data[s + (e - s - 1) // 2] + sorted_data[s + (e - s) // 2])
    labels = np.repeat(np.arange(s.size), e - s)
    return float(np.abs(sorted_data[s[0]:e[-1]] - medians[labels]).sum())


def fit_of_breaks(values: np.ndarray, breaks: list) -> tuple:
    """(counts, GVF, ADCM) of any upper bounds on `values` (e.g. QGIS's own breaks, for comparison)."""
    data = np.sort(_as_float(values))
    data = data[~np.isnan(data)]
    breaks = np.asarray(breaks, dtype=float)
    return _fit(data, breaks)


# ---------------------------------------------------------------------------------------------
# exact natural breaks


def natural_breaks(sorted_data: np.ndarray, classes: int) -> np.ndarray:
    """Upper bounds of the optimal (minimum within-class sum of squares) classes of sorted data."""
    distinct, weights = _distinct_sorted(sorted_data)
    k = min(classes, distinct.size)
    if k <= 1:
        return np.array([distinct[-1]])
    if k == distinct.size:
        return distinct.copy()
    starts = _optimal_starts(distinct, weights.astype(float), k)
    ends = np.concatenate([starts[1:] - 1, [distinct.size - 1]])
    return distinct[ends]


def _distinct_sorted(sorted_data):
    """(distinct values, their counts) of sorted data: np.unique without sorting again."""
    if sorted_data.size == 0:
        return sorted_data.copy(), np.zeros(0, dtype=np.int64)
    new = np.empty(sorted_data.size, dtype=bool)
    new[0] = True
    np.not_equal(sorted_data[1:], sorted_data[:-1], out=new[1:])
    first = np.flatnonzero(new)
    return sorted_data[first], np.diff(np.append(first, sorted_data.size))


def _optimal_starts(x, w, k):
    """Start index (into x) of each of the k optimal classes of weighted sorted distinct values x."""
    n = x.size
    x = x - np.average(x, weights=w)  # centred: prefix sums keep their precision
    W = np.concatenate([[0.0], np.cumsum(w)])
    S1 = np.concatenate([[0.0], np.cumsum(w * x)])
    S2 = np.concatenate([[0.0], np.cumsum(w * x * x)])
    D = S2[1:] - S1[1:] ** 2 / W[1:]  # D[j]: cost of x[0..j] as one class
    untied = bool(np.all(w == 1.0))   # then W[i] = i: computed, not read
    arguments = []
    for c in range(2, k + 1):
        # class c covers x[i..j]; classes 1..c-1 cover x[0..i-1]: cost D[i-1] + SSE(i, j)
        # SSE(i, j) = S2[j+1] - S2[i] - (S1[j+1] - S1[i])^2 / (W[j+1] - W[i]); S2[j+1] is added after the min
        P = np.full(n + 1, np.inf)
        P[1:] = D - S2[1:]
        if c == k:
            i = np.arange(k - 1, n)
            d = S1[n] - S1[i]
            v = P[i] - d * d / (W[n] - W[i])
            best = int(np.argmin(v))
            arg = np.zeros(n, dtype=np.int64)
            arg[n - 1] = i[best]
            arguments.append(arg)
            break
        lo_j, hi_j = c - 1, n - 1 - (k - c)
        best, arg = _monotone_row_minima(P, S1, None if untied else W, lo_j, hi_j, c - 1)
        D = np.full(n, np.inf)
        D[lo_j:hi_j + 1] = best[lo_j:hi_j + 1] + S2[lo_j + 1:hi_j + 2]
        arguments.append(arg)
    starts, j = [], n - 1
    for arg in reversed(arguments):
        i = int(arg[j])
        starts.append(i)
        j = i - 1
    return np.array([0] + starts[::-1], dtype=np.int64)


_BLOCK = 1 << 15   # candidates evaluated at once: the working arrays of one block stay in the CPU's cache


def _monotone_row_minima(P, S1, W, lo_j, hi_j, first_i):
    """For each j in [lo_j, hi_j]: min and argmin over i in [first_i, j] of
    P[i] - (S1[j+1] - S1[i])^2 / (W[j+1] - W[i]), using that the argmin is monotone in j (the first, smallest
    i on ties). Divide and conquer over j; all segments of one recursion level are evaluated together.

    The candidate ranges [olo, min(ohi, mid)] of one level's segments (kept in order) follow each other and share
    at most their end points (monotone argmins), so a level reads S1, W and P as contiguous slices, never
    through an index array: the span is cut into blocks [olo[s], olo[s+1]) owned by segment s; a segment's last
    candidate, when it is the next segment's first, is evaluated apart; candidates past a segment's mid count
    as +inf. A level is evaluated in runs of segments of about _BLOCK candidates. W is None for untied data (all
    weights 1: W[i] = i, computed instead of read)."""
    n = hi_j + 1
    best = np.empty(n)
    arg = np.empty(n, dtype=np.int64)
    positions = np.arange(n + 1, dtype=float) if W is None else None
    jlo, jhi = np.array([lo_j]), np.array([hi_j])
    olo, ohi = np.array([first_i]), np.array([hi_j])
    while jlo.size:
        mid = (jlo + jhi) >> 1
        top = np.minimum(ohi, mid)                      # last candidate of each segment (inclusive)
        nxt = np.append(olo[1:], top[-1] + 1)           # block of segment s: [olo[s], nxt[s])
        mins = np.empty(mid.size)
        a = np.empty(mid.size, dtype=np.int64)
        cuts = [0]
        for cut in np.searchsorted(nxt, np.arange(olo[0] + _BLOCK, nxt[-1], _BLOCK), side="right").tolist():
            if cuts[-1] < cut < mid.size:
                cuts.append(cut)
        cuts.append(mid.size)
        for first, last in zip(cuts[:-1], cuts[1:]):
            part = slice(first, last)
            mins[part], a[part] = _row_minima_run(P, S1, W, positions, mid[part], top[part], olo[part], nxt[part])
        best[mid] = mins
        arg[mid] = a
        keep = np.stack([mid > jlo, mid < jhi], axis=1).ravel()   # children in order: left, right
        jlo, jhi, olo, ohi = (np.stack([jlo, mid + 1], axis=1).ravel()[keep],
                              np.stack([mid - 1, jhi], axis=1).ravel()[keep],
                              np.stack([olo, a], axis=1).ravel()[keep],
                              np.stack([a, ohi], axis=1).ravel()[keep])
    return best, arg


def _row_minima_run(P, S1, W, positions, mid, top, olo, nxt):
    """(min, first argmin) of each segment of a run of consecutive segments (see _monotone_row_minima)."""
    start, stop = int(olo[0]), int(nxt[-1])
    cs = S1[mid + 1]
    cw = (mid + 1).astype(float) if W is None else W[mid + 1]
    mins = np.full(mid.size, np.inf)
    a = olo.copy()
    owners = np.flatnonzero(nxt > olo)
    if owners.size:
        # owner[p]: the segment whose block holds candidate start + p
        owner = np.zeros(stop - start, dtype=np.intp)
        owner[olo[owners[1:]] - start] = np.diff(owners)
        owner[0] = owners[0]
        np.cumsum(owner, out=owner)
        wi = positions[start:stop] if W is None else W[start:stop]
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.take(cs, owner)
            d -= S1[start:stop]
            np.multiply(d, d, out=d)
            den = np.take(cw, owner)
            den -= wi
            np.divide(d, den, out=d)
            v = np.subtract(P[start:stop], d, out=d)
        owned_end = np.minimum(top + 1, nxt)            # candidates past the mid, or the shared last one: +inf
        gap = np.flatnonzero(owned_end < nxt)
        if gap.size:
            marks = np.zeros(stop - start + 1, dtype=np.int8)
            np.add.at(marks, owned_end[gap] - start, 1)
            np.add.at(marks, nxt[gap] - start, -1)
            v[np.cumsum(marks[:-1]) > 0] = np.inf
        mins[owners] = np.minimum.reduceat(v, olo[owners] - start)
        hit = np.flatnonzero(v == np.take(mins, owner))
        if hit.size:
            owner = owner[hit]
            first = np.ones(hit.size, dtype=bool)
            first[1:] = owner[1:] != owner[:-1]
            a[owner[first]] = hit[first] + start
    shared = np.flatnonzero(top == nxt)                 # a last candidate that opens the next segment's block
    if shared.size:
        i = top[shared]
        den = (cw[shared] - i) if W is None else (cw[shared] - W[i])
        dd = cs[shared] - S1[i]
        with np.errstate(divide="ignore", invalid="ignore"):
            extra = P[i] - dd * dd / den
        better = extra < mins[shared]
        mins[shared[better]] = extra[better]
        a[shared[better]] = i[better]
    return mins, a


# ---------------------------------------------------------------------------------------------
# the methods: each (sorted data, classes, params, notes) -> (lower, upper bounds, params used)


def _jenks(data, classes, _params, notes):
    distinct = _distinct_sorted(data)[0].size
    if distinct < classes:
        notes.append(f"Nur {distinct} verschiedene Werte: {distinct} Klassen statt {classes}.")
    return data[0], natural_breaks(data, classes), {}


def _quantile_positions(data, probabilities):
    """Quantiles by linear interpolation between order statistics (Hyndman-Fan type 7, numpy/R default)."""
    return np.quantile(data, np.asarray(probabilities, dtype=float))


def _weibull_quantiles(data, probabilities):
    """Quantiles at position (n+1)p (Hyndman-Fan type 6), used for hinges and percentiles."""
    n = data.size
    pos = np.clip((n + 1) * np.asarray(probabilities, dtype=float), 1, n) - 1  # 0-based
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    return data[lo] + (pos - lo) * (data[hi] - data[lo])


def _quantile(data, classes, _params, _notes):
    inner = _quantile_positions(data, np.arange(1, classes) / classes)
    return data[0], np.concatenate([inner, [data[-1]]]), {}


def _equal(data, classes, _params, _notes):
    lo, hi = data[0], data[-1]
    breaks = lo + (hi - lo) * np.arange(1, classes + 1) / classes
    breaks[-1] = hi
    return lo, breaks, {}


def _stddev(data, classes, params, notes):
    interval = float(params.get("interval", 1.0))
    if interval <= 0:
        raise ClassificationError("Die Klassenbreite in Standardabweichungen muss größer als 0 sein.")
    mean, sd = data.mean(), data.std()  # population SD (ddof=0) as in the MSS
    if sd == 0:
        notes.append("Alle Werte sind gleich (Standardabweichung 0): eine Klasse.")
        return data[0], np.array([data[-1]]), {"interval": interval, "center": float(mean), "sd": 0.0}
    classes = max(classes, 2)
    multiples = interval * (np.arange(classes - 1) - (classes - 2) / 2.0)
    inner = mean + multiples * sd
    lower = min(data[0], inner[0])
    last = max(data[-1], inner[-1])
    return lower, np.concatenate([inner, [last]]), {
        "interval": interval, "center": float(mean), "sd": float(sd),
        "multiples": [float(m) for m in multiples]}


def _boxmap(data, _classes, params, _notes):
    hinge = float(params.get("hinge", 1.5))
    q1, q2, q3 = _weibull_quantiles(data, (0.25, 0.5, 0.75))
    iqr = q3 - q1
    low_fence, high_fence = q1 - hinge * iqr, q3 + hinge * iqr
    lower = min(data[0], low_fence)
    breaks = np.array([low_fence, q1, q2, q3, high_fence, max(data[-1], high_fence)])
    breaks[0] = np.nextafter(low_fence, -np.inf)  # a value exactly on the lower fence is no outlier
    return lower, breaks, {"hinge": hinge, "center": float(q2), "q1": float(q1), "q3": float(q3),
                           "lower_fence": float(low_fence), "upper_fence": float(high_fence)}


def _percentile(data, _classes, params, _notes):
    percentiles = sorted(float(p) for p in params.get("percentiles", DEFAULT_PERCENTILES))
    if not percentiles or percentiles[0] <= 0 or percentiles[-1] >= 100:
        raise ClassificationError("Perzentile müssen zwischen 0 und 100 liegen (z. B. 1;10;50;90;99).")
    inner = _weibull_quantiles(data, np.array(percentiles) / 100.0)
    return data[0], np.concatenate([inner, [data[-1]]]), {"percentiles": percentiles}


def _manual(data, _classes, params, _notes):
    given = params.get("breaks")
    if given is None or len(given) == 0:
        raise ClassificationError("Für manuelle Klassen bitte Klassengrenzen angeben (z. B. 5;10;20).")
    try:
        given = np.asarray([float(b) for b in given])
    except (TypeError, ValueError):
        raise ClassificationError(f"Klassengrenzen müssen Zahlen sein (angegeben: {given}).") from None
    if np.any(np.isnan(given)) or np.any(np.diff(given) <= 0):
        raise ClassificationError(f"Klassengrenzen müssen aufsteigend und verschieden sein (angegeben: "
                                  f"{'; '.join(f'{b:g}' for b in given)}).")
    inner = given[given < data[-1]]  # bounds at or above the maximum close the last class
    breaks = np.concatenate([inner, [max(data[-1], given[-1])]])
    lower = min(data[0], breaks[0])
    return lower, breaks, {"breaks": [float(b) for b in given]}


def _zscore(data, _classes, params, _notes):
    thresholds = np.asarray(sorted(float(t) for t in params.get("thresholds", MSS_THRESHOLDS)))
    standardize = bool(params.get("standardize", True))
    if standardize:
        mean, sd = data.mean(), data.std()
        if sd == 0:
            raise ClassificationError("Alle Werte sind gleich (Standardabweichung 0): z-Werte sind nicht "
                                      "definiert. Bitte eine andere Methode wählen.")
    else:
        mean, sd = 0.0, 1.0
    inner = mean + thresholds * sd
    # MSS: hoch z < -1 | mittel -1 <= z <= +1 | ... : the lowest threshold belongs to the class above.
    inner[0] = np.nextafter(inner[0], -np.inf)
    lower = min(data[0], inner[0])
    last = max(data[-1], inner[-1])
    return lower, np.concatenate([inner, [last]]), {
        "thresholds": [float(t) for t in thresholds], "standardize": standardize,
        "center": float(mean), "mean": float(mean), "sd": float(sd)}


def _step(data, _classes, params, _notes):
    step = params.get("step")
    if step is None or not float(step) > 0:
        raise ClassificationError("Für gleich breite Gruppen bitte eine Schrittweite größer als 0 angeben.")
    step, origin = float(step), float(params.get("origin", 0.0))
    first = math.floor((data[0] - origin) / step)
    last = math.ceil((data[-1] - origin) / step)
    if last == first:
        last = first + 1
    if last - first > MAX_CLASSES:
        raise ClassificationError(f"Schrittweite {step:g} ergibt {last - first} Klassen (höchstens "
                                  f"{MAX_CLASSES}). Bitte eine größere Schrittweite wählen.")
    edges = origin + step * np.arange(first, last + 1)
    return edges[0], edges[1:], {"step": step, "origin": origin}


def _headtail(data, classes, params, _notes):
    limit = float(params.get("head_limit", 0.4))
    breaks, head = [], data
    while len(breaks) < max(classes, 2) - 1 and head.size > 1:
        mean = head.mean()
        new_head = head[head > mean]
        if new_head.size == 0 or new_head.size / head.size > limit:
            if not breaks:  # at least one split when the data allow it
                breaks.append(mean)
            break
        breaks.append(mean)
        head = new_head
    return data[0], np.array(breaks + [data[-1]]), {"head_limit": limit}


def pretty(lo: float, hi: float, n: int = 5, min_n=None, high_u_bias: float = 1.5, u5_bias=None) -> np.ndarray:
    """R's pretty(): about n+1 equally spaced round values (1, 2 or 5 times a power of 10) covering
    [lo, hi] (R's src/appl/pretty.c, R >= 4.2, rounding_eps 1e-10)."""
    if min_n is None:
        min_n = n // 3
    if u5_bias is None:
        u5_bias = 0.5 + 1.5 * high_u_bias
    h, h5 = high_u_bias, u5_bias
    dx = hi - lo
    if dx == 0 and hi == 0:
        cell, i_small = 1.0, True
    else:
        cell = max(abs(lo), abs(hi))
        u = 1 + (1 / (1 + h) if h5 >= 1.5 * h + 0.5 else 1.5 / (1 + h5))
        u *= max(1, n) * np.finfo(float).eps
        i_small = dx < cell * u * 3
    if i_small:
        if cell > 10:
            cell = 9 + cell / 10
        cell *= 0.75  # shrink.sml
        if min_n > 1:
            cell /= min_n
    else:
        cell = dx
        if n > 1:
            cell /= n
    if cell < 20 * np.finfo(float).tiny:
        cell = 20 * np.finfo(float).tiny
    elif cell * 10 > np.finfo(float).max:
        cell = 0.1 * np.finfo(float).max
    base = 10.0 ** math.floor(math.log10(cell))
    unit = base
    if 2 * base - cell < h * (cell - unit):
        unit = 2 * base
        if 5 * base - cell < h5 * (cell - unit):
            unit = 5 * base
            if 10 * base - cell < h * (cell - unit):
                unit = 10 * base
    ns = math.floor(lo / unit + 1e-10)
    nu = math.ceil(hi / unit - 1e-10)
    while ns * unit > lo + 1e-10 * unit:
        ns -= 1
    while nu * unit < hi - 1e-10 * unit:
        nu += 1
    k = int(0.5 + nu - ns)
    if k < min_n:
        k = min_n - k
        if ns >= 0:
            nu += k // 2
            ns -= k // 2 + k % 2
        else:
            ns -= k // 2
            nu += k // 2 + k % 2
    values = np.arange(ns, nu + 1) * unit
    return np.round(values, max(0, -math.floor(math.log10(unit)) + 1))


def _pretty(data, classes, _params, _notes):
    edges = pretty(float(data[0]), float(data[-1]), max(classes, 1))
    if edges.size < 2:
        edges = np.array([edges[0], edges[0] + 1.0])
    # drop outer edges that would make empty classes (R's pretty may overshoot by one unit)
    while edges.size > 2 and edges[1] <= data[0]:
        edges = edges[1:]
    while edges.size > 2 and edges[-2] >= data[-1]:
        edges = edges[:-1]
    return edges[0], edges[1:], {}


def tr(text: str) -> str:
    """Marks an English option title for translation: tools/i18n.py collects tr("…") calls, the algorithms
    translate the title when they list the methods. The core itself stays free of Qt."""
    return text


class Method:
    """One classification method. `breaks(data, classes, params, notes)` gets the sorted values and returns
    (lower bound, upper bounds, parameters used).

    id: the key used everywhere (Classification.method, JSON, styles); label: German name (style names,
    reports); title: English option title (translated in Processing); scheme: the classes have a fixed
    meaning (outliers, quartiles, SD bands), so empty classes are kept; diverging: drawn with a diverging ramp
    around a centre; round_bounds: bounds chosen by the user or round, shown exactly in legends;
    fills_classes: may give fewer classes than asked only when the data have fewer distinct values;
    needs_classes: at least one class must be asked for; index_position: position among the class schemes of the
    composite index (after the MSS scheme; saved models and qgis_process calls name that position),
    None = not offered there.
    """
    id = label = title = ""
    scheme = diverging = round_bounds = fills_classes = False
    needs_classes = True
    index_position = None

    @staticmethod
    def breaks(data, classes, params, notes) -> None:
        raise NotImplementedError


class NaturalBreaks(Method):
    id, label, title = "jenks", "Natürliche Unterbrechungen (exakt)", tr("Natural breaks (exact)")
    fills_classes, index_position = True, 3
    breaks = staticmethod(_jenks)


class Quantiles(Method):
    id, label, title = "quantile", "Quantile (gleiche Anzahl)", tr("Quantiles (equal count)")
    fills_classes, index_position = True, 1
    breaks = staticmethod(_quantile)


class EqualInterval(Method):
    id, label, title = "equal", "Gleiche Intervalle", tr("Equal interval")
    fills_classes, index_position = True, 2
    breaks = staticmethod(_equal)


class StandardDeviation(Method):
    id, label, title = "stddev", "Standardabweichung (um den Mittelwert)", tr("Standard deviation")
    scheme = diverging = True
    index_position = 4
    breaks = staticmethod(_stddev)


class BoxMap(Method):
    id, label, title = "boxmap", "Box-Map (Quartile und Ausreißer)", tr("Box map")
    scheme = diverging = True
    needs_classes, index_position = False, 5
    breaks = staticmethod(_boxmap)


class Pretty(Method):
    id, label, title = "pretty", "Runde Klassengrenzen (pretty)", tr("Pretty breaks")
    round_bounds, index_position = True, 6
    breaks = staticmethod(_pretty)


class HeadTail(Method):
    id, label, title = "headtail", "Head/Tail-Breaks", tr("Head/tail breaks")
    needs_classes, index_position = False, 7
    breaks = staticmethod(_headtail)


class Percentiles(Method):
    id, label, title = "percentile", "Perzentile (1/10/50/90/99)", tr("Percentiles")
    scheme, needs_classes = True, False
    breaks = staticmethod(_percentile)


class Manual(Method):
    id, label, title = "manual", "Manuelle Klassengrenzen", tr("Manual breaks")
    round_bounds, needs_classes = True, False
    breaks = staticmethod(_manual)


class ZScores(Method):
    id, label, title = "zscore", "z-Werte nach MSS (−1 / +1 / +1,5)", tr("z-scores, MSS thresholds")
    scheme = diverging = True
    needs_classes = False
    breaks = staticmethod(_zscore)


class Step(Method):
    id, label, title = "step", "Gleich breite Gruppen (Schrittweite)", tr("Equal-width groups (step)")
    round_bounds, needs_classes = True, False
    breaks = staticmethod(_step)


# The one list of methods, in the order of the Processing option lists (saved models name the position).
REGISTRY = (NaturalBreaks(), Quantiles(), EqualInterval(), StandardDeviation(), BoxMap(), Pretty(), HeadTail(),
            Percentiles(), Manual(), ZScores(), Step())
METHOD_BY_ID = {m.id: m for m in REGISTRY}
METHODS = {m.id: m.label for m in REGISTRY}                       # id -> German label
SCHEME_METHODS = tuple(m.id for m in REGISTRY if m.scheme)
DIVERGING_METHODS = tuple(m.id for m in REGISTRY if m.diverging)
ROUND_METHODS = tuple(m.id for m in REGISTRY if m.round_bounds)
INDEX_SCHEMES = tuple(m.id for m in sorted((m for m in REGISTRY if m.index_position), key=lambda m: m.index_position))


def method_for(method_id: str):
    """The Method with this id; a ClassificationError naming the allowed ids otherwise."""
    if method_id not in METHOD_BY_ID:
        raise ClassificationError(f"Klassifizierungsmethode '{method_id}' ist unbekannt. "
                                  f"Erlaubt: {', '.join(METHOD_BY_ID)}.")
    return METHOD_BY_ID[method_id]


def parse_number_list(text: str) -> list:
    """'5;10;20' or '5,5;10' (German decimal comma allowed when ';' separates) -> [floats]."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        return [float(t) for t in text]
    text = str(text).strip()
    if not text:
        return []
    parts = [p.strip() for p in (text.split(";") if ";" in text else text.split())]
    if len(parts) == 1 and ";" not in text and "," in text and text.count(",") > 1:
        parts = [p.strip() for p in text.split(",")]
    values = []
    for part in parts:
        if not part:
            continue
        try:
            values.append(float(part.replace(",", ".")))
        except ValueError:
            raise ClassificationError(f"'{part}' ist keine Zahl. Bitte Zahlen mit ';' trennen, "
                                      "z. B. 5;10;20 oder 2,5;5;7,5.") from None
    return values


# --- the whole computation of sozialraum:classify ----------------------------------------------------

@dataclass(frozen=True)
class FieldsClassification:
    """The classification of several fields: `classifications` {field: Classification} (one shared object
    when the breaks are shared), `values` {field: float array after suppression and parsing}, `decimals`
    {text field: ',' or '.'} for the fields read from text, `parsed` {text field: values read as numbers},
    `suppressed` {field: values hidden by the privacy rule}."""
    fields: tuple
    classifications: dict
    values: dict
    decimals: dict
    parsed: dict
    suppressed: dict

    def counts(self, field_name: str) -> tuple:
        """Areas per class of this field alone (the shared classification counts all fields together)."""
        values = self.values[field_name]
        classification = self.classifications[field_name]
        return tuple(int(c) for c in np.bincount(classification.class_of(values)[~np.isnan(values)],
                                                 minlength=classification.classes))

    def null_count(self, field_name: str) -> int:
        return int(np.isnan(self.values[field_name]).sum())

    def details_json(self) -> str:
        return json.dumps({f: json.loads(self.classifications[f].to_json()) for f in self.fields},
                          ensure_ascii=False)


def read_fields(catalogue, fields, population_field: str = ""):
    """The fields to read for classifying `fields`: them, the counts of their rates, the population field."""
    needed = list(fields)
    for name in fields:
        indicator = catalogue.get(name)
        if indicator is not None and indicator.is_rate:
            needed += [indicator.numerator, indicator.denominator]
    return list(dict.fromkeys(needed + ([population_field] if population_field else [])))


def classify_fields(frame, fields, method: str = "jenks", classes: int = 5, same_breaks: bool = True,
                    text_fields: tuple = (), catalogue=None, rule=None, **params):
    """Classify `fields` of `frame`: text fields (`text_fields`) are read as numbers (German or English
    decimals, guessed per field), the privacy `rule` hides small counts, then one classification for all
    fields (`same_breaks`) or one per field. Returns a FieldsClassification."""
    from .catalogue import Catalogue
    from .numbers import COMMA, decide_decimal, number_evidence, parse_series
    from .privacy import apply_suppression

    fields = tuple(fields)
    if not fields:
        raise ClassificationError("Bitte mindestens ein Indikatorfeld wählen.")
    catalogue = catalogue if catalogue is not None else Catalogue()
    frame = frame.copy()
    decimals, parsed = {}, {}
    for name in fields:
        if name not in text_fields:
            continue
        texts = frame[name]
        sample = list(dict.fromkeys(str(t) for t in texts.tolist() if t is not None and str(t).strip()))
        reading = decide_decimal(number_evidence(sample))
        if not reading.settled:  # '1.234' alone: one thousand two hundred thirty-four, or 1,234? never guessed
            raise ClassificationError(
                f"Feld {name}: das Dezimalzeichen der Textzahlen ist nicht zu entscheiden ({reading.how}). Bitte das "
                "Feld zuerst in ein Zahlenfeld umwandeln (Feldrechner: to_real(replace(…))) oder die Tabelle mit "
                "'Indikatoren an Sozialräume anbinden' und dem Parameter DECIMAL einlesen.")
        decimal = reading.decimal or COMMA
        values, _reasons = parse_series(texts.astype(object), decimal)
        if values.notna().sum() == 0:
            raise ClassificationError(f"Feld {name} ist ein Textfeld ohne Zahlen. Bitte ein Zahlenfeld wählen oder "
                                      "das Feld zuerst umwandeln (Feldrechner: to_real).")
        frame[name] = values
        decimals[name], parsed[name] = decimal, int(values.notna().sum())
    shown, reasons = apply_suppression(frame, catalogue, rule, columns=list(fields))
    suppressed = {name: int(reasons[name].notna().sum()) for name in fields}
    arrays = {name: pd.to_numeric(shown[name], errors="coerce").to_numpy(dtype=float) for name in fields}
    try:
        if same_breaks or len(fields) == 1:
            shared = classify_series([arrays[f] for f in fields], method, classes, **params)
            classifications = {f: shared for f in fields}
        else:
            classifications = {f: classify(arrays[f], method, classes, **dict(params)) for f in fields}
    except ClassificationError as error:
        raise ClassificationError(f"Felder {', '.join(fields)}: {error}") from None
    return FieldsClassification(fields, classifications, arrays, decimals, parsed, suppressed)
