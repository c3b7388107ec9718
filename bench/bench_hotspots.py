"""Spatial clusters for 10,000 areas x 999 permutations: global Moran's I, LISA and Gi* with conditional
permutation p-values, beside PySAL esda (Moran, Moran_Local, G_Local with star) on the same weights, values and
seed.

QGIS has no such tool; the anchor is esda (test venv, requirements-dev.txt; without it the figure is ours alone,
with a note). The areas are a 100 x 100 lattice with queen contiguity (libpysal lat2W, turned into our
neighbour lists beforehand, not timed). esda runs on one core (n_jobs=1) and, in this venv, without numba (its
optional accelerator), i.e. its pure NumPy path - the one whose random draws ours reproduce. The p-values are
checked to be equal before the times are reported.
"""
import warnings

import numpy as np
import pandas as pd
from run import timed

from sozialraum_monitor.core.hotspots import find_hotspots, neighbours_from_lists

SIDE, PERMUTATIONS, SEED = 100, 999, 12345


def values():
    rng = np.random.default_rng(4)
    rows, cols = np.divmod(np.arange(SIDE * SIDE), SIDE)
    return rng.gamma(2.0, size=SIDE * SIDE) + np.sin(rows / 15.0) + np.cos(cols / 11.0)


def lattice_neighbours():
    lists = []
    for i in range(SIDE * SIDE):
        r, c = divmod(i, SIDE)
        lists.append(sorted((r + dr) * SIDE + c + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                            if (dr or dc) and 0 <= r + dr < SIDE and 0 <= c + dc < SIDE))
    return neighbours_from_lists(lists)


def run_esda(esda, y, w):
    np.random.seed(SEED)
    moran = esda.Moran(y, w, permutations=PERMUTATIONS)
    local = esda.Moran_Local(y, w, permutations=PERMUTATIONS, seed=SEED, n_jobs=1)
    gi = esda.G_Local(y, w, transform="B", star=True, permutations=PERMUTATIONS, seed=SEED, n_jobs=1)
    return moran, local, gi


def run(report):
    y = values()
    neighbours = lattice_neighbours()
    ours_s, ours = timed(find_hotspots, pd.Series(y), neighbours, PERMUTATIONS, SEED, repeat=2)
    name = "hotspots: Moran + LISA + Gi*, 10.000 areas x 999 permutations"
    try:
        import esda
        from libpysal.weights import lat2W
    except ImportError:
        report(name, ours_s, None, "esda not installed (pip install -r requirements-dev.txt)")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = lat2W(SIDE, SIDE, rook=False)
        esda_s, (moran, local, gi) = timed(run_esda, esda, y, w)
    assert ours.moran.p_sim == moran.p_sim
    assert np.array_equal(ours.table["lisa_p"].to_numpy(), local.p_sim)
    assert np.array_equal(ours.table["gi_p"].to_numpy(), gi.p_sim)
    report(name, ours_s, esda_s, "esda (1 core, no numba) as anchor; equal p-values")
