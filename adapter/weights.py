"""Spatial weights from a polygon layer: the neighbour lists core.hotspots works on (QGIS-bound).

Kinds (binary weights; the core row-standardises them):
- queen: two areas are neighbours when their boundaries share a vertex;
- rook: when they share a boundary segment (both end vertices shared);
- knn: the k nearest centroids (ties: the area earlier in the layer first);
- distance: all centroids within the distance (map units, the layer's CRS).

Contiguity follows the vertices, as PySAL (libpysal Queen/Rook) and GeoDa do: vertices closer than
`tolerance` map units count as one (0 = exactly equal). Found by sorting the vertices into cells of the
tolerance's size and comparing each with the vertices of its own and the eight surrounding cells: no
per-pair Python loop. Two areas whose common border has no vertex in common (one polygon has a vertex where
the other has none: a T-junction) are not contiguous by this rule; knn or a distance band are the choice then.
Centroids (QgsGeometry.centroid) and a QgsSpatialIndex give the candidates for knn and distance bands.
"""
import struct

import numpy as np
from qgis.core import QgsFeatureRequest, QgsGeometry, QgsPointXY, QgsRectangle, QgsSpatialIndex, QgsWkbTypes

from ..core.hotspots import Neighbours, neighbours_from_lists

QUEEN, ROOK, KNN, DISTANCE = "queen", "rook", "knn", "distance"
KINDS = (QUEEN, ROOK, KNN, DISTANCE)
_RELATIVE_FLOOR = 1e-9  # a tolerance below extent x this is treated as this (cells stay countable)


def _geometries(source, ids):
    """{feature id: QgsGeometry} for the features `ids` of `source`."""
    wanted = set(ids)
    found = {}
    request = QgsFeatureRequest().setNoAttributes()
    for feature in source.getFeatures(request):
        if feature.id() in wanted:
            found[feature.id()] = QgsGeometry(feature.geometry())
    return found


def _rings(geometry):
    """The rings of a (multi)polygon as (m x 2) arrays of x, y (closed: first = last), parsed from WKB."""
    if geometry is None or geometry.isEmpty():
        return []
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    data = bytes(geometry.asWkb())
    rings = []

    def read(offset):
        order = "<" if data[offset] == 1 else ">"
        kind = struct.unpack_from(order + "I", data, offset + 1)[0]
        if kind & 0xC0000000:  # 2.5D types and EWKB flags: Z = 0x80000000, M = 0x40000000
            base, dims = kind & 0xFFFF, 2 + bool(kind & 0x80000000) + bool(kind & 0x40000000)
        else:  # ISO: 3 polygon, 1003 Z, 2003 M, 3003 ZM
            base, dims = kind % 1000, 2 + (0, 1, 1, 2)[kind // 1000]
        offset += 5
        if base == 3:  # polygon
            count = struct.unpack_from(order + "I", data, offset)[0]
            offset += 4
            for _ in range(count):
                points = struct.unpack_from(order + "I", data, offset)[0]
                offset += 4
                values = np.frombuffer(data, dtype=np.dtype(float).newbyteorder(order), count=points * dims,
                                       offset=offset).reshape(points, dims)
                rings.append(values[:, :2].astype(float))
                offset += 8 * points * dims
            return offset
        if base == 6:  # multipolygon
            count = struct.unpack_from(order + "I", data, offset)[0]
            offset += 4
            for _ in range(count):
                offset = read(offset)
            return offset
        raise ValueError(f"geometry type {kind} is not a polygon")

    read(0)
    return rings


def _vertex_table(geometries, ids):
    """(xy, area, ring) for all boundary vertices: area = position in `ids`, ring = a global ring number."""
    xy, area, ring = [], [], []
    number = 0
    for position, fid in enumerate(ids):
        for points in _rings(geometries.get(fid)):
            xy.append(points)
            area.append(np.full(len(points), position))
            ring.append(np.full(len(points), number))
            number += 1
    if not xy:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.vstack(xy), np.concatenate(area), np.concatenate(ring)


def _pairs_in_ranges(queries, lo, hi, order):
    """All (query, target) pairs with target in order[lo:hi] of each query."""
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.repeat(queries, counts)
    starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    return first, order[starts + np.arange(total)]


def matching_vertices(xy, tolerance):
    """Pairs (i, j), i != j, of vertices at most `tolerance` apart (exactly equal for 0), both directions."""
    n = len(xy)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if tolerance <= 0:
        _, group = np.unique(xy, axis=0, return_inverse=True)
        group = group.ravel()
        order = np.argsort(group, kind="stable")
        sorted_group = group[order]
        lo = np.searchsorted(sorted_group, group, "left")
        hi = np.searchsorted(sorted_group, group, "right")
        first, second = _pairs_in_ranges(np.arange(n), lo, hi, order)
        keep = first != second
        return first[keep], second[keep]
    low = xy.min(axis=0)
    extent = float((xy.max(axis=0) - low).max())
    size = max(float(tolerance), extent * _RELATIVE_FLOOR)
    cells = np.floor((xy - low) / size).astype(np.int64) + 1
    width = np.int64(cells[:, 1].max() + 2)
    keys = cells[:, 0] * width + cells[:, 1]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    firsts, seconds = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            query = (cells[:, 0] + dx) * width + (cells[:, 1] + dy)
            lo = np.searchsorted(sorted_keys, query, "left")
            hi = np.searchsorted(sorted_keys, query, "right")
            first, second = _pairs_in_ranges(np.arange(n), lo, hi, order)
            close = (first != second) & (((xy[first] - xy[second]) ** 2).sum(axis=1) <= tolerance * tolerance)
            firsts.append(first[close])
            seconds.append(second[close])
    return np.concatenate(firsts), np.concatenate(seconds)


def _lists_from_pairs(a, b, count):
    """Neighbour lists (sorted, unique, both directions) from area pairs."""
    keep = a != b
    a, b = a[keep], b[keep]
    codes = np.unique(np.concatenate([a * count + b, b * count + a]))
    rows, cols = codes // count, codes % count
    bounds = np.searchsorted(rows, np.arange(count + 1))
    return [cols[bounds[i]:bounds[i + 1]].tolist() for i in range(count)]


def contiguity(geometries, ids, kind=QUEEN, tolerance=0.0):
    """Queen or rook neighbour lists of the areas `ids` ({fid: QgsGeometry} in `geometries`)."""
    xy, area, ring = _vertex_table(geometries, ids)
    first, second = matching_vertices(xy, tolerance)
    other = area[first] != area[second]
    first, second = first[other], second[other]
    if kind == QUEEN:
        return _lists_from_pairs(area[first], area[second], len(ids))
    # rook: the next vertex of the same ring matches the next or previous vertex of the other's ring
    n = len(xy)
    matched = np.unique(first * n + second)
    has_next = first + 1 < n
    nxt = np.where(has_next, first + 1, first)
    same_ring = has_next & (ring[nxt] == ring[first])
    shared = np.zeros(len(first), dtype=bool)
    for step in (1, -1):
        partner = second + step
        inside = (partner >= 0) & (partner < n)
        partner = np.where(inside, partner, second)
        valid = same_ring & inside & (ring[partner] == ring[second])
        codes = nxt * n + partner
        position = np.minimum(np.searchsorted(matched, codes), len(matched) - 1)
        shared |= valid & (matched[position] == codes)
    return _lists_from_pairs(area[first[shared]], area[second[shared]], len(ids))


def centroids(geometries, ids):
    """(n x 2) centroids of the areas `ids` (NaN for an empty geometry)."""
    out = np.full((len(ids), 2), np.nan)
    for position, fid in enumerate(ids):
        geometry = geometries.get(fid)
        if geometry is not None and not geometry.isEmpty():
            point = geometry.centroid().asPoint()
            out[position] = (point.x(), point.y())
    return out


def _point_index(points):
    index = QgsSpatialIndex()
    for position, (x, y) in enumerate(points):
        if np.isfinite(x):
            index.addFeature(position, QgsRectangle(x, y, x, y))
    return index


def nearest(points, k):
    """The k nearest other points of each point (ties: the earlier point first)."""
    index = _point_index(points)
    lists = []
    for position, (x, y) in enumerate(points):
        if not np.isfinite(x):
            lists.append([])
            continue
        candidates = np.array([c for c in index.nearestNeighbor(QgsPointXY(x, y), k + 1) if c != position],
                              dtype=np.int64)
        distance = ((points[candidates] - points[position]) ** 2).sum(axis=1)
        chosen = candidates[np.lexsort((candidates, distance))[:k]]
        lists.append(sorted(chosen.tolist()))
    return lists


def within(points, distance):
    """All other points at most `distance` away from each point."""
    index = _point_index(points)
    lists = []
    for position, (x, y) in enumerate(points):
        if not np.isfinite(x):
            lists.append([])
            continue
        box = QgsRectangle(x - distance, y - distance, x + distance, y + distance)
        candidates = np.array([c for c in index.intersects(box) if c != position], dtype=np.int64)
        if len(candidates):
            close = ((points[candidates] - points[position]) ** 2).sum(axis=1) <= distance * distance
            candidates = candidates[close]
        lists.append(sorted(candidates.tolist()))
    return lists


def spatial_weights(source, ids, kind=QUEEN, k=6, distance=0.0, tolerance=0.0) -> Neighbours:
    """Neighbours of the features `ids` (in this order, e.g. a frame's index) of a polygon source."""
    ids = list(ids)
    geometries = _geometries(source, ids)
    if kind in (QUEEN, ROOK):
        lists = contiguity(geometries, ids, kind, tolerance)
    elif kind == KNN:
        lists = nearest(centroids(geometries, ids), int(k))
    elif kind == DISTANCE:
        lists = within(centroids(geometries, ids), float(distance))
    else:
        raise ValueError(f"unknown kind of weights: {kind}")
    return neighbours_from_lists(lists)
