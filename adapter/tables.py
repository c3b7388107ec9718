"""Tables QGIS opens (DBF, GeoPackage/PostGIS tables, XLS, project layers) as IndicatorTables, and the one entry
point `read_table`: delimited text and XLSX/ODS go to the core reader (core.reader.read_delimited,
read_spreadsheet: title rows above the header, sheet choice, numeric cells as numbers), the rest through QGIS.
Text fields of such tables that hold numbers ('12.300000000000001', '7.5', '12,5') get a reading per column as
in text files.

Every table records the source's feature key columns (GeoPackage `fid`, PostGIS `ogc_fid` / primary key) in
`provider_keys`: the join never takes them as indicators.
"""
import os
import re

from qgis.core import QgsProcessingUtils, QgsVectorLayer

from ..core.errors import TableError
from ..core.numbers import NUMBER_FIELD, POINT
from ..core.reader import (
    DELIMITED_EXTENSIONS,
    PROVIDER_KEY_NAMES,
    IndicatorTable,
    column_readings,
    read_delimited,
    read_rows,
    read_spreadsheet,
)
from ..core.sheets import SHEET_EXTENSIONS
from .layers import source_to_frame

_GENERIC_FIELD = re.compile(r"^Field\d+$")


def _cell(value):
    """A cell for core.reader.read_rows: numbers as float, text as str, None for NULL."""
    if value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, (int, bool)):
        return float(value)
    return str(value)


def _layer_from(source, context=None):
    if isinstance(source, QgsVectorLayer):
        return source
    layer = None
    if context is not None:
        layer = QgsProcessingUtils.mapLayerFromString(str(source), context)
    if layer is None:
        layer = QgsVectorLayer(str(source), os.path.basename(str(source).split("|")[0]), "ogr")
    return layer


def provider_keys(layer, columns):
    """The columns that are the source's feature key: primary key fields of the provider, `fid`, `ogc_fid`."""
    keys = []
    provider = layer.dataProvider() if layer is not None else None
    if provider is not None:
        fields = layer.fields()
        keys = [fields.at(i).name() for i in provider.pkAttributeIndexes() if 0 <= i < fields.count()]
    keys += [c for c in columns if str(c).lower() in PROVIDER_KEY_NAMES]
    return tuple(c for c in dict.fromkeys(keys) if c in columns)


def read_layer_table(source, context=None, text_columns=(), decimal=None, key=""):
    """Any table QGIS can open (path, URI `file.gpkg|layername=t`, layer id/name in the project, or a
    QgsVectorLayer) as an IndicatorTable. Text fields holding numbers get a reading per column as in text
    files ('12.300000000000001', '7.5', '12,5'). When QGIS found no header (fields Field1, Field2 …: title rows
    above it, as in an XLS sheet) and `key` is not a field, the rows are read as cells and the header is found
    below the title rows (core.reader.read_rows). Raises TableError when QGIS cannot open it."""
    layer = _layer_from(source, context)
    label = str(source) if not hasattr(source, "source") else source.source()
    if layer is None or not layer.isValid():
        raise TableError(f"{label}: QGIS kann diese Tabelle nicht öffnen. Bitte Pfad, Format und (bei Datenbanken) "
                         "die Verbindung prüfen.")
    frame = source_to_frame(layer, text_fields=tuple(c for c in text_columns if layer.fields().lookupField(c) >= 0))
    if len(frame) == 0:
        raise TableError(f"{label}: Die Tabelle hat keine Datenzeilen. Bitte eine Tabelle mit Daten wählen.")
    rows = frame.index.to_numpy()
    names = list(frame.columns)
    if key and key not in names and names and all(_GENERIC_FIELD.match(str(n)) for n in names):
        cells = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
        cells = [[_cell(c) for c in row] for row in cells]
        return read_rows(cells, layer.source(), layer.name() or label, row_numbers=rows, decimal=decimal,
                         text_columns=text_columns, key=key)
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].where(frame[column].notna(), None)
    readings = column_readings(frame, text_columns=text_columns, decimal=decimal, path=label)
    readings.update({c: NUMBER_FIELD for c in frame.columns if c not in readings})
    return IndicatorTable(frame=frame, path=layer.source(), name=layer.name() or label, rows=rows,
                          row_label="Objekt-ID", decimal=POINT, header_line=1,
                          readings=readings, provider_keys=provider_keys(layer, list(frame.columns)))


def read_table(source, context=None, text_columns=(), decimal=None, key="", sheet="", **options):
    """A delimited text file through read_delimited, a spreadsheet through read_sheet, anything else through
    QGIS (read_layer_table). decimal: None, ',' / '.' or {column: mark} (core.numbers.parse_decimal_option);
    key: the key field (finds the header row and the sheet); sheet: the sheet of a spreadsheet."""
    if isinstance(source, str):
        path = source.split("|")[0]
        if os.path.isdir(path) and not path.lower().endswith(".gdb"):
            raise TableError(f"{path}: Das ist ein Ordner, keine Tabelle. Bitte eine Datei wählen (CSV, XLSX, ODS, "
                             "GeoPackage …).")
        lower = path.lower()
        if "|" not in source and lower.endswith(DELIMITED_EXTENSIONS):
            return read_delimited(source, text_columns=text_columns, decimal=decimal, key=key, **options)
        if lower.endswith(SHEET_EXTENSIONS):
            return read_spreadsheet(source, key=key, sheet=sheet, decimal=decimal, text_columns=text_columns)
    return read_layer_table(source, context, text_columns=text_columns, decimal=decimal, key=key)
