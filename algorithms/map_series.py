"""sozialraum:mapseries - "Kartenserie erstellen": one classified map per indicator, as layouts and PDF."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
)

from ..adapter import map_layout as ml
from ..core.classify import ClassificationError, parse_number_list
from ..core.catalogue import Catalogue, CatalogueError, read_catalogue
from ..adapter.layers import numeric_field_names
from ..core.privacy import DEFAULT_MIN_COUNT
from .base import SozialraumAlgorithm


def _methods():
    """(keys, German names) of the classification methods of core.classify."""
    from ..core.classify import METHODS

    return list(METHODS), list(METHODS.values())


TEMPLATE_KEYS = list(ml.TEMPLATES)


class MapSeries(SozialraumAlgorithm):
    INPUT = "INPUT"
    FIELDS = "FIELDS"
    METHOD = "METHOD"
    CLASSES = "CLASSES"
    BREAKS = "BREAKS"
    CATALOGUE = "CATALOGUE"
    TEMPLATE = "TEMPLATE"
    TEMPLATE_FILE = "TEMPLATE_FILE"
    OVERLAY = "OVERLAY"
    OVERLAY_LABEL = "OVERLAY_LABEL"
    AREA_LABEL = "AREA_LABEL"
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    SOURCE = "SOURCE"
    DATE = "DATE"
    MIN_COUNT = "MIN_COUNT"
    SHOW_COUNTS = "SHOW_COUNTS"
    DPI = "DPI"
    ADD_TO_PROJECT = "ADD_TO_PROJECT"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    FORMAT = "FORMAT"
    PAGES = "PAGES"
    LAYOUTS = "LAYOUTS"

    FORMATS = ml.EXPORT_FORMATS

    def name(self):
        return "mapseries"

    def displayName(self):
        return self.tr("Create map series")

    def group(self):
        return self.tr("Maps")

    def groupId(self):
        return "maps"

    def flags(self):
        # layouts, fonts and the project live in the main thread
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def shortHelpString(self):
        return self.tr(
            "Makes one classified map per indicator, all in the same design: as print layouts added to the "
            "project (to finish by hand in the layout designer), as one multi-page PDF and/or as one file per "
            "map. The input layer and its style are not changed: each map shows a styled copy.\n\n"
            "Social spaces: the polygon layer with the indicator fields.\n"
            "Indicators (empty: all): the fields to map, one page each, in this order. Empty: the numeric fields "
            "listed in the indicator catalogue (in catalogue order), or all numeric fields when there is no "
            "catalogue. Fields without any value get no page.\n"
            "Classification method and Number of classes: how the values are divided into classes (the same "
            "method for every map, each indicator gets its own class breaks).\n"
            "Class breaks (manual) or step width (step), separated by ';': for the manual method the upper class "
            "bounds (e.g. 5;10;20), for the step method the width of a class.\n"
            "Indicator catalogue (CSV): label, unit, year, definition, source and polarity of each indicator; "
            "titles, subtitles, legends and the colour direction come from it.\n"
            "Layout template: A4 portrait, A4 landscape or A3 landscape (German labels).\n"
            "Own layout template (.qpt, replaces the choice above): items are found by their item id: karte "
            "(map, required), titel, untertitel, legende, massstab, nordpfeil, quelle, stand, seite.\n"
            "Parent units (overlay): optional polygon layer drawn as outlines over the maps (e.g. districts); "
            "Label field of the parent units: names written on them.\n"
            "Area label field: optional field of the social spaces written on each area (small).\n"
            "Title and Subtitle: text patterns with the placeholders {label}, {id}, {description}, {unit}, "
            "{year}, {theme}, {source}, {method}, {classes}; empty placeholders leave no empty brackets.\n"
            "Source line (empty: from the catalogue): pattern for the source line; empty: 'Quelle:' and the "
            "catalogue's source (plus the attribution of the sample data when the sample is mapped).\n"
            "Date (empty: today): shown as 'Stand: …'.\n"
            "Minimum count (suppression, 0 = off): counts below it (and rates built from them) are suppressed "
            "and shown in the 'no value' class.\n"
            "Show the number of areas per class in the legend: adds '(n)' to each legend entry.\n"
            "Resolution (dpi): dots per inch of the exports (300 for print).\n"
            "Add layouts to the project: keep one layout per indicator in the project, named after the "
            "indicator, with the styled copies in a hidden layer group 'Kartenserie: …'. Run from "
            "qgis_process there is no project to keep them in.\n"
            "Map series (PDF): one PDF with one page per indicator.\n"
            "Folder for single maps and Format of single maps: one PNG, SVG or PDF per indicator, named "
            "<number>_<field>.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Indicators (empty: all)"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True, optional=True))
        keys, names = _methods()
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Classification method"), options=names,
            defaultValue=keys.index("jenks") if "jenks" in keys else 0))
        self.addParameter(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=2, maxValue=9, defaultValue=5))
        self.addParameter(QgsProcessingParameterString(
            self.BREAKS, self.tr("Class breaks (manual) or step width (step), separated by ';'"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue (CSV)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.TEMPLATE, self.tr("Layout template"),
            options=[self.tr("A4 portrait"), self.tr("A4 landscape"), self.tr("A3 landscape")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.TEMPLATE_FILE, self.tr("Own layout template (.qpt, replaces the choice above)"),
            extension="qpt", optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.OVERLAY, self.tr("Parent units (overlay)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.OVERLAY_LABEL, self.tr("Label field of the parent units"), parentLayerParameterName=self.OVERLAY,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.AREA_LABEL, self.tr("Area label field"), parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TITLE, self.tr("Title"), defaultValue=ml.DEFAULT_TITLE))
        self.addParameter(QgsProcessingParameterString(
            self.SUBTITLE, self.tr("Subtitle"), defaultValue=ml.DEFAULT_SUBTITLE, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SOURCE, self.tr("Source line (empty: from the catalogue)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATE, self.tr("Date (empty: today)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COUNT, self.tr("Minimum count (suppression, 0 = off)"), minValue=0,
            defaultValue=DEFAULT_MIN_COUNT))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SHOW_COUNTS, self.tr("Show the number of areas per class in the legend"), defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, self.tr("Resolution (dpi)"), minValue=30, maxValue=1200, defaultValue=300))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ADD_TO_PROJECT, self.tr("Add layouts to the project"), defaultValue=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("Map series (PDF)"), self.tr("PDF files (*.pdf)"), optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Folder for single maps"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMAT, self.tr("Format of single maps"), options=["PNG", "SVG", "PDF"], defaultValue=0))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, self.tr("Number of maps")))
        self.addOutput(QgsProcessingOutputString(self.LAYOUTS, self.tr("Layouts added to the project")))

    # --- helpers -------------------------------------------------------------------------------------

    def _catalogue(self, parameters, context):
        path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        if not path:
            return Catalogue()
        try:
            return read_catalogue(path)
        except CatalogueError as error:
            raise QgsProcessingException(str(error)) from None

    def _indicators(self, parameters, context, layer, catalogue):
        chosen = self.parameterAsFields(parameters, self.FIELDS, context)
        numeric = numeric_field_names(layer)
        if chosen:
            missing = [f for f in chosen if f not in numeric]
            if missing:
                raise QgsProcessingException(self.tr(
                    "Layer {layer}: {fields} is not a numeric field. Choose numeric indicator fields.")
                    .format(layer=layer.name(), fields=", ".join(missing)))
            return chosen
        listed = [i.id for i in catalogue if i.id in numeric]
        return listed or numeric

    def _template(self, parameters, context):
        own = self.parameterAsFile(parameters, self.TEMPLATE_FILE, context)
        if own:
            return own
        return ml.template_path(TEMPLATE_KEYS[self.parameterAsEnum(parameters, self.TEMPLATE, context)])

    def _method_params(self, parameters, context):
        method = _methods()[0][self.parameterAsEnum(parameters, self.METHOD, context)]
        text = self.parameterAsString(parameters, self.BREAKS, context)
        try:
            numbers = parse_number_list(text)
        except ClassificationError as error:
            raise QgsProcessingException(str(error)) from None
        if method in ("manual", "step") and not numbers:
            raise QgsProcessingException(self.tr(
                "The method '{method}' needs class breaks or a step width (parameter BREAKS, e.g. 5;10;20).")
                .format(method=method))
        if method == "manual":
            return {"breaks": numbers}
        if method == "step":
            return {"step": numbers[0]}
        return {}

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        catalogue = self._catalogue(parameters, context)
        indicators = self._indicators(parameters, context, layer, catalogue)
        if not indicators:
            raise QgsProcessingException(self.tr(
                "Layer {layer} has no numeric fields to map. Join the indicators first.").format(layer=layer.name()))
        overlay = self.parameterAsVectorLayer(parameters, self.OVERLAY, context)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        fmt = self.FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        keep = self.parameterAsBool(parameters, self.ADD_TO_PROJECT, context)
        project = context.project()
        if keep and project is None:
            feedback.pushInfo(self.tr("No project open (e.g. run from qgis_process): the layouts are only "
                                      "exported, not kept."))
            keep = False
        if not pdf_path and not folder and not keep:
            raise QgsProcessingException(self.tr(
                "Nothing to do: give a PDF file, a folder for single maps, or add the layouts to the project."))

        attribution = ml.sample_attribution() if ml.is_sample_source(layer.source()) else ""
        options = ml.SeriesOptions(
            indicators=tuple(indicators), catalogue=catalogue, template=self._template(parameters, context),
            method=_methods()[0][self.parameterAsEnum(parameters, self.METHOD, context)],
            method_params=self._method_params(parameters, context),
            classes=self.parameterAsInt(parameters, self.CLASSES, context),
            title_pattern=self.parameterAsString(parameters, self.TITLE, context) or ml.DEFAULT_TITLE,
            subtitle_pattern=self.parameterAsString(parameters, self.SUBTITLE, context),
            source_pattern=self.parameterAsString(parameters, self.SOURCE, context),
            date=self.parameterAsString(parameters, self.DATE, context) or ml.german_date(),
            attribution=attribution,
            area_label=self.parameterAsString(parameters, self.AREA_LABEL, context),
            overlay_label=self.parameterAsString(parameters, self.OVERLAY_LABEL, context) if overlay else "",
            min_count=self.parameterAsInt(parameters, self.MIN_COUNT, context),
            show_counts=self.parameterAsBool(parameters, self.SHOW_COUNTS, context))
        try:
            ml.check_template(options.template)  # fail early on a bad template
            series = ml.MapSeries(layer, options, project if keep else QgsProject(), overlay=overlay, keep=keep)
        except (ml.LayoutError, KeyError) as error:
            raise QgsProcessingException(str(error).strip("'\"")) from None

        for field in [f for f in indicators if not series.has_values(f)]:
            feedback.pushWarning(self.tr("{field}: no value to map (all empty or suppressed); no map.")
                                 .format(field=field))
        indicators = [f for f in indicators if series.has_values(f)]
        feedback.pushInfo(self.tr("{n} maps: {fields}").format(n=len(indicators), fields=", ".join(indicators)))
        pdf = ml.PdfSeries(pdf_path, dpi, title=layer.name()) if pdf_path else None
        written, names, canceled = [], [], False
        try:
            total = len(indicators)
            for number, field in enumerate(indicators, start=1):
                if feedback.isCanceled():
                    canceled = True
                    break
                feedback.setProgressText(self.tr("Map {n} of {total}: {field}").format(
                    n=number, total=total, field=field))
                try:
                    page = series.page(field, number, total)
                except ClassificationError as error:
                    raise QgsProcessingException(self.tr("{field}: {error}").format(field=field, error=error)) \
                        from None
                if page.suppressed:
                    feedback.pushInfo(self.tr("{field}: {n} values suppressed (shown as no value)").format(
                        field=field, n=page.suppressed))
                if pdf is not None:
                    pdf.add(page.layout)
                if folder:
                    name = f"{number:02d}_{ml.safe_file_name(field)}.{fmt}"
                    written.append(ml.export_layout(page.layout, os.path.join(folder, name), fmt, dpi))
                names.append(page.layout.name())
                series.release(page)
                page = None  # the layout goes before the (scratch) project that owns its layers
                feedback.setProgress(100.0 * number / total)
        except Exception:
            if pdf is not None:
                pdf.abort()
            for path in written:
                os.remove(path)
            series.discard()
            raise
        if canceled:
            if pdf is not None:
                pdf.abort()
            for path in written:
                os.remove(path)
            series.discard()
            feedback.pushInfo(self.tr("Cancelled: nothing was written and no layout was added."))
            return {self.PAGES: 0, self.LAYOUTS: ""}
        results = {self.PAGES: len(names), self.LAYOUTS: "; ".join(names) if keep else ""}
        if pdf is not None:
            pages = pdf.finish()
            feedback.pushInfo(self.tr("PDF with {n} pages: {path}").format(n=pages, path=pdf_path))
            results[self.OUTPUT_PDF] = pdf_path
        if folder:
            results[self.OUTPUT_FOLDER] = folder
        if keep:
            feedback.pushInfo(self.tr("{n} layouts added to the project (Project > Layouts).").format(n=len(names)))
        return results
