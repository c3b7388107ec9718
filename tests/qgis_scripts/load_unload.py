"""Run inside real QGIS (qgis --code): load, unload and load the plugin again; write what was seen as JSON."""
import json
import os

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget, QToolBar
from qgis.utils import iface

OUT = os.environ["SOZIALRAUM_TEST_OUT"]
NAME = "sozialraum_monitor"


def state():
    window = iface.mainWindow()
    menu_actions = [a.text() for a in window.menuBar().actions()]
    plugin_menu = next((a.menu() for a in window.menuBar().actions() if a.menu() and
                        a.menu().objectName() == "mPluginMenu"), None)
    ours = [a for a in (plugin_menu.actions() if plugin_menu else []) if "Sozialraum" in a.text()]
    return {
        "providers": [p.id() for p in QgsApplication.processingRegistry().providers()].count("sozialraum"),
        "algorithms": len(QgsApplication.processingRegistry().providerById("sozialraum").algorithms())
        if QgsApplication.processingRegistry().providerById("sozialraum") else 0,
        "docks": len([d for d in window.findChildren(QDockWidget) if d.objectName() == "SozialraumProfilDock"]),
        "toolbars": len([t for t in window.findChildren(QToolBar) if t.objectName() == "SozialraumMonitorToolbar"]),
        "plugin_menus": len(ours),
        "menu_bar": len(menu_actions),
    }


def run():
    result = {}
    try:
        qgis.utils.updateAvailablePlugins()
        result["available"] = NAME in qgis.utils.available_plugins
        qgis.utils.loadPlugin(NAME)
        qgis.utils.startPlugin(NAME)
        result["loaded"] = state()
        qgis.utils.unloadPlugin(NAME)
        QgsApplication.processEvents()
        result["unloaded"] = state()
        qgis.utils.loadPlugin(NAME)
        qgis.utils.startPlugin(NAME)
        result["reloaded"] = state()
    except Exception as error:  # report to the test, whatever it was
        import traceback
        result["error"] = traceback.format_exc() + str(error)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    QTimer.singleShot(0, QgsApplication.instance().quit)


QTimer.singleShot(500, run)
