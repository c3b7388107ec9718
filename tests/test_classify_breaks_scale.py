"""Exact natural breaks on large inputs: the optimum (minimum within-class sum of squares) equals that of
ckwrap (Ckmeans.1d.dp, C++, dynamic programming) to 1e-9, on continuous, tied, rounded and clustered values,
sizes that make the row-minima step work in several runs a level; and brute force on small tied inputs."""
import itertools

import numpy as np
import pytest

from sozialraum_monitor.core.classify import classify

ckwrap = pytest.importorskip("ckwrap", reason="ckwrap (requirements-dev.txt) is the oracle of these tests")


def sse(values, upper_bounds):
    data = np.sort(np.asarray(values, dtype=float))
    edges = np.searchsorted(data, np.asarray(upper_bounds, dtype=float), side="right")
    edges[-1] = data.size
    total = 0.0
    for first, last in zip(np.concatenate([[0], edges[:-1]]), edges):
        part = data[first:last]
        if part.size:
            total += float(((part - part.mean()) ** 2).sum())
    return total


def ckwrap_sse(values, k):
    result = ckwrap.ckmeans(np.asarray(values, dtype=float), k)
    return sum(float(((values[result.labels == c] - values[result.labels == c].mean()) ** 2).sum())
               for c in range(k) if (result.labels == c).any())


CASES = [
    ("lognormal", 120_000, 5), ("lognormal", 250_000, 7), ("rounded", 150_000, 5), ("integers", 100_000, 6),
    ("two_clusters", 90_000, 4), ("heavy_tail", 200_000, 3),
]


@pytest.mark.parametrize("kind,n,k", CASES)
def test_natural_breaks_reach_the_ckmeans_optimum_on_large_inputs(kind, n, k):
    rng = np.random.default_rng(n + k)
    values = {"lognormal": lambda: rng.lognormal(2.0, 0.7, n),
              "rounded": lambda: np.round(rng.lognormal(2.0, 0.7, n), 1),
              "integers": lambda: rng.integers(0, 400, n).astype(float),
              "two_clusters": lambda: np.concatenate([rng.normal(0, 1, n // 3), rng.normal(8, 0.2, n - n // 3)]),
              "heavy_tail": lambda: rng.pareto(1.5, n)}[kind]()
    result = classify(values, "jenks", k)
    assert len(result.breaks) == k
    assert sse(values, result.breaks) == pytest.approx(ckwrap_sse(values, k), rel=1e-9, abs=1e-9)


def brute_force_sse(values, k):
    data = np.sort(values)
    best = np.inf
    for cuts in itertools.combinations(range(1, data.size), k - 1):
        parts = np.split(data, cuts)
        best = min(best, sum(float(((p - p.mean()) ** 2).sum()) for p in parts))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_natural_breaks_reach_the_brute_force_optimum_with_ties(seed):
    rng = np.random.default_rng(1000 + seed)
    values = rng.integers(0, 6, int(rng.integers(8, 13))).astype(float) * rng.choice([1.0, 0.5, 2.5])
    k = int(rng.integers(2, 5))
    if np.unique(values).size < k:
        k = np.unique(values).size
    result = classify(values, "jenks", k)
    assert sse(values, result.breaks) == pytest.approx(brute_force_sse(values, k), rel=1e-9, abs=1e-9)
