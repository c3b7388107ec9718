"""What every Sozialraum Monitor algorithm shares: translation, instance creation, help links."""
from qgis.core import QgsProcessingAlgorithm

from ..i18n import tr


class SozialraumAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set name/displayName/group/groupId/shortHelpString and the two init/process methods."""

    def tr(self, text):
        return tr(text)

    def createInstance(self):
        return type(self)()

    def helpUrl(self):
        return "https://github.com/sozialraum-monitor/sozialraum_monitor#readme"
