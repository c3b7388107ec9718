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


def peak_mb():
    """This process's own peak resident size in MB: VmHWM belongs to the process image since exec (ru_maxrss would
    keep the size of the parent it was forked from: 1 GB and more inside make bench). The benches' child runs."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
