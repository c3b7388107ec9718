"""Categorical styles of the spatial patterns: the types of social spaces (one colour per type, legend
'1: name (n)') and the clusters (LISA: high-high red, low-low blue, high-low light red, low-high light blue,
not significant light grey; Gi*: hot red, cold blue). Areas without a value or suppressed get the hatched
grey class of every map of the plugin (adapter/symbology.null_symbol)."""
from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory, QgsWkbTypes

from ..core.hotspots import GI_COLOURS, GI_LABELS, LISA_COLOURS, LISA_LABELS
from ..core.pattern_report import type_colour
from .symbology import NULL_LABEL, class_symbol, null_symbol

POLYGON = QgsWkbTypes.GeometryType.PolygonGeometry


def _renderer(field, categories, counts, geometry_type):
    """Categories (value, label, colour) with counts in the legend, then the NULL class."""
    items = []
    for value, label, colour in categories:
        count = int(counts.get(value, 0)) if counts is not None else None
        text = f"{label} ({count})" if count is not None else label
        items.append(QgsRendererCategory(value, class_symbol(colour, geometry_type), text))
    missing = int(counts.get(None, 0)) if counts is not None else None
    items.append(QgsRendererCategory(None, null_symbol(geometry_type),
                                     f"{NULL_LABEL} ({missing})" if missing is not None else NULL_LABEL))
    return QgsCategorizedSymbolRenderer(field, items)


def _counts(series):
    counts = series.value_counts().to_dict()
    counts[None] = int(series.isna().sum())
    return counts


def type_renderer(field, profile, types, geometry_type=POLYGON):
    """One category per type of the profile (index = type number, column name), counts from `types`."""
    categories = [(int(number), f"{int(number)}: {row['name']}", type_colour(number))
                  for number, row in profile.iterrows()]
    counts = _counts(types.dropna().astype(int).reindex(types.index))
    return _renderer(field, categories, counts, geometry_type)


def lisa_renderer(field, clusters, geometry_type=POLYGON):
    """The LISA map: codes HH, LL, HL, LH, ns (and islands) in the usual colours."""
    codes = [c for c in LISA_LABELS if c != "insel" or (clusters == c).any()]
    return _renderer(field, [(c, LISA_LABELS[c], LISA_COLOURS[c]) for c in codes], _counts(clusters), geometry_type)


def gi_renderer(field, clusters, geometry_type=POLYGON):
    """The Gi* map: hot spots red, cold spots blue, not significant light grey."""
    codes = [c for c in GI_LABELS if c != "insel" or (clusters == c).any()]
    return _renderer(field, [(c, GI_LABELS[c], GI_COLOURS[c]) for c in codes], _counts(clusters), geometry_type)
