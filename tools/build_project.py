"""Build the sample project resources/sample/sozialraum_monitor_beispiel.qgz (run by hand after build_sample.py).

Layers (paths relative to the project): the planning areas with the MSS 2019 indicators, classified by
Kinderarmut (exact natural breaks, 5 classes, the plugin's own symbology), field aliases from the catalogue,
and above them the districts as outlines with labels (style kept as resources/sample/bezirke.qml). The project
has the layers' CRS and opens zoomed to Berlin; the profile dock's setup (with the district as parent unit) is
stored in the project (tools/project_kit.py).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import project_kit  # noqa: E402
import qgis_app  # noqa: E402

app, _provider = qgis_app.start()
from qgis.core import (  # noqa: E402
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from sozialraum_monitor.adapter.layers import source_to_frame  # noqa: E402
from sozialraum_monitor.adapter.project_setup import detect_setup, write_setup  # noqa: E402
from sozialraum_monitor.adapter.symbology import apply_classification  # noqa: E402
from sozialraum_monitor.core.catalogue import read_catalogue  # noqa: E402
from sozialraum_monitor.core.classify import classify  # noqa: E402

SAMPLE = os.path.join(qgis_app.ROOT, "resources", "sample")
GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
FIELD = "s4_percentage_transfer_payments_recipients_below_15_years"


def style_districts(layer):
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": "35,35,35", "outline_width": "0.5",
                                         "outline_width_unit": "MM"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    label = QgsPalLayerSettings()
    label.fieldName = "bezirk"
    text = QgsTextFormat()
    text.setFont(QFont("Sans Serif", 9))
    text.setSize(9)
    text.setColor(QColor(20, 20, 20))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    buffer.setColor(QColor(255, 255, 255, 220))
    text.setBuffer(buffer)
    label.setFormat(text)
    label.placement = QgsPalLayerSettings.Placement.OverPoint if hasattr(QgsPalLayerSettings, "Placement") \
        else QgsPalLayerSettings.OverPoint
    layer.setLabeling(QgsVectorLayerSimpleLabeling(label))
    layer.setLabelsEnabled(True)


project = QgsProject.instance()
project.clear()
project.setFileName(os.path.join(SAMPLE, "sozialraum_monitor_beispiel.qgz"))
areas = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "Sozialräume Berlin (MSS 2019)", "ogr")
districts = QgsVectorLayer(f"{GPKG}|layername=bezirke", "Bezirke", "ogr")
style_districts(districts)
catalogue = read_catalogue(os.path.join(SAMPLE, "indikatoren_mss2019.csv"))
AREA_ALIASES = {"plr_id": "Planungsraum-Nr.", "plr_name": "Planungsraum", "bzr_id": "Bezirksregion-Nr.",
                "bez_id": "Bezirk-Nr.", "bezirk": "Bezirk"}
project_kit.set_aliases(areas, catalogue, AREA_ALIASES)
project_kit.set_aliases(districts, [], {"bez_id": "Bezirk-Nr.", "bezirk": "Bezirk"})
districts.saveNamedStyle(os.path.join(SAMPLE, "bezirke.qml"))       # outlines, labels and aliases
values = source_to_frame(areas, [FIELD])[FIELD].to_numpy(float)
apply_classification(areas, FIELD, classify(values, "jenks", 5), catalogue.indicator(FIELD), show_counts=True,
                     keep_previous_style=False)
project.addMapLayers([areas, districts])
project_kit.put_on_top(project, [districts])          # outlines above the choropleth
project_kit.open_on(project, areas)
project.setTitle("Sozialraum Monitor – Beispiel Berlin MSS 2019")
setup = detect_setup(areas)
write_setup(project, setup)
project_kit.write(project, project.fileName())
print(f"{project.fileName()}: {len(project.mapLayers())} layers, setup {setup}")
