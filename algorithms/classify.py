"""sozialraum:classify - "Indikator klassifizieren und darstellen": classes, fit measures, choropleth style."""
import json
import os

import numpy as np
import pandas as pd
from qgis.core import (QgsExpression, QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDefinition, QgsProcessingParameterEnum, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterString,
                       QgsProcessingParameterVectorLayer, QgsProject)

from ..core.catalogue import Catalogue, CatalogueError, read_catalogue
from ..core.classify import ClassificationError, classify, classify_series, parse_number_list
from ..adapter.layers import is_numeric_field, source_to_frame
from ..core.numbers import guess_decimal, parse_series
from ..core.privacy import DEFAULT_MIN_COUNT, SuppressionRule, apply_suppression
from ..adapter.symbology import (apply_classification, graduated_renderer, is_geopackage, style_name_for,
                              suppression_expression, write_qml)
from .base import SozialraumAlgorithm

METHOD_IDS = ("jenks", "quantile", "equal", "stddev", "boxmap", "pretty", "headtail", "percentile", "manual",
              "zscore", "step")


def _default_min_count():
    try:
        from ..adapter.settings import rule_from_settings

        return rule_from_settings().min_count
    except Exception:  # settings unreadable: the documented default
        return DEFAULT_MIN_COUNT


class ClassifyIndicator(SozialraumAlgorithm):
    INPUT = "INPUT"
    FIELDS = "FIELDS"
    METHOD = "METHOD"
    CLASSES = "CLASSES"
    SAME_BREAKS = "SAME_BREAKS"
    CATALOGUE = "CATALOGUE"
    MIN_COUNT = "MIN_COUNT"
    POPULATION_FIELD = "POPULATION_FIELD"
    MIN_POPULATION = "MIN_POPULATION"
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
        self._to_apply = None

    def name(self):
        return "classify"

    def displayName(self):
        return self.tr("Classify and symbolise indicator")

    def group(self):
        return self.tr("Maps")

    def groupId(self):
        return "maps"

    def shortHelpString(self):
        return self.tr(
            "Classifies one or more indicator fields, reports how well the classes fit and writes a print-ready "
            "choropleth style: German legend labels with unit (e.g. 5,0 – 10,0 %), colours by the indicator's "
            "polarity (dark red = unfavourable), a grey hatched class for empty and suppressed values, thin "
            "outlines.\n\n"
            "Layer (INPUT): the social spaces. The layer itself is not changed; when it is loaded in the project and "
            "'Apply' (APPLY) is on, its style is set (in a new named style: Layer Properties > Style lists the previous "
            "one, so the change can be undone there).\n"
            "Indicator fields (FIELDS): one or more fields. Text fields holding numbers (e.g. '12,5') are read as "
            "German numbers.\n"
            "Method (METHOD): exact natural breaks (optimal within-class variance for any number of values, unlike QGIS's "
            "Jenks which samples 3000 values), quantiles, equal interval, standard deviation (classes of 'SD "
            "interval' around the mean), box map (quartiles and outliers beyond 'hinge' x IQR, as in GeoDa), "
            "pretty breaks (R's pretty), head/tail breaks, percentiles, manual breaks, z-scores with the MSS "
            "thresholds (-1 / +1 / +1.5) or equal-width groups of a given step.\n"
            "Number of classes (CLASSES): for natural breaks, quantiles, equal interval, standard deviation and pretty "
            "breaks (maximum for head/tail); the box map always has 6, percentiles and z-scores one more than "
            "their thresholds.\n"
            "Same breaks for all fields (SAME_BREAKS): one classification for all selected fields (a series of years or a "
            "group of indicators), so the maps can be compared. Otherwise each field is classified alone.\n"
            "Indicator catalogue (CATALOGUE): CSV with label, unit, polarity and decimals per indicator, and the "
            "numerator/denominator of rates for suppression (optional).\n"
            "Minimum count (MIN_COUNT): counts between 1 and this value minus 1, and rates built from them, are suppressed "
            "and shown in the 'keine Angabe / unterdrückt' class (default from the plugin settings). Population "
            "field (POPULATION_FIELD) and minimum population (MIN_POPULATION): areas with fewer residents are suppressed too.\n"
            "Manual breaks (MANUAL_BREAKS): upper class bounds separated by ';' (e.g. 5;10;20). Step (STEP): class width of equal-width "
            "groups. Hinge (HINGE): 1.5 or 3.0. SD interval (SD_INTERVAL): class width in standard deviations. Percentiles (PERCENTILES): separated "
            "by ';' (default 1;10;50;90;99). z thresholds (THRESHOLDS): separated by ';' (default -1;1;1.5). Standardise (STANDARDIZE): "
            "z-transform the values first (population SD); off when the field already holds z-scores. Head "
            "limit (HEAD_LIMIT): the largest share of values in the head for head/tail breaks (default 0.4). Logarithmic (LOG): "
            "classify log10 of the values (all values must be greater than 0).\n"
            "Colour ramp (RAMP): a ColorBrewer name (Reds, Blues, RdBu ...) or a ramp of the QGIS style; empty: by "
            "polarity. Show class counts (SHOW_COUNTS): adds the number of areas to each legend entry, e.g. '(12)'.\n"
            "Save as default style in the GeoPackage (SAVE_DEFAULT): also stores the style in the GeoPackage's layer_styles "
            "table as the layer's default. This changes the GeoPackage file, so it is off unless you ask.\n"
            "Style file (OUTPUT_QML): the .qml written (with several fields and separate classes, one file per field: "
            "<name>_<field>.qml).\n\n"
            "Results: BREAKS (upper class bounds as text '1.9;3.56;13.2', dot decimals, usable in the "
            "modeler and in 'manual breaks'), COUNTS ('104;137;...'), GVF (goodness of variance fit, 0-1), ADCM "
            "(sum of absolute deviations around class medians), LOWER (lower bound of class 1), NULL_COUNT, "
            "QML_FILES and DETAILS (JSON of every classification). With several fields and separate classes, "
            "BREAKS, COUNTS, GVF and ADCM are those of the first field.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Layer"), [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Indicator fields"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Any, allowMultiple=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Method"), options=[
                self.tr("Natural breaks (exact)"), self.tr("Quantiles (equal count)"), self.tr("Equal interval"),
                self.tr("Standard deviation"), self.tr("Box map"), self.tr("Pretty breaks"),
                self.tr("Head/tail breaks"), self.tr("Percentiles"), self.tr("Manual breaks"),
                self.tr("z-scores, MSS thresholds"), self.tr("Equal-width groups (step)")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=1, maxValue=100, defaultValue=5))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SAME_BREAKS, self.tr("Same breaks for all fields (series)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue (CSV)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COUNT, self.tr("Minimum count (smaller counts are suppressed)"), minValue=0,
            defaultValue=_default_min_count()))
        advanced = [
            QgsProcessingParameterField(
                self.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=self.INPUT,
                type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            QgsProcessingParameterNumber(
                self.MIN_POPULATION, self.tr("Minimum population"), type=QgsProcessingParameterNumber.Type.Integer,
                minValue=0, defaultValue=0),
            QgsProcessingParameterString(self.MANUAL_BREAKS, self.tr("Manual breaks (upper bounds, separated by ';')"),
                                         optional=True),
            QgsProcessingParameterNumber(self.STEP, self.tr("Step (equal-width groups)"),
                                         type=QgsProcessingParameterNumber.Type.Double, minValue=0, defaultValue=0),
            QgsProcessingParameterEnum(self.HINGE, self.tr("Box map hinge"), options=["1.5", "3.0"], defaultValue=0),
            QgsProcessingParameterNumber(self.SD_INTERVAL, self.tr("SD interval (standard deviations per class)"),
                                         type=QgsProcessingParameterNumber.Type.Double, minValue=0.01,
                                         defaultValue=1.0),
            QgsProcessingParameterString(self.PERCENTILES, self.tr("Percentiles (separated by ';')"),
                                         defaultValue="1;10;50;90;99"),
            QgsProcessingParameterString(self.THRESHOLDS, self.tr("z thresholds (separated by ';')"),
                                         defaultValue="-1;1;1.5"),
            QgsProcessingParameterBoolean(self.STANDARDIZE, self.tr("Standardise to z-scores first"),
                                          defaultValue=True),
            QgsProcessingParameterNumber(self.HEAD_LIMIT, self.tr("Head limit (head/tail breaks)"),
                                         type=QgsProcessingParameterNumber.Type.Double, minValue=0.01,
                                         maxValue=0.99, defaultValue=0.4),
            QgsProcessingParameterBoolean(self.LOG, self.tr("Logarithmic (classify log10 of the values)"),
                                          defaultValue=False),
            QgsProcessingParameterString(self.RAMP, self.tr("Colour ramp (empty: by polarity)"), optional=True),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(QgsProcessingParameterBoolean(
            self.SHOW_COUNTS, self.tr("Show class counts in the legend"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.APPLY, self.tr("Apply the style to the layer (when loaded in the project)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SAVE_DEFAULT, self.tr("Save as default style in the GeoPackage (changes the file)"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_QML, self.tr("Style file"), fileFilter=self.tr("QGIS style (*.qml)")))
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

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.tr("The layer could not be loaded."))
        fields = self.parameterAsFields(parameters, self.FIELDS, context)
        if not fields:
            raise QgsProcessingException(self.tr("Please choose at least one indicator field."))
        method = METHOD_IDS[self.parameterAsEnum(parameters, self.METHOD, context)]
        classes = self.parameterAsInt(parameters, self.CLASSES, context)
        same = self.parameterAsBool(parameters, self.SAME_BREAKS, context)
        params = self._method_params(method, parameters, context)
        params["log"] = self.parameterAsBool(parameters, self.LOG, context)
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        try:
            catalogue = read_catalogue(catalogue_path) if catalogue_path else Catalogue()
        except CatalogueError as error:
            raise QgsProcessingException(str(error)) from None
        population_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context) or ""
        rule = SuppressionRule(min_count=self.parameterAsInt(parameters, self.MIN_COUNT, context),
                               min_population=self.parameterAsDouble(parameters, self.MIN_POPULATION, context),
                               population_field=population_field)
        ramp = self.parameterAsString(parameters, self.RAMP, context) or None
        show_counts = self.parameterAsBool(parameters, self.SHOW_COUNTS, context)
        qml_path = self.parameterAsFileOutput(parameters, self.OUTPUT_QML, context)
        save_default = self.parameterAsBool(parameters, self.SAVE_DEFAULT, context)
        if save_default and not is_geopackage(layer):
            raise QgsProcessingException(self.tr(
                "Layer {name} is not a GeoPackage layer: the style can only be saved as a .qml file. Please "
                "switch off 'Save as default style in the GeoPackage'.").format(name=layer.name()))

        # read the values (plus the counts suppression needs), suppress, parse text fields
        layer_fields = layer.fields()
        names = [f.name() for f in layer_fields]
        needed = list(fields)
        for field in fields:
            indicator = catalogue.get(field)
            if indicator is not None and indicator.is_rate:
                needed += [p for p in (indicator.numerator, indicator.denominator) if p in names]
        if population_field:
            needed.append(population_field)
        needed = list(dict.fromkeys(needed))
        feedback.pushInfo(self.tr("Reading {count} features of {layer}").format(
            count=layer.featureCount(), layer=layer.name()))
        frame = source_to_frame(layer, needed, feedback=feedback)
        if feedback.isCanceled():
            return {}
        value_expressions = {}
        for field in fields:
            if not is_numeric_field(layer_fields.field(field)):
                texts = frame[field]
                decimal = guess_decimal([t for t in texts.tolist() if t is not None])
                values, _reasons = parse_series(texts.astype(object), decimal)
                if values.notna().sum() == 0:
                    raise QgsProcessingException(self.tr(
                        "Field {field} is a text field without numbers. Please choose a numeric field or convert "
                        "the field first (Field calculator: to_real).").format(field=field))
                frame[field] = values
                ref = QgsExpression.quotedColumnRef(field)
                value_expressions[field] = (f"to_real(replace(replace({ref}, '.', ''), ',', '.'))" if decimal == ","
                                            else f"to_real({ref})")
                feedback.pushInfo(self.tr("Field {field} is a text field: {count} values read as numbers.").format(
                    field=field, count=int(values.notna().sum())))
        shown, reasons = apply_suppression(frame, catalogue, rule, columns=list(fields))
        for field in fields:
            hidden = int(reasons[field].notna().sum())
            if hidden:
                feedback.pushInfo(self.tr("{field}: {count} values suppressed (small counts).").format(
                    field=field, count=hidden))
        feedback.setProgress(40)

        arrays = {f: pd.to_numeric(shown[f], errors="coerce").to_numpy(dtype=float) for f in fields}
        try:
            if same or len(fields) == 1:
                shared = classify_series([arrays[f] for f in fields], method, classes, **params)
                classifications = {f: shared for f in fields}
            else:
                classifications = {}
                for field in fields:
                    if feedback.isCanceled():
                        return {}
                    classifications[field] = classify(arrays[field], method, classes, **params)
        except ClassificationError as error:
            raise QgsProcessingException(self.tr("Fields {fields}: {message}").format(
                fields=", ".join(fields), message=str(error))) from None
        feedback.setProgress(60)

        # styles: one .qml per field, written from a clone so the input layer stays untouched here
        qml_files, renderers = [], {}
        stem, _ext = os.path.splitext(qml_path)
        for number, field in enumerate(fields):
            if feedback.isCanceled():
                return {}
            classification = classifications[field]
            indicator = catalogue.indicator(field)
            per_map = np.bincount(classification.class_of(arrays[field])[~np.isnan(arrays[field])],
                                  minlength=classification.classes)
            kwargs = dict(ramp=ramp, show_counts=show_counts,
                          value_expression=value_expressions.get(field),
                          suppressed_expression=suppression_expression(field, catalogue, rule, names),
                          counts=tuple(int(c) for c in per_map),
                          null_count=int(np.isnan(arrays[field]).sum()))
            try:
                renderer = graduated_renderer(field, classification, indicator,
                                              geometry_type=layer.geometryType(), **kwargs)
            except ValueError as error:
                raise QgsProcessingException(str(error)) from None
            renderers[field] = (classification, indicator, kwargs)
            clone = layer.clone()
            clone.setRenderer(renderer)
            path = qml_path if number == 0 else f"{stem}_{field}.qml"
            try:
                write_qml(clone, path, save_default=save_default and number == 0,
                          style_name=f"Sozialraum {field}"[:30],  # GeoPackage: at most 30 characters
                          description=style_name_for(field, classification, indicator))
            except (OSError, ValueError) as error:
                raise QgsProcessingException(str(error)) from None
            qml_files.append(path)
            c = classification
            feedback.pushInfo(self.tr("{field}: {method}, {classes} classes, upper bounds {breaks}, counts {counts}, "
                                      "GVF {gvf}, ADCM {adcm}, empty or suppressed {nulls}").format(
                field=field, method=c.method, classes=c.classes, breaks=c.breaks_text("; "),
                counts="; ".join(str(n) for n in kwargs["counts"]), gvf=f"{c.gvf:.4f}", adcm=f"{c.adcm:.4g}",
                nulls=kwargs["null_count"]))
            for note in c.notes:
                feedback.pushWarning(f"{field}: {note}")
            feedback.setProgress(60 + 35 * (number + 1) / len(fields))
        if save_default:
            feedback.pushInfo(self.tr("Style saved as default style in {source}.").format(source=layer.source()))

        self._to_apply = None
        if self.parameterAsBool(parameters, self.APPLY, context):
            self._to_apply = (layer.id(), list(fields), renderers)

        first = classifications[fields[0]]
        details = {f: json.loads(classifications[f].to_json()) for f in fields}
        return {
            self.BREAKS: first.breaks_text(),
            self.COUNTS: ";".join(str(n) for n in first.counts),
            self.GVF: first.gvf,
            self.ADCM: first.adcm,
            self.LOWER: first.lower,
            self.NULL_COUNT: first.null_count,
            self.OUTPUT_QML: qml_files[0],
            self.QML_FILES: ";".join(qml_files),
            self.DETAILS: json.dumps(details, ensure_ascii=False),
        }

    def postProcessAlgorithm(self, context, feedback):
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
