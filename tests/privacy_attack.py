"""The attacker of a published table, as a test oracle (no code of the plugin): for each hidden cell the smallest
and largest value it can have, given every published cell, the sums the output implies and counts >= 0 — the
audit τ-ARGUS and sdcTable run after secondary suppression, solved with scipy's linear programming.

`groups`: {total cell name: [part cell names]} written out by the test from its own data (a parent is the sum
of its areas, the region the sum of all areas); `published`: {cell name: value or None (hidden)}.
"""
import math

import numpy as np
from scipy.optimize import linprog


def intervals(groups, published):
    """{hidden cell: (lowest, highest)} the published cells allow."""
    hidden = [c for c, v in published.items() if v is None or (isinstance(v, float) and math.isnan(v))]
    if not hidden:
        return {}
    column = {c: i for i, c in enumerate(hidden)}
    rows, rhs = [], []
    for total, parts in groups.items():
        row = np.zeros(len(hidden))
        constant = 0.0
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in column:
                row[column[cell]] += sign
            else:
                constant -= sign * float(published[cell])
        if row.any():
            rows.append(row)
            rhs.append(constant)
        else:
            assert abs(constant) < 1e-6, f"published cells contradict the sum of {total}"
    result = {}
    for cell, i in column.items():
        bounds = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(hidden))
            objective[i] = sense
            solved = linprog(objective, A_eq=np.array(rows) if rows else None, b_eq=np.array(rhs) if rows else None,
                             bounds=[(0, None)] * len(hidden), method="highs")
            if solved.status == 3:          # unbounded
                bounds.append(math.inf if sense < 0 else 0.0)
            else:
                assert solved.status == 0, solved.message
                bounds.append(sense * solved.fun)
        result[cell] = (bounds[0], bounds[1])
    return result


def recovered(groups, published, true_values, min_count):
    """Hidden cells an attacker pins down: exactly (lowest == highest), or as a small count (a cell hidden with a
    true value in 1..min_count-1 whose highest possible value is below min_count). Empty when the table is safe."""
    found = {}
    for cell, (low, high) in intervals(groups, published).items():
        if high - low < 1e-6:
            found[cell] = f"exakt {low:g}"
        elif 0 < true_values[cell] < min_count and high < min_count - 1e-6:
            found[cell] = f"höchstens {high:g}"
    return found
