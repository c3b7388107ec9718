"""sozialraum:supply shows areas and their parent units (OUTPUT_SUMMARY): a hidden small target population must
not come back as the parent's total minus the shown areas (issue 12, secondary suppression across levels)."""
import pandas as pd
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRectangle, QgsVectorLayer

from sozialraum_monitor.adapter.compat import make_field

# parent A: the 1 is primary; alone it would be 181 - 50 - 60 - 70; parent B has nothing to hide
AREAS = [("a1", "A", 1), ("a2", "A", 50), ("a3", "A", 60), ("a4", "A", 70), ("b1", "B", 40), ("b2", "B", 45)]


def is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def rows(layer):
    names = layer.fields().names()
    frame = pd.DataFrame([{n: (None if is_null(f[n]) else f[n]) for n in names} for f in layer.getFeatures()])
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture()
def layers():
    areas = QgsVectorLayer("Polygon?crs=EPSG:25833", "raeume", "memory")
    areas.dataProvider().addAttributes([make_field("key", "string"), make_field("bez", "string"),
                                        make_field("kinder", "int")])
    areas.updateFields()
    for n, (key, parent, target) in enumerate(AREAS):
        feature = QgsFeature(areas.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(n * 1000, 0, n * 1000 + 1000, 1000)))
        feature.setAttributes([key, parent, target])
        areas.dataProvider().addFeature(feature)
    places = QgsVectorLayer("Point?crs=EPSG:25833", "kitas", "memory")
    places.dataProvider().addAttributes([make_field("plaetze", "int")])
    places.updateFields()
    for x, capacity in ((500, 20), (2500, 30), (4500, 25)):
        feature = QgsFeature(places.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, 500)))
        feature.setAttributes([capacity])
        places.dataProvider().addFeature(feature)
    return areas, places


def test_no_hidden_area_value_is_its_parent_minus_the_shown_areas(run_alg, layers):
    areas, places = layers
    result = run_alg("sozialraum:supply", {
        "INPUT": areas, "KEY_FIELD": "key", "TARGET_FIELD": "kinder", "FACILITIES": places,
        "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0, "TARGET_RATIO": 0.5, "PARENT_FIELD": "bez",
        "MIN_COUNT": 3, "MIN_POPULATION": 0, "OUTPUT": "memory:", "OUTPUT_SUMMARY": "memory:"})
    area_rows = rows(result["OUTPUT"]).set_index("key")
    summary = rows(result["OUTPUT_SUMMARY"]).set_index("parent")
    assert area_rows.loc["a1", "target"] is None                      # primary: 1 < 3
    for column in ("target", "gap"):
        for parent in ("A", "B"):
            members = [key for key, p, _t in AREAS if p == parent]
            true = {key: target for key, p, target in AREAS if p == parent}
            hidden = [k for k in members if area_rows.loc[k, column] is None]
            total = summary.loc[parent, column]
            if column == "target":
                shown = [area_rows.loc[k, column] for k in members if k not in hidden]
                assert shown == [true[k] for k in members if k not in hidden]      # shown values are the true ones
            # the attacker's equation: total = sum of the areas; one unknown alone would be recovered
            assert not (total is not None and len(hidden) == 1), (column, parent, hidden)
            if total is not None and hidden and column == "target":
                # two or more unknowns: their sum is known, but it must not be a small count either
                remainder = total - sum(area_rows.loc[k, column] for k in members if k not in hidden)
                assert remainder >= 3 or remainder == 0
    # rates built on a hidden target are hidden with it
    for key in area_rows.index:
        if area_rows.loc[key, "target"] is None:
            assert area_rows.loc[key, "places_1k"] is None, key
    # parent B protects nothing and stays whole
    assert summary.loc["B", "target"] == 85 and area_rows.loc["b1", "target"] == 40


def test_without_parents_only_the_small_count_is_hidden(run_alg, layers):
    """The secondary cells come from the parents shown beside the areas: without a parent field nothing else
    is hidden (the check above is not met by hiding everything)."""
    areas, places = layers
    result = run_alg("sozialraum:supply", {
        "INPUT": areas, "KEY_FIELD": "key", "TARGET_FIELD": "kinder", "FACILITIES": places,
        "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0, "TARGET_RATIO": 0.5,
        "MIN_COUNT": 3, "MIN_POPULATION": 0, "OUTPUT": "memory:"})
    area_rows = rows(result["OUTPUT"]).set_index("key")
    assert [k for k in area_rows.index if area_rows.loc[k, "target"] is None] == ["a1"]
