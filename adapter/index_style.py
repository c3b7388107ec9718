"""QGIS styles for index classes: categorized renderers for the MSS status classes, the dynamics classes,
the 12 status x dynamics groups and any ordered class list (the kit stores them with file outputs and sets them
on the layer QGIS loads).

Colours follow the look of the official MSS maps: high status green, middle light yellow, low orange, very
low red; positive dynamics green, stable light sand, negative red; the 12 groups take the status hue, mixed
towards white for positive and towards black for negative dynamics. No class is white or near white (a white
area reads as a hole in the map). Areas outside the reference get their own mid-grey class "nicht berechnet
(außerhalb der Referenz)", areas without a value the hatched "keine Angabe / unterdrückt" of the other maps.
"""

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsRendererCategory,
    QgsSymbol,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor

from ..core.indices import DYNAMICS_CLASSES, GROUPS, OUTSIDE_CLASS, STATUS_CLASSES
from .symbology import NULL_LABEL, null_symbol

STATUS_COLOURS = {"hoch": "#4daf4a", "mittel": "#f6e05e", "niedrig": "#fdae61", "sehr niedrig": "#d7191c"}
DYNAMICS_COLOURS = {"positiv": "#1a9641", "stabil": "#e6d9a2", "negativ": "#ca0020"}
OUTSIDE_COLOUR = "#a3a3a3"
NO_CLASS_LABEL = NULL_LABEL
MIDDLE_COLOUR = "#fee08b"   # the middle of the ramps: light, but not white


def _mix(colour, other, share):
    """`colour` moved by `share` (0..1) towards `other`."""
    a, b = QColor(colour), QColor(other)
    return QColor(*(round(x + (y - x) * share) for x, y in ((a.red(), b.red()), (a.green(), b.green()),
                                                              (a.blue(), b.blue()))))


def group_colours():
    colours = {}
    for status in STATUS_CLASSES:
        base = STATUS_COLOURS[status]
        shades = {"positiv": _mix(base, "#ffffff", 0.3), "stabil": QColor(base), "negativ": _mix(base, "#000000", 0.3)}
        for dynamics in DYNAMICS_CLASSES:
            colours[f"Status {status}, Dynamik {dynamics}"] = shades[dynamics].name()
    return colours


def ramp_colours(labels):
    """Green -> light yellow -> red across an ordered list of class labels (favourable first)."""
    stops = [QColor("#1a9641"), QColor(MIDDLE_COLOUR), QColor("#d7191c")]
    count = len(labels)
    colours = {}
    for position, label in enumerate(labels):
        t = position / (count - 1) if count > 1 else 0.0
        low, high, u = (stops[0], stops[1], t * 2) if t <= 0.5 else (stops[1], stops[2], (t - 0.5) * 2)
        colour = QColor(int(low.red() + (high.red() - low.red()) * u),
                        int(low.green() + (high.green() - low.green()) * u),
                        int(low.blue() + (high.blue() - low.blue()) * u))
        colours[label] = colour.name()
    return colours


def categorized_renderer(field_name, colours, geometry_type=QgsWkbTypes.GeometryType.PolygonGeometry):
    """A categorized renderer on `field_name`: one category per (label -> colour), in order, then the grey
    class OUTSIDE_CLASS (areas outside the reference) and the hatched class for areas without a class (NULL)."""
    categories = []
    for label, colour in list(colours.items()) + [(OUTSIDE_CLASS, OUTSIDE_COLOUR)]:
        symbol = QgsSymbol.defaultSymbol(geometry_type)
        symbol.setColor(QColor(colour))
        if geometry_type == QgsWkbTypes.GeometryType.PolygonGeometry and symbol.symbolLayerCount():
            layer = symbol.symbolLayer(0)
            if hasattr(layer, "setStrokeColor"):
                layer.setStrokeColor(QColor("#808080"))
                layer.setStrokeWidth(0.1)
        categories.append(QgsRendererCategory(label, symbol, label))
    categories.append(QgsRendererCategory(None, null_symbol(geometry_type), NO_CLASS_LABEL))
    return QgsCategorizedSymbolRenderer(field_name, categories)


def renderer_for(kind, field_name, order=(), geometry_type=QgsWkbTypes.GeometryType.PolygonGeometry):
    """kind 'status' | 'dynamics' | 'group' (MSS colours) or 'ordered' (ramp over `order`)."""
    if kind == "status":
        colours = STATUS_COLOURS
    elif kind == "dynamics":
        colours = DYNAMICS_COLOURS
    elif kind == "group":
        colours = {g: group_colours()[g] for g in GROUPS}
    else:
        colours = ramp_colours(list(order))
    return categorized_renderer(field_name, colours, geometry_type)
