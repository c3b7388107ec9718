"""sozialraum:profilereport — "Sozialraumprofile erstellen": profiles of all (or the selected) areas as one report."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
)

from ..adapter import exports, profile_layout
from ..adapter.layers import numeric_field_names
from ..adapter.project_setup import ProfileSetup, parent_labels
from ..core import profile_export
from ..core.profile_report import profile_report
from .base import ProgressSlice, SozialraumAlgorithm


class ProfileReport(SozialraumAlgorithm):
    SELECTED_ONLY, NAME_FIELD, PARENT_NAME_FIELD = "SELECTED_ONLY", "NAME_FIELD", "PARENT_NAME_FIELD"
    OUTPUT_HTML, OUTPUT_XLSX, OUTPUT_PDF = "OUTPUT_HTML", "OUTPUT_XLSX", "OUTPUT_PDF"
    ATLAS_DATA, TEMPLATE, LAYOUT, PAGES = "ATLAS_DATA", "TEMPLATE", "LAYOUT", "PAGES"

    def name(self):
        return "profilereport"

    def displayName(self):  # noqa: N802
        return self.tr("Create social space profiles")

    def group(self):
        return self.tr("Profiles")

    def groupId(self):  # noqa: N802
        return "profiles"

    def flags(self):
        # layouts, fonts and the project live in the main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def summary(self):
        return self.tr(
            "Writes the profiles of all social spaces (or only the selected ones) as one report, grouped by "
            "parent unit: HTML, Excel (one sheet per parent unit) and a printed PDF with one A4 page per area "
            "(locator map, table by theme with deviation bars, source, data date, page numbers), with the same "
            "numbers as the profile dock. The PDF is a QGIS atlas layout: it is added to the project's layouts "
            "to edit in the layout designer and saved as a template (.qpt) beside the PDF, with its data in a "
            "GeoPackage beside the PDF (profile.pdf: profile_atlas.gpkg, profile.qpt).")

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
            createByDefault=False), self.tr(
            "One A4 page per area, as a QGIS atlas. Beside it, named like the PDF (profile.pdf): profile_atlas.gpkg "
            "(the pages' data, kept for the layout) and profile.qpt (the layout as a template). Run in a project, "
            "the layout is added as 'Sozialraumprofile – ' and the layer's name (an older one of that name is "
            "replaced). Leave empty to skip."))
        self.addOutput(QgsProcessingOutputFile(self.ATLAS_DATA, self.tr("Atlas data (GeoPackage)")))
        self.addOutput(QgsProcessingOutputFile(self.TEMPLATE, self.tr("Layout template (.qpt)")))
        self.addOutput(QgsProcessingOutputString(self.LAYOUT, self.tr("Layout added to the project")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, self.tr("Number of PDF pages")))

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
        xlsx = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if xlsx:
            results[self.OUTPUT_XLSX] = exports.write_xlsx(xlsx, report.sheets) or xlsx
        feedback.setProgress(70)
        pdf = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        if pdf and self._write_atlas(layer, report, profile_layout.parent_keys(frame, parent), pdf, context,
                                     feedback, results) is None:
            return {}
        return self._written(results, feedback)

    def _written(self, results, feedback):
        feedback.setProgress(100)
        for output in (results.get(o) for o in (self.OUTPUT_HTML, self.OUTPUT_XLSX, self.OUTPUT_PDF)):
            if output:
                feedback.pushInfo(self.tr("Written: {path}").format(path=os.path.normpath(output)))
        return results

    def _write_atlas(self, layer, report, parent_of, pdf, context, feedback, results):
        """The printed profiles (atlas PDF, its data, template, layout in the project); None when cancelled."""
        with self.core_errors():
            atlas = profile_layout.write_profile_atlas(layer, report.atlas, parent_of, pdf, context.project(),
                                                       feedback=feedback, progress=(70, 100))
        if atlas is None:
            feedback.pushInfo(self.tr("Cancelled: nothing of the PDF was written; an earlier run's PDF, atlas data, "
                                      "template and layout are unchanged."))
            return None
        if not atlas["fits"]:
            feedback.pushWarning(self.tr("The profile table does not fit on one page even at 5 pt: the last rows "
                                         "are cut off. Print fewer indicators (catalogue) or edit the layout."))
        results.update({self.OUTPUT_PDF: atlas["pdf"], self.ATLAS_DATA: atlas["data"],
                        self.TEMPLATE: atlas["template"], self.LAYOUT: atlas["layout"], self.PAGES: atlas["pages"]})
        feedback.pushInfo(self.tr("PDF with {n} pages (one per area); atlas data: {data}; template: {template}")
                          .format(n=atlas["pages"], data=atlas["data"], template=atlas["template"]))
        if atlas["layout"]:
            feedback.pushInfo(self.tr("Layout '{name}' added to the project (Project > Layouts).").format(
                name=atlas["layout"]))
        return atlas
