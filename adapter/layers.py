"""Layers and tables <-> pandas DataFrames: the one reader and the one writer every algorithm uses.

Reader: `source_to_frame` reads the attributes of a layer or feature source (index = feature id). Numeric
fields become float columns (NaN for NULL); text fields stay text (None for NULL); fields named in
`text_fields` are read as text whatever their type, integers without a trailing ".0" (keys are text).

Writer: `write_frame` writes a DataFrame into a QgsFeatureSink, optionally behind the attributes and with the
geometry of the features of a source (matched by feature id = the frame's index). Field types follow the
columns (float -> Double, integer -> LongLong, bool -> Int, else String), aliases are set on the fields. A sink
that refuses features raises `SinkError` with the provider's reason: an output is never reported as written
when it was not.
"""
import numpy as np
import pandas as pd
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsFields,
    QgsProcessingFeatureSource,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..core.errors import SozialraumError
from .compat import make_field

BATCH = 5000  # features handed to a sink at once (and between cancel checks)


class SinkError(SozialraumError):
    """An output that could not be written; the message names the output and the provider's reason."""


def numeric_field_names(source):
    return [f.name() for f in source.fields() if f.isNumeric()]


def _plain(value):
    """QGIS NULL / QVariant -> None, everything else as is."""
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def _key_text(value):
    """A key cell as text: 101 and 101.0 -> '101', NULL -> None, text unchanged."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, float):
        if np.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def source_to_frame(source, fields=None, feedback=None, text_fields=()):
    """Attributes of a layer or QgsFeatureSource as a DataFrame (index = feature id, named 'fid')."""
    all_fields = source.fields()
    names = list(dict.fromkeys(fields)) if fields is not None else [f.name() for f in all_fields]
    missing = [n for n in names if all_fields.lookupField(n) < 0]
    if missing:
        raise KeyError(f"Feld(er) {', '.join(missing)} nicht im Layer '{getattr(source, 'name', lambda: '')()}'")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(names, all_fields)
    indices = [all_fields.lookupField(n) for n in names]
    ids, rows = [], []
    total = max(source.featureCount(), 1)
    for n, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and n % BATCH == 0:
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * n / total)
        attrs = feature.attributes()
        ids.append(feature.id())
        rows.append([_plain(attrs[i]) for i in indices])
    frame = pd.DataFrame(rows, columns=names, index=pd.Index(ids, name="fid"), dtype=object)
    for name in names:
        if name in text_fields:
            frame[name] = pd.Series([_key_text(v) for v in frame[name]], index=frame.index, dtype=object)
        elif all_fields.field(name).isNumeric():
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    return frame


def qgs_field_for(series, name, alias=""):
    """A QgsField typed from a pandas column: float -> Double, integer -> LongLong, bool -> Int, else String."""
    if pd.api.types.is_bool_dtype(series):
        return make_field(name, "int", alias)
    if pd.api.types.is_integer_dtype(series):
        return make_field(name, "long", alias)
    if pd.api.types.is_numeric_dtype(series):
        return make_field(name, "double", alias)
    return make_field(name, "string", alias)


def fields_for(frame, aliases=None):
    """QgsFields for the columns of `frame`, typed by qgs_field_for, aliases from {column: alias}."""
    fields = QgsFields()
    for name in frame.columns:
        fields.append(qgs_field_for(frame[name], str(name), (aliases or {}).get(name, "")))
    return fields


def fields_behind(first, frame, aliases=None):
    """QgsFields: the fields `first` (e.g. a source's, as they are), then one typed field per column of `frame`."""
    fields = QgsFields()
    for field in list(first) + list(fields_for(frame, aliases)):
        fields.append(field)
    return fields


def frame_rows(frame):
    """Rows of plain Python values (None for NaN/NA, int for integers and bools), converted per column."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column):
            column = column.astype(int)
        if pd.api.types.is_integer_dtype(column) and column.isna().any():
            column = column.astype(object)
        values = column.astype(object).where(column.notna(), None).tolist()
        if pd.api.types.is_float_dtype(column):
            values = [None if v is None else float(v) for v in values]
        columns.append(values)
    if not columns:
        return [[] for _ in range(len(frame))]
    return [list(row) for row in zip(*columns)]


def _add(sink, features, what):
    added = sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
    if not (added[0] if isinstance(added, tuple) else added):  # data providers return (ok, features)
        reason = sink.lastError() if hasattr(sink, "lastError") else ""
        raise SinkError(f"{what}: Die Ausgabe konnte nicht geschrieben werden ({reason or 'unbekannter Fehler'}). "
                        "Bitte ein anderes Ausgabeformat oder einen anderen Speicherort wählen (GeoPackage erlaubt "
                        "höchstens 2000 Felder, Shapefile Feldnamen bis 10 Zeichen).")


def write_frame(sink, fields, frame, source=None, feedback=None, progress=(0.0, 100.0), what="Ausgabe",
                keep=None, geometries=None):
    """Write `frame` into `sink` (whose fields are `fields`). With `source`: one feature per source feature,
    its geometry and attributes (only those at the indices `keep`, when given) first, then the frame's row for
    its feature id (missing rows -> NULL). Without: one feature per row, its geometry from `geometries`
    ({frame index: QgsGeometry}) when given. Returns False when cancelled, raises SinkError on failure."""
    start, end = progress
    total = max(len(frame) if source is None else source.featureCount(), 1)
    rows = frame_rows(frame)
    done = 0
    if source is None:
        labels = frame.index.tolist()
        for first in range(0, len(rows), BATCH):
            if feedback is not None and feedback.isCanceled():
                return False
            features = []
            for label, row in zip(labels[first:first + BATCH], rows[first:first + BATCH]):
                feature = QgsFeature(fields)
                feature.setAttributes(row)
                if geometries is not None and label in geometries:
                    feature.setGeometry(geometries[label])
                features.append(feature)
            _add(sink, features, what)
            done += len(features)
            if feedback is not None:
                feedback.setProgress(start + (end - start) * done / total)
        return True
    position = {fid: n for n, fid in enumerate(frame.index.tolist())}
    empty = [None] * len(frame.columns)
    block = []
    # Geometries are copied unchanged, so their validity does not matter here.
    unchecked = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
    request = QgsFeatureRequest()
    features = source.getFeatures(request, unchecked) if isinstance(source, QgsProcessingFeatureSource) \
        else source.getFeatures(request)
    for feature in features:
        attributes = feature.attributes()
        if keep is not None:
            attributes = [attributes[i] for i in keep]
        n = position.get(feature.id())
        feature.setFields(fields, False)
        feature.setAttributes(attributes + (rows[n] if n is not None else empty))
        block.append(feature)
        if len(block) >= BATCH:
            if feedback is not None and feedback.isCanceled():
                return False
            _add(sink, block, what)
            done += len(block)
            block = []
            if feedback is not None:
                feedback.setProgress(start + (end - start) * done / total)
    if block:
        _add(sink, block, what)
    return True


def frame_to_memory_layer(frame, name="table", aliases=None):
    """A geometry-less memory layer holding the frame (for tables shown in QGIS and Excel exports)."""
    layer = QgsVectorLayer("None", name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes(list(fields_for(frame, aliases)))
    layer.updateFields()
    write_frame(provider, layer.fields(), frame, what=name)
    return layer
