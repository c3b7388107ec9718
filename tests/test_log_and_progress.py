"""What a user reads while an algorithm runs (issue 14, "Dock and dialogs"): every algorithm of the provider moves
the progress bar up to 100 %, and the log writes numbers the German way (decimal comma) and names indicator
fields by their catalogue label.

Each algorithm runs once on the Berlin sample (resources/sample) with the parameters the other tests use, with a
feedback that records what QGIS's dialog would show."""
import os
import re

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from conftest import SAMPLE
from sozialraum_monitor.adapter.compat import make_field

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
AREAS = GPKG + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S1, S3, S4 = ("s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
              "s4_percentage_transfer_payments_recipients_below_15_years")
D1, D3, D4 = ("d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
              "d4_percentage_transfer_payments_recipients_below_15_years")
PRIVACY = {"MIN_COUNT": 3, "MIN_POPULATION": 300, "POPULATION_FIELD": "inhabitants"}


class Recorder(QgsProcessingFeedback):
    """Keeps every progress value (from the signal, so that values set by QGIS's own code count too) and every
    message the log would show."""

    def __init__(self):
        super().__init__()
        self.progress, self.messages = [], []
        self.progressChanged.connect(self.progress.append)

    def pushInfo(self, info):  # noqa: N802
        self.messages.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802
        self.messages.append(warning)
        super().pushWarning(warning)

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.messages.append(error)
        super().reportError(error, fatalError)

    def pushCommandInfo(self, info):  # noqa: N802
        self.messages.append(info)
        super().pushCommandInfo(info)


def _facilities(folder):
    """20 facilities with 10 to 48 places, each on the centroid of a planning area (EPSG:25833)."""
    areas = QgsVectorLayer(AREAS, "areas", "ogr")
    layer = QgsVectorLayer("Point?crs=EPSG:25833", "einrichtungen", "memory")
    layer.dataProvider().addAttributes([make_field("plaetze", "int")])
    layer.updateFields()
    for n, area in enumerate(areas.getFeatures()):
        if n % 22:
            continue
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry(area.geometry().centroid()))
        feature.setAttributes([10 + 2 * (n // 22)])
        layer.dataProvider().addFeature(feature)
    path = str(folder / "einrichtungen.gpkg")
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(),
                                              QgsVectorFileWriter.SaveVectorOptions())
    return path


def _calls(folder, layer_id):
    """(algorithm id, parameters) for every algorithm of the provider, as the other tests call them."""
    tables = os.path.join(SAMPLE, "tables")
    return {
        "sozialraum:joinindicators": {
            "INPUT": GPKG + "|layername=planungsraeume", "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name",
            "TABLES": [os.path.join(tables, "mss_2019_tab2-1.csv"), os.path.join(tables, "mss_2019_tab4-1.csv")],
            "TABLE_KEY": "id", "TABLE_NAME": "name", "CATALOGUE": CATALOGUE, "AREA_DUPLICATES": 1,
            "OUTPUT": str(folder / "joined.gpkg"), "REPORT": "memory:", "REPORT_HTML": str(folder / "join.html")},
        "sozialraum:aggregate": {
            "INPUT": AREAS, "PARENT_FIELD": "bez_id", "FIELDS": [S1, S3], "CATALOGUE": CATALOGUE, **PRIVACY,
            "OUTPUT": str(folder / "bezirke.gpkg"), "REPORT": "memory:", "REPORT_HTML": str(folder / "agg.html")},
        "sozialraum:classify": {
            "INPUT": AREAS, "FIELDS": [S1], "METHOD": 0, "CLASSES": 5, "CATALOGUE": CATALOGUE, **PRIVACY,
            "APPLY": False, "OUTPUT_QML": str(folder / "s1.qml")},
        "sozialraum:compositeindex": {
            "INPUT": AREAS, "INDICATORS": [S1, S3, S4], "DYNAMICS": [D1, D3, D4], "CATALOGUE": CATALOGUE,
            "KEY_FIELD": "plr_id", **PRIVACY, "OUTPUT": str(folder / "index.gpkg")},
        "sozialraum:comparisons": {
            "INPUT": AREAS, "INDICATORS": [S1, S3, S4], "PARENT_FIELD": "bez_id", "KEY_FIELD": "plr_id",
            "NAME_FIELD": "plr_name", "CATALOGUE": CATALOGUE, **PRIVACY, "VARIANCE": "memory:",
            "SPREAD": "memory:", "EXTREMES": "memory:", "CONCENTRATION": "memory:", "CORRELATIONS": "memory:",
            "REPORT": str(folder / "vergleiche.html")},
        "sozialraum:profilereport": {
            "INPUT": layer_id, "SELECTED_ONLY": True, "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name",
            "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk", "CATALOGUE": CATALOGUE, **PRIVACY,
            "OUTPUT_HTML": str(folder / "profile.html")},
        "sozialraum:mapseries": {
            "INPUT": AREAS, "FIELDS": [S1], "CATALOGUE": CATALOGUE, "DPI": 40,
            "OUTPUT_PDF": str(folder / "karten.pdf"), "ADD_TO_PROJECT": False},
        "sozialraum:supply": {
            "INPUT": AREAS, "KEY_FIELD": "plr_id", "TARGET_FIELD": "inhabitants",
            "FACILITIES": _facilities(folder), "CAPACITY_FIELD": "plaetze", "CATCHMENT": 1500.0,
            "TARGET_RATIO": 0.5, "PARENT_FIELD": "bez_id", **PRIVACY, "OUTPUT": str(folder / "versorgung.gpkg"),
            "OUTPUT_SUMMARY": str(folder / "versorgung_bezirke.gpkg"), "OUTPUT_REPORT": str(folder / "v.html")},
        "sozialraum:allocate": {
            "INPUT": AREAS, "KEY_FIELD": "plr_id", "BUDGET": 1_000_000.0, "TARGET_FIELD": "inhabitants",
            "NEED_FIELD": S1, "ELIGIBLE": '"inhabitants" >= 300', "CATALOGUE": CATALOGUE,
            **PRIVACY, "OUTPUT": str(folder / "mittel.gpkg")},
        "sozialraum:typology": {
            "INPUT": AREAS, "INDICATORS": [S1, S3, S4], "TYPES": 4, "CATALOGUE": CATALOGUE, **PRIVACY,
            "OUTPUT": str(folder / "typen.gpkg"), "OUTPUT_NAMES": str(folder / "typen.csv"),
            "OUTPUT_REPORT": str(folder / "typen.html")},
        "sozialraum:hotspots": {
            "INPUT": AREAS, "INDICATOR": S1, "CATALOGUE": CATALOGUE, "KEY_FIELD": "plr_id", "PERMUTATIONS": 99,
            **PRIVACY, "OUTPUT": str(folder / "hotspots.gpkg"), "OUTPUT_REPORT": str(folder / "hotspots.html")},
    }


@pytest.fixture(scope="module")
def runs(sozialraum_provider, tmp_path_factory):
    """{algorithm id: Recorder} of one run of every algorithm of the provider."""
    import processing

    folder = tmp_path_factory.mktemp("log")
    layer = QgsVectorLayer(AREAS, "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.selectByExpression("\"bez_id\" = '01'")
    calls = _calls(folder, layer.id())
    recorded = {}
    try:
        for algorithm in sozialraum_provider.algorithms():
            assert algorithm.id() in calls, f"{algorithm.id()}: no call in this test; add one"
            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            feedback = Recorder()
            processing.run(algorithm.id(), calls[algorithm.id()], context=context, feedback=feedback)
            recorded[algorithm.id()] = feedback
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    return recorded


def test_every_algorithm_moves_the_progress_bar_up_to_100(runs):
    stuck = {}
    for alg_id, feedback in runs.items():
        values = feedback.progress
        rising = all(later >= earlier - 1e-9 for earlier, later in zip(values, values[1:]))
        moving = any(0 < v < 100 for v in values)   # a step before the end: the bar does not wait at 0 %
        if not values or not rising or abs(values[-1] - 100) > 1e-6 or not moving:
            stuck[alg_id] = values[:5] + ["..."] + values[-5:] if len(values) > 10 else values
    assert stuck == {}


# a dot between digits: a number written the English way ("0.345"); paths, ids, versions and dates are removed
# before the check
DOT_DECIMAL = re.compile(r"\d\.\d")
NOT_NUMBERS = re.compile(r"(/[^\s'\"()]+"                       # paths
                         r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b"         # dates 31.12.2018
                         r"|\b\d+\.\d+\.\d+\.?\d*\b"              # versions, keys such as 01.02.03
                         r"|(?<![\d.,])[1-9]\d{0,2}(\.\d{3})+(,\d+)?(?![\d.]))")   # German thousands 1.000
# QGIS's own lines (processing.run lists the parameters and results as Python dictionaries)
QGIS_LINES = ("Results:", "Input parameters:")
# QGIS 3.40's file writer reports per field that GDAL's GeoPackage driver keeps no alias or comment (the kit
# stores the aliases as the file's default style instead)
WRITER_NOTICE = re.compile(r": (Aliases|Comments) are not supported by ")


def test_no_number_in_the_log_has_a_dot_decimal(runs):
    english = {alg_id: [m for m in feedback.messages if not m.startswith(QGIS_LINES)
                        and DOT_DECIMAL.search(NOT_NUMBERS.sub("", m))]
               for alg_id, feedback in runs.items()}
    assert {k: v for k, v in english.items() if v} == {}


def test_the_log_names_indicators_by_their_catalogue_label(runs):
    """An indicator the log mentions is named by its label (with the field name in parentheses where useful),
    never by its bare field name."""
    for alg_id in ("sozialraum:comparisons", "sozialraum:classify", "sozialraum:aggregate", "sozialraum:mapseries"):
        messages = [m for m in runs[alg_id].messages if not m.startswith(QGIS_LINES) and not WRITER_NOTICE.search(m)]
        assert any("Arbeitslosigkeit (SGB II)" in m for m in messages), (alg_id, messages)
        bare = [m for m in messages if re.search(rf"(?<![(\w]){S1}(?![\w)])", m)]
        assert bare == [], (alg_id, bare)
