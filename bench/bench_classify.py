"""Exact natural breaks beside QGIS's Jenks (QgsClassificationJenks) on the same values: time and GVF; and,
where the test venv has it (requirements-dev.txt), beside ckwrap (Ckmeans.1d.dp in C++, the same optimum):
the anchor for the speed of an exact method (checked: same within-class sum of squares to 1e-9).

Values: skewed like social indicators (lognormal), continuous (no ties: the worst case for the exact
method, which merges equal values). QGIS's time includes reading the values from a memory layer, which
is how its Jenks gets them; ours starts from the numpy array. QGIS's Jenks samples 3000 values above that
size, so its breaks are not optimal (see the GVF in the note). At 1M values QGIS needs minutes.
"""
import numpy as np
from run import timed

from sozialraum_monitor.core.classify import classify, fit_of_breaks

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
        _against_ckwrap(report, values, ours, size)


def _against_ckwrap(report, values, ours, size):
    try:
        import ckwrap
    except ImportError:
        print(f"classify {size}: ckwrap not installed (requirements-dev.txt), no C++ anchor", flush=True)
        return
    rounds = []
    for _ in range(3):  # interleaved rounds, medians
        ck_s, result = timed(ckwrap.ckmeans, values, CLASSES)
        ours_s, _ = timed(classify, values, "jenks", CLASSES)
        rounds.append((ours_s, ck_s))
    ours_median = float(np.median([r[0] for r in rounds]))
    ck_median = float(np.median([r[1] for r in rounds]))
    ck_breaks = [values[result.labels == c].max() for c in range(CLASSES)]
    _counts, ck_gvf, _adcm = fit_of_breaks(values, ck_breaks)
    assert abs(ck_gvf - ours.gvf) <= 1e-9, (ck_gvf, ours.gvf)
    report(f"classify: exact natural breaks, {size} values vs ckwrap (C++)", ours_median, ck_median,
           f"median of 3 interleaved; same optimum (GVF {ours.gvf:.9f})")
