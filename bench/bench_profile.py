"""Profile dock: one click = one profile for 10,000 areas x 200 indicators (target < 30 ms).

ours:  ProfileIndex lookup (precomputed per setup) + the Qt model reset and formatting of every cell
       the dock shows.
QGIS:  what a plugin without precomputation would do per click: fetch the feature's attributes and
       compute the region mean of each indicator with QgsAggregateCalculator (200 passes over the layer).
The one-off precomputation (ProfileIndex.build) is reported on its own line.
"""
import numpy as np
import pandas as pd
from run import timed

AREAS, INDICATORS = 10_000, 200


def _data():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(rng.gamma(2.0, 5.0, size=(AREAS, INDICATORS)),
                         columns=[f"ind_{i:03d}" for i in range(INDICATORS)])
    frame.insert(0, "ew", rng.integers(200, 20_000, AREAS).astype(float))
    frame.insert(0, "bezirk", [f"{i % 12:02d}" for i in range(AREAS)])
    frame.insert(0, "key", [f"{i:08d}" for i in range(AREAS)])
    frame.loc[rng.choice(AREAS, 300, replace=False), "ind_005"] = np.nan
    return frame


def _catalogue():
    from sozialraum_monitor.core.catalogue import Catalogue, Indicator

    polarities = ("higher_is_worse", "higher_is_better", "neutral")
    return Catalogue(tuple(Indicator(f"ind_{i:03d}", label=f"Indikator {i}", theme=f"Thema {i // 20}", unit="%",
                                     polarity=polarities[i % 3], decimals=1) for i in range(INDICATORS)))


def run(report):
    from qgis.core import QgsAggregateCalculator, QgsFeatureRequest

    from sozialraum_monitor.adapter.layers import frame_to_memory_layer
    from sozialraum_monitor.core.privacy import SuppressionRule
    from sozialraum_monitor.core.profile import ProfileIndex
    from sozialraum_monitor.ui.profile_model import ProfileModel

    frame, catalogue = _data(), _catalogue()
    build_s, index = timed(ProfileIndex.build, frame, catalogue, "key", "", "ew", ["bezirk"],
                           rule=SuppressionRule(3, 300, "ew"), repeat=1)
    report(f"profile precompute {AREAS} areas x {INDICATORS} indicators", build_s, None,
           "once per setup change")

    model = ProfileModel()
    keys = [f"{i:08d}" for i in range(0, AREAS, 97)]

    def click(key):
        profile = index.profile(key)
        model.set_profile(profile, None, 0)
        texts = 0
        for theme in range(model.rowCount()):
            parent = model.index(theme, 0)
            for r in range(model.rowCount(parent)):
                for c in range(model.columnCount()):
                    texts += model.index(r, c, parent).data() is not None
        return texts

    lookups = [timed(index.profile, k, repeat=3)[0] for k in keys[:50]]
    clicks = [timed(click, k, repeat=3)[0] for k in keys[:30]]

    layer = frame_to_memory_layer(frame, "bench")
    fields = [f"ind_{i:03d}" for i in range(INDICATORS)]

    def qgis_click(fid):
        feature = next(layer.getFeatures(QgsFeatureRequest(fid).setFlags(QgsFeatureRequest.Flag.NoGeometry)))
        attrs = feature.attributes()
        calculator = QgsAggregateCalculator(layer)
        means = [calculator.calculate(QgsAggregateCalculator.Aggregate.Mean, name)[0] for name in fields]
        return attrs, means

    qgis_s, _ = timed(qgis_click, 1234, repeat=1)
    lookup = float(np.median(lookups))
    click_s = float(np.median(clicks))
    report("profile lookup per click (ProfileIndex.profile, median)", lookup, qgis_s,
           "QGIS: feature fetch + QgsAggregateCalculator mean of 200 fields")
    report("profile click incl. Qt model + formatting all cells (median)", click_s, qgis_s,
           f"target < 0.030 s; max {max(clicks):.4f} s")
