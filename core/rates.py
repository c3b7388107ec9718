"""Rates from counts, and aggregation to parent units with rates recomputed from summed counts.

A rate is never averaged: the parent's rate is sum(numerator) / sum(denominator) * multiplier.
Indicators without counts in the catalogue can only be approximated by a weighted mean (weight e.g.
the population), and the result says so per column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .catalogue import Catalogue

SUM = "Summe"
FROM_COUNTS = "aus Summen der Zähler und Nenner berechnet"
WEIGHTED = "gewichtetes Mittel (Näherung)"
NOT_AGGREGABLE = "nicht aggregierbar (keine Zählwerte)"


@dataclass(frozen=True)
class Aggregation:
    values: pd.DataFrame             # index: parent key, columns: the aggregated fields
    methods: dict = field(default_factory=dict)   # column -> one of SUM / FROM_COUNTS / WEIGHTED / NOT_AGGREGABLE
    members: pd.Series = None        # parent key -> number of areas


def rate(numerator: pd.Series, denominator: pd.Series, multiplier: float = 1.0) -> pd.Series:
    """numerator / denominator * multiplier, NaN where the denominator is 0 or missing."""
    numerator = pd.to_numeric(numerator, errors="coerce").astype(float)
    denominator = pd.to_numeric(denominator, errors="coerce").astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = numerator / denominator.where(denominator != 0) * multiplier
    return result


def derive_rates(frame: pd.DataFrame, catalogue: Catalogue) -> tuple:
    """A copy of `frame` with every catalogue rate computed from its counts (where both count fields exist).

    Returns (frame, reasons) where reasons maps column -> Series of reasons for NaN results
    ("Nenner 0", "Zähler fehlt", "Nenner fehlt").
    """
    result = frame.copy()
    reasons = {}
    for indicator in catalogue:
        if not indicator.is_rate:
            continue
        if indicator.numerator not in frame.columns or indicator.denominator not in frame.columns:
            continue
        num = pd.to_numeric(frame[indicator.numerator], errors="coerce")
        den = pd.to_numeric(frame[indicator.denominator], errors="coerce")
        result[indicator.id] = rate(num, den, indicator.multiplier)
        why = pd.Series(None, index=frame.index, dtype=object)
        why[num.isna()] = "Zähler fehlt"
        why[den.isna()] = "Nenner fehlt"
        why[den == 0] = "Nenner 0"
        reasons[indicator.id] = why
    return result, reasons


def parents_from_prefix(keys: pd.Series, length: int) -> pd.Series:
    """Parent keys as the first `length` characters of the area keys (Berlin: 2 = district, 6 = region)."""
    return pd.Series(keys, dtype=object).astype(str).str.slice(0, length)


def aggregate(frame: pd.DataFrame, catalogue: Catalogue, parent: pd.Series | str, columns: list | None = None,
              extra_counts: list | tuple = (), weight: str | None = None) -> Aggregation:
    """Aggregate areas to parent units.

    frame: one row per area. parent: a column name of frame or a Series aligned with frame (e.g.
    parents_from_prefix). columns: the fields to aggregate (default: all numeric). extra_counts: further
    count fields summed (e.g. population). weight: a field used for the weighted mean of indicators
    without counts (omit to mark them NOT_AGGREGABLE).
    """
    groups = frame[parent] if isinstance(parent, str) else pd.Series(parent, index=frame.index)
    groups = groups.astype(object).where(groups.notna(), None)
    columns = list(columns if columns is not None else frame.select_dtypes("number").columns)
    counts = set(catalogue.count_fields(extra_counts))
    sums_needed = sorted((counts | {c for c in columns if c in counts}) & set(frame.columns))
    needed = [c for c in dict.fromkeys(columns + sums_needed + [weight]) if c in frame.columns]
    numeric = frame[needed].apply(pd.to_numeric, errors="coerce")
    sums = numeric[sums_needed].groupby(groups.to_numpy(), sort=True).sum(min_count=1) if sums_needed else None
    members = groups.groupby(groups.to_numpy(), sort=True).size()
    out, methods = {}, {}
    for column in columns:
        indicator = catalogue.get(column)
        if column in counts:
            out[column] = sums[column]
            methods[column] = SUM
        elif (indicator is not None and indicator.is_rate and indicator.numerator in frame.columns
              and indicator.denominator in frame.columns):
            out[column] = rate(sums[indicator.numerator], sums[indicator.denominator], indicator.multiplier)
            methods[column] = FROM_COUNTS
        elif weight is not None and weight in frame.columns:
            values = numeric[column]
            w = numeric[weight].where(values.notna())
            weighted = (values * w).groupby(groups.to_numpy(), sort=True).sum(min_count=1)
            total = w.groupby(groups.to_numpy(), sort=True).sum(min_count=1)
            out[column] = weighted / total.where(total != 0)
            methods[column] = WEIGHTED
        else:
            out[column] = pd.Series(np.nan, index=members.index)
            methods[column] = NOT_AGGREGABLE
    out = pd.DataFrame(out, index=members.index, columns=columns)
    out.index.name = parent if isinstance(parent, str) else "parent"
    return Aggregation(out, methods, members)


def aggregate_region(frame: pd.DataFrame, catalogue: Catalogue, columns: list | None = None,
                     extra_counts: list | tuple = (), weight: str | None = None, name: str = "Gesamt") -> Aggregation:
    """The whole region as one parent unit (one row, index `name`)."""
    whole = pd.Series(name, index=frame.index, dtype=object)
    return aggregate(frame, catalogue, whole, columns, extra_counts, weight)
