"""sozialraum:profilereport — "Sozialraumprofile erstellen": profiles of all (or the selected) areas as one report."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
)

from ..adapter import exports
from ..adapter.layers import numeric_field_names
from ..adapter.project_setup import ProfileSetup, parent_labels
from ..core import profile_export
from ..core.profile_report import profile_report
from .base import ProgressSlice, SozialraumAlgorithm


class ProfileReport(SozialraumAlgorithm):
    SELECTED_ONLY, NAME_FIELD, PARENT_NAME_FIELD = "SELECTED_ONLY", "NAME_FIELD", "PARENT_NAME_FIELD"
    OUTPUT_HTML, OUTPUT_XLSX, OUTPUT_PDF = "OUTPUT_HTML", "OUTPUT_XLSX", "OUTPUT_PDF"

    def name(self):
        return "profilereport"

    def displayName(self):  # noqa: N802
        return self.tr("Create social space profiles")

    def group(self):
        return self.tr("Profiles")

    def groupId(self):  # noqa: N802
        return "profiles"

    def summary(self):
        return self.tr(
            "Writes the profiles of all social spaces (or only the selected ones) as one report, grouped by "
            "parent unit: HTML, Excel (one sheet per parent unit) and PDF, with the same numbers as the profile "
            "dock.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]),
            self.tr("The polygon layer; region values, ranks and z-scores are always computed over all its areas."))
        self.add(QgsProcessingParameterBoolean(self.SELECTED_ONLY, self.tr("Selected areas only"), False),
                 self.tr("Report only the selected features."))
        self.add_key_parameter()
        self.add(QgsProcessingParameterField(self.NAME_FIELD, self.tr("Name field"),
                                             parentLayerParameterName=self.INPUT, optional=True),
                 self.tr("The name of each area."))
        self.add_parent_parameter(help_text=self.tr(
            "Groups the report (e.g. the district key); the parent unit's values are computed from summed counts."))
        self.add(QgsProcessingParameterField(self.PARENT_NAME_FIELD, self.tr("Parent unit name field"),
                                             parentLayerParameterName=self.INPUT, optional=True),
                 self.tr("The name of the parent unit (e.g. the district name)."))
        self.add_catalogue_parameter()
        self.add_privacy_parameters()
        self.parameterDefinition(self.POPULATION_FIELD).setHelp(self.tr(
            "Residents; weights indicators without counts (weighted mean, marked as an approximation) and applies "
            "the minimum population."))
        self.add(QgsProcessingParameterFileDestination(self.OUTPUT_HTML, self.tr("HTML report"),
                                                       self.tr("HTML files (*.html)")),
                 self.tr("All profiles as one HTML page, grouped by parent unit."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_XLSX, self.tr("Excel workbook"), self.tr("Excel files (*.xlsx)"), optional=True,
            createByDefault=False), self.tr("One sheet per parent unit; leave empty to skip."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("PDF report"), self.tr("PDF files (*.pdf)"), optional=True,
            createByDefault=False), self.tr("Leave empty to skip."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        key = self.key_field(parameters, context, layer, feedback)
        name, parent, parent_name = (self.parameterAsString(parameters, p, context)
                                     for p in (self.NAME_FIELD, self.PARENT_FIELD, self.PARENT_NAME_FIELD))
        rule = self.privacy_rule(parameters, context)
        setup = ProfileSetup(layer.id(), key, name, rule.population_field,
                             ((parent, parent_name),) if parent else ())
        fids = layer.selectedFeatureIds() if self.parameterAsBoolean(parameters, self.SELECTED_ONLY, context) else None
        if fids is not None and not fids:
            raise QgsProcessingException(self.tr("No area of layer '{layer}' is selected. Select areas or "
                                                     "switch off 'Selected areas only'.").format(layer=layer.name()))
        feedback.pushInfo(self.tr("Computing the profiles of {count} areas").format(count=layer.featureCount()))
        frame = self.read_frame(layer, [key, name, rule.population_field, parent, parent_name]
                                + numeric_field_names(layer), ProgressSlice(feedback, 0, 30))
        with self.core_errors():
            report = profile_report(frame, self.catalogue(parameters, context), key, name, rule.population_field,
                                    setup.parent_fields, rule, parent_labels(setup, layer), fids,
                                    ProgressSlice(feedback, 30, 60))
        if report is None or feedback.isCanceled():
            return {}
        for warning in report.warnings():
            feedback.pushWarning(warning)
        feedback.pushInfo(self.tr("{areas} profiles in {groups} parent units").format(
            areas=report.areas, groups=len(report.groups)))
        results = {self.OUTPUT_HTML: profile_export.write_html(
            self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context), report.html)}
        for name, write, content in ((self.OUTPUT_XLSX, exports.write_xlsx, report.sheets),
                                     (self.OUTPUT_PDF, exports.write_pdf, report.html)):
            path = self.parameterAsFileOutput(parameters, name, context)
            if path:
                results[name] = write(path, content) or path
            feedback.setProgress(85 if name == self.OUTPUT_XLSX else 100)
        for output in results.values():
            feedback.pushInfo(self.tr("Written: {path}").format(path=os.path.normpath(output)))
        return results
