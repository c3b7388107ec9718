"""Python packages QGIS does not ship everywhere, and the stand-in plugin loaded when one is missing.

pandas comes with QGIS on Windows (OSGeo4W and the standalone installer) but not with Debian's/Ubuntu's QGIS
packages nor with the official macOS build. Without it the plugin cannot work, but it must not greet the user
with a traceback either: classFactory() then returns MissingPackagesPlugin, which says in the message bar and
the message log what to install on this platform, registers nothing and unloads cleanly. Imports here are Qt and
QGIS only.
"""
import contextlib
import importlib
import os
import sys

from qgis.core import Qgis, QgsMessageLog

from .i18n import install_translator, remove_translator, tr

REQUIRED = ("numpy", "pandas")
LOG_TAG = "Sozialraum Monitor"


def missing_packages():
    """[(name, error text)] of the REQUIRED packages that do not import (missing, or broken, e.g. built for another
    numpy)."""
    missing = []
    for name in REQUIRED:
        try:
            importlib.import_module(name)
        except Exception as error:  # any failure to import is reported the same way
            missing.append((name, f"{type(error).__name__}: {error}"))
    return missing


def platform_key(platform=None, environ=None):
    """'windows', 'macos', 'flatpak', 'debian' or 'other' for the system QGIS runs on."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    if environ.get("FLATPAK_ID") or os.path.exists("/.flatpak-info"):
        return "flatpak"
    if os.path.exists("/etc/debian_version"):
        return "debian"
    return "other"


def install_hints():
    """{platform key: how to install pandas there}, translated (tr) at call time."""
    return {
        "windows": tr("Windows (OSGeo4W): pandas is included in the QGIS installer. With the OSGeo4W network "
                      "installer choose Advanced Install and select the package python3-pandas, then restart QGIS."),
        "debian": tr("Debian/Ubuntu: in a terminal run  sudo apt install python3-pandas  and restart QGIS."),
        "macos": tr("macOS (official QGIS build): in Terminal run  /Applications/QGIS.app/Contents/MacOS/bin/pip3 "
                    "install pandas  (for the long-term release QGIS-LTR.app instead of QGIS.app) and restart QGIS."),
        "flatpak": tr("Flatpak: in a terminal run  flatpak run --command=pip3 org.qgis.qgis install --user pandas  "
                      "and restart QGIS."),
        "other": tr("Other systems: install pandas for the Python that QGIS uses (python3 -m pip install --user "
                    "pandas) and restart QGIS."),
    }


def message(missing, platform=None):
    """(short text for the message bar, full text with every platform for the log and the details box)."""
    names = ", ".join(name for name, _error in missing)
    hints = install_hints()
    key = platform or platform_key()
    short = tr("Sozialraum Monitor needs the Python package {names}, which this QGIS installation lacks.").format(
        names=names) + " " + hints[key]
    others = [hints[k] for k in ("windows", "debian", "macos", "flatpak", "other") if k != key]
    details = [short, "", tr("On other systems:")] + [f"- {hint}" for hint in others] + [
        "", tr("Import errors:")] + [f"- {name}: {error}" for name, error in missing]
    return short, "\n".join(details)


class MissingPackagesPlugin:
    """Loaded instead of the plugin when a required package is missing: explains, registers nothing."""

    def __init__(self, iface, missing):
        self.iface = iface
        self.missing = missing
        self.item = None
        self.logged = False

    def _log(self, details):
        if not self.logged:
            QgsMessageLog.logMessage(details, LOG_TAG, Qgis.MessageLevel.Critical)
            self.logged = True

    def initProcessing(self):  # noqa: N802 (QGIS API)
        install_translator()
        _short, details = message(self.missing)
        self._log(details)  # qgis_process prints the log to the terminal

    def initGui(self):  # noqa: N802
        install_translator()
        short, details = message(self.missing)
        self._log(details)
        from qgis.PyQt.QtWidgets import QMessageBox, QPushButton

        bar = self.iface.messageBar()
        item = bar.createMessage(tr("Sozialraum Monitor"), short)
        button = QPushButton(tr("Details"))
        button.clicked.connect(lambda: QMessageBox.information(self.iface.mainWindow(), tr("Sozialraum Monitor"),
                                                               details))
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Critical, 0)
        self.item = item

    def unload(self):
        if self.item is not None and self.iface is not None:
            with contextlib.suppress(RuntimeError):  # the user closed it: Qt deleted the widget already
                self.iface.messageBar().popWidget(self.item)
            self.item = None
        remove_translator()
