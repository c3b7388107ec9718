"""Start a headless QGIS application for the dev tools (demo, sample builder, bench)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS = os.path.join(ROOT, "build", "plugins")
SHARED_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))


def start():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not os.path.exists(os.path.join(PLUGINS, "sozialraum_monitor")):
        os.makedirs(PLUGINS, exist_ok=True)
        os.symlink("../..", os.path.join(PLUGINS, "sozialraum_monitor"))
    sys.path.insert(0, PLUGINS)
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from sozialraum_monitor.algorithms.provider import SozialraumProvider

    provider = SozialraumProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider
