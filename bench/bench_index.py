"""Composite index and comparisons beside QGIS's own tools on the same table.

Data: the 447 Berlin planning areas of MSS 2019 (tab2-1), repeated 20 times with a small deterministic
jitter (8 940 areas, no geometry), so the figures are not dominated by start-up costs.
- MSS index: our algorithm (3 status + 3 dynamics indicators, reference rule, classes, 12 groups) beside
  QGIS's field calculator doing only the status part: 3 z-values with mean()/stdev() aggregates, the sum,
  its re-standardisation (5 chained native:fieldcalculator runs; note stdev() there is the sample SD).
- Spread per parent unit: our comparisons (variance, spread, extremes, concentration, correlations, no
  report) beside qgis:statisticsbycategories run once per indicator (spread table only).
"""
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
from run import timed  # noqa: E402

REPEAT = 20
STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
DYNAMICS = ["d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
            "d4_percentage_transfer_payments_recipients_below_15_years"]


def table_layer():
    from qgis.core import QgsFeature, QgsVectorLayer

    import qgis_app
    from sozialraum_monitor.adapter.compat import make_field

    tab = pd.read_csv(os.path.join(qgis_app.SHARED_DATA, "berlin-mss2019", "mss_2019_tab2-1.csv"), dtype={"id": str})
    rng = np.random.default_rng(6)
    frames = []
    for copy in range(REPEAT):
        part = tab.copy()
        part["id"] = part["id"] + f"_{copy:02d}"
        for column in STATUS + DYNAMICS:
            part[column] = part[column] * (1 + 0.02 * rng.standard_normal(len(part)))
        frames.append(part)
    frame = pd.concat(frames, ignore_index=True)
    frame["bezirk"] = frame["id"].str[:2]
    layer = QgsVectorLayer("None", "mss_bench", "memory")
    layer.dataProvider().addAttributes([make_field("id", "string"), make_field("bezirk", "string"),
                                        make_field("inhabitants", "double")]
                                       + [make_field(c, "double") for c in STATUS + DYNAMICS])
    layer.updateFields()
    features = []
    for row in frame[["id", "bezirk", "inhabitants"] + STATUS + DYNAMICS].itertuples(index=False, name=None):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([row[0], row[1]] + [float(v) for v in row[2:]])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(report):
    import processing

    layer = table_layer()
    n = layer.featureCount()

    def ours_index():
        return processing.run("sozialraum:compositeindex", {
            "INPUT": layer, "INDICATORS": STATUS, "DYNAMICS": DYNAMICS, "POLARITIES": "-;-;-",
            "DYNAMICS_POLARITIES": "-;-;-", "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300,
            "OUTPUT": "memory:"})["OUTPUT"]

    def qgis_index():
        step = layer
        for column in STATUS:
            step = processing.run("native:fieldcalculator", {
                "INPUT": step, "FIELD_NAME": f"z_{column[:2]}", "FIELD_TYPE": 0, "FIELD_LENGTH": 20,
                "FIELD_PRECISION": 6, "FORMULA": f'("{column}" - mean("{column}")) / stdev("{column}")',
                "OUTPUT": "memory:"})["OUTPUT"]
        step = processing.run("native:fieldcalculator", {
            "INPUT": step, "FIELD_NAME": "status_sum", "FIELD_TYPE": 0, "FIELD_LENGTH": 20, "FIELD_PRECISION": 6,
            "FORMULA": '"z_s1" + "z_s3" + "z_s4"', "OUTPUT": "memory:"})["OUTPUT"]
        return processing.run("native:fieldcalculator", {
            "INPUT": step, "FIELD_NAME": "status_index", "FIELD_TYPE": 0, "FIELD_LENGTH": 20, "FIELD_PRECISION": 6,
            "FORMULA": '("status_sum" - mean("status_sum")) / stdev("status_sum")', "OUTPUT": "memory:"})["OUTPUT"]

    ours, _ = timed(ours_index, repeat=3)
    theirs, _ = timed(qgis_index, repeat=3)
    report(f"MSS status+dynamics index, {n} areas", ours, theirs,
           "QGIS: field calculator, status part only")

    def ours_comparisons():
        return processing.run("sozialraum:comparisons", {
            "INPUT": layer, "INDICATORS": STATUS + DYNAMICS, "PARENT_FIELD": "bezirk", "KEY_FIELD": "id",
            "POLARITIES": ";".join(["higher_is_worse"] * 6), "REPORT": "", "VARIANCE": "memory:",
            "SPREAD": "memory:", "EXTREMES": "memory:", "CONCENTRATION": "memory:", "CORRELATIONS": "memory:"})

    def qgis_spread():
        for column in STATUS + DYNAMICS:
            processing.run("qgis:statisticsbycategories", {
                "INPUT": layer, "VALUES_FIELD_NAME": column, "CATEGORIES_FIELD_NAME": ["bezirk"],
                "OUTPUT": "memory:"})

    ours, _ = timed(ours_comparisons, repeat=3)
    theirs, _ = timed(qgis_spread, repeat=3)
    report(f"Comparisons, 6 indicators x 12 districts, {n} areas", ours, theirs,
           "QGIS: statistics by categories per indicator (spread table only)")
