"""Road distances through QGIS's own network analysis (qgis.analysis): graph from a line layer, Dijkstra from
every facility.

Distance of a social space i to a facility j = distance from i's point to the nearest point of the network
+ shortest path on the network between the two tie points + distance from j's tie point to j's point (the
way from the door to the road counts). Lines are two-way; edge lengths are planar in the social-space
layer's CRS (metres), as the straight-line distances. Unreachable pairs (separate parts of the network)
are NaN.
"""
import numpy as np
from qgis.analysis import QgsGraphAnalyzer, QgsGraphBuilder, QgsNetworkDistanceStrategy, QgsVectorLayerDirector
from qgis.core import QgsPointXY

from ..core.errors import SupplyError


def road_distances(roads, crs, area_xy, facility_xy, feedback=None, tolerance=0.0):
    """Matrix (areas x facilities) of road distances, NaN where no path exists."""
    director = QgsVectorLayerDirector(roads, -1, "", "", "", QgsVectorLayerDirector.Direction.DirectionBoth)
    director.addStrategy(QgsNetworkDistanceStrategy())
    builder = QgsGraphBuilder(crs, True, tolerance, "NONE")
    points = [QgsPointXY(float(x), float(y)) for x, y in np.vstack([area_xy, facility_xy])]
    tied = director.makeGraph(builder, points)
    graph = builder.graph()
    if graph.vertexCount() == 0:
        raise SupplyError("Der Straßen-Layer ergibt kein Netz (keine Linien): einen Linien-Layer mit Straßen "
                          "wählen oder das Feld leer lassen (dann Luftlinie).")
    vertex = np.array([graph.findVertex(p) for p in tied])
    connector = np.hypot(np.array([p.x() for p in tied]) - np.vstack([area_xy, facility_xy])[:, 0],
                         np.array([p.y() for p in tied]) - np.vstack([area_xy, facility_xy])[:, 1])
    n = len(area_xy)
    matrix = np.full((n, len(facility_xy)), np.nan)
    for j in range(len(facility_xy)):
        if feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * j / max(len(facility_xy), 1))
        start = vertex[n + j]
        if start < 0:
            continue
        tree, cost = QgsGraphAnalyzer.dijkstra(graph, int(start), 0)
        cost = np.asarray(cost, dtype=float)
        reached = np.asarray(tree)[vertex[:n]] != -1
        reached |= vertex[:n] == start
        along = np.where(reached, cost[vertex[:n]], np.nan)
        matrix[:, j] = connector[:n] + along + connector[n + j]
    return matrix
