"""Types of social spaces (Sozialraumtypen): Ward clustering of standardised indicators.

Rules and decisions:

- An area with a missing or suppressed value in any chosen indicator gets no type; its reason is kept
  (a suppressed value is not a number and is never replaced by one). The others are clustered.
- Every indicator is z-standardised over the clustered areas with the mean and the POPULATION standard
  deviation (ddof 0), as the composite index does (core.indices.standardise).
- A weight w multiplies the indicator's squared differences: w = 2 counts like the indicator taken twice
  (the z-values are scaled by sqrt(w) for the distances only; profiles show the plain z-values).
- Ward's minimum-variance clustering on Euclidean distances, exact (nearest-neighbour chain with the
  Lance-Williams update on squared distances); merge heights as scipy.cluster.hierarchy.linkage(method="ward").
  It keeps an n x n matrix of floats: at most MAX_AREAS areas (5000 areas take about 200 MB).
- The tree is cut at k types; optionally k-means (Lloyd) refines them, started from the Ward types'
  centroids (an emptied type keeps its last centroid).
- Diagnostics for k = 1 .. k_max: share of the variance explained (1 - within / total sum of squares),
  the elbow (Kneedle: the k whose normalised point lies furthest above the chord from k = 1 to k_max) and
  the mean silhouette width (Euclidean, as sklearn.metrics.silhouette_score).
- Numbering: type 1 has the highest mean z of the indicator `order_by`, or is the largest type when
  order_by is "size"; ties go to the larger type, then to the type of the earlier area. Same input, same
  types and numbers.
- Type names live in a small table (typ; name; profile) the user edits; a later run gives each new type
  the name of the saved type with the closest profile (or the same number when the table has no profile).

Pure numpy/pandas: no QGIS import.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .errors import TypologyError
from .files import atomic_write
from .indices import standardise
from .numbers import format_number, parse_series
from .privacy import apply_suppression
from .safe_cells import safe_frame

MAX_AREAS = 5000
SIZE = "size"
K_MAX_DEFAULT = 10
NOTABLE_Z = 0.5          # |mean z| from which an indicator describes a type
_CHUNK_ELEMENTS = 2_000_000



# --- Ward ----------------------------------------------------------------------------------------------

def squared_distances(points: np.ndarray) -> np.ndarray:
    """n x n squared Euclidean distances, computed from differences (no cancellation), in row chunks."""
    x = np.asarray(points, dtype=float)
    n, p = x.shape
    out = np.empty((n, n))
    step = max(1, _CHUNK_ELEMENTS // max(1, n * p))
    for start in range(0, n, step):
        diff = x[start:start + step, None, :] - x[None, :, :]
        out[start:start + step] = np.einsum("ijk,ijk->ij", diff, diff)
    return out


def ward_linkage(points: np.ndarray | list) -> np.ndarray:
    """Ward's hierarchical clustering of the rows of `points` (n x p), in scipy's linkage layout:
    rows (cluster a, cluster b, height, size) sorted by height; clusters 0..n-1 are the points, n+i the
    cluster made in row i; the height is the Ward distance (sqrt of 2 x the increase of the within sum of
    squares times the sizes' harmonic factor), as scipy reports it.

    >>> ward_linkage([[0.0], [1.0], [5.0]]).round(3).tolist()
    [[0.0, 1.0, 1.0, 2.0], [2.0, 3.0, 5.196, 3.0]]
    """
    x = np.asarray(points, dtype=float)
    n = len(x)
    if n < 2:
        raise TypologyError("Für Typen braucht es mindestens zwei Gebiete mit vollständigen Werten.")
    if n > MAX_AREAS:
        raise TypologyError(f"{n} Gebiete sind zu viele für die hierarchische Typenbildung (höchstens "
                            f"{MAX_AREAS}, sie braucht eine Abstandsmatrix von n x n Zahlen). Bitte die "
                            "Gebiete vorher zusammenfassen oder eine Auswahl treffen.")
    d = squared_distances(x)
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges = np.empty((n - 1, 3))
    chain, step = [], 0
    while step < n - 1:
        if not chain:
            chain.append(int(np.argmax(active)))
        a = chain[-1]
        row = d[a]
        b = int(np.argmin(row))
        if len(chain) > 1 and row[chain[-2]] <= row[b]:
            b = chain[-2]
        if len(chain) > 1 and b == chain[-2]:
            del chain[-2:]
            keep, gone = max(a, b), min(a, b)
            d_ab = d[a, b]
            total = size[a] + size[b] + size
            with np.errstate(invalid="ignore"):
                new = ((size[a] + size) * d[a] + (size[b] + size) * d[b] - size * d_ab) / total
            active[gone] = False
            size[keep] += size[gone]
            size[gone] = 0.0
            new[~active] = np.inf
            new[keep] = np.inf
            d[keep, :] = new
            d[:, keep] = new
            d[gone, :] = np.inf
            d[:, gone] = np.inf
            merges[step] = (gone, keep, d_ab)
            step += 1
        else:
            chain.append(b)
    order = np.argsort(merges[:, 2], kind="mergesort")
    merges = merges[order]
    return _label(merges, n)


def _label(merges, n):
    """Merges of point slots (sorted by height) -> scipy's layout with cluster ids (union-find)."""
    parent = np.arange(2 * n - 1)
    sizes = np.concatenate([np.ones(n), np.zeros(n - 1)])

    def find(i):
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    out = np.empty((n - 1, 4))
    for i, (a, b, squared) in enumerate(merges):
        ra, rb = find(int(a)), find(int(b))
        new = n + i
        parent[ra] = parent[rb] = new
        sizes[new] = sizes[ra] + sizes[rb]
        out[i] = (min(ra, rb), max(ra, rb), math.sqrt(max(squared, 0.0)), sizes[new])
    return out


def cut_tree(linkage: np.ndarray, k: int) -> np.ndarray:
    """Cluster number 0..k-1 of each point when the tree is cut into k clusters (numbered by first point).

    >>> cut_tree(ward_linkage([[0.0], [1.0], [5.0]]), 2).tolist()
    [0, 0, 1]
    """
    linkage = np.asarray(linkage)
    n = len(linkage) + 1
    if not 1 <= k <= n:
        raise TypologyError(f"Zahl der Typen {k} ist nicht möglich; bitte 1 bis {n} wählen.")
    parent = np.arange(2 * n - 1)
    for i in range(n - k):
        parent[int(linkage[i, 0])] = parent[int(linkage[i, 1])] = n + i
    roots = np.arange(n)
    for _ in range(n):  # follow parents until every point sits at a root (depth <= n - k)
        up = parent[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    _, first, inverse = np.unique(roots, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))
    return rank[inverse]


# --- sums of squares, silhouette, k-means --------------------------------------------------------------

def within_sum_of_squares(points: np.ndarray, labels: np.ndarray) -> float:
    """Sum over clusters of the squared distances of the points to their cluster's centroid."""
    x = np.asarray(points, dtype=float)
    labels = np.asarray(labels)
    k = int(labels.max()) + 1
    counts = np.bincount(labels, minlength=k).astype(float)
    sums = np.zeros((k, x.shape[1]))
    np.add.at(sums, labels, x)
    centroids = sums / np.maximum(counts, 1.0)[:, None]
    return float(((x - centroids[labels]) ** 2).sum())


def silhouettes(points: np.ndarray, partitions: list) -> list:
    """Mean silhouette width of each partition (list of label arrays) of the same points, in one pass over
    the distances. Silhouette of a point in a one-point cluster is 0 (as sklearn)."""
    x = np.asarray(points, dtype=float)
    n, p = x.shape
    blocks, offsets = [], [0]
    for labels in partitions:
        labels = np.asarray(labels)
        k = int(labels.max()) + 1
        onehot = np.zeros((n, k))
        onehot[np.arange(n), labels] = 1.0
        blocks.append(onehot)
        offsets.append(offsets[-1] + k)
    onehot = np.hstack(blocks)
    sums = np.empty((n, onehot.shape[1]))
    step = max(1, _CHUNK_ELEMENTS // max(1, n * p))
    for start in range(0, n, step):
        diff = x[start:start + step, None, :] - x[None, :, :]
        sums[start:start + step] = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff)) @ onehot
    means = []
    for j, labels in enumerate(partitions):
        labels = np.asarray(labels)
        part = sums[:, offsets[j]:offsets[j + 1]]
        counts = onehot[:, offsets[j]:offsets[j + 1]].sum(axis=0)
        own = counts[labels]
        a = part[np.arange(n), labels] / np.maximum(own - 1, 1)
        other = part / counts
        other[np.arange(n), labels] = np.inf
        b = other.min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = (b - a) / np.maximum(a, b)
        s[(own <= 1) | ~np.isfinite(s)] = 0.0
        means.append(float(s.mean()))
    return means


def kmeans_refine(points: np.ndarray, labels: np.ndarray, max_iterations: int = 300) -> tuple:
    """Lloyd's k-means started from the centroids of `labels`. Returns (labels, iterations). A point goes
    to the nearest centroid (the lower number on a tie); an emptied cluster keeps its last centroid."""
    x = np.asarray(points, dtype=float)
    labels = np.asarray(labels).copy()
    k = int(labels.max()) + 1
    centroids = np.zeros((k, x.shape[1]))
    for iteration in range(1, max_iterations + 1):
        counts = np.bincount(labels, minlength=k)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, x)
        filled = counts > 0
        centroids[filled] = sums[filled] / counts[filled, None]
        diff = x[:, None, :] - centroids[None, :, :]
        new = np.einsum("ijk,ijk->ij", diff, diff).argmin(axis=1)
        if np.array_equal(new, labels):
            return labels, iteration
        labels = new
    return labels, max_iterations


def elbow(explained: list) -> int:
    """k of the elbow of the explained-variance curve (list for k = 1, 2, ...): Kneedle's largest
    difference between the normalised curve and its chord. None with fewer than three points.

    >>> elbow([0.0, 0.6, 0.8, 0.85, 0.88])
    2
    """
    y = np.asarray(explained, dtype=float)
    if len(y) < 3 or not y[-1] > y[0]:
        return None
    xs = np.linspace(0.0, 1.0, len(y))
    ys = (y - y[0]) / (y[-1] - y[0])
    return int(np.argmax(ys - xs)) + 1


# --- the typology --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Typology:
    """Types of social spaces and what describes them."""
    types: pd.Series            # type number 1..k per area (float, NaN where the area got no type)
    names: pd.Series            # type name per area (None where no type)
    reasons: pd.Series          # '' when clustered, else the German reason
    z: pd.DataFrame             # z-values per indicator (NaN where not clustered)
    profile: pd.DataFrame       # per type (index 1..k): name, size, share, description, mean z per indicator
    diagnostics: pd.DataFrame   # per k: within_ss, explained, silhouette
    linkage: np.ndarray         # Ward tree in scipy's layout (over the clustered areas, in frame order)
    k: int
    indicators: tuple
    weights: tuple
    order_by: str
    refined: bool = False
    moved: int = 0              # areas k-means moved to another type
    iterations: int = 0
    elbow_k: object = None
    silhouette_k: object = None
    name_notes: tuple = field(default=())

    @property
    def count(self) -> int:
        return int(self.types.notna().sum())


def _reasons_for(frame, indicators, suppressed):
    reasons = pd.Series("", index=frame.index, dtype=object)
    for indicator in indicators:
        values = pd.to_numeric(frame[indicator], errors="coerce")
        missing = values.isna().to_numpy() & (reasons.to_numpy() == "")
        if not missing.any():
            continue
        text = np.array([f"Wert fehlt ({indicator})"] * len(frame), dtype=object)
        if suppressed is not None and indicator in suppressed.columns:
            given = suppressed[indicator].reindex(frame.index)
            has = given.notna().to_numpy()
            text[has] = [f"{r} ({indicator})" for r in given[has]]
        reasons.iloc[np.flatnonzero(missing)] = text[missing]
    return reasons


def _check(frame, indicators, k, weights, order_by):
    indicators = list(indicators)
    if len(indicators) < 1:
        raise TypologyError("Keine Indikatoren gewählt. Bitte mindestens einen Indikator angeben.")
    if len(set(indicators)) != len(indicators):
        raise TypologyError("Ein Indikator ist mehrfach gewählt. Bitte jeden nur einmal angeben "
                            "(für mehr Gewicht das Gewicht erhöhen).")
    missing = [i for i in indicators if i not in frame.columns]
    if missing:
        raise TypologyError(f"Indikator(en) {', '.join(missing)} fehlen in den Daten. Bitte die Feldnamen prüfen.")
    weights = [1.0] * len(indicators) if weights is None else [float(w) for w in weights]
    if len(weights) != len(indicators):
        raise TypologyError(f"{len(indicators)} Indikatoren, aber {len(weights)} Gewichte. Bitte je Indikator "
                            "genau ein Gewicht angeben.")
    if not all(np.isfinite(weights)) or any(w <= 0 for w in weights):
        raise TypologyError("Gewichte müssen Zahlen größer als 0 sein (ein Indikator mit Gewicht 0 gehört "
                            "nicht in die Auswahl).")
    if order_by != SIZE and order_by not in indicators:
        raise TypologyError(f"Die Typen sollen nach '{order_by}' nummeriert werden, das ist aber keiner der "
                            "gewählten Indikatoren. Bitte einen gewählten Indikator oder die Größe wählen.")
    if int(k) != k or k < 2:
        raise TypologyError(f"Zahl der Typen {k}: bitte eine ganze Zahl ab 2 angeben.")
    return indicators, weights


def _number_types(labels, z_order, order_by):
    """Map raw cluster labels -> 1..k by the rule in the module docstring."""
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k)
    first = np.array([np.flatnonzero(labels == c)[0] for c in range(k)])
    if order_by == SIZE:
        keys = (first, -sizes)
    else:
        means = np.bincount(labels, weights=z_order, minlength=k) / sizes
        keys = (first, -sizes, -np.round(means, 12))
    order = np.lexsort(keys)
    number = np.empty(k, dtype=int)
    number[order] = np.arange(1, k + 1)
    return number[labels]


def describe(means: pd.Series, labels=None, notable: float = NOTABLE_Z) -> str:
    """'hoch: A, B; niedrig: C' from the mean z per indicator of one type (|z| >= notable, strongest first).

    >>> describe(pd.Series({"alo": 1.2, "alter": -0.7, "kinder": 0.1}))
    'hoch: alo; niedrig: alter'
    """
    labels = labels or {}
    ordered = means.reindex(means.abs().sort_values(ascending=False, kind="mergesort").index)
    high = [labels.get(i) or i for i, v in ordered.items() if v >= notable]
    low = [labels.get(i) or i for i, v in ordered.items() if v <= -notable]
    parts = ([f"hoch: {', '.join(high)}"] if high else []) + ([f"niedrig: {', '.join(low)}"] if low else [])
    return "; ".join(parts) if parts else "überall nahe dem Durchschnitt"


def build_typology(frame: pd.DataFrame, indicators: list, k: int, weights: list | None = None, refine: bool = False,
                   order_by: str = SIZE, k_max: int = K_MAX_DEFAULT, suppressed: pd.DataFrame | None = None,
                   saved_names: pd.DataFrame | None = None, labels=None, catalogue=None, rule=None) -> Typology:
    """Types of social spaces from `indicators` (columns of `frame`), as the module docstring says.

    rule, catalogue: a privacy SuppressionRule (and the catalogue naming the counts of rates): the values it
                 hides are not clustered (the frame then needs the count fields the rule checks);
    suppressed:  or the reasons already found (DataFrame, None = shown), as core.privacy.apply_suppression
                 returns; its texts say why an area got no type;
    saved_names: optional DataFrame from read_type_names (a table the user edited in an earlier run);
    labels:      optional {indicator: title} for descriptions.

    >>> frame = pd.DataFrame({"a": [0.0, 0.1, 0.2, 5.0, 5.2], "b": [1.0, 1.1, 0.9, 3.0, 3.1]})
    >>> build_typology(frame, ["a", "b"], 2, order_by="a").types.tolist()
    [2.0, 2.0, 2.0, 1.0, 1.0]
    """
    indicators, weights = _check(frame, indicators, k, weights, order_by)
    k = int(k)
    if rule is not None:
        frame, suppressed = apply_suppression(frame, catalogue if catalogue is not None else Catalogue(), rule,
                                              columns=indicators)
    reasons = _reasons_for(frame, indicators, suppressed)
    mask = (reasons == "").to_numpy()
    n = int(mask.sum())
    if n < 3:
        raise TypologyError(f"Nur {n} Gebiet(e) mit vollständigen Werten; für Typen braucht es mindestens drei. "
                            "Bitte Indikatoren mit weniger fehlenden oder unterdrückten Werten wählen.")
    if k >= n:
        raise TypologyError(f"{k} Typen aus {n} Gebieten mit vollständigen Werten sind zu viele; bitte höchstens "
                            f"{n - 1} Typen wählen.")
    mask_series = pd.Series(mask, index=frame.index)
    z = pd.DataFrame(index=frame.index)
    for indicator in indicators:
        values = pd.to_numeric(frame[indicator], errors="coerce").astype(float)
        if not values[mask].std(ddof=0) > 0:
            raise TypologyError(f"Indikator '{indicator}' hat in allen Gebieten mit vollständigen Werten denselben "
                                "Wert und kann keine Typen unterscheiden. Bitte ihn aus der Auswahl nehmen.")
        standard, _centre, _spread = standardise(values.rename(indicator), mask_series)
        z[indicator] = standard.where(mask_series)
    zx = z.to_numpy()[mask]
    points = zx * np.sqrt(np.asarray(weights))
    linkage = ward_linkage(points)

    k_top = int(min(max(k, k_max), n - 1))
    partitions = {kk: cut_tree(linkage, kk) for kk in range(1, k_top + 1)}
    total_ss = within_sum_of_squares(points, partitions[1])
    within = [within_sum_of_squares(points, partitions[kk]) for kk in range(1, k_top + 1)]
    explained = [1.0 - w / total_ss for w in within]
    sil = [math.nan] + silhouettes(points, [partitions[kk] for kk in range(2, k_top + 1)])
    diagnostics = pd.DataFrame({"k": range(1, k_top + 1), "within_ss": within, "explained": explained,
                                "silhouette": sil})
    valid_sil = diagnostics.dropna(subset=["silhouette"])
    silhouette_k = int(valid_sil.loc[valid_sil["silhouette"].idxmax(), "k"]) if len(valid_sil) else None

    raw = partitions[k]
    moved, iterations = 0, 0
    if refine:
        refined, iterations = kmeans_refine(points, raw)
        moved = int((refined != raw).sum())
        raw = np.unique(refined, return_inverse=True)[1]  # drop emptied types
    order_values = zx[:, indicators.index(order_by)] if order_by != SIZE else None
    numbers = _number_types(raw, order_values, order_by)
    types = pd.Series(np.nan, index=frame.index, dtype=float)
    types[mask] = numbers.astype(float)

    profile = z[mask].groupby(numbers).mean()
    profile.index.name = "typ"
    sizes = pd.Series(np.bincount(numbers)[1:], index=profile.index)
    descriptions = [describe(profile.loc[t], labels) for t in profile.index]
    names, notes = assign_names(profile, saved_names)
    profile.insert(0, "description", descriptions)
    profile.insert(0, "share", sizes / n)
    profile.insert(0, "size", sizes)
    profile.insert(0, "name", names)
    area_names = types.map(profile["name"]).astype(object).where(types.notna(), None)   # None, not pandas 3's NaN
    return Typology(types=types, names=area_names, reasons=reasons, z=z, profile=profile,
                    diagnostics=diagnostics, linkage=linkage, k=int(profile.index.max()),
                    indicators=tuple(indicators), weights=tuple(weights), order_by=order_by,
                    refined=bool(refine), moved=moved, iterations=iterations,
                    elbow_k=elbow(explained), silhouette_k=silhouette_k, name_notes=tuple(notes))


# --- type names ----------------------------------------------------------------------------------------

NAME_COLUMNS = ("typ", "name")


def assign_names(profile: pd.DataFrame, saved: pd.DataFrame | None = None) -> tuple:
    """(names per type, notes). Without a saved table: 'Typ 1', 'Typ 2', ... With one that has profile
    columns (mean z of indicators also used now): each type gets the name of the nearest saved profile,
    closest pairs first; without profile columns: the name saved for the same type number."""
    default = pd.Series([f"Typ {t}" for t in profile.index], index=profile.index, dtype=object)
    if saved is None or len(saved) == 0:
        return default, []
    notes = []
    saved = saved.reset_index(drop=True)
    common = [c for c in profile.columns if c in saved.columns]
    names = default.copy()
    if common:
        old = saved[common].to_numpy(dtype=float)
        new = profile[common].to_numpy(dtype=float)
        dist = np.sqrt(np.nansum((new[:, None, :] - old[None, :, :]) ** 2, axis=2))
        pairs = sorted((dist[i, j], i, j) for i in range(len(new)) for j in range(len(old)))
        used_new, used_old = set(), set()
        for _d, i, j in pairs:
            if i in used_new or j in used_old:
                continue
            used_new.add(i)
            used_old.add(j)
            name = str(saved.at[j, "name"]).strip()
            if name:
                names.iloc[i] = name
                old_number = saved.at[j, "typ"]
                if str(old_number) != str(profile.index[i]):
                    notes.append(f"Name '{name}' (gespeichert für Typ {old_number}) passt am besten zu Typ "
                                 f"{profile.index[i]}.")
        for i in range(len(new)):
            if i not in used_new:
                notes.append(f"Typ {profile.index[i]}: kein gespeicherter Name passt, er heißt "
                             f"'{names.iloc[i]}'.")
        if len(common) < len(profile.columns) - int("name" in profile.columns):
            notes.append("Die gespeicherte Namenstabelle kennt nicht alle gewählten Indikatoren; verglichen "
                         f"wurden {', '.join(common)}.")
    else:
        by_number = {str(t).strip(): str(nm).strip() for t, nm in zip(saved["typ"], saved["name"])}
        for t in profile.index:
            if by_number.get(str(t)):
                names[t] = by_number[str(t)]
        notes.append("Die Namenstabelle hat kein Profil; die Namen gelten nach der Typnummer.")
    return names, notes


def type_names_table(typology: Typology) -> pd.DataFrame:
    """The table of type names to edit: typ, name, size, description, mean z per indicator (3 decimals)."""
    profile = typology.profile
    table = pd.DataFrame({"typ": profile.index.astype(int), "name": profile["name"].to_numpy(),
                          "anzahl": profile["size"].astype(int).to_numpy(),
                          "beschreibung": profile["description"].to_numpy()})
    for indicator in typology.indicators:
        table[indicator] = profile[indicator].round(3).to_numpy()
    return table


def write_type_names(typology: Typology, path: str) -> str:
    """The names table as a German CSV (';', decimal comma, UTF-8 with BOM so spreadsheet programs read it)."""
    table = type_names_table(typology)
    shown = table.astype(object)
    for indicator in typology.indicators:
        shown[indicator] = [format_number(v, 3) for v in table[indicator]]
    shown = safe_frame(shown)               # type names and descriptions: no formula for the spreadsheet
    return atomic_write(path, lambda temp: shown.to_csv(temp, sep=";", index=False, encoding="utf-8-sig"), ".csv")


def read_type_names(path: str) -> pd.DataFrame:
    """A names table written by write_type_names and edited by the user (';' or ',' separated, decimal
    comma or point). Needs the columns typ and name; other columns named like indicators are profiles."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            head = handle.readline()
        sep = ";" if head.count(";") >= head.count(",") else ","
        raw = pd.read_csv(path, sep=sep, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise TypologyError(f"Namenstabelle '{path}' kann nicht gelesen werden ({error}). Bitte eine CSV-Datei "
                            "mit den Spalten typ und name angeben.") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    lower = {c.lower(): c for c in raw.columns}
    if not all(c in lower for c in NAME_COLUMNS):
        raise TypologyError(f"Namenstabelle '{path}' braucht die Spalten typ und name (gefunden: "
                            f"{', '.join(raw.columns)}). Bitte die Tabelle eines früheren Laufs nehmen.")
    table = pd.DataFrame({"typ": raw[lower["typ"]].str.strip(), "name": raw[lower["name"]].str.strip()})
    for column in raw.columns:
        if column.lower() in ("typ", "name", "anzahl", "beschreibung"):
            continue
        values, _ = parse_series(raw[column])
        if values.notna().any():
            table[column] = values
    return table
