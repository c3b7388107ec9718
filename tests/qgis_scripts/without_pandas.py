"""Run inside real QGIS (qgis --code): pandas made unimportable, then the plugin loaded, looked at and unloaded;
what the user would see (message bar, message log, Python errors) written as JSON."""
import importlib.abc
import json
import os
import sys

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QToolBar
from qgis.utils import iface

OUT = os.environ["SOZIALRAUM_TEST_OUT"]
NAME = "sozialraum_monitor"


class BlockPandas(importlib.abc.MetaPathFinder):
    """As on a QGIS without pandas: `import pandas` raises ModuleNotFoundError."""

    def find_spec(self, name, path=None, target=None):  # noqa: ARG002 (importlib's MetaPathFinder API)
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return None


for module in [m for m in sys.modules if m == "pandas" or m.startswith("pandas.")]:
    del sys.modules[module]
sys.meta_path.insert(0, BlockPandas())

log = []
QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: log.append([tag, int(level), text]))
python_errors = []
original_show_exception = qgis.utils.showException


def record_exception(*args, **kwargs):
    import traceback

    python_errors.append("".join(traceback.format_exception(*args[:3])))
    return original_show_exception(*args, **kwargs)


qgis.utils.showException = record_exception


def bar_items():
    return [{"title": item.title(), "text": item.text(), "level": int(item.level())}
            for item in iface.messageBar().items()]


def run():
    result = {}
    try:
        qgis.utils.updateAvailablePlugins()
        result["loaded"] = bool(qgis.utils.loadPlugin(NAME))
        result["started"] = bool(qgis.utils.startPlugin(NAME))
        QgsApplication.processEvents()
        plugin = qgis.utils.plugins.get(NAME)
        result["plugin_class"] = type(plugin).__name__ if plugin is not None else None
        result["bar"] = bar_items()
        result["provider"] = QgsApplication.processingRegistry().providerById("sozialraum") is not None
        result["toolbars"] = len([t for t in iface.mainWindow().findChildren(QToolBar)
                                  if t.objectName() == "SozialraumMonitorToolbar"])
        result["unloaded"] = bool(qgis.utils.unloadPlugin(NAME))
        QgsApplication.processEvents()
        result["bar_after_unload"] = bar_items()
        result["pandas_importable"] = True
        try:
            import pandas  # noqa: F401
        except ImportError:
            result["pandas_importable"] = False
    except Exception:  # report to the test, whatever it was
        import traceback
        result["error"] = traceback.format_exc()
    result["log"] = [entry for entry in log if entry[0] == "Sozialraum Monitor" or "Traceback" in entry[2]]
    result["python_errors"] = python_errors
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    QTimer.singleShot(0, QgsApplication.instance().quit)


QTimer.singleShot(500, run)
