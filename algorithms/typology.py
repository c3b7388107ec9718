"""sozialraum:typology - "Sozialraumtypen bilden": read -> core.typology.build_typology -> write (the layer with
the type of each area and its categorical style, the table of type names to edit, the HTML report)."""
import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..adapter.pattern_style import type_renderer
from ..core.files import write_text
from ..core.indices import parse_weights
from ..core.pattern_report import typology_html
from ..core.typology import SIZE, build_typology, read_type_names, write_type_names
from .base import SozialraumAlgorithm

FIELDS = {"typ": "Sozialraumtyp", "typname": "Name des Typs", "typ_grund": "Ohne Typ, weil"}


class Typology(SozialraumAlgorithm):
    INDICATORS, TYPES, WEIGHTS, ORDER_BY = "INDICATORS", "TYPES", "WEIGHTS", "ORDER_BY"
    REFINE, NAMES = "REFINE", "NAMES"
    OUTPUT, OUTPUT_NAMES, OUTPUT_REPORT = "OUTPUT", "OUTPUT_NAMES", "OUTPUT_REPORT"
    ELBOW, SILHOUETTE_K, EXPLAINED = "ELBOW", "SILHOUETTE_K", "EXPLAINED"

    def name(self):
        return "typology"

    def displayName(self):  # noqa: N802
        return self.tr("Form types of social spaces")

    def group(self):
        return self.tr("Spatial patterns")

    def groupId(self):  # noqa: N802
        return "patterns"

    def summary(self):
        return self.tr(
            "Groups the social spaces into types with similar indicator profiles (e.g. 'urban, poor, young'): "
            "hierarchical clustering after Ward of the z-standardised indicators, optionally refined by k-means. "
            "The report shows each type's profile (heat table and bars) and the figures for choosing the number "
            "of types (variance explained, elbow, silhouette). Same input, same types and numbers. Values hidden "
            "by the privacy rule are not clustered. The layer is not changed.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter()
        self.add_fields_parameter(self.INDICATORS, self.tr("Indicators"), self.tr(
            "The numeric fields the types are formed from; each is z-standardised (mean 0, population standard "
            "deviation 1), so units do not matter. Areas with an empty or suppressed value get no type."))
        self.add(QgsProcessingParameterNumber(
            self.TYPES, self.tr("Number of types"), QgsProcessingParameterNumber.Type.Integer, defaultValue=5,
            minValue=2, maxValue=20), self.tr(
            "How many types (k). The report compares k = 1 to 10 so that the choice can be checked."))
        self.add(QgsProcessingParameterString(self.WEIGHTS, self.tr("Weights"), optional=True), self.tr(
            "One weight per indicator, separated by ';' (e.g. 2; 1; 1). Weight 2 counts like the indicator taken "
            "twice. Empty: all 1."))
        self.add(QgsProcessingParameterField(
            self.ORDER_BY, self.tr("Number the types by"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True), self.tr(
            "One of the indicators: type 1 has its highest mean, type 2 the next and so on. Empty: by size "
            "(type 1 is the largest)."))
        self.add(QgsProcessingParameterBoolean(self.REFINE, self.tr("Refine with k-means"), defaultValue=False),
                 self.tr("Moves areas to the type with the nearest centre, starting from the Ward types, until "
                         "nothing changes (the types become more compact; the report says how many moved)."))
        self.add(QgsProcessingParameterFile(
            self.NAMES, self.tr("Type names of an earlier run"), extension="csv", optional=True), self.tr(
            "The type name table written by an earlier run, with the names you entered. Each type gets the name "
            "of the saved type with the most similar profile."))
        self.add_catalogue_parameter()
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        self.add(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Types of social spaces"), QgsProcessing.SourceType.TypeVectorPolygon), self.tr(
            "The social spaces with typ (number), typname and typ_grund (why an area has no type), styled by "
            "type. A .qml style is written beside file outputs."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_NAMES, self.tr("Type names (CSV to edit)"), self.tr("CSV files (*.csv)"), optional=True,
            createByDefault=True), self.tr(
            "typ; name; anzahl; beschreibung and the mean z of each indicator. Enter names in the column name "
            "and give the file as 'Type names of an earlier run' next time."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True), self.tr("The profiles of the types and the figures for choosing their number."))
        self.addOutput(QgsProcessingOutputNumber(self.ELBOW, self.tr("Number of types at the elbow")))
        self.addOutput(QgsProcessingOutputNumber(self.SILHOUETTE_K, self.tr("Number of types with the best "
                                                                            "silhouette")))
        self.addOutput(QgsProcessingOutputNumber(self.EXPLAINED, self.tr("Share of variance explained")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.source(parameters, context)
        indicators = self.field_names(parameters, self.INDICATORS, context)
        catalogue, rule = self.catalogue(parameters, context), self.privacy_rule(parameters, context)
        counts = [f for f in catalogue.count_fields() if source.fields().lookupField(f) >= 0]
        frame = self.read_frame(source, indicators + [rule.population_field] + counts, feedback,
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        feedback.setProgress(10)
        names_path = self.parameterAsFile(parameters, self.NAMES, context)
        labels = {i: catalogue.get(i).title for i in indicators if catalogue.get(i) is not None}
        with self.core_errors():
            result = build_typology(
                frame, indicators, self.parameterAsInt(parameters, self.TYPES, context),
                weights=parse_weights(self.parameterAsString(parameters, self.WEIGHTS, context), len(indicators)),
                refine=self.parameterAsBool(parameters, self.REFINE, context),
                order_by=self.parameterAsString(parameters, self.ORDER_BY, context) or SIZE,
                saved_names=read_type_names(names_path) if names_path else None, labels=labels,
                catalogue=catalogue, rule=rule)
        self._log(result, feedback)
        feedback.setProgress(60)
        return self._write(parameters, context, feedback, source, frame.index, result, labels, catalogue,
                           names_path, rule)

    def _write(self, parameters, context, feedback, source, index, result, labels, catalogue, names_path, rule):
        table = pd.DataFrame({"typ": result.types.astype("Int64"), "typname": result.names,
                              "typ_grund": result.reasons.where(result.reasons != "", None)}, index=index)
        renderer = type_renderer("typ", result.profile, result.types)
        outputs = {self.OUTPUT: self.write_sink(parameters, self.OUTPUT, context, table, source, FIELDS, renderer,
                                                feedback, progress=(60.0, 90.0), protect=(catalogue, rule)),
                   self.ELBOW: result.elbow_k, self.SILHOUETTE_K: result.silhouette_k,
                   self.EXPLAINED: float(result.diagnostics.set_index("k").at[result.k, "explained"])}
        names = self.parameterAsFileOutput(parameters, self.OUTPUT_NAMES, context)
        if names:
            outputs[self.OUTPUT_NAMES] = write_type_names(result, names)
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report:
            outputs[self.OUTPUT_REPORT] = write_text(report, typology_html(
                result, labels, attribution=catalogue.attribution(list(result.indicators)),
                subtitle=source.sourceName(), names_file=names or names_path))
        feedback.setProgress(100)
        return outputs

    def _log(self, result, feedback):
        feedback.pushInfo(self.tr("{n} areas in {k} types; {missing} areas without a type (empty or suppressed "
                                  "values).").format(n=result.count, k=result.k,
                                                     missing=int(result.types.isna().sum())))
        for number, row in result.profile.iterrows():
            feedback.pushInfo(self.tr("Type {number} ({name}): {size} areas; {description}").format(
                number=number, name=row["name"], size=int(row["size"]), description=row["description"]))
        feedback.pushInfo(self.tr("Elbow at k = {elbow}, best silhouette at k = {best}.").format(
            elbow=result.elbow_k, best=result.silhouette_k))
        if result.refined:
            feedback.pushInfo(self.tr("k-means moved {n} areas to another type.").format(n=result.moved))
        for note in result.name_notes:
            feedback.pushInfo(note)
