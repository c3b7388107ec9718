"""Build resources/sample/ from ../shared/data/berlin-mss2019 (run by hand when the source changes).

Writes berlin_mss2019.gpkg with the 448 planning-area polygons in ETRS89 / UTM 33N (EPSG:25833),
lightly simplified (1 m), keys and names exactly as published (including the source's duplicate key
06010102, kept on purpose: the join report shows it), plus the 12 districts dissolved from them.
Copies the MSS 2019 tables used by the demo.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qgis_app  # noqa: E402

app, _provider = qgis_app.start()
import processing  # noqa: E402
from qgis.core import QgsVectorFileWriter, QgsVectorLayer, QgsCoordinateTransformContext  # noqa: E402

SRC = os.path.join(qgis_app.SHARED_DATA, "berlin-mss2019")
OUT = os.path.join(qgis_app.ROOT, "resources", "sample")
GPKG = os.path.join(OUT, "berlin_mss2019.gpkg")

if os.path.exists(GPKG):
    os.remove(GPKG)
polygons = os.path.join(SRC, "lor_planungsraeume_until2020_448_wgs84.geojson")
step = processing.run("native:reprojectlayer", {"INPUT": polygons, "TARGET_CRS": "EPSG:25833",
                                                 "OUTPUT": "memory:"})["OUTPUT"]
step = processing.run("native:simplifygeometries", {"INPUT": step, "METHOD": 0, "TOLERANCE": 1.0,
                                                      "OUTPUT": "memory:"})["OUTPUT"]
step = processing.run("native:refactorfields", {"INPUT": step, "FIELDS_MAPPING": [
    {"expression": '"id"', "length": 8, "name": "plr_id", "precision": 0, "type": 10},
    {"expression": '"name"', "length": 80, "name": "plr_name", "precision": 0, "type": 10},
    {"expression": 'left("id", 6)', "length": 6, "name": "bzr_id", "precision": 0, "type": 10},
    {"expression": 'left("id", 2)', "length": 2, "name": "bez_id", "precision": 0, "type": 10},
    {"expression": '"BEZIRKSNAM"', "length": 40, "name": "bezirk", "precision": 0, "type": 10},
], "OUTPUT": "memory:"})["OUTPUT"]


def write(layer, name, first):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if first
                                    else QgsVectorFileWriter.CreateOrOverwriteLayer)
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, GPKG, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error


write(step, "planungsraeume", True)
districts = processing.run("native:dissolve", {"INPUT": step, "FIELD": ["bez_id"], "OUTPUT": "memory:"})["OUTPUT"]
districts = processing.run("native:refactorfields", {"INPUT": districts, "FIELDS_MAPPING": [
    {"expression": '"bez_id"', "length": 2, "name": "bez_id", "precision": 0, "type": 10},
    {"expression": '"bezirk"', "length": 40, "name": "bezirk", "precision": 0, "type": 10},
], "OUTPUT": "memory:"})["OUTPUT"]
write(districts, "bezirke", False)

tables = os.path.join(OUT, "tables")
os.makedirs(tables, exist_ok=True)
for name in ("mss_2019_tab1.csv", "mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv"):
    shutil.copy(os.path.join(SRC, name), os.path.join(tables, name))
check = QgsVectorLayer(f"{GPKG}|layername=planungsraeume", "check", "ogr")
print(f"{GPKG}: {check.featureCount()} planning areas, {os.path.getsize(GPKG) / 1e6:.1f} MB")

# The layer the sample project, the dock and the map series use: polygons with the MSS 2019 indicators.
# Two known errors of the polygon source are corrected here (see ../shared/data/berlin-mss2019/SOURCE.txt):
# the Schlossstraße polygon in Charlottenburg-Wilmersdorf carries 04030417, not the duplicate 06010102, and
# the polygons 09041402/09041403 take the keys the 2019 tables use (Allende II = 09041402).
import pandas as pd  # noqa: E402
from qgis.core import QgsFeature, QgsField  # noqa: E402
from qgis.PyQt.QtCore import QVariant  # noqa: E402

from sozialraum_monitor.core.numbers import parse_series  # noqa: E402

raw = QgsVectorLayer(f"{GPKG}|layername=planungsraeume", "raw", "ogr")
values = None
for name in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv"):
    table = pd.read_csv(os.path.join(SRC, name), dtype=str).set_index("id")
    numeric = pd.DataFrame({c: parse_series(table[c], ".")[0] for c in table.columns if c != "name"})
    values = numeric if values is None else values.join(numeric.drop(columns=["inhabitants"]))
layer = QgsVectorLayer(f"MultiPolygon?crs=EPSG:25833", "sozialraeume", "memory")
fields = [QgsField(n, QVariant.String) for n in ("plr_id", "plr_name", "bzr_id", "bez_id", "bezirk")]
fields += [QgsField(c, QVariant.Double) for c in values.columns]
layer.dataProvider().addAttributes(fields)
layer.updateFields()
features = []
for source in raw.getFeatures():
    key, name, bezirk = source["plr_id"], source["plr_name"], source["bezirk"]
    if key == "06010102" and bezirk == "Charlottenburg-Wilmersdorf":
        key = "04030417"
    elif key == "09041402" and name != "Allende II":
        key = "09041403"
    elif key == "09041403" and name == "Allende II":
        key = "09041402"
    feature = QgsFeature(layer.fields())
    feature.setGeometry(source.geometry())
    row = values.loc[key] if key in values.index else None
    feature.setAttributes([key, name, key[:6], key[:2], bezirk] + [
        None if row is None or pd.isna(row[c]) else float(row[c]) for c in values.columns])
    features.append(feature)
layer.dataProvider().addFeatures(features)
write(layer, "sozialraeume", False)
print(f"sozialraeume: {layer.featureCount()} areas, {sum(1 for f in features if f['plr_id'] in values.index)} with values")
