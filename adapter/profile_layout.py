"""The printed profiles as a QGIS atlas layout: one A4 page per area, editable in the layout designer.

What is written beside the PDF `<name>.pdf`:
- `<name>_atlas.gpkg`, the atlas's data, kept after the run (the input layer is never changed):
  `profilseiten` (the coverage: one feature per reported area and page, its geometry, key, name, the page's
  title texts and every table cell as German text after the privacy rule, fields `w01`, `e01`, `g01`, `r01`,
  `zl01`, `zr01` …, and the locator map's extent `karte_xmin` …), `gebiete` (all areas: geometry, key, parent
  key, no values) and `einheiten` (the parent units, dissolved from their areas). Each keeps its style as the
  GeoPackage's default style.
- `<name>.qpt`, the layout as a template (Layout > Add items from template, or Project > New print layout from
  template); its layers are found by source and name.
In a project the layout is added to the layout manager as "Sozialraumprofile – <layer>" (an older one of that
name is replaced), its three layers in a hidden layer group "Sozialraumprofile: <layer>".
A re-run replaces an earlier run's outputs only once its own are complete: the data and the PDF are written
under temporary names first; cancelled or failed, the earlier layout (perhaps edited in the designer), data file,
PDF and template stay exactly as they were.

The page (item ids as in the map series, see adapter.map_layout): `titel` and `untertitel` (from the atlas
feature), `karte` (locator map: the area highlighted in its parent unit, the unit's other areas grey, the rest
pale; its extent is data-defined from the feature's fields, so it follows the atlas), `uebersicht` (the whole
region with the locator map's frame), `legende`, `profil` (a manual table: theme rows and one row per indicator;
its cells are expressions reading the feature's fields, so it renders on every QGIS version without WebKit),
`hinweis`, `quelle`, `stand` (Datenstand and print date) and `seite` ("Seite x von n" from the atlas).
"""
import os
import tempfile

from qgis.core import (
    Qgis,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeedback,
    QgsFillSymbol,
    QgsGeometry,
    QgsGeometryGeneratorSymbolLayer,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutObject,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsRectangle,
    QgsRuleBasedRenderer,
    QgsSymbol,
    QgsTableCell,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..core.errors import LayoutError
from ..core.files import atomic_write
from ..core.safe_cells import no_expressions
from .compat import make_field
from .dissolve import dissolve_parents
from .layers import fields_for, frame_rows
from .layout_pages import (
    DATE_ID,
    LEGEND_ID,
    MAP_ID,
    NOTE_ID,
    PAGE_ID,
    SOURCE_ID,
    SUBTITLE_ID,
    TITLE_ID,
    fitted_extent,
)
from .layout_styling import MM, OUTER_BOUNDARY, _style_legend, _text_format
from .layout_templates import _label as _template_label
from .layout_templates import _place, write_template

COVERAGE, AREAS, UNITS = "profilseiten", "gebiete", "einheiten"
LAYER_NAMES = {COVERAGE: "Profilseiten", AREAS: "Gebiete", UNITS: "Einheiten"}
OVERVIEW_ID, TABLE_ID, HEAD_ID = "uebersicht", "profil", "kopf"
EXTENT_FIELDS = ("karte_xmin", "karte_ymin", "karte_xmax", "karte_ymax")
HIGHLIGHT, IN_UNIT, OTHER = "#d95f0e", "#cfcfcf", "#f1f1f1"
WORSE, BETTER, NEUTRAL = "#b2182b", "#2166ac", "#8c8c8c"
PAGE = (210, 297)
BOX = {"kopf": (15, 10, 180, 5), TITLE_ID: (15, 15, 180, 9), SUBTITLE_ID: (15, 24.5, 180, 5),
       MAP_ID: (15, 31, 112, 73), OVERVIEW_ID: (131, 31, 64, 42), LEGEND_ID: (131, 76, 64, 28),
       TABLE_ID: (15, 108, 180, 150), NOTE_ID: (15, 261, 180, 9), SOURCE_ID: (15, 271, 180, 15),
       DATE_ID: (15, 287, 120, 4), PAGE_ID: (135, 287, 60, 4)}
CELL_MARGIN = 0.8
FONT_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)


def atlas_files(pdf_path):
    """(GeoPackage, template) written beside the PDF."""
    stem = os.path.splitext(pdf_path)[0]
    return f"{stem}_atlas.gpkg", f"{stem}.qpt"


def layout_name(layer_name):
    return f"Sozialraumprofile \u2013 {layer_name}"


def group_name(layer_name):
    return f"Sozialraumprofile: {layer_name}"


# ----------------------------------------------------------------------------------------------- data
def _key(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _memory_layer(name, wkb_type, crs, fields):
    layer = QgsVectorLayer(f"{QgsWkbTypes.displayString(wkb_type)}?crs=", name, "memory")
    layer.setCrs(crs)
    layer.dataProvider().addAttributes(list(fields))
    layer.updateFields()
    return layer


def _grown(rectangle, share=0.06):
    grown = QgsRectangle(rectangle)
    grown.grow(max(rectangle.width(), rectangle.height()) * share)
    return grown


def atlas_layers(layer, atlas, parent_of, feedback=None, progress=(0.0, 100.0)):
    """Memory layers (profilseiten, gebiete, einheiten) for the atlas of `layer`: `atlas` is a
    core.profile_atlas.ProfileAtlas (pages indexed by feature id), `parent_of` {feature id: parent key}."""
    wkb = QgsWkbTypes.multiType(layer.wkbType())
    geometries, areas = {}, []
    for feature in layer.getFeatures(QgsFeatureRequest().setNoAttributes()):
        geometry = QgsGeometry(feature.geometry())
        geometry.convertToMultiType()
        geometries[feature.id()] = geometry
        areas.append((feature.id(), geometry))
    unions, _repaired = dissolve_parents(layer, {f: p for f, p in parent_of.items() if p is not None},
                                         feedback=feedback, progress=progress)
    if unions is None:
        return None
    whole = layer.extent()
    pages = atlas.pages
    rows = frame_rows(pages.reset_index(drop=True))
    fields = fields_for(pages.reset_index(drop=True))
    for name in EXTENT_FIELDS:
        fields.append(make_field(name, "double"))
    coverage = _memory_layer(LAYER_NAMES[COVERAGE], wkb, layer.crs(), fields)
    features = []
    for fid, values in zip(pages.index.tolist(), rows):
        unit = unions.get(parent_of.get(fid))
        box = _grown(unit.boundingBox()) if unit is not None else _grown(whole, 0.02)
        feature = QgsFeature(coverage.fields())
        feature.setGeometry(geometries.get(fid, QgsGeometry()))
        feature.setAttributes(list(values) + [box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()])
        features.append(feature)
    coverage.dataProvider().addFeatures(features)

    context = _memory_layer(LAYER_NAMES[AREAS], wkb, layer.crs(),
                            [make_field("fid_quelle", "long"), make_field("einheit", "string")])
    features = []
    for fid, geometry in areas:
        feature = QgsFeature(context.fields())
        feature.setGeometry(geometry)
        feature.setAttributes([fid, parent_of.get(fid)])
        features.append(feature)
    context.dataProvider().addFeatures(features)

    names = dict(zip(pages["einheit"], pages["einheit_name"])) if len(pages) else {}
    units = _memory_layer(LAYER_NAMES[UNITS], wkb, layer.crs(),
                          [make_field("einheit", "string"), make_field("name", "string")])
    features = []
    for key, geometry in sorted(unions.items()):
        feature = QgsFeature(units.fields())
        feature.setGeometry(geometry)
        feature.setAttributes([key, names.get(key) or key])
        features.append(feature)
    units.dataProvider().addFeatures(features)
    return {COVERAGE: coverage, AREAS: context, UNITS: units}


def parent_keys(frame, parent_field):
    """{feature id: parent key as text (None: no parent)} from the frame read from the layer."""
    if not parent_field:
        return {}
    return {fid: _key(v) for fid, v in zip(frame.index.tolist(), frame[parent_field].tolist())}


def write_gpkg(path, layers, styles, shown=None):
    """The memory layers {table: layer} as one GeoPackage (whole or not at all), each with its renderer
    (`styles`: {table: renderer}) stored as the table's default style. `shown`: the path named in errors
    (the final name when `path` is a staging file)."""
    shown = shown or path

    def writer(temp):
        os.remove(temp)   # OGR creates the file itself
        for number, (table, layer) in enumerate(layers.items()):
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "GPKG"
            options.layerName = table
            options.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
                                            if number == 0 else
                                            QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
            result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, temp, layer.transformContext(), options)
            if result[0] != QgsVectorFileWriter.WriterError.NoError:
                raise LayoutError(f"{shown}: Tabelle '{table}' konnte nicht geschrieben werden ({result[1]}). "
                                  "Schreibrechte und freien Speicher prüfen.")
        for table, renderer in styles.items():
            stored = QgsVectorLayer(f"{temp}|layername={table}", table, "ogr")
            stored.setRenderer(renderer.clone())
            error = _style_error(stored.saveStyleToDatabase("Sozialraum Monitor", "Sozialraumprofile (Atlas)",
                                                            True, ""))
            del stored
            if error:
                raise LayoutError(f"{shown}: Die Darstellung der Tabelle '{table}' konnte nicht im GeoPackage "
                                  f"gespeichert werden ({error}). Schreibrechte und freien Speicher prüfen und "
                                  "erneut ausführen.")
    return atomic_write(path, writer, ".gpkg")


def _style_error(result):
    """The error text `saveStyleToDatabase` hands back (a string; a tuple's last text on other bindings)."""
    if isinstance(result, (tuple, list)):
        result = next((r for r in reversed(result) if isinstance(r, str)), "")
    return (result or "").strip() if isinstance(result, str) else ""


# ------------------------------------------------------------------------------------------- styles
def _symbol(geometry_type, fill, outline, width, fill_opacity=1.0):
    if geometry_type == QgsWkbTypes.GeometryType.LineGeometry:
        return QgsLineSymbol.createSimple({"line_color": outline, "line_width": str(width),
                                           "line_width_unit": "MM"})
    if geometry_type == QgsWkbTypes.GeometryType.PointGeometry:
        return QgsMarkerSymbol.createSimple({"color": fill, "outline_color": outline, "size": "2.2"})
    if fill == "none":       # outline only, of the outer rings: sliver holes left by the dissolve draw no dots
        line = QgsLineSymbol.createSimple({"line_color": outline, "line_width": str(width), "line_width_unit": "MM",
                                           "joinstyle": "round"})
        generator = QgsGeometryGeneratorSymbolLayer.create({"geometryModifier": OUTER_BOUNDARY})
        generator.setSymbolType(QgsSymbol.SymbolType.Line)
        generator.setSubSymbol(line)
        symbol = QgsFillSymbol.createSimple({"style": "no", "outline_style": "no"})
        symbol.changeSymbolLayer(0, generator)
        return symbol
    colour = QColor(fill)
    colour.setAlphaF(fill_opacity)
    return QgsFillSymbol.createSimple({"color": ",".join(str(c) for c in colour.getRgb()), "style": "solid",
                                       "outline_color": outline, "outline_width": str(width),
                                       "outline_width_unit": "MM"})


def _rules(geometry_type, rules):
    """A rule-based renderer from [(label, expression or None for ELSE, fill, outline, width)]."""
    root = QgsRuleBasedRenderer.Rule(None)
    for label, expression, fill, outline, width in rules:
        rule = QgsRuleBasedRenderer.Rule(_symbol(geometry_type, fill, outline, width), 0, 0,
                                         expression or "", label)
        if expression is None:
            rule.setIsElse(True)
        root.appendChild(rule)
    return QgsRuleBasedRenderer(root)


def renderers(geometry_type, parent_label):
    """{table: renderer}: the page's area strong, its parent unit's other areas grey, the rest pale; the parent
    unit's outline thick. Expressions read the atlas feature, so every page highlights its own area."""
    same = "\"einheit\" = attribute(@atlas_feature, 'einheit')"
    unit = parent_label
    others = ("übrige Gebiete" if unit else "weitere Gebiete", None, OTHER, "#c8c8c8", 0.1)
    return {
        COVERAGE: _rules(geometry_type, [("Gebiet dieser Seite", "$id = @atlas_featureid", HIGHLIGHT, "#5a2a05",
                                          0.5)]),
        AREAS: _rules(geometry_type, ([(f"{unit}: weitere Gebiete", same, IN_UNIT, "#8f8f8f", 0.15)] if unit else [])
                      + [others]),
        UNITS: _rules(geometry_type, [(f"{unit or 'Einheit'} (Grenze)", same, "none", "#222222", 0.6),
                                      ("weitere Grenzen", None, "none", "#7a7a7a", 0.25)]),
    }


# ------------------------------------------------------------------------------------------- layout
def _label(layout, item_id, text, size, bold=False, color="#222222", halign=Qt.AlignmentFlag.AlignLeft):
    """A label of the page at its place in BOX (the map series' label: font mode, no margins, top-aligned)."""
    return _template_label(layout, item_id, BOX[item_id], text, size, bold, halign, color)


def _map(layout, item_id, layers, extent):
    item = QgsLayoutItemMap(layout)
    item.setId(item_id)
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, MM))
    item.setFrameStrokeColor(QColor("#777777"))
    item.setBackgroundColor(QColor("#ffffff"))
    layout.addLayoutItem(item)
    _place(item, BOX[item_id])
    item.setCrs(layers[0].crs())
    item.setKeepLayerSet(True)
    item.setLayers(list(layers))
    box = BOX[item_id]
    item.setExtent(fitted_extent(extent, box[2], box[3], 0.0))   # the frame's own ratio: its size stays
    return item


def _cell(text, size, bold=False, color="", align=Qt.AlignmentFlag.AlignLeft, background=None):
    """A table cell; a text format of its own only where it differs from the table's (bold or coloured): each
    stored format is some kilobytes in the layout and its template."""
    cell = QgsTableCell(text)
    if bold or color:
        cell.setTextFormat(_text_format(size, bold, color or "#222222"))
    cell.setHorizontalAlignment(align)
    cell.setVerticalAlignment(Qt.AlignmentFlag.AlignVCenter)
    if background:
        cell.setBackgroundColor(QColor(background))
    return cell


def _bar_colours(polarity):
    """(left, right): below the mean is favourable when higher is worse, and the other way round."""
    if polarity > 0:
        return BETTER, WORSE
    if polarity < 0:
        return WORSE, BETTER
    return NEUTRAL, NEUTRAL


def table_contents(atlas, size):
    """The cells of the printed table: a header row, a heading row per theme, one row per indicator whose value
    cells read the atlas feature's fields."""
    right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    columns = len(atlas.headers)
    header = [_cell(no_expressions(h), size, bold=True, background="#dcdcdc",
                    align=right if 2 <= n < columns - 1 else left) for n, h in enumerate(atlas.headers)]
    rows = [header]
    for row in atlas.rows:
        if row.is_theme:
            rows.append([_cell(no_expressions(row.label), size, bold=True, background="#efefef")]
                        + [_cell("", size, background="#efefef") for _ in range(columns - 1)])
            continue
        s = row.suffix
        value = [f"w{s}"] + ([f"e{s}"] if atlas.parent_label else []) + [f"g{s}", f"r{s}"]
        low, high = _bar_colours(row.polarity)
        cells = [_cell(no_expressions(row.label), size), _cell(no_expressions(row.unit), size)]
        cells += [_cell(QgsProperty.fromField(field), size, bold=(n == 0), align=right)
                  for n, field in enumerate(value)]
        cells += [_cell(QgsProperty.fromField(f"zl{s}"), size, color=low, align=right),
                  _cell(QgsProperty.fromField(f"zr{s}"), size, color=high, align=left)]
        rows.append(cells)
    return rows


def _column_widths(atlas):
    """Content widths in mm (cell margins come on top), filling the frame's 180 mm."""
    values = len(atlas.headers) - 5            # area, parent unit, region
    fixed = 16 + values * 17 + 20 + 2 * 15      # unit, values, rank, two bar halves
    inner = BOX[TABLE_ID][2] - 2 * CELL_MARGIN * len(atlas.headers) - 0.5
    return [inner - fixed, 16] + [17] * values + [20, 15, 15]


def _table(layout, atlas):
    """The profile table in the frame `profil`, with the largest font (7.5 to 5 pt) that fits the frame."""
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(TABLE_ID)
    table.addFrame(frame)
    _place(frame, BOX[TABLE_ID])
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    table.setIncludeTableHeader(False)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setCellMargin(CELL_MARGIN)
    table.setShowGrid(True)
    table.setVerticalGrid(False)
    table.setHorizontalGrid(True)
    table.setGridStrokeWidth(0.1)
    table.setGridColor(QColor("#bdbdbd"))
    table.setColumnWidths(_column_widths(atlas))
    fits = False
    for size in FONT_SIZES:
        table.setTableContents(table_contents(atlas, size))
        table.setContentTextFormat(_text_format(size))
        table.refresh()
        if table.totalSize().height() <= BOX[TABLE_ID][3]:
            fits = True
            break
    return table, fits


def _legend(layout, karte, layers):
    legend = QgsLayoutItemLegend(layout)
    legend.setId(LEGEND_ID)
    legend.setTitle("")
    legend.setLinkedMap(karte)
    legend.setAutoUpdateModel(False)
    legend.setSymbolWidth(5)
    legend.setSymbolHeight(3.2)
    legend.setBackgroundEnabled(False)
    _style_legend(legend, 0.85)
    layout.addLayoutItem(legend)
    _place(legend, BOX[LEGEND_ID])
    root = legend.model().rootGroup()
    root.clear()
    for layer in layers:
        node = root.addLayer(layer)
        QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)
        legend.model().refreshLayerLegend(node)
    legend.updateLegend()
    return legend


def build_layout(project, layers, atlas, texts, name):
    """The atlas layout over the loaded layers {table: QgsVectorLayer}; `texts`: {'source', 'date', 'notes'}.
    Returns (layout, table fits the page)."""
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(*PAGE, MM))
    coverage, areas, units = layers[COVERAGE], layers[AREAS], layers[UNITS]
    _label(layout, HEAD_ID, "Sozialraumprofil", 8, color="#666666")
    _label(layout, TITLE_ID, '[% "titel" %]', 16, bold=True, color="#111111")
    _label(layout, SUBTITLE_ID, '[% "untertitel" %]', 8.5, color="#333333")
    karte = _map(layout, MAP_ID, [coverage, units, areas], areas.extent())
    for prop, field in zip((QgsLayoutObject.DataDefinedProperty.MapXMin, QgsLayoutObject.DataDefinedProperty.MapYMin,
                            QgsLayoutObject.DataDefinedProperty.MapXMax, QgsLayoutObject.DataDefinedProperty.MapYMax),
                           EXTENT_FIELDS):
        karte.dataDefinedProperties().setProperty(prop, QgsProperty.fromField(field))
    # the whole region: the parent units only (all areas on every page would make the PDF heavy)
    overview = _map(layout, OVERVIEW_ID, [coverage, units] if atlas.parent_label else [coverage, areas],
                    _grown(areas.extent(), 0.03))
    frame = overview.overview()
    frame.setLinkedMap(karte)
    frame.setFrameSymbol(QgsFillSymbol.createSimple({"style": "no", "outline_color": "#222222",
                                                     "outline_width": "0.4", "outline_width_unit": "MM"}))
    _legend(layout, karte, [coverage, areas] + ([units] if atlas.parent_label else []))
    _table_item, fits = _table(layout, atlas)
    _label(layout, NOTE_ID, no_expressions(texts["notes"]), 6, color="#444444")
    _label(layout, SOURCE_ID, no_expressions(texts["source"]), 6.5, color="#444444")
    _label(layout, DATE_ID, no_expressions(texts["date"]), 6.5, color="#444444")
    _label(layout, PAGE_ID, "[% 'Seite ' || @atlas_featurenumber || ' von ' || @atlas_totalfeatures %]", 7,
           color="#444444", halign=Qt.AlignmentFlag.AlignRight)
    atlas_settings = layout.atlas()
    atlas_settings.setCoverageLayer(coverage)
    atlas_settings.setEnabled(True)
    atlas_settings.setSortFeatures(True)
    atlas_settings.setSortExpression('"seite"')
    atlas_settings.setPageNameExpression('"name"')
    atlas_settings.setFilenameExpression("'profil_' || \"schluessel\"")
    return layout, fits


# ------------------------------------------------------------------------------------------- export
class _Progress(QgsFeedback):
    """Hands QGIS's export progress on to the algorithm's feedback (mapped onto start..end) and its cancel."""

    def __init__(self, outer, start, end):
        super().__init__()
        self.outer, self.start, self.end = outer, start, end
        self.progressChanged.connect(self._forward)
        if outer is not None and hasattr(outer, "canceled"):
            outer.canceled.connect(self.cancel)

    def _forward(self, percent):
        if self.outer is not None:
            self.outer.setProgress(self.start + (self.end - self.start) * percent / 100.0)


def export_pdf(layout, path, feedback=None, progress=(0.0, 100.0), shown=None):
    """All atlas pages into one PDF (whole or not at all); returns the number of pages, None when cancelled.
    `shown`: the path named in errors (the final name when `path` is a staging file)."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 150      # vectors stay sharp; lines finer than 1/150 inch are simplified away
    settings.forceVectorOutput = True
    settings.simplifyGeometries = True
    settings.rasterizeWholeImage = False
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    settings.appendGeoreference = False
    relay = _Progress(feedback, *progress)
    if feedback is not None and feedback.isCanceled():
        return None

    def writer(temp):
        result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), temp, settings, relay)
        if result == QgsLayoutExporter.ExportResult.Canceled:
            raise _Cancelled()
        if result != QgsLayoutExporter.ExportResult.Success:
            raise LayoutError(f"{shown or path}: PDF konnte nicht geschrieben werden ({error or result}). "
                              "Schreibrechte und freien Speicher prüfen.")
    try:
        atomic_write(path, writer, ".pdf")
    except _Cancelled:
        return None
    return layout.atlas().count()


class _Cancelled(Exception):
    pass


def _remove_previous(project, name):
    """Take an earlier run's layout and hidden layer group of the same name out of the project. Its layers are
    deleted, which releases the data file they read (on Windows a file open in QGIS cannot be replaced)."""
    manager = project.layoutManager()
    old = manager.layoutByName(layout_name(name))
    if old is not None:
        manager.removeLayout(old)
    root = project.layerTreeRoot()
    group = root.findGroup(group_name(name))
    if group is not None:
        for node in group.findLayers():
            project.removeMapLayer(node.layerId())
        root.removeChildNode(group)


def _load(project, path, name, keep, shown=None):
    """The three tables of `path` as layers of `project`: ({table: layer}, the hidden group or None). Should a
    table not be readable, what was added is taken out again. `shown`: the path named in errors."""
    layers, group, loaded = {}, None, False
    try:
        if keep:   # hidden and collapsed at the bottom: the user's layer tree stays as it was
            group = project.layerTreeRoot().addGroup(group_name(name))
            group.setItemVisibilityChecked(False)
            group.setExpanded(False)
        for table in (COVERAGE, AREAS, UNITS):
            layer = QgsVectorLayer(f"{path}|layername={table}", LAYER_NAMES[table], "ogr")
            if not layer.isValid():
                raise LayoutError(f"{shown or path}: Tabelle '{table}' ist nicht lesbar.")
            project.addMapLayer(layer, False)
            if group is not None:
                group.addLayer(layer)
            layers[table] = layer
        loaded = True
    finally:
        if not loaded:
            for item in layers.values():
                project.removeMapLayer(item.id())
            if group is not None:
                project.layerTreeRoot().removeChildNode(group)
    return layers, group


def _staging(path, suffix):
    """An empty file with a temporary name beside `path` (same folder: the final move is a rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(suffix=suffix, prefix=".tmp-", dir=folder)
    os.close(handle)
    return temp


def _staged_pdf(data, pdf, paths, name, atlas, texts, styles, feedback, progress):
    """The PDF of the atlas over the staged data file `data`, exported to the staging file `pdf`, from a layout
    in a scratch project (the user's project is not touched). Returns (pages or None when cancelled, the table
    fits). Afterwards the scratch layers are deleted, so the staged data file is released."""
    scratch, layout = QgsProject(), None
    try:
        layers, _group = _load(scratch, data, name, False, shown=paths[1])
        for table, renderer in styles.items():
            layers[table].setRenderer(renderer.clone())
        layout, fits = build_layout(scratch, layers, atlas, texts, layout_name(name))
        pages = export_pdf(layout, pdf, feedback, progress, shown=paths[0])
    finally:
        layout = None     # a layout goes before its project
        scratch.removeAllMapLayers()
    return pages, fits


def _move(staged, path, consequence):
    """Rename the staged file of `path` over it; a German LayoutError (naming `consequence`: what was written
    and what not) when that fails, e.g. because another program holds the file open."""
    try:
        os.replace(staged[path], path)
    except OSError as error:
        raise LayoutError(f"{path}: Die Datei konnte nicht ersetzt werden ({error.strerror or error}); ist sie in "
                          f"einem anderen Programm geöffnet? {consequence} Bitte die Datei schließen und erneut "
                          "ausführen.") from None
    del staged[path]


def _write_template(layout, path):
    try:
        write_template(layout, path)
    except OSError as error:
        raise LayoutError(f"{path}: Vorlage konnte nicht geschrieben werden ({error.strerror or error}). "
                          "Schreibrechte prüfen.") from None
    finally:
        if os.path.exists(path + ".tmp"):
            os.remove(path + ".tmp")


def _final_layout(target, keep, paths, name, atlas, texts, styles):
    """After the data file was moved into place: the layout over it (added to the project with `keep`) and its
    template. A failure here raises a German LayoutError saying what was already written. Returns the layout's
    name."""
    pdf_path, data_path, template_path = paths
    done = f"Geschrieben sind das PDF {pdf_path} und die Atlasdaten {data_path}"
    missing = "das Layout im Projekt und die Vorlage" if keep else "die Vorlage"
    layout = None
    try:
        layers, _group = _load(target, data_path, name, keep)
        for table, renderer in styles.items():
            layers[table].setRenderer(renderer.clone())
        layout, _fits = build_layout(target, layers, atlas, texts, layout_name(name))
        if keep:
            target.layoutManager().addLayout(layout)
            done, missing = f"{done} und das Layout '{layout.name()}' im Projekt", "die Vorlage"
        _write_template(layout, template_path)
        return layout.name()
    except LayoutError as error:
        raise LayoutError(f"{error} {done}, nicht aber {missing} ({template_path} ist, falls vorhanden, die des "
                          "vorigen Laufs). Bitte erneut ausführen.") from None
    finally:
        layout = None     # a scratch project's layout goes before its project


def page_texts(layer, atlas, date=""):
    """The texts every page shares: source (plus the sample's attribution), data date and print date, notes."""
    from .map_layout import german_date, is_sample_source, sample_attribution

    source = " ".join(t for t in (atlas.source, sample_attribution() if is_sample_source(layer.source()) else "")
                      if t)
    printed = f"Druck: {date or german_date()}"
    return {"source": source, "notes": atlas.notes,
            "date": f"Datenstand: {atlas.data_date} · {printed}" if atlas.data_date else printed}


def write_profile_atlas(layer, atlas, parent_of, pdf_path, project=None, texts=None, feedback=None,
                        progress=(0.0, 100.0)):
    """The printed profiles: the atlas data (GeoPackage), the PDF (one page per area), the template (.qpt)
    and, with a `project`, the layout in its layout manager. Returns {'pdf', 'data', 'template', 'layout',
    'pages', 'fits'}, or None when cancelled.

    The data and the PDF are written under temporary names beside their final ones first; an earlier run's
    outputs are replaced only once both are complete. Cancelled or failed before that, the earlier layout,
    data file, PDF and template stay exactly as they were and nothing new is left behind. Then the PDF is
    moved into place (a PDF held open by a viewer fails here, with nothing changed), the earlier layout and
    its layers leave the project (releasing the data file), the data file is moved into place and the layout
    is built over it and saved as template; a failure in these last steps says in German what was written."""
    data_path, template_path = atlas_files(pdf_path)
    source = os.path.realpath(layer.source().split("|")[0]) if layer.source() else ""
    for path in (data_path, template_path):
        if source and os.path.realpath(path) == source:
            raise LayoutError(f"{path} ist die Eingabe und wird nie überschrieben. Bitte einen anderen Namen "
                              "für das PDF wählen (die Atlasdaten heißen wie das PDF mit '_atlas.gpkg').")
    start, end = progress
    memory = atlas_layers(layer, atlas, parent_of, feedback, (start, start + (end - start) * 0.1))
    if memory is None:
        return None
    styles = renderers(QgsWkbTypes.geometryType(layer.wkbType()), atlas.parent_label)
    texts = texts or page_texts(layer, atlas)
    paths, keep, staged = (pdf_path, data_path, template_path), project is not None, {}
    try:
        staged[data_path] = _staging(data_path, ".gpkg")
        write_gpkg(staged[data_path], memory, styles, shown=data_path)
        staged[pdf_path] = _staging(pdf_path, ".pdf")
        pages, fits = _staged_pdf(staged[data_path], staged[pdf_path], paths, layer.name(), atlas, texts, styles,
                                  feedback, (start + (end - start) * 0.1, end))
        if pages is None:
            return None
        _move(staged, pdf_path, "Nichts wurde geändert.")
        if keep:
            _remove_previous(project, layer.name())     # only now, and before its data file is replaced
        _move(staged, data_path, f"Geschrieben ist nur das PDF {pdf_path}" + (
            "; das ältere Layout ist aus dem Projekt entfernt." if keep else "."))
        target = project if keep else QgsProject()
        name = _final_layout(target, keep, paths, layer.name(), atlas, texts, styles)
        target = None     # a scratch project goes now, and with it its layers
    finally:
        for temp in staged.values():      # cancelled or failed: the staging files go
            if os.path.exists(temp):
                os.remove(temp)
    return {"pdf": pdf_path, "data": data_path, "template": template_path, "layout": name if keep else "",
            "pages": pages, "fits": fits}
