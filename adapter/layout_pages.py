"""One map page: the map item fitted to the extent, labels and legend filled.
"""
from dataclasses import dataclass

from qgis.core import (QgsExpressionContextUtils, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap,
                       QgsLayoutItemPicture, QgsLayoutItemScaleBar, QgsLegendRenderer, QgsLegendStyle,
                       QgsMapLayerLegendUtils)
from qgis.PyQt.QtCore import Qt

from ..core.safe_cells import no_expressions


# Item ids of a template (the "Element-ID" in the layout designer), see adapter.map_layout.
MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID = "karte", "titel", "untertitel", "legende"
SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID = "massstab", "nordpfeil", "quelle", "stand", "seite"
ITEM_IDS = (MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID, SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID)
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
        item.setText(no_expressions(text))       # catalogue text is printed, never run as an expression


def _legend_texts_literal(legend, node):
    """Layer title and class labels of a legend node as text: QGIS runs [% … %] in legend texts."""
    title = node.customProperty("legend/title-label") or node.name()
    node.setCustomProperty("legend/title-label", no_expressions(title))
    for position, legend_node in enumerate(legend.model().layerLegendNodes(node)):
        label = legend_node.data(Qt.ItemDataRole.DisplayRole)
        if label and "[%" in str(label):
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, position, no_expressions(label))


def fill_layout(layout, layers, extent, crs, texts, legend_layers=(), legend_names=None):
    """Point the template's map at `layers` (top first), zoom to `extent`, fill the texts and the legend.

    `legend_layers`: layers shown in the legend, in order; `legend_names`: {layer id: label} for layers
    whose single symbol should carry a label (e.g. the overlay), the others show their classes only.
    """
    karte = map_item(layout)
    karte.setCrs(crs)
    karte.setKeepLayerSet(True)
    karte.setLayers(list(layers))
    karte.setExtent(fitted_extent(extent, karte.rect().width(), karte.rect().height()))
    # scale bars and the north arrow follow the map unless the template links them to another map (an inset)
    north = layout.itemById(NORTH_ID)
    for item in _items_of(layout, QgsLayoutItemScaleBar) + ([north] if isinstance(north, QgsLayoutItemPicture) else []):
        if item.linkedMap() is None:
            item.setLinkedMap(karte)
    for bar in _items_of(layout, QgsLayoutItemScaleBar):
        bar.update()

    _set_label(layout, TITLE_ID, texts.title)
    _set_label(layout, SUBTITLE_ID, texts.subtitle)
    _set_label(layout, SOURCE_ID, texts.source)
    _set_label(layout, DATE_ID, f"Stand: {texts.date}" if texts.date else "")
    _set_label(layout, PAGE_ID, texts.page_text)
    for name, value in (("sr_title", texts.title), ("sr_subtitle", texts.subtitle), ("sr_source", texts.source),
                        ("sr_date", texts.date), ("sr_page", texts.page), ("sr_pages", texts.pages),
                        ("sr_indicator", texts.indicator), ("sr_unit", texts.unit)):
        QgsExpressionContextUtils.setLayoutVariable(layout, name, value)

    names = legend_names or {}
    for legend in _items_of(layout, QgsLayoutItemLegend):
        legend.setLinkedMap(karte)
        legend.setAutoUpdateModel(False)
        legend.setTitle(no_expressions(texts.legend_title))
        root = legend.model().rootGroup()
        root.clear()
        for layer in legend_layers:
            node = root.addLayer(layer)
            QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
            if layer.id() in names:
                QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, 0, names[layer.id()])
            legend.model().refreshLayerLegend(node)
            _legend_texts_literal(legend, node)
            legend.model().refreshLayerLegend(node)
        legend.updateLegend()
        legend.adjustBoxSize()
    # (no layout.refresh(): items follow the map and legend signals; a refresh costs ~20 ms a page)
    return layout

