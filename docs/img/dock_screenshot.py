"""Screenshot of the profile dock for the README (docs/img/dock.png), made in the real QGIS under Xvfb:

    mkdir -p /tmp/shot/profiles/profiles/default/QGIS
    printf '[locale]\noverrideFlag=true\nuserLocale=de_DE\n' > /tmp/shot/profiles/profiles/default/QGIS/QGIS3.ini
    SOZIALRAUM_ROOT=$PWD SHOT_OUT=/tmp/shot QGIS_PLUGINPATH=$PWD/build/plugins xvfb-run -a qgis --nologo \
        --noversioncheck --profiles-path /tmp/shot/profiles --code docs/img/dock_screenshot.py

Inside real QGIS: load the sample layer, enable the plugin, set up the profile, show one area, save screenshots."""
import os
import traceback

import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer, Qt
from qgis.utils import iface

ROOT = os.environ.get("SOZIALRAUM_ROOT", os.getcwd())
OUT = os.environ.get("SHOT_OUT", "/tmp/shot")


def run():
    log = open(os.path.join(OUT, "log.txt"), "w")
    try:
        layer = QgsVectorLayer(f"{ROOT}/resources/sample/berlin_mss2019.gpkg|layername=sozialraeume", "Sozialräume", "ogr")
        QgsProject.instance().addMapLayer(layer)
        qgis.utils.loadPlugin("sozialraum_monitor")
        qgis.utils.startPlugin("sozialraum_monitor")
        plugin = qgis.utils.plugins["sozialraum_monitor"]
        from sozialraum_monitor.core.project_setup import detect_setup
        dock = plugin.dock
        dock.apply_setup(detect_setup(layer))
        iface.mainWindow().showMaximized()
        dock.show()
        iface.mainWindow().resizeDocks([dock], [900], Qt.Orientation.Horizontal)
        iface.mapCanvas().setExtent(layer.extent())
        dock.action_map_tool.trigger()
        feature = next(layer.getFeatures("\"plr_id\" = '08010117'"))
        layer.selectByIds([feature.id()])
        log.write(f"profile {dock.profile.key if dock.profile else None}\n")
        QTimer.singleShot(1200, lambda: zoom(layer))
        QTimer.singleShot(3500, lambda: save(dock, log))
    except Exception:
        log.write(traceback.format_exc())
        log.close()
        QTimer.singleShot(0, QgsApplication.instance().quit)


def zoom(layer):
    iface.mapCanvas().zoomToSelected(layer)
    iface.mapCanvas().zoomScale(80000)
    iface.mapCanvas().refresh()


def save(dock, log):
    try:
        iface.mainWindow().grab().save(os.path.join(OUT, "window.png"))
        dock.setFloating(True)
        dock.resize(1180, 790)
        QgsApplication.processEvents()
        QTimer.singleShot(800, lambda: save_dock(dock, log))
    except Exception:
        log.write(traceback.format_exc())
        log.close()
        QTimer.singleShot(0, QgsApplication.instance().quit)


def save_dock(dock, log):
    try:
        dock.grab().save(os.path.join(OUT, "dock.png"))
        log.write("saved\n")
    except Exception:
        log.write(traceback.format_exc())
    log.close()
    QTimer.singleShot(0, QgsApplication.instance().quit)


QTimer.singleShot(1500, run)
