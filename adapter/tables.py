"""Tables QGIS opens (XLSX, ODS, DBF, GeoPackage/PostGIS tables, project layers) as IndicatorTables,
and the one entry point `read_table` that sends delimited text to the core reader and the rest through QGIS."""
import os

from qgis.core import QgsProcessingUtils, QgsVectorLayer

from ..core.reader import DELIMITED_EXTENSIONS, IndicatorTable, TableError, read_delimited
from .layers import source_to_frame


def _layer_from(source, context=None):
    if isinstance(source, QgsVectorLayer):
        return source
    layer = None
    if context is not None:
        layer = QgsProcessingUtils.mapLayerFromString(str(source), context)
    if layer is None:
        layer = QgsVectorLayer(str(source), os.path.basename(str(source).split("|")[0]), "ogr")
    return layer


def read_layer_table(source, context=None, text_columns=()):
    """Any table QGIS can open (path, URI `file.gpkg|layername=t`, layer id/name in the project, or a
    QgsVectorLayer) as an IndicatorTable. Raises TableError when QGIS cannot open it."""
    layer = _layer_from(source, context)
    label = str(source) if not hasattr(source, "source") else source.source()
    if layer is None or not layer.isValid():
        raise TableError(f"{label}: QGIS kann diese Tabelle nicht öffnen. Bitte Pfad, Format und (bei Datenbanken) "
                         "die Verbindung prüfen.")
    frame = source_to_frame(layer)
    if len(frame) == 0:
        raise TableError(f"{label}: Die Tabelle hat keine Datenzeilen. Bitte eine Tabelle mit Daten wählen.")
    rows = frame.index.to_numpy()
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object and column not in text_columns:
            frame[column] = frame[column].where(frame[column].notna(), None)
    return IndicatorTable(frame=frame, path=layer.source(), name=layer.name() or label, rows=rows,
                          row_label="Objekt-ID", decimal=",", header_line=1)


def read_table(source, context=None, text_columns=(), **options):
    """A delimited text file through read_delimited, anything else through QGIS (read_layer_table)."""
    if isinstance(source, str) and "|" not in source and source.lower().endswith(DELIMITED_EXTENSIONS):
        return read_delimited(source, text_columns=text_columns, **options)
    return read_layer_table(source, context, text_columns=text_columns)
