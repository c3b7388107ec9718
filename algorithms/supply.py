"""sozialraum:supply - "Versorgung analysieren": places inside, per 1,000, 2SFCA/E2SFCA, supply classes."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..adapter.network import road_distances
from ..adapter.points import area_frame, containing_area, facility_frame
from ..core.files import atomic_write
from ..core.supply import (
    FIELDS,
    MEASURES,
    SUMMARY_FIELDS,
    SupplySettings,
    analyse_supply,
    parse_steps,
    supply_report,
    suppress_supply,
    suppress_supply_levels,
)
from .base import ProgressSlice, SozialraumAlgorithm, with_decimals

DECAY_IDS = ("gaussian", "step")
MEASURE_IDS = tuple(MEASURES)   # inside, 2sfca, e2sfca


class SupplyAnalysis(SozialraumAlgorithm):
    TARGET_FIELD, FORECAST_FIELD = "TARGET_FIELD", "FORECAST_FIELD"
    POINTS, POINTS_KEY = "POINTS", "POINTS_KEY"
    FACILITIES, CAPACITY_FIELD, FILTER = "FACILITIES", "CAPACITY_FIELD", "FILTER"
    CATCHMENT, DECAY, SIGMA, STEPS, ROADS = "CATCHMENT", "DECAY", "SIGMA", "STEPS", "ROADS"
    TARGET_RATIO, TOLERANCE, CLASSIFY_BY = "TARGET_RATIO", "TOLERANCE", "CLASSIFY_BY"
    OUTPUT, OUTPUT_SUMMARY, OUTPUT_REPORT = "OUTPUT", "OUTPUT_SUMMARY", "OUTPUT_REPORT"

    def name(self):
        return "supply"

    def displayName(self):
        return self.tr("Analyse care supply")

    def group(self):
        return self.tr("Planning")

    def groupId(self):
        return "planning"

    def summary(self):
        return self.tr(
            "Care supply of each social space (e.g. day care for the elderly): facilities and places inside, places "
            "per 1,000 of the target population, and the places within reach by the two-step floating catchment "
            "area method (2SFCA) and its enhanced variant with distance decay (E2SFCA), on straight-line or road "
            "distances. Against a target ratio each space is classed as under-supplied, supplied or over-supplied, "
            "today and for a forecast population. Same definitions as PySAL access. The inputs are never changed.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter()
        self.add_key_parameter()
        self.add(QgsProcessingParameterField(
            self.TARGET_FIELD, self.tr("Target population field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric),
            self.tr("People the facilities are for, per social space (e.g. residents aged 65 and over)."))
        self.add(QgsProcessingParameterField(
            self.FORECAST_FIELD, self.tr("Forecast target population field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("The target population of a future year: measures and classes for it with today's places."))
        self.add(QgsProcessingParameterFeatureSource(
            self.POINTS, self.tr("Population points"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True),
            self.tr("Points that stand for where the people of each space live (e.g. population-weighted "
                    "centres), matched by key. Without them (or where one is missing) the centroid is used."))
        self.add(QgsProcessingParameterField(
            self.POINTS_KEY, self.tr("Key field of the population points"), parentLayerParameterName=self.POINTS,
            optional=True), self.tr("The field of the population points that holds the social-space key."))
        self.add(QgsProcessingParameterFeatureSource(
            self.FACILITIES, self.tr("Facilities"), [QgsProcessing.SourceType.TypeVectorPoint,
                                                     QgsProcessing.SourceType.TypeVectorPolygon]),
            self.tr("Points or polygons (their centroids are used) of the facilities, in any CRS."))
        self.add(QgsProcessingParameterField(
            self.CAPACITY_FIELD, self.tr("Capacity field (places)"), parentLayerParameterName=self.FACILITIES,
            type=QgsProcessingParameterField.DataType.Numeric), self.tr("Places of each facility."))
        self.add(QgsProcessingParameterExpression(
            self.FILTER, self.tr("Facility filter"), parentLayerParameterName=self.FACILITIES, optional=True),
            self.tr("An expression that selects the facilities to count, e.g. \"type\" = 'Tagespflege'."))
        self.add(with_decimals(QgsProcessingParameterDistance(
            self.CATCHMENT, self.tr("Catchment"), defaultValue=1000.0, parentParameterName=self.INPUT, minValue=0),
            2),
            self.tr("Largest distance at which a facility is within reach (inclusive), in the units of the social "
                    "spaces' CRS (metres)."))
        self.add(QgsProcessingParameterEnum(
            self.DECAY, self.tr("Distance decay (E2SFCA)"),
            options=[self.tr("Gaussian"), self.tr("Steps (Luo & Qi: 1, 0.68, 0.22 on thirds of the catchment)")],
            defaultValue=0), self.tr("How the weight of a facility falls with distance in E2SFCA."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.SIGMA, self.tr("Width of the Gaussian decay"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=0.0, minValue=0.0), 1),
            self.tr("sigma of w(d) = exp(-d²/(2 sigma²)), in metres. 0 = half the catchment."))
        self.add(QgsProcessingParameterString(self.STEPS, self.tr("Steps"), optional=True),
                 self.tr("Own steps as 'limit:weight' separated by ';', e.g. 500:1;1000:0,68;1500:0,22 (the last "
                         "limit is the catchment of E2SFCA). Empty: Luo & Qi's."))
        self.add(QgsProcessingParameterFeatureSource(
            self.ROADS, self.tr("Road network"), [QgsProcessing.SourceType.TypeVectorLine], optional=True),
            self.tr("Lines: distances along the roads (QGIS network analysis, both directions) instead of "
                    "straight lines; the way from a point to the nearest road counts too."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.TARGET_RATIO, self.tr("Target ratio (places per 1,000)"), QgsProcessingParameterNumber.Type.Double,
            optional=True, minValue=0.0), 2),
            self.tr("The planning target; with it every space is classed as under-supplied, supplied or "
                    "over-supplied and the missing places are counted. Empty: no classes."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.TOLERANCE, self.tr("Tolerance around the target (%)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=10.0, minValue=0.0, maxValue=99.0), 1),
            self.tr("Values within target ± this percentage count as supplied."))
        self.add(QgsProcessingParameterEnum(
            self.CLASSIFY_BY, self.tr("Measure for the classes"),
            options=[self.tr("Places inside per 1,000"), self.tr("2SFCA"), self.tr("E2SFCA")], defaultValue=2),
            self.tr("Which measure is compared with the target ratio."))
        self.add_parent_parameter()
        self.add_privacy_parameters()
        self.add(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Supply per social space"), QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("The social spaces with the measures (German aliases)."))
        self.add(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, self.tr("Supply per parent unit"), QgsProcessing.SourceType.TypeVector,
            optional=True, createByDefault=False), self.tr("Summary per parent unit (needs the parent unit field)."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Report of assumptions"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=False), self.tr("Catchment, decay, target ratio and results as an HTML page."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        areas, facilities, matrix, facts, source = self._inputs(parameters, context, feedback)
        with self.core_errors():
            result = analyse_supply(areas, facilities, self._settings(parameters, context), matrix)
            rule = self.privacy_rule(parameters, context)
            if result.summary is None:
                out, reasons = suppress_supply(result.table, rule, areas.get(rule.population_field))
                summary = None
            else:  # areas and parent units together: no hidden area is its parent minus the shown areas
                out, reasons, summary, _summary_reasons = suppress_supply_levels(
                    result.table, result.summary, areas["parent"], rule, areas.get(rule.population_field))
        for note in result.notes:
            feedback.pushInfo(note)
        feedback.setProgress(80)
        out.index = areas["fid"].to_numpy()
        # the input's count fields are copied as shown in the results (the same cells hidden), never raw
        copies = {f: c for f, c in ((self.parameterAsString(parameters, self.TARGET_FIELD, context), "target"),
                                    (self.parameterAsString(parameters, self.FORECAST_FIELD, context), "forecast"))
                  if f and c in out.columns}
        out = out.assign(**{f: out[c] for f, c in copies.items()})
        outputs = {self.OUTPUT: self.write_sink(parameters, self.OUTPUT, context, out, source,
                                                {c: FIELDS.get(c, c) for c in out.columns}, feedback=feedback,
                                                progress=(80.0, 95.0),
                                                source_fields=[f for f in source.fields().names() if f not in copies])}
        if summary is not None and parameters.get(self.OUTPUT_SUMMARY):
            outputs[self.OUTPUT_SUMMARY] = self.write_sink(parameters, self.OUTPUT_SUMMARY, context,
                                                           summary.reset_index(), aliases=SUMMARY_FIELDS,
                                                           feedback=feedback, progress=(95.0, 98.0))
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report:
            outputs[self.OUTPUT_REPORT] = write_text(report, supply_report(result, facts, reasons, summary))
        feedback.setProgress(100)
        return outputs

    # --- reading ---------------------------------------------------------------------------------------------
    def _inputs(self, parameters, context, feedback):
        """(areas frame, facilities frame, road matrix or None, facts for the report, the area source)."""
        source = self.source(parameters, context)
        key = self.key_field(parameters, context, source, feedback)
        target = self.parameterAsString(parameters, self.TARGET_FIELD, context)
        forecast = self.parameterAsString(parameters, self.FORECAST_FIELD, context)
        parent = self.parent_field(parameters, context)
        population = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        fields = [f for f in dict.fromkeys([target, forecast, parent, population]) if f]
        points = self.parameterAsSource(parameters, self.POINTS, context)
        with self.core_errors():
            frame, geometries, fallback = area_frame(
                source, key, fields, points, self.parameterAsString(parameters, self.POINTS_KEY, context),
                context, feedback)
            plants = self.source(parameters, context, self.FACILITIES)
            facilities = facility_frame(plants, self.parameterAsString(parameters, self.CAPACITY_FIELD, context),
                                        source.sourceCrs(), context,
                                        self.parameterAsExpression(parameters, self.FILTER, context), feedback)
        facilities["area"] = containing_area(facilities, frame["key"].tolist(), geometries)
        feedback.setProgress(10)
        areas = frame.rename(columns={target: "target"}).set_index("key", drop=False)
        if forecast:
            areas["forecast"] = frame[forecast].to_numpy()
        if parent:
            areas["parent"] = frame[parent].to_numpy()
        if population and population not in areas.columns:
            areas[population] = frame[population].to_numpy()
        roads = self.parameterAsSource(parameters, self.ROADS, context)
        matrix = None
        if roads is not None:
            with self.core_errors():
                matrix = road_distances(roads, source.sourceCrs(), areas[["x", "y"]].to_numpy(dtype=float),
                                        facilities[["x", "y"]].to_numpy(dtype=float), ProgressSlice(feedback, 10, 80))
        capacity = self.parameterAsString(parameters, self.CAPACITY_FIELD, context)
        facts = {"Sozialräume": f"{len(areas)} (Schlüssel {key}, Zielbevölkerung {target}"
                                + (f", Prognose {forecast}" if forecast else "") + ")",
                 "Einrichtungen": f"{len(facilities)} (Plätze aus {capacity})",
                 "Entfernung": "Straßennetz (QGIS-Netzwerkanalyse)" if roads is not None else "Luftlinie",
                 "Bevölkerungspunkt": (f"Punkte-Layer, {fallback} Sozialräume ohne Punkt: Schwerpunkt"
                                       if points is not None else "Schwerpunkt des Sozialraums")}
        if fallback:
            feedback.pushInfo(self.tr("{n} social spaces have no population point: their centroid is used.")
                              .format(n=fallback))
        return areas, facilities, matrix, facts, source

    def _settings(self, parameters, context):
        ratio = parameters.get(self.TARGET_RATIO)
        with self.core_errors():
            steps = parse_steps(self.parameterAsString(parameters, self.STEPS, context))
        return SupplySettings(
            catchment=self.parameterAsDouble(parameters, self.CATCHMENT, context),
            decay=DECAY_IDS[self.parameterAsEnum(parameters, self.DECAY, context)],
            sigma=self.parameterAsDouble(parameters, self.SIGMA, context) or None, steps=steps,
            target_ratio=(None if ratio in (None, "")
                          else self.parameterAsDouble(parameters, self.TARGET_RATIO, context)),
            tolerance=self.parameterAsDouble(parameters, self.TOLERANCE, context) / 100.0,
            classify_by=MEASURE_IDS[self.parameterAsEnum(parameters, self.CLASSIFY_BY, context)])


def write_text(path, text):
    """`text` into `path` (UTF-8), whole or not at all."""
    def writer(temp):
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
    return atomic_write(path, writer, ".html")
