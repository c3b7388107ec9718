"""One map page: the map item fitted to the extent, labels and legend filled.
"""
from dataclasses import dataclass

from qgis.core import (
    QgsExpressionContextUtils,
    QgsLayerTreeLayer,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
)
from qgis.PyQt.QtCore import Qt

from ..core.safe_cells import no_expressions

# Item ids of a template (the "Element-ID" in the layout designer), see adapter.map_layout.
MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID = "karte", "titel", "untertitel", "legende"
SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID = "massstab", "nordpfeil", "quelle", "stand", "seite"
NOTE_ID, CHART_ID = "hinweis", "verteilung"
ITEM_IDS = (MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID, SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID)


def add_page_extras(layout, colours, counts, labels=(), note=""):  # noqa: ARG001 (labels: the chart prints counts)
    """In the free space under the scale bar (beside the legend): the footnote label `hinweis` (when the
    template has none) and a small bar chart `verteilung` of the areas per class (one bar per class in its
    colour, the count beside it) – ordinary layout items, editable in the layout designer.

    Called again on a filled layout (the next page of a series, or a template saved from a series layout),
    it updates these items in place: the bars of this page's classes, surplus bars of an earlier page removed."""
    from qgis.core import QgsLayoutItemShape

    bar = layout.itemById(SCALEBAR_ID)
    legend = layout.itemById(LEGEND_ID)
    if bar is None or legend is None:
        return
    x, y = bar.positionWithUnits().x(), bar.positionWithUnits().y() + bar.sizeWithUnits().height() + 2
    width = max(layout.pageCollection().page(0).pageSize().width() - x - 15, 30)
    bottom = legend.positionWithUnits().y() + 66
    if layout.itemById(NOTE_ID) is None:
        _new_label(layout, NOTE_ID, no_expressions(note), 6.5, (x, y, width, 14))
    else:
        _set_label(layout, NOTE_ID, note)
    y += 16
    if layout.itemById(CHART_ID) is None:
        _new_label(layout, CHART_ID, "Gebiete je Klasse", 7, (x, y, width, 4), bold=True)
    row = min(5.0, (bottom - y - 5) / max(len(counts), 1))
    most = max([int(c) for c in counts] + [1])
    for index, (colour, count) in enumerate(zip(colours, counts)):     # (labels: not printed in the chart)
        top = y + 5 + index * row
        length = max((width - 12) * int(count) / most, 0.3)
        shape = layout.itemById(f"{CHART_ID}_{index + 1}")
        if shape is None:
            shape = _new_bar(layout, f"{CHART_ID}_{index + 1}")
            _colour_bar(shape, colour)
        elif not isinstance(shape, QgsLayoutItemShape):
            continue                 # an item of the user's template that happens to carry this id
        else:
            _recolour_bar(shape, colour)
        _place(shape, (x, top + 0.5, length, row - 1.2))
        text = layout.itemById(f"{CHART_ID}_{index + 1}_n") or \
            _new_label(layout, f"{CHART_ID}_{index + 1}_n", "", 6.5, (0, 0, 11, row))
        if not isinstance(text, QgsLayoutItemLabel):
            continue
        if text.text() != f"{int(count)}":
            text.setText(f"{int(count)}")
        _place(text, (x + length + 1, top, 11, row))
    index = len(counts) + 1          # bars of an earlier page with more classes
    while layout.itemById(f"{CHART_ID}_{index}") is not None or layout.itemById(f"{CHART_ID}_{index}_n") is not None:
        for item_id in (f"{CHART_ID}_{index}", f"{CHART_ID}_{index}_n"):
            if layout.itemById(item_id) is not None:
                layout.removeLayoutItem(layout.itemById(item_id))
        index += 1


def _new_label(layout, item_id, text, size, box, bold=False):
    from qgis.core import QgsLayoutPoint, QgsLayoutSize, QgsUnitTypes

    from .layout_styling import _style_label

    mm = QgsUnitTypes.LayoutUnit.LayoutMillimeters
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    _style_label(label, size, bold=bold)
    label.attemptMove(QgsLayoutPoint(box[0], box[1], mm))
    label.attemptResize(QgsLayoutSize(box[2], box[3], mm))
    layout.addLayoutItem(label)
    return label


def _new_bar(layout, item_id):
    from qgis.core import QgsLayoutItemShape

    shape = QgsLayoutItemShape(layout)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    shape.setId(item_id)
    layout.addLayoutItem(shape)
    return shape


def _place(item, box):
    """Move and size an item in mm, skipping what is already so (each move or resize repaints the item)."""
    from qgis.core import QgsLayoutPoint, QgsLayoutSize, QgsUnitTypes

    mm = QgsUnitTypes.LayoutUnit.LayoutMillimeters
    x, y, width, height = box
    at, size = item.positionWithUnits(), item.sizeWithUnits()
    if at.units() != mm or (at.x(), at.y()) != (x, y):
        item.attemptMove(QgsLayoutPoint(x, y, mm))
    if size.units() != mm or (size.width(), size.height()) != (width, height):
        item.attemptResize(QgsLayoutSize(width, height, mm))


def _recolour_bar(shape, colour):
    """A bar of an earlier page in this page's colour: its fill recoloured in place, else a new symbol."""
    from qgis.core import QgsSimpleFillSymbolLayer

    symbol = shape.symbol()
    layer = symbol.symbolLayer(0) if symbol is not None and symbol.symbolLayerCount() == 1 else None
    if isinstance(layer, QgsSimpleFillSymbolLayer):
        if layer.color() != colour:
            layer.setColor(colour)
            layer.setStrokeColor(colour.darker(130))
            shape.update()
    else:
        _colour_bar(shape, colour)


def _colour_bar(shape, colour):
    from qgis.core import QgsFillSymbol, QgsSimpleFillSymbolLayer

    symbol = QgsFillSymbol()
    symbol.changeSymbolLayer(0, QgsSimpleFillSymbolLayer(colour, strokeColor=colour.darker(130), strokeWidth=0.1))
    shape.setSymbol(symbol)


# ------------------------------------------------------------------------------------------- pages
@dataclass(frozen=True)
class PageTexts:
    title: str = ""
    subtitle: str = ""
    source: str = ""
    date: str = ""
    page: int = 1
    pages: int = 1
    indicator: str = ""
    unit: str = ""
    legend_title: str = "Legende"
    data_date: str = ""        # the data's date or year (catalogue `year`), printed beside the print date
    footnote: str = ""         # method, classes, areas and areas without value

    @property
    def date_text(self):
        if self.data_date and self.date:
            return f"Datenstand: {self.data_date} · Druck: {self.date}"
        return f"Datenstand: {self.data_date}" if self.data_date else f"Stand: {self.date}" if self.date else ""

    @property
    def page_text(self):
        return f"Karte {self.page} von {self.pages}"


def fitted_extent(extent, width, height, margin=0.02):
    """`extent` grown around its centre to the width/height ratio of the map frame, plus a small margin,
    so the areas fill the frame without distortion."""
    from qgis.core import QgsRectangle

    w, h = max(extent.width(), 1e-9), max(extent.height(), 1e-9)
    ratio = width / height if height else 1.0
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
    c = extent.center()
    return QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2)


def map_item(layout):
    item = layout.itemById(MAP_ID)
    if isinstance(item, QgsLayoutItemMap):
        return item
    maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap)]
    return maps[0] if maps else None


def _items_of(layout, kind):
    return [i for i in layout.items() if isinstance(i, kind)]


def _set_label(layout, item_id, text):
    item = layout.itemById(item_id)
    if isinstance(item, QgsLayoutItemLabel) and "[%" not in item.text():
        text = no_expressions(text)              # catalogue text is printed, never run as an expression
        if item.text() != text:                  # (a label re-measures its text on every setText)
            item.setText(text)


def _legend_texts_literal(legend, node):
    """Layer title and class labels of a legend node as text: QGIS runs [% … %] in legend texts."""
    title = node.customProperty("legend/title-label") or node.name()
    node.setCustomProperty("legend/title-label", no_expressions(title))
    changed = False
    for position, legend_node in enumerate(legend.model().layerLegendNodes(node)):
        label = legend_node.data(Qt.ItemDataRole.DisplayRole)
        if label and "[%" in str(label):
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, position, no_expressions(label))
            changed = True
    return changed        # True: the node's legend entries must be rebuilt to show the new labels


def clear_legends(layout):
    """Empty the legends of a layout (fill_layout fills them again)."""
    for legend in _items_of(layout, QgsLayoutItemLegend):
        quiet = legend.model().blockSignals(True)      # (see fill_layout)
        try:
            legend.model().rootGroup().clear()
        finally:
            legend.model().blockSignals(quiet)


def fill_layout(layout, layers, extent, crs, texts, legend_layers=(), legend_names=None):
    """Point the template's map at `layers` (top first), zoom to `extent`, fill the texts and the legend.

    `legend_layers`: layers shown in the legend, in order; `legend_names`: {layer id: label} for layers
    whose single symbol should carry a label (e.g. the overlay), the others show their classes only.
    """
    karte = map_item(layout)
    # on a layout filled before (the next page of a series) only what changed is set: a new extent costs
    # a refresh of the map and of the scale bars linked to it
    moved = karte.presetCrs() != crs
    if moved:
        karte.setCrs(crs)
    karte.setKeepLayerSet(True)
    if [layer.id() for layer in karte.layers()] != [layer.id() for layer in layers]:
        karte.setLayers(list(layers))
    view = fitted_extent(extent, karte.rect().width(), karte.rect().height())
    if karte.extent() != view:
        karte.setExtent(view)
        moved = True
    # scale bars and the north arrow follow the map unless the template links them to another map (an inset)
    north = layout.itemById(NORTH_ID)
    for item in _items_of(layout, QgsLayoutItemScaleBar) + ([north] if isinstance(north, QgsLayoutItemPicture) else []):
        if item.linkedMap() is None:
            item.setLinkedMap(karte)
            moved = True
    if moved:
        for bar in _items_of(layout, QgsLayoutItemScaleBar):
            bar.update()

    _set_label(layout, TITLE_ID, texts.title)
    _set_label(layout, SUBTITLE_ID, texts.subtitle)
    _set_label(layout, SOURCE_ID, texts.source)
    _set_label(layout, DATE_ID, texts.date_text)
    _set_label(layout, NOTE_ID, texts.footnote)
    _set_label(layout, PAGE_ID, texts.page_text)
    for name, value in (("sr_title", texts.title), ("sr_subtitle", texts.subtitle), ("sr_source", texts.source),
                        ("sr_date", texts.date), ("sr_page", texts.page), ("sr_pages", texts.pages),
                        ("sr_indicator", texts.indicator), ("sr_unit", texts.unit)):
        QgsExpressionContextUtils.setLayoutVariable(layout, name, value)

    names = legend_names or {}
    for legend in _items_of(layout, QgsLayoutItemLegend):
        if legend.linkedMap() is not karte:
            legend.setLinkedMap(karte)
        legend.setAutoUpdateModel(False)
        legend.setTitle(no_expressions(texts.legend_title))
        model = legend.model()
        # the legend item re-evaluates itself on each signal of its model (~1 ms each, several per layer):
        # the model is rebuilt quietly, then the item is refreshed once
        quiet = model.blockSignals(True)
        try:
            root = model.rootGroup()
            root.clear()
            for layer in legend_layers:
                # the node's properties before it joins the tree: the model builds its entries once, with them
                node = QgsLayerTreeLayer(layer)
                QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
                if layer.id() in names:
                    QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, 0, names[layer.id()])
                root.addChildNode(node)
                if _legend_texts_literal(legend, node):
                    model.refreshLayerLegend(node)
        finally:
            model.blockSignals(quiet)
        if legend.dataDefinedProperties().hasActiveProperties():
            legend.refresh()    # a template's data-defined title or columns (e.g. from @sr_title): evaluated now
        legend.updateLegend()
        legend.adjustBoxSize()
    # (no layout.refresh(): items follow the map and legend signals; a refresh costs ~20 ms a page)
    return layout

