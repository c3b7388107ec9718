"""The dock "Sozialraumprofil" (filled in by the profile feature)."""
from qgis.PyQt.QtWidgets import QDockWidget, QLabel

from ..i18n import tr


class ProfileDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Social space profile"), parent or iface.mainWindow())
        self.iface = iface
        self.setWidget(QLabel(tr("Click a social space to see its profile.")))

    def actions_for_toolbar(self):
        return []

    def unload(self):
        pass
