"""sozialraum:comparisons - "Vergleiche und Befunde": read -> core.comparisons.compare_areas -> write (variance
between/within parent units, extremes, multiple disadvantage, correlations; tables plus one HTML summary)."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..adapter.project_setup import detect_setup
from ..core.catalogue import NEUTRAL
from ..core.comparisons import compare_areas, polarity_signs
from ..core.files import write_text
from ..core.numbers import format_number
from .base import SozialraumAlgorithm, with_decimals


class Comparisons(SozialraumAlgorithm):
    INDICATORS, NAME_FIELD, SHARE, POLARITIES = "INDICATORS", "NAME_FIELD", "SHARE", "POLARITIES"
    HIGHER_IS_WORSE, HIGHER_IS_BETTER = "HIGHER_IS_WORSE", "HIGHER_IS_BETTER"
    VARIANCE, SPREAD, EXTREMES = "VARIANCE", "SPREAD", "EXTREMES"
    CONCENTRATION, CORRELATIONS, REPORT = "CONCENTRATION", "CORRELATIONS", "REPORT"

    def name(self):
        return "comparisons"

    def displayName(self):
        return self.tr("Comparisons and findings")

    def group(self):
        return self.tr("Indices and comparisons")

    def groupId(self):
        return "indices"

    def summary(self):
        return self.tr("Turns indicator values into the comparisons a social report states as findings. The "
                       "outputs are tables without geometry, except the layer of multiple disadvantage.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter(types=(QgsProcessing.SourceType.TypeVector,), help_text=self.tr(
            "The layer with the indicator fields (it is not changed)."))
        self.add_fields_parameter(self.INDICATORS, self.tr("Indicators"), self.tr("The numeric fields to compare."))
        self.add_parent_parameter(help_text=self.tr(
            "The municipality or district each area belongs to. Left empty, it is guessed from the field names as "
            "in the dock's setup (a field whose values begin every area key, e.g. bez_id, or its name field, e.g. "
            "bezirk); the log names the field chosen."))
        self.add_key_parameter(help_text=self.tr(
            "Identifies the areas in the tables and the report. Left empty, it is guessed the same way (e.g. "
            "plr_id)."))
        self.add(QgsProcessingParameterField(
            self.NAME_FIELD, self.tr("Name field"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("The area names for the tables and the report."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.SHARE, self.tr("Share for extremes (%)"), type=QgsProcessingParameterNumber.Type.Double,
            minValue=0.1, maxValue=50, defaultValue=10), 1),
            self.tr("The highest and lowest share of areas per indicator (default 10 = top and bottom decile, "
                    "ties included)."))
        self.add_catalogue_parameter()
        self.add_polarity_parameters(self.POLARITIES, self.tr(
            "For models and scripts, instead of the two choices above: one polarity per indicator, separated by "
            "';' (higher_is_worse, higher_is_better or neutral). Given together with a choice, the run stops and "
            "asks to clear one of them."), [
            (self.HIGHER_IS_WORSE, self.tr("Indicators where a higher value is worse"), self.tr(
                "E.g. the unemployment rate: its top extreme is unfavourable.")),
            (self.HIGHER_IS_BETTER, self.tr("Indicators where a higher value is better"), self.tr(
                "E.g. the employment rate: its bottom extreme is unfavourable. Indicators in neither list take "
                "the catalogue's polarity; without one they are neutral: their extremes are listed on both sides "
                "but not counted as disadvantage."))])
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        for name, description, help_text in (
                (self.VARIANCE, self.tr("Variance decomposition"), self.tr(
                    "Per indicator n, number of parent units, eta squared (share of the variance between parent "
                    "units), sums of squares, the range of the parent means, the largest range within a parent "
                    "unit and in how many parent units the inner range exceeds the range of the means.")),
                (self.SPREAD, self.tr("Spread per parent unit"), self.tr(
                    "Per indicator and parent unit n, mean, minimum, maximum, range and standard deviation "
                    "(divided by n).")),
                (self.EXTREMES, self.tr("Extremes"), self.tr(
                    "Each area in the top or bottom share of an indicator, with parent unit, value, rank, side and "
                    "whether that side is unfavourable."))):
            self.add(QgsProcessingParameterFeatureSink(name, description, QgsProcessing.SourceType.TypeVector),
                     help_text)
        self.add(QgsProcessingParameterFeatureSink(self.CONCENTRATION, self.tr("Multiple disadvantage")), self.tr(
            "The areas with geometry and the number of indicators in their unfavourable extreme."))
        self.add(QgsProcessingParameterFeatureSink(
            self.CORRELATIONS, self.tr("Correlations"), QgsProcessing.SourceType.TypeVector), self.tr(
            "Pearson and Spearman coefficients for each pair of indicators with n and two-sided p-values."))
        self.add(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True), self.tr("A summary with the findings, tables and small charts."))

    def processAlgorithm(self, parameters, context, feedback):
        source = self.source(parameters, context)
        indicators = self.field_names(parameters, self.INDICATORS, context)
        parent, key = self._guess_fields(parameters, context, feedback, source, indicators)
        name = self.parameterAsString(parameters, self.NAME_FIELD, context)
        catalogue = self.catalogue(parameters, context)
        rule = self.privacy_rule(parameters, context)
        polarities = self.polarities(parameters, context, self.POLARITIES, indicators, catalogue,
                                     self.HIGHER_IS_BETTER, self.HIGHER_IS_WORSE, fallback=NEUTRAL)
        with self.core_errors():
            signs = polarity_signs(polarities, catalogue, indicators)
        counts = [f for f in catalogue.count_fields() if source.fields().lookupField(f) >= 0]
        feedback.setProgressText(self.tr("Reading attributes"))
        frame = self.read_frame(source, indicators + [parent, key, name, rule.population_field] + counts, feedback,
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(20)
        with self.core_errors():
            result = compare_areas(frame, indicators, parent, self.parameterAsDouble(parameters, self.SHARE, context)
                                   / 100.0, signs, key, name, catalogue, rule, source.sourceName())
        self._log(result, indicators, feedback, catalogue, source.fields())
        feedback.setProgress(60)
        results = {output: self.write_sink(parameters, output, context, table, feedback=feedback,
                                           progress=(60 + 2.5 * n, 62.5 + 2.5 * n))
                   for n, (output, table) in enumerate((
                       (self.VARIANCE, result.variance.summary), (self.SPREAD, result.variance.by_parent),
                       (self.EXTREMES, result.extremes), (self.CORRELATIONS, result.correlations)))}
        results[self.CONCENTRATION] = self.write_sink(
            parameters, self.CONCENTRATION, context, result.concentration, source, feedback=feedback,
            source_fields=list(dict.fromkeys(f for f in (key, name, parent) if f)), progress=(70, 95))
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            results[self.REPORT] = write_text(report, result.html)
        feedback.setProgress(100)
        return results

    def _log(self, result, indicators, feedback, catalogue, fields):
        if result.suppressed:
            feedback.pushInfo(self.tr("{n} values suppressed (privacy rule) and left out.").format(
                n=result.suppressed))
        if result.all_zero and len(indicators) > 1:
            feedback.pushWarning(self.tr(
                "{n} areas have 0 in every indicator; tables often write 0 for 'no value', and such areas "
                "would count as extremes. Check the data.").format(n=result.all_zero))
        if not result.directional:
            feedback.pushWarning(self.tr("No indicator has a polarity, so no extreme counts as unfavourable; "
                                         "choose the indicators where a higher value is worse or better, or give "
                                         "a catalogue, for the multiple disadvantage count."))
        for row in result.variance.summary.itertuples(index=False):
            if row.n:
                feedback.pushInfo(self.tr("{indicator}: eta squared {eta} ({n} areas, {parents} parent units)").format(
                    indicator=self.field_label(row.indicator, catalogue, fields), eta=format_number(row.eta2, 3),
                    n=row.n, parents=row.parents))

    def _guess_fields(self, parameters, context, feedback, source, indicators):
        """Parent and key field as given, or, when empty or not in the layer, guessed like the dock's setup."""
        names = source.fields().names()
        parent = self.parent_field(parameters, context)
        key = self.parameterAsString(parameters, self.KEY_FIELD, context)
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
