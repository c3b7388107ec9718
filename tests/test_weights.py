"""adapter.weights: neighbour lists from real polygons in QGIS against libpysal (Queen, Rook, KNN, DistanceBand)
built from the same geometries read with shapely, and against a lattice whose neighbours are known."""
import sqlite3

import libpysal
import numpy as np
import pytest
import shapely
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from conftest import SAMPLE
from sozialraum_monitor.adapter.weights import DISTANCE as BAND
from sozialraum_monitor.adapter.weights import KNN, QUEEN, ROOK, spatial_weights

GPKG = f"{SAMPLE}/berlin_mss2019.gpkg"


def gpkg_geometry(blob):
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return shapely.from_wkb(bytes(blob[8 + envelope:]))


@pytest.fixture(scope="module")
def shapes():
    """fid -> shapely geometry of the sample's social spaces, read without QGIS."""
    with sqlite3.connect(GPKG) as connection:
        rows = connection.execute("SELECT fid, geom FROM sozialraeume ORDER BY fid").fetchall()
    return {fid: gpkg_geometry(blob) for fid, blob in rows}


@pytest.fixture()
def layer(qgis_app):  # noqa: ARG001 (needed for its side effect)
    found = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    assert found.isValid()
    return found


def pysal_lists(w, ids):
    position = {fid: i for i, fid in enumerate(ids)}
    return [sorted(position[j] for j in w.neighbors[fid]) for fid in ids]


def test_queen_and_rook_equal_libpysal_on_the_sample(layer, shapes):
    ids = list(shapes)
    for kind, maker in ((QUEEN, libpysal.weights.Queen), (ROOK, libpysal.weights.Rook)):
        expected = maker.from_iterable(list(shapes.values()), ids=ids)
        ours = spatial_weights(layer, ids, kind)
        assert ours.as_lists() == pysal_lists(expected, ids), kind
    assert spatial_weights(layer, ids, ROOK).indices.size < spatial_weights(layer, ids, QUEEN).indices.size


@pytest.mark.parametrize("k", [1, 4, 6])
def test_knn_equals_libpysal_knn_on_the_centroids(layer, shapes, k):
    ids = list(shapes)
    points = np.array([[g.centroid.x, g.centroid.y] for g in shapes.values()])
    expected = libpysal.weights.KNN(points, k=k, ids=ids)
    assert spatial_weights(layer, ids, KNN, k=k).as_lists() == pysal_lists(expected, ids)


@pytest.mark.parametrize("distance", [800.0, 1500.0])
def test_distance_band_equals_libpysal_distance_band(layer, shapes, distance):
    ids = list(shapes)
    points = np.array([[g.centroid.x, g.centroid.y] for g in shapes.values()])
    expected = libpysal.weights.DistanceBand(points, threshold=distance, binary=True, ids=ids,
                                             silence_warnings=True)
    ours = spatial_weights(layer, ids, BAND, distance=distance)
    assert ours.as_lists() == pysal_lists(expected, ids)
    assert len(ours.islands) == len(expected.islands)


def test_a_subset_in_another_order_gets_its_own_positions(layer, shapes):
    ids = list(shapes)[::-3]
    expected = libpysal.weights.Queen.from_iterable([shapes[i] for i in ids], ids=ids)
    assert spatial_weights(layer, ids, QUEEN).as_lists() == pysal_lists(expected, ids)


def lattice_layer(rows, cols, gap=0.0):
    """Unit squares in a grid; with a gap, every square is moved right by gap x its column."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:25833", "grid", "memory")
    features = []
    for r in range(rows):
        for c in range(cols):
            x, y = c + c * gap, r
            feature = QgsFeature()
            feature.setGeometry(QgsGeometry.fromWkt(
                f"POLYGON(({x} {y}, {x + 1} {y}, {x + 1} {y + 1}, {x} {y + 1}, {x} {y}))"))
            features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


@pytest.mark.usefixtures("qgis_app")
def test_lattice_queen_has_eight_and_rook_four_neighbours_inside():
    layer = lattice_layer(5, 6)
    ids = [f.id() for f in layer.getFeatures()]
    queen = spatial_weights(layer, ids, QUEEN)
    rook = spatial_weights(layer, ids, ROOK)
    expected_queen = libpysal.weights.lat2W(5, 6, rook=False)
    expected_rook = libpysal.weights.lat2W(5, 6, rook=True)
    assert queen.as_lists() == [sorted(expected_queen.neighbors[i]) for i in range(30)]
    assert rook.as_lists() == [sorted(expected_rook.neighbors[i]) for i in range(30)]


@pytest.mark.usefixtures("qgis_app")
def test_tolerance_joins_vertices_a_little_apart():
    layer = lattice_layer(3, 3, gap=0.004)  # columns 4 mm apart, rows touching
    ids = [f.id() for f in layer.getFeatures()]
    column_only = [sorted(j for j in (i - 3, i + 3) if 0 <= j < 9) for i in range(9)]
    assert spatial_weights(layer, ids, QUEEN).as_lists() == column_only
    assert spatial_weights(layer, ids, ROOK, tolerance=0.003).as_lists() == column_only
    queen = libpysal.weights.lat2W(3, 3, rook=False)
    rook = libpysal.weights.lat2W(3, 3, rook=True)
    assert spatial_weights(layer, ids, QUEEN, tolerance=0.005).as_lists() == [sorted(queen.neighbors[i])
                                                                              for i in range(9)]
    assert spatial_weights(layer, ids, ROOK, tolerance=0.005).as_lists() == [sorted(rook.neighbors[i])
                                                                             for i in range(9)]
