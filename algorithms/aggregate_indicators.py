"""sozialraum:aggregate — Indikatoren auf übergeordnete Einheiten aggregieren: read -> core.aggregation.aggregate_units
-> write."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..adapter.dissolve import dissolve_parents
from ..adapter.layers import numeric_field_names
from ..adapter.postgis import aggregate_plan, aggregate_result, run_aggregate, store_table_aliases
from ..core.aggregation import MEMBERS, REGION, aggregate_units, reason_table, report_html
from ..core.files import write_text
from ..core.numbers import format_code
from .base import SozialraumAlgorithm


class AggregateIndicators(SozialraumAlgorithm):
    KEY, PREFIX_LENGTH, REGION_ROW = "KEY", "PREFIX_LENGTH", "REGION_ROW"
    FIELDS, COUNT_FIELDS, WEIGHT, DISSOLVE = "FIELDS", "COUNT_FIELDS", "WEIGHT", "DISSOLVE"
    OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "REPORT", "REPORT_HTML"

    def name(self):
        return "aggregate"

    def displayName(self):
        return self.tr("Aggregate indicators to parent units")

    def group(self):
        return self.tr("Data")

    def groupId(self):
        return "data"

    def summary(self):
        return self.tr(
            "Aggregates the indicators of the social spaces to parent units (planning area -> district -> city). "
            "Counts are summed; rates are recomputed from the summed counts through the catalogue, never averaged. "
            "The input is never changed.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter(types=(QgsProcessing.SourceType.TypeVectorAnyGeometry,), help_text=self.tr(
            "The layer with the indicator fields (e.g. the output of the join); it is never changed."))
        self.add(QgsProcessingParameterField(
            self.KEY, self.tr("Key field"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("The area key, needed for parents by key prefix."))
        self.add_parent_parameter(help_text=self.tr("A field holding the key of the parent unit."))
        self.add(QgsProcessingParameterNumber(
            self.PREFIX_LENGTH, self.tr("Parent = first characters of the key (0 = off)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=0, minValue=0, maxValue=40),
            self.tr("Without a parent field, the parent key is the first n characters of the area key (Berlin: "
                    "2 = district, 6 = Bezirksregion; 0 = off). Without parent field and prefix the whole region "
                    "becomes one row."))
        self.add(QgsProcessingParameterBoolean(
            self.REGION_ROW, self.tr("Add a row for the whole region"), defaultValue=False),
            self.tr("One more row 'Gesamt' over all areas."))
        self.add_fields_parameter(self.FIELDS, self.tr("Fields to aggregate (empty: all numeric)"),
                                  self.tr("The fields to aggregate (empty: all numeric fields)."), optional=True)
        self.add_catalogue_parameter()
        self.add_fields_parameter(self.COUNT_FIELDS, self.tr("Further count fields, summed (e.g. population)"),
                                  self.tr("Counts besides the catalogue's numerators and denominators, summed as "
                                          "well (e.g. the population)."), optional=True)
        self.add_fields_parameter(self.WEIGHT, self.tr("Weight for indicators without counts (approximation)"),
                                  self.tr("Indicators without counts become a weighted mean (an approximation, "
                                          "marked so in the report); without a weight they stay NULL with the "
                                          "reason."), multiple=False, optional=True)
        self.add(QgsProcessingParameterBoolean(
            self.DISSOLVE, self.tr("Dissolve geometries to parent polygons"), defaultValue=True),
            self.tr("Parent polygons as the union of their areas; off: a table without geometry."))
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Parent units")),
                 self.tr("One row per parent unit: field einheit, number of areas gebiete, the aggregated fields."))
        self.add(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Aggregation report (table)"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True), self.tr("The method of each field and the reason of each NULL value."))
        self.add(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Aggregation report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True), self.tr("The report as a page."))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.source(parameters, context)
        key = self.parameterAsString(parameters, self.KEY, context) or ""
        parent = self.parent_field(parameters, context)
        rule = self.privacy_rule(parameters, context)
        counts = self.field_names(parameters, self.COUNT_FIELDS, context) + [rule.population_field]
        counts = [c for c in dict.fromkeys(counts) if c]
        weight = self.parameterAsString(parameters, self.WEIGHT, context) or None
        columns = self._columns(parameters, context, source, counts, (key, parent))
        catalogue = self.catalogue(parameters, context)
        checked = [c for c in catalogue.counts_for(columns) if source.fields().lookupField(c) >= 0]   # rates' counts
        pushed = self._push_down(parameters, context, feedback, dict(
            key=key, parent=parent, columns=columns, counts=counts, weight=weight, catalogue=catalogue, rule=rule))
        if pushed is not None:
            return pushed
        frame = self.read_frame(source, [key, parent] + columns + checked + [weight], feedback,
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        feedback.setProgress(20)
        with self.core_errors():
            out = aggregate_units(frame, key, parent, self.parameterAsInt(parameters, self.PREFIX_LENGTH, context),
                                  columns, counts, weight, catalogue, rule,
                                  self.parameterAsBoolean(parameters, self.REGION_ROW, context))
        if feedback.isCanceled():
            return {}
        self._log(out, frame.index.to_numpy(), rule, feedback, catalogue, source.fields())
        geometry = {}
        if self.parameterAsBoolean(parameters, self.DISSOLVE, context) and \
                QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.NullGeometry:
            geometry = self._dissolve(source, frame.index, out, feedback)
            if geometry is None:
                return {}
        results = {self.OUTPUT: self.write_sink(
            parameters, self.OUTPUT, context, out.units, aliases=out.aliases, feedback=feedback,
            geometries=geometry.get("parts"), wkb_type=geometry.get("type"), crs=source.sourceCrs())}
        return self._reports(parameters, context, feedback, results, out.report, lambda: out.html)

    def _reports(self, parameters, context, feedback, results, report, page):
        """The report as a table and (`page()`, built only when asked for) as an HTML page; all results."""
        report_id = self.write_sink(parameters, self.REPORT, context, report, feedback=feedback)
        if report_id:
            results[self.REPORT] = report_id
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            results[self.REPORT_HTML] = write_text(html_path, page())
        feedback.setProgress(100)
        return results

    def _push_down(self, parameters, context, feedback, options):
        """The aggregation inside the database (adapter.postgis, core.sql_pushdown) when the areas and the output
        are PostGIS tables of one database: no area row through Python, the report from the result per unit.
        Returns the results, or None for the normal path (with areas in PostGIS, the log says why)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or layer.providerType() != "postgres":
            return None
        options.update(prefix=self.parameterAsInt(parameters, self.PREFIX_LENGTH, context),
                       region_row=self.parameterAsBoolean(parameters, self.REGION_ROW, context),
                       dissolve=self.parameterAsBoolean(parameters, self.DISSOLVE, context),
                       codes=self.missing_codes(parameters, context))
        with self.core_errors():
            push, why = aggregate_plan(parameters.get(self.INPUT), layer, parameters.get(self.OUTPUT), options)
        if push is None:
            feedback.pushInfo(self.tr("PostGIS push-down not used ({reason}): the aggregation runs in QGIS. It needs "
                                      "the areas and the output in one PostGIS database.").format(reason=why))
            return None
        with self.core_errors():
            counts = run_aggregate(push, feedback)
        feedback.pushInfo(self.tr("Aggregation run inside the database (PostGIS push-down): no area was read into "
                                  "QGIS."))
        result, rule = aggregate_result(push, counts), options["rule"]
        self._log_database(result, counts, rule, feedback, options, layer.fields())
        problem = store_table_aliases(push.output_uri, push.plan.output[1], push.aliases)
        if problem:
            feedback.pushWarning(self.tr("Field aliases not stored in the database: {reason}").format(reason=problem))
        destination = "postgres://" + push.output_uri
        self.register_file_output(parameters, self.OUTPUT, context, destination)
        self.on_load(context, destination, aliases=push.aliases)
        report = reason_table(result)
        return self._reports(parameters, context, feedback, {self.OUTPUT: destination}, report,
                             lambda: report_html(result, report, rule))

    def _log_database(self, result, counts, rule, feedback, options, fields):
        """The log of a run in the database: the same lines as the normal path's (_log), from its counts."""
        catalogue, codes = options["catalogue"], options["codes"]
        if counts["coded"]:
            feedback.pushWarning(self.tr("{n} values were no-value codes ({codes}) and count as 'keine Angabe'.")
                                 .format(n=counts["coded"],
                                         codes="; ".join(format_code(c) for c in codes) or "Katalog"))
        if counts["repaired"]:
            feedback.pushInfo(self.tr("{n} invalid area geometries were repaired (makeValid) for the union; the "
                                      "input is unchanged.").format(n=counts["repaired"]))
        without = int(counts["without"])
        feedback.pushInfo(self.tr("{areas} areas aggregated to {units} units.").format(
            areas=int(result.values[MEMBERS].sum()), units=len(result.values)))
        if without:
            examples = ", ".join(str(i) for i in counts["examples"] or [])
            feedback.pushWarning(self.tr("{n} areas have no parent unit and are left out (feature ids {ids}).")
                                 .format(n=without, ids=examples))
        if result.suppressed:
            feedback.pushInfo(self.tr("{n} values suppressed (counts below {min}).")
                              .format(n=result.suppressed, min=rule.min_count))
        for column in result.methods:
            feedback.pushInfo(f"{self.field_label(column, catalogue, fields)}: {result.notes[column]}")

    def _columns(self, parameters, context, source, counts, skip):
        """The fields chosen, else every numeric field but key and parent; the count fields always."""
        columns = self.field_names(parameters, self.FIELDS, context)
        if not columns:
            columns = [f for f in numeric_field_names(source) if f not in set(skip) | {"fid"}]
        columns = list(dict.fromkeys(columns + [c for c in counts if c not in columns]))
        if not columns:
            raise QgsProcessingException(self.tr("The layer has no numeric fields to aggregate."))
        return columns

    def _dissolve(self, source, feature_ids, out, feedback):
        """{'parts': {parent: geometry}, 'type': multi type of the source} (None when cancelled)."""
        parent_of = dict(zip(feature_ids.tolist(), out.result.parents.tolist()))
        whole = REGION if REGION in out.units.index else None
        parts, repaired = dissolve_parents(source, parent_of, whole, feedback, (30, 90))
        if repaired:
            feedback.pushInfo(self.tr("{n} invalid area geometries were repaired (makeValid) for the union; the "
                                      "input is unchanged.").format(n=repaired))
        return None if parts is None else {"parts": parts, "type": QgsWkbTypes.multiType(source.wkbType())}

    def _log(self, out, feature_ids, rule, feedback, catalogue, fields):
        result = out.result
        feedback.pushInfo(self.tr("{areas} areas aggregated to {units} units.").format(
            areas=len(feature_ids) - len(result.without_parent), units=len(result.values)))
        if result.without_parent:
            examples = ", ".join(str(feature_ids[i]) for i in result.without_parent[:10])
            feedback.pushWarning(self.tr("{n} areas have no parent unit and are left out (feature ids {ids}).")
                                 .format(n=len(result.without_parent), ids=examples))
        if result.suppressed:
            feedback.pushInfo(self.tr("{n} values suppressed (counts below {min}).")
                              .format(n=result.suppressed, min=rule.min_count))
        for column in result.methods:
            feedback.pushInfo(f"{self.field_label(column, catalogue, fields)}: {result.notes[column]}")
