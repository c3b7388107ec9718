"""sozialraum:joinindicators — Indikatoren an Sozialräume anbinden (thin adapter over core.join)."""
import os

import numpy as np
import pandas as pd
from qgis.core import (QgsFeature, QgsFeatureRequest, QgsFeatureSink, QgsField, QgsFields, QgsProcessing,
                       QgsProcessingFeatureSource,
                       QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber, QgsProcessingParameterString, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from ..core.catalogue import CatalogueError, read_catalogue
from ..core.join import AREA_RULES, LONG, NAME_RULES, TABLE_RULES, WIDE, JoinError, TableSpec, join_indicators
from ..core.join_report import report_table, write_report_html
from ..adapter.tables import read_table
from ..core.reader import TableError
from .base import SozialraumAlgorithm

BATCH = 5000   # features handed to a sink at once (and between cancel checks)


def _plain(value):
    """QGIS NULL (QVariant) -> None."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


def area_frame(source, fields):
    """Key (and name) of every area, index = feature id; one pass without geometry over just these fields."""
    indices = [source.fields().lookupField(f) for f in fields]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(indices)
    ids, columns = [], [[] for _ in indices]
    for feature in source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks):
        ids.append(feature.id())
        for column, index in zip(columns, indices):
            column.append(feature[index])
    data = {}
    for name, column in zip(fields, columns):
        # NULLs arrive as QVariant; numbers stay numbers (core.keys turns 1.0 into "1").
        data[name] = pd.Series([_plain(v) if isinstance(v, QVariant) else v for v in column], dtype=object)
    frame = pd.DataFrame(data)
    frame.index = pd.Index(ids, name="fid")
    return frame


def _cells(block):
    """A float block as row lists for QgsFeature.setAttributes: one tolist() per block, NaN -> None."""
    missing = np.isnan(block)
    if not missing.any():
        return block.tolist()
    if missing.mean() < 0.05:
        cells = block.tolist()
        for row, column in zip(*np.nonzero(missing)):
            cells[row][column] = None
        return cells
    objects = block.astype(object)
    objects[missing] = None
    return objects.tolist()


def write_joined(source, sink, out_fields, feature_ids, values, feedback, start=0.0, end=100.0):
    """Every input feature (geometry and attributes) plus its row of `values` (aligned with feature_ids), written
    to `sink` in blocks: each feature read once, the values converted once per block, added with FastInsert.
    Returns False when cancelled."""
    position = pd.Index(feature_ids)
    total = max(len(feature_ids), 1)
    done = 0
    block = []

    def flush():
        rows = position.get_indexer([f.id() for f in block])
        cells = _cells(values[rows]) if values.shape[1] else [[] for _ in block]
        for feature, row in zip(block, cells):
            attributes = feature.attributes()
            feature.setFields(out_fields, False)
            feature.setAttributes(attributes + row)
        sink.addFeatures(block, QgsFeatureSink.Flag.FastInsert)

    # Geometries are copied unchanged, so their validity does not matter here (Cologne has an invalid one).
    unchecked = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
    for feature in source.getFeatures(QgsFeatureRequest(), unchecked):
        block.append(feature)
        if len(block) >= BATCH:
            if feedback.isCanceled():
                return False
            flush()
            done += len(block)
            block = []
            feedback.setProgress(start + (end - start) * done / total)
    if block:
        flush()
    return True


def write_table(sink, fields, frame, feedback):
    """A DataFrame (columns in the order of `fields`; NaN/None -> NULL) into a table sink, in blocks."""
    columns = []
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series):
            data = series.astype(object).where(series.notna(), None)
            data = [None if v is None else int(v) for v in data.tolist()] if column in ("zeile", "bis_zeile") \
                else data.tolist()
        else:
            data = series.astype(object).where(series.notna(), None).tolist()
        columns.append(data)
    rows = [list(r) for r in zip(*columns)]
    for first in range(0, len(rows), BATCH):
        if feedback.isCanceled():
            return False
        features = []
        for row in rows[first:first + BATCH]:
            feature = QgsFeature(fields)
            feature.setAttributes(row)
            features.append(feature)
        sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
    return True


def split_fields(text):
    return tuple(p.strip() for p in str(text or "").replace(";", ",").split(",") if p.strip())


class _Progress:
    """Maps the core's 0-100 onto a slice of the algorithm's progress bar."""

    def __init__(self, feedback, start, end):
        self.feedback, self.start, self.end = feedback, start, end

    def isCanceled(self):
        return self.feedback.isCanceled()

    def setProgress(self, percent):
        self.feedback.setProgress(self.start + (self.end - self.start) * percent / 100.0)


class JoinIndicators(SozialraumAlgorithm):
    INPUT, INPUT_KEY, INPUT_NAME = "INPUT", "INPUT_KEY", "INPUT_NAME"
    TABLES, TABLE_KEY, TABLE_NAME = "TABLES", "TABLE_KEY", "TABLE_NAME"
    LAYOUT, LONG_VARIABLE, LONG_VALUE, LONG_YEAR, YEARS = "LAYOUT", "LONG_VARIABLE", "LONG_VALUE", "LONG_YEAR", "YEARS"
    CATALOGUE, KEY_WIDTH, KEY_EXTRACT = "CATALOGUE", "KEY_WIDTH", "KEY_EXTRACT"
    TABLE_DUPLICATES, AREA_DUPLICATES, NAME_MISMATCH = "TABLE_DUPLICATES", "AREA_DUPLICATES", "NAME_MISMATCH"
    OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "REPORT", "REPORT_HTML"
    MATCHED, UNMATCHED_ROWS, UNMATCHED_AREAS = "MATCHED", "UNMATCHED_ROWS", "UNMATCHED_AREAS"

    def name(self):
        return "joinindicators"

    def displayName(self):
        return self.tr("Join indicators to social spaces")

    def group(self):
        return self.tr("Data")

    def groupId(self):
        return "data"

    def shortHelpString(self):
        return self.tr(
            "Joins indicator tables (CSV/TXT as statistics offices write them, XLSX, ODS, DBF, GeoPackage or "
            "PostGIS tables) to the social-space layer and writes a new layer; the input is never changed. "
            "Every table row is either joined or listed in the report, every NULL value has its reason.\n\n"
            "INPUT, social spaces: the polygon layer of the areas.\n"
            "INPUT_KEY, key field: the area key (compared as text, leading zeros kept).\n"
            "INPUT_NAME, name field (optional): area names; with a table name field, keys whose name differs are flagged.\n"
            "TABLES, indicator tables: one or more files (or layer sources such as 'file.gpkg|layername=t'). Delimited "
            "text is read by our own reader: delimiter, encoding, header line, footnotes, decimal comma, "
            "thousands separators, percent signs and the official special markers (. - x / … () *) are recognised.\n"
            "TABLE_KEY, key field in the tables: the column holding the area key (empty: the first column).\n"
            "TABLE_NAME, name field in the tables (optional): the column with the area names, for the cross-check.\n"
            "LAYOUT, table layout: wide (one row per area) or long (area x [year] x variable x value, pivoted to one "
            "field per variable and year).\n"
            "LONG_VARIABLE, LONG_VALUE, LONG_YEAR, YEARS, variable field(s), value field, year field, years: for long tables; several variable fields are "
            "separated by commas; with several years each field gets the year as suffix.\n"
            "CATALOGUE, indicator catalogue (optional): CSV with id, label, unit, numerator, denominator, multiplier …; "
            "rates are computed from the joined counts and labels become field aliases.\n"
            "KEY_WIDTH, key width: pad numeric keys with leading zeros to this width on both sides (0 = off).\n"
            "KEY_EXTRACT, extract key from text: compare only the digits of keys such as '03 Nordstadt' or 'STGT03'.\n"
            "TABLE_DUPLICATES, AREA_DUPLICATES, duplicate keys in tables / in the layer: an error unless you choose a rule; every duplicate is "
            "listed.\n"
            "NAME_MISMATCH, name mismatch: flag only, or leave the values of such areas empty.\n\n"
            "Outputs: OUTPUT, the joined layer (indicator fields typed numeric, aliases from the catalogue), REPORT, the report "
            "table (status, reason and value of every table row, NULL value and flag), REPORT_HTML, the HTML report and the "
            "counts MATCHED, UNMATCHED_ROWS and UNMATCHED_AREAS.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.INPUT_KEY, self.tr("Key field"), parentLayerParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterField(
            self.INPUT_NAME, self.tr("Name field (optional)"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.TABLES, self.tr("Indicator tables"), QgsProcessing.SourceType.TypeFile))
        self.addParameter(QgsProcessingParameterString(
            self.TABLE_KEY, self.tr("Key field in the tables (empty: first column)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TABLE_NAME, self.tr("Name field in the tables (optional)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.LAYOUT, self.tr("Table layout"),
            [self.tr("Wide: one row per area"), self.tr("Long: area x [year] x variable x value")], defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.LONG_VARIABLE, self.tr("Long table: variable field(s), comma-separated"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.LONG_VALUE, self.tr("Long table: value field"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.LONG_YEAR, self.tr("Long table: year field (optional)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.YEARS, self.tr("Long table: years to keep, comma-separated (empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue (optional)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.KEY_WIDTH, self.tr("Key width: pad keys with leading zeros (0 = off)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=0, minValue=0, maxValue=40))
        self.addParameter(QgsProcessingParameterBoolean(
            self.KEY_EXTRACT, self.tr("Extract key digits from text (e.g. '03 Nordstadt')"), defaultValue=False))
        self.addParameter(QgsProcessingParameterEnum(
            self.TABLE_DUPLICATES, self.tr("Duplicate keys in a table"),
            [self.tr("Stop with an error"), self.tr("Use the first row"), self.tr("Use the last row"),
             self.tr("Sum the rows"), self.tr("Average the rows")], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.AREA_DUPLICATES, self.tr("Duplicate keys in the layer"),
            [self.tr("Stop with an error"), self.tr("Leave these areas empty"), self.tr("Copy values to each area")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.NAME_MISMATCH, self.tr("Name mismatch"),
            [self.tr("Flag in the report, join anyway"), self.tr("Flag and leave the values empty")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Joined social spaces")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Join report (table)"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Join report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.MATCHED, self.tr("Table rows joined")))
        self.addOutput(QgsProcessingOutputNumber(self.UNMATCHED_ROWS, self.tr("Table rows without area")))
        self.addOutput(QgsProcessingOutputNumber(self.UNMATCHED_AREAS, self.tr("Areas without data")))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.tr("The social-space layer could not be opened."))
        area_key = self.parameterAsString(parameters, self.INPUT_KEY, context)
        area_name = self.parameterAsString(parameters, self.INPUT_NAME, context) or ""
        paths = self.parameterAsFileList(parameters, self.TABLES, context)
        if not paths:
            raise QgsProcessingException(self.tr("Please choose at least one indicator table."))
        table_key = self.parameterAsString(parameters, self.TABLE_KEY, context).strip()
        table_name = self.parameterAsString(parameters, self.TABLE_NAME, context).strip()
        layout = LONG if self.parameterAsEnum(parameters, self.LAYOUT, context) == 1 else WIDE
        variable = split_fields(self.parameterAsString(parameters, self.LONG_VARIABLE, context))
        value = self.parameterAsString(parameters, self.LONG_VALUE, context).strip()
        year = self.parameterAsString(parameters, self.LONG_YEAR, context).strip()
        years = split_fields(self.parameterAsString(parameters, self.YEARS, context))
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        try:
            catalogue = read_catalogue(catalogue_path) if catalogue_path else None
        except CatalogueError as error:
            raise QgsProcessingException(str(error)) from None
        text_columns = tuple(c for c in (table_key, table_name, year) + variable if c)
        specs = []
        for number, path in enumerate(paths):
            if feedback.isCanceled():
                return {}
            feedback.pushInfo(self.tr("Reading {path}").format(path=path))
            try:
                table = read_table(path, context, text_columns=text_columns)
            except TableError as error:
                raise QgsProcessingException(str(error)) from None
            key = table_key or table.columns[0]
            specs.append(TableSpec(table, key, table_name, layout, variable, value, year, years))
            feedback.setProgress(10.0 * (number + 1) / len(paths))
        fields = [area_key] + ([area_name] if area_name and area_name != area_key else [])
        missing = [f for f in fields if source.fields().lookupField(f) < 0]
        if missing:
            raise QgsProcessingException(self.tr("Field {field} is not in the social-space layer.")
                                         .format(field=", ".join(missing)))
        areas = area_frame(source, fields)
        feature_ids = areas.index.to_numpy()
        feedback.setProgress(20)
        rules = dict(
            table_duplicates=TABLE_RULES[self.parameterAsEnum(parameters, self.TABLE_DUPLICATES, context)],
            area_duplicates=AREA_RULES[self.parameterAsEnum(parameters, self.AREA_DUPLICATES, context)],
            name_mismatch=NAME_RULES[self.parameterAsEnum(parameters, self.NAME_MISMATCH, context)])
        try:
            joined, report = join_indicators(
                areas, specs, area_key, area_name, catalogue=catalogue,
                key_width=self.parameterAsInt(parameters, self.KEY_WIDTH, context),
                key_extract=self.parameterAsBoolean(parameters, self.KEY_EXTRACT, context),
                area_ids=feature_ids, feedback=_Progress(feedback, 20, 50), **rules)
        except JoinError as error:
            raise QgsProcessingException(str(error)) from None
        if feedback.isCanceled():
            return {}
        for note in report.notes:
            feedback.pushInfo(note)
        for table_label, finding in report.key_findings:
            feedback.pushWarning(f"{table_label}: {finding.message} {finding.suggestion}")
        feedback.pushInfo(self.tr("{matched} table rows joined, {rows} without area, {areas} areas without data.")
                          .format(matched=report.matched, rows=report.unmatched_rows, areas=report.unmatched_areas))

        # Output layer: the area's fields, then one Double field per indicator (alias from the catalogue).
        out_fields = QgsFields(source.fields())
        taken = {f.name().lower() for f in source.fields()}
        names = {}
        for column in report.fields:
            name = column
            while name.lower() in taken:
                name = f"{name}_neu"
            if name != column:
                feedback.pushWarning(self.tr("Field {old} exists in the layer; the new values are in {new}.")
                                     .format(old=column, new=name))
            taken.add(name.lower())
            names[column] = name
            qfield = QgsField(name, QVariant.Double, "double", 20, 6)
            qfield.setAlias(report.aliases.get(column, ""))
            out_fields.append(qfield)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        values = joined.loc[:, list(report.fields)].to_numpy(dtype=float)
        if not write_joined(source, sink, out_fields, feature_ids, values, feedback, 50, 90):
            return {}
        self._aliases = {names[c]: a for c, a in report.aliases.items() if c in names and a}
        self._dest_id = dest_id
        results = {self.OUTPUT: dest_id, self.MATCHED: report.matched, self.UNMATCHED_ROWS: report.unmatched_rows,
                   self.UNMATCHED_AREAS: report.unmatched_areas}

        entries = report_table(report)
        report_fields = QgsFields()
        for column in entries.columns:
            kind = QVariant.LongLong if column in ("zeile", "bis_zeile") else QVariant.String
            report_fields.append(QgsField(column, kind))
        report_sink, report_id = self.parameterAsSink(parameters, self.REPORT, context, report_fields,
                                                      QgsWkbTypes.Type.NoGeometry)
        if report_sink is not None:
            if not write_table(report_sink, report_fields, entries, feedback):
                return {}
            results[self.REPORT] = report_id
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            os.makedirs(os.path.dirname(os.path.abspath(html_path)), exist_ok=True)
            write_report_html(report, html_path, attribution=catalogue.attribution() if catalogue else "")
            results[self.REPORT_HTML] = html_path
        feedback.setProgress(100)
        return results

    def postProcessAlgorithm(self, context, feedback):
        """Field aliases live on the layer, not in the sink: set them on the finished output layer."""
        from qgis.core import QgsProcessingUtils

        dest_id = getattr(self, "_dest_id", None)
        layer = QgsProcessingUtils.mapLayerFromString(dest_id, context) if dest_id else None
        if layer is not None:
            for name, alias in getattr(self, "_aliases", {}).items():
                index = layer.fields().lookupField(name)
                if index >= 0:
                    layer.setFieldAlias(index, alias)
        return {}
