"""The Processing provider `sozialraum`: every module in this package that defines ALGORITHM."""
import importlib
import os
import pkgutil

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr

PROVIDER_ID = "sozialraum"
ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "icon.svg")


def algorithm_classes():
    """The algorithm classes, one module each (processing/<name>.py with ALGORITHM = TheClass)."""
    package = __name__.rsplit(".", 1)[0]
    classes = []
    for module_info in sorted(pkgutil.iter_modules([os.path.dirname(__file__)]), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{module_info.name}")
        if hasattr(module, "ALGORITHM"):
            classes.append(module.ALGORITHM)
    return classes


class SozialraumProvider(QgsProcessingProvider):
    def id(self):
        return PROVIDER_ID

    def name(self):
        return tr("Sozialraum Monitor")

    def longName(self):
        return tr("Sozialraum Monitor: small-area social monitoring")

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):
        return ICON

    def loadAlgorithms(self):
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
