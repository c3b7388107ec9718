"""sozialraum:mapseries - "Kartenserie erstellen": one classified map per indicator, as layouts and PDF."""

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
from ..adapter.layers import numeric_field_names
from ..core.classify import REGISTRY, ClassificationError, parse_number_list
from .base import SozialraumAlgorithm

TEMPLATE_KEYS = list(ml.TEMPLATES)
METHOD_IDS = [m.id for m in REGISTRY]


class MapSeries(SozialraumAlgorithm):
    FIELDS = "FIELDS"
    METHOD = "METHOD"
    CLASSES = "CLASSES"
    BREAKS = "BREAKS"
    RAMP = "RAMP"
    TEMPLATE = "TEMPLATE"
    TEMPLATE_FILE = "TEMPLATE_FILE"
    OVERLAY = "OVERLAY"
    OVERLAY_LABEL = "OVERLAY_LABEL"
    AREA_LABEL = "AREA_LABEL"
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    SOURCE = "SOURCE"
    DATE = "DATE"
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

    def summary(self):
        return self.tr(
            "Makes one classified map per indicator, all in the same design: as print layouts added to the "
            "project (to finish by hand in the layout designer), as one multi-page PDF and/or as one file per "
            "map. The input layer and its style are not changed: each map shows a styled copy.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Social spaces"), [QgsProcessing.SourceType.TypeVectorPolygon]),
            self.tr("The polygon layer with the indicator fields."))
        self.add(QgsProcessingParameterField(
            self.FIELDS, self.tr("Indicators (empty: all)"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, allowMultiple=True, optional=True), self.tr(
            "The fields to map, one page each, in this order. Empty: the numeric fields listed in the indicator "
            "catalogue (in catalogue order), or all numeric fields when there is no catalogue. Fields without any "
            "value get no page."))
        self.add(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Classification method"), options=[self.tr(m.title) for m in REGISTRY],
            defaultValue=METHOD_IDS.index("jenks")), self.tr(
            "How the values are divided into classes (the same method for every map, each indicator gets its own "
            "class breaks)."))
        self.add(QgsProcessingParameterNumber(
            self.CLASSES, self.tr("Number of classes"), minValue=2, maxValue=9, defaultValue=5),
            self.tr("Classes per map (methods with a fixed number of classes ignore it)."))
        self.add(QgsProcessingParameterString(
            self.BREAKS, self.tr("Class breaks (manual) or step width (step), separated by ';'"), optional=True),
            self.tr("For the manual method the upper class bounds (e.g. 5;10;20), for the step method the width "
                    "of a class."))
        self.add(QgsProcessingParameterEnum(
            self.RAMP, self.tr("Colour ramp"), options=[
                self.tr("Automatic: two colours around 0 for values with both signs"),
                self.tr("One colour (sequential)"), self.tr("Two colours around 0 (diverging)")], defaultValue=0),
            self.tr("Changes with a sign (e.g. percentage points) get a diverging ramp centred on 0: the "
                    "unfavourable side red, the other blue, the class holding 0 pale (polarity from the catalogue; "
                    "neutral indicators purple/orange). Counts are drawn as circles sized by class, never as a "
                    "choropleth."))
        self.add_catalogue_parameter()
        self.add(QgsProcessingParameterEnum(
            self.TEMPLATE, self.tr("Layout template"),
            options=[self.tr("A4 portrait"), self.tr("A4 landscape"), self.tr("A3 landscape")], defaultValue=0),
            self.tr("German labels."))
        self.add(QgsProcessingParameterFile(
            self.TEMPLATE_FILE, self.tr("Own layout template (.qpt, replaces the choice above)"),
            extension="qpt", optional=True), self.tr(
            "Items are found by their item id: karte (map, required), titel, untertitel, legende, massstab, "
            "nordpfeil, quelle, stand, seite."))
        self.add(QgsProcessingParameterVectorLayer(
            self.OVERLAY, self.tr("Parent units (overlay)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True), self.tr("Polygon layer drawn as outlines over the maps (e.g. districts)."))
        self.add(QgsProcessingParameterField(
            self.OVERLAY_LABEL, self.tr("Label field of the parent units"), parentLayerParameterName=self.OVERLAY,
            optional=True), self.tr("Names written on the parent units."))
        self.add(QgsProcessingParameterField(
            self.AREA_LABEL, self.tr("Area label field"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("A field of the social spaces written on each area (small)."))
        self.add(QgsProcessingParameterString(self.TITLE, self.tr("Title"), defaultValue=ml.DEFAULT_TITLE), self.tr(
            "Text pattern with the placeholders {label}, {id}, {description}, {unit}, {year}, {theme}, {source}, "
            "{method}, {classes}; empty placeholders leave no empty brackets."))
        self.add(QgsProcessingParameterString(
            self.SUBTITLE, self.tr("Subtitle"), defaultValue=ml.DEFAULT_SUBTITLE, optional=True),
            self.tr("Text pattern as for the title."))
        self.add(QgsProcessingParameterString(
            self.SOURCE, self.tr("Source line (empty: from the catalogue)"), optional=True), self.tr(
            "Pattern for the source line; empty: 'Quelle:' and the catalogue's source (plus the attribution of the "
            "sample data when the sample is mapped)."))
        self.add(QgsProcessingParameterString(self.DATE, self.tr("Date (empty: today)"), optional=True),
                 self.tr("Shown as 'Stand: …'."))
        self.add_privacy_parameters()
        self.add(QgsProcessingParameterBoolean(
            self.SHOW_COUNTS, self.tr("Show the number of areas per class in the legend"), defaultValue=False),
            self.tr("Adds '(n)' to each legend entry."))
        self.add(QgsProcessingParameterNumber(
            self.DPI, self.tr("Resolution (dpi)"), minValue=30, maxValue=1200, defaultValue=300),
            self.tr("Dots per inch of the exports (300 for print)."))
        self.add(QgsProcessingParameterBoolean(
            self.ADD_TO_PROJECT, self.tr("Add layouts to the project"), defaultValue=True), self.tr(
            "Keep one layout per indicator in the project, named after the indicator, with the styled copies in a "
            "hidden layer group 'Kartenserie: …'. Run from qgis_process there is no project to keep them in."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("Map series (PDF)"), self.tr("PDF files (*.pdf)"), optional=True),
            self.tr("One PDF with one page per indicator."))
        self.add(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Folder for single maps"), optional=True, createByDefault=False),
            self.tr("One PNG, SVG or PDF per indicator, named <number>_<field>."))
        self.add(QgsProcessingParameterEnum(
            self.FORMAT, self.tr("Format of single maps"), options=["PNG", "SVG", "PDF"], defaultValue=0),
            self.tr("File format of the single maps in the folder."))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, self.tr("Number of maps")))
        self.addOutput(QgsProcessingOutputString(self.LAYOUTS, self.tr("Layouts added to the project")))

    # --- helpers -------------------------------------------------------------------------------------

    def _indicators(self, parameters, context, layer, catalogue):
        chosen = self.field_names(parameters, self.FIELDS, context)
        numeric = numeric_field_names(layer)
        if chosen:
            missing = [f for f in chosen if f not in numeric]
            if missing:
                raise QgsProcessingException(self.tr(
                    "Layer {layer}: {fields} is not a numeric field. Choose numeric indicator fields.")
                    .format(layer=layer.name(), fields=", ".join(missing)))
            return chosen
        indicators = [i.id for i in catalogue if i.id in numeric] or numeric
        if not indicators:
            raise QgsProcessingException(self.tr(
                "Layer {layer} has no numeric fields to map. Join the indicators first.").format(layer=layer.name()))
        return indicators

    def _template(self, parameters, context):
        own = self.parameterAsFile(parameters, self.TEMPLATE_FILE, context)
        if own:
            return own
        return ml.template_path(TEMPLATE_KEYS[self.parameterAsEnum(parameters, self.TEMPLATE, context)])

    def _method_params(self, method, parameters, context):
        try:
            numbers = parse_number_list(self.parameterAsString(parameters, self.BREAKS, context))
        except ClassificationError as error:
            raise QgsProcessingException(str(error)) from None
        if method in ("manual", "step") and not numbers:
            raise QgsProcessingException(self.tr(
                "The method '{method}' needs class breaks or a step width (parameter BREAKS, e.g. 5;10;20).")
                .format(method=method))
        return {"breaks": numbers} if method == "manual" else {"step": numbers[0]} if method == "step" else {}

    def _options(self, parameters, context, layer, overlay):
        catalogue = self.catalogue(parameters, context)
        text = lambda name: self.parameterAsString(parameters, name, context)  # noqa: E731
        method = METHOD_IDS[self.parameterAsEnum(parameters, self.METHOD, context)]
        return ml.SeriesOptions(
            indicators=tuple(self._indicators(parameters, context, layer, catalogue)), catalogue=catalogue,
            template=self._template(parameters, context), method=method,
            method_params=self._method_params(method, parameters, context),
            classes=self.parameterAsInt(parameters, self.CLASSES, context),
            title_pattern=text(self.TITLE) or ml.DEFAULT_TITLE, subtitle_pattern=text(self.SUBTITLE),
            source_pattern=text(self.SOURCE), date=text(self.DATE) or ml.german_date(),
            attribution=ml.sample_attribution() if ml.is_sample_source(layer.source()) else "",
            area_label=text(self.AREA_LABEL), overlay_label=text(self.OVERLAY_LABEL) if overlay else "",
            rule=self.privacy_rule(parameters, context),
            show_counts=self.parameterAsBool(parameters, self.SHOW_COUNTS, context),
            ramp=ml.RAMPS[self.parameterAsEnum(parameters, self.RAMP, context)])

    def _mapped(self, series, options, layer, feedback):
        """The indicators that get a map; the log names them (and those without a value) by their labels."""
        label = lambda field: self.field_label(field, options.catalogue, layer.fields())  # noqa: E731
        for field in [f for f in options.indicators if not series.has_values(f)]:
            feedback.pushWarning(self.tr("{field}: no value to map (all empty or suppressed); no map.")
                                 .format(field=label(field)))
        indicators = [f for f in options.indicators if series.has_values(f)]
        feedback.pushInfo(self.tr("{n} maps: {fields}").format(n=len(indicators),
                                                                fields="; ".join(map(label, indicators))))
        return indicators

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        overlay = self.parameterAsVectorLayer(parameters, self.OVERLAY, context)
        options = self._options(parameters, context, layer, overlay)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        keep = self.parameterAsBool(parameters, self.ADD_TO_PROJECT, context)
        if keep and context.project() is None:
            feedback.pushInfo(self.tr("No project open (e.g. run from qgis_process): the layouts are only "
                                      "exported, not kept."))
            keep = False
        if not pdf_path and not folder and not keep:
            raise QgsProcessingException(self.tr(
                "Nothing to do: give a PDF file, a folder for single maps, or add the layouts to the project."))
        with self.core_errors():
            # (the series loads the template first: a bad template fails before anything is read)
            series = ml.MapSeries(layer, options, context.project() if keep else QgsProject(), overlay=overlay,
                                  keep=keep)
        indicators = self._mapped(series, options, layer, feedback)
        with self.core_errors():
            names = ml.write_series(series, indicators, pdf_path, folder, ml.EXPORT_FORMATS[self.parameterAsEnum(
                parameters, self.FORMAT, context)], self.parameterAsInt(parameters, self.DPI, context),
                layer.name(), feedback)
        if names is None:
            feedback.pushInfo(self.tr("Cancelled: nothing was written and no layout was added."))
            return {self.PAGES: 0, self.LAYOUTS: ""}
        results = {self.PAGES: len(names), self.LAYOUTS: "; ".join(names) if keep else "",
                   **({self.OUTPUT_PDF: pdf_path} if pdf_path else {}),
                   **({self.OUTPUT_FOLDER: folder} if folder else {})}
        if pdf_path:
            feedback.pushInfo(self.tr("PDF with {n} pages: {path}").format(n=len(names), path=pdf_path))
        if keep:
            feedback.pushInfo(self.tr("{n} layouts added to the project (Project > Layouts).").format(n=len(names)))
        return results
