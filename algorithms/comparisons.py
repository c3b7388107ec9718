"""sozialraum:comparisons - "Vergleiche und Befunde": variance between/within parent units, extremes,
multiple disadvantage, correlations; tables plus one HTML summary."""
import os

import pandas as pd
from qgis.core import (QgsFeature, QgsFeatureRequest, QgsFeatureSink, QgsFields, QgsProcessing, QgsProcessingException,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterString, QgsWkbTypes)

from ..core import comparisons as cmp
from ..core import indices as ix
from ..core.catalogue import Catalogue, CatalogueError, read_catalogue
from ..adapter.layers import fields_for, qgs_field_for, source_to_frame
from ..adapter.settings import rule_from_settings
from ..core.privacy import apply_suppression
from ..adapter.project_setup import detect_setup
from .base import SozialraumAlgorithm
from .composite_index import plain_rows


def integer_columns(table, columns=("rank", "unfavourable")):
    """A copy of the extremes table with rank and the unfavourable flag as (nullable) integers, so that the
    output fields are integers (7, not 7.000000)."""
    table = table.copy()
    for column in columns:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column]).round().astype("Int64")
    return table


class Comparisons(SozialraumAlgorithm):
    INPUT = "INPUT"
    INDICATORS = "INDICATORS"
    PARENT_FIELD = "PARENT_FIELD"
    KEY_FIELD = "KEY_FIELD"
    NAME_FIELD = "NAME_FIELD"
    SHARE = "SHARE"
    CATALOGUE = "CATALOGUE"
    POLARITIES = "POLARITIES"
    POPULATION_FIELD = "POPULATION_FIELD"
    VARIANCE = "VARIANCE"
    SPREAD = "SPREAD"
    EXTREMES = "EXTREMES"
    CONCENTRATION = "CONCENTRATION"
    CORRELATIONS = "CORRELATIONS"
    REPORT = "REPORT"

    def name(self):
        return "comparisons"

    def displayName(self):
        return self.tr("Comparisons and findings")

    def group(self):
        return self.tr("Indices and comparisons")

    def groupId(self):
        return "indices"

    def shortHelpString(self):
        return self.tr(
            "Turns indicator values into the comparisons a social report states as findings.\n\n"
            "Social spaces: the layer with the indicator fields (it is not changed).\n"
            "Indicators: the numeric fields to compare.\n"
            "Parent unit field: the municipality or district each area belongs to. Left empty, it is guessed "
            "from the field names as in the dock's setup (a field whose values begin every area key, e.g. bez_id, "
            "or its name field, e.g. bezirk); the log names the field chosen.\n"
            "Key field: identifies the areas in the tables and the report. Left empty, it is guessed the same "
            "way (e.g. plr_id).\n"
            "Name field: the area names for the tables and the report (optional).\n"
            "Share for extremes (%): the highest and lowest share of areas per indicator (default 10 = top and "
            "bottom decile, ties included).\n"
            "Indicator catalogue: CSV with labels and polarities (optional).\n"
            "Polarities: one per indicator, separated by ';' (higher_is_worse, higher_is_better or neutral); "
            "they decide which extreme is unfavourable. Without polarities or catalogue, indicators are neutral: "
            "extremes are listed on both sides but not counted as disadvantage.\n"
            "Population field: used for the suppression of small areas set in the plugin settings (optional).\n\n"
            "Outputs (tables without geometry, except the layer of multiple disadvantage):\n"
            "Variance decomposition: per indicator n, number of parent units, eta squared (share of the "
            "variance between parent units), sums of squares, the range of the parent means, the largest range "
            "within a parent unit and in how many parent units the inner range exceeds the range of the means.\n"
            "Spread per parent unit: per indicator and parent unit n, mean, minimum, maximum, range and "
            "standard deviation (divided by n).\n"
            "Extremes: each area in the top or bottom share of an indicator, with parent unit, value, rank, side "
            "and whether that side is unfavourable.\n"
            "Multiple disadvantage: the areas with geometry and the number of indicators in their unfavourable "
            "extreme.\n"
            "Correlations: Pearson and Spearman coefficients for each pair of indicators with n and two-sided "
            "p-values.\n"
            "Report (HTML): a summary with the findings, tables and small charts.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(QgsProcessingParameterField(
            self.INDICATORS, self.tr("Indicators"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterField(
            self.PARENT_FIELD, self.tr("Parent unit field"),
            parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.KEY_FIELD, self.tr("Key field"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.NAME_FIELD, self.tr("Name field"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SHARE, self.tr("Share for extremes (%)"), type=QgsProcessingParameterNumber.Type.Double,
            minValue=0.1, maxValue=50, defaultValue=10))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.POLARITIES, self.tr("Polarities"), optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.VARIANCE, self.tr("Variance decomposition"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.SPREAD, self.tr("Spread per parent unit"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.EXTREMES, self.tr("Extremes"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CONCENTRATION, self.tr("Multiple disadvantage")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CORRELATIONS, self.tr("Correlations"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))

    def _guess_fields(self, parameters, context, feedback, source, indicators, parent, key):
        """Parent and key field as given, or, when empty or not in the layer, guessed like the dock's setup."""
        names = source.fields().names()
        parent = parent if parent in names else ""
        key = key if key in names else ""
        if parent and key:
            return parent, key
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        setup = detect_setup(layer) if layer is not None else None
        if not parent and setup is not None:
            for key_field, name_field in setup.parent_fields:
                candidate = name_field or key_field
                if candidate not in indicators:
                    parent = candidate
                    feedback.pushInfo(self.tr("Parent unit field not set: using '{field}' (guessed from the "
                                              "field names).").format(field=parent))
                    break
        if not parent:
            raise QgsProcessingException(self.tr(
                "No parent unit field given and none found in the layer: choose the parent unit field (e.g. the "
                "district each area belongs to)."))
        if not key and setup is not None and setup.key_field and setup.key_field != parent:
            key = setup.key_field
            feedback.pushInfo(self.tr("Key field not set: using '{field}' (guessed from the field names).").format(
                field=key))
        return parent, key

    def _signs(self, text, catalogue, indicators):
        """Signs +1 / -1 / 0 from the parameter (neutral allowed here) or the catalogue."""
        from ..core.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, parse_polarity

        parts = ix.parse_list(text)
        if not parts:
            return [catalogue.indicator(i).sign for i in indicators]
        if len(parts) != len(indicators):
            raise QgsProcessingException(self.tr(
                "{n} polarities for {m} indicators: give one per indicator, separated by ';'.").format(
                n=len(parts), m=len(indicators)))
        signs = []
        for part in parts:
            try:
                polarity = parse_polarity(part, self.tr("Polarities"))
            except CatalogueError as error:
                raise QgsProcessingException(str(error)) from None
            signs.append({HIGHER_IS_WORSE: 1, HIGHER_IS_BETTER: -1}.get(polarity, 0))
        return signs

    def _table(self, parameters, name, frame, context):
        fields = fields_for(frame)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        features = []
        for values in plain_rows(frame):
            feature = QgsFeature(fields)
            feature.setAttributes(values)
            features.append(feature)
        sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
        return dest

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        indicators = self.parameterAsFields(parameters, self.INDICATORS, context)
        parent = self.parameterAsString(parameters, self.PARENT_FIELD, context)
        key = self.parameterAsString(parameters, self.KEY_FIELD, context)
        name = self.parameterAsString(parameters, self.NAME_FIELD, context)
        share = self.parameterAsDouble(parameters, self.SHARE, context) / 100.0
        population = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        catalogue = Catalogue()
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        if catalogue_path:
            try:
                catalogue = read_catalogue(catalogue_path)
            except CatalogueError as error:
                raise QgsProcessingException(str(error)) from None
        parent, key = self._guess_fields(parameters, context, feedback, source, indicators, parent, key)
        signs = self._signs(self.parameterAsString(parameters, self.POLARITIES, context), catalogue, indicators)
        if parent in indicators:
            raise QgsProcessingException(self.tr("The parent unit field {field} is also chosen as an indicator; "
                                                 "choose a different parent unit field.").format(field=parent))

        wanted = list(dict.fromkeys(indicators + [f for f in (parent, key, name, population) if f]))
        feedback.setProgressText(self.tr("Reading attributes"))
        frame = source_to_frame(source, wanted)
        if feedback.isCanceled():
            return {}
        rule = rule_from_settings(population)
        frame, reasons = apply_suppression(frame, catalogue, rule, columns=indicators)
        suppressed = int(reasons.notna().to_numpy().sum())
        if suppressed:
            feedback.pushInfo(self.tr("{n} values suppressed (privacy rule) and left out.").format(n=suppressed))
        zeros = int(ix.all_zero_areas(frame, indicators).sum())
        if zeros and len(indicators) > 1:
            feedback.pushWarning(self.tr(
                "{n} areas have 0 in every indicator; tables often write 0 for 'no value', and such areas "
                "would count as extremes. Check the data.").format(n=zeros))
        feedback.setProgress(20)

        try:
            variance = cmp.variance_decomposition(frame, indicators, parent)
            feedback.setProgress(35)
            extreme_table = cmp.extremes(frame, indicators, parent, share, signs, key, name)
            directional = [s for s in signs if s != 0]
            if directional:
                concentration = cmp.concentration(frame, indicators, share, signs)
            else:
                feedback.pushWarning(self.tr("No indicator has a polarity, so no extreme counts as unfavourable; "
                                             "give polarities or a catalogue for the multiple disadvantage count."))
                concentration = pd.DataFrame({"n_indicators": 0, "n_unfavourable": 0, "indicators": ""},
                                             index=frame.index)
            feedback.setProgress(50)
            pairs = cmp.correlations(frame, indicators)
        except cmp.ComparisonError as error:
            raise QgsProcessingException(str(error)) from None
        if feedback.isCanceled():
            return {}
        for row in variance.summary.itertuples(index=False):
            if row.n:
                feedback.pushInfo(self.tr("{indicator}: eta squared {eta} ({n} areas, {parents} parent units)").format(
                    indicator=row.indicator, eta=f"{row.eta2:.3f}", n=row.n, parents=row.parents))
        feedback.setProgress(60)

        results = {
            self.VARIANCE: self._table(parameters, self.VARIANCE, variance.summary, context),
            self.SPREAD: self._table(parameters, self.SPREAD, variance.by_parent, context),
            self.EXTREMES: self._table(parameters, self.EXTREMES, integer_columns(extreme_table), context),
            self.CORRELATIONS: self._table(parameters, self.CORRELATIONS, pairs, context),
        }
        feedback.setProgress(70)
        results[self.CONCENTRATION] = self._concentration(parameters, context, feedback, source, frame,
                                                          concentration, key, name, parent)

        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            labels = {i: catalogue.indicator(i).title for i in indicators}
            area_labels = None
            if key or name:
                parts = [frame[f].astype(object).where(frame[f].notna(), "").astype(str) for f in (key, name) if f]
                area_labels = parts[0] if len(parts) == 1 else parts[0] + " " + parts[1]
            page = cmp.summary_html(
                "Vergleiche und Befunde", variance, extreme_table, concentration, pairs, indicators, share,
                labels=labels, parent_label=parent, area_labels=area_labels,
                subtitle=f"{source.sourceName()}: {len(frame)} Gebiete, {len(indicators)} Indikatoren",
                attribution=catalogue.attribution(indicators))
            temporary = report + ".tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(page)
            os.replace(temporary, report)
            results[self.REPORT] = report
        feedback.setProgress(100)
        return results

    def _concentration(self, parameters, context, feedback, source, frame, concentration, key, name, parent):
        columns = pd.DataFrame(index=frame.index)
        for field in dict.fromkeys(f for f in (key, name, parent) if f):
            columns[field] = frame[field]
        columns = columns.join(concentration)
        fields = QgsFields()
        for column in columns.columns:
            if column in (key, name, parent):
                fields.append(source.fields().field(column))
            else:
                fields.append(qgs_field_for(columns[column], column))
        sink, dest = self.parameterAsSink(parameters, self.CONCENTRATION, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CONCENTRATION))
        rows = dict(zip(columns.index, plain_rows(columns)))
        total = max(source.featureCount(), 1)
        request = QgsFeatureRequest().setSubsetOfAttributes([])
        for n, feature in enumerate(source.getFeatures(request)):
            if feedback.isCanceled():
                break
            new = QgsFeature(fields)
            new.setGeometry(feature.geometry())
            new.setAttributes(rows.get(feature.id(), [None] * len(columns.columns)))
            sink.addFeature(new, QgsFeatureSink.Flag.FastInsert)
            if n % 500 == 0:
                feedback.setProgress(70 + 25 * n / total)
        return dest
