"""A layer's features plus new numeric columns written as a GeoPackage file without a QgsFeature per feature.

The kit's writer (adapter.layers.write_frame) builds one QgsFeature per area and hands it to a sink: general,
but at 100k areas most of the join's time. For the common case, a file layer in and a GeoPackage file out,
`write_joined_gpkg` does the same work inside SQLite:

1. GDAL creates the output table in a temporary GeoPackage beside the target: the layer's fields (types and
   widths as in the source, constraints dropped as QGIS's writer drops them), then one REAL column per frame
   column; same CRS, geometry type, `fid` and `geom` columns as QGIS's own writer makes.
2. stdlib sqlite3 attaches the source read-only, loads the frame into a temporary table (one row per feature
   id; NaN is bound as NULL) and copies every row with one `INSERT … SELECT … LEFT JOIN`: geometries and
   attributes travel as stored, never through Python. The source's spatial index is copied as it is (same
   ids, same boxes), else GDAL builds one.
3. The file is moved over the target only when all of it is written (whole or nothing).

A source that is not a GeoPackage (Shapefile, GeoJSON, FlatGeobuf) is first copied by GDAL into a GeoPackage
staging table that keeps QGIS's feature id beside each row. `plan_joined_gpkg` says whether the fast way
applies (else the caller keeps the kit's sink): an OGR file layer without filter, edits, joined or virtual
fields; a plain `.gpkg` path as output; only float columns; no new column named like the output's fid or
geometry column. Before anything is moved, the feature ids are checked: every row of the frame belongs to
exactly one feature of the source, else the kit's way is taken.
"""
import contextlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from urllib.request import pathname2url

import numpy as np
import pandas as pd
from osgeo import gdal, ogr, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsFields, QgsProviderRegistry, QgsWkbTypes

from ..core.files import file_mode
from ..i18n import tr
from .layers import SinkError

BLOCK = 20000          # rows bound per executemany call (between cancel checks)
STAGED_DRIVERS = ("ESRI Shapefile", "GeoJSON", "FlatGeobuf")
QGIS_FID = "sozialraum_qgis_fid"   # the staging table's copy of QGIS's feature id
OUT_FID, OUT_GEOMETRY = "fid", "geom"  # what QGIS's own GeoPackage writer names them


@dataclass(frozen=True)
class GpkgPlan:
    """Where the rows come from: a GeoPackage table (the source itself), or a layer GDAL stages first."""
    path: str              # the file of the source layer
    layer: str             # its layer (table) name
    driver: str            # the OGR driver of the source
    fields: tuple          # the source's attribute fields, in QGIS's order (without a GeoPackage's fid)
    geometry_type: str     # QGIS's geometry type of the layer as GDAL names it ('MULTIPOLYGON', 'NONE')
    crs_wkt: str           # QGIS's CRS of the layer, as QGIS's writer hands it to GDAL
    encoding: str          # the text encoding QGIS reads the layer with (Shapefiles)


def gpkg_target(value):
    """The output path when the sink parameter value is a plain GeoPackage file path, else ''. Memory,
    temporary, database outputs and 'ogr:' URIs (a layer inside an existing GeoPackage) keep the kit's sink."""
    sink = getattr(value, "sink", value)
    if hasattr(sink, "staticValue"):
        sink = sink.staticValue()
    text = str(sink or "").strip()
    if not text.lower().endswith(".gpkg") or "|" in text or text.startswith(("ogr:", "memory:")) \
            or text == "TEMPORARY_OUTPUT":
        return ""
    return text


@contextlib.contextmanager
def _quiet_gdal():
    """GDAL's messages kept out of the log while we check results ourselves. The bindings' exceptions are off
    meanwhile (QGIS >= 3.34 switches them on): GDAL reports some steps it completes as errors (a 3D projected
    CRS that WKT1 cannot hold is stored as WKT2), which would abort the write. Restored afterwards."""
    modules = [m for m in (gdal, ogr, osr) if m.GetUseExceptions()]
    for module in reversed(modules):  # the bindings keep a stack of handlers: osr's on top of ogr's of gdal's
        module.DontUseExceptions()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    gdal.ErrorReset()
    try:
        yield
    finally:
        gdal.PopErrorHandler()
        for module in modules:
            module.UseExceptions()


def _checked(result, step):
    """A GDAL result, or RuntimeError with GDAL's last message (None / an OGRERR code means failure)."""
    if result is None or (isinstance(result, int) and result != 0):
        raise RuntimeError(gdal.GetLastErrorMsg() or step)
    return result


def _source_layer(path, name, layer_id):
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if dataset is None:
        return None, None
    if name:
        layer = dataset.GetLayerByName(name)
    elif layer_id not in (None, ""):
        layer = dataset.GetLayer(int(layer_id))
    else:
        layer = dataset.GetLayer(0) if dataset.GetLayerCount() == 1 else None
    return dataset, layer


def plan_joined_gpkg(layer, input_value, frame):
    """(GpkgPlan, "") when `layer` (the input QgsVectorLayer, `input_value` the raw INPUT parameter) and the
    new columns of `frame` allow the fast way, else (None, the reason for the log, translated)."""
    columns = [str(c) for c in frame.columns]
    if layer is None or layer.providerType() != "ogr":
        return None, tr("the input is not a file layer")
    if any(getattr(input_value, attribute, default) not in (default,)
           for attribute, default in (("selectedFeaturesOnly", False), ("featureLimit", -1),
                                      ("filterExpression", ""))):
        return None, tr("only selected or filtered features")
    if layer.subsetString() or layer.isModified():
        return None, tr("the layer has a filter or unsaved edits")
    fields = layer.fields()
    if any(fields.fieldOrigin(i) != QgsFields.FieldOrigin.OriginProvider for i in range(fields.count())):
        return None, tr("the layer has joined or virtual fields")
    if not all(pd.api.types.is_float_dtype(frame[c]) for c in frame.columns):
        return None, tr("not only numeric fields")
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path", "")
    if not path or not os.path.isfile(path):
        return None, tr("the source is not a file")
    with _quiet_gdal():
        dataset, source = _source_layer(path, parts.get("layerName", ""), parts.get("layerId"))
    if dataset is None:
        return None, tr("GDAL cannot open the source")
    if source is None:
        return None, tr("the layer was not found in its file")
    driver = dataset.GetDriver().ShortName
    definition = source.GetLayerDefn()
    names = tuple(definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount()))
    qgis_names = tuple(fields.names())
    if driver == "GPKG":
        if source.GetFIDColumn().lower() != OUT_FID:
            return None, tr("fid column named otherwise")
        if qgis_names != (source.GetFIDColumn(),) + names:
            return None, tr("the fields in the file differ from the layer's")
    elif driver in STAGED_DRIVERS:
        if qgis_names != names:
            return None, tr("the fields in the file differ from the layer's")
    else:
        return None, tr("format {driver}").format(driver=driver)
    if any(str(n).lower() in (OUT_FID, OUT_GEOMETRY, QGIS_FID) for n in names + tuple(columns)):
        return None, tr("a field is named like the fid or geometry column")
    crs = layer.crs().toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL) \
        if layer.crs().isValid() else ""
    wkb = layer.wkbType()
    geometry_type = "NONE" if QgsWkbTypes.geometryType(wkb) == QgsWkbTypes.GeometryType.NullGeometry \
        else QgsWkbTypes.displayString(wkb).upper()
    return GpkgPlan(path, source.GetName(), driver, names, geometry_type, crs,
                    layer.dataProvider().encoding()), ""


def _quote(name):
    return '"' + str(name).replace('"', '""') + '"'


def _fail(what, reason):
    return SinkError(f"{what}: Die Ausgabe konnte nicht geschrieben werden ({reason}). Bitte einen anderen "
                     "Speicherort oder ein anderes Ausgabeformat wählen (GeoPackage erlaubt höchstens 2000 Felder).")


def _stage(plan, folder):
    """A non-GeoPackage source copied by GDAL into a GeoPackage (QGIS's feature id kept as QGIS_FID)."""
    staged = os.path.join(folder, "staged.gpkg")
    sql = f"SELECT FID AS {QGIS_FID}, * FROM {_quote(plan.layer)}"
    # QGIS decodes a Shapefile's text itself (GDAL's recoding is switched off in its process): say which
    options = [f"ENCODING={plan.encoding}"] if plan.driver == "ESRI Shapefile" and plan.encoding else []
    source = _checked(gdal.OpenEx(plan.path, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options),
                      "open source")
    copied = gdal.VectorTranslate(staged, source, format="GPKG", SQLStatement=sql, layerName="staged",
                                  geometryType=plan.geometry_type, options=["-unsetFid"],
                                  layerCreationOptions=[f"FID={OUT_FID}", f"GEOMETRY_NAME={OUT_GEOMETRY}"])
    _checked(copied, "copy source")
    copied = None  # closes (and completes) the staging file
    return staged, "staged"


def _create_table(path, name, source, fields, columns, crs_wkt):
    """The empty output table: source's fields (constraints dropped), then a REAL column per frame column; the
    CRS as QGIS sees the layer (as its own writer would store it)."""
    dataset = _checked(ogr.GetDriverByName("GPKG").CreateDataSource(path), "create output")
    srs = None
    if crs_wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(crs_wkt)
    options = [f"FID={OUT_FID}", f"GEOMETRY_NAME={OUT_GEOMETRY}", "SPATIAL_INDEX=YES"]
    layer = _checked(dataset.CreateLayer(name, srs, source.GetGeomType(), options=options), "create table")
    definition = source.GetLayerDefn()
    for field_name in fields:
        original = definition.GetFieldDefn(definition.GetFieldIndex(field_name))
        copy = ogr.FieldDefn(field_name, original.GetType())
        copy.SetSubType(original.GetSubType())
        copy.SetWidth(original.GetWidth())
        copy.SetPrecision(original.GetPrecision())
        _checked(layer.CreateField(copy), f"field {field_name}")
    for column in columns:
        _checked(layer.CreateField(ogr.FieldDefn(str(column), ogr.OFTReal)), f"field {column}")
    layer = None
    dataset = None  # closes: GDAL writes the spatial index table and its triggers now


def _rtree(connection, schema, table, geometry):
    """The rtree shadow tables of a table's spatial index in `schema` (None when it has none)."""
    name = f"rtree_{table}_{geometry}"
    found = connection.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE type='table' AND name=?",
                               (name,)).fetchone()
    if not found:
        return None
    shadows = {}
    for suffix in ("node", "rowid", "parent"):
        row = connection.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name=?",
                                 (f"{name}_{suffix}",)).fetchone()
        if row is None:
            return None
        shadows[suffix] = row[0].replace(_quote(f"{name}_{suffix}"), "X").replace(f"{name}_{suffix}", "X")
    return name, shadows


def write_joined_gpkg(plan, frame, target, feedback=None, progress=(0.0, 100.0), what="Ausgabe"):
    """Write the plan's features with the frame's columns (rows matched by feature id = frame index, missing
    rows NULL) to the GeoPackage `target`, whole or not at all. Returns True when written, False when cancelled
    and None when the feature ids do not match the source (nothing written: the caller takes the kit's way).
    Raises SinkError when the file cannot be written."""
    target = os.path.abspath(target)
    folder = os.path.dirname(target)
    layer_name = os.path.splitext(os.path.basename(target))[0]
    columns = [str(c) for c in frame.columns]
    try:
        os.makedirs(folder, exist_ok=True)
        work = tempfile.mkdtemp(prefix=".sozialraum-", dir=folder)
    except OSError as error:
        raise _fail(what, error.strerror or str(error)) from None
    try:
        with _quiet_gdal():
            return _write(plan, frame, target, work, layer_name, columns, feedback, progress)
    except (RuntimeError, sqlite3.Error, OSError) as error:
        raise _fail(what, str(error).strip() or type(error).__name__) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write(plan, frame, target, work, layer_name, columns, feedback, progress):
    start, end = progress
    if plan.driver == "GPKG":
        source_path, source_table, id_column = plan.path, plan.layer, OUT_FID
    else:
        source_path, source_table = _stage(plan, work)
        id_column = QGIS_FID
    if feedback is not None:
        if feedback.isCanceled():
            return False
        feedback.setProgress(start + (end - start) * 0.1)
    out = os.path.join(work, os.path.basename(target))
    dataset = _checked(gdal.OpenEx(source_path, gdal.OF_VECTOR | gdal.OF_READONLY), "open source")
    source = _checked(dataset.GetLayerByName(source_table), "open source layer")
    geometry = source.GetGeometryColumn()
    _create_table(out, layer_name, source, plan.fields, columns, plan.crs_wkt)
    dataset = source = None
    done = _fill(out, layer_name, source_path, source_table, id_column, geometry, plan.fields, frame,
                 feedback, (start + (end - start) * 0.15, start + (end - start) * 0.95))
    if done is not True:
        return done
    os.chmod(out, file_mode())
    os.replace(out, target)
    if feedback is not None:
        feedback.setProgress(end)
    return True


def _fill(out, table, source_path, source_table, id_column, geometry, fields, frame, feedback, progress):
    start, end = progress
    columns = [str(c) for c in frame.columns]
    ids = np.asarray(frame.index, dtype=np.int64)
    values = np.asarray(frame.to_numpy(dtype=float), dtype=float)
    connection = sqlite3.connect(_uri(out), isolation_level=None, uri=True)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("ATTACH DATABASE ? AS src", (_uri(source_path) + "?mode=ro",))
        connection.execute("BEGIN")
        triggers = connection.execute("SELECT name, sql FROM main.sqlite_master WHERE type='trigger' AND "
                                      "tbl_name=?", (table,)).fetchall()
        for name, _sql in triggers:
            connection.execute(f"DROP TRIGGER {_quote(name)}")
        names = [f"c{i}" for i in range(len(columns))]
        connection.execute(f"CREATE TEMP TABLE v (id INTEGER PRIMARY KEY{''.join(', ' + n + ' REAL' for n in names)})")
        insert = f"INSERT INTO temp.v VALUES (?{', ?' * len(columns)})"
        for first in range(0, len(ids), BLOCK):
            if feedback is not None:
                if feedback.isCanceled():
                    return False
                feedback.setProgress(start + (end - start) * 0.6 * first / max(len(ids), 1))
            block = values[first:first + BLOCK]
            rows = zip(ids[first:first + BLOCK].tolist(), *block.T.tolist())
            connection.executemany(insert, rows)
        (frame_rows,) = connection.execute("SELECT count(*) FROM temp.v").fetchone()
        (sources, matched) = connection.execute(
            f"SELECT count(*), count(v.id) FROM src.{_quote(source_table)} s LEFT JOIN temp.v v "
            f"ON v.id = s.{_quote(id_column)}").fetchone()
        if frame_rows != len(ids) or matched != len(ids):
            return None
        copied = [OUT_FID] + ([OUT_GEOMETRY] if geometry else []) + list(fields) + columns
        chosen = ([f"s.{_quote(OUT_FID)}"] + ([f"s.{_quote(geometry)}"] if geometry else [])
                  + [f"s.{_quote(f)}" for f in fields] + [f"v.{n}" for n in names])
        connection.execute(
            f"INSERT INTO main.{_quote(table)} ({', '.join(_quote(c) for c in copied)}) "
            f"SELECT {', '.join(chosen)} FROM src.{_quote(source_table)} s LEFT JOIN temp.v v "
            f"ON v.id = s.{_quote(id_column)} ORDER BY s.{_quote(OUT_FID)}")
        if feedback is not None:
            feedback.setProgress(start + (end - start) * 0.9)
        index_copied = not geometry or _copy_index(connection, table, source_table, geometry)
        connection.execute(
            "UPDATE main.gpkg_contents SET (min_x, min_y, max_x, max_y) = (SELECT min_x, min_y, max_x, max_y FROM "
            "src.gpkg_contents WHERE lower(table_name) = lower(?)) WHERE lower(table_name) = lower(?)",
            (source_table, table))
        connection.execute("UPDATE main.gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM main."
                           f"{_quote(table)}) WHERE lower(table_name) = lower(?)", (table,))
        for _name, sql in triggers:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE src")
    finally:
        connection.close()
    if geometry and not index_copied:
        _drop_index_and_rebuild(out, table)
    return True


def _uri(path):
    """An SQLite URI for a file path (so that the source can be attached read-only)."""
    return "file:" + pathname2url(os.path.abspath(path))


def _literal(text):
    return "'" + str(text).replace("'", "''") + "'"


def _copy_index(connection, table, source_table, geometry):
    """Copy the source's rtree (same ids, same boxes) into the output's; False when the source has none or
    its shadow tables differ in layout."""
    ours = _rtree(connection, "main", table, OUT_GEOMETRY)
    theirs = _rtree(connection, "src", source_table, geometry)
    if ours is None or theirs is None or ours[1] != theirs[1]:
        return False
    for suffix in ("node", "rowid", "parent"):
        connection.execute(f"DELETE FROM main.{_quote(ours[0] + '_' + suffix)}")
        connection.execute(f"INSERT INTO main.{_quote(ours[0] + '_' + suffix)} "
                           f"SELECT * FROM src.{_quote(theirs[0] + '_' + suffix)}")
    return True


def _drop_index_and_rebuild(out, table):
    """A source without a spatial index: GDAL builds the output's from the geometries."""
    dataset = _checked(gdal.OpenEx(out, gdal.OF_VECTOR | gdal.OF_UPDATE), "open output")
    dataset.ExecuteSQL(f"SELECT DisableSpatialIndex({_literal(table)}, {_literal(OUT_GEOMETRY)})")
    dataset.ExecuteSQL(f"SELECT CreateSpatialIndex({_literal(table)}, {_literal(OUT_GEOMETRY)})")
    dataset = None

