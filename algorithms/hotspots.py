"""sozialraum:hotspots - "Räumliche Häufungen finden": read -> adapter.weights (neighbours from the polygons) ->
core.hotspots.spatial_clusters -> write (the layer with LISA and Gi* statistics and classes, styled in the LISA
colours, and the HTML report with the Moran scatter plot)."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..adapter.pattern_style import gi_renderer, lisa_renderer
from ..adapter.weights import DISTANCE, KINDS, KNN, QUEEN, ROOK, spatial_weights
from ..core.files import write_text
from ..core.hotspots import DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_SEED, GI_LABELS, LISA_LABELS, spatial_clusters
from ..core.pattern_report import hotspots_html
from .base import SozialraumAlgorithm, log_number, with_decimals

FIELDS = {"z_wert": "z-Wert (standardisiert)", "lag_z": "Mittel der Nachbarn (z)", "lisa_i": "Lokales Moran's I",
          "lisa_p": "p-Wert LISA (Permutation)", "lisa_cl": "LISA-Klasse (Kürzel)", "lisa_kl": "LISA-Klasse",
          "gi_z": "Gi* z-Wert", "gi_p": "p-Wert Gi* (Permutation)", "gi_cl": "Gi*-Klasse (Kürzel)",
          "gi_kl": "Gi*-Klasse", "nachbarn": "Zahl der Nachbarn", "hs_grund": "Ohne Statistik, weil"}
COLUMNS = {"z": "z_wert", "lag": "lag_z", "local_i": "lisa_i", "lisa_p": "lisa_p", "lisa_cluster": "lisa_cl",
           "gi_z": "gi_z", "gi_p": "gi_p", "gi_cluster": "gi_cl", "neighbours": "nachbarn", "reason": "hs_grund"}
WEIGHT_TEXT = {QUEEN: "Queen-Kontiguität (gemeinsamer Eckpunkt)", ROOK: "Rook-Kontiguität (gemeinsame Kante)",
               KNN: "{k} nächste Nachbarn (Schwerpunkte)", DISTANCE: "Schwerpunkte im Abstand bis {distance}"}


class Hotspots(SozialraumAlgorithm):
    INDICATOR, NEIGHBOURS, K, DISTANCE, TOLERANCE = "INDICATOR", "NEIGHBOURS", "K", "DISTANCE", "TOLERANCE"
    PERMUTATIONS, SEED, ALPHA, FDR, MAP = "PERMUTATIONS", "SEED", "ALPHA", "FDR", "MAP"
    OUTPUT, OUTPUT_REPORT = "OUTPUT", "OUTPUT_REPORT"
    MORANS_I, P_VALUE, ISLANDS = "MORANS_I", "P_VALUE", "ISLANDS"

    def name(self):
        return "hotspots"

    def displayName(self):  # noqa: N802
        return self.tr("Find spatial clusters")

    def group(self):
        return self.tr("Spatial patterns")

    def groupId(self):  # noqa: N802
        return "patterns"

    def summary(self):
        return self.tr(
            "Finds where high or low values of an indicator cluster in space: global Moran's I with its pseudo "
            "p-value, local Moran's I (LISA) with the classes high-high, low-low, high-low, low-high and not "
            "significant, and Getis-Ord Gi* hot and cold spots, with conditional permutation inference (seeded) "
            "and optional false discovery rate control. The same results as PySAL esda for the same data and "
            "seed. Values hidden by the privacy rule take no part. The layer is not changed.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter()
        self.add(QgsProcessingParameterField(
            self.INDICATOR, self.tr("Indicator"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric), self.tr("The numeric field to look at."))
        self.add(QgsProcessingParameterEnum(
            self.NEIGHBOURS, self.tr("Neighbourhood"), options=[
                self.tr("Queen contiguity (common vertex)"), self.tr("Rook contiguity (common edge)"),
                self.tr("k nearest neighbours (centroids)"), self.tr("Distance band (centroids)")], defaultValue=0),
            self.tr("Which areas count as neighbours. Contiguity follows the shared vertices of the polygons, as "
                    "GeoDa and PySAL do; areas without neighbours (islands) are reported and get no local "
                    "statistic."))
        self.add(QgsProcessingParameterNumber(
            self.K, self.tr("Number of neighbours (k)"), QgsProcessingParameterNumber.Type.Integer, defaultValue=6,
            minValue=1), self.tr("For k nearest neighbours."))
        self.add(with_decimals(QgsProcessingParameterDistance(
            self.DISTANCE, self.tr("Distance band"), defaultValue=1000.0, parentParameterName=self.INPUT,
            minValue=0.0), 2), self.tr("For the distance band: centroids at most this far apart are neighbours (in the "
                                   "units of the layer's CRS)."))
        tolerance = self.add(with_decimals(QgsProcessingParameterDistance(
            self.TOLERANCE, self.tr("Vertex tolerance"), defaultValue=0.0, parentParameterName=self.INPUT,
            minValue=0.0), 3), self.tr("For contiguity: vertices closer than this count as shared (0 = exactly equal). "
                                   "Helps with layers whose borders do not meet exactly."))
        tolerance.setFlags(tolerance.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.add(QgsProcessingParameterNumber(
            self.PERMUTATIONS, self.tr("Permutations"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=DEFAULT_PERMUTATIONS, minValue=99, maxValue=99999), self.tr(
            "Random permutations for the pseudo p-values (999: the smallest p is 0.001)."))
        self.add(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Type.Integer, defaultValue=DEFAULT_SEED,
            minValue=0), self.tr("Same seed and data, same p-values (and the same as PySAL esda with this seed)."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.ALPHA, self.tr("Significance level"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=DEFAULT_ALPHA, minValue=0.0001, maxValue=0.5), 4), self.tr(
            "An area is significant when its pseudo p-value is below this level."))
        self.add(QgsProcessingParameterBoolean(self.FDR, self.tr("Control the false discovery rate"),
                                               defaultValue=False), self.tr(
            "With many areas some are 'significant' by chance; the Benjamini-Hochberg bound lowers the level so "
            "that at most this share of the significant areas is expected to be false."))
        self.add(QgsProcessingParameterEnum(
            self.MAP, self.tr("Map"), options=[self.tr("LISA clusters"), self.tr("Gi* hot and cold spots")],
            defaultValue=0), self.tr("Which classes the output layer is styled by (both are in its fields)."))
        self.add_key_parameter(help_text=self.tr("Names the areas in the report. Empty: guessed from the field "
                                                 "names; without one the feature ids are used."))
        self.add_catalogue_parameter()
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        self.add(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Spatial clusters"), QgsProcessing.SourceType.TypeVectorPolygon), self.tr(
            "The social spaces with z_wert, lag_z, lisa_i, lisa_p, lisa_cl/lisa_kl (LISA class), gi_z, gi_p, "
            "gi_cl/gi_kl (Gi* class), nachbarn and hs_grund (why an area has no statistic). A .qml style is "
            "written beside file outputs."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True), self.tr("Global Moran's I, the Moran scatter plot and the classes."))
        self.addOutput(QgsProcessingOutputNumber(self.MORANS_I, self.tr("Moran's I")))
        self.addOutput(QgsProcessingOutputNumber(self.P_VALUE, self.tr("Pseudo p-value of Moran's I")))
        self.addOutput(QgsProcessingOutputNumber(self.ISLANDS, self.tr("Areas without neighbours")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.source(parameters, context)
        indicator = self.parameterAsString(parameters, self.INDICATOR, context)
        catalogue, rule = self.catalogue(parameters, context), self.privacy_rule(parameters, context)
        key = self._key(parameters, context, source, feedback)
        counts = [f for f in catalogue.count_fields() if source.fields().lookupField(f) >= 0]
        frame = self.read_frame(source, [indicator, key, rule.population_field] + counts, feedback, text_fields=(key,),
                                codes=self.missing_codes(parameters, context), catalogue=catalogue)
        feedback.setProgress(10)
        kind = KINDS[self.parameterAsEnum(parameters, self.NEIGHBOURS, context)]
        options = {"k": self.parameterAsInt(parameters, self.K, context),
                   "distance": self.parameterAsDouble(parameters, self.DISTANCE, context),
                   "tolerance": self.parameterAsDouble(parameters, self.TOLERANCE, context)}
        if source.sourceCrs().isGeographic() and (kind in (KNN, DISTANCE) or options["tolerance"]):
            feedback.pushWarning(self.tr("The layer's CRS is geographic: distances are in degrees. Reproject the "
                                         "layer to a projected CRS for distance bands and tolerances in metres."))
        feedback.setProgressText(self.tr("Finding the neighbours"))
        neighbours = spatial_weights(source, frame.index.tolist(), kind, **options)
        feedback.setProgress(30)
        with self.core_errors():
            result = spatial_clusters(
                frame, indicator, neighbours, catalogue, rule,
                permutations=self.parameterAsInt(parameters, self.PERMUTATIONS, context),
                seed=self.parameterAsInt(parameters, self.SEED, context),
                alpha=self.parameterAsDouble(parameters, self.ALPHA, context),
                fdr=self.parameterAsBool(parameters, self.FDR, context))
        self._log(result, feedback)
        feedback.setProgress(70)
        indicator_title = catalogue.get(indicator).title if catalogue.get(indicator) is not None else indicator
        weights_text = WEIGHT_TEXT[kind].format(k=options["k"], distance=log_number(options["distance"]))
        labels = frame[key].astype(str) if key else None
        return self._write(parameters, context, feedback, source, result, indicator_title, weights_text, labels,
                           catalogue.attribution([indicator]) if catalogue.get(indicator) else "", (catalogue, rule))

    def _key(self, parameters, context, source, feedback):
        try:
            return self.key_field(parameters, context, source, feedback)
        except QgsProcessingException:
            return ""

    def _write(self, parameters, context, feedback, source, result, title, weights_text, labels, attribution,
               protect):
        table = result.table.rename(columns=COLUMNS)
        table["lisa_kl"] = table["lisa_cl"].map(LISA_LABELS)
        table["gi_kl"] = table["gi_cl"].map(GI_LABELS)
        table = table[list(FIELDS)].copy()
        table["nachbarn"] = table["nachbarn"].astype("Int64")
        table["hs_grund"] = table["hs_grund"].where(table["hs_grund"].fillna("") != "", None)
        if self.parameterAsEnum(parameters, self.MAP, context) == 0:
            renderer = lisa_renderer("lisa_cl", table["lisa_cl"])
        else:
            renderer = gi_renderer("gi_cl", table["gi_cl"])
        outputs = {self.OUTPUT: self.write_sink(parameters, self.OUTPUT, context, table, source, FIELDS, renderer,
                                                feedback, progress=(70.0, 95.0), protect=protect),
                   self.MORANS_I: result.moran.I, self.P_VALUE: result.moran.p_sim,
                   self.ISLANDS: len(result.islands)}
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report:
            outputs[self.OUTPUT_REPORT] = write_text(report, hotspots_html(
                result, title, labels, weights_text, attribution=attribution, subtitle=source.sourceName()))
        feedback.setProgress(100)
        return outputs

    def _log(self, result, feedback):
        m = result.moran
        feedback.pushInfo(self.tr("Moran's I {i} (expected {e}), pseudo p {p} ({n} permutations, seed {seed}).")
                          .format(i=log_number(m.I), e=log_number(m.expected), p=log_number(m.p_sim),
                                  n=m.permutations, seed=result.seed))
        counts = result.table["lisa_cluster"].value_counts()
        feedback.pushInfo(self.tr("LISA classes: {counts}").format(
            counts=", ".join(f"{LISA_LABELS[c]} {int(counts.get(c, 0))}" for c in LISA_LABELS if counts.get(c, 0))))
        if result.islands:
            feedback.pushWarning(self.tr("{n} areas have no neighbours and get no local statistic (see the report); "
                                         "another neighbourhood (k nearest neighbours) or a vertex tolerance may "
                                         "help.").format(n=len(result.islands)))
        if result.excluded:
            feedback.pushInfo(self.tr("{n} areas without a value (empty or suppressed) take no part.").format(
                n=result.excluded))
