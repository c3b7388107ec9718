"""Setup dialog of the profile: layer, key/name/population fields, parent units, indicator catalogue."""
from qgis.core import QgsFieldProxyModel, QgsMapLayerProxyModel
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..adapter.project_setup import ProfileSetup, detect_setup, parent_mismatches
from ..i18n import tr

PARENT_LEVELS = 3


class SetupDialog(QDialog):
    """Edits a ProfileSetup; `setup()` returns the chosen one."""

    def __init__(self, setup=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Set up social space profile"))
        self.setAccessibleName(tr("Set up social space profile"))
        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox(self)
        self.layer_combo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.key_combo = self._field_combo(False)
        self.name_combo = self._field_combo(True)
        self.population_combo = self._field_combo(True, QgsFieldProxyModel.Filter.Numeric)
        self._add(form, tr("&Layer of social spaces:"), self.layer_combo)
        self._add(form, tr("&Key field:"), self.key_combo)
        self._add(form, tr("&Name field:"), self.name_combo)
        self._add(form, tr("&Population field:"), self.population_combo)
        self.parent_combos = []
        for level in range(PARENT_LEVELS):
            key_combo, name_combo = self._field_combo(True), self._field_combo(True)
            row = QHBoxLayout()
            row.addWidget(key_combo)
            row.addWidget(QLabel(tr("name:")))
            row.addWidget(name_combo)
            label = QLabel(tr("Parent unit {number}:").format(number=level + 1))
            label.setBuddy(key_combo)
            key_combo.setAccessibleName(tr("Parent unit {number}: key field").format(number=level + 1))
            name_combo.setAccessibleName(tr("Parent unit {number}: name field").format(number=level + 1))
            form.addRow(label, row)
            self.parent_combos.append((key_combo, name_combo))
        self.catalogue_widget = QgsFileWidget(self)
        self.catalogue_widget.setFilter(tr("Indicator catalogue (*.csv)"))
        self._add(form, tr("Indicator &catalogue:"), self.catalogue_widget)
        self.layer_combo.layerChanged.connect(self._layer_changed)
        detect = QPushButton(tr("&Detect"))
        detect.setToolTip(tr("Guess the fields from the layer's field names"))
        detect.clicked.connect(self.detect)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(detect, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.report = QLabel("", self)       # what detection noticed: areas that do not nest in their parent
        self.report.setWordWrap(True)
        self.report.setAccessibleName(tr("Detection notes"))
        self.report.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self._layer_changed(self.layer_combo.currentLayer())
        if setup is not None:
            self.set_setup(setup)
        elif self.layer_combo.currentLayer() is not None:
            self.detect()

    def _field_combo(self, allow_empty, filters=None):
        combo = QgsFieldComboBox(self)
        combo.setAllowEmptyFieldName(allow_empty)
        if filters is not None:
            combo.setFilters(filters)
        return combo

    @staticmethod
    def _add(form, text, widget):
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", "").rstrip(":"))
        form.addRow(label, widget)

    def _combos(self):
        return [self.key_combo, self.name_combo, self.population_combo] + [c for pair in self.parent_combos
                                                                            for c in pair]

    def _layer_changed(self, layer):
        for combo in self._combos():
            combo.setLayer(layer)

    def detect(self):
        layer = self.layer_combo.currentLayer()
        if layer is not None:
            setup = detect_setup(layer, self.catalogue_widget.filePath())
            self.set_setup(setup)
            self.report_mismatches(parent_mismatches(layer, setup))

    def report_mismatches(self, mismatches):
        """Name the areas whose key does not begin with their parent's key (detection went by the majority)."""
        lines = []
        for field, pairs in mismatches.items():
            keys = ", ".join(f"{key} ({parent})" for key, parent in pairs[:10]) + (" …" if len(pairs) > 10 else "")
            lines.append(tr("Parent unit '{field}': {count} areas whose key does not begin with the parent's key "
                            "(area (parent)): {keys}. Check these rows; the parent unit is used for all others.")
                         .format(field=field, count=len(pairs), keys=keys))
        self.report.setText("\n".join(lines))
        self.report.setVisible(bool(lines))

    def set_setup(self, setup):
        from qgis.core import QgsProject

        layer = QgsProject.instance().mapLayer(setup.layer_id)
        if layer is not None:
            self.layer_combo.setLayer(layer)
        self.key_combo.setField(setup.key_field)
        self.name_combo.setField(setup.name_field)
        self.population_combo.setField(setup.population_field)
        for level, (key_combo, name_combo) in enumerate(self.parent_combos):
            key_f, name_f = setup.parent_fields[level] if level < len(setup.parent_fields) else ("", "")
            key_combo.setField(key_f)
            name_combo.setField(name_f)
        if setup.catalogue_path:
            self.catalogue_widget.setFilePath(setup.catalogue_path)

    def setup(self):
        layer = self.layer_combo.currentLayer()
        parents = tuple((k.currentField(), n.currentField()) for k, n in self.parent_combos if k.currentField())
        return ProfileSetup(layer.id() if layer else "", self.key_combo.currentField(),
                            self.name_combo.currentField(), self.population_combo.currentField(), parents,
                            self.catalogue_widget.filePath())
