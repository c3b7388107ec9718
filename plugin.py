"""Wiring only: translation, the Processing provider, the profile dock and its actions."""
import os

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .algorithms.provider import SozialraumProvider
from .i18n import install_translator, remove_translator, tr

ICON = os.path.join(os.path.dirname(__file__), "resources", "icons", "icon.svg")
LOG_TAG = "Sozialraum Monitor"
MENU = "&Sozialraum Monitor"


class SozialraumMonitorPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
        self.actions = []
        self.toolbar = None
        self.options_factory = None

    def initProcessing(self):  # noqa: N802 (QGIS API)
        if self.provider is None:
            install_translator()
            self.provider = SozialraumProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        install_translator()
        self.initProcessing()
        from .ui.dock import ProfileDock

        self.dock = ProfileDock(self.iface)
        self.dock.setObjectName("SozialraumProfilDock")
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.toolbar = self.iface.addToolBar(tr("Sozialraum Monitor"))
        self.toolbar.setObjectName("SozialraumMonitorToolbar")
        show_dock = self._add_action(tr("Social space profile"), self._toggle_dock, checkable=True)
        self.dock.visibilityChanged.connect(show_dock.setChecked)
        for action in self.dock.actions_for_toolbar():
            self.toolbar.addAction(action)
            self.iface.addPluginToMenu(MENU, action)
            self.actions.append(action)
        self._add_action(tr("About Sozialraum Monitor"), self._about, toolbar=False)
        from .ui.options import PrivacyOptionsFactory

        self.options_factory = PrivacyOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def _add_action(self, text, slot, checkable=False, toolbar=True):
        action = QAction(QIcon(ICON), text, self.iface.mainWindow())
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        if toolbar:
            self.toolbar.addAction(action)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)
        return action

    def _toggle_dock(self, checked):
        self.dock.setVisible(checked)

    def _about(self):
        from .ui.about import show_about

        show_about(self.iface.mainWindow())

    def unload(self):
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
        self.actions = []
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator()
        QgsMessageLog.logMessage(tr("Plugin unloaded"), LOG_TAG, Qgis.MessageLevel.Info)
