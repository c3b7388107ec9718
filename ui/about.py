"""The About box: version, purpose and the attribution of the bundled sample data."""
import configparser
import os

from qgis.PyQt.QtWidgets import QMessageBox

from ..i18n import tr

ROOT = os.path.dirname(os.path.dirname(__file__))


def plugin_version():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version", fallback="?")


def sample_attribution():
    path = os.path.join(ROOT, "resources", "sample", "ATTRIBUTION.txt")
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


def about_text():
    return "\n\n".join([
        tr("Sozialraum Monitor {version}").format(version=plugin_version()),
        tr("Small-area social monitoring for QGIS: join indicator tables, classify and map indicators, "
           "composite indices, comparisons and social space profiles."),
        tr("Sample data:"),
        sample_attribution(),
    ])


def show_about(parent):
    box = QMessageBox(parent)
    box.setWindowTitle(tr("About Sozialraum Monitor"))
    box.setText(about_text())
    box.exec()
