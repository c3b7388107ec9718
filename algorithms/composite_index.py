"""sozialraum:compositeindex - "Sozialindex berechnen": status index, dynamics index and the 12 groups."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..adapter.index_style import renderer_for
from ..adapter.postgis import index_plan, run_index, store_table_style
from ..core import indices as ix
from ..core.classify import INDEX_SCHEMES, METHOD_BY_ID
from ..core.numbers import format_code
from .base import SozialraumAlgorithm

METHODS = (ix.ZSCORE, ix.MINMAX, ix.RANK)
SCHEMES = (ix.MSS_SCHEME,) + INDEX_SCHEMES  # the MSS scheme, then the methods of core.classify offered here
STYLE_KINDS = ("status", "dynamics", "group")


class CompositeIndex(SozialraumAlgorithm):
    INDICATORS = "INDICATORS"
    POLARITIES = "POLARITIES"
    HIGHER_IS_BETTER = "HIGHER_IS_BETTER"
    DYNAMICS_HIGHER_IS_BETTER = "DYNAMICS_HIGHER_IS_BETTER"
    WEIGHTS = "WEIGHTS"
    METHOD = "METHOD"
    SAMPLE_SD = "SAMPLE_SD"
    RESTANDARDISE = "RESTANDARDISE"
    REFERENCE_MIN_POPULATION = "REFERENCE_MIN_POPULATION"
    EXCLUDE_FIELD = "EXCLUDE_FIELD"
    EXCLUDE_KEYS = "EXCLUDE_KEYS"
    SCHEME = "SCHEME"
    CLASSES = "CLASSES"
    DYNAMICS = "DYNAMICS"
    EARLIER = "EARLIER"
    DYNAMICS_POLARITIES = "DYNAMICS_POLARITIES"
    STYLE_BY = "STYLE_BY"
    OUTPUT = "OUTPUT"

    def name(self):
        return "compositeindex"

    def displayName(self):  # noqa: N802
        return self.tr("Compute social index")

    def group(self):
        return self.tr("Indices and comparisons")

    def groupId(self):  # noqa: N802
        return "indices"

    def summary(self):
        return self.tr(
            "Combines several indicators into one index per social space, by default exactly as Berlin's "
            "Monitoring Soziale Stadtentwicklung (MSS) does: z-standardise each indicator with the mean and "
            "population standard deviation of the reference areas, add the z-values (with polarity and weight), "
            "z-standardise the sum again and classify it: hoch < -1, mittel -1 to +1, niedrig +1 to +1.5, sehr "
            "niedrig > +1.5. Positive values mean more disadvantage. Areas left out of the reference and areas "
            "with missing values still get values where their data allow; the field in_reference says which "
            "areas counted and reference_note why not.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter(types=(QgsProcessing.SourceType.TypeVector,), help_text=self.tr(
            "The layer with the indicator fields (it is not changed)."))
        self.add_fields_parameter(self.INDICATORS, self.tr("Status indicators"),
                                  self.tr("The fields the index is built from."))
        self.add_polarity_parameters(self.POLARITIES, self.tr(
            "For models and scripts, instead of the choice above: one polarity per status indicator, separated by "
            "';', in the words of the indicator catalogue: higher_is_worse (or hoch_ist_schlecht, negativ, -) when "
            "a high value is unfavourable, higher_is_better (or hoch_ist_gut, positiv, +) when it is favourable. "
            "Given together with the choice, the run stops and asks to clear one of them."), [
            (self.HIGHER_IS_BETTER, self.tr("Status indicators where a higher value is better"), self.tr(
                "E.g. the employment rate. Every other status indicator takes its polarity from the indicator "
                "catalogue; without one a higher value counts as worse (unfavourable)."))])
        self.add_catalogue_parameter()
        self.add(QgsProcessingParameterString(self.WEIGHTS, self.tr("Weights"), optional=True), self.tr(
            "One number per indicator, separated by ';' (e.g. 1; 0,5; 2). Empty: equal weights."))
        self.add(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Standardisation"),
            options=[self.tr("z-score (MSS)"), self.tr("Min-max (0 to 1)"), self.tr("Percentile rank (0 to 1)")],
            defaultValue=0), self.tr("z-score (MSS), min-max (0 to 1) or percentile rank (0 to 1)."))
        self.add(QgsProcessingParameterBoolean(
            self.SAMPLE_SD, self.tr("Sample standard deviation (n-1)"), defaultValue=False),
            self.tr("Divide by n-1 instead of n (the MSS divides by n)."))
        self.add(QgsProcessingParameterBoolean(
            self.RESTANDARDISE, self.tr("Re-standardise the sum (MSS)"), defaultValue=True), self.tr(
            "z-standardise the weighted sum again (MSS step 3); otherwise the index is the weighted mean of the "
            "standardised values."))
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        self.parameterDefinition(self.POPULATION_FIELD).setHelp(self.tr(
            "Residents per area: for the minimum population of a reference area and for the privacy rule's "
            "minimum population (areas below it show no index values)."))
        self.add(QgsProcessingParameterNumber(
            self.REFERENCE_MIN_POPULATION, self.tr("Minimum population of a reference area"),
            type=QgsProcessingParameterNumber.Type.Integer, minValue=0, defaultValue=300), self.tr(
            "Areas with fewer residents are left out of the reference statistics (MSS: 300); they still get "
            "index values."))
        self.add(QgsProcessingParameterField(
            self.EXCLUDE_FIELD, self.tr("Exclusion field"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("Areas where this field is 1, true, ja or x are left out of the reference too."))
        self.add_key_parameter(help_text=self.tr("The area key, for the list below."))
        self.add(QgsProcessingParameterString(
            self.EXCLUDE_KEYS, self.tr("Keys to leave out of the reference"), optional=True),
            self.tr("Area keys separated by ';'."))
        self.add(QgsProcessingParameterEnum(
            self.SCHEME, self.tr("Class scheme"),
            options=[self.tr("MSS (hoch / mittel / niedrig / sehr niedrig at -1 / +1 / +1.5)")]
            + [self.tr(METHOD_BY_ID[m].title) for m in INDEX_SCHEMES], defaultValue=0),
            self.tr("The MSS scheme, or a classification method whose breaks are computed from the reference areas."))
        self.add(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=2, maxValue=12, defaultValue=5), self.tr(
            "For the classification methods (the MSS scheme has 4 status and 3 dynamics classes)."))
        self.add_fields_parameter(self.DYNAMICS, self.tr("Dynamics indicators (change fields)"), self.tr(
            "E.g. change in percentage points over two years. The dynamics index is built the same way and "
            "classed positiv < -1, stabil -1 to +1, negativ > +1; status and dynamics classes combine into 12 "
            "groups."), optional=True)
        self.add_fields_parameter(self.EARLIER, self.tr("Earlier values of the status indicators"), self.tr(
            "Instead of change fields, the same indicators for an earlier year, in the same order as the status "
            "indicators; the change is status minus earlier value."), optional=True)
        self.add_polarity_parameters(self.DYNAMICS_POLARITIES, self.tr(
            "As the polarities as text, for the dynamics indicators (with earlier values: one per status "
            "indicator)."), [
            (self.DYNAMICS_HIGHER_IS_BETTER, self.tr("Dynamics indicators where a rise is better"), self.tr(
                "Change fields where an increase is favourable (with earlier values: the status or earlier fields "
                "concerned). Every other one takes the catalogue's polarity, else a rise counts as worse. Left "
                "empty with earlier values: the polarities of the status indicators."))],
            text_description=self.tr("Dynamics polarities as text"))
        self.add(QgsProcessingParameterEnum(
            self.STYLE_BY, self.tr("Style by"),
            options=[self.tr("Status class"), self.tr("Dynamics class"), self.tr("Status x dynamics group")],
            defaultValue=0),
            self.tr("Which class the output is coloured by (status class, dynamics class or the 12 groups)."))
        self.add(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Social index")), self.tr(
            "The input fields plus z_<indicator>, status_sum, status_index, status_class, status_level (1 hoch to "
            "4 sehr niedrig) and, with dynamics, zd_<indicator>, dyn_sum, dyn_index, dyn_class, group_code (e.g. "
            "2+/-) and group_label. A .qml style is written beside file outputs."))

    def _spec(self, parameters, context, rule, catalogue):
        text = lambda name: self.parameterAsString(parameters, name, context)  # noqa: E731
        fields = lambda name: tuple(self.field_names(parameters, name, context))  # noqa: E731
        indicators, dynamics, earlier = fields(self.INDICATORS), fields(self.DYNAMICS), fields(self.EARLIER)
        # with earlier values, a dynamics polarity stands for the status field and its earlier field alike
        changes = list(zip(indicators, earlier)) if earlier and not dynamics else dynamics
        return ix.IndexSpec(
            indicators=indicators, weights=text(self.WEIGHTS),
            polarities=self.polarities(parameters, context, self.POLARITIES, indicators, catalogue,
                                       better=self.HIGHER_IS_BETTER),
            dynamics_polarities=self.polarities(parameters, context, self.DYNAMICS_POLARITIES, changes, catalogue,
                                                better=self.DYNAMICS_HIGHER_IS_BETTER),
            method=METHODS[self.parameterAsEnum(parameters, self.METHOD, context)],
            ddof=1 if self.parameterAsBool(parameters, self.SAMPLE_SD, context) else 0,
            restandardise=self.parameterAsBool(parameters, self.RESTANDARDISE, context),
            population_field=rule.population_field,
            reference_min_population=self.parameterAsDouble(parameters, self.REFERENCE_MIN_POPULATION, context),
            exclude_field=text(self.EXCLUDE_FIELD), key_field=text(self.KEY_FIELD),
            exclude_keys=text(self.EXCLUDE_KEYS),
            scheme=SCHEMES[self.parameterAsEnum(parameters, self.SCHEME, context)],
            classes=self.parameterAsInt(parameters, self.CLASSES, context), dynamics=dynamics, earlier=earlier,
            style_by=STYLE_KINDS[self.parameterAsEnum(parameters, self.STYLE_BY, context)])

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.source(parameters, context)
        catalogue = self.catalogue(parameters, context)
        rule = self.privacy_rule(parameters, context)
        spec = self._spec(parameters, context, rule, catalogue)
        pushed = self._push_down(parameters, context, feedback, spec, catalogue, rule)
        if pushed is not None:
            return pushed
        feedback.setProgressText(self.tr("Reading attributes"))
        frame = self.read_frame(source, spec.fields(catalogue, source.fields().names()), feedback,
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(30)
        with self.core_errors():
            result = ix.social_index(frame, spec, catalogue, rule)
        self._log(result, source, feedback, catalogue)
        feedback.setProgress(50)
        out = result.hidden_inputs.join(result.table)
        keep = [f for f in source.fields().names() if f not in out.columns]
        geometry = QgsWkbTypes.geometryType(source.wkbType())
        renderer = renderer_for(result.style_kind, result.style_field, result.style_order, geometry) \
            if geometry != QgsWkbTypes.GeometryType.NullGeometry else None
        dest_id = self.write_sink(parameters, self.OUTPUT, context, out, source, renderer=renderer,
                                  feedback=feedback, progress=(50, 95), source_fields=keep)
        if dest_id is None:
            return {}
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id}

    def _push_down(self, parameters, context, feedback, spec, catalogue, rule):
        """The status index inside the database (adapter.postgis, core.sql_pushdown) when the areas and the output
        are PostGIS tables of one database: no area through Python. Returns the results, or None for the normal
        path (with areas in PostGIS, the log says why)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None or layer.providerType() != "postgres":
            return None
        with self.core_errors():
            push, why = index_plan(parameters.get(self.INPUT), layer, parameters.get(self.OUTPUT), spec, catalogue,
                                   rule, self.missing_codes(parameters, context))
        if push is None:
            feedback.pushInfo(self.tr("PostGIS push-down not used ({reason}): the index is computed in QGIS. It "
                                      "needs the areas and the output in one PostGIS database.").format(reason=why))
            return None
        with self.core_errors():
            counts = run_index(push, feedback)
        feedback.pushInfo(self.tr("Index computed inside the database (PostGIS push-down): no area was read into "
                                  "QGIS."))
        if counts["coded"]:
            codes = self.missing_codes(parameters, context)
            feedback.pushWarning(self.tr("{n} values were no-value codes ({codes}) and count as 'keine Angabe'.")
                                 .format(n=counts["coded"],
                                         codes="; ".join(format_code(c) for c in codes) or "Katalog"))
        if push.neutral:
            feedback.pushWarning(self.tr("{what}: no polarity for {fields}; a high value is taken as "
                                         "unfavourable.").format(what=self.tr("Status index"), fields=", ".join(
                                             self.field_label(f, catalogue, layer.fields()) for f in push.neutral)))
        if counts["zero"]:
            feedback.pushWarning(self.tr(
                "{n} reference areas have 0 in every indicator; tables often write 0 for 'no value'. If so, leave "
                "them out with the exclusion field or the key list.").format(n=counts["zero"]))
        feedback.pushInfo(self.tr("Reference areas: {n} of {total}; left out: {left}.").format(
            n=counts["reference"], total=counts["areas"], left=counts["areas"] - counts["reference"]))
        for reason, count in counts["reasons"] or []:
            feedback.pushInfo(f"  {reason}: {count}")
        classes = counts["classes"] or {}
        feedback.pushInfo(self.tr("Status classes of the reference areas: {counts}").format(
            counts=", ".join(f"{c} {int(classes.get(c, 0))}" for c in ix.STATUS_CLASSES)))
        geometry = QgsWkbTypes.geometryType(layer.wkbType())
        renderer = renderer_for("status", "status_class", ix.STATUS_CLASSES, geometry) \
            if geometry != QgsWkbTypes.GeometryType.NullGeometry and push.plan.source.geometry else None
        if renderer is not None:
            problem = store_table_style(push.output_uri, push.plan.output[1], renderer.clone())
            if problem:
                feedback.pushWarning(self.tr("Style not stored in the database: {reason}").format(reason=problem))
        destination = "postgres://" + push.output_uri
        self.register_file_output(parameters, self.OUTPUT, context, destination)
        self.on_load(context, destination, renderer=renderer)
        feedback.setProgress(100)
        return {self.OUTPUT: destination}

    def _log(self, result, source, feedback, catalogue):
        for what, neutral in ((self.tr("Status index"), result.neutral["status"]),
                              (self.tr("Dynamics index"), result.neutral["dynamics"])):
            if neutral:
                feedback.pushWarning(self.tr("{what}: no polarity for {fields}; a high value is taken as "
                                             "unfavourable.").format(what=what, fields=", ".join(
                                                 self.field_label(f, catalogue, source.fields()) for f in neutral)))
        if result.all_zero:
            feedback.pushWarning(self.tr(
                "{n} reference areas have 0 in every indicator; tables often write 0 for 'no value'. If so, leave "
                "them out with the exclusion field or the key list.").format(n=result.all_zero))
        reference, total = result.reference, len(result.table)
        feedback.pushInfo(self.tr("Reference areas: {n} of {total}; left out: {left}.").format(
            n=reference.count, total=total, left=total - reference.count))
        for reason, count in reference.reasons[~reference.mask].value_counts().items():
            feedback.pushInfo(f"  {reason}: {count}")
        feedback.pushInfo(self.tr("Status classes of the reference areas: {counts}").format(
            counts=result.class_counts(result.status_classes)))
        if result.dynamics_classes is not None:
            feedback.pushInfo(self.tr("Dynamics classes of the reference areas: {counts}").format(
                counts=result.class_counts(result.dynamics_classes)))
        if result.population_hidden:
            feedback.pushInfo(self.tr("{n} areas below the minimum population of the privacy rule show no index "
                                      "values.").format(n=result.population_hidden))
        if result.counts_hidden:
            feedback.pushInfo(self.tr("Small counts hidden by the privacy rule: {n} values.").format(
                n=result.counts_hidden))
        if result.secondary_hidden:
            feedback.pushInfo(self.tr("Hidden as well, so that no hidden value is the sum minus the visible ones "
                                      "(secondary suppression): {n} values.").format(n=result.secondary_hidden))
        replaced = [f for f in source.fields().names() if f in result.table.columns]
        if replaced:
            feedback.pushInfo(self.tr("Input fields replaced by new values: {fields}").format(
                fields=", ".join(replaced)))
