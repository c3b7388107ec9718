"""Points for distance measures: the population point of each social space, the facilities as points (polygons
-> centroids) in the social spaces' CRS, and the social space each facility lies in.

The core gets plain frames (key, x, y, ...) from here; distances are measured in the social-space layer's CRS,
which therefore must be projected (metres).
"""
import numpy as np
import pandas as pd
from qgis.core import QgsCoordinateTransform, QgsExpression, QgsFeatureRequest, QgsGeometry, QgsSpatialIndex

from ..core.errors import SupplyError
from .layers import _key_text, _plain


def check_projected(crs, what):
    if not crs.isValid() or crs.isGeographic():
        raise SupplyError(f"{what} hat kein projiziertes Koordinatenbezugssystem ({crs.authid() or 'unbekannt'}): "
                          "Entfernungen brauchen Meter. Den Layer zuerst in ein projiziertes KBS umprojizieren "
                          "(z. B. EPSG:25832/25833, Werkzeug 'Layer reprojizieren').")


def _point(geometry):
    """A representative point: the point itself, else the centroid (as PySAL access and QGIS's centroids)."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return np.nan, np.nan
    centre = geometry.centroid() if geometry.type() != 0 or geometry.isMultipart() else geometry
    p = centre.asPoint()
    return p.x(), p.y()


def area_frame(source, key_field, fields, points=None, points_key="", context=None, feedback=None):
    """One row per social space: key (text), the attributes `fields`, x/y of its population point, and the
    polygon geometries (for locating facilities). Population point: the feature of the `points` layer with the
    same key (e.g. population-weighted centres), else the polygon's centroid. Returns (frame, geometries,
    number of spaces that fell back to the centroid)."""
    crs = source.sourceCrs()
    check_projected(crs, "Der Sozialraum-Layer")
    all_fields = source.fields()
    rows, geometries = [], []
    for feature in source.getFeatures():
        if feedback is not None and feedback.isCanceled():
            break
        attributes = feature.attributes()
        row = {"fid": feature.id(), "key": _key_text(attributes[all_fields.lookupField(key_field)])}
        for name in fields:
            row[name] = _plain(attributes[all_fields.lookupField(name)])
        row["x"], row["y"] = _point(feature.geometry())
        rows.append(row)
        geometries.append(QgsGeometry(feature.geometry()))
    frame = pd.DataFrame(rows)
    fallback = 0
    if points is not None:
        transform = QgsCoordinateTransform(points.sourceCrs(), crs, context.transformContext())
        index = points.fields().lookupField(points_key)
        located = {}
        for feature in points.getFeatures():
            geometry = QgsGeometry(feature.geometry())
            if geometry.isNull() or geometry.isEmpty():
                continue
            geometry.transform(transform)
            located.setdefault(_key_text(feature.attributes()[index]), _point(geometry))
        found = frame["key"].map(located)
        have = found.notna()
        frame.loc[have, "x"] = [p[0] for p in found[have]]
        frame.loc[have, "y"] = [p[1] for p in found[have]]
        fallback = int((~have).sum())
    return frame, geometries, fallback


def facility_frame(source, capacity_field, target_crs, context, filter_expression="", feedback=None):
    """One row per facility passing the filter: capacity, x/y (centroid for polygons) in `target_crs`."""
    request = QgsFeatureRequest()
    if filter_expression:
        expression = QgsExpression(filter_expression)
        if expression.hasParserError():
            raise SupplyError(f"Der Filter für die Einrichtungen ist kein gültiger Ausdruck "
                              f"({expression.parserErrorString()}): den Ausdruck korrigieren.")
        request.setFilterExpression(filter_expression)
        request.setExpressionContext(context.expressionContext())
    transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    index = source.fields().lookupField(capacity_field)
    rows = []
    for feature in source.getFeatures(request):
        if feedback is not None and feedback.isCanceled():
            break
        geometry = QgsGeometry(feature.geometry())
        if not geometry.isNull():
            geometry.transform(transform)
        x, y = _point(geometry)
        rows.append({"fid": feature.id(), "capacity": _plain(feature.attributes()[index]), "x": x, "y": y})
    frame = pd.DataFrame(rows, columns=["fid", "capacity", "x", "y"])
    frame["capacity"] = pd.to_numeric(frame["capacity"], errors="coerce")
    return frame


def containing_area(facilities, area_keys, geometries):
    """Key of the social space each facility point lies in (None outside every space; on a shared border
    the first space in layer order)."""
    index = QgsSpatialIndex()
    for n, geometry in enumerate(geometries):
        if geometry is not None and not geometry.isNull():
            index.addFeature(n, geometry.boundingBox())
    keys = []
    for x, y in zip(facilities["x"], facilities["y"]):
        if not (np.isfinite(x) and np.isfinite(y)):
            keys.append(None)
            continue
        point = QgsGeometry.fromWkt(f"POINT({x!r} {y!r})")
        hits = sorted(n for n in index.intersects(point.boundingBox()) if geometries[n].intersects(point))
        keys.append(area_keys[hits[0]] if hits else None)
    return pd.Series(keys, index=facilities.index, dtype=object)
