"""sozialraum:classify - "Indikator klassifizieren und darstellen": classes, fit measures, choropleth style."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
)

from ..adapter.symbology import apply_classification, field_styles, is_geopackage
from ..core.classify import (
    METHOD_BY_ID,
    REGISTRY,
    ClassificationError,
    classify_fields,
    parse_number_list,
    read_fields,
)
from .base import SozialraumAlgorithm, log_number, with_decimals


class ClassifyIndicator(SozialraumAlgorithm):
    FIELDS = "FIELDS"
    METHOD = "METHOD"
    CLASSES = "CLASSES"
    SAME_BREAKS = "SAME_BREAKS"
    MANUAL_BREAKS = "MANUAL_BREAKS"
    STEP = "STEP"
    HINGE = "HINGE"
    SD_INTERVAL = "SD_INTERVAL"
    PERCENTILES = "PERCENTILES"
    THRESHOLDS = "THRESHOLDS"
    STANDARDIZE = "STANDARDIZE"
    HEAD_LIMIT = "HEAD_LIMIT"
    LOG = "LOG"
    RAMP = "RAMP"
    SHOW_COUNTS = "SHOW_COUNTS"
    APPLY = "APPLY"
    SAVE_DEFAULT = "SAVE_DEFAULT"
    OUTPUT_QML = "OUTPUT_QML"
    BREAKS, COUNTS, GVF, ADCM, LOWER, NULL_COUNT, QML_FILES, DETAILS = (
        "BREAKS", "COUNTS", "GVF", "ADCM", "LOWER", "NULL_COUNT", "QML_FILES", "DETAILS")

    def __init__(self):
        super().__init__()
        self._to_apply = None  # (layer id, fields, styles) for postProcessAlgorithm (main thread)

    def name(self):
        return "classify"

    def displayName(self):  # noqa: N802
        return self.tr("Classify and symbolise indicator")

    def group(self):
        return self.tr("Maps")

    def groupId(self):  # noqa: N802
        return "maps"

    def summary(self):
        return self.tr(
            "Classifies one or more indicator fields, reports how well the classes fit and writes a print-ready "
            "choropleth style: German legend labels with unit (e.g. 5,0 – 10,0 %), colours by the indicator's "
            "polarity (dark red = unfavourable), a grey hatched class for empty and suppressed values, thin "
            "outlines. Results: BREAKS (upper class bounds as text '1.9;3.56;13.2', dot decimals, usable in the "
            "modeler and in 'manual breaks'), COUNTS ('104;137;...'), GVF (goodness of variance fit, 0-1), ADCM "
            "(sum of absolute deviations around class medians), LOWER (lower bound of class 1), NULL_COUNT, "
            "QML_FILES and DETAILS (JSON of every classification). With several fields and separate classes, "
            "BREAKS, COUNTS, GVF and ADCM are those of the first field.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add(QgsProcessingParameterVectorLayer(self.INPUT, self.tr("Layer"), [QgsProcessing.SourceType.TypeVector]),
                 self.tr("The social spaces. The layer itself is not changed; when it is loaded in the project and "
                         "'Apply' is on, its style is set (in a new named style: Layer Properties > Style lists the "
                         "previous one, so the change can be undone there)."))
        self.add_fields_parameter(self.FIELDS, self.tr("Indicator fields"), self.tr(
            "One or more fields. Text fields holding numbers (e.g. '12,5') are read as German numbers."),
            numeric=False)
        self.add(QgsProcessingParameterEnum(self.METHOD, self.tr("Method"), options=[
            self.tr(m.title) for m in REGISTRY], defaultValue=0), self.tr(
            "Exact natural breaks (optimal within-class variance for any number of values, unlike QGIS's Jenks "
            "which samples 3000 values), quantiles, equal interval, standard deviation (classes of 'SD interval' "
            "around the mean), box map (quartiles and outliers beyond 'hinge' x IQR, as in GeoDa), pretty breaks "
            "(R's pretty), head/tail breaks, percentiles, manual breaks, z-scores with the MSS thresholds "
            "(-1 / +1 / +1.5) or equal-width groups of a given step."))
        self.add(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=1, maxValue=100, defaultValue=5), self.tr(
            "For natural breaks, quantiles, equal interval, standard deviation and pretty breaks (maximum for "
            "head/tail); the box map always has 6, percentiles and z-scores one more than their thresholds."))
        self.add(QgsProcessingParameterBoolean(
            self.SAME_BREAKS, self.tr("Same breaks for all fields (series)"), defaultValue=True), self.tr(
            "One classification for all selected fields (a series of years or a group of indicators), so the maps "
            "can be compared. Otherwise each field is classified alone."))
        self.add_catalogue_parameter()
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        advanced = [
            (QgsProcessingParameterString(self.MANUAL_BREAKS, self.tr("Manual breaks (upper bounds, separated by ';')"),
                                          optional=True), self.tr("E.g. 5;10;20.")),
            (with_decimals(QgsProcessingParameterNumber(self.STEP, self.tr("Step (equal-width groups)"),
                                                        type=QgsProcessingParameterNumber.Type.Double, minValue=0,
                                                        defaultValue=0), 2),
             self.tr("Class width of equal-width groups.")),
            (QgsProcessingParameterEnum(self.HINGE, self.tr("Box map hinge"), options=["1.5", "3.0"], defaultValue=0),
             self.tr("Box map: outliers lie more than this many interquartile ranges beyond the quartiles.")),
            (with_decimals(QgsProcessingParameterNumber(
                self.SD_INTERVAL, self.tr("SD interval (standard deviations per class)"),
                type=QgsProcessingParameterNumber.Type.Double, minValue=0.01, defaultValue=1.0), 2),
             self.tr("Standard deviation classes: width of a class in standard deviations.")),
            (QgsProcessingParameterString(self.PERCENTILES, self.tr("Percentiles (separated by ';')"),
                                          defaultValue="1;10;50;90;99"),
             self.tr("Percentile classes: the percentiles that bound the classes.")),
            (QgsProcessingParameterString(self.THRESHOLDS, self.tr("z thresholds (separated by ';')"),
                                          defaultValue="-1;1;1.5"),
             self.tr("z scheme: class bounds in standard deviations (MSS: -1; 1; 1,5).")),
            (QgsProcessingParameterBoolean(self.STANDARDIZE, self.tr("Standardise to z-scores first"),
                                           defaultValue=True),
             self.tr("z-transform the values first (population SD); off when the field already holds z-scores.")),
            (with_decimals(QgsProcessingParameterNumber(self.HEAD_LIMIT, self.tr("Head limit (head/tail breaks)"),
                                                        type=QgsProcessingParameterNumber.Type.Double, minValue=0.01,
                                                        maxValue=0.99, defaultValue=0.4), 2),
             self.tr("The largest share of values in the head for head/tail breaks.")),
            (QgsProcessingParameterBoolean(self.LOG, self.tr("Logarithmic (classify log10 of the values)"),
                                           defaultValue=False), self.tr("All values must be greater than 0.")),
            (QgsProcessingParameterString(self.RAMP, self.tr("Colour ramp (empty: by polarity)"), optional=True),
             self.tr("A ColorBrewer name (Reds, Blues, RdBu ...) or a ramp of the QGIS style.")),
        ]
        for parameter, help_text in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.add(parameter, help_text)
        self.add(QgsProcessingParameterBoolean(
            self.SHOW_COUNTS, self.tr("Show class counts in the legend"), defaultValue=False),
            self.tr("Adds the number of areas to each legend entry, e.g. '(12)'."))
        self.add(QgsProcessingParameterBoolean(
            self.APPLY, self.tr("Apply the style to the layer (when loaded in the project)"), defaultValue=True),
            self.tr("Sets the style as a new named style of the project's layer; its previous style stays "
                    "selectable."))
        self.add(QgsProcessingParameterBoolean(
            self.SAVE_DEFAULT, self.tr("Save as default style in the GeoPackage (changes the file)"),
            defaultValue=False), self.tr(
            "Also stores the style in the GeoPackage's layer_styles table as the layer's default. This changes the "
            "GeoPackage file, so it is off unless you ask."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_QML, self.tr("Style file"), fileFilter=self.tr("QGIS style (*.qml)")), self.tr(
            "The .qml written (with several fields and separate classes, one file per field: <name>_<field>.qml)."))
        self.addOutput(QgsProcessingOutputString(self.BREAKS, self.tr("Upper class bounds")))
        self.addOutput(QgsProcessingOutputString(self.COUNTS, self.tr("Values per class")))
        self.addOutput(QgsProcessingOutputNumber(self.GVF, self.tr("Goodness of variance fit")))
        self.addOutput(QgsProcessingOutputNumber(self.ADCM, self.tr("Absolute deviation around class medians")))
        self.addOutput(QgsProcessingOutputNumber(self.LOWER, self.tr("Lower bound of class 1")))
        self.addOutput(QgsProcessingOutputNumber(self.NULL_COUNT, self.tr("Empty or suppressed values")))
        self.addOutput(QgsProcessingOutputString(self.QML_FILES, self.tr("Style files")))
        self.addOutput(QgsProcessingOutputString(self.DETAILS, self.tr("Classifications (JSON)")))

    # -----------------------------------------------------------------------------------------

    def _method_params(self, method, parameters, context):
        try:
            if method == "manual":
                breaks = parse_number_list(self.parameterAsString(parameters, self.MANUAL_BREAKS, context))
                if not breaks:
                    raise QgsProcessingException(self.tr(
                        "Manual breaks: please give the upper class bounds, separated by ';' (e.g. 5;10;20)."))
                return {"breaks": breaks}
            if method == "step":
                step = self.parameterAsDouble(parameters, self.STEP, context)
                if not step > 0:
                    raise QgsProcessingException(self.tr(
                        "Equal-width groups: please give a step greater than 0."))
                return {"step": step}
            if method == "boxmap":
                return {"hinge": (1.5, 3.0)[self.parameterAsEnum(parameters, self.HINGE, context)]}
            if method == "stddev":
                return {"interval": self.parameterAsDouble(parameters, self.SD_INTERVAL, context)}
            if method == "percentile":
                return {"percentiles": parse_number_list(self.parameterAsString(parameters, self.PERCENTILES, context))
                        or [1, 10, 50, 90, 99]}
            if method == "zscore":
                return {"thresholds": parse_number_list(self.parameterAsString(parameters, self.THRESHOLDS, context))
                        or [-1, 1, 1.5],
                        "standardize": self.parameterAsBool(parameters, self.STANDARDIZE, context)}
            if method == "headtail":
                return {"head_limit": self.parameterAsDouble(parameters, self.HEAD_LIMIT, context)}
        except ClassificationError as error:
            raise QgsProcessingException(str(error)) from None
        return {}

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer, save_default = self._layer(parameters, context)
        fields = self.field_names(parameters, self.FIELDS, context)
        method = REGISTRY[self.parameterAsEnum(parameters, self.METHOD, context)].id
        catalogue, rule = self.catalogue(parameters, context), self.privacy_rule(parameters, context)
        feedback.pushInfo(self.tr("Reading {count} features of {layer}").format(
            count=layer.featureCount(), layer=layer.name()))
        frame = self.read_frame(layer, read_fields(catalogue, fields, rule.population_field), feedback,
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(20)
        text_fields = [f for f in fields if not layer.fields().field(f).isNumeric()]
        with self.core_errors():
            result = classify_fields(frame, fields, method, self.parameterAsInt(parameters, self.CLASSES, context),
                                     self.parameterAsBool(parameters, self.SAME_BREAKS, context), text_fields,
                                     catalogue, rule, log=self.parameterAsBool(parameters, self.LOG, context),
                                     **self._method_params(method, parameters, context))
        self._log(result, feedback, catalogue, layer.fields())
        feedback.setProgress(60)
        try:
            qml_files, styles = field_styles(
                layer, result, catalogue, rule, self.parameterAsFileOutput(parameters, self.OUTPUT_QML, context),
                self.parameterAsString(parameters, self.RAMP, context) or None,
                self.parameterAsBool(parameters, self.SHOW_COUNTS, context), save_default)
        except (OSError, ValueError) as error:
            raise QgsProcessingException(str(error)) from None
        if save_default:
            feedback.pushInfo(self.tr("Style saved as default style in {source}.").format(source=layer.source()))
        self._to_apply = (layer.id(), list(fields), styles) \
            if self.parameterAsBool(parameters, self.APPLY, context) else None
        first = result.classifications[fields[0]]
        feedback.setProgress(100)
        return {self.BREAKS: first.breaks_text(), self.COUNTS: ";".join(str(n) for n in first.counts),
                self.GVF: first.gvf, self.ADCM: first.adcm, self.LOWER: first.lower, self.NULL_COUNT: first.null_count,
                self.OUTPUT_QML: qml_files[0], self.QML_FILES: ";".join(qml_files), self.DETAILS: result.details_json()}

    def _layer(self, parameters, context):
        """(the layer to classify, whether to save the style as its GeoPackage default)."""
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        save_default = self.parameterAsBool(parameters, self.SAVE_DEFAULT, context)
        if save_default and not is_geopackage(layer):
            raise QgsProcessingException(self.tr(
                "Layer {name} is not a GeoPackage layer: the style can only be saved as a .qml file. Please "
                "switch off 'Save as default style in the GeoPackage'.").format(name=layer.name()))
        return layer, save_default

    def _log(self, result, feedback, catalogue, fields):
        name = {field: self.field_label(field, catalogue, fields) for field in result.fields}
        for field in result.fields:
            if field in result.parsed:
                feedback.pushInfo(self.tr("Field {field} is a text field: {count} values read as numbers.").format(
                    field=name[field], count=result.parsed[field]))
            if result.suppressed[field]:
                feedback.pushInfo(self.tr("{field}: {count} values suppressed (small counts).").format(
                    field=name[field], count=result.suppressed[field]))
        for field in result.fields:
            c = result.classifications[field]
            method = METHOD_BY_ID[c.method].title if c.method in METHOD_BY_ID else c.method
            feedback.pushInfo(self.tr("{field}: {method}, {classes} classes, upper bounds {breaks}, counts {counts}, "
                                      "GVF {gvf}, ADCM {adcm}, empty or suppressed {nulls}").format(
                field=name[field], method=self.tr(method), classes=c.classes,
                breaks="; ".join(log_number(b, 6) for b in c.breaks),
                counts="; ".join(str(n) for n in result.counts(field)), gvf=log_number(c.gvf),
                adcm=log_number(c.adcm), nulls=result.null_count(field)))
            for note in c.notes:
                feedback.pushWarning(f"{name[field]}: {note}")

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802, ARG002 (QGIS API)
        """In the main thread: set the style on the project's layer (one named style per field)."""
        if self._to_apply:
            layer_id, fields, renderers = self._to_apply
            layer = QgsProject.instance().mapLayer(layer_id)
            if layer is not None:
                for field in reversed(fields):  # the first field's style ends up current
                    classification, indicator, kwargs = renderers[field]
                    apply_classification(layer, field, classification, indicator, **kwargs)
                feedback.pushInfo(self.tr("Style applied to layer {name}.").format(name=layer.name()))
        self._to_apply = None
        return {}

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading
