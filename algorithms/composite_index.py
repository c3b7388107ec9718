"""sozialraum:compositeindex - "Sozialindex berechnen": status index, dynamics index and the 12 groups."""
import os

import numpy as np
import pandas as pd
from qgis.core import (QgsFeature, QgsFeatureSink, QgsFields, QgsProcessing, QgsProcessingException,
                       QgsProcessingParameterBoolean, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterNumber, QgsProcessingParameterString,
                       QgsMemoryProviderUtils, QgsWkbTypes)

from ..core import indices as ix
from ..core.catalogue import CatalogueError, read_catalogue
from ..adapter.layers import qgs_field_for, source_to_frame
from ..adapter.settings import rule_from_settings
from .base import SozialraumAlgorithm


def plain_rows(frame):
    """Rows as lists of plain Python values (None for NaN), converted column-wise, not cell by cell."""
    columns = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column):
            column = column.astype(int)
        values = column.astype(object).where(column.notna(), None)
        columns.append(values.tolist())
    return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(frame))]

METHODS = (ix.ZSCORE, ix.MINMAX, ix.RANK)
# class schemes: the MSS scheme, then methods of core.classify (ids as that module names them)
SCHEMES = (ix.MSS_SCHEME, "quantile", "equal", "jenks", "stddev", "boxmap", "pretty", "headtail")
STYLE_KINDS = ("status", "dynamics", "group")


def output_names(indicators, dynamics):
    """Names of the fields the algorithm adds (z-values first, then sum, index, class)."""
    names = [f"z_{i}" for i in indicators] + ["status_sum", "status_index", "status_class", "status_level"]
    if dynamics:
        names += [f"zd_{i}" for i in dynamics] + ["dyn_sum", "dyn_index", "dyn_class", "group_code", "group_label"]
    return names + ["in_reference", "reference_note"]


class CompositeIndex(SozialraumAlgorithm):
    INPUT = "INPUT"
    INDICATORS = "INDICATORS"
    POLARITIES = "POLARITIES"
    CATALOGUE = "CATALOGUE"
    WEIGHTS = "WEIGHTS"
    METHOD = "METHOD"
    SAMPLE_SD = "SAMPLE_SD"
    RESTANDARDISE = "RESTANDARDISE"
    POPULATION_FIELD = "POPULATION_FIELD"
    MIN_POPULATION = "MIN_POPULATION"
    EXCLUDE_FIELD = "EXCLUDE_FIELD"
    KEY_FIELD = "KEY_FIELD"
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

    def displayName(self):
        return self.tr("Compute social index")

    def group(self):
        return self.tr("Indices and comparisons")

    def groupId(self):
        return "indices"

    def shortHelpString(self):
        return self.tr(
            "Combines several indicators into one index per social space, by default exactly as Berlin's "
            "Monitoring Soziale Stadtentwicklung (MSS) does: z-standardise each indicator with the mean and "
            "population standard deviation of the reference areas, add the z-values (with polarity and weight), "
            "z-standardise the sum again and classify it: hoch < -1, mittel -1 to +1, niedrig +1 to +1.5, sehr "
            "niedrig > +1.5. Positive values mean more disadvantage.\n\n"
            "Social spaces: the layer with the indicator fields (it is not changed).\n"
            "Status indicators: the fields the index is built from.\n"
            "Polarities: one per indicator, separated by ';', in the words of the indicator catalogue: "
            "higher_is_worse (or hoch_ist_schlecht, negativ, -) when a high value is unfavourable, "
            "higher_is_better (or hoch_ist_gut, positiv, +) when it is favourable. Empty: taken from the "
            "indicator catalogue; indicators without a polarity count as higher_is_worse.\n"
            "Indicator catalogue: CSV with the polarity of each indicator (optional).\n"
            "Weights: one number per indicator, separated by ';' (e.g. 1; 0,5; 2). Empty: equal weights.\n"
            "Standardisation: z-score (MSS), min-max (0 to 1) or percentile rank (0 to 1).\n"
            "Sample standard deviation (n-1): divide by n-1 instead of n (the MSS divides by n).\n"
            "Re-standardise the sum (MSS): z-standardise the weighted sum again (MSS step 3); otherwise the "
            "index is the weighted mean of the standardised values.\n"
            "Population field: residents per area (optional).\n"
            "Minimum population of a reference area: areas with fewer residents are left out of the reference "
            "statistics (MSS: 300).\n"
            "Exclusion field: areas where this field is 1, true, ja or x are left out of the reference too.\n"
            "Key field: the area key, for the list below.\n"
            "Keys to leave out of the reference: area keys separated by ';'.\n"
            "Areas left out of the reference and areas with missing values still get values where their data "
            "allow; the field in_reference says which areas counted and reference_note why not.\n"
            "Class scheme: the MSS scheme, or a classification method whose breaks are computed from the "
            "reference areas.\n"
            "Number of classes: for the classification methods (the MSS scheme has 4 status and 3 dynamics "
            "classes).\n"
            "Dynamics indicators (change fields): e.g. change in percentage points over two years. The dynamics "
            "index is built the same way and classed positiv < -1, stabil -1 to +1, negativ > +1; status and "
            "dynamics classes combine into 12 groups.\n"
            "Earlier values of the status indicators: instead of change fields, the same indicators for an "
            "earlier year, in the same order as the status indicators; the change is status minus earlier value.\n"
            "Dynamics polarities: as above, for the dynamics indicators (with earlier values: those of the "
            "status indicators).\n"
            "Style by: which class the output is coloured by (status class, dynamics class or the 12 groups).\n"
            "Social index: the input fields plus z_<indicator>, status_sum, status_index, status_class, "
            "status_level (1 hoch to 4 sehr niedrig) and, with dynamics, zd_<indicator>, dyn_sum, dyn_index, "
            "dyn_class, group_code (e.g. 2+/-) and group_label. A .qml style is written beside file outputs.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(QgsProcessingParameterField(
            self.INDICATORS, self.tr("Status indicators"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True))
        self.addParameter(QgsProcessingParameterString(
            self.POLARITIES, self.tr("Polarities"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.WEIGHTS, self.tr("Weights"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Standardisation"),
            options=[self.tr("z-score (MSS)"), self.tr("Min-max (0 to 1)"), self.tr("Percentile rank (0 to 1)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SAMPLE_SD, self.tr("Sample standard deviation (n-1)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.RESTANDARDISE, self.tr("Re-standardise the sum (MSS)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterField(
            self.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_POPULATION, self.tr("Minimum population of a reference area"),
            type=QgsProcessingParameterNumber.Type.Integer, minValue=0, defaultValue=300))
        self.addParameter(QgsProcessingParameterField(
            self.EXCLUDE_FIELD, self.tr("Exclusion field"),
            parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.KEY_FIELD, self.tr("Key field"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.EXCLUDE_KEYS, self.tr("Keys to leave out of the reference"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.SCHEME, self.tr("Class scheme"),
            options=[self.tr("MSS (hoch / mittel / niedrig / sehr niedrig at -1 / +1 / +1.5)"),
                     self.tr("Quantiles"), self.tr("Equal interval"), self.tr("Natural breaks (exact)"),
                     self.tr("Standard deviation"), self.tr("Box map"), self.tr("Pretty breaks"),
                     self.tr("Head/tail breaks")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=2, maxValue=12, defaultValue=5))
        self.addParameter(QgsProcessingParameterField(
            self.DYNAMICS, self.tr("Dynamics indicators (change fields)"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.EARLIER, self.tr("Earlier values of the status indicators"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.DataType.Numeric,
            allowMultiple=True, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DYNAMICS_POLARITIES, self.tr("Dynamics polarities"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.STYLE_BY, self.tr("Style by"),
            options=[self.tr("Status class"), self.tr("Dynamics class"), self.tr("Status x dynamics group")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Social index")))

    # --- helpers -------------------------------------------------------------------------------------

    def _signs(self, text, catalogue, indicators, feedback, what):
        try:
            signs = ix.parse_signs(text, len(indicators))
        except ix.SocialIndexError as error:
            raise QgsProcessingException(str(error)) from None
        if signs is not None:
            return signs
        signs, neutral = ix.signs_from_catalogue(catalogue, indicators)
        if neutral:
            feedback.pushWarning(self.tr("{what}: no polarity for {fields}; a high value is taken as unfavourable.")
                                 .format(what=what, fields=", ".join(neutral)))
        return signs

    def processAlgorithm(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        indicators = self.parameterAsFields(parameters, self.INDICATORS, context)
        dynamics = self.parameterAsFields(parameters, self.DYNAMICS, context)
        earlier = self.parameterAsFields(parameters, self.EARLIER, context)
        if dynamics and earlier:
            raise QgsProcessingException(self.tr(
                "Give either dynamics indicators (change fields) or earlier values, not both."))
        if earlier and len(earlier) != len(indicators):
            raise QgsProcessingException(self.tr(
                "{n} earlier value fields for {m} status indicators: give one earlier field per status "
                "indicator, in the same order.").format(n=len(earlier), m=len(indicators)))
        catalogue = None
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        if catalogue_path:
            try:
                catalogue = read_catalogue(catalogue_path)
            except CatalogueError as error:
                raise QgsProcessingException(str(error)) from None
        signs = self._signs(self.parameterAsString(parameters, self.POLARITIES, context), catalogue, indicators,
                            feedback, self.tr("Status index"))
        try:
            weights = ix.parse_weights(self.parameterAsString(parameters, self.WEIGHTS, context), len(indicators))
        except ix.SocialIndexError as error:
            raise QgsProcessingException(str(error)) from None
        method = METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]
        ddof = 1 if self.parameterAsBool(parameters, self.SAMPLE_SD, context) else 0
        restandardise = self.parameterAsBool(parameters, self.RESTANDARDISE, context)
        population_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        min_population = self.parameterAsDouble(parameters, self.MIN_POPULATION, context)
        exclude_field = self.parameterAsString(parameters, self.EXCLUDE_FIELD, context)
        key_field = self.parameterAsString(parameters, self.KEY_FIELD, context)
        exclude_keys = ix.parse_list(self.parameterAsString(parameters, self.EXCLUDE_KEYS, context))
        scheme = SCHEMES[self.parameterAsEnum(parameters, self.SCHEME, context)]
        classes = self.parameterAsInt(parameters, self.CLASSES, context)
        style_by = STYLE_KINDS[self.parameterAsEnum(parameters, self.STYLE_BY, context)]

        source_names = set(source.fields().names())
        counts = [part for name in indicators + dynamics + earlier if catalogue is not None and catalogue.get(name)
                  for part in (catalogue.get(name).numerator, catalogue.get(name).denominator)
                  if part and part in source_names]
        wanted = list(dict.fromkeys(indicators + dynamics + earlier + counts
                                    + [f for f in (population_field, exclude_field, key_field) if f]))
        feedback.setProgressText(self.tr("Reading attributes"))
        frame = source_to_frame(source, wanted)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(30)

        dynamic_fields, dynamic_signs = [], []
        if earlier:
            for status_field, earlier_field in zip(indicators, earlier):
                name = f"chg_{status_field}"
                frame[name] = frame[status_field] - frame[earlier_field]
                dynamic_fields.append(name)
            dynamic_signs = self._signs(self.parameterAsString(parameters, self.DYNAMICS_POLARITIES, context),
                                        None, dynamic_fields, feedback, self.tr("Dynamics index")) \
                if self.parameterAsString(parameters, self.DYNAMICS_POLARITIES, context) else list(signs)
        elif dynamics:
            dynamic_fields = list(dynamics)
            dynamic_signs = self._signs(self.parameterAsString(parameters, self.DYNAMICS_POLARITIES, context),
                                        catalogue, dynamic_fields, feedback, self.tr("Dynamics index"))

        try:
            every = indicators + dynamic_fields
            reference = ix.reference_areas(frame, every, population_field, min_population, exclude_field,
                                           key_field, exclude_keys)
            zeros = int(ix.all_zero_areas(frame, every, reference.mask).sum())
            if zeros:
                feedback.pushWarning(self.tr(
                    "{n} reference areas have 0 in every indicator; tables often write 0 for 'no value'. "
                    "If so, leave them out with the exclusion field or the key list.").format(n=zeros))
            status = ix.composite_index(frame, indicators, signs, weights, reference, method, ddof, restandardise)
            status_classes = ix.classify_index(status.index, reference, scheme, classes, "status")
            dyn = dyn_classes = None
            if dynamic_fields:
                dyn_weights = weights if earlier else None  # change fields: equal weights
                dyn = ix.composite_index(frame, dynamic_fields, dynamic_signs, dyn_weights, reference, method, ddof,
                                         restandardise)
                dyn_classes = ix.classify_index(dyn.index, reference, scheme, classes, "dynamics")
        except ix.SocialIndexError as error:
            raise QgsProcessingException(str(error)) from None
        feedback.pushInfo(self.tr("Reference areas: {n} of {total}; left out: {left}.").format(
            n=reference.count, total=len(frame), left=len(frame) - reference.count))
        for reason, count in reference.reasons[~reference.mask].value_counts().items():
            feedback.pushInfo(f"  {reason}: {count}")
        inside = reference.mask.to_numpy()
        feedback.pushInfo(self.tr("Status classes of the reference areas: {counts}").format(
            counts=", ".join(f"{c} {int((status_classes.labels[inside] == c).sum())}" for c in status_classes.order)))
        if dyn is not None:
            feedback.pushInfo(self.tr("Dynamics classes of the reference areas: {counts}").format(
                counts=", ".join(f"{c} {int((dyn_classes.labels[inside] == c).sum())}" for c in dyn_classes.order)))
        feedback.setProgress(50)

        out = pd.DataFrame(index=frame.index)
        for indicator in indicators:
            out[f"z_{indicator}"] = status.z[indicator]
        out["status_sum"] = status.total
        out["status_index"] = status.index
        out["status_class"] = status_classes.labels
        if scheme == ix.MSS_SCHEME:
            out["status_level"] = ix.status_level(status_classes.labels)
        else:
            position = {label: i + 1 for i, label in enumerate(status_classes.order)}
            out["status_level"] = status_classes.labels.map(position).astype(float)
        if dyn is not None:
            for field in dynamic_fields:
                out[f"zd_{field}"] = dyn.z[field]
            out["dyn_sum"] = dyn.total
            out["dyn_index"] = dyn.index
            out["dyn_class"] = dyn_classes.labels
            if scheme == ix.MSS_SCHEME:
                code, label = ix.status_dynamics_group(status_classes.labels, dyn_classes.labels)
            else:
                code = label = pd.Series(None, index=frame.index, dtype=object)
            out["group_code"] = code
            out["group_label"] = label
        out["in_reference"] = reference.mask.astype(int)
        out["reference_note"] = reference.reasons
        hidden = self._suppressed(frame, population_field)
        if hidden.any():
            # privacy rule of the plugin settings: areas below the minimum population show no index values
            values = [c for c in out.columns if c not in ("in_reference", "reference_note")]
            out.loc[hidden, values] = np.nan
            out[values] = out[values].astype(object).where(out[values].notna(), None)
            out.loc[hidden, "reference_note"] = rule_from_settings(population_field).population_reason()
            feedback.pushInfo(self.tr("{n} areas below the minimum population of the privacy settings show no "
                                      "index values.").format(n=int(hidden.sum())))

        # privacy rule for small counts (plugin settings): a rate built on a small count and that count are
        # hidden in the copied input fields and in the z-value derived from them (z reveals the rate); the
        # index itself sums several indicators and stays, as in the official MSS tables
        small = self._small_counts(frame, catalogue, indicators + dynamic_fields + earlier + counts)
        for column in small.columns:
            hide = small[column].notna().to_numpy()
            for derived in (f"z_{column}", f"zd_{column}"):
                if hide.any() and derived in out.columns:
                    out[derived] = out[derived].astype(object).where(~hide, None)
        if small.notna().to_numpy().any():
            feedback.pushInfo(self.tr("Small counts hidden by the privacy settings: {n} values.").format(
                n=int(small.notna().to_numpy().sum())))

        input_fields = source.fields()
        replaced = [f.name() for f in input_fields if f.name() in out.columns]
        if replaced:
            feedback.pushInfo(self.tr("Input fields replaced by new values: {fields}").format(fields=", ".join(replaced)))
        keep = [i for i, f in enumerate(input_fields) if f.name() not in out.columns]
        fields = QgsFields()
        for i in keep:
            fields.append(input_fields.at(i))
        for column in out.columns:
            fields.append(qgs_field_for(out[column], column))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                             source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        rows = dict(zip(out.index, plain_rows(out)))
        empty = [None] * len(out.columns)
        position = {fields.indexOf(c): c for c in small.columns if fields.indexOf(c) >= 0}
        blanks = {fid: [i for i, c in position.items() if small.at[fid, c] is not None] for fid in small.index
                  if any(small.at[fid, c] is not None for c in position.values())}
        total = max(source.featureCount(), 1)
        for n, feature in enumerate(source.getFeatures()):
            if feedback.isCanceled():
                return {}
            attributes = feature.attributes()
            new = QgsFeature(fields)
            new.setGeometry(feature.geometry())
            values = [attributes[i] for i in keep] + rows.get(feature.id(), empty)
            for i in blanks.get(feature.id(), ()):
                values[i] = None
            new.setAttributes(values)
            sink.addFeature(new, QgsFeatureSink.Flag.FastInsert)
            if n % 500 == 0:
                feedback.setProgress(50 + 45 * n / total)

        if dyn is None:
            style_by = "status"
        if scheme != ix.MSS_SCHEME and style_by == "group":
            style_by = "status"  # the 12 groups exist only for the MSS scheme
        field_name = {"status": "status_class", "dynamics": "dyn_class", "group": "group_label"}[style_by]
        kind = style_by if scheme == ix.MSS_SCHEME else "ordered"
        order = dyn_classes.order if style_by == "dynamics" else status_classes.order
        self._style(dest_id, kind, field_name, order, fields, source, context, feedback)
        return {self.OUTPUT: dest_id}

    @staticmethod
    def _small_counts(frame, catalogue, columns):
        """Reasons (None = shown) for the indicator and count columns under the small-count rule."""
        from ..core.catalogue import Catalogue
        from ..core.privacy import suppression_mask

        columns = [c for c in dict.fromkeys(columns) if c in frame.columns]
        return suppression_mask(frame, catalogue or Catalogue(), rule_from_settings(), columns)

    @staticmethod
    def _suppressed(frame, population_field):
        """Areas hidden by the privacy rule (QgsSettings sozialraum_monitor/min_population)."""
        rule = rule_from_settings(population_field)
        if not population_field or not rule.min_population:
            return pd.Series(False, index=frame.index).to_numpy()
        population = pd.to_numeric(frame[population_field], errors="coerce")
        return (population < rule.min_population).to_numpy()

    def _style(self, dest_id, kind, field_name, order, fields, source, context, feedback):
        from ..adapter.index_style import RendererPostProcessor, renderer_for, write_qml

        geometry_type = QgsWkbTypes.geometryType(source.wkbType())
        if geometry_type not in (QgsWkbTypes.GeometryType.PolygonGeometry, QgsWkbTypes.GeometryType.LineGeometry,
                                 QgsWkbTypes.GeometryType.PointGeometry):
            return
        renderer = renderer_for(kind, field_name, order, geometry_type)
        if context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(RendererPostProcessor.create(renderer))
        path = dest_id.split("|")[0]
        if os.path.splitext(path)[1].lower() in (".gpkg", ".shp", ".geojson", ".fgb", ".sqlite", ".gml", ".kml"):
            # the sink is still open here: the style is built on an empty layer with the output's fields
            layer = QgsMemoryProviderUtils.createMemoryLayer("style", fields, source.wkbType(), source.sourceCrs())
            try:
                written = write_qml(path, layer, renderer)
                feedback.pushInfo(self.tr("Style written: {path}").format(path=written))
            except OSError as error:
                feedback.pushWarning(self.tr("Style file could not be written: {error}").format(error=error))
