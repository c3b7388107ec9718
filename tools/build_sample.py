"""Build resources/sample/ from ../shared/data/berlin-mss2019 (run by hand when the source changes).

Writes berlin_mss2019.gpkg in ETRS89 / UTM 33N (EPSG:25833), simplified by 1 m:
- planungsraeume: the 448 planning-area polygons, keys and names exactly as published (with the source's
  duplicate key 06010102, kept on purpose: the join report shows it);
- sozialraeume: the same polygons with two documented key corrections and the MSS 2019 indicators attached;
- bezirke: the 12 districts dissolved from the corrected, unsimplified polygons (no slivers).
Copies the MSS 2019 tables to tables/, with the context table's header corrected (see CONTEXT_HEADER).
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qgis_app  # noqa: E402

app, _provider = qgis_app.start()
import processing  # noqa: E402
from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter, QgsVectorLayer  # noqa: E402

SRC = os.path.join(qgis_app.SHARED_DATA, "berlin-mss2019")
OUT = os.path.join(qgis_app.ROOT, "resources", "sample")
GPKG = os.path.join(OUT, "berlin_mss2019.gpkg")

if os.path.exists(GPKG):
    os.remove(GPKG)

# Two known errors of the polygon source (../shared/data/berlin-mss2019/SOURCE.txt): the Schloßstraße polygon in
# Charlottenburg-Wilmersdorf is 04030417, not the duplicate 06010102; 09041402/09041403 take the keys of the 2019
# tables (Allende II = 09041402).
CORRECTED_KEY = """CASE WHEN "id" = '06010102' AND "BEZIRKSNAM" = 'Charlottenburg-Wilmersdorf' THEN '04030417'
WHEN "id" = '09041402' AND "name" <> 'Allende II' THEN '09041403'
WHEN "id" = '09041403' AND "name" = 'Allende II' THEN '09041402' ELSE "id" END"""

# The open-lifeworlds conversion of MSS 2019 table 4.1 (planning areas) labels k06..k13 wrongly: its 13 value
# columns are k01-k05, k16, k06, k17, k07, k08, k14, k15, k09 in the order of table 4.2. Found by aggregating
# the planning areas to the 138 Bezirksregionen (population-weighted) and correlating with table 4.2
# (r >= 0.96 for each corrected pair, each wrong label r < 0.6 or another column's match).
CONTEXT_HEADER = {
    "k06_change_proportion_of_foreigner": "k16_foreigners",
    "k07_foreign_transfer_recipients": "k06_change_proportion_of_foreigner",
    "k08_urban_apartments": "k17_non_eu_foreigners",
    "k09_simple_residential_area": "k07_foreign_transfer_recipients",
    "k10_duration_of_residence_over_5_years": "k08_urban_apartments",
    "k11_migration_volume": "k14_living_rooms",
    "k12_balance_of_migration": "k15_living_space",
    "k13_balance_of_migration_of_children_below_6": "k09_simple_residential_area",
}


def fields(key_expression):
    return [
        {"expression": key_expression, "length": 8, "name": "plr_id", "precision": 0, "type": 10},
        {"expression": '"name"', "length": 80, "name": "plr_name", "precision": 0, "type": 10},
        {"expression": f"left({key_expression}, 6)", "length": 6, "name": "bzr_id", "precision": 0, "type": 10},
        {"expression": f"left({key_expression}, 2)", "length": 2, "name": "bez_id", "precision": 0, "type": 10},
        {"expression": '"BEZIRKSNAM"', "length": 40, "name": "bezirk", "precision": 0, "type": 10},
    ]


def run(alg, **params):
    return processing.run(alg, dict(params, OUTPUT="memory:"))["OUTPUT"]


def write(layer, name, first=False):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile if first
                                    else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, GPKG, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error


source = run("native:reprojectlayer", INPUT=os.path.join(SRC, "lor_planungsraeume_until2020_448_wgs84.geojson"),
             TARGET_CRS="EPSG:25833")
raw = run("native:refactorfields", INPUT=run("native:simplifygeometries", INPUT=source, METHOD=0, TOLERANCE=1.0),
          FIELDS_MAPPING=fields('"id"'))
write(raw, "planungsraeume", first=True)

corrected = run("native:refactorfields", INPUT=source, FIELDS_MAPPING=fields(CORRECTED_KEY))
districts = run("native:dissolve", INPUT=corrected, FIELD=["bez_id"])
districts = run("native:deleteholes", INPUT=districts, MIN_AREA=0)
districts = run("native:simplifygeometries", INPUT=districts, METHOD=0, TOLERANCE=1.0)
districts = run("native:refactorfields", INPUT=districts, FIELDS_MAPPING=[
    {"expression": '"bez_id"', "length": 2, "name": "bez_id", "precision": 0, "type": 10},
    {"expression": '"bezirk"', "length": 40, "name": "bezirk", "precision": 0, "type": 10}])
write(districts, "bezirke")

import pandas as pd  # noqa: E402
from qgis.core import QgsFeature  # noqa: E402

from sozialraum_monitor.adapter.compat import make_field  # noqa: E402
from sozialraum_monitor.core.numbers import parse_series  # noqa: E402

tables = os.path.join(OUT, "tables")
os.makedirs(tables, exist_ok=True)
for name in ("mss_2019_tab1.csv", "mss_2019_tab2-1.csv"):
    shutil.copyfile(os.path.join(SRC, name), os.path.join(tables, name))
with open(os.path.join(SRC, "mss_2019_tab4-1.csv"), encoding="utf-8") as handle:
    header, rest = handle.read().split("\n", 1)
header = ",".join(CONTEXT_HEADER.get(column, column) for column in header.split(","))
with open(os.path.join(tables, "mss_2019_tab4-1.csv"), "w", encoding="utf-8") as handle:
    handle.write(header + "\n" + rest)

values = None
for name in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv"):
    table = pd.read_csv(os.path.join(tables, name), dtype=str).set_index("id")
    numeric = pd.DataFrame({c: parse_series(table[c], ".")[0] for c in table.columns if c != "name"})
    values = numeric if values is None else values.join(numeric.drop(columns=["inhabitants"]))
keyed = run("native:refactorfields", INPUT=run("native:simplifygeometries", INPUT=source, METHOD=0, TOLERANCE=1.0),
            FIELDS_MAPPING=fields(CORRECTED_KEY))
layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "sozialraeume", "memory")
layer.dataProvider().addAttributes(list(keyed.fields()) + [make_field(c, "double") for c in values.columns])
layer.updateFields()
features = []
for area in keyed.getFeatures():
    feature = QgsFeature(layer.fields())
    feature.setGeometry(area.geometry())
    row = values.loc[area["plr_id"]] if area["plr_id"] in values.index else None
    feature.setAttributes(area.attributes() + [
        None if row is None or pd.isna(row[c]) else float(row[c]) for c in values.columns])
    features.append(feature)
layer.dataProvider().addFeatures(features)
write(layer, "sozialraeume")
with_values = sum(1 for f in keyed.getFeatures() if f["plr_id"] in values.index)
print(f"{GPKG}: {raw.featureCount()} planning areas ({with_values} with values), {districts.featureCount()} "
      f"districts, {os.path.getsize(GPKG) / 1e6:.1f} MB")
