"""A layer's features plus new numeric columns written as a GeoPackage file without a QgsFeature per feature.

The kit's writer (adapter.layers.write_frame) builds one QgsFeature per area and hands it to a sink: general,
but at 100k areas most of the join's time. For the common case, a file layer in and a GeoPackage file out,
`write_joined_gpkg` does the same work inside SQLite:

1. GDAL creates the output table in a temporary GeoPackage beside the target: the layer's fields (types and
   widths as in the source, constraints dropped as QGIS's writer drops them), then one REAL column per frame
   column; same CRS, geometry type, `fid` and `geom` columns as QGIS's own writer makes.
2. stdlib sqlite3 attaches the source read-only and inserts the rows in feature id order: each statement binds
   ROWS frame rows as a `VALUES` list (feature id, values; NaN binds as NULL) joined to the source by id, so
   geometries and attributes travel as stored, never through Python, and the values go straight from the
   frame's float columns (no temporary table holding all of them: at a million areas that was a second copy
   of the values and a second pass). Features without a frame row are copied with NULL values. The source's
   spatial index is copied as it is (same ids, same boxes), else GDAL builds one.
3. The file is moved over the target only when all of it is written (whole or nothing).

Measured at 100k areas x 50 values (bench/bench_join.py): binding the floats is most of the write; multi-row
statements bind them about a third faster than one row per statement, and an `UPDATE … FROM` on a byte copy of
the source would bind the same values into a temporary table first and then rewrite every row.

`gpkg_frame` reads the areas' key and name of a whole GeoPackage layer with SQLite, as QGIS's reading gives
them (text, 101 and 101.0 as '101'), without a QgsFeature per area.

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
ROWS = 50              # rows one INSERT statement binds (fewer when SQLite allows fewer parameters)
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


_TEXT_LIKE = (ogr.OFTString, ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
_TEXT_TYPES = {str, type(None)}


def _key_text(value):
    """A cell as adapter.layers reads a text field: 101 and 101.0 -> '101', NULL/NaN -> None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value        # refused by the caller
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def gpkg_frame(layer, input_value, fields):
    """The text fields `fields` of a whole GeoPackage layer read with SQLite, as adapter.layers.source_to_frame
    reads them with text_fields=fields (index = feature id 'fid', NULL = None, 101 and 101.0 -> '101'), without
    a QgsFeature per area; None where that way does not apply (the caller reads through QGIS): the conditions
    of plan_joined_gpkg, a GeoPackage source, fields of type text, integer or real (no dates, no booleans), and
    cells stored as such."""
    names = list(dict.fromkeys(f for f in fields if f))
    plan, _why = plan_joined_gpkg(layer, input_value, pd.DataFrame())
    if plan is None or plan.driver != "GPKG" or any(n not in plan.fields for n in names):
        return None
    with _quiet_gdal():
        dataset, source = _source_layer(plan.path, plan.layer, None)
        if source is None:
            return None
        definition = source.GetLayerDefn()
        for name in names:
            field = definition.GetFieldDefn(definition.GetFieldIndex(name))
            if field.GetType() not in _TEXT_LIKE or field.GetSubType() != ogr.OFSTNone:
                return None
        del source, dataset
    ids, cells = [], [[] for _ in names]
    try:
        connection = sqlite3.connect(_uri(plan.path) + "?mode=ro", uri=True)
        try:
            selected = ", ".join([_quote(OUT_FID)] + [_quote(n) for n in names])
            cursor = connection.execute(f"SELECT {selected} FROM {_quote(plan.layer)} ORDER BY {_quote(OUT_FID)}")
            while True:     # in batches: a million rows never wait as tuples all at once
                rows = cursor.fetchmany(BLOCK)
                if not rows:
                    break
                ids.append(np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows)))
                for position, column in enumerate(cells, start=1):
                    texts = [row[position] for row in rows]
                    if not set(map(type, texts)) <= _TEXT_TYPES:     # numbers: as QGIS's reading writes them
                        texts = [_key_text(cell) for cell in texts]
                        if not set(map(type, texts)) <= _TEXT_TYPES:
                            return None      # a blob: QGIS's reading decides
                    column.append(np.array(texts, dtype=object))
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    data = {name: pd.Series(np.concatenate(column) if column else np.empty(0, dtype=object), dtype=object)
            for name, column in zip(names, cells)}
    ids = np.concatenate(ids) if ids else np.empty(0, dtype=np.int64)
    frame = pd.DataFrame(data, columns=names)
    frame.index = pd.Index(ids, name="fid")
    return frame


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
    connection = sqlite3.connect(staged, isolation_level=None)
    try:   # the rows are found by QGIS's feature id
        connection.execute(f"CREATE INDEX staged_qgis_fid ON staged ({QGIS_FID})")
    finally:
        connection.close()
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
    """Write the plan's features with the frame's columns (rows matched by feature id = frame index, one row for
    every feature) to the GeoPackage `target`, whole or not at all. Returns True when written, False when cancelled
    and None when the feature ids do not match the source's (a duplicate, or a feature without a row: nothing
    written, the caller takes the kit's way).
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
    if len(np.unique(ids)) != len(ids):
        return None
    order = np.argsort(ids, kind="stable") if len(ids) and np.any(ids[1:] < ids[:-1]) else None
    connection = sqlite3.connect(_uri(out), isolation_level=None, uri=True)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-65536")
        connection.execute("ATTACH DATABASE ? AS src", (_uri(source_path) + "?mode=ro",))
        kind = connection.execute("SELECT type FROM src.sqlite_master WHERE lower(name) = lower(?)",
                              (source_table,)).fetchone()
        if kind is None or kind[0] != "table":
            return None          # a view: its rows cannot be found by id quickly (the kit's way)
        connection.execute("BEGIN")
        triggers = connection.execute("SELECT name, sql FROM main.sqlite_master WHERE type='trigger' AND "
                                      "tbl_name=?", (table,)).fetchall()
        for name, _sql in triggers:
            connection.execute(f"DROP TRIGGER {_quote(name)}")
        copied = [OUT_FID] + ([OUT_GEOMETRY] if geometry else []) + list(fields) + columns
        chosen = ([f"s.{_quote(OUT_FID)}"] + ([f"s.{_quote(geometry)}"] if geometry else [])
                  + [f"s.{_quote(f)}" for f in fields])
        head = f"INSERT INTO main.{_quote(table)} ({', '.join(_quote(c) for c in copied)}) "
        done = _insert_rows(connection, head, chosen, source_table, id_column, ids, order, frame, feedback,
                            (start, start + (end - start) * 0.85))
        if done is not True:
            return done
        written = len(ids)
        (sources,) = connection.execute(f"SELECT count(*) FROM src.{_quote(source_table)}").fetchone()
        if sources != written:
            # a feature of the source without a frame row (e.g. skipped while reading: invalid geometry) would be
            # copied here with NULL values and no reason: nothing is written, the kit's way reads and writes the
            # same features (the transaction is rolled back when the connection closes)
            return None
        if feedback is not None:
            feedback.setProgress(start + (end - start) * 0.9)
        index_copied = not geometry or _copy_index(connection, table, source_table, geometry)
        connection.execute(
            "UPDATE main.gpkg_contents SET (min_x, min_y, max_x, max_y) = (SELECT min_x, min_y, max_x, max_y FROM "
            "src.gpkg_contents WHERE lower(table_name) = lower(?)) WHERE lower(table_name) = lower(?)",
            (source_table, table))
        connection.execute("UPDATE main.gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
                           (written, table))
        for _name, sql in triggers:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE src")
    finally:
        connection.close()
    if geometry and not index_copied:
        _drop_index_and_rebuild(out, table)
    return True


def _variable_limit(connection):
    """How many parameters one statement may bind (SQLite's limit; 999 before 3.32)."""
    try:
        return connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:       # Python < 3.11 cannot ask: the smallest limit any build has
        return 999


def _insert_rows(connection, head, chosen, source_table, id_column, ids, order, frame, feedback, progress):
    """Each frame row inserted behind its source feature: one statement binds ROWS rows as a VALUES list (id,
    values …) joined to the source by id, the frame's floats bound straight from the matrix (NaN binds as
    NULL). True when every frame row found its feature, None when not, False when cancelled."""
    start, end = progress
    width = len(frame.columns) + 1
    limit = _variable_limit(connection)
    if width > limit:
        return None              # more columns than one statement may bind: the kit's way
    per = max(1, min(ROWS, limit // width))
    picked = chosen + [f"v.column{i + 2}" for i in range(width - 1)]

    def statement(rows):
        one = "(" + ", ".join(["?"] * width) + ")"
        return (f"{head}SELECT {', '.join(picked)} FROM (VALUES {', '.join([one] * rows)}) v "
                f"CROSS JOIN src.{_quote(source_table)} s ON s.{_quote(id_column)} = v.column1")

    full = statement(per)
    before = connection.total_changes
    arrays = [frame[column].to_numpy(dtype=float) for column in frame.columns]   # views of float columns
    block = np.empty((0, width))
    for first in range(0, len(ids), BLOCK):
        if feedback is not None:
            if feedback.isCanceled():
                return False
            feedback.setProgress(start + (end - start) * first / max(len(ids), 1))
        stop = min(first + BLOCK, len(ids))
        rows = slice(first, stop) if order is None else order[first:stop]
        if block.shape[0] != stop - first:
            block = np.empty((stop - first, width))
        for j, values in enumerate(arrays, start=1):        # column by column: no copy of the whole frame
            block[:, j] = values[rows]
        flat = block.ravel().tolist()
        flat[0::width] = ids[rows].tolist()                 # ids bound as integers
        whole = ((stop - first) // per) * per * width
        connection.executemany(full, (flat[i:i + per * width] for i in range(0, whole, per * width)))
        if whole < len(flat):
            connection.execute(statement((len(flat) - whole) // width), flat[whole:])
    return True if connection.total_changes - before == len(ids) else None


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

