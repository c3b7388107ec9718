"""Supply analysis (places inside, 2SFCA, Gaussian E2SFCA, nearest facility) for 10,000 social spaces x
2,000 facilities, beside PySAL `access` (2SFCA + E2SFCA) on the same inputs.

QGIS has no floating-catchment tool, so the anchor is PySAL access (installed in the test venv from
requirements-dev.txt; without it the figure is ours alone, with a note). Ours starts from coordinates
and computes all 20M straight-line distances in blocks; access is handed the pairs within the
catchment, computed beforehand and not timed (its cost table is its input). Results are checked to be
equal (1e-9) before the times are reported.
"""
import numpy as np
import pandas as pd
from run import timed

from sozialraum_monitor.core.supply import SupplySettings, analyse_supply

AREAS, FACILITIES, CATCHMENT, SIGMA = 10_000, 2_000, 1_500.0, 750.0


def inputs():
    rng = np.random.default_rng(15)
    xy = rng.uniform(0, 40_000, (AREAS, 2))
    areas = pd.DataFrame({"target": np.round(rng.lognormal(5.5, 0.8, AREAS)), "x": xy[:, 0], "y": xy[:, 1]},
                         index=pd.Index([f"A{i:05d}" for i in range(AREAS)], name="geoid"))
    fxy = rng.uniform(0, 40_000, (FACILITIES, 2))
    facilities = pd.DataFrame({"capacity": rng.integers(10, 40, FACILITIES).astype(float), "x": fxy[:, 0],
                               "y": fxy[:, 1], "area": None},
                              index=pd.Index([f"F{i:04d}" for i in range(FACILITIES)], name="geoid"))
    return areas, facilities


def pairs_within(areas, facilities):
    """origin/dest/cost of all pairs within the catchment (row blocks, so memory stays small)."""
    parts = []
    fxy = facilities[["x", "y"]].to_numpy()
    axy = areas[["x", "y"]].to_numpy()
    for start in range(0, len(axy), 1000):
        block = axy[start:start + 1000]
        d = np.hypot(block[:, None, 0] - fxy[None, :, 0], block[:, None, 1] - fxy[None, :, 1])
        i, j = np.nonzero(d <= CATCHMENT)
        parts.append(pd.DataFrame({"origin": areas.index[start + i], "dest": facilities.index[j], "cost": d[i, j]}))
    return pd.concat(parts, ignore_index=True)


def run_access(access, areas, facilities, pairs):
    model = access.Access(demand_df=areas[["target"]], demand_value="target",
                          supply_df=facilities[["capacity"]], supply_value="capacity",
                          cost_df=pairs, cost_origin="origin", cost_dest="dest", cost_name="cost")
    plain = model.two_stage_fca(name="p", max_cost=CATCHMENT)["p_capacity"]
    enhanced = model.enhanced_two_stage_fca(name="e", max_cost=CATCHMENT,
                                            weight_fn=access.weights.gaussian(SIGMA))["e_capacity"]
    return plain, enhanced


def run(report):
    areas, facilities = inputs()
    settings = SupplySettings(catchment=CATCHMENT, decay="gaussian", sigma=SIGMA)
    ours_s, ours = timed(analyse_supply, areas, facilities, settings, repeat=2)
    name = "supply: 2SFCA + E2SFCA, 10.000 areas x 2.000 facilities"
    try:
        import access
    except ImportError:
        report(name, ours_s, None, "anchor skipped: PySAL access not installed (requirements-dev.txt)")
        return
    pairs = pairs_within(areas, facilities)
    access_s, (plain, enhanced) = timed(run_access, access, areas, facilities, pairs, repeat=1)
    for column, expected in (("fca2_1k", plain), ("e2fca_1k", enhanced)):
        np.testing.assert_allclose(ours.table[column].to_numpy() / 1000,
                                   expected.reindex(areas.index).fillna(0).to_numpy(), rtol=1e-9, atol=1e-12)
    report(name, ours_s, access_s,
           f"anchor: PySAL access on {len(pairs):,} precomputed pairs (untimed); results equal to 1e-9")
