"""Screenshots of the profile dock for the README (docs/img/dock.png, docs/img/dock_compare.png), made in the
real QGIS under Xvfb, the dock docked at 400 px beside the map:

    mkdir -p /tmp/shot/profiles/profiles/default/QGIS
    printf '[locale]\noverrideFlag=true\nuserLocale=de_DE\n' > /tmp/shot/profiles/profiles/default/QGIS/QGIS3.ini
    SOZIALRAUM_ROOT=$PWD SHOT_OUT=/tmp/shot QGIS_PLUGINPATH=$PWD/build/plugins xvfb-run -a -s '-screen 0 1920x1080x24' \
        qgis --nologo --noversioncheck --profiles-path /tmp/shot/profiles --code docs/img/dock_screenshot.py

Inside real QGIS: open the sample project, enable the plugin, open the dock (it switches the profile tool on),
select one area, save the dock; pin it, select a second area, save again; then the whole window."""
import os
import traceback

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.utils import iface

ROOT = os.environ.get("SOZIALRAUM_ROOT", os.getcwd())
OUT = os.environ.get("SHOT_OUT", "/tmp/shot")
WIDTH = 400
STEPS = []


def step(function):
    STEPS.append(function)
    return function


def run_next(log):
    if not STEPS:
        log.close()
        QgsApplication.instance().quit()
        return
    try:
        STEPS.pop(0)(log)
    except Exception:
        log.write(traceback.format_exc())
        STEPS.clear()
    QTimer.singleShot(1500, lambda: run_next(log))


@step
def open_project(_log):
    QgsProject.instance().read(os.path.join(ROOT, "resources", "sample", "sozialraum_monitor_beispiel.qgz"))
    qgis.utils.loadPlugin("sozialraum_monitor")
    qgis.utils.startPlugin("sozialraum_monitor")
    iface.mainWindow().showMaximized()


@step
def open_dock(log):
    dock = qgis.utils.plugins["sozialraum_monitor"].dock
    dock.show()
    iface.mainWindow().resizeDocks([dock], [WIDTH], Qt.Orientation.Horizontal)
    log.write(f"map tool on: {iface.mapCanvas().mapTool() is dock.map_tool}\n")
    dock.layer.selectByIds([next(dock.layer.getFeatures("\"plr_id\" = '08010117'")).id()])
    dock._select_indicator("s1_percentage_unemployed")
    iface.mapCanvas().zoomToSelected(dock.layer)
    iface.mapCanvas().zoomScale(60000)


@step
def save_single(log):
    dock = qgis.utils.plugins["sozialraum_monitor"].dock
    log.write(f"dock width {dock.width()}, columns {dock.visible_kinds()}\n")
    dock.grab().save(os.path.join(OUT, "dock.png"))
    iface.mainWindow().grab().save(os.path.join(OUT, "window.png"))
    dock.action_pin.trigger()
    dock.layer.selectByIds([next(dock.layer.getFeatures("\"plr_id\" = '08010118'")).id()])


@step
def save_compare(log):
    dock = qgis.utils.plugins["sozialraum_monitor"].dock
    log.write(f"compare columns {dock.visible_kinds()}\n")
    dock.grab().save(os.path.join(OUT, "dock_compare.png"))
    log.write("saved\n")


QTimer.singleShot(1500, lambda: run_next(open(os.path.join(OUT, "log.txt"), "w")))  # noqa: SIM115 (run_next closes it)
