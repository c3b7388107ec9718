"""Styling for the map series' layouts: fonts, text formats, legend style, overlay outlines and labels.
"""

from qgis.core import (
    Qgis,
    QgsExpression,
    QgsFillSymbol,
    QgsLegendStyle,
    QgsPalLayerSettings,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

FONT_FAMILY = "Arial"  # on Linux fontconfig substitutes a metric-compatible sans (Liberation/DejaVu)
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
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


def label_settings(field, size=7.0, bold=False, buffer_mm=0.7, color="#1a1a1a", show_all=False, hide=""):
    """Point-on-surface labels with a white halo, for overlay names or area labels. show_all: draw every
    label even where labels collide (for the few names of parent units, none may go missing). hide: a QGIS
    expression true where the value must not be printed (the privacy rule, core.privacy)."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.isExpression = False
    if hide:
        value = QgsExpression.quotedColumnRef(field)
        settings.fieldName = f"CASE WHEN coalesce({hide}, false) THEN NULL ELSE {value} END"
        settings.isExpression = True
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


def style_area_labels(layer, label_field, scale=1.0, hide=""):
    """Small labels of the social spaces themselves (collisions hide some, as in any map); no label where the
    expression `hide` is true (a value the privacy rule suppresses)."""
    if label_field:
        layer.setLabeling(label_settings(label_field, size=5.0 * scale, buffer_mm=0.5, color="#333333", hide=hide))
        layer.setLabelsEnabled(True)
    return layer

