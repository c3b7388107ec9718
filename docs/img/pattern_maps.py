"""Maps of the README examples of sozialraum:typology and sozialraum:hotspots (docs/img/typology_map.png,
docs/img/hotspots_map.png), made headless in real QGIS from the sample data:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/img/pattern_maps.py [output folder]

Runs both algorithms as the README shows, styles their output with the .qml each writes, and exports a print
layout (map, legend, title, source) as PNG."""
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qgis_app  # noqa: E402

SAMPLE = os.path.join(ROOT, "resources", "sample")
LAYER = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume"
DISTRICTS = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=bezirke"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S4 = "s4_percentage_transfer_payments_recipients_below_15_years"
TYPOLOGY = {"INPUT": LAYER, "INDICATORS": ["s1_percentage_unemployed", S4, "k03_old_age_poverty",
                                          "k05_inhabitants_with_migration_background", "k15_living_space"],
            "TYPES": 5, "ORDER_BY": S4, "CATALOGUE": CATALOGUE}
HOTSPOTS = {"INPUT": LAYER, "INDICATOR": S4, "NEIGHBOURS": 0, "CATALOGUE": CATALOGUE, "KEY_FIELD": "plr_id"}


NAMES = ["arm, beengt", "arm, auch im Alter, migrantisch", "durchschnittlich", "wohlhabend, geräumig",
         "Sonderfälle: sehr wenig Wohnfläche"]  # the sample's five types, named from their profiles


def export(path, title, name, layer_path, qml, source_text):
    from qgis.core import (
        QgsLayoutExporter,
        QgsLayoutItemLabel,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsUnitTypes,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtGui import QColor, QFont

    project = QgsProject.instance()
    project.clear()
    layer = QgsVectorLayer(layer_path, name, "ogr")
    layer.loadNamedStyle(qml)
    districts = QgsVectorLayer(DISTRICTS, "Bezirke", "ogr")
    districts.loadNamedStyle(os.path.join(SAMPLE, "bezirke.qml"))
    project.addMapLayers([layer, districts])
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(275, 150, QgsUnitTypes.LayoutMillimeters))
    mm = QgsUnitTypes.LayoutMillimeters
    heading = QgsLayoutItemLabel(layout)
    heading.setText(title)
    heading.setFont(QFont("Sans", 14, QFont.Bold))
    heading.attemptMove(QgsLayoutPoint(6, 4, mm))
    heading.attemptResize(QgsLayoutSize(263, 10, mm))
    layout.addLayoutItem(heading)
    item = QgsLayoutItemMap(layout)
    item.attemptMove(QgsLayoutPoint(4, 15, mm))
    item.attemptResize(QgsLayoutSize(150, 125, mm))
    item.setLayers([districts, layer])
    extent = layer.extent()
    extent.scale(1.03)
    item.setExtent(extent)
    item.setBackgroundColor(QColor("white"))
    layout.addLayoutItem(item)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    legend.model().rootGroup().removeLayer(districts)
    legend.setTitle("")
    legend.attemptMove(QgsLayoutPoint(158, 18, mm))
    layout.addLayoutItem(legend)
    note = QgsLayoutItemLabel(layout)
    note.setText(source_text)
    note.setFont(QFont("Sans", 7))
    note.attemptMove(QgsLayoutPoint(6, 141, mm))
    note.attemptResize(QgsLayoutSize(263, 8, mm))
    layout.addLayoutItem(note)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 110
    result = QgsLayoutExporter(layout).exportToImage(path, settings)
    assert result == QgsLayoutExporter.Success, result


def main(out):
    _app, _provider = qgis_app.start()
    import processing

    work = tempfile.mkdtemp()
    source = ("Daten: AfS Berlin-Brandenburg, SenSW Berlin, MSS 2019 (CC BY 3.0 DE); Geometrien: LOR-Planungsräume, "
              "Geoportal Berlin (CC BY 3.0 DE)")
    names = os.path.join(work, "typnamen.csv")
    processing.run("sozialraum:typology", dict(TYPOLOGY, OUTPUT="memory:", OUTPUT_NAMES=names, OUTPUT_REPORT=""))
    with open(names, encoding="utf-8-sig") as handle:  # the user's step: enter names in the table
        lines = handle.read().splitlines()
    for number, name in enumerate(NAMES, start=1):
        parts = lines[number].split(";")
        lines[number] = ";".join([parts[0], name] + parts[2:])
    with open(names, "w", encoding="utf-8-sig") as handle:
        handle.write("\n".join(lines) + "\n")
    typology = processing.run("sozialraum:typology", dict(
        TYPOLOGY, NAMES=names, OUTPUT=os.path.join(work, "typen.gpkg"), OUTPUT_NAMES="", OUTPUT_REPORT=""))
    export(os.path.join(out, "typology_map.png"), "Sozialraumtypen (Ward, k = 5, Berlin 2018)", "Sozialraumtyp",
           typology["OUTPUT"], os.path.join(work, "typen.qml"), source)
    hotspots = processing.run("sozialraum:hotspots", dict(HOTSPOTS, OUTPUT=os.path.join(work, "haeufungen.gpkg"),
                                                          OUTPUT_REPORT=""))
    export(os.path.join(out, "hotspots_map.png"), "Kinderarmut: lokale Häufungen (LISA, Queen, 999 Permutationen)",
           "LISA-Klasse", hotspots["OUTPUT"], os.path.join(work, "haeufungen.qml"), source)
    print("written:", os.path.join(out, "typology_map.png"), os.path.join(out, "hotspots_map.png"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
