"""Exact natural breaks beside QGIS's Jenks (QgsClassificationJenks) on the same values: time and GVF.

Values: skewed like social indicators (lognormal), continuous (no ties: the worst case for the exact
method, which merges equal values). QGIS's time includes reading the values from a memory layer, which
is how its Jenks gets them; ours starts from the numpy array. QGIS's Jenks samples 3000 values above that
size, so its breaks are not optimal (see the GVF in the note). At 1M values QGIS needs minutes.
"""
import numpy as np

from sozialraum_monitor.core.classify import classify, fit_of_breaks

from run import timed

CLASSES = 5


def memory_layer(values):
    from qgis.core import QgsFeature, QgsVectorLayer

    layer = QgsVectorLayer("None?field=v:double", "bench", "memory")
    fields = layer.fields()
    features = []
    for value in values.tolist():
        feature = QgsFeature(fields)
        feature.setAttributes([value])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def qgis_jenks(layer):
    from qgis.core import QgsClassificationJenks

    return QgsClassificationJenks().classes(layer, "v", CLASSES)


def run(report):
    rng = np.random.default_rng(2019)
    for n in (10_000, 100_000, 1_000_000):
        values = rng.lognormal(2.0, 0.7, n)
        ours_s, ours = timed(classify, values, "jenks", CLASSES, repeat=3 if n < 1_000_000 else 2)
        layer = memory_layer(values)
        qgis_s, ranges = timed(qgis_jenks, layer, repeat=1)
        qgis_breaks = [r.upperBound() for r in ranges]
        _counts, qgis_gvf, _adcm = fit_of_breaks(values, qgis_breaks)
        size = f"{n:,}".replace(",", ".")
        report(f"classify: exact natural breaks, {size} values, {CLASSES} classes",
               ours_s, qgis_s, f"GVF ours {ours.gvf:.6f} / QGIS Jenks {qgis_gvf:.6f}")
        del layer
