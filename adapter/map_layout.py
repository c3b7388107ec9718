"""Print layouts for the indicator map series: one QgsPrintLayout per indicator from a template, and export.

A template is an ordinary QGIS layout template (.qpt). The items are found by their item id (the "Element-ID"
in QGIS's layout designer), so users can draw their own templates:

  karte       map (required; without it the first map item of the template is used)
  titel       label: title of the map (indicator label)
  untertitel  label: subtitle (definition, unit, year)
  legende     legend (filled with the classes of the indicator, the NULL/suppressed class and the overlay)
  massstab    scale bar (linked to the map)
  nordpfeil   picture: north arrow (linked to the map)
  quelle      label: source / attribution line
  stand       label: date ("Stand: …")
  seite       label: page number ("Karte 3 von 19")

Every item but the map is optional. Label items whose text contains a QGIS expression ([% … %]) are left
as they are; they can use the layout variables set on every page: @sr_title, @sr_subtitle, @sr_source,
@sr_date, @sr_page, @sr_pages, @sr_indicator, @sr_unit.

This module builds and exports layouts; it does not classify or choose colours (core/classify,
core/symbology) and never touches the user's layers: callers pass layers (clones) to render.
"""
import datetime
import os
import re
import string
import tempfile
from dataclasses import dataclass

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsBasicNumericFormat,
    QgsExpressionContextUtils,
    QgsFillSymbol,
    QgsLayerTreeLayer,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutRenderContext,
    QgsLayoutSize,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsReadWriteContext,
    QgsScaleBarSettings,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QMarginsF, QSize, QSizeF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter
from qgis.PyQt.QtXml import QDomDocument

from ..core.files import file_mode
from ..core.errors import LayoutError

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

MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID = "karte", "titel", "untertitel", "legende"
SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID = "massstab", "nordpfeil", "quelle", "stand", "seite"
ITEM_IDS = (MAP_ID, TITLE_ID, SUBTITLE_ID, LEGEND_ID, SCALEBAR_ID, NORTH_ID, SOURCE_ID, DATE_ID, PAGE_ID)

FONT_FAMILY = "Arial"  # on Linux fontconfig substitutes a metric-compatible sans (Liberation/DejaVu)
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


def template_path(key):
    return os.path.join(LAYOUT_DIR, TEMPLATES[key][0])


# --------------------------------------------------------------------------------------------- texts
class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill_pattern(pattern, values):
    """'{description} ({unit}, {year})' with the values; unknown or empty placeholders leave no stray
    brackets, commas or blanks behind: ('{label} ({unit})', label='A', unit='') -> 'A'."""
    try:
        text = string.Formatter().vformat(pattern or "", (), _Blank({k: ("" if v is None else v)
                                                                      for k, v in values.items()}))
    except (ValueError, IndexError) as error:
        raise LayoutError(f"Textmuster '{pattern}' ist ungültig ({error}). Platzhalter in geschweiften "
                          "Klammern schreiben, z. B. '{label}' oder '{unit}'.") from None
    for _ in range(3):
        text = re.sub(r"\(\s*[,;:]\s*", "(", text)
        text = re.sub(r"\s*[,;:]\s*\)", ")", text)
        text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
        text = re.sub(r"\s*[,;:]\s*([,;:])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip().strip(",;:").strip()


def indicator_values(indicator, **extra):
    """Placeholders for title/subtitle/source patterns from a catalogue entry."""
    values = {"id": indicator.id, "label": indicator.title, "theme": indicator.theme, "unit": indicator.unit,
              "year": indicator.year, "description": indicator.description, "source": indicator.source}
    values.update(extra)
    return values


def german_date(day=None):
    day = day or datetime.date.today()
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def sample_attribution():
    with open(ATTRIBUTION_FILE, encoding="utf-8") as handle:
        return " ".join(line.strip() for line in handle if line.strip())


def is_sample_source(source_path):
    """True when a layer source points into the plugin's sample folder (then its attribution is due)."""
    path = (source_path or "").split("|")[0]
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(SAMPLE_DIR)]) == \
            os.path.realpath(SAMPLE_DIR)
    except ValueError:
        return False


# ------------------------------------------------------------------------------------------ styling
def _font(size, bold=False):
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _text_format(size, bold=False, color="#222222"):
    fmt = QgsTextFormat()
    fmt.setFont(_font(size, bold))
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    fmt.setColor(QColor(color))
    return fmt


def _style_label(label, size, bold=False, color="#222222"):
    if hasattr(label, "setTextFormat"):  # QGIS >= 3.24
        label.setTextFormat(_text_format(size, bold, color))
    else:
        label.setFont(_font(size, bold))
        label.setFontColor(QColor(color))


def _style_legend(legend, scale=1.0):
    sizes = {QgsLegendStyle.Style.Title: (10 * scale, True), QgsLegendStyle.Style.Group: (8.5 * scale, True),
             QgsLegendStyle.Style.Subgroup: (8 * scale, True), QgsLegendStyle.Style.SymbolLabel: (7.5 * scale, False)}
    for style, (size, bold) in sizes.items():
        if hasattr(legend.rstyle(style), "setTextFormat"):  # QGIS >= 3.30
            legend.rstyle(style).setTextFormat(_text_format(size, bold))
        else:
            legend.setStyleFont(style, _font(size, bold))


# outer boundaries of every part: in a tessellation of parent units each border is still drawn once by its
# neighbour, while sliver holes left by dissolving small areas (common in real data) are not drawn as dashes
OUTER_BOUNDARY = ("collect_geometries(array_foreach(generate_series(1, num_geometries($geometry)), "
                  "exterior_ring(geometry_n($geometry, @element))))")


def overlay_renderer(color="#2b2b2b", width_mm=0.45):
    """Outline only, for parent units drawn over the classified areas."""
    from qgis.core import QgsGeometryGeneratorSymbolLayer, QgsLineSymbol, QgsSymbol

    line = QgsLineSymbol.createSimple({"line_color": color, "line_width": str(width_mm), "line_width_unit": "MM",
                                       "joinstyle": "round", "capstyle": "round"})
    generator = QgsGeometryGeneratorSymbolLayer.create({"geometryModifier": OUTER_BOUNDARY})
    generator.setSymbolType(QgsSymbol.SymbolType.Line)
    generator.setSubSymbol(line)
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_style": "no"})
    symbol.changeSymbolLayer(0, generator)
    return QgsSingleSymbolRenderer(symbol)


def label_settings(field, size=7.0, bold=False, buffer_mm=0.7, color="#1a1a1a", show_all=False):
    """Point-on-surface labels with a white halo, for overlay names or area labels. show_all: draw every
    label even where labels collide (for the few names of parent units, none may go missing)."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.isExpression = False
    # candidates all over the inside of the polygon (horizontal), so long names find a free place
    settings.placement = QgsPalLayerSettings.Placement.Horizontal if show_all \
        else QgsPalLayerSettings.Placement.OverPoint
    settings.centroidInside = True
    fmt = _text_format(size, bold, color)
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(buffer_mm)
    halo.setSizeUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    halo.setColor(QColor(255, 255, 255, 220))
    fmt.setBuffer(halo)
    settings.setFormat(fmt)
    if show_all:
        if hasattr(settings, "placementSettings") and hasattr(settings.placementSettings(), "setOverlapHandling"):
            settings.placementSettings().setOverlapHandling(Qgis.LabelOverlapHandling.AllowOverlapIfRequired)
        else:  # QGIS < 3.26
            settings.displayAll = True
    return QgsVectorLayerSimpleLabeling(settings)


def plain_copy(layer):
    """A clone of `layer` without the display settings of the user's copy that would hide or tint the map
    (scale-dependent visibility, opacity, diagrams, labels); the user's layer itself is not touched."""
    copy = layer.clone()
    copy.setScaleBasedVisibility(False)
    copy.setOpacity(1.0)
    copy.setLabelsEnabled(False)
    if copy.diagramRenderer() is not None:
        copy.setDiagramRenderer(None)
    return copy


def style_overlay(layer, label_field="", scale=1.0):
    """Give an overlay layer (a clone, never the user's layer) an outline renderer and optional labels."""
    layer.setRenderer(overlay_renderer())
    if label_field:
        layer.setLabeling(label_settings(label_field, size=7.0 * scale, bold=True, show_all=True))
        layer.setLabelsEnabled(True)
    else:
        layer.setLabelsEnabled(False)
    return layer


def style_area_labels(layer, label_field, scale=1.0):
    """Small labels of the social spaces themselves (collisions hide some, as in any map)."""
    if label_field:
        layer.setLabeling(label_settings(label_field, size=5.0 * scale, buffer_mm=0.5, color="#333333"))
        layer.setLabelsEnabled(True)
    return layer


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
        item.setText(text)


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
        legend.setTitle(texts.legend_title)
        root = legend.model().rootGroup()
        root.clear()
        for layer in legend_layers:
            node = root.addLayer(layer)
            QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
            if layer.id() in names:
                QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, 0, names[layer.id()])
            legend.model().refreshLayerLegend(node)
        legend.updateLegend()
        legend.adjustBoxSize()
    # (no layout.refresh(): items follow the map and legend signals; a refresh costs ~20 ms a page)
    return layout


# ------------------------------------------------------------------------------------------ export
def prepare_render(layout, dpi):
    context = layout.renderContext()
    context.setDpi(dpi)
    context.setFlag(QgsLayoutRenderContext.Flag.FlagAntialiasing, True)
    context.setFlag(QgsLayoutRenderContext.Flag.FlagUseAdvancedEffects, True)
    context.setTextRenderFormat(Qgis.TextRenderFormat.AlwaysText)


def _page_layout(layout):
    page = layout.pageCollection().page(0)
    size = layout.renderContext().measurementConverter().convert(page.sizeWithUnits(), MM)
    result = QPageLayout(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Millimeter),
                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    result.setMode(QPageLayout.Mode.FullPageMode)
    return result


class PdfSeries:
    """A multi-page PDF written page by page (one layout per page), whole or not at all:

        with PdfSeries(path, dpi, title) as pdf:
            for layout in layouts: pdf.add(layout)
        # the file appears only when the block ends without an exception and finish() is not skipped
    """

    def __init__(self, path, dpi=300, title=""):
        self.path, self.dpi, self.title = path, dpi, title
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        handle, self.tmp = tempfile.mkstemp(suffix=".pdf", prefix=".kartenserie-", dir=folder)
        os.close(handle)
        self.writer = None
        self.painter = None
        self.pages = 0

    def add(self, layout):
        page_layout = _page_layout(layout)
        if self.writer is None:
            self.writer = QPdfWriter(self.tmp)
            self.writer.setResolution(int(self.dpi))
            self.writer.setTitle(self.title)
            self.writer.setCreator("QGIS / Sozialraum Monitor")
            self.writer.setPageLayout(page_layout)
            self.painter = QPainter()
            if not self.painter.begin(self.writer):
                raise LayoutError(f"{self.path}: PDF kann nicht geschrieben werden. Schreibrechte und "
                                  "freien Speicher prüfen.")
        else:
            self.writer.setPageLayout(page_layout)
            self.writer.newPage()
        prepare_render(layout, self.dpi)
        QgsLayoutExporter(layout).renderPage(self.painter, 0)
        self.pages += 1

    def finish(self):
        if self.painter is not None:
            self.painter.end()
            self.painter = None
            self.writer = None
            os.chmod(self.tmp, file_mode())
            os.replace(self.tmp, self.path)
        return self.pages

    def abort(self):
        if self.painter is not None:
            self.painter.end()
            self.painter = None
        self.writer = None
        if os.path.exists(self.tmp):
            os.remove(self.tmp)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            if self.pages:
                self.finish()
            else:
                self.abort()
        else:
            self.abort()
        return False


EXPORT_FORMATS = ("png", "svg", "pdf")


def export_layout(layout, path, fmt, dpi=300):
    """One layout to PNG, SVG or PDF at `path` (written to a temp name, then renamed)."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise LayoutError(f"Exportformat '{fmt}' wird nicht unterstützt (möglich: {', '.join(EXPORT_FORMATS)}).")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.path.basename(path)}")
    exporter = QgsLayoutExporter(layout)
    if fmt == "png":
        # rendered directly: exportToImage would try to georeference the PNG through GDAL (noise on stderr)
        prepare_render(layout, dpi)
        image = exporter.renderPageToImage(0, QSize(), dpi)
        ok = not image.isNull() and image.save(tmp, "PNG")
        result = QgsLayoutExporter.ExportResult.Success if ok else QgsLayoutExporter.ExportResult.FileError
    elif fmt == "svg":
        settings = QgsLayoutExporter.SvgExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
        settings.exportMetadata = False
        result = exporter.exportToSvg(tmp, settings)
    else:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
        result = exporter.exportToPdf(tmp, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise LayoutError(f"{path}: Export fehlgeschlagen ({exporter.errorMessage() or result}). "
                          "Schreibrechte und freien Speicher prüfen.")
    os.replace(tmp, path)
    return path


def safe_file_name(text, fallback="karte"):
    """A file name from an indicator label: letters, digits, '_' and '-' only."""
    name = re.sub(r"[^\w\-]+", "_", text or "", flags=re.UNICODE).strip("_")
    return name[:80] or fallback


# ------------------------------------------------------------------------------------------ series
DEFAULT_TITLE = "{label}"
DEFAULT_SUBTITLE = "{description} ({unit}, {year})"


@dataclass
class SeriesOptions:
    """What a map series is made of (everything but the layers)."""
    indicators: tuple
    catalogue: object  # core.catalogue.Catalogue
    template: str
    method: str = "jenks"
    classes: int = 5
    method_params: dict = None
    title_pattern: str = DEFAULT_TITLE
    subtitle_pattern: str = DEFAULT_SUBTITLE
    source_pattern: str = ""
    date: str = ""
    attribution: str = ""
    area_label: str = ""
    overlay_label: str = ""
    overlay_name: str = ""
    min_count: int = 3
    show_counts: bool = False
    null_label: str = "keine Angabe"
    suppressed_label: str = "keine Angabe / unterdrückt"


@dataclass
class SeriesPage:
    indicator: object  # core.catalogue.Indicator
    layout: object  # QgsPrintLayout
    layer: object  # the styled clone shown on the page
    classification: object
    suppressed: int


def page_texts(indicator, options, number, total, classification=None):
    values = indicator_values(indicator, method=options.method, classes=options.classes, page=number,
                              pages=total, date=options.date)
    title = fill_pattern(options.title_pattern, values)
    subtitle = fill_pattern(options.subtitle_pattern, values)
    if options.source_pattern:
        source = fill_pattern(options.source_pattern, values)
    else:
        parts = [f"Quelle: {indicator.source.rstrip('.')}." if indicator.source else "", options.attribution]
        source = " ".join(p for p in parts if p)
    unit = indicator.unit
    return PageTexts(title=title or indicator.title, subtitle=subtitle, source=source, date=options.date,
                     page=number, pages=total, indicator=indicator.id, unit=unit,
                     legend_title="Legende")


def _overlay_display_name(layer, fallback):
    if fallback:
        return fallback
    name = layer.name()
    # a layer given as 'file.gpkg|layername=bezirke' is named after the file by Processing: use the layer's name
    path, _sep, options = layer.source().partition("|")
    inner = re.search(r"(?:^|\|)layername=([^|]+)", options)
    if inner and name == os.path.splitext(os.path.basename(path))[0]:
        name = inner.group(1)
    return name.split(" \u2014 ")[-1] if " \u2014 " in name else name


def label_scale_for(template):
    """Label sizes grow with the map frame: 1 for the A4 portrait map (180 mm wide), up to 1.5."""
    from qgis.core import QgsProject

    project = QgsProject()
    layout = load_template(project, template)
    width = map_item(layout).rect().width()
    del layout
    return min(max(width / 180.0, 1.0), 1.5)


class MapSeries:
    """Builds one layout per indicator, rendering copies of the input layer, never the layer itself.

        series = MapSeries(layer, options, project, overlay=bezirke)
        for page in series.pages():           # lazily: one layout at a time
            pdf.add(page.layout)

    `project` owns the copies and layouts: the user's project when the layouts are to be kept (then the
    copies go into a hidden layer group), or a scratch QgsProject() for export only.
    """

    def __init__(self, layer, options, project, overlay=None, keep=False, group_name=""):
        from .layers import source_to_frame
        from ..core.privacy import SuppressionRule, apply_suppression

        self.layer, self.options, self.project, self.keep = layer, options, project, keep
        self.catalogue = options.catalogue
        self.group = None
        self.group_name = group_name or f"Kartenserie: {layer.name()}"
        self.added_layers, self.added_layouts = [], []
        # values (after suppression) of the indicators, read once
        parts = {p for i in options.indicators for p in (self.catalogue.indicator(i).numerator,
                                                         self.catalogue.indicator(i).denominator) if p}
        names = [f.name() for f in layer.fields()]
        columns = list(options.indicators) + sorted(p for p in parts if p in names and p not in options.indicators)
        frame = source_to_frame(layer, columns)
        self.rule = SuppressionRule(min_count=int(options.min_count or 0))
        self.values, self.reasons = apply_suppression(frame, self.catalogue, self.rule, list(options.indicators))
        self.label_scale = label_scale_for(options.template)
        self.overlay = None
        if overlay is not None:
            self.overlay = style_overlay(plain_copy(overlay), options.overlay_label, self.label_scale)
            self.overlay.setName(_overlay_display_name(overlay, options.overlay_name))
            self._add_layer(self.overlay)

    def _add_layer(self, layer):
        self.project.addMapLayer(layer, False)
        if self.keep:
            if self.group is None:  # hidden, collapsed, at the bottom: the user's layer tree stays as it was
                self.group = self.project.layerTreeRoot().addGroup(self.group_name)
                self.group.setItemVisibilityChecked(False)
                self.group.setExpanded(False)
            self.group.addLayer(layer)
        self.added_layers.append(layer)

    def unique_layout_name(self, name):
        manager = self.project.layoutManager()
        candidate, n = name, 2
        while manager.layoutByName(candidate) is not None:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    def page(self, field, number, total):
        """The layout for one indicator (number counts from 1)."""
        from ..core.classify import classify
        from .symbology import graduated_renderer, suppression_expression

        indicator = self.catalogue.indicator(field)
        options = self.options
        values = self.values[field]
        hidden = self.reasons[field].notna()
        classification = classify(values.to_numpy(dtype=float), method=options.method, classes=options.classes,
                                  **dict(options.method_params or {}))
        # the copy reads the real values: suppressed ones are sent to the NULL class by expression
        hide = suppression_expression(field, self.catalogue, self.rule, [f.name() for f in self.layer.fields()])
        null_label = options.suppressed_label if hidden.any() else options.null_label
        renderer = graduated_renderer(field, classification, indicator, null_label=null_label,
                                      suppressed_expression=hide, show_counts=options.show_counts)
        clone = plain_copy(self.layer)
        clone.setName(indicator.title)
        clone.setRenderer(renderer)
        style_area_labels(clone, options.area_label, self.label_scale)
        self._add_layer(clone)

        texts = page_texts(indicator, options, number, total, classification)
        layout = load_template(self.project, options.template, self.unique_layout_name(texts.title))
        map_layers = ([self.overlay] if self.overlay is not None else []) + [clone]
        legend_names = {self.overlay.id(): self.overlay.name()} if self.overlay is not None else {}
        fill_layout(layout, map_layers, self.layer.extent(), self.layer.crs(), texts,
                    legend_layers=[clone] + ([self.overlay] if self.overlay is not None else []),
                    legend_names=legend_names)
        if self.keep:
            self.project.layoutManager().addLayout(layout)
            self.added_layouts.append(layout)
        return SeriesPage(indicator, layout, clone, classification, int(hidden.sum()))

    def has_values(self, field):
        return bool(self.values[field].notna().any())

    def pages(self):
        total = len(self.options.indicators)
        for number, field in enumerate(self.options.indicators, start=1):
            yield self.page(field, number, total)

    def release(self, page):
        """Free a page's copy after export when the layouts are not kept."""
        if not self.keep and self.project.mapLayer(page.layer.id()) is not None:
            self.project.removeMapLayer(page.layer.id())
            self.added_layers.remove(page.layer)

    def discard(self):
        """Take back what was added to the project (after a cancelled or failed run)."""
        for layout in self.added_layouts:
            self.project.layoutManager().removeLayout(layout)
        for layer in self.added_layers:
            if self.project.mapLayer(layer.id()) is not None:
                self.project.removeMapLayer(layer.id())
        if self.group is not None and self.group.parent() is not None:
            self.group.parent().removeChildNode(self.group)
        self.added_layouts, self.added_layers, self.group = [], [], None
