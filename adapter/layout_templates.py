"""Layout templates of the map series: the built-in A4/A3 templates drawn in code, loading and checking
own .qpt templates (items found by their item id, see adapter.map_layout).
"""
import os

from qgis.core import (
    QgsApplication,
    QgsBasicNumericFormat,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsReadWriteContext,
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..core.errors import LayoutError
from .layout_pages import (
    DATE_ID,
    LEGEND_ID,
    MAP_ID,
    NORTH_ID,
    PAGE_ID,
    SCALEBAR_ID,
    SOURCE_ID,
    SUBTITLE_ID,
    TITLE_ID,
    fitted_extent,
    map_item,
)
from .layout_styling import MM, _style_label, _style_legend, _text_format

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYOUT_DIR = os.path.join(PLUGIN_DIR, "resources", "layouts")
SAMPLE_DIR = os.path.join(PLUGIN_DIR, "resources", "sample")
ATTRIBUTION_FILE = os.path.join(SAMPLE_DIR, "ATTRIBUTION.txt")

# Shipped templates: key -> (file, German name shown in the algorithm)
TEMPLATES = {
    "a4_hoch": ("a4_hoch.qpt", "A4 Hochformat"),
    "a4_quer": ("a4_quer.qpt", "A4 Querformat"),
    "a3_quer": ("a3_quer.qpt", "A3 Querformat"),
}
DEFAULT_TEMPLATE = "a4_hoch"


NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"


def template_path(key):
    return os.path.join(LAYOUT_DIR, TEMPLATES[key][0])


# --------------------------------------------------------------------------------------- templates
# Geometry of the shipped templates in mm: (x, y, width, height) and font sizes.
_GEOMETRY = {
    "a4_hoch": {"page": (210, 297), "scale": 1.0,
                TITLE_ID: (15, 12, 180, 10), SUBTITLE_ID: (15, 22.5, 180, 11), MAP_ID: (15, 36, 180, 152),
                LEGEND_ID: (15, 194, 110, 66), SCALEBAR_ID: (135, 194, 60, 12), NORTH_ID: (183, 39, 9, 14),
                SOURCE_ID: (15, 266, 180, 17), DATE_ID: (15, 284, 120, 5), PAGE_ID: (135, 284, 60, 5)},
    "a4_quer": {"page": (297, 210), "scale": 1.0,
                TITLE_ID: (12, 10, 273, 10), SUBTITLE_ID: (12, 20.5, 273, 9), MAP_ID: (12, 32, 195, 166),
                LEGEND_ID: (213, 32, 72, 84), SCALEBAR_ID: (213, 120, 60, 12), NORTH_ID: (196, 35, 8, 12),
                SOURCE_ID: (213, 136, 72, 54), DATE_ID: (213, 192, 72, 5), PAGE_ID: (213, 198, 72, 5)},
    "a3_quer": {"page": (420, 297), "scale": 1.35,
                TITLE_ID: (18, 14, 384, 14), SUBTITLE_ID: (18, 29, 384, 12), MAP_ID: (18, 45, 280, 236),
                LEGEND_ID: (308, 45, 94, 110), SCALEBAR_ID: (308, 162, 80, 16), NORTH_ID: (285, 49, 10, 16),
                SOURCE_ID: (308, 188, 94, 70), DATE_ID: (308, 264, 94, 7), PAGE_ID: (308, 273, 94, 7)},
}


def _place(item, box):
    x, y, w, h = box
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))


def north_arrow_path():
    for folder in QgsApplication.svgPaths():
        path = os.path.join(folder, NORTH_ARROW_SVG)
        if os.path.exists(path):
            return path
    return ""


def _label(layout, item_id, box, text, size, bold=False, halign=Qt.AlignmentFlag.AlignLeft, color="#222222"):
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    label.setMode(QgsLayoutItemLabel.Mode.ModeFont)
    _style_label(label, size, bold, color)
    label.setHAlign(halign)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    _place(label, box)
    return label


def template_layout(project, key):
    """The shipped template `key` built in code (the .qpt files in resources/layouts are saved from this)."""
    geometry = _GEOMETRY[key]
    scale = geometry["scale"]
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(TEMPLATES[key][1])
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(*geometry["page"], MM))

    _label(layout, TITLE_ID, geometry[TITLE_ID], "Titel", 16 * scale, bold=True, color="#111111")
    subtitle = _label(layout, SUBTITLE_ID, geometry[SUBTITLE_ID], "Untertitel", 8.5 * scale, color="#444444")
    subtitle.setVAlign(Qt.AlignmentFlag.AlignTop)

    karte = QgsLayoutItemMap(layout)
    karte.setId(MAP_ID)
    karte.setFrameEnabled(True)
    karte.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, MM))
    karte.setFrameStrokeColor(QColor("#777777"))
    karte.setBackgroundColor(QColor("#ffffff"))
    karte.setKeepLayerSet(True)
    layout.addLayoutItem(karte)
    _place(karte, geometry[MAP_ID])
    # a placeholder view (Berlin, ETRS89 / UTM 33N) so the scale bar has a scale; each page sets its own
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    karte.setCrs(QgsCoordinateReferenceSystem("EPSG:25833"))
    karte.setExtent(fitted_extent(QgsRectangle(370000, 5799520, 415786, 5837260), *geometry[MAP_ID][2:]))

    legend = QgsLayoutItemLegend(layout)
    legend.setId(LEGEND_ID)
    legend.setTitle("Legende")
    legend.setAutoUpdateModel(False)
    legend.setLinkedMap(karte)
    legend.setResizeToContents(True)
    legend.setSymbolWidth(8 * scale)
    legend.setSymbolHeight(4.5 * scale)
    legend.setBackgroundEnabled(False)
    _style_legend(legend, scale)
    legend.rstyle(QgsLegendStyle.Style.Title).setMargin(QgsLegendStyle.Side.Bottom, 2.5 * scale)
    legend.rstyle(QgsLegendStyle.Style.Symbol).setMargin(QgsLegendStyle.Side.Top, 1.2 * scale)
    legend.rstyle(QgsLegendStyle.Style.SymbolLabel).setMargin(QgsLegendStyle.Side.Top, 1.2 * scale)
    legend.rstyle(QgsLegendStyle.Style.Group).setMargin(QgsLegendStyle.Side.Top, 2.5 * scale)
    legend.setBoxSpace(0)
    layout.addLayoutItem(legend)
    _place(legend, geometry[LEGEND_ID])

    bar = QgsLayoutItemScaleBar(layout)
    bar.setId(SCALEBAR_ID)
    bar.setStyle("Single Box")
    bar.setLinkedMap(karte)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(4)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(25 * scale)
    bar.setMaximumBarWidth(45 * scale)
    bar.setHeight(2 * scale)
    bar.setLabelBarSpace(1.5)
    bar.setBoxContentSpace(0.5)
    bar.setTextFormat(_text_format(7 * scale))
    number_format = QgsBasicNumericFormat()
    number_format.setShowThousandsSeparator(True)
    number_format.setThousandsSeparator(".")
    number_format.setDecimalSeparator(",")
    bar.setNumericFormat(number_format)
    bar.setFrameEnabled(False)
    bar.setBackgroundEnabled(False)
    layout.addLayoutItem(bar)
    _place(bar, geometry[SCALEBAR_ID])

    arrow = QgsLayoutItemPicture(layout)
    arrow.setId(NORTH_ID)
    arrow.setPicturePath(north_arrow_path(), QgsLayoutItemPicture.Format.FormatSVG)
    arrow.setLinkedMap(karte)
    arrow.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    arrow.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    arrow.setBackgroundEnabled(False)
    layout.addLayoutItem(arrow)
    _place(arrow, geometry[NORTH_ID])

    source = _label(layout, SOURCE_ID, geometry[SOURCE_ID], "Quelle", 6.5 * scale, color="#444444")
    source.setVAlign(Qt.AlignmentFlag.AlignBottom if key == "a4_hoch" else Qt.AlignmentFlag.AlignTop)
    _label(layout, DATE_ID, geometry[DATE_ID], "Stand", 6.5 * scale, color="#444444")
    _label(layout, PAGE_ID, geometry[PAGE_ID], "Seite", 7 * scale, color="#444444",
           halign=Qt.AlignmentFlag.AlignRight if key == "a4_hoch" else Qt.AlignmentFlag.AlignLeft)
    return layout


def write_template(layout, path):
    """Save a layout as .qpt (written whole: temp file, then rename)."""
    tmp = path + ".tmp"
    if not layout.saveAsTemplate(tmp, QgsReadWriteContext()):
        raise LayoutError(f"{path}: Vorlage konnte nicht geschrieben werden. Schreibrechte prüfen.")
    os.replace(tmp, path)


def load_template(project, path, name=""):
    """A new QgsPrintLayout from a .qpt file; raises LayoutError (German) when the file is unusable."""
    if not path or not os.path.exists(path):
        raise LayoutError(f"{path}: Layoutvorlage nicht gefunden. Bitte eine .qpt-Datei wählen "
                          "(z. B. in QGIS: Layout > Als Vorlage speichern…).")
    with open(path, encoding="utf-8") as handle:
        content = handle.read()
    document = QDomDocument()
    ok = document.setContent(content)
    ok = ok[0] if isinstance(ok, tuple) else ok
    if not ok:
        raise LayoutError(f"{path}: Die Datei ist kein gültiges XML und damit keine QGIS-Layoutvorlage.")
    layout = QgsPrintLayout(project)
    _items, loaded = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not loaded:
        raise LayoutError(f"{path}: Die Datei ist keine QGIS-Layoutvorlage (.qpt). In QGIS mit "
                          "Layout > Als Vorlage speichern… eine Vorlage anlegen.")
    if layout.pageCollection().pageCount() == 0:
        raise LayoutError(f"{path}: Die Layoutvorlage hat keine Seite.")
    if map_item(layout) is None:
        raise LayoutError(f"{path}: Die Layoutvorlage enthält keine Karte. Bitte ein Kartenelement mit der "
                          f"Element-ID '{MAP_ID}' einfügen.")
    if name:
        layout.setName(name)
    return layout


def check_template(path):
    """Raise LayoutError when `path` is not a usable template (loads it into a scratch project)."""
    from qgis.core import QgsProject

    project = QgsProject()
    layout = load_template(project, path)
    del layout  # a layout must go before its project

