"""The default style of a written output file: German field aliases (and a renderer) that survive closing QGIS.

QGIS keeps aliases in the project, not in the data file, and QGIS 3.22 reads no field alias from a GeoPackage.
So after an output file is written (and closed), its aliases and renderer are stored where QGIS looks when the
file is opened again: a GeoPackage gets them as its default style in its layer_styles table, other files a
`<name>.qml` beside them. Memory, temporary and database outputs are left alone (QGIS sets the aliases when it
loads them, see SozialraumAlgorithm.on_load).
"""
import os

from qgis.core import QgsMapLayer, QgsVectorLayer

from ..core.files import atomic_write

STYLE_NAME = "Sozialraum Monitor"
FILE_SUFFIXES = (".gpkg", ".shp", ".geojson", ".fgb", ".sqlite", ".gml", ".kml")


def output_file(dest_id):
    """The file of an output ('' when the output is no file QGIS could keep a style for)."""
    path = str(dest_id or "").split("|")[0]
    return path if os.path.splitext(path)[1].lower() in FILE_SUFFIXES and os.path.exists(path) else ""


def store_default_style(dest_id, aliases=None, renderer=None):
    """Store aliases and/or a renderer as the default style of the output file `dest_id`; returns where: the
    .qml written beside it (always for other formats, for a GeoPackage when there is a renderer), else the
    GeoPackage, or '' for no file. `aliases`: {field name: alias}, or a list of (field name, alias) for every
    field in the order the sink was given them (formats such as Shapefile shorten names: such a field is found by
    its position among the fields the file added nothing before, e.g. a GeoPackage's fid). Raises OSError when
    the style cannot be written."""
    path = output_file(dest_id)
    if not path or not (aliases or renderer is not None):
        return ""
    layer = QgsVectorLayer(dest_id, os.path.splitext(os.path.basename(path))[0], "ogr")
    if not layer.isValid():
        raise OSError(f"{path}: Die Ausgabe ist nicht lesbar; ihr Stil konnte nicht gespeichert werden.")
    pairs = list(aliases.items()) if isinstance(aliases, dict) else list(aliases or [])
    offset = layer.fields().count() - len(pairs) if isinstance(aliases, list) else None
    for position, (name, alias) in enumerate(pairs):
        index = layer.fields().lookupField(name)
        if index < 0 and offset is not None and offset >= 0:
            index = position + offset
        if 0 <= index < layer.fields().count() and alias:
            layer.setFieldAlias(index, alias)
    if renderer is not None:
        layer.setRenderer(renderer.clone())
    if path.lower().endswith(".gpkg"):
        error = layer.saveStyleToDatabase(STYLE_NAME, "Feldnamen und Darstellung", True, "")
        if error:
            raise OSError(f"{path}: Stil konnte nicht im GeoPackage gespeichert werden ({error}).")
        if renderer is None:
            return path
    # beside the file: QGIS loads it with a file that keeps no style itself; with a renderer also beside a
    # GeoPackage, as a style file to use elsewhere
    target = os.path.splitext(path)[0] + ".qml"

    def writer(temp):
        message, ok = layer.saveNamedStyle(temp, QgsMapLayer.StyleCategory.AllStyleCategories)
        if not ok:
            raise OSError(f"{target}: Stil konnte nicht geschrieben werden ({message}).")
    return atomic_write(target, writer, ".qml")
