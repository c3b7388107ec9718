"""The Processing provider `sozialraum` and the explicit list of its algorithms."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from .aggregate_indicators import AggregateIndicators
from .allocate import AllocateFunds
from .classify import ClassifyIndicator
from .comparisons import Comparisons
from .composite_index import CompositeIndex
from .hotspots import Hotspots
from .join_indicators import JoinIndicators
from .map_series import MapSeries
from .profile_report import ProfileReport
from .supply import SupplyAnalysis
from .typology import Typology

PROVIDER_ID = "sozialraum"
ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "icon.svg")

# One line per algorithm; a new algorithm is added here (and nowhere else).
ALGORITHMS = (
    JoinIndicators,
    AggregateIndicators,
    ClassifyIndicator,
    CompositeIndex,
    Comparisons,
    ProfileReport,
    MapSeries,
    SupplyAnalysis,
    AllocateFunds,
    Typology,
    Hotspots,
)


def algorithm_classes():
    """The algorithm classes the provider offers, in the order of ALGORITHMS."""
    return list(ALGORITHMS)


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
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
