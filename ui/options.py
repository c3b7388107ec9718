"""QGIS Options -> "Sozialraum Monitor": the privacy defaults (minimum count, minimum population).

These settings are only the defaults of the algorithms' parameters and of the dock: a model, a batch run or a
qgis_process call gives the same result on every machine, because results follow the parameters alone.
"""
import os

from qgis.core import QgsSettings
from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout

from ..core.privacy import DEFAULT_MIN_COUNT, SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION
from ..i18n import tr

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "icon.svg")


class PrivacyOptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        settings = QgsSettings()
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "Statistical confidentiality: counts below the minimum count, every rate built on such a count and "
            "every value that would let one be recovered by subtraction are hidden in maps, profiles, reports and "
            "exports (shown as 'unterdrückt', never as 0). Areas with fewer residents than the minimum population "
            "show no values. These are the defaults of the algorithms' parameters and of the profile dock; a "
            "parameter given in a run always wins. 0 switches a threshold off."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.min_count = QSpinBox()
        self.min_count.setRange(0, 1000)
        self.min_count.setValue(int(settings.value(SETTINGS_MIN_COUNT, DEFAULT_MIN_COUNT)))
        self.min_count.setToolTip(tr("Counts from 1 to this number minus 1 are hidden. 0 = off."))
        form.addRow(tr("Minimum count"), self.min_count)
        self.min_population = QSpinBox()
        self.min_population.setRange(0, 10_000_000)
        self.min_population.setValue(int(float(settings.value(SETTINGS_MIN_POPULATION, 0))))
        self.min_population.setToolTip(tr("Areas with fewer residents show no values. 0 = off."))
        form.addRow(tr("Minimum population"), self.min_population)
        layout.addLayout(form)
        layout.addStretch(1)

    def apply(self):
        settings = QgsSettings()
        settings.setValue(SETTINGS_MIN_COUNT, self.min_count.value())
        settings.setValue(SETTINGS_MIN_POPULATION, self.min_population.value())


class PrivacyOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("Sozialraum Monitor"))

    def icon(self):
        return QIcon(ICON)

    def createWidget(self, parent):  # noqa: N802 (QGIS API name)
        return PrivacyOptionsPage(parent)
