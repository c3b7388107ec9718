"""Qt model over a core.profile.Profile: themes as parents, indicators as rows; the deviation bar delegate.

The model only formats (German numbers via core.profile_export); it computes nothing.
"""
import math

from qgis.PyQt.QtCore import QAbstractItemModel, QModelIndex, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QPen
from qgis.PyQt.QtWidgets import QStyle, QStyledItemDelegate

from ..core.profile import RANK_RULE, method_note
from ..core.profile_export import change_unit, missing_text, signed_text, value_text, z_text
from ..i18n import tr

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1        # the raw float (NaN when not shown)
Z_ROLE = Qt.ItemDataRole.UserRole + 2            # z-score of the area's value
ASSESSMENT_ROLE = Qt.ItemDataRole.UserRole + 3   # +1 worse than the region, -1 better, 0 neutral
REASON_ROLE = Qt.ItemDataRole.UserRole + 4       # why the value is missing (None when shown)
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 5    # indicator id

WORSE = QColor("#b2182b")     # red: worse than the region (colour-blind safe pair with blue)
BETTER = QColor("#2166ac")    # blue: better than the region
NEUTRAL = QColor("#8c8c8c")

INDICATOR, VALUE, OTHER, DIFFERENCE, PARENT, REGION, RANK, DEVIATION, PREVIOUS, CHANGE = range(10)


def _nan(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


class ProfileModel(QAbstractItemModel):
    """Tree model: top level = themes, children = indicator rows of the profile."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.profile = None
        self.other = None
        self.level = 0
        self._themes = []            # [(theme, [ProfileRow])]
        self._other_rows = {}
        self._columns = []

    # --- content -----------------------------------------------------------------------------------
    def set_profile(self, profile, other=None, level=None):
        self.beginResetModel()
        self.profile = profile
        self.other = other
        if level is not None:
            self.level = level
        self._themes = profile.themes() if profile is not None else []
        self._other_rows = {r.indicator.id: r for r in other.rows} if other is not None else {}
        columns = [INDICATOR, VALUE]
        if other is not None:
            columns += [OTHER, DIFFERENCE]
        if profile is not None and profile.parents and self.level is not None and self.level < len(profile.parents):
            columns.append(PARENT)
        columns += [REGION, RANK, DEVIATION]
        if profile is not None and any(r.previous_year for r in profile.rows):
            columns += [PREVIOUS, CHANGE]
        self._columns = columns
        self.endResetModel()

    def column_kind(self, column):
        return self._columns[column] if 0 <= column < len(self._columns) else None

    def column_of(self, kind):
        return self._columns.index(kind) if kind in self._columns else -1

    # --- tree structure ----------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)            # theme: internal id 0
        return self.createIndex(row, column, parent.row() + 1)  # indicator: internal id = theme row + 1

    def parent(self, index):
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        if not parent.isValid():
            return len(self._themes)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._themes[parent.row()][1])
        return 0

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, ARG002 (Qt API)
        return len(self._columns)

    def row_at(self, index):
        """The ProfileRow behind an index (None for theme rows)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._themes[int(index.internalId()) - 1][1][index.row()]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or self.profile is None:
            return None
        kind = self.column_kind(section)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if kind == PARENT:
                return self.profile.parent_labels[self.level] if self.level < len(self.profile.parent_labels) \
                    else tr("Parent unit")
            if kind == REGION:
                return self.profile.region_name
            if kind == VALUE and self.other is not None:
                return self.profile.name
            if kind == OTHER:
                return self.other.name
            if kind == DIFFERENCE:
                return tr("Difference ({second} − {first})").format(second=self.other.name, first=self.profile.name)
            return {INDICATOR: tr("Indicator"), VALUE: tr("Value"), DIFFERENCE: tr("Difference"),
                    RANK: tr("Rank"), DEVIATION: tr("Deviation"), PREVIOUS: tr("Previous value"),
                    CHANGE: tr("Change")}.get(kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {RANK: RANK_RULE,
                    DEVIATION: tr("z-score against all areas; red = worse than the region, blue = better"),
                    DIFFERENCE: tr("Second area minus first area: {second} − {first}").format(
                        second=self.other.name, first=self.profile.name) if self.other is not None else None,
                    }.get(kind)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind = self.column_kind(index.column())
        if index.internalId() == 0:
            if kind == INDICATOR and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self._themes[index.row()][0] or tr("Other")
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        row = self.row_at(index)
        ind = row.indicator
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(kind, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(kind, row)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind != INDICATOR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and kind in (VALUE, OTHER) and self._value_reason(kind, row):
            return QBrush(NEUTRAL)
        if role == Qt.ItemDataRole.FontRole and kind in (VALUE, OTHER) and self._value_reason(kind, row):
            font = QFont()
            font.setItalic(True)
            return font
        if role == VALUE_ROLE:
            return {VALUE: row.value, PARENT: row.parent_values[self.level] if row.parent_values else None,
                    REGION: row.region_value, PREVIOUS: row.previous, CHANGE: row.change,
                    OTHER: self._other(row).value if self._other(row) else None,
                    DIFFERENCE: self._difference(row), RANK: row.rank or None, DEVIATION: row.z}.get(kind)
        if role == Z_ROLE:
            return row.z
        if role == ASSESSMENT_ROLE:
            return row.assessment
        if role == REASON_ROLE:
            return self._value_reason(kind, row)
        if role == INDICATOR_ROLE:
            return ind.id
        return None

    def _other(self, row):
        return self._other_rows.get(row.indicator.id)

    def _difference(self, row):
        other = self._other(row)
        return other.value - row.value if other is not None else math.nan

    def _value_reason(self, kind, row):
        if kind == VALUE:
            return row.reason
        if kind == OTHER:
            other = self._other(row)
            return other.reason if other is not None else None
        if kind == PARENT and row.parent_reasons:
            return row.parent_reasons[self.level]
        if kind == REGION:
            return row.region_reason
        if kind in (PREVIOUS, CHANGE):         # no change without the previous value
            return row.previous_reason
        return None

    def _text(self, kind, row):
        ind = row.indicator
        if kind == INDICATOR:
            return ind.title
        if kind == VALUE:
            return value_text(row.value, row.reason, ind)
        if kind == OTHER:
            other = self._other(row)
            return value_text(other.value, other.reason, ind) if other is not None else missing_text(None)
        if kind == DIFFERENCE:
            return signed_text(self._difference(row), ind.decimals, change_unit(ind.unit))
        if kind == PARENT:
            return value_text(row.parent_values[self.level], row.parent_reasons[self.level], ind,
                              row.parent_methods[self.level])
        if kind == REGION:
            return value_text(row.region_value, row.region_reason, ind, row.region_method)
        if kind == RANK:
            return tr("{rank} of {count}").format(rank=row.rank, count=row.rank_of) if row.rank else ""
        if kind == DEVIATION:
            return z_text(row.z)
        if kind == PREVIOUS:
            if not row.previous_year:
                return ""
            return f"{value_text(row.previous, row.previous_reason, ind)} ({row.previous_year})"
        if kind == CHANGE:
            return signed_text(row.change, ind.decimals, change_unit(ind.unit))
        return None

    def _tooltip(self, kind, row):
        ind = row.indicator
        reason = self._value_reason(kind, row)
        if reason:
            return reason
        if kind == INDICATOR:
            parts = [ind.description, ind.source and tr("Source: {source}").format(source=ind.source),
                     ind.year and tr("Year: {year}").format(year=ind.year)]
            return "\n".join(p for p in parts if p) or None
        if kind == PARENT and row.parent_methods:
            return method_note(row.parent_methods[self.level])
        if kind == REGION:
            return method_note(row.region_method)
        if kind == RANK:
            return RANK_RULE
        if kind == DEVIATION and not _nan(row.z):
            percentile = "" if _nan(row.percentile) else \
                tr("Percentile: {value}").format(value=f"{row.percentile:.0f}")
            verdict = {1: tr("worse than the region"), -1: tr("better than the region")}.get(
                row.assessment, tr("no polarity"))
            return f"z = {z_text(row.z)}; {percentile}; {verdict}"
        return None


class DeviationDelegate(QStyledItemDelegate):
    """Draws the z-score as a horizontal bar from the centre (±3 = full half width), coloured by polarity."""

    LIMIT = 3.0

    def paint(self, painter, option, index):
        z = index.data(Z_ROLE)
        if index.internalId() == 0 or _nan(z):
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = QRectF(option.rect).adjusted(3, 4, -3, -4)
        centre = rect.center().x()
        half = rect.width() / 2
        share = max(-1.0, min(1.0, float(z) / self.LIMIT))
        assessment = index.data(ASSESSMENT_ROLE) or 0
        colour = WORSE if assessment > 0 else BETTER if assessment < 0 else NEUTRAL
        bar = QRectF(centre, rect.top(), share * half, rect.height()).normalized()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawRect(bar)
        painter.setPen(QPen(option.palette.text().color(), 1))
        painter.drawLine(int(centre), option.rect.top() + 2, int(centre), option.rect.bottom() - 2)
        painter.restore()

    def sizeHint(self, option, index):  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 150), hint.height())
