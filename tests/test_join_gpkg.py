"""sozialraum:joinindicators with a GeoPackage file as output: written inside SQLite (adapter.gpkg_writer), no
QgsFeature per area. Every test compares with the kit's feature-by-feature writer on the same call (a layer in
a GeoPackage through an 'ogr:' destination, which always goes through QGIS's sink): same fields and types, same
CRS, geometries and feature ids, the same value in every cell."""
import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample")
FAST = "Output written as a copy of the source inside SQLite"
SLOW = "Output written feature by feature"


def sample_parameters():
    return {
        "INPUT": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=planungsraeume",
        "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name",
        "TABLES": [os.path.join(SAMPLE, "tables", "mss_2019_tab2-1.csv"),
                   os.path.join(SAMPLE, "tables", "mss_2019_tab4-1.csv")],
        "TABLE_KEY": "id", "TABLE_NAME": "name", "CATALOGUE": os.path.join(SAMPLE, "indikatoren_mss2019.csv"),
        "AREA_DUPLICATES": 1, "REPORT": "memory:"}


def kit_destination(folder, name="kit"):
    """A GeoPackage written by QGIS's own sink (the kit's path): the 'ogr:' form of a destination."""
    return f"ogr:dbname='{os.path.join(str(folder), name + '.gpkg')}' table=\"{name}\" (geom)"


def run_both(run_alg, info_log, parameters, folder):
    """(fast layer, kit layer, fast log): the same call once to a .gpkg path, once through QGIS's sink."""
    fast_log = info_log()
    fast = run_alg("sozialraum:joinindicators", dict(parameters, OUTPUT=os.path.join(str(folder), "fast.gpkg")),
                   feedback=fast_log)
    kit_log = info_log()
    kit = run_alg("sozialraum:joinindicators", dict(parameters, OUTPUT=kit_destination(folder)), feedback=kit_log)
    assert not any(FAST in m for m in kit_log.infos)
    fast_layer = QgsVectorLayer(fast["OUTPUT"], "fast", "ogr")
    kit_layer = QgsVectorLayer(kit["OUTPUT"], "kit", "ogr")
    assert fast_layer.isValid() and kit_layer.isValid()
    assert {k: v for k, v in fast.items() if k not in ("OUTPUT", "REPORT")} == \
        {k: v for k, v in kit.items() if k not in ("OUTPUT", "REPORT")}
    return fast_layer, kit_layer, fast_log.infos


def assert_same_layers(fast, kit):
    """Field names, types, lengths; CRS; geometry type; per feature id: geometry (WKB) and every attribute."""
    assert [(f.name(), f.type(), f.typeName().lower(), f.length(), f.alias()) for f in fast.fields()] == \
        [(f.name(), f.type(), f.typeName().lower(), f.length(), f.alias()) for f in kit.fields()]
    assert fast.crs() == kit.crs() and fast.crs().toWkt() == kit.crs().toWkt()
    assert fast.wkbType() == kit.wkbType()
    assert fast.featureCount() == kit.featureCount()
    kit_features = {f.id(): f for f in kit.getFeatures()}
    cells = 0
    for feature in fast.getFeatures():
        other = kit_features.pop(feature.id())
        assert feature.geometry().asWkb() == other.geometry().asWkb()
        for name, ours, theirs in zip(fast.fields().names(), feature.attributes(), other.attributes()):
            assert ours == theirs or (ours is None or ours == "NULL") and (theirs is None or theirs == "NULL") \
                or str(ours) == str(theirs) == "NULL", (feature.id(), name, ours, theirs)
            cells += 1
    assert not kit_features
    return cells


def test_sample_gpkg_output_equals_the_kit_cell_by_cell(run_alg, info_log, tmp_path):
    exceptions = (gdal.GetUseExceptions(), ogr.GetUseExceptions(), osr.GetUseExceptions())
    fast, kit, infos = run_both(run_alg, info_log, sample_parameters(), tmp_path)
    assert (gdal.GetUseExceptions(), ogr.GetUseExceptions(), osr.GetUseExceptions()) == exceptions
    assert any(FAST in m for m in infos)
    assert assert_same_layers(fast, kit) == 448 * len(fast.fields())
    index = fast.fields().lookupField("s1_percentage_unemployed")
    values = {f["plr_id"]: f.attributes()[index] for f in fast.getFeatures()}
    assert values["01011101"] == pytest.approx(2.7978)


def test_sample_gpkg_output_is_a_valid_geopackage_with_spatial_index(run_alg, tmp_path):
    result = run_alg("sozialraum:joinindicators", dict(sample_parameters(), OUTPUT=str(tmp_path / "out.gpkg")))
    with sqlite3.connect(result["OUTPUT"]) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        contents = dict(connection.execute("SELECT table_name, feature_count FROM gpkg_ogr_contents").fetchall())
        assert contents.pop("out") == 448
        assert set(contents) <= {"layer_styles"}  # the output's default style (German aliases), nothing else
        assert connection.execute("SELECT count(*) FROM rtree_out_geom").fetchone() == (448,)
    layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    source = QgsVectorLayer(sample_parameters()["INPUT"], "in", "ogr")
    assert layer.extent() == source.extent()
    # the spatial index answers like the geometries: features of a box found through the index
    dataset = ogr.Open(result["OUTPUT"])
    box = source.extent().buffered(-source.extent().width() * 0.4)
    found = dataset.ExecuteSQL(f"SELECT id FROM rtree_out_geom WHERE maxx >= {box.xMinimum()} AND "
                               f"minx <= {box.xMaximum()} AND maxy >= {box.yMinimum()} AND miny <= {box.yMaximum()}")
    by_index = {row.GetField(0) for row in found}
    dataset.ReleaseResultSet(found)
    by_geometry = {f.id() for f in layer.getFeatures() if f.geometry().boundingBox().intersects(box)}
    assert by_index == by_geometry and by_index


def test_koeln_shapefile_custom_crs_through_the_staging_copy(run_alg, info_log, koeln_dir, tmp_path):
    parameters = {
        "INPUT": os.path.join(koeln_dir, "stadtteile_shp", "Stadtteil.shp"), "INPUT_KEY": "STT_NR",
        "INPUT_NAME": "STT_NAME", "TABLES": [os.path.join(koeln_dir, "bevoelkerung_2011-2012_long.csv")],
        "TABLE_KEY": "raum_id", "TABLE_NAME": "raum", "LAYOUT": 1, "LONG_VARIABLE": "tab_id,zei_id",
        "LONG_VALUE": "zahl", "LONG_YEAR": "jahr", "REPORT": "memory:"}
    fast, kit, infos = run_both(run_alg, info_log, parameters, tmp_path)
    assert any(FAST in m for m in infos)
    assert assert_same_layers(fast, kit) > 86
    source = QgsVectorLayer(parameters["INPUT"], "in", "ogr")
    assert fast.crs().toWkt() == source.crs().toWkt()
    assert fast.extent().xMinimum() == pytest.approx(source.extent().xMinimum(), abs=1e-6)
    assert fast.extent().yMaximum() == pytest.approx(source.extent().yMaximum(), abs=1e-6)


def _generated(folder, n=700, seed=7):
    """n squares in a GeoPackage (custom CRS, fids with gaps, a field 'dichte' that the table also has) and a
    German CSV: decimal commas, '.' and '-' markers, a key missing from the table, a row without area."""
    rng = np.random.default_rng(seed)
    areas = os.path.join(str(folder), "areas.gpkg")
    source = ogr.GetDriverByName("GPKG").CreateDataSource(areas)
    srs = osr.SpatialReference()
    srs.ImportFromProj4("+proj=tmerc +lat_0=0 +lon_0=7.5 +k=0.9996 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m")
    layer = source.CreateLayer("gebiete", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("schluessel", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("dichte", ogr.OFTReal))
    layer.CreateField(ogr.FieldDefn("einwohner", ogr.OFTInteger64))
    definition = layer.GetLayerDefn()
    fids = np.sort(rng.choice(np.arange(1, 5 * n), size=n, replace=False))
    for i, fid in enumerate(fids):
        x, y = 350000 + (i % 40) * 250.0, 5640000 + (i // 40) * 250.0
        feature = ogr.Feature(definition)
        feature.SetFID(int(fid))
        feature.SetField("schluessel", f"{i:05d}")
        feature.SetField("dichte", float(rng.random() * 1000))
        if i % 11:
            feature.SetField("einwohner", int(rng.integers(0, 20000)))
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x} {y},{x + 200} {y},{x + 200} {y + 200},{x} {y + 200},{x} {y}))"))
        layer.CreateFeature(feature)
    source = None
    table = os.path.join(str(folder), "werte.csv")
    lines = ["Tabelle 1: Werte je Gebiet", "schluessel;dichte;quote;anteil_65"]
    for i in range(n):
        if i == 3:
            continue
        cells = [f"{i:05d}"] + [f"{v:.3f}".replace(".", ",") for v in rng.random(3) * 100]
        if i % 13 == 0:
            cells[2] = "."
        if i % 17 == 0:
            cells[3] = "-"
        lines.append(";".join(cells))
    lines.append("99999;1,5;2,5;3,5")
    with open(table, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return areas + "|layername=gebiete", table


def test_generated_table_gpkg_output_equals_the_kit_cell_by_cell(run_alg, info_log, tmp_path):
    areas, table = _generated(tmp_path)
    parameters = {"INPUT": areas, "INPUT_KEY": "schluessel", "TABLES": [table], "TABLE_KEY": "schluessel",
                  "REPORT": "memory:"}
    fast, kit, infos = run_both(run_alg, info_log, parameters, tmp_path)
    assert any(FAST in m for m in infos)
    assert assert_same_layers(fast, kit) == 700 * 7
    assert fast.fields().names() == ["fid", "schluessel", "dichte", "einwohner", "dichte_neu", "quote", "anteil_65"]
    values = {f["schluessel"]: (f["dichte_neu"], f["quote"]) for f in fast.getFeatures()}
    assert values["00003"] == (None, None) or all(str(v) == "NULL" for v in values["00003"])
    source_fids = sorted(f.id() for f in QgsVectorLayer(areas, "in", "ogr").getFeatures())
    assert sorted(f.id() for f in fast.getFeatures()) == source_fids


def test_output_over_the_input_is_refused_and_the_input_kept(run_alg, tmp_path):
    areas, table = _generated(tmp_path, n=50)
    path = areas.split("|")[0]
    before = Path(path).read_bytes()
    with pytest.raises(QgsProcessingException, match="overwrite the input|Eingabe"):
        run_alg("sozialraum:joinindicators", {"INPUT": areas, "INPUT_KEY": "schluessel", "TABLES": [table],
                                              "TABLE_KEY": "schluessel", "OUTPUT": path})
    assert Path(path).read_bytes() == before


def test_unwritable_target_leaves_nothing_behind(run_alg, tmp_path):
    areas, table = _generated(tmp_path, n=50)
    blocked = tmp_path / "out" / "joined.gpkg"
    blocked.mkdir(parents=True)
    (blocked / "inside.txt").write_text("a folder where the file should go")
    # refused before the run by the kit's output checks (a folder where the file should go)
    with pytest.raises(QgsProcessingException, match="ist ein Ordner"):
        run_alg("sozialraum:joinindicators", {"INPUT": areas, "INPUT_KEY": "schluessel", "TABLES": [table],
                                              "TABLE_KEY": "schluessel", "OUTPUT": str(blocked),
                                              "REPORT": "memory:"})
    assert sorted(os.listdir(tmp_path / "out")) == ["joined.gpkg"]
    assert os.listdir(blocked) == ["inside.txt"]


def test_selected_features_only_keep_the_kit_path(run_alg, info_log, tmp_path):
    areas, table = _generated(tmp_path, n=60)
    layer = QgsVectorLayer(areas, "gebiete", "ogr")
    layer.selectByIds([f.id() for f in layer.getFeatures()][:10])
    QgsProject.instance().addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    try:
        log = info_log()
        result = run_alg("sozialraum:joinindicators", {
            "INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), True), "INPUT_KEY": "schluessel",
            "TABLES": [table], "TABLE_KEY": "schluessel", "OUTPUT": str(tmp_path / "selected.gpkg"),
            "REPORT": "memory:"}, context=context, feedback=log)
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert any(SLOW in m for m in log.infos) and not any(FAST in m for m in log.infos)
    assert QgsVectorLayer(result["OUTPUT"], "out", "ogr").featureCount() == 10


def test_memory_layer_input_to_gpkg_keeps_the_kit_path(run_alg, info_log, tmp_path):
    areas, table = _generated(tmp_path, n=40)
    memory = QgsVectorLayer(areas, "gebiete", "ogr").materialize(QgsFeatureRequest())
    memory.setCrs(QgsCoordinateReferenceSystem("EPSG:25832"))
    log = info_log()
    result = run_alg("sozialraum:joinindicators", {"INPUT": memory, "INPUT_KEY": "schluessel", "TABLES": [table],
                                                   "TABLE_KEY": "schluessel", "OUTPUT": str(tmp_path / "m.gpkg"),
                                                   "REPORT": "memory:"}, feedback=log)
    assert any(SLOW in m for m in log.infos)
    assert QgsVectorLayer(result["OUTPUT"], "out", "ogr").featureCount() == 40


def test_shapefile_output_keeps_the_kit_path(run_alg, info_log, tmp_path):
    areas, table = _generated(tmp_path, n=40)
    log = info_log()
    result = run_alg("sozialraum:joinindicators", {"INPUT": areas, "INPUT_KEY": "schluessel", "TABLES": [table],
                                                   "TABLE_KEY": "schluessel", "OUTPUT": str(tmp_path / "o.shp"),
                                                   "REPORT": "memory:"}, feedback=log)
    assert not any(FAST in m for m in log.infos)
    assert QgsVectorLayer(result["OUTPUT"], "out", "ogr").featureCount() == 40


def test_gpkg_output_is_loaded_on_completion_with_the_catalogue_aliases(run_alg, tmp_path):
    from qgis.core import QgsProcessingFeedback, QgsProcessingOutputLayerDefinition

    definition = QgsProcessingOutputLayerDefinition(str(tmp_path / "loaded.gpkg"), QgsProject.instance())
    definition.destinationName = "Verbunden"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = run_alg("sozialraum:joinindicators", dict(sample_parameters(), OUTPUT=definition), context=context)
    assert context.willLoadLayerOnCompletion(result["OUTPUT"])
    details = context.layerToLoadOnCompletionDetails(result["OUTPUT"])
    assert details.name == "Verbunden" and details.outputName == "OUTPUT"
    layer = QgsVectorLayer(result["OUTPUT"], "loaded", "ogr")
    details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
    index = layer.fields().lookupField("s4_percentage_transfer_payments_recipients_below_15_years")
    assert layer.fields().field(index).alias() == "Kinderarmut"
