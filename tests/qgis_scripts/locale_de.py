"""Run inside real QGIS started with `--lang de` (fresh profile, no override flag): which language QGIS and the
plugin speak, and how Qt writes a shortcut; written as JSON."""
import json
import os

import qgis.utils
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTimer
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import QToolBar
from qgis.utils import iface

OUT = os.environ["SOZIALRAUM_TEST_OUT"]
NAME = "sozialraum_monitor"


def shortcut():
    return QKeySequence("Ctrl+P").toString(QKeySequence.SequenceFormat.NativeText)


def run():
    result = {}
    try:
        settings = QgsSettings()
        result["override_flag"] = settings.value("locale/overrideFlag", False, type=bool)
        result["qgis_translation"] = QgsApplication.instance().translation()
        result["shortcut_before"] = shortcut()
        qgis.utils.updateAvailablePlugins()
        qgis.utils.loadPlugin(NAME)
        qgis.utils.startPlugin(NAME)
        from sozialraum_monitor.i18n import tr, user_language

        result["language"] = user_language()
        result["tr"] = tr("Social space profile")
        toolbar = next(t for t in iface.mainWindow().findChildren(QToolBar)
                       if t.objectName() == "SozialraumMonitorToolbar")
        result["toolbar"] = [a.text() for a in toolbar.actions()]
        join = QgsApplication.processingRegistry().algorithmById("sozialraum:joinindicators")
        result["algorithm"] = join.displayName()
        result["shortcut"] = shortcut()
        result["qt_cancel"] = QCoreApplication.translate("QPlatformTheme", "Cancel")
        qgis.utils.unloadPlugin(NAME)
    except Exception:  # report to the test, whatever it was
        import traceback
        result["error"] = traceback.format_exc()
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    QTimer.singleShot(0, QgsApplication.instance().quit)


QTimer.singleShot(500, run)
