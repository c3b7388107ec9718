"""sozialraum:aggregate — Indikatoren auf übergeordnete Einheiten aggregieren (thin adapter over core.aggregation)."""
import os

import pandas as pd
from qgis.core import (QgsFeature, QgsFeatureRequest, QgsFeatureSink, QgsField, QgsFields, QgsGeometry,
                       QgsProcessing, QgsProcessingException, QgsProcessingFeatureSource,
                       QgsProcessingParameterBoolean,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from ..core import html
from ..core.aggregation import MEMBERS, REGION, AggregationError, aggregate_to_parents, parents_for, reason_table
from ..core.catalogue import CatalogueError, read_catalogue
from ..adapter.layers import numeric_field_names, source_to_frame
from ..core.numbers import format_number
from ..adapter.settings import rule_from_settings
from ..core.privacy import SuppressionRule
from ..core.rates import WEIGHTED
from .base import SozialraumAlgorithm
from .join_indicators import write_table

UNIT = "einheit"


class AggregateIndicators(SozialraumAlgorithm):
    INPUT, KEY, PARENT_FIELD, PREFIX_LENGTH, REGION_ROW = "INPUT", "KEY", "PARENT_FIELD", "PREFIX_LENGTH", "REGION_ROW"
    FIELDS, CATALOGUE, COUNT_FIELDS, WEIGHT = "FIELDS", "CATALOGUE", "COUNT_FIELDS", "WEIGHT"
    DISSOLVE, MIN_COUNT = "DISSOLVE", "MIN_COUNT"
    OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "REPORT", "REPORT_HTML"

    def name(self):
        return "aggregate"

    def displayName(self):
        return self.tr("Aggregate indicators to parent units")

    def group(self):
        return self.tr("Data")

    def groupId(self):
        return "data"

    def shortHelpString(self):
        return self.tr(
            "Aggregates the indicators of the social spaces to parent units (planning area -> district -> city). "
            "Counts are summed; rates are recomputed from the summed counts through the catalogue, never averaged. "
            "The input is never changed.\n\n"
            "INPUT, social spaces: the layer with the indicator fields (e.g. the output of the join).\n"
            "KEY, key field: the area key, needed for parents by key prefix.\n"
            "PARENT_FIELD, parent field (optional): a field holding the key of the parent unit.\n"
            "PREFIX_LENGTH, parent = first characters of the key: without a parent field, the parent key is the "
            "first n characters of the area key (Berlin: 2 = district, 6 = Bezirksregion; 0 = off). Without "
            "parent field and prefix the whole region becomes one row.\n"
            "REGION_ROW, add a row for the whole region: one more row 'Gesamt' over all areas.\n"
            "FIELDS, fields to aggregate (empty: all numeric fields).\n"
            "CATALOGUE, indicator catalogue (optional): numerators and denominators of the rates are counts and "
            "are summed; each rate is recomputed from them.\n"
            "COUNT_FIELDS, further count fields (optional): summed as well, e.g. the population.\n"
            "WEIGHT, weight field (optional): indicators without counts become a weighted mean (an approximation, "
            "marked so in the report); without a weight they stay NULL with the reason.\n"
            "DISSOLVE, dissolve geometries: parent polygons as the union of their areas; off: a table without "
            "geometry.\n"
            "MIN_COUNT, suppress counts below: counts from 1 to this value minus 1 and rates built on them are "
            "hidden (NULL with reason); 0 = the plugin setting.\n\n"
            "Outputs: OUTPUT, one row per parent unit (field einheit, number of areas gebiete, the aggregated "
            "fields), REPORT, a table with the method of each field and the reason of each NULL value, "
            "REPORT_HTML, the same as a page.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.KEY, self.tr("Key field"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PARENT_FIELD, self.tr("Parent unit field (optional)"), parentLayerParameterName=self.INPUT,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.PREFIX_LENGTH, self.tr("Parent = first characters of the key (0 = off)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=0, minValue=0, maxValue=40))
        self.addParameter(QgsProcessingParameterBoolean(
            self.REGION_ROW, self.tr("Add a row for the whole region"), defaultValue=False))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Fields to aggregate (empty: all numeric)"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue (optional)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COUNT_FIELDS, self.tr("Further count fields, summed (e.g. population)"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.WEIGHT, self.tr("Weight for indicators without counts (optional, approximation)"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.DISSOLVE, self.tr("Dissolve geometries to parent polygons"), defaultValue=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COUNT, self.tr("Suppress counts below (0 = plugin setting)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Parent units")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.REPORT, self.tr("Aggregation report (table)"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Aggregation report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.tr("The social-space layer could not be opened."))
        key = self.parameterAsString(parameters, self.KEY, context) or ""
        parent_field = self.parameterAsString(parameters, self.PARENT_FIELD, context) or ""
        prefix = self.parameterAsInt(parameters, self.PREFIX_LENGTH, context)
        if prefix and not key and not parent_field:
            raise QgsProcessingException(self.tr("Please choose the key field: the parent is formed from its first "
                                                 "{n} characters.").format(n=prefix))
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        try:
            catalogue = read_catalogue(catalogue_path) if catalogue_path else None
        except CatalogueError as error:
            raise QgsProcessingException(str(error)) from None
        counts = self.parameterAsFields(parameters, self.COUNT_FIELDS, context)
        weight = self.parameterAsString(parameters, self.WEIGHT, context) or None
        columns = self.parameterAsFields(parameters, self.FIELDS, context)
        if not columns:
            skip = {key, parent_field, "fid"}
            columns = [f for f in numeric_field_names(source) if f not in skip]
        columns = list(dict.fromkeys(columns + [c for c in counts if c not in columns]))
        if not columns:
            raise QgsProcessingException(self.tr("The layer has no numeric fields to aggregate."))
        min_count = self.parameterAsInt(parameters, self.MIN_COUNT, context)
        rule = SuppressionRule(min_count=min_count) if min_count else rule_from_settings()
        rule = SuppressionRule(min_count=rule.min_count)
        needed = list(dict.fromkeys([f for f in (key, parent_field) if f] + columns + ([weight] if weight else [])))
        frame = source_to_frame(source, needed)
        feature_ids = frame.index.to_numpy()
        feedback.setProgress(20)
        try:
            parents = parents_for(frame, key, parent_field, prefix)
            result = aggregate_to_parents(frame, catalogue, parents, columns, counts, weight, rule,
                                          region_row=self.parameterAsBoolean(parameters, self.REGION_ROW, context)
                                          and bool(parent_field or prefix))
        except AggregationError as error:
            raise QgsProcessingException(str(error)) from None
        if feedback.isCanceled():
            return {}
        values = result.values
        feedback.pushInfo(self.tr("{areas} areas aggregated to {units} units.").format(
            areas=len(frame) - len(result.without_parent), units=len(values)))
        if result.without_parent:
            examples = ", ".join(str(feature_ids[i]) for i in result.without_parent[:10])
            feedback.pushWarning(self.tr("{n} areas have no parent unit and are left out (feature ids {ids}).")
                                 .format(n=len(result.without_parent), ids=examples))
        if result.suppressed:
            feedback.pushInfo(self.tr("{n} values suppressed (counts below {min})." )
                              .format(n=result.suppressed, min=rule.min_count))
        for column, method in result.methods.items():
            feedback.pushInfo(f"{column}: {result.notes[column]}")

        dissolve = self.parameterAsBoolean(parameters, self.DISSOLVE, context)
        fields = QgsFields()
        fields.append(QgsField(UNIT, QVariant.String))
        fields.append(QgsField(MEMBERS, QVariant.Int))
        for column in values.columns[1:]:
            fields.append(QgsField(str(column), QVariant.Double, "double", 20, 6))
        geometry_type = QgsWkbTypes.multiType(source.wkbType()) if dissolve else QgsWkbTypes.Type.NoGeometry
        if dissolve and QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.NullGeometry:
            geometry_type = QgsWkbTypes.Type.NoGeometry
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, geometry_type,
                                             source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        geometries = {}
        if geometry_type != QgsWkbTypes.Type.NoGeometry:
            geometries = self._dissolve(source, feature_ids, result.parents, REGION in values.index, feedback)
            if geometries is None:
                return {}
        features = []
        cells = values.astype(object).where(values.notna(), None)
        for unit, row in zip(values.index, cells.itertuples(index=False, name=None)):
            feature = QgsFeature(fields)
            feature.setAttributes([str(unit), int(row[0])] + [None if v is None else float(v) for v in row[1:]])
            if unit in geometries:
                geometry = geometries[unit]
                if geometry_type != QgsWkbTypes.Type.NoGeometry:
                    geometry.convertToMultiType()
                feature.setGeometry(geometry)
            features.append(feature)
        sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
        self._aliases = {}
        if catalogue is not None:
            self._aliases = {c: catalogue.get(c).label for c in values.columns[1:]
                             if catalogue.get(c) is not None and catalogue.get(c).label}
        self._dest_id = dest_id
        results = {self.OUTPUT: dest_id}

        table = reason_table(result)
        report_fields = QgsFields()
        for column in table.columns:
            report_fields.append(QgsField(column, QVariant.String))
        report_sink, report_id = self.parameterAsSink(parameters, self.REPORT, context, report_fields,
                                                      QgsWkbTypes.Type.NoGeometry)
        if report_sink is not None:
            if not write_table(report_sink, report_fields, table, feedback):
                return {}
            results[self.REPORT] = report_id
        html_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if html_path:
            os.makedirs(os.path.dirname(os.path.abspath(html_path)), exist_ok=True)
            temporary = f"{html_path}.part"
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(report_page(result, table, rule))
            os.replace(temporary, html_path)
            results[self.REPORT_HTML] = html_path
        feedback.setProgress(100)
        return results

    def _dissolve(self, source, feature_ids, parents, region, feedback):
        """Parent key -> union of its areas' geometries (QgsGeometry.unaryUnion per group); REGION: all."""
        parent_of = dict(zip(feature_ids.tolist(), parents.tolist()))
        parts, everything = {}, []
        request = QgsFeatureRequest().setNoAttributes()
        repaired = 0
        features = source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
        for n, feature in enumerate(features):
            if n % 1000 == 0 and feedback.isCanceled():
                return None
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            if not geometry.isGeosValid():
                geometry = geometry.makeValid()
                repaired += 1
            parent = parent_of.get(feature.id())
            if parent is not None:
                parts.setdefault(parent, []).append(geometry)
            if region:
                everything.append(geometry)
        if repaired:
            feedback.pushInfo(self.tr("{n} invalid area geometries were repaired (makeValid) for the union; the "
                                      "input is unchanged.").format(n=repaired))
        total = max(len(parts), 1)
        unions = {}
        for n, (parent, geometries) in enumerate(parts.items()):
            if feedback.isCanceled():
                return None
            unions[parent] = QgsGeometry.unaryUnion(geometries)
            feedback.setProgress(30 + 60.0 * n / total)
        if region and everything:
            unions[REGION] = QgsGeometry.unaryUnion(everything)
        return unions

    def postProcessAlgorithm(self, context, feedback):
        """Field aliases from the catalogue labels on the finished output layer."""
        from qgis.core import QgsProcessingUtils

        dest_id = getattr(self, "_dest_id", None)
        layer = QgsProcessingUtils.mapLayerFromString(dest_id, context) if dest_id else None
        if layer is not None:
            for name, alias in getattr(self, "_aliases", {}).items():
                index = layer.fields().lookupField(name)
                if index >= 0:
                    layer.setFieldAlias(index, alias)
        return {}


def report_page(result, table, rule):
    """The aggregation report as an HTML page (German): units, method per field, NULL values with reasons."""
    methods = table[table.status == "Methode"].loc[:, ["feld", "grund"]].rename(
        columns={"feld": "Feld", "grund": "Methode"})
    nulls = table[table.status == "NULL"]
    facts = pd.DataFrame([
        ("Übergeordnete Einheiten", str(len(result.values))),
        ("Gebiete ohne übergeordnete Einheit", str(len(result.without_parent))),
        ("Werte unterdrückt (Fallzahl unter " + format_number(rule.min_count, 0) + ")", str(result.suppressed)),
        ("NULL-Werte mit Grund", str(len(nulls))),
    ], columns=["", "Anzahl"])
    body = [html.table(facts, numeric_columns=("Anzahl",)), "<h2>Methode je Feld</h2>", html.table(methods)]
    approximations = [f for f, m in result.methods.items() if m == WEIGHTED]
    if approximations:
        body.append('<p class="warn">Näherungen (gewichtetes Mittel, keine Zählwerte): '
                    + html.esc(", ".join(approximations)) + "</p>")
    if len(nulls):
        summary = (nulls.groupby(["feld", "grund"], sort=True).size().reset_index(name="Anzahl")
                   .rename(columns={"feld": "Feld", "grund": "Grund"}))
        summary["Anzahl"] = summary["Anzahl"].astype(str)
        body.append(f"<h2>NULL-Werte und ihre Gründe ({len(nulls)})</h2>" + html.table(summary,
                                                                                    numeric_columns=("Anzahl",)))
        shown = nulls.loc[:, ["einheit", "feld", "grund"]].rename(
            columns={"einheit": "Einheit", "feld": "Feld", "grund": "Grund"})
        body.append(html.table(shown, max_rows=300))
    return html.page("Bericht: Indikatoren auf übergeordnete Einheiten aggregieren", "".join(body))
