"""sozialraum:supply through processing.run on the sample planning areas (448, EPSG:25833) with facility points
generated here; 2SFCA/E2SFCA compared with PySAL access on distances computed here from QGIS's centroids."""
import math
import os

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from conftest import SAMPLE
from sozialraum_monitor.adapter.compat import make_field

access = pytest.importorskip("access", reason="PySAL access is the oracle (requirements-dev.txt)")

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
AREAS = f"{GPKG}|layername=sozialraeume"


def save(layer, path):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsProject.instance().transformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    return str(path)


def features_of(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    names = layer.fields().names()
    rows = [dict(zip(names, [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v
                             for v in f.attributes()])) for f in layer.getFeatures()]
    return pd.DataFrame(rows), layer


@pytest.fixture(scope="module")
def facilities(tmp_path_factory):
    """60 day-care facilities: on a point inside 50 planning areas (some with two), 12-30 places, a type field.
    Returns (path in EPSG:25833, path of the same points in WGS84, DataFrame of what was placed)."""
    areas = QgsVectorLayer(AREAS, "areas", "ogr")
    rng = np.random.default_rng(65)
    features = {f["plr_id"]: f for f in areas.getFeatures()}
    keys = sorted(features)
    chosen = list(rng.choice(keys, 50, replace=False)) + list(rng.choice(keys, 10, replace=False))
    layer = QgsVectorLayer("Point?crs=EPSG:25833", "einrichtungen", "memory")
    layer.dataProvider().addAttributes([make_field("plaetze", "int"), make_field("art", "string")])
    layer.updateFields()
    wgs_layer = QgsVectorLayer("Point?crs=EPSG:4326", "einrichtungen", "memory")
    wgs_layer.dataProvider().addAttributes(layer.fields().toList())
    wgs_layer.updateFields()
    to_wgs = QgsCoordinateTransform(areas.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsProject.instance().transformContext())
    placed = []
    for n, key in enumerate(chosen):
        inside = features[key].geometry().pointOnSurface().asPoint()
        places = int(rng.integers(12, 31))
        kind = "Tagespflege" if n % 6 else "Kurzzeitpflege"
        for target, point in ((layer, QgsPointXY(inside)), (wgs_layer, to_wgs.transform(QgsPointXY(inside)))):
            feature = QgsFeature(layer.fields())
            feature.setGeometry(QgsGeometry.fromPointXY(point))
            feature.setAttributes([places, kind])
            target.dataProvider().addFeature(feature)
        placed.append({"plr_id": key, "places": places, "art": kind, "x": inside.x(), "y": inside.y()})
    folder = tmp_path_factory.mktemp("einrichtungen")
    return save(layer, folder / "einrichtungen.gpkg"), save(wgs_layer, folder / "wgs84.gpkg"), pd.DataFrame(placed)


@pytest.fixture(scope="module")
def supply_run(sozialraum_provider, facilities, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    folder = tmp_path_factory.mktemp("versorgung")
    params = {"INPUT": AREAS, "KEY_FIELD": "plr_id", "TARGET_FIELD": "inhabitants", "FACILITIES": facilities[0],
              "CAPACITY_FIELD": "plaetze", "FILTER": "\"art\" = 'Tagespflege'", "CATCHMENT": 1500.0, "DECAY": 0,
              "SIGMA": 600.0, "TARGET_RATIO": 0.5, "TOLERANCE": 10.0, "CLASSIFY_BY": 1, "PARENT_FIELD": "bez_id",
              "MIN_COUNT": 3, "MIN_POPULATION": 0, "OUTPUT": str(folder / "versorgung.gpkg"),
              "OUTPUT_SUMMARY": str(folder / "bezirke.gpkg"), "OUTPUT_REPORT": str(folder / "annahmen.html")}
    result = processing.run("sozialraum:supply", params, context=QgsProcessingContext(),
                            feedback=QgsProcessingFeedback())
    return result, params


@pytest.fixture(scope="module")
def memory_run(supply_run):
    """The same run into a memory layer: doubles kept exactly (GeoPackage fields of the writer hold 6 decimals)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    _, params = supply_run
    context = QgsProcessingContext()
    result = processing.run("sozialraum:supply", {**params, "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": None,
                                                  "OUTPUT_REPORT": None}, context=context,
                            feedback=QgsProcessingFeedback())
    layer = result["OUTPUT"]        # processing.run hands out the temporary layer itself
    names = layer.fields().names()
    frame = pd.DataFrame([dict(zip(names, f.attributes())) for f in layer.getFeatures()])
    return frame.set_index(frame["plr_id"].astype(str))


def _oracle(facilities_placed, catchment, weight_fn=None):
    """PySAL access on centroids computed here with QGIS and facility points as placed (Tagespflege only)."""
    areas = QgsVectorLayer(AREAS, "areas", "ogr")
    demand = []
    for f in areas.getFeatures():
        c = f.geometry().centroid().asPoint()
        demand.append({"geoid": str(f["plr_id"]), "target": float(f["inhabitants"] or 0), "x": c.x(), "y": c.y()})
    demand = pd.DataFrame(demand).set_index("geoid")
    supply = facilities_placed[facilities_placed["art"] == "Tagespflege"].reset_index(drop=True)
    supply.index = [f"F{i}" for i in supply.index]
    pairs = pd.DataFrame([(a, j, math.hypot(ax - fx, ay - fy))
                          for a, ax, ay in zip(demand.index, demand["x"], demand["y"])
                          for j, fx, fy in zip(supply.index, supply["x"], supply["y"])],
                         columns=["origin", "dest", "cost"])
    model = access.Access(demand_df=demand[["target"]].rename_axis("geoid"), demand_value="target",
                          supply_df=supply[["places"]].rename_axis("geoid").astype(float), supply_value="places",
                          cost_df=pairs, cost_origin="origin", cost_dest="dest", cost_name="cost")
    if weight_fn is None:
        out = model.two_stage_fca(name="f", max_cost=catchment)
    else:
        out = model.enhanced_two_stage_fca(name="f", max_cost=catchment, weight_fn=weight_fn)
    return out["f_places"].reindex(demand.index).fillna(0.0)


def test_supply_layer_has_2sfca_equal_to_access(memory_run, facilities):
    ours = memory_run["fca2_1k"].astype(float) / 1000
    expected = _oracle(facilities[2], 1500)
    np.testing.assert_allclose(ours.reindex(expected.index).to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-12)


def test_supply_layer_has_e2sfca_equal_to_access(memory_run, facilities):
    ours = memory_run["e2fca_1k"].astype(float) / 1000
    expected = _oracle(facilities[2], 1500, access.weights.gaussian(600))
    np.testing.assert_allclose(ours.reindex(expected.index).to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-12)


def test_places_inside_follow_the_filter_and_the_placement(supply_run, facilities):
    result, _ = supply_run
    frame, layer = features_of(result["OUTPUT"])
    placed = facilities[2][facilities[2]["art"] == "Tagespflege"]
    expected = placed.groupby("plr_id")["places"].sum()
    got = frame.set_index(frame["plr_id"].astype(str))["places_n"]
    assert got[got > 0].sort_index().to_dict() == {k: float(v) for k, v in expected.sort_index().items()}
    assert int(frame["fac_n"].sum()) == len(placed)
    assert layer.featureCount() == 448 and layer.crs().authid() == "EPSG:25833"


def test_classes_against_the_target_ratio_of_2sfca(supply_run):
    result, _ = supply_run
    frame, _ = features_of(result["OUTPUT"])
    per_1000 = frame["fca2_1k"]
    expected = np.where(per_1000 < 0.45, "Unterversorgt", np.where(per_1000 > 0.55, "Überversorgt", "Versorgt"))
    shown = frame["class"].notna()
    assert (frame.loc[shown, "class"].to_numpy() == expected[shown.to_numpy()]).all()
    assert set(frame["class"].dropna()) == {"Unterversorgt", "Versorgt", "Überversorgt"}


def test_summary_per_district_recomputes_from_sums(supply_run, facilities):
    result, _ = supply_run
    summary, _ = features_of(result["OUTPUT_SUMMARY"])
    assert len(summary) == 12
    areas = pd.DataFrame([{"bez": str(f["bez_id"]), "pop": f["inhabitants"] or 0}
                          for f in QgsVectorLayer(AREAS, "a", "ogr").getFeatures()])
    placed = facilities[2][facilities[2]["art"] == "Tagespflege"]
    placed_bez = placed["plr_id"].str[:2]
    for _, row in summary.iterrows():
        pop = areas.loc[areas["bez"] == str(row["parent"]), "pop"].sum()
        places = placed.loc[placed_bez == str(row["parent"]), "places"].sum()
        assert row["places_n"] == places
        assert row["places_1k"] == pytest.approx(places / pop * 1000, abs=1e-6)   # 6 decimals in the file


def test_report_names_catchment_decay_and_ratio(supply_run):
    result, _ = supply_run
    with open(result["OUTPUT_REPORT"], encoding="utf-8") as handle:
        text = handle.read()
    assert "Einzugsbereich" in text and "1500" in text
    assert "Gauß" in text and "600" in text
    assert "0.5 Plätze je 1.000" in text or "0,5 Plätze je 1.000" in text
    assert "Luftlinie" in text


def test_facilities_in_another_crs_are_transformed(supply_run, facilities, tmp_path, run_alg):
    result, params = supply_run
    out = run_alg("sozialraum:supply", {**params, "FACILITIES": facilities[1], "OUTPUT": str(tmp_path / "w.gpkg"),
                                        "OUTPUT_SUMMARY": None, "OUTPUT_REPORT": None})
    wgs, _ = features_of(out["OUTPUT"])
    same, _ = features_of(result["OUTPUT"])
    assert wgs["places_n"].tolist() == same["places_n"].tolist()
    # the way through WGS84 and back moves a point by millimetres at most
    np.testing.assert_allclose(wgs["fca2_1k"], same["fca2_1k"], rtol=1e-3)


@pytest.mark.usefixtures("sozialraum_provider")
def test_small_areas_show_no_values_under_the_population_rule(facilities, tmp_path, run_alg):
    out = str(tmp_path / "klein.gpkg")
    run_alg("sozialraum:supply", {"INPUT": AREAS, "KEY_FIELD": "plr_id", "TARGET_FIELD": "inhabitants",
                                  "FACILITIES": facilities[0], "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0,
                                  "TARGET_RATIO": 0.5, "CLASSIFY_BY": 0, "MIN_COUNT": 3, "MIN_POPULATION": 300,
                                  "POPULATION_FIELD": "inhabitants", "OUTPUT": out})
    frame = features_of(out)[0].set_index("plr_id")
    given = features_of(AREAS)[0].set_index("plr_id")["inhabitants"].reindex(frame.index)
    small = given < 300
    assert small.any()
    assert frame.loc[small, ["target", "places_1k", "fca2_1k", "class"]].isna().all().all()
    assert frame.loc[small, "inhabitants"].isna().all()          # the copied input field is hidden alike
    assert frame.loc[given >= 300, "target"].notna().all()


@pytest.mark.usefixtures("sozialraum_provider")
def test_geographic_crs_is_refused_in_german(facilities, tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    areas = QgsVectorLayer(AREAS, "areas", "ogr")
    wgs = QgsVectorLayer("Polygon?crs=EPSG:4326&field=plr_id:string&field=ew:double", "wgs", "memory")
    feature = QgsFeature(wgs.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POLYGON((13 52, 13.1 52, 13.1 52.1, 13 52))"))
    feature.setAttributes(["1", 100.0])
    wgs.dataProvider().addFeature(feature)
    path = save(wgs, tmp_path / "wgs.gpkg")
    del areas
    with pytest.raises(QgsProcessingException, match="projiziert"):
        run_alg("sozialraum:supply", {"INPUT": path, "KEY_FIELD": "plr_id", "TARGET_FIELD": "ew",
                                      "FACILITIES": facilities[0], "CAPACITY_FIELD": "plaetze",
                                      "OUTPUT": str(tmp_path / "x.gpkg")})


@pytest.mark.usefixtures("sozialraum_provider")
def test_road_distances_replace_straight_lines(tmp_path, run_alg):
    """Two squares 1 km apart, a facility in the first; the road runs 1 km south and back (3 km path between
    the centres), so with a 2 km catchment the second square reaches the facility in a straight line only."""
    squares = QgsVectorLayer("Polygon?crs=EPSG:25833&field=id:string&field=ew:double", "sq", "memory")
    for key, x in (("A", 0), ("B", 1000)):
        feature = QgsFeature(squares.fields())
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x - 100} -100, {x + 100} -100, {x + 100} 100, "
                                                f"{x - 100} 100, {x - 100} -100))"))
        feature.setAttributes([key, 1000.0])
        squares.dataProvider().addFeature(feature)
    plants = QgsVectorLayer("Point?crs=EPSG:25833&field=plaetze:integer", "p", "memory")
    feature = QgsFeature(plants.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POINT(0 0)"))
    feature.setAttributes([20])
    plants.dataProvider().addFeature(feature)
    roads = QgsVectorLayer("LineString?crs=EPSG:25833", "r", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt("LINESTRING(0 0, 0 -1000, 1000 -1000, 1000 0)"))
    roads.dataProvider().addFeature(feature)
    paths = {n: save(layer, tmp_path / f"{n}.gpkg") for n, layer in (("a", squares), ("f", plants), ("r", roads))}
    common = {"INPUT": paths["a"], "KEY_FIELD": "id", "TARGET_FIELD": "ew", "FACILITIES": paths["f"],
              "CAPACITY_FIELD": "plaetze", "CATCHMENT": 2000.0, "MIN_COUNT": 0}
    straight = run_alg("sozialraum:supply", {**common, "OUTPUT": str(tmp_path / "s.gpkg")})
    road = run_alg("sozialraum:supply", {**common, "ROADS": paths["r"], "OUTPUT": str(tmp_path / "n.gpkg")})
    s, _ = features_of(straight["OUTPUT"])
    n, _ = features_of(road["OUTPUT"])
    # straight: both within 2 km -> 20 / 2000 each = 10 per 1,000; road: B is 3 km away -> A 20 per 1,000, B 0
    assert s["fca2_1k"].tolist() == pytest.approx([10.0, 10.0])
    assert n["fca2_1k"].tolist() == pytest.approx([20.0, 0.0])
    assert n["near_dist"].tolist() == pytest.approx([0.0, 3000.0])


@pytest.mark.usefixtures("sozialraum_provider")
def test_population_points_replace_the_centroids(facilities, tmp_path, run_alg):
    """Points on the surface of each area as population points (QGIS's own tool): 2SFCA equal to access on them."""
    import processing

    points = processing.run("native:pointonsurface", {"INPUT": AREAS, "OUTPUT": str(tmp_path / "p.gpkg")})["OUTPUT"]
    out = run_alg("sozialraum:supply", {"INPUT": AREAS, "KEY_FIELD": "plr_id", "TARGET_FIELD": "inhabitants",
                                        "POINTS": points, "POINTS_KEY": "plr_id", "FACILITIES": facilities[0],
                                        "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0, "MIN_COUNT": 0,
                                        "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    ours = pd.Series({str(f["plr_id"]): f["fca2_1k"] / 1000 for f in out.getFeatures()})
    layer = QgsVectorLayer(points, "p", "ogr")
    demand = pd.DataFrame([{"geoid": str(f["plr_id"]), "target": float(f["inhabitants"] or 0),
                            "x": f.geometry().asPoint().x(), "y": f.geometry().asPoint().y()}
                           for f in layer.getFeatures()]).set_index("geoid")
    supply = facilities[2].copy()
    supply.index = [f"F{i}" for i in supply.index]
    pairs = pd.DataFrame([(a, j, math.hypot(ax - fx, ay - fy))
                          for a, ax, ay in zip(demand.index, demand["x"], demand["y"])
                          for j, fx, fy in zip(supply.index, supply["x"], supply["y"])],
                         columns=["origin", "dest", "cost"])
    model = access.Access(demand_df=demand[["target"]], demand_value="target",
                          supply_df=supply[["places"]].astype(float), supply_value="places",
                          cost_df=pairs, cost_origin="origin", cost_dest="dest", cost_name="cost")
    expected = model.two_stage_fca(name="f", max_cost=1500)["f_places"].reindex(demand.index).fillna(0.0)
    np.testing.assert_allclose(ours.reindex(expected.index).to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.usefixtures("sozialraum_provider")
def test_forecast_population_gets_its_own_classes(facilities, run_alg):
    # forecast = today's population: the forecast measure and classes must equal today's
    out = run_alg("sozialraum:supply", {"INPUT": AREAS, "KEY_FIELD": "plr_id", "TARGET_FIELD": "inhabitants",
                                        "FORECAST_FIELD": "inhabitants", "FACILITIES": facilities[0],
                                        "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0, "TARGET_RATIO": 0.5,
                                        "CLASSIFY_BY": 2, "MIN_COUNT": 0, "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    rows = [(f["e2fca_1k"], f["fc_1k"], f["class"], f["fc_class"], f["gap"], f["fc_gap"]) for f in out.getFeatures()]
    assert all(r[1] == pytest.approx(r[0]) and r[2] == r[3] for r in rows if r[2])
    assert sum(1 for r in rows if r[2]) > 400
