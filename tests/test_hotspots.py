"""core.hotspots against PySAL: esda's Moran, Moran_Local, G_Local(star=True) and fdr, with libpysal weights
(queen and rook lattices, k nearest neighbours, distance band, the sample's queen contiguity) on the same data
and the same seed. Pure core: no QGIS needed (the sample is read with sqlite3 and shapely)."""
import doctest
import sqlite3
import warnings

import esda
import libpysal
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.weights import KNN, DistanceBand, lat2W, w_subset

from conftest import SAMPLE
from sozialraum_monitor.core import hotspots
from sozialraum_monitor.core.errors import HotspotError
from sozialraum_monitor.core.hotspots import (
    ISLAND,
    NOT_SIGNIFICANT,
    fdr_bound,
    find_hotspots,
    global_moran,
    local_statistics,
    neighbours_from_lists,
)

warnings.filterwarnings("ignore", module="esda")
warnings.filterwarnings("ignore", module="libpysal")
QUADRANT = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


def to_neighbours(w):
    """Our neighbour lists from a libpysal W (positions in its id_order)."""
    position = {area: i for i, area in enumerate(w.id_order)}
    return neighbours_from_lists([[position[j] for j in w.neighbors[area]] for area in w.id_order])


def gpkg_geometry(blob):
    """A GeoPackage geometry blob -> shapely (header 'GP', flags, srs id, envelope, then WKB)."""
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return shapely.from_wkb(bytes(blob[8 + envelope:]))


@pytest.fixture(scope="module")
def sample():
    with sqlite3.connect(f"{SAMPLE}/berlin_mss2019.gpkg") as connection:
        frame = pd.read_sql("SELECT * FROM sozialraeume ORDER BY fid", connection)
    frame["geometry"] = [gpkg_geometry(b) for b in frame.pop("geom")]
    return frame


@pytest.fixture(scope="module")
def sample_queen(sample):
    return libpysal.weights.Queen.from_iterable(sample["geometry"].tolist())


def skewed_values(n, seed):
    """Continuous values with a spatial trend (no ties)."""
    rng = np.random.default_rng(seed)
    return rng.gamma(2.0, size=n) + np.linspace(0, 3, n)


def weights_cases():
    rng = np.random.default_rng(11)
    points = rng.uniform(0, 10, size=(250, 2))
    points[[17, 90]] = [[30.0, 30.0], [-20.0, 5.0]]  # two areas far away: islands in the distance band
    return {
        "queen lattice": lat2W(18, 14, rook=False),
        "rook lattice": lat2W(18, 14, rook=True),
        "knn 5": KNN(points, k=5),
        "distance band": DistanceBand(points, threshold=1.2, binary=True, silence_warnings=True),
    }


CASES = weights_cases()


def test_doctests_of_hotspots_pass():
    failures, attempted = doctest.testmod(hotspots)
    assert attempted > 0 and failures == 0


@pytest.mark.parametrize("name", CASES)
def test_global_moran_equals_esda_with_the_same_seed(name):
    w = CASES[name]
    y = skewed_values(w.n, 1)
    np.random.seed(2024)
    expected = esda.Moran(y, w, permutations=999)
    ours = global_moran(y, to_neighbours(w), permutations=999, seed=2024)
    assert pytest.approx(expected.I, rel=1e-12) == ours.I
    assert ours.expected == pytest.approx(expected.EI, rel=1e-12)
    for attribute in ("z_norm", "p_norm", "z_rand", "p_rand"):
        assert getattr(ours, attribute) == pytest.approx(getattr(expected, attribute), rel=1e-9, abs=1e-15)
    assert ours.p_sim == expected.p_sim
    assert ours.mean_sim == pytest.approx(expected.EI_sim, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_local_moran_equals_esda_moran_local_with_the_same_seed(name):
    w = CASES[name]
    y = skewed_values(w.n, 2)
    expected = esda.Moran_Local(y, w, permutations=999, seed=99, n_jobs=1)
    ours = local_statistics(y, to_neighbours(w), permutations=999, seed=99)
    linked = np.array([w.cardinalities[i] > 0 for i in w.id_order])
    np.testing.assert_allclose(ours["local_i"][linked], expected.Is[linked], rtol=1e-10, atol=1e-14)
    assert ours["quadrant"][linked].tolist() == [QUADRANT[q] for q in expected.q[linked]]
    np.testing.assert_array_equal(ours["lisa_p"][linked], expected.p_sim[linked])


@pytest.mark.parametrize("name", CASES)
def test_gi_star_equals_esda_g_local_star_with_binary_weights(name):
    w = CASES[name]
    y = skewed_values(w.n, 3)
    expected = esda.G_Local(y, w, transform="B", star=True, permutations=999, seed=7, n_jobs=1)
    ours = local_statistics(y, to_neighbours(w), permutations=999, seed=7)
    linked = np.array([w.cardinalities[i] > 0 for i in w.id_order])
    np.testing.assert_allclose(ours["gi"][linked], expected.Gs[linked], rtol=1e-12)
    np.testing.assert_allclose(ours["gi_z"][linked], expected.Zs[linked], rtol=1e-9)
    # compared in the oracle's precision: newer esda (2.9) keeps G_Local's p_sim as float32
    np.testing.assert_array_equal(ours["gi_p"][linked].astype(expected.p_sim.dtype), expected.p_sim[linked])


def test_gi_star_z_is_the_textbook_formula_with_row_standardised_weights():
    """Ord & Getis (1995): z = (sum w x - mean W) / (s sqrt((n S1 - W^2) / (n - 1))); the same with weights
    1 / (k + 1) as with binary weights (esda's 'R' variant divides by a variance that ignores S1)."""
    w = CASES["knn 5"]
    y = skewed_values(w.n, 4)
    n, mean, s = len(y), y.mean(), y.std()
    expected = []
    for i, area in enumerate(w.id_order):
        members = [i] + [w.id_order.index(j) for j in w.neighbors[area]]
        weight = 1.0 / len(members)
        total, big_w, s1 = weight * y[members].sum(), 1.0, len(members) * weight ** 2
        expected.append((total - mean * big_w) / (s * np.sqrt((n * s1 - big_w ** 2) / (n - 1))))
    ours = local_statistics(y, to_neighbours(w), permutations=0)
    np.testing.assert_allclose(ours["gi_z"], expected, rtol=1e-10)


def test_weight_sums_equal_libpysal_for_asymmetric_knn():
    w = KNN(np.random.default_rng(4).uniform(size=(120, 2)), k=4)
    ours = to_neighbours(w)
    assert not ours.is_symmetric()
    w.transform = "r"
    np.testing.assert_allclose(hotspots._weight_sums(ours), (w.s0, w.s1, w.s2), rtol=1e-12)


@pytest.mark.parametrize("fdr", [False, True])
def test_cluster_classes_equal_esda_cluster_labels(fdr):
    w = CASES["queen lattice"]
    y = skewed_values(w.n, 5)
    local = esda.Moran_Local(y, w, permutations=999, seed=3, n_jobs=1)
    gi = esda.G_Local(y, w, transform="B", star=True, permutations=999, seed=3, n_jobs=1)
    bound = esda.fdr(local.p_sim, 0.05) if fdr else 0.05
    labels = local.get_cluster_labels(bound)
    names = {"High-High": "HH", "Low-Low": "LL", "High-Low": "HL", "Low-High": "LH",
             "Insignificant": NOT_SIGNIFICANT}
    result = find_hotspots(pd.Series(y), to_neighbours(w), permutations=999, seed=3, fdr=fdr)
    assert result.lisa_bound == pytest.approx(bound)
    assert result.table["lisa_cluster"].tolist() == [names[label] for label in labels]
    gi_bound = esda.fdr(gi.p_sim, 0.05) if fdr else 0.05
    hot = np.where(gi.p_sim < gi_bound, np.where(gi.Zs > 0, "hot", "cold"), NOT_SIGNIFICANT)
    assert result.table["gi_cluster"].tolist() == hot.tolist()
    assert (result.table["lisa_cluster"] != NOT_SIGNIFICANT).any()


def test_fdr_bound_equals_esda_fdr():
    rng = np.random.default_rng(6)
    for _ in range(50):
        p = np.round(rng.beta(0.4, 3, size=rng.integers(5, 300)), 3)
        for alpha in (0.01, 0.05, 0.1):
            assert fdr_bound(p, alpha) == pytest.approx(esda.fdr(p, alpha), rel=1e-12)


def test_islands_are_reported_and_get_no_local_statistic():
    w = CASES["distance band"]
    assert w.islands
    y = skewed_values(w.n, 8)
    result = find_hotspots(pd.Series(y), to_neighbours(w), permutations=999, seed=1)
    islands = [w.id_order.index(i) for i in w.islands]
    assert sorted(result.islands) == sorted(islands)
    table = result.table.iloc[islands]
    assert (table["lisa_cluster"] == ISLAND).all() and (table["gi_cluster"] == ISLAND).all()
    assert table[["local_i", "lisa_p", "gi_z", "gi_p"]].isna().all().all()
    assert (table["reason"] == "keine Nachbarn mit Wert").all()
    np.random.seed(1)
    assert pytest.approx(esda.Moran(y, w, permutations=0).I, rel=1e-12) == result.moran.I


def assert_equal_but_for_exact_ties(ours, expected, values, nb, seed, scale=1, permutations=999, only=None):
    """Pseudo p-values equal, except where one of esda's seeded draws gives a neighbour sum exactly equal to
    the observed one: we count such a tie as 'at least as extreme' (the definition of the pseudo p-value),
    esda compares floating-point products whose rounding decides ties by chance. The ties are recomputed
    here in integer arithmetic (values x scale are whole numbers) from esda's draws. `only`: the areas
    (positions in values) that ours and expected hold, when not all."""
    exact = np.round(np.asarray(values) * scale).astype(np.int64)
    np.testing.assert_allclose(exact / scale, values, rtol=0, atol=1e-9)
    areas = np.arange(len(values)) if only is None else np.asarray(only)
    expected = np.asarray(expected)
    ours = np.asarray(ours, dtype=expected.dtype)     # the oracle's precision (newer esda: float32 for G_Local)
    differs = np.flatnonzero(ours != expected)
    assert len(differs) <= 0.02 * len(values)
    np.random.seed(seed)
    draws = np.array([np.random.choice(len(values) - 1, nb.cardinalities.max(), replace=False)
                      for _ in range(permutations)])
    for position in differs:
        i = areas[position]
        k = nb.cardinalities[i]
        chosen = draws[:, :k] + (draws[:, :k] >= i)
        ties = int((exact[chosen].sum(axis=1) == exact[nb.as_lists()[i]].sum()).sum())
        assert ties > 0, i
        assert abs(ours[position] - expected[position]) <= ties / (permutations + 1) + np.finfo(expected.dtype).eps


def test_missing_and_suppressed_values_take_no_part_with_their_links(sample, sample_queen):
    values = sample["k03_old_age_poverty"].copy()
    values.iloc[[10, 200]] = np.nan
    suppressed = pd.Series(None, index=values.index, dtype=object)
    suppressed.iloc[200] = "unterdrückt: Fallzahl unter 3"
    result = find_hotspots(values, to_neighbours(sample_queen), permutations=999, seed=5, suppressed=suppressed)
    keep = values.notna().to_numpy()
    subset = w_subset(sample_queen, [a for a, k in zip(sample_queen.id_order, keep) if k])
    expected = esda.Moran_Local(values[keep].to_numpy(), subset, permutations=999, seed=5, n_jobs=1)
    np.testing.assert_allclose(result.table["local_i"][keep], expected.Is, rtol=1e-10)
    assert_equal_but_for_exact_ties(result.table["lisa_p"][keep].to_numpy(), expected.p_sim,
                                    values[keep].to_numpy(), to_neighbours(subset), seed=5, scale=100_000)
    assert result.table["lisa_cluster"][~keep].isna().all()
    assert result.table["reason"].iloc[200] == "unterdrückt: Fallzahl unter 3"
    assert result.table["reason"].iloc[10] == "Wert fehlt"
    assert result.excluded == int((~keep).sum())


@pytest.mark.parametrize("column, scale", [("inhabitants", 1), ("s1_percentage_unemployed", 100_000),
                                           ("k08_urban_apartments", 100_000)])
def test_on_the_sample_lisa_and_gi_p_values_equal_esda_but_for_exact_ties(sample, sample_queen, column, scale):
    y = sample[column]
    keep = y.notna().to_numpy()
    values = y[keep].to_numpy()
    subset = w_subset(sample_queen, [a for a, k in zip(sample_queen.id_order, keep) if k])
    nb = to_neighbours(subset)
    ours = local_statistics(values, nb, permutations=999, seed=5)
    lisa = esda.Moran_Local(values, subset, permutations=999, seed=5, n_jobs=1)
    gi = esda.G_Local(values, subset, transform="B", star=True, permutations=999, seed=5, n_jobs=1)
    assert_equal_but_for_exact_ties(ours["lisa_p"].to_numpy(), lisa.p_sim, values, nb, 5, scale)
    assert_equal_but_for_exact_ties(ours["gi_p"].to_numpy(), gi.p_sim, values, nb, 5, scale)
    np.testing.assert_allclose(ours["gi_z"], gi.Zs, rtol=1e-9)


def test_same_seed_same_result_other_seed_other_draws(sample, sample_queen):
    values = sample["s1_percentage_unemployed"].fillna(sample["s1_percentage_unemployed"].mean())
    nb = to_neighbours(sample_queen)
    first = find_hotspots(values, nb, seed=1)
    pd.testing.assert_frame_equal(first.table, find_hotspots(values, nb, seed=1).table)
    other = find_hotspots(values, nb, seed=2)
    assert not np.array_equal(first.table["lisa_p"], other.table["lisa_p"])
    np.testing.assert_array_equal(first.table["local_i"], other.table["local_i"])


def test_input_values_are_not_changed(sample, sample_queen):
    values = sample["k03_old_age_poverty"].copy()
    before = values.copy()
    find_hotspots(values, to_neighbours(sample_queen), permutations=99)
    pd.testing.assert_series_equal(values, before)


@pytest.mark.parametrize("kwargs, message", [
    ({"permutations": 50}, "99 bis 99999"),
    ({"seed": -1}, "Startwert"),
    ({"alpha": 1.5}, "zwischen 0 und 1"),
])
def test_unusable_parameters_are_refused_in_german(kwargs, message):
    nb = neighbours_from_lists([[1], [0, 2], [1, 3], [2, 4], [3]])
    with pytest.raises(HotspotError, match=message):
        find_hotspots(pd.Series([1.0, 2, 3, 4, 5]), nb, **kwargs)


def test_unusable_data_is_refused_in_german():
    nb = neighbours_from_lists([[1], [0, 2], [1, 3], [2, 4], [3]])
    with pytest.raises(HotspotError, match="überall denselben Wert"):
        find_hotspots(pd.Series([2.0] * 5), nb)
    with pytest.raises(HotspotError, match="mindestens fünf"):
        find_hotspots(pd.Series([1.0, np.nan, 3, 4, np.nan]), nb)
    with pytest.raises(HotspotError, match="keinen Nachbarn mit Wert|Nachbarn mit Wert"):
        find_hotspots(pd.Series(range(6), dtype=float), neighbours_from_lists([[]] * 6))
    with pytest.raises(HotspotError, match="eigener Nachbar"):
        neighbours_from_lists([[0]])
