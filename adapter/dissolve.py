"""Parent polygons as the union of their areas' geometries (QgsGeometry.unaryUnion per parent unit).

Invalid area geometries are repaired with makeValid for the union only (the input is never changed);
empty geometries are left out. Every union is a multi geometry, so that one output holds them all.
"""
from qgis.core import QgsFeatureRequest, QgsGeometry, QgsProcessingFeatureSource


def dissolve_parents(source, parent_of, whole=None, feedback=None, progress=(0.0, 100.0)):
    """({parent: multi QgsGeometry}, number of repaired geometries) for the features of `source`, grouped by
    `parent_of` ({feature id: parent key}, None = no parent); with `whole`, one more union of all areas under
    that key. Returns (None, n) when cancelled."""
    parts, everything, repaired = {}, [], 0
    request = QgsFeatureRequest().setNoAttributes()
    features = source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks) \
        if isinstance(source, QgsProcessingFeatureSource) else source.getFeatures(request)
    for n, feature in enumerate(features):
        if feedback is not None and n % 1000 == 0 and feedback.isCanceled():
            return None, repaired
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            continue
        if not geometry.isGeosValid():
            geometry = geometry.makeValid()
            repaired += 1
        parent = parent_of.get(feature.id())
        if parent is not None:
            parts.setdefault(parent, []).append(geometry)
        if whole is not None:
            everything.append(geometry)
    if whole is not None and everything:
        parts[whole] = everything
    start, end = progress
    unions = {}
    for n, (parent, geometries) in enumerate(parts.items()):
        if feedback is not None and feedback.isCanceled():
            return None, repaired
        union = QgsGeometry.unaryUnion(geometries)
        union.convertToMultiType()
        unions[parent] = union
        if feedback is not None:
            feedback.setProgress(start + (end - start) * (n + 1) / max(len(parts), 1))
    return unions, repaired
