"""Suppression of small counts: counts 1..min_count-1 and rates built on them are hidden, with a reason."""
import numpy as np
import pandas as pd

from sozialraum_monitor.core.catalogue import Catalogue, Indicator
from sozialraum_monitor.core.privacy import SuppressionRule, apply_suppression

CATALOGUE = Catalogue((Indicator("quote", numerator="alo", denominator="ew", multiplier=100),))


def test_small_counts_and_their_rates_are_suppressed_zero_is_not():
    frame = pd.DataFrame({"alo": [0.0, 1.0, 2.0, 3.0, 50.0], "ew": [100.0, 100.0, 100.0, 100.0, 2.0],
                          "quote": [0.0, 1.0, 2.0, 3.0, 2500.0]})
    shown, reasons = apply_suppression(frame, CATALOGUE, SuppressionRule(min_count=3))
    # independent expectation: rows 1, 2 (numerator 1 and 2) and 4 (denominator 2) are hidden
    assert shown.quote.isna().tolist() == [False, True, True, False, True]
    assert shown.alo.isna().tolist() == [False, True, True, False, False]
    assert shown.ew.isna().tolist() == [False, False, False, False, True]
    assert reasons.loc[1, "quote"] == "unterdrückt: Fallzahl unter 3"
    assert reasons.loc[0, "quote"] is None
    assert frame.quote.notna().all()  # the input is untouched


def test_areas_below_min_population_show_no_values():
    frame = pd.DataFrame({"ew": [250.0, 5000.0], "share": [12.5, 7.0]})
    rule = SuppressionRule(min_count=0, min_population=300, population_field="ew")
    shown, reasons = apply_suppression(frame, Catalogue(), rule)
    assert np.isnan(shown.share[0]) and shown.share[1] == 7.0
    assert shown.ew[0] == 250.0  # the population itself stays visible
    assert "300" in reasons.loc[0, "share"]
