"""sozialraum:profilereport — "Sozialraumprofile erstellen": profiles of all (or the selected) areas as one report."""
import os

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterBoolean,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterVectorLayer)

from ..adapter import exports
from ..core import profile_export
from ..core.catalogue import Catalogue, CatalogueError, read_catalogue
from ..core.html import esc, page
from ..core.privacy import SuppressionRule
from ..core.profile import RANK_RULE, method_note
from ..adapter.project_setup import ProfileSetup, build_index, detect_setup
from ..core.rates import WEIGHTED
from .base import SozialraumAlgorithm


class ProfileReport(SozialraumAlgorithm):
    INPUT, SELECTED_ONLY, KEY_FIELD, NAME_FIELD, POPULATION_FIELD = (
        "INPUT", "SELECTED_ONLY", "KEY_FIELD", "NAME_FIELD", "POPULATION_FIELD")
    PARENT_FIELD, PARENT_NAME_FIELD, CATALOGUE, MIN_COUNT, MIN_POPULATION = (
        "PARENT_FIELD", "PARENT_NAME_FIELD", "CATALOGUE", "MIN_COUNT", "MIN_POPULATION")
    OUTPUT_HTML, OUTPUT_XLSX, OUTPUT_PDF = "OUTPUT_HTML", "OUTPUT_XLSX", "OUTPUT_PDF"

    def name(self):
        return "profilereport"

    def displayName(self):  # noqa: N802
        return self.tr("Create social space profiles")

    def group(self):
        return self.tr("Profiles")

    def groupId(self):  # noqa: N802
        return "profiles"

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes the profiles of all social spaces (or only the selected ones) as one report, grouped by "
            "parent unit: HTML, Excel (one sheet per parent unit) and PDF, with the same numbers as the profile "
            "dock.\n\n"
            "Social spaces: the polygon layer; region values, ranks and z-scores are always computed over all "
            "its areas.\n"
            "Selected areas only: report only the selected features.\n"
            "Key field / Name field: identify each area. Without a key field (or with one the layer does not have) "
            "the key field is guessed from the field names as in the dock's setup (e.g. plr_id), and the log "
            "names the field chosen.\n"
            "Population field: residents; weights indicators without counts (weighted mean, marked as an "
            "approximation) and applies the minimum population.\n"
            "Parent unit field / Parent unit name field: groups the report (e.g. district key and name); the "
            "parent unit's values are computed from summed counts.\n"
            "Indicator catalogue: CSV with labels, themes, units, polarity and numerator/denominator fields.\n"
            "Minimum count / Minimum population: small counts and small areas are suppressed, never shown as 0.\n"
            "Outputs: HTML report, Excel workbook, PDF report (leave empty to skip Excel or PDF).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterBoolean(self.SELECTED_ONLY, self.tr("Selected areas only"), False))
        self.addParameter(QgsProcessingParameterField(self.KEY_FIELD, self.tr("Key field"),
                                                      parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(self.NAME_FIELD, self.tr("Name field"),
                                                      parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(self.PARENT_FIELD, self.tr("Parent unit field"),
                                                      parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(self.PARENT_NAME_FIELD, self.tr("Parent unit name field"),
                                                      parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterFile(self.CATALOGUE, self.tr("Indicator catalogue"),
                                                     extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.MIN_COUNT, self.tr("Minimum count"),
                                                       QgsProcessingParameterNumber.Type.Integer, 3, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(self.MIN_POPULATION, self.tr("Minimum population"),
                                                       QgsProcessingParameterNumber.Type.Integer, 0, minValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT_HTML, self.tr("HTML report"),
                                                                self.tr("HTML files (*.html)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_XLSX, self.tr("Excel workbook"), self.tr("Excel files (*.xlsx)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("PDF report"), self.tr("PDF files (*.pdf)"), optional=True,
            createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.tr("The layer of social spaces could not be opened."))
        key = self.parameterAsString(parameters, self.KEY_FIELD, context)
        if not key or layer.fields().lookupField(key) < 0:
            key = detect_setup(layer).key_field
            if not key:
                raise QgsProcessingException(self.tr(
                    "No key field given and none found in layer '{layer}': choose the key field.").format(
                    layer=layer.name()))
            feedback.pushInfo(self.tr("Key field not set: using '{field}' (guessed from the field names).").format(
                field=key))
        name = self.parameterAsString(parameters, self.NAME_FIELD, context)
        population = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        parent = self.parameterAsString(parameters, self.PARENT_FIELD, context)
        parent_name = self.parameterAsString(parameters, self.PARENT_NAME_FIELD, context)
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        try:
            catalogue = read_catalogue(catalogue_path) if catalogue_path else Catalogue()
        except CatalogueError as error:
            raise QgsProcessingException(str(error)) from None
        rule = SuppressionRule(self.parameterAsInt(parameters, self.MIN_COUNT, context),
                               self.parameterAsDouble(parameters, self.MIN_POPULATION, context), population)
        setup = ProfileSetup(layer.id(), key, name, population, ((parent, parent_name),) if parent else (),
                             catalogue_path)
        feedback.pushInfo(self.tr("Computing the profiles of {count} areas").format(count=layer.featureCount()))
        try:
            index = build_index(setup, layer, catalogue, rule, feedback)
        except KeyError as error:
            raise QgsProcessingException(str(error).strip("'\"")) from None
        if feedback.isCanceled():
            return {}
        if index.duplicate_keys:
            feedback.pushWarning(self.tr("Duplicate keys, only the first area is reported: {keys}").format(
                keys=", ".join(index.duplicate_keys[:10])))

        only = self.parameterAsBoolean(parameters, self.SELECTED_ONLY, context)
        fids = layer.selectedFeatureIds() if only else list(index.position_of_fid)
        if only and not fids:
            raise QgsProcessingException(self.tr("No area of layer '{layer}' is selected. Select areas or "
                                                 "switch off 'Selected areas only'.").format(layer=layer.name()))
        positions = sorted({index.position_of_fid[f] for f in fids if f in index.position_of_fid})
        groups = {}
        total = max(len(positions), 1)
        for n, position in enumerate(positions):
            if feedback.isCanceled():
                return {}
            profile = index.profile_at(position)
            group = profile.parents[0] if profile.parents else None
            label = (group.name if group.name == group.key else f"{group.name} ({group.key})") \
                if group is not None and group.key else self.tr("All areas")
            groups.setdefault((group.key if group is not None else "", label), []).append(profile)
            feedback.setProgress(60.0 * (n + 1) / total)
        groups = dict(sorted(groups.items()))
        feedback.pushInfo(self.tr("{areas} profiles in {groups} parent units").format(
            areas=len(positions), groups=len(groups)))

        level = 0 if setup.parent_fields else None
        results = {}
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        html_text = self._html(groups, level, catalogue, index)
        profile_export.write_html(html_path, html_text)
        results[self.OUTPUT_HTML] = html_path
        feedback.setProgress(75)
        xlsx_path = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if xlsx_path:
            sheets = {label: profile_export.xlsx_frame(profiles, level) for (_k, label), profiles in groups.items()}
            exports.write_xlsx(xlsx_path, sheets)
            results[self.OUTPUT_XLSX] = xlsx_path
        feedback.setProgress(85)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        if pdf_path:
            exports.write_pdf(pdf_path, html_text)
            results[self.OUTPUT_PDF] = pdf_path
        feedback.setProgress(100)
        for output in results.values():
            feedback.pushInfo(self.tr("Written: {path}").format(path=os.path.normpath(output)))
        return results

    def _html(self, groups, level, catalogue, index):
        parts = []
        for number, ((_key, label), profiles) in enumerate(groups.items()):
            style = ' style="page-break-before: always"' if number else ""
            parts.append(f"<h2{style}>{esc(label)}</h2>")
            for profile in profiles:
                parts.append(profile_export.profile_body(profile, level, heading="h3"))
        sources = sorted({i.source for i in index.indicators if i.source})
        notes = (f'<p class="muted small">{esc(RANK_RULE)}. ≈ = {esc(method_note(WEIGHTED))}.</p>')
        return page("Sozialraumprofile", "".join(parts) + notes, "; ".join(sources),
                    f"{sum(len(p) for p in groups.values())} Sozialräume in {len(groups)} Einheiten")
