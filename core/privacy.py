"""Suppression of small counts (Geheimhaltung), applied wherever values are shown or exported.

Rule: a count between 1 and min_count-1 is hidden, and so is every rate whose numerator or
denominator is such a count. Areas below min_population residents show no values at all.
Zero is not suppressed (it discloses nothing about a person). Suppressed values become NaN and
keep a reason, so maps, profiles and reports can show them as "unterdrückt" rather than as 0.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

SETTINGS_MIN_COUNT = "sozialraum_monitor/min_count"
SETTINGS_MIN_POPULATION = "sozialraum_monitor/min_population"
DEFAULT_MIN_COUNT = 3


@dataclass(frozen=True)
class SuppressionRule:
    min_count: int = DEFAULT_MIN_COUNT
    min_population: float = 0
    population_field: str = ""

    def count_reason(self):
        return f"unterdrückt: Fallzahl unter {self.min_count}"

    def population_reason(self):
        return f"unterdrückt: weniger als {self.min_population:g} Einwohner"


def small(values, min_count):
    """Boolean mask of counts that must be hidden: 0 < value < min_count."""
    values = pd.to_numeric(values, errors="coerce")
    return (values > 0) & (values < min_count)


def suppression_mask(frame, catalogue, rule, columns=None):
    """DataFrame of reasons (None = shown) for `columns` (default: all numeric columns) of `frame`."""
    columns = list(columns if columns is not None else frame.select_dtypes("number").columns)
    reasons = pd.DataFrame({c: pd.Series([None] * len(frame), index=frame.index, dtype=object) for c in columns},
                           columns=columns)
    count_fields = {f for i in catalogue for f in (i.numerator, i.denominator) if f}
    if rule.min_count and rule.min_count > 1:
        for column in columns:
            indicator = catalogue.get(column)
            hide = pd.Series(False, index=frame.index)
            if column in count_fields:
                hide |= small(frame[column], rule.min_count)
            if indicator is not None and indicator.is_rate:
                for part in (indicator.numerator, indicator.denominator):
                    if part in frame.columns:
                        hide |= small(frame[part], rule.min_count)
            reasons.loc[hide.to_numpy(), column] = rule.count_reason()
    if rule.min_population and rule.population_field in frame.columns:
        population = pd.to_numeric(frame[rule.population_field], errors="coerce")
        low = (population < rule.min_population).to_numpy()
        for column in columns:
            if column != rule.population_field:
                reasons.loc[low, column] = rule.population_reason()
    return reasons


def apply_suppression(frame, catalogue, rule, columns=None):
    """(copy of frame with suppressed values set to NaN, reasons DataFrame)."""
    reasons = suppression_mask(frame, catalogue, rule, columns)
    shown = frame.copy()
    for column in reasons.columns:
        hide = reasons[column].notna().to_numpy()
        if hide.any():
            shown[column] = shown[column].astype(float)
            shown.loc[hide, column] = np.nan
    return shown, reasons
