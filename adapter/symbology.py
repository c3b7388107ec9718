"""Choropleth symbology for a Classification: renderer, German legend labels, colours, .qml / GeoPackage style.

Decisions (see README, "Indikator klassifizieren und darstellen"):
- Renderer: a QgsRuleBasedRenderer, one rule per class plus one rule "keine Angabe / unterdrückt".
  QgsGraduatedSymbolRenderer (3.22 up to 4.x) has no class for NULL: features without a value are
  simply not drawn and do not appear in the legend, and suppressed values (small counts, which still
  hold a number in the layer) would be coloured like any other. Only the rule-based renderer can draw
  and count that class in the legend and hide suppressed values by an expression. Pass
  null_label=None to get a plain QgsGraduatedSymbolRenderer (no NULL class) instead.
- Colours: "dark red is unfavourable" on every map of a report. higher_is_worse: ColorBrewer Reds,
  light -> dark; higher_is_better: Reds reversed (low values, the unfavourable ones, dark); neutral:
  Blues light -> dark. Diverging methods (stddev, zscore, boxmap: classes around the mean / median /
  z = 0) use RdBu with red on the unfavourable side, PuOr for neutral indicators.
- Outlines 0.15 mm mid grey, which prints on light and dark fills; NULL class: light grey with a
  grey 45° hatch.
"""
import json
import os

import numpy as np
from qgis.core import (
    QgsColorBrewerColorRamp,
    QgsColorRamp,
    QgsExpression,
    QgsFillSymbol,
    QgsGradientColorRamp,
    QgsGradientStop,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsStyle,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor

from ..core.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE
from ..core.classify import DIVERGING_METHODS, METHODS, ROUND_METHODS, Classification
from ..core.files import atomic_write
from ..core.numbers import decimals_for, format_number, format_range

NULL_LABEL = "keine Angabe / unterdrückt"
PROPERTY_PREFIX = "sozialraum_monitor/classify"
OUTLINE_COLOR = "110,110,110,255"
OUTLINE_WIDTH = "0.15"
NULL_FILL = "240,240,240,255"
NULL_HATCH = "150,150,150,255"


# ---------------------------------------------------------------------------------------------
# colours


def ramp_name_for(classification, indicator=None):
    """(ColorBrewer scheme, inverted, diverging) by method and the indicator's polarity."""
    polarity = getattr(indicator, "polarity", None)
    if classification.method in DIVERGING_METHODS:
        if polarity == HIGHER_IS_WORSE:
            return "RdBu", True, True   # RdBu runs red -> blue: inverted puts red on high values
        if polarity == HIGHER_IS_BETTER:
            return "RdBu", False, True
        return "PuOr", False, True
    if polarity == HIGHER_IS_WORSE:
        return "Reds", False, False
    if polarity == HIGHER_IS_BETTER:
        return "Reds", True, False
    return "Blues", False, False


def _diverging_positions(classification, center=None):
    """Position 0..1 on a diverging ramp per class, symmetric around the class holding the centre."""
    k = classification.classes
    center = classification.params.get("center") if center is None else center
    if center is None or k < 2:
        return np.linspace(0, 1, k) if k > 1 else np.array([0.5])
    breaks = np.asarray(classification.breaks)
    index = int(np.searchsorted(breaks, center, side="left"))
    # on a class boundary (box map: the median) the centre lies between two classes
    c = index + 0.5 if index < k and np.isclose(breaks[index], center) else float(min(index, k - 1))
    span = max(c, k - 1 - c, 0.5)
    return np.clip(0.5 + 0.5 * (np.arange(k) - c) / span, 0, 1)


def centred_ramp_name(indicator=None):
    """(scheme, inverted) of a diverging ramp around a centre (0 for signed changes): red on the unfavourable
    side (higher_is_worse: above the centre), blue on the other; PuOr for neutral indicators."""
    polarity = getattr(indicator, "polarity", None)
    if polarity == HIGHER_IS_WORSE:
        return "RdBu", True
    if polarity == HIGHER_IS_BETTER:
        return "RdBu", False
    return "PuOr", False


def class_colors(classification, indicator=None, ramp=None, centre=None):
    """One QColor per class. `ramp`: a QgsColorRamp, a ColorBrewer scheme name or a QgsStyle ramp name.
    `centre` (e.g. 0 for signed changes): a diverging ramp whose middle colour is the class holding it."""
    k = classification.classes
    if k == 0:
        return []
    diverging = classification.method in DIVERGING_METHODS or centre is not None
    inverted = False
    if ramp is None and centre is not None:
        ramp, inverted = centred_ramp_name(indicator)
    elif ramp is None:
        name, inverted, diverging = ramp_name_for(classification, indicator)
        ramp = name
    if isinstance(ramp, str):
        name = ramp
        if name in QgsColorBrewerColorRamp.listSchemeNames():
            if not diverging and 3 <= k <= 9:
                brewer = QgsColorBrewerColorRamp(name, k, inverted)
                return [QColor(brewer.color(i / (k - 1))) for i in range(k)]
            brewer = QgsColorBrewerColorRamp(name, 9 if not diverging else 11, inverted)
            stops_colors = [brewer.color(i / (brewer.count() - 1)) for i in range(brewer.count())]
            ramp = _gradient(stops_colors)
        else:
            styled = QgsStyle.defaultStyle().colorRamp(name)
            if styled is None:
                raise ValueError(f"Farbverlauf '{name}' ist unbekannt (ColorBrewer-Name oder Name aus der "
                                 "QGIS-Stilbibliothek angeben).")
            ramp = styled
    if not isinstance(ramp, QgsColorRamp):
        raise ValueError("Farbverlauf muss ein QgsColorRamp oder ein Name sein.")
    if diverging:
        positions = _diverging_positions(classification, centre)
    elif k == 1:
        positions = np.array([0.6])
    else:
        # sequential: leave out the almost white end so the lightest class stays visible on paper
        positions = np.linspace(0.1 if k > 2 else 0.25, 1.0, k)
    return [QColor(ramp.color(float(p))) for p in positions]


def _gradient(colors):
    stops = [QgsGradientStop(i / (len(colors) - 1), c) for i, c in enumerate(colors)][1:-1]
    return QgsGradientColorRamp(colors[0], colors[-1], False, stops)


# ---------------------------------------------------------------------------------------------
# labels


def _exact_decimals(values, max_decimals=3):
    """Fewest decimals that show each value exactly (1.5 -> 1, -1 -> 0)."""
    for d in range(max_decimals + 1):
        if all(abs(round(float(v), d) - float(v)) < 1e-9 for v in values):
            return d
    return max_decimals


def label_decimals(classification, indicator=None):
    bounds = np.unique(np.round([classification.lower] + list(classification.breaks), 9))
    bounds = [b for b in bounds if np.isfinite(b)]
    if classification.method in ROUND_METHODS:  # bounds chosen by the user or round: show them exactly
        return _exact_decimals(bounds, max_decimals=4)
    decimals = decimals_for(bounds, max_decimals=4)
    if indicator is not None:
        decimals = max(decimals, min(int(indicator.decimals), 1))
    return decimals


def _signed(value, decimals=1):
    text = format_number(value, decimals)
    return text if value <= 0 else f"+{text}"


def _scheme_prefixes(classification):
    """Names of the classes of the fixed schemes (box map, percentiles, SD bands, z-scores) or None."""
    method, params, k = classification.method, classification.params, classification.classes
    if method == "boxmap" and k == 6:
        return ["Ausreißer unten", "1. Quartil", "2. Quartil", "3. Quartil", "4. Quartil", "Ausreißer oben"]
    if method == "percentile":
        values = params.get("percentiles", [])
        p = [format_number(v, _exact_decimals(values)) for v in values]
        if len(p) + 1 == k:
            return [f"unter P{p[0]}"] + [f"P{a} – P{b}" for a, b in zip(p, p[1:])] + [f"über P{p[-1]}"]
    if method == "zscore":
        t = params.get("thresholds", [])
        if len(t) + 1 == k:
            d = _exact_decimals(t)
            return ([f"z unter {_signed(t[0], d)}"] +
                    [f"z {_signed(a, d)} bis {_signed(b, d)}" for a, b in zip(t, t[1:])] +
                    [f"z über {_signed(t[-1], d)}"])
    if method == "stddev" and "multiples" in params:
        m = params["multiples"]
        d = _exact_decimals(m)
        if len(m) + 1 == k:
            return ([f"unter {_signed(m[0], d)} s"] +
                    [f"{_signed(a, d)} bis {_signed(b, d)} s" for a, b in zip(m, m[1:])] +
                    [f"über {_signed(m[-1], d)} s"])
    return None


def class_labels(classification, indicator=None, show_counts=False, counts=None, convention="range"):
    """German legend labels '5,0 – 10,0 %' (with the scheme's class names and optional counts '(12)').

    convention="statistical": the German statistical convention for classes that include their upper bound:
    'bis 5,0 %', 'über 5,0 bis 10,0 %', … (no bound printed in two classes without saying where it belongs);
    a class holding one value reads as that value ('−52,0 %'), never '−52,0 – −52,0'."""
    unit = getattr(indicator, "unit", "") or ""
    decimals = label_decimals(classification, indicator)
    counts = classification.counts if counts is None else counts
    prefixes = _scheme_prefixes(classification)
    labels = []
    k = classification.classes
    for index, (low, high) in enumerate(classification.bounds):
        low_text, high_text = format_number(low, decimals, unit), format_number(high, decimals, unit)
        if convention == "statistical" and (low_text == high_text or (index == 0 and k == 1)):
            text = high_text
        elif convention == "statistical" and index == 0:
            text = f"bis {high_text}"
        elif convention == "statistical":
            text = f"über {format_number(low, decimals)} bis {high_text}"
        elif prefixes is not None and index == 0:
            text = f"bis {format_number(high, decimals, unit)}"
        elif prefixes is not None and index == k - 1:
            text = f"über {format_number(low, decimals, unit)}"
        else:
            text = format_range(low, high, decimals, unit)
        if prefixes is not None:
            text = f"{prefixes[index]}: {text}"
        if show_counts:
            text += f" ({int(counts[index])})"
        labels.append(text)
    return labels


# ---------------------------------------------------------------------------------------------
# symbols and renderers


def class_symbol(color, geometry_type=QgsWkbTypes.GeometryType.PolygonGeometry):
    if geometry_type == QgsWkbTypes.GeometryType.LineGeometry:
        return QgsLineSymbol.createSimple({"line_color": _rgba(color), "line_width": "0.6",
                                           "line_width_unit": "MM", "capstyle": "round"})
    if geometry_type == QgsWkbTypes.GeometryType.PointGeometry:
        return QgsMarkerSymbol.createSimple({"name": "circle", "color": _rgba(color), "size": "2.4",
                                             "outline_color": OUTLINE_COLOR, "outline_width": OUTLINE_WIDTH,
                                             "outline_width_unit": "MM"})
    return QgsFillSymbol.createSimple({"color": _rgba(color), "style": "solid", "outline_color": OUTLINE_COLOR,
                                       "outline_width": OUTLINE_WIDTH, "outline_width_unit": "MM",
                                       "joinstyle": "bevel"})


def null_symbol(geometry_type=QgsWkbTypes.GeometryType.PolygonGeometry):
    """Light grey with a grey 45° hatch (polygons); grey dashed line or hollow grey point otherwise."""
    if geometry_type == QgsWkbTypes.GeometryType.LineGeometry:
        return QgsLineSymbol.createSimple({"line_color": NULL_HATCH, "line_width": "0.4", "line_style": "dash",
                                           "line_width_unit": "MM"})
    if geometry_type == QgsWkbTypes.GeometryType.PointGeometry:
        return QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,255,255,0", "size": "2.4",
                                             "outline_color": NULL_HATCH, "outline_width": "0.3",
                                             "outline_width_unit": "MM"})
    from qgis.core import QgsLinePatternFillSymbolLayer

    symbol = QgsFillSymbol.createSimple({"color": NULL_FILL, "style": "solid", "outline_color": OUTLINE_COLOR,
                                         "outline_width": OUTLINE_WIDTH, "outline_width_unit": "MM"})
    hatch = QgsLinePatternFillSymbolLayer.create({"angle": "45", "distance": "1.2", "distance_unit": "MM",
                                                  "line_width": "0.15", "line_width_unit": "MM",
                                                  "color": NULL_HATCH})
    hatch.subSymbol().setColor(QColor(150, 150, 150))
    hatch.subSymbol().symbolLayer(0).setWidth(0.15)
    symbol.appendSymbolLayer(hatch)
    return symbol


def _rgba(color):
    color = QColor(color)
    return f"{color.red()},{color.green()},{color.blue()},{color.alpha()}"


def _number(value):
    return repr(float(value))


def class_expressions(value_expression, classification):
    """Filter expression per class, consistent with Classification.class_of (upper bounds inclusive;
    values below the first / above the last bound fall into the first / last class)."""
    breaks = classification.breaks
    k = len(breaks)
    expressions = []
    for index in range(k):
        parts = []
        if index > 0:
            parts.append(f"({value_expression}) > {_number(breaks[index - 1])}")
        if index < k - 1:
            parts.append(f"({value_expression}) <= {_number(breaks[index])}")
        if not parts:
            parts.append(f"({value_expression}) IS NOT NULL")
        expressions.append(" AND ".join(parts))
    return expressions


def graduated_renderer(field, classification, indicator=None, *, ramp=None, show_counts=False,
                       null_label=NULL_LABEL, geometry_type=QgsWkbTypes.GeometryType.PolygonGeometry,
                       value_expression=None, suppressed_expression="", counts=None, null_count=None,
                       centre=None, convention="range"):
    """The renderer for `classification` of `field`.

    Returns a QgsRuleBasedRenderer with one rule per class and a last rule for NULL / suppressed values
    (labelled `null_label`, counted with `null_count`, default classification.null_count) — see the
    module docstring for why. With null_label=None a QgsGraduatedSymbolRenderer without that class.
    value_expression: expression for the value (default the quoted field; e.g. a conversion of a text
    field). suppressed_expression: features matching it are shown in the NULL class whatever their
    value (see suppression_expression). counts: counts per class for the labels (default the
    classification's, e.g. pass per-map counts in a series). centre: see class_colors; convention: see
    class_labels.
    """
    if not isinstance(classification, Classification):
        raise TypeError("classification muss eine core.classify.Classification sein")
    colors = class_colors(classification, indicator, ramp, centre)
    labels = class_labels(classification, indicator, show_counts, counts, convention)
    if null_label is None:
        ranges = []
        for (low, high), color, label in zip(classification.bounds, colors, labels):
            ranges.append(QgsRendererRange(low, high, class_symbol(color, geometry_type), label))
        renderer = QgsGraduatedSymbolRenderer(field, ranges)
        if value_expression:
            renderer.setClassAttribute(value_expression)
        return renderer
    value = value_expression or QgsExpression.quotedColumnRef(field)
    hidden = f"({suppressed_expression})" if suppressed_expression else ""
    root = QgsRuleBasedRenderer.Rule(None)
    for expression, color, label in zip(class_expressions(value, classification), colors, labels):
        if hidden:
            expression = f"NOT coalesce({hidden}, false) AND {expression}"
        root.appendChild(QgsRuleBasedRenderer.Rule(class_symbol(color, geometry_type), 0, 0, expression, label))
    missing = classification.null_count if null_count is None else null_count
    text = null_label + (f" ({int(missing)})" if show_counts else "")
    null_filter = f"({value}) IS NULL" + (f" OR coalesce({hidden}, false)" if hidden else "")
    root.appendChild(QgsRuleBasedRenderer.Rule(null_symbol(geometry_type), 0, 0, null_filter, text))
    return QgsRuleBasedRenderer(root)


COUNT_UNITS = ("ew", "einwohner", "anzahl", "personen", "haushalte", "fälle")
SYMBOL_SIZES_MM = (1.6, 6.5)       # circle diameters of the smallest and the largest class


def is_count_indicator(indicator):
    """Absolute counts (kind=count in the catalogue, or a unit like 'EW'/'Anzahl' without numerator): shown as
    graduated circles, never as a choropleth (a bigger area holds more people, not a higher rate)."""
    if indicator is None:
        return False
    unit = (getattr(indicator, "unit", "") or "").strip().lower()
    return indicator.is_count or (not indicator.is_rate and unit in COUNT_UNITS)


def graduated_size_renderer(field, classification, indicator=None, *, value_expression=None, show_counts=False,
                            convention="statistical"):
    """A QgsGraduatedSymbolRenderer (size method) for counts on polygons: each area a pale fill with a dark
    circle at its centroid, the circle's area growing with the class (diameter from SYMBOL_SIZES_MM). Areas
    whose value expression is NULL (no value, suppressed) show the pale fill only (a background layer)."""
    from qgis.core import QgsCentroidFillSymbolLayer

    labels = class_labels(classification, indicator, show_counts, None, convention)
    k = max(classification.classes, 1)
    small, large = SYMBOL_SIZES_MM
    ranges = []
    for index, ((low, high), label) in enumerate(zip(classification.bounds, labels)):
        share = index / (k - 1) if k > 1 else 1.0
        diameter = float(np.sqrt(small ** 2 + share * (large ** 2 - small ** 2)))   # circle area grows evenly
        ranges.append((low, high, diameter, label))
    renderer = QgsGraduatedSymbolRenderer(field)
    for low, high, diameter, label in ranges:
        marker = QgsMarkerSymbol.createSimple({"name": "circle", "color": "203,24,29,220", "size": repr(diameter),
                                               "size_unit": "MM", "outline_color": "255,255,255,255",
                                               "outline_width": "0.2", "outline_width_unit": "MM"})
        centroid = QgsCentroidFillSymbolLayer()
        centroid.setSubSymbol(marker)
        centroid.setPointOnSurface(True)
        symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "style": "no", "outline_color": OUTLINE_COLOR,
                                             "outline_width": OUTLINE_WIDTH, "outline_width_unit": "MM"})
        symbol.appendSymbolLayer(centroid)
        renderer.addClassRange(QgsRendererRange(low, high, symbol, label))
    if value_expression:
        renderer.setClassAttribute(value_expression)
    if hasattr(renderer, "setGraduatedMethod"):
        method = getattr(QgsGraduatedSymbolRenderer, "GraduatedSize", None)
        if method is None:
            from qgis.core import Qgis
            method = Qgis.GraduatedMethod.Size
        renderer.setGraduatedMethod(method)
    return renderer


def suppression_expression(field, catalogue, rule, field_names):
    """QGIS expression true where core.privacy would suppress `field` (small counts in the field itself or
    in the numerator/denominator of its rate, areas below the minimum population, their population included);
    '' when none applies."""
    names = set(field_names)

    def small(name):
        ref = QgsExpression.quotedColumnRef(name)
        return f"({ref} > 0 AND {ref} < {int(rule.min_count)})"

    parts = []
    if rule.min_count and rule.min_count > 1:
        if field in catalogue.count_fields([rule.population_field] if rule.population_field else []):
            parts.append(small(field))
        indicator = catalogue.get(field)
        if indicator is not None and indicator.is_rate:
            parts.extend(small(p) for p in (indicator.numerator, indicator.denominator) if p in names)
    if rule.min_population and rule.population_field in names:
        parts.append(f"({QgsExpression.quotedColumnRef(rule.population_field)} < {rule.min_population!r})")
    return " OR ".join(parts)


# ---------------------------------------------------------------------------------------------
# layers and files


def style_name_for(field, classification, indicator=None):
    title = indicator.title if indicator is not None else field
    return f"Sozialraum: {title} ({METHODS.get(classification.method, classification.method)})"


def apply_classification(layer, field, classification, indicator=None, *, keep_previous_style=True,
                         style_name=None, **kw):
    """Set the renderer on `layer`, store method and settings as custom properties
    (sozialraum_monitor/classify/...) and repaint. With keep_previous_style the renderer goes into a new
    named style of the layer's style manager (Layer Properties > Style > the style list), so the
    previous style stays one click away. kw: see graduated_renderer. Returns the renderer."""
    renderer = graduated_renderer(field, classification, indicator, geometry_type=layer.geometryType(), **kw)
    if keep_previous_style:
        manager = layer.styleManager()
        name = style_name or style_name_for(field, classification, indicator)
        if name != manager.currentStyle():
            if name in manager.styles():
                manager.removeStyle(name)
            manager.addStyleFromLayer(name)
            manager.setCurrentStyle(name)
    layer.setRenderer(renderer)
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/field", field)
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/method", classification.method)
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/classes", classification.classes)
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/breaks", classification.breaks_text())
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/lower", repr(classification.lower))
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/params", json.dumps(json.loads(classification.to_json())["params"]))
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/gvf", repr(classification.gvf))
    layer.setCustomProperty(f"{PROPERTY_PREFIX}/classification/{field}", classification.to_json())
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return renderer


def stored_classification(layer, field=None):
    """The classification stored on the layer by apply_classification (dict) or None."""
    field = field or layer.customProperty(f"{PROPERTY_PREFIX}/field")
    text = layer.customProperty(f"{PROPERTY_PREFIX}/classification/{field}") if field else None
    return json.loads(text) if text else None


def write_qml(layer, path, save_default=False, style_name=None, description=""):
    """Write the layer's style to `path` (.qml, whole or not at all). With save_default and a GeoPackage
    layer also store it in the GeoPackage's layer_styles table as the layer's default style (this
    changes the GeoPackage file). Returns (qml path, database message or '')."""
    def writer(temp):
        message, ok = layer.saveNamedStyle(temp, QgsMapLayer.StyleCategory.AllStyleCategories)
        if not ok:
            raise OSError(f"{path}: Stil konnte nicht geschrieben werden ({message}).")
    atomic_write(path, writer, ".qml")
    database_message = ""
    if save_default:
        if not is_geopackage(layer):
            raise ValueError(f"Layer '{layer.name()}' ist kein GeoPackage-Layer; der Stil kann nur als .qml "
                             "gespeichert werden.")
        database_message = layer.saveStyleToDatabase(style_name or layer.name(), description, True, "")
        if database_message:
            raise OSError(f"{layer.source()}: Stil konnte nicht im GeoPackage gespeichert werden "
                          f"({database_message}).")
    return path, database_message


def is_geopackage(layer):
    return (layer.providerType() == "ogr" and
            layer.source().split("|")[0].lower().endswith(".gpkg"))


def text_value_expression(field, decimal):
    """QGIS expression reading a text field of numbers as numbers (',' decimal: '1.234,5' -> 1234.5)."""
    ref = QgsExpression.quotedColumnRef(field)
    return f"to_real(replace(replace({ref}, '.', ''), ',', '.'))" if decimal == "," else f"to_real({ref})"


def field_styles(layer, result, catalogue, rule, qml_path, ramp=None, show_counts=False, save_default=False):
    """Write one .qml per classified field of `result` (core.classify.FieldsClassification): the first to
    `qml_path`, the others to <qml_path without .qml>_<field>.qml, each from a clone (the layer is not
    changed). Returns (paths, {field: (classification, indicator, renderer options)}) for apply_classification."""
    names = layer.fields().names()
    stem, _ext = os.path.splitext(qml_path)
    paths, styles = [], {}
    for number, field in enumerate(result.fields):
        classification, indicator = result.classifications[field], catalogue.indicator(field)
        options = dict(ramp=ramp, show_counts=show_counts, counts=result.counts(field),
                       value_expression=text_value_expression(field, result.decimals[field])
                       if field in result.decimals else None,
                       suppressed_expression=suppression_expression(field, catalogue, rule, names),
                       null_count=result.null_count(field))
        clone = layer.clone()
        clone.setRenderer(graduated_renderer(field, classification, indicator, geometry_type=layer.geometryType(),
                                             **options))
        path = qml_path if number == 0 else f"{stem}_{field}.qml"
        write_qml(clone, path, save_default=save_default and number == 0,
                  style_name=f"Sozialraum {field}"[:30],  # GeoPackage: at most 30 characters
                  description=style_name_for(field, classification, indicator))
        paths.append(path)
        styles[field] = (classification, indicator, options)
    return paths, styles
