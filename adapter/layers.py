"""Layer and table access: QgsVectorLayer / feature source <-> pandas DataFrame. No widgets."""
import numpy as np
import pandas as pd
from qgis.core import QgsFeatureRequest, QgsField, QgsFields, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

NUMERIC_TYPES = {QVariant.Int, QVariant.UInt, QVariant.LongLong, QVariant.ULongLong, QVariant.Double}


def is_numeric_field(qgs_field):
    return qgs_field.type() in NUMERIC_TYPES


def numeric_field_names(source):
    return [f.name() for f in source.fields() if is_numeric_field(f)]


def _plain(value):
    """QGIS NULL / QVariant -> None, everything else as is."""
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def source_to_frame(source, fields=None, feedback=None):
    """Attributes of a layer or QgsFeatureSource as a DataFrame (index = feature id).

    Numeric fields become float columns with NaN for NULL; others stay object with None.
    """
    all_fields = source.fields()
    names = list(fields) if fields is not None else [f.name() for f in all_fields]
    missing = [n for n in names if all_fields.lookupField(n) < 0]
    if missing:
        raise KeyError(f"Feld(er) {', '.join(missing)} nicht im Layer '{getattr(source, 'name', lambda: '')()}'")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(names, all_fields)
    indices = [all_fields.lookupField(n) for n in names]
    ids, rows = [], []
    total = max(source.featureCount(), 1)
    for n, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and n % 5000 == 0:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * n / total)
        attrs = feature.attributes()
        ids.append(feature.id())
        rows.append([_plain(attrs[i]) for i in indices])
    frame = pd.DataFrame(rows, columns=names, index=pd.Index(ids, name="fid"))
    for name in names:
        if is_numeric_field(all_fields.field(name)):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    return frame


def qgs_field_for(series, name, alias=""):
    """A QgsField typed from a pandas column: numeric -> Double (Int for integer-valued counts), else String."""
    if pd.api.types.is_bool_dtype(series):
        qfield = QgsField(name, QVariant.Int)
    elif pd.api.types.is_integer_dtype(series):
        qfield = QgsField(name, QVariant.LongLong)
    elif pd.api.types.is_numeric_dtype(series):
        qfield = QgsField(name, QVariant.Double, "double", 20, 6)
    else:
        qfield = QgsField(name, QVariant.String)
    if alias:
        qfield.setAlias(alias)
    return qfield


def fields_for(frame, aliases=None):
    fields = QgsFields()
    for name in frame.columns:
        fields.append(qgs_field_for(frame[name], str(name), (aliases or {}).get(name, "")))
    return fields


def python_value(value):
    """numpy scalar / NaN -> a value QgsFeature accepts (None for missing)."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return int(value)
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def frame_to_memory_layer(frame, name="table", aliases=None):
    """A geometry-less memory layer holding the frame (for tables shown in QGIS)."""
    layer = QgsVectorLayer("None", name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes(list(fields_for(frame, aliases)))
    layer.updateFields()
    from qgis.core import QgsFeature

    features = []
    for row in frame.itertuples(index=False, name=None):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([python_value(v) for v in row])
        features.append(feature)
    provider.addFeatures(features)
    return layer
