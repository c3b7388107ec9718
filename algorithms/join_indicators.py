"""sozialraum:joinindicators — Indikatoren an Sozialräume anbinden: read -> core.join_report.join_tables -> write."""
import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..adapter.gpkg_writer import gpkg_frame, gpkg_target, plan_joined_gpkg, write_joined_gpkg
from ..adapter.layers import fields_behind
from ..adapter.postgis import pushdown_plan, run_join, store_aliases, table_layer
from ..adapter.tables import read_table
from ..core.files import write_text
from ..core.join import AREA_RULES, LONG, NAME_RULES, TABLE_RULES, WIDE
from ..core.join_report import join_tables, split_names
from ..core.numbers import parse_codes, parse_decimal_option
from ..core.sql_pushdown import report_counts, report_page
from .base import ProgressSlice, SozialraumAlgorithm


class JoinIndicators(SozialraumAlgorithm):
    INPUT, INPUT_KEY, INPUT_NAME = "INPUT", "INPUT_KEY", "INPUT_NAME"
    TABLES, TABLE_KEY, TABLE_NAME = "TABLES", "TABLE_KEY", "TABLE_NAME"
    LAYOUT, LONG_VARIABLE, LONG_VALUE, LONG_YEAR, YEARS = "LAYOUT", "LONG_VARIABLE", "LONG_VALUE", "LONG_YEAR", "YEARS"
    CATALOGUE, KEY_WIDTH, KEY_EXTRACT = "CATALOGUE", "KEY_WIDTH", "KEY_EXTRACT"
    TABLE_DUPLICATES, AREA_DUPLICATES, NAME_MISMATCH = "TABLE_DUPLICATES", "AREA_DUPLICATES", "NAME_MISMATCH"
    OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "REPORT", "REPORT_HTML"
    MATCHED, UNMATCHED_ROWS, UNMATCHED_AREAS = "MATCHED", "UNMATCHED_ROWS", "UNMATCHED_AREAS"
    SHEET, DECIMAL, MISSING_CODES, ZERO_ROWS, VALIDITY = "SHEET", "DECIMAL", "MISSING_CODES", "ZERO_ROWS", "VALIDITY"

    def name(self):
        return "joinindicators"

    def displayName(self):
        return self.tr("Join indicators to social spaces")

    def group(self):
        return self.tr("Data")

    def groupId(self):
        return "data"

    def summary(self):
        return self.tr(
            "Joins indicator tables (CSV/TXT as statistics offices write them, XLSX, ODS, DBF, GeoPackage or "
            "PostGIS tables) to the social-space layer and writes a new layer; the input is never changed. "
            "Every table row is either joined or listed in the report, every NULL value has its reason.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter(types=(QgsProcessing.SourceType.TypeVectorAnyGeometry,),
                                 help_text=self.tr("The polygon layer of the areas (it is never changed)."))
        self.add(QgsProcessingParameterField(self.INPUT_KEY, self.tr("Key field"), parentLayerParameterName=self.INPUT),
                 self.tr("The area key (compared as text, leading zeros kept)."))
        self.add(QgsProcessingParameterField(
            self.INPUT_NAME, self.tr("Name field"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("Area names; with a table name field, keys whose name differs are flagged."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.TABLES, self.tr("Indicator tables"), QgsProcessing.SourceType.TypeFile),
            self.tr("One or more files (or layer sources such as 'file.gpkg|layername=t'). Delimited text is read "
                    "by our own reader: delimiter, encoding, header line, footnotes, decimal comma, thousands "
                    "separators, percent signs and the official special markers (. - x / … () *) are recognised."))
        self.add(QgsProcessingParameterString(
            self.TABLE_KEY, self.tr("Key field in the tables (empty: first column)"), defaultValue="", optional=True),
            self.tr("The column holding the area key (empty: the first column)."))
        self.add(QgsProcessingParameterString(
            self.TABLE_NAME, self.tr("Name field in the tables"), defaultValue="", optional=True),
            self.tr("The column with the area names, for the cross-check."))
        self.add(QgsProcessingParameterEnum(
            self.LAYOUT, self.tr("Table layout"),
            [self.tr("Wide: one row per area"), self.tr("Long: area x [year] x variable x value")], defaultValue=0),
            self.tr("Wide (one row per area) or long (area x [year] x variable x value, pivoted to one field per "
                    "variable and year)."))
        self.add(QgsProcessingParameterString(
            self.LONG_VARIABLE, self.tr("Long table: variable field(s), comma-separated"), optional=True),
            self.tr("Long tables: the column(s) naming the variable; several are separated by commas."))
        self.add(QgsProcessingParameterString(self.LONG_VALUE, self.tr("Long table: value field"), optional=True),
                 self.tr("Long tables: the column holding the value."))
        self.add(QgsProcessingParameterString(
            self.LONG_YEAR, self.tr("Long table: year field"), optional=True),
            self.tr("Long tables: the year column; with several years each field gets the year as suffix."))
        self.add(QgsProcessingParameterString(
            self.YEARS, self.tr("Long table: years to keep, comma-separated (empty: all)"), optional=True),
            self.tr("Long tables: the years to keep; rows of other years are listed in the report."))
        self.add(QgsProcessingParameterString(self.SHEET, self.tr("Sheet of spreadsheet tables"),
                                              optional=True),
                 self.tr("XLSX/ODS: the sheet to read. Empty: the sheet whose rows hold the key field (an error if "
                         "several do), without a key field the first sheet with a table. A table given as "
                         "'file.xlsx|layername=Sheet' names its sheet itself. Title rows above the header are "
                         "skipped."))
        self.add(QgsProcessingParameterString(self.DECIMAL, self.tr("Decimal mark"), optional=True),
                 self.tr("Empty: decided per column from all its cells; the report says how each column was read, "
                         "and an ambiguous column stops with a message. ',' or '.': the mark for columns whose cells "
                         "do not settle it. 'Column=,; Other=.': the mark of these columns, always."))
        self.add(QgsProcessingParameterString(self.MISSING_CODES, self.tr("No-value codes"),
                                              defaultValue="-9999; -999; -99999", optional=True),
                 self.tr("Numbers that mean 'no value' in every indicator, separated by ';' (add -1 if a source "
                         "uses it). They become NULL with their reason; the catalogue column missing_codes adds "
                         "codes per indicator. Empty: no codes."))
        self.add(QgsProcessingParameterBoolean(self.ZERO_ROWS, self.tr("Rows with 0 in every indicator are no "
                                                                        "values"), defaultValue=True),
                 self.tr("Sources write 0 in every indicator for areas they did not publish: these zeros become "
                         "NULL ('in der Quelle 0 in allen Indikatoren') and are listed. Off: they stay 0 and are "
                         "only flagged."))
        self.add(QgsProcessingParameterString(self.VALIDITY, self.tr("Validity field in the tables"),
                                              optional=True),
                 self.tr("A column marking rows valid or invalid (gültig/ungültig, ja/nein, 1/0): invalid rows get "
                         "NULL in every indicator; other words in it stop with a message."))
        self.add_catalogue_parameter()
        self.add(QgsProcessingParameterNumber(
            self.KEY_WIDTH, self.tr("Key width: pad keys with leading zeros (0 = off)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=0, minValue=0, maxValue=40),
            self.tr("Pad numeric keys with leading zeros to this width on both sides (0 = off)."))
        self.add(QgsProcessingParameterBoolean(
            self.KEY_EXTRACT, self.tr("Extract key digits from text (e.g. '03 Nordstadt')"), defaultValue=False),
            self.tr("Compare only the digits of keys such as '03 Nordstadt' or 'STGT03'."))
        self.add(QgsProcessingParameterEnum(
            self.TABLE_DUPLICATES, self.tr("Duplicate keys in a table"),
            [self.tr("Stop with an error"), self.tr("Use the first row"), self.tr("Use the last row"),
             self.tr("Sum the rows"), self.tr("Average the rows")], defaultValue=0),
            self.tr("An error unless you choose a rule; every duplicate is listed in the report."))
        self.add(QgsProcessingParameterEnum(
            self.AREA_DUPLICATES, self.tr("Duplicate keys in the layer"),
            [self.tr("Stop with an error"), self.tr("Leave these areas empty"), self.tr("Copy values to each area")],
            defaultValue=0), self.tr("An error unless you choose a rule; every duplicate is listed in the report."))
        self.add(QgsProcessingParameterEnum(
            self.NAME_MISMATCH, self.tr("Name mismatch"),
            [self.tr("Flag in the report, join anyway"), self.tr("Flag and leave the values empty")], defaultValue=0),
            self.tr("Flag only, or leave the values of such areas empty."))
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Joined social spaces")),
                 self.tr("The areas with one numeric field per indicator (aliases from the catalogue)."))
        self.add(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Join report (table)"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True),
            self.tr("Status, reason and value of every table row, every NULL value and every flag."))
        self.add(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Join report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True), self.tr("The report as a page."))
        self.addOutput(QgsProcessingOutputNumber(self.MATCHED, self.tr("Table rows joined")))
        self.addOutput(QgsProcessingOutputNumber(self.UNMATCHED_ROWS, self.tr("Table rows without area")))
        self.addOutput(QgsProcessingOutputNumber(self.UNMATCHED_AREAS, self.tr("Areas without data")))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.source(parameters, context)
        key = self.parameterAsString(parameters, self.INPUT_KEY, context)
        name = self.parameterAsString(parameters, self.INPUT_NAME, context) or ""
        options, rules = self._table_options(parameters, context), self._rules(parameters, context)
        pushed = self._push_down(parameters, context, feedback, source, key, dict(options, **rules))
        if pushed is not None:
            return pushed
        tables = self._read_tables(parameters, context, feedback, options)
        if feedback.isCanceled():
            return {}
        areas = self._read_areas(parameters, context, source, key, name)
        feedback.setProgress(20)
        with self.core_errors():
            result = join_tables(areas, tables, key, name, feedback=ProgressSlice(feedback, 20, 50), **rules,
                                 **options)
        del tables, areas       # their values are in the result: memory for the writer (a million areas)
        if feedback.isCanceled():
            return {}
        self._log(result.report, feedback)
        report = result.report
        results = {self.OUTPUT: self._write_areas(parameters, context, feedback, source, result),
                   self.MATCHED: report.matched, self.UNMATCHED_ROWS: report.unmatched_rows,
                   self.UNMATCHED_AREAS: report.unmatched_areas}
        if results[self.OUTPUT] is None:
            return {}
        report_id = self.write_sink(parameters, self.REPORT, context, result.table, feedback=feedback)
        if report_id:
            results[self.REPORT] = report_id
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            results[self.REPORT_HTML] = write_text(html_path, result.html)
        feedback.setProgress(100)
        return results

    def _read_areas(self, parameters, context, source, key, name):
        """The areas' key and name (index = feature id): read with SQLite from a whole GeoPackage layer
        (adapter.gpkg_writer.gpkg_frame, no QgsFeature per area), else through QGIS's features (the kit)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        frame = gpkg_frame(layer, parameters.get(self.INPUT), [key, name])
        return frame if frame is not None else self.read_frame(source, [key, name], text_fields=(key, name))

    def _write_areas(self, parameters, context, feedback, source, result):
        """The joined areas: a GeoPackage file output is written inside SQLite (adapter.gpkg_writer, no
        QgsFeature per area), every other output (memory, temporary, database, other formats) by the kit."""
        values, aliases = self._unique_names(result.values, result.report.aliases, source.fields().names(),
                                             feedback)
        target = gpkg_target(parameters.get(self.OUTPUT))
        if target:
            layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
            plan, why = plan_joined_gpkg(layer, parameters.get(self.INPUT), values)
            if plan is not None:
                with self.core_errors():
                    done = write_joined_gpkg(plan, values, target, feedback, (50, 90), self._description(self.OUTPUT))
                if done is False:
                    return None
                if done:
                    feedback.pushInfo(self.tr("Output written as a copy of the source inside SQLite (no feature "
                                              "by feature)."))
                    self.register_file_output(parameters, self.OUTPUT, context, target)
                    self.finish_output(context, target, fields_behind(source.fields(), values, aliases),
                                       feedback=feedback)
                    return target
                why = self.tr("feature ids differ from the source")
            feedback.pushInfo(self.tr("Output written feature by feature ({reason}).").format(reason=why))
        return self.write_sink(parameters, self.OUTPUT, context, values, source, aliases, feedback=feedback,
                               progress=(50, 90))

    def _rules(self, parameters, context):
        """The join's rules from the parameters (the same for core.join_report and the database push-down)."""
        with self.core_errors():
            codes = parse_codes(self.parameterAsString(parameters, self.MISSING_CODES, context))
        return dict(
            catalogue=self.catalogue(parameters, context),
            key_width=self.parameterAsInt(parameters, self.KEY_WIDTH, context),
            key_extract=self.parameterAsBoolean(parameters, self.KEY_EXTRACT, context),
            table_duplicates=TABLE_RULES[self.parameterAsEnum(parameters, self.TABLE_DUPLICATES, context)],
            area_duplicates=AREA_RULES[self.parameterAsEnum(parameters, self.AREA_DUPLICATES, context)],
            name_mismatch=NAME_RULES[self.parameterAsEnum(parameters, self.NAME_MISMATCH, context)],
            missing_codes=codes,
            zero_rows="null" if self.parameterAsBoolean(parameters, self.ZERO_ROWS, context) else "keep")

    def _push_down(self, parameters, context, feedback, source, key, options):
        """The join inside the database (adapter.postgis, core.sql_pushdown) when the areas, every table and the
        output are PostGIS tables of one database: no row through Python, the report from SQL counts. Returns
        the results, or None for the normal path (with areas in PostGIS, the log says why)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or layer.providerType() != "postgres":
            return None

        def rename(columns):
            frame, _aliases = self._unique_names(pd.DataFrame(columns=columns), {}, source.fields().names(), feedback)
            return dict(zip(columns, frame.columns))

        options = dict(options, area_name=self.parameterAsString(parameters, self.INPUT_NAME, context) or "")
        with self.core_errors():
            push, why = pushdown_plan(parameters.get(self.INPUT), layer, self.parameterAsFileList(
                parameters, self.TABLES, context), parameters.get(self.OUTPUT), context, key, options, rename)
        if push is None:
            feedback.pushInfo(self.tr("PostGIS push-down not used ({reason}): the join runs in QGIS. It needs the "
                                      "areas, every table and the output in one PostGIS database.").format(
                reason=why))
            return None
        with self.core_errors():
            report = run_join(push, feedback)
        for note in push.notes:
            feedback.pushInfo(note)
        feedback.pushInfo(self.tr("Join run inside the database (PostGIS push-down): no row was read into QGIS."))
        problem = store_aliases(push)
        if problem:
            feedback.pushWarning(self.tr("Field aliases not stored in the database: {reason}").format(reason=problem))
        destination = "postgres://" + push.output_uri
        self.register_file_output(parameters, self.OUTPUT, context, destination)
        self.on_load(context, destination, aliases=push.aliases)
        feedback.pushInfo(self.tr("{matched} table rows joined, {rows} without area, {areas} areas without data.")
                          .format(matched=report.matched, rows=report.unmatched_rows, areas=report.unmatched_areas))
        results = {self.OUTPUT: destination, self.MATCHED: report.matched,
                   self.UNMATCHED_ROWS: report.unmatched_rows, self.UNMATCHED_AREAS: report.unmatched_areas}
        counts = report_counts(report, options["zero_rows"])
        report_id = self.write_sink(parameters, self.REPORT, context, counts, feedback=feedback)
        if report_id:
            results[self.REPORT] = report_id
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            catalogue = options["catalogue"]
            results[self.REPORT_HTML] = write_text(html_path, report_page(
                report, counts, catalogue.attribution() if catalogue is not None and len(catalogue) else ""))
        feedback.setProgress(100)
        return results

    def input_layers(self, parameters, context):
        """The areas and the tables (a PostGIS output table may be neither)."""
        return super().input_layers(parameters, context) + [
            table_layer(value, context) for value in self.parameterAsFileList(parameters, self.TABLES, context)]

    def _table_options(self, parameters, context):
        """The options of the table side: key and name column, layout and the columns of long tables."""

        def text(name):
            return self.parameterAsString(parameters, name, context).strip()

        return dict(table_key=text(self.TABLE_KEY), table_name=text(self.TABLE_NAME),
                    layout=LONG if self.parameterAsEnum(parameters, self.LAYOUT, context) == 1 else WIDE,
                    variable=split_names(text(self.LONG_VARIABLE)), value=text(self.LONG_VALUE),
                    year=text(self.LONG_YEAR), years=split_names(text(self.YEARS)), validity=text(self.VALIDITY))

    def _read_tables(self, parameters, context, feedback, options):
        """The chosen tables, read through adapter.tables (keys, names, years and variables as text)."""
        paths = self.parameterAsFileList(parameters, self.TABLES, context)
        if not paths:
            raise QgsProcessingException(self.tr("Please choose at least one indicator table."))
        text_columns = tuple(c for c in (options["table_key"], options["table_name"], options["year"],
                                         options["validity"]) + options["variable"] if c)
        sheet = self.parameterAsString(parameters, self.SHEET, context).strip()
        with self.core_errors():
            decimal = parse_decimal_option(self.parameterAsString(parameters, self.DECIMAL, context))
        tables = []
        for number, path in enumerate(paths):
            if feedback.isCanceled():
                break
            feedback.pushInfo(self.tr("Reading {path}").format(path=path))
            with self.core_errors():
                tables.append(read_table(path, context, text_columns=text_columns, decimal=decimal,
                                         key=options["table_key"], sheet=sheet))
            feedback.setProgress(10.0 * (number + 1) / len(paths))
        return tables

    def _log(self, report, feedback):
        for note in report.notes:
            feedback.pushInfo(note)
        for table_label, finding in report.key_findings:
            feedback.pushWarning(f"{table_label}: {finding.message} {finding.suggestion}")
        feedback.pushInfo(self.tr("{matched} table rows joined, {rows} without area, {areas} areas without data.")
                          .format(matched=report.matched, rows=report.unmatched_rows, areas=report.unmatched_areas))
