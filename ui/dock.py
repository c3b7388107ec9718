"""The dock "Sozialraumprofil": click a social space (or select it) and see its profile; compare, export, copy."""
import contextlib
import os

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProject, QgsWkbTypes
from qgis.gui import QgsRubberBand
from qgis.PyQt.QtCore import QEvent, QMimeData, QRect, QSize, Qt
from qgis.PyQt.QtGui import QColor, QGuiApplication, QIcon, QKeySequence
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QAction,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..adapter import exports
from ..adapter.project_setup import build_index, read_setup, setup_layer, write_setup
from ..core import profile_export
from ..core.html import esc
from ..core.numbers import format_number
from ..i18n import tr
from .maptool import ProfileMapTool
from .profile_model import (
    CHANGE,
    DEVIATION,
    DIFFERENCE,
    INDICATOR_ROLE,
    OTHER,
    PARENT,
    PREVIOUS,
    RANK,
    REGION,
    VALUE,
    DeviationDelegate,
    ProfileModel,
)

LOG_TAG = "Sozialraum Monitor"
# map highlight of the shown (clicked) area and of the pinned area in compare mode: (outline, fill)
HIGHLIGHT_COLOURS = {"shown": (QColor(230, 85, 13), QColor(230, 85, 13, 50)),
                     "pinned": (QColor(33, 102, 172), QColor(33, 102, 172, 50))}
EXPORT_FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "html": "HTML (*.html)", "pdf": "PDF (*.pdf)"}
ICONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")
# columns shown when the dock is narrow (350-400 px): value and bar first, the rest in the details below
# columns by priority when the dock is narrow (350-400 px): value and bar first; what does not fit beside a
# readable indicator column is folded away into the details panel below the table (nothing scrolls sideways)
PRIORITY = (VALUE, DEVIATION, PARENT, REGION, RANK, CHANGE, PREVIOUS)
COMPARE_PRIORITY = (VALUE, OTHER, DIFFERENCE, PARENT, REGION, DEVIATION, RANK, CHANGE, PREVIOUS)
MIN_INDICATOR_WIDTH = {True: 120, False: 200}   # the indicator column keeps this much: compact / all columns
BAR_WIDTH = {True: 64, False: 120}              # the deviation bar column: compact / all columns


def _icon(name):
    """A QGIS theme icon ("/mActionOptions.svg") or one of the plugin's own (resources/icons/<name>)."""
    own = os.path.join(ICONS, name)
    return QIcon(own) if os.path.exists(own) else QgsApplication.getThemeIcon(name)


class WrappingDelegate(QStyledItemDelegate):
    """Indicator titles wrap onto a second line instead of being cut off in a narrow dock."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index):  # noqa: N802 (Qt API)
        hint = super().sizeHint(option, index)
        if index.internalId() == 0:          # theme heading: spans the row
            return hint
        width = self.view.header().sectionSize(0) - 2 * self.view.indentation() - 8
        text = index.data() or ""
        if width <= 20 or not text:
            return hint
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(hint.width(), max(hint.height(), bounds.height() + 6))


class BarDelegate(DeviationDelegate):
    """The deviation bar at one line's height, also in rows made taller by a wrapped title."""

    def paint(self, painter, option, index):
        line = option.fontMetrics.height() + 6
        if option.rect.height() > line:
            if option.state & QStyle.StateFlag.State_Selected:
                painter.fillRect(option.rect, option.palette.highlight())
            option = QStyleOptionViewItem(option)
            option.rect = QRect(option.rect.left(), option.rect.center().y() - line // 2, option.rect.width(), line)
        super().paint(painter, option, index)


class ProfileDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Social space profile"), parent or iface.mainWindow())
        self.iface = iface
        self.setObjectName("SozialraumProfilDock")
        self.setAccessibleName(tr("Social space profile"))
        self.setup = None
        self.layer = None
        self.index = None
        self.profile = None      # the area shown (the clicked one)
        self.pinned = None       # the pinned area in compare mode
        self.map_tool = None
        self._previous_tool = None
        self.highlights = {}     # "shown" / "pinned" -> QgsRubberBand on the map canvas
        self._fid_of_position = {}
        self.compact = True      # narrow dock: only COMPACT_COLUMNS, the other values in the details panel
        self._current_indicator = None
        self._arranging = False

        self.model = ProfileModel(self)
        self._build_actions()
        self._build_widgets()
        project = QgsProject.instance()
        project.readProject.connect(self.load_from_project)
        project.cleared.connect(self._project_cleared)
        project.layersWillBeRemoved.connect(self._layers_removed)
        self.visibilityChanged.connect(self._visibility_changed)
        self.load_from_project()

    # --- construction ------------------------------------------------------------------------------
    def _action(self, icon, text, slot, checkable=False, shortcut=None):
        action = QAction(_icon(icon), text, self)
        action.setCheckable(checkable)
        action.setToolTip(text if shortcut is None else f"{text} ({QKeySequence(shortcut).toString()})")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        (action.toggled if checkable else action.triggered).connect(slot)
        return action

    def _build_actions(self):
        self.action_map_tool = self._action("profile_tool.svg", tr("Show profile"), self._map_tool_toggled,
                                            checkable=True)
        self.action_map_tool.setToolTip(tr("Show profile: click a social space on the map "
                                           "(Ctrl+click: compare with the shown area)"))
        self.action_pin = self._action("/locked.svg", tr("Pin for comparison"), self._pin_toggled,
                                       checkable=True, shortcut="Ctrl+P")
        self.action_setup = self._action("/mActionOptions.svg", tr("Set up profile…"), self.open_setup)
        self.action_copy = self._action("/mActionEditCopy.svg", tr("Copy profile"), self.copy_to_clipboard,
                                        shortcut=QKeySequence.StandardKey.Copy)
        self.export_menu = QMenu(tr("Export profile"), self)
        self.export_actions = {}
        for fmt, text in (("csv", tr("Export as CSV…")), ("xlsx", tr("Export as Excel (XLSX)…")),
                          ("html", tr("Export as HTML…")), ("pdf", tr("Export as PDF…"))):
            action = self.export_menu.addAction(text)
            action.triggered.connect(lambda _checked=False, f=fmt: self.export_dialog(f))
            self.export_actions[fmt] = action
        self.action_export = QAction(_icon("/mActionFileSaveAs.svg"), tr("Export profile"), self)
        self.action_export.setMenu(self.export_menu)
        self.action_export.triggered.connect(lambda: self.export_dialog("xlsx"))
        self._update_actions()

    def _build_widgets(self):
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        toolbar = QToolBar(body)
        toolbar.setAccessibleName(tr("Profile tools"))
        for action in (self.action_map_tool, self.action_pin, self.action_setup, self.action_copy):
            toolbar.addAction(action)
        toolbar.addAction(self.action_export)
        button = toolbar.widgetForAction(self.action_export)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        layout.addWidget(toolbar)

        self.header = QLabel(tr("Click a social space to see its profile."), body)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.header.setAccessibleName(tr("Social space"))
        layout.addWidget(self.header)

        row = QHBoxLayout()
        self.level_label = QLabel(tr("&Compare with:"), body)
        self.level_combo = QComboBox(body)
        self.level_combo.setAccessibleName(tr("Parent unit to compare with"))
        self.level_label.setBuddy(self.level_combo)
        self.level_combo.currentIndexChanged.connect(self._level_changed)
        row.addWidget(self.level_label)
        row.addWidget(self.level_combo, 1)
        layout.addLayout(row)

        self.view = QTreeView(body)
        self.view.setModel(self.model)
        self.view.setAccessibleName(tr("Indicators of the social space"))
        self.view.setUniformRowHeights(False)     # long indicator titles wrap onto a second line
        self.view.setWordWrap(True)
        self.view.setIndentation(12)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.header().setSectionsMovable(False)
        self.view.viewport().installEventFilter(self)
        self.delegate = BarDelegate(self.view)
        self.view.setItemDelegateForColumn(0, WrappingDelegate(self.view))
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.details = QLabel("", body)       # the selected indicator in full: details on demand
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setAccessibleName(tr("Details of the selected indicator"))
        self.details.setFrameShape(QFrame.Shape.StyledPanel)
        self.details.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.details)

        self.status = QLabel("", body)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Status"))
        layout.addWidget(self.status)
        self.setWidget(body)
        QWidget.setTabOrder(toolbar, self.level_combo)
        QWidget.setTabOrder(self.level_combo, self.view)

    def actions_for_toolbar(self):
        return [self.action_map_tool, self.action_setup, self.action_export, self.action_copy]

    # --- setup -------------------------------------------------------------------------------------
    def load_from_project(self, *_args):
        setup = read_setup(QgsProject.instance())
        self.apply_setup(setup, store=False)

    def _project_cleared(self):
        self.apply_setup(None, store=False)

    def _layers_removed(self, layer_ids):
        if self.setup is not None and self.setup.layer_id in layer_ids:
            self.apply_setup(None, store=False)

    def open_setup(self):
        from .setup_dialog import SetupDialog

        dialog = SetupDialog(self.setup, self.iface.mainWindow())
        if dialog.exec():
            self.apply_setup(dialog.setup())

    def apply_setup(self, setup, store=True):
        """Use `setup` (ProfileSetup or None): precompute the profiles; store it in the project if `store`."""
        self._disconnect_layer()
        self._remove_highlights()
        self._fid_of_position = {}
        self.setup, self.layer, self.index = setup, None, None
        self.profile = self.pinned = None
        self.action_pin.setChecked(False)
        if setup is not None:
            layer = setup_layer(setup)
            if layer is None:
                self._message(tr("The layer of the profile setup is not in the project."), Qgis.MessageLevel.Warning)
            else:
                try:
                    self.index = build_index(setup, layer)
                except Exception as error:  # a setup that does not fit the layer or catalogue: tell the user
                    self._message(tr("The profile could not be set up: {error}").format(error=error),
                                  Qgis.MessageLevel.Critical)
                else:
                    self.layer = layer
                    self._fid_of_position = {p: f for f, p in self.index.position_of_fid.items()}
                    layer.selectionChanged.connect(self._selection_changed)
                    layer.afterCommitChanges.connect(self._layer_committed)
                    if store:
                        write_setup(QgsProject.instance(), setup)
                    self.status.setText(tr("{count} social spaces, {indicators} indicators").format(
                        count=len(self.index), indicators=len(self.index.indicators)))
        if self.map_tool is not None:
            self.map_tool.set_layer(self.layer)
        if self.layer is not None and self.isVisible() and not self.action_map_tool.isChecked():
            self.action_map_tool.setChecked(True)
        self.level_combo.blockSignals(True)
        self.level_combo.clear()
        for label in (self.index.parent_labels if self.index is not None else ()):
            self.level_combo.addItem(label)
        self.level_combo.blockSignals(False)
        self.level_combo.setEnabled(self.level_combo.count() > 0)
        self._refresh()

    def _disconnect_layer(self):
        if self.layer is not None:
            for signal, slot in ((self.layer.selectionChanged, self._selection_changed),
                                 (self.layer.afterCommitChanges, self._layer_committed)):
                with contextlib.suppress(TypeError, RuntimeError):
                    signal.disconnect(slot)

    def _layer_committed(self):
        shown = self.profile.key if self.profile else None
        pinned = self.pinned.key if self.pinned else None
        self.apply_setup(self.setup, store=False)
        if pinned and pinned in self.index:
            self.pinned = self.index.profile(pinned)
            self.action_pin.setChecked(True)
        if shown and self.index is not None and shown in self.index:
            self.show_key(shown)

    # --- showing -----------------------------------------------------------------------------------
    def show_key(self, key):
        if self.index is None or key not in self.index:
            return None
        return self._show(self.index.profile(key))

    def show_fid(self, fid, compare=False):
        if self.index is None or fid not in self.index.position_of_fid:
            return None
        profile = self.index.profile_for_fid(fid)
        if compare and self.profile is not None and self.pinned is None:
            self.pinned = self.profile
            self.action_pin.blockSignals(True)
            self.action_pin.setChecked(True)
            self.action_pin.blockSignals(False)
        return self._show(profile)

    def _show(self, profile):
        self.profile = profile
        self._refresh()
        return profile

    def _selection_changed(self, selected, _deselected, _clear):
        ids = list(selected) or (self.layer.selectedFeatureIds() if self.layer is not None else [])
        if ids:
            self.show_fid(ids[0])

    def _level_changed(self, _row):
        self._refresh()

    @property
    def level(self):
        return max(self.level_combo.currentIndex(), 0) if self.level_combo.count() else None

    def shown(self):
        """(first profile, second profile or None) as the dock shows them: pinned + clicked in compare mode."""
        if self.pinned is not None and self.profile is not None and self.profile.key != self.pinned.key:
            return self.pinned, self.profile
        return (self.pinned or self.profile), None

    def _refresh(self):
        first, second = self.shown()
        current = self._current_indicator
        self.model.set_profile(first, second, self.level)
        column = self.model.column_of(DEVIATION)
        for c in range(1, self.model.columnCount()):
            self.view.setItemDelegateForColumn(c, self.delegate if c == column else None)
        self.view.expandAll()
        for theme in range(self.model.rowCount()):          # theme headings span the row, never cut off
            self.view.setFirstColumnSpanned(theme, self.view.rootIndex(), True)
        self._arrange_columns()
        self._select_indicator(current)
        self.header.setText(self._header_html(first, second))
        self._update_actions()
        self._update_highlights()

    # --- columns: value and bar first; at 350-400 px only those, the rest in the details panel ------
    def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize and not self._arranging:
            self._arranging = True
            try:
                self._arrange_columns()
            finally:
                self._arranging = False
        return super().eventFilter(watched, event)

    def _arrange_columns(self):
        """All columns when they fit beside a readable indicator column; else, by priority, as many as fit."""
        header = self.view.header()
        count = self.model.columnCount()
        if not count:
            return
        bar = self.model.column_of(DEVIATION)
        if bar > 1 and header.visualIndex(bar) != 2:          # the bar right after the value
            header.moveSection(header.visualIndex(bar), 2)
        available = self.view.viewport().width()

        def width(column, compact):
            return BAR_WIDTH[compact] if column == bar else self.view.sizeHintForColumn(column)

        self.compact = MIN_INDICATOR_WIDTH[False] + sum(width(c, False) for c in range(1, count)) > available
        shown = set(range(count))
        if self.compact:
            shown, used = {0}, MIN_INDICATOR_WIDTH[True]
            for kind in (COMPARE_PRIORITY if self.model.other is not None else PRIORITY):
                column = self.model.column_of(kind)
                if column > 0 and (used + width(column, True) <= available or kind in (VALUE, OTHER)):
                    shown.add(column)
                    used += width(column, True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)   # the rest; titles wrap
        for c in range(1, count):
            self.view.setColumnHidden(c, c not in shown)
            if c == bar:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(c, BAR_WIDTH[self.compact])
            elif self.compact:             # as wide as the values; a long area name in the header is elided
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(c, width(c, True))
            else:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.view.scheduleDelayedItemsLayout()          # wrapped titles: row heights follow the column width
        self._update_details()

    def visible_kinds(self):
        """The kinds of the columns the table shows now, in the order shown."""
        header = self.view.header()
        columns = sorted((header.visualIndex(c), c) for c in range(self.model.columnCount())
                         if not self.view.isColumnHidden(c))
        return [self.model.column_kind(c) for _v, c in columns]

    # --- details of the selected indicator ---------------------------------------------------------
    def _select_indicator(self, indicator_id):
        if indicator_id is None:
            self._update_details()
            return
        for theme in range(self.model.rowCount()):
            parent = self.model.index(theme, 0)
            for r in range(self.model.rowCount(parent)):
                index = self.model.index(r, 0, parent)
                if index.data(INDICATOR_ROLE) == indicator_id:
                    self.view.setCurrentIndex(index)
                    return
        self._current_indicator = None
        self._update_details()

    def _current_changed(self, current, _previous):
        if current.isValid() and current.internalId() != 0:
            self._current_indicator = current.siblingAtColumn(0).data(INDICATOR_ROLE)
        self._update_details()

    def details_text(self):
        """The selected indicator as 'column: value' lines, every column of the model (shown or not)."""
        current = self.view.currentIndex()
        if self.model.profile is None or not current.isValid() or current.internalId() == 0:
            return ""
        lines = []
        for c in range(1, self.model.columnCount()):
            text = current.siblingAtColumn(c).data()
            if text:
                label = self.model.headerData(c, Qt.Orientation.Horizontal)
                reason = current.siblingAtColumn(c).data(Qt.ItemDataRole.ToolTipRole) \
                    if c in (self.model.column_of(VALUE), self.model.column_of(OTHER)) else None
                line = f"{esc(label)}: <b>{esc(text)}</b>"
                if reason and current.siblingAtColumn(c).data(Qt.ItemDataRole.FontRole) is not None:
                    line += f" ({esc(reason)})"      # suppressed / missing: say why
                lines.append(line)
        title = current.siblingAtColumn(0).data()
        about = current.siblingAtColumn(0).data(Qt.ItemDataRole.ToolTipRole)
        html = f"<b>{esc(title)}</b><br>" + " · ".join(lines)
        if about:
            html += "<br><small>" + "<br>".join(esc(line) for line in about.splitlines()) + "</small>"
        return html

    def _update_details(self):
        text = self.details_text()
        if not text and self.model.profile is not None:
            text = esc(tr("Select an indicator to see all its values."))
        self.details.setText(text)
        self.details.setVisible(bool(text))

    # --- map highlight -----------------------------------------------------------------------------
    def _geometry_of(self, profile):
        """The geometry of `profile`'s feature in the dock's layer, or None."""
        if profile is None or self.layer is None or self.index is None:
            return None
        fid = self._fid_of_position.get(self.index.row_of.get(str(profile.key)))
        if fid is None:
            return None
        feature = self.layer.getFeature(fid)
        return feature.geometry() if feature.isValid() and feature.hasGeometry() else None

    def _update_highlights(self):
        """Outline the shown area (orange) and the pinned area (blue) on the map; none without an area."""
        pinned = self.pinned if self.pinned is not None and (
            self.profile is None or self.pinned.key != self.profile.key) else None
        for role, profile in (("shown", self.profile), ("pinned", pinned)):
            geometry = self._geometry_of(profile)
            band = self.highlights.get(role)
            if geometry is None:
                if band is not None:
                    band.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
                    band.hide()
                continue
            if band is None:
                band = self._new_highlight(role)
            band.setToGeometry(geometry, self.layer)
            band.show()

    def _new_highlight(self, role):
        canvas = self.iface.mapCanvas()
        band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        outline, fill = HIGHLIGHT_COLOURS[role]
        band.setStrokeColor(outline)
        band.setFillColor(fill)
        band.setWidth(3 if role == "shown" else 2)
        self.highlights[role] = band
        return band

    def _remove_highlights(self):
        for band in self.highlights.values():
            try:
                band.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
                scene = band.scene()
                if scene is not None:
                    scene.removeItem(band)
            except RuntimeError:       # the canvas (and its items) is already gone
                pass
        self.highlights = {}

    def _header_html(self, first, second):
        if first is None:
            if self.index is None:
                return esc(tr("Set up the profile first: choose the layer of social spaces and its fields."))
            return esc(tr("Click a social space to see its profile."))

        def describe(profile):
            facts = [f"<b>{esc(profile.name)}</b> ({esc(profile.key)})"]
            for label, parent in zip(profile.parent_labels, profile.parents):
                if parent.key:
                    facts.append(f"{esc(label)}: {esc(parent.name)}")
            if profile.population_reason:      # below the minimum population: said, never left out or shown
                facts.append(tr("Population: {value}").format(
                    value=profile_export.missing_text(profile.population_reason)))
            elif profile.population == profile.population:
                facts.append(tr("Population: {value}").format(value=format_number(profile.population, 0)))
            return " · ".join(facts)

        text = describe(first)
        if second is not None:
            text = esc(tr("Comparison")) + f"<br>1: {text}<br>2: {describe(second)}"
        return text

    def _update_actions(self):
        has = self.profile is not None
        for action in [self.action_copy, self.action_export] + list(self.export_actions.values()):
            action.setEnabled(has)
        self.action_pin.setEnabled(has or self.pinned is not None)
        self.action_map_tool.setEnabled(self.layer is not None)

    # --- map tool and pinning ----------------------------------------------------------------------
    def _visibility_changed(self, visible):
        """Opening the dock switches the profile map tool on; closing it removes the highlight and the tool."""
        if visible:
            if self.layer is not None and not self.action_map_tool.isChecked():
                self.action_map_tool.setChecked(True)
            self._update_highlights()
        else:
            self._remove_highlights()
            if self.action_map_tool.isChecked():
                self.action_map_tool.setChecked(False)

    def _map_tool_toggled(self, checked):
        canvas = self.iface.mapCanvas()
        if checked:
            if self.map_tool is None:
                self.map_tool = ProfileMapTool(canvas, self.layer)
                self.map_tool.areaClicked.connect(self.show_fid)
                self.map_tool.setAction(self.action_map_tool)
            if canvas.mapTool() is not self.map_tool:
                self._previous_tool = canvas.mapTool()
                canvas.setMapTool(self.map_tool)
            if not self.isVisible():
                self.show()
        elif self.map_tool is not None and canvas.mapTool() is self.map_tool:
            previous, self._previous_tool = self._previous_tool, None
            try:
                if previous is not None and previous is not self.map_tool:
                    canvas.setMapTool(previous)          # back to the tool used before (e.g. pan)
                    return
            except RuntimeError:                         # that tool is gone
                pass
            canvas.unsetMapTool(self.map_tool)

    def _pin_toggled(self, checked):
        if checked:
            self.pinned = self.profile
            if self.pinned is None:
                self.action_pin.setChecked(False)
        else:
            self.pinned = None
        self._refresh()

    # --- export ------------------------------------------------------------------------------------
    def export_dialog(self, fmt):
        if self.profile is None:
            return None
        first, _second = self.shown()
        name = "".join(c if c.isalnum() else "_" for c in f"Sozialraumprofil_{first.key}")
        path, _filter = QFileDialog.getSaveFileName(self, tr("Export profile"), name + "." + fmt,
                                                    EXPORT_FILTERS[fmt])
        if not path:
            return None
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        return self.export_to(path)

    def export_to(self, path):
        """Write the shown profile (or comparison) to `path`; the format follows the extension."""
        first, second = self.shown()
        fmt = os.path.splitext(path)[1].lower().lstrip(".")
        level = self.level
        try:
            if fmt == "csv":
                profile_export.write_csv(path, [first], level, second)
            elif fmt == "xlsx":
                exports.write_xlsx(path, {first.name: profile_export.xlsx_frame([first], level, second)})
            elif fmt in ("html", "htm"):
                profile_export.write_html(path, profile_export.profile_html(first, level, second))
            elif fmt == "pdf":
                exports.write_pdf(path, profile_export.profile_html(first, level, second))
            else:
                raise ValueError(tr("Unknown export format: {format}").format(format=fmt))
        except (OSError, ValueError) as error:
            self._message(str(error), Qgis.MessageLevel.Critical)
            return None
        self._message(tr("Profile written to {path}").format(path=path), Qgis.MessageLevel.Success)
        return path

    def copy_to_clipboard(self):
        if self.profile is None:
            return None
        first, second = self.shown()
        text, html_text = profile_export.clipboard_payload(first, self.level, second)
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(html_text)
        QGuiApplication.clipboard().setMimeData(mime)
        self._message(tr("Profile copied to the clipboard"), Qgis.MessageLevel.Info)
        return text

    # --- messages and unload -----------------------------------------------------------------------
    def _message(self, text, level):
        QgsMessageLog.logMessage(text, LOG_TAG, level)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Social space profile"), text, level, 5)

    def unload(self):
        project = QgsProject.instance()
        for signal, slot in ((project.readProject, self.load_from_project), (project.cleared, self._project_cleared),
                             (project.layersWillBeRemoved, self._layers_removed),
                             (self.visibilityChanged, self._visibility_changed)):
            with contextlib.suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._disconnect_layer()
        self._remove_highlights()
        if self.map_tool is not None:
            canvas = self.iface.mapCanvas()
            if canvas.mapTool() is self.map_tool:
                canvas.unsetMapTool(self.map_tool)
            self.map_tool.deleteLater()
            self.map_tool = None
