"""Outputs never destroy inputs and never pass for written when they were not (the shared algorithm kit)."""
import hashlib
import os
import shutil

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProcessingContext,
    QgsProcessingDestinationParameter,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterVectorLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from conftest import SAMPLE


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture()
def sample_copy(tmp_path):
    target = tmp_path / "sozialraeume.gpkg"
    shutil.copy(os.path.join(SAMPLE, "berlin_mss2019.gpkg"), target)
    return str(target)


def test_every_algorithm_refuses_an_output_that_is_its_input(sozialraum_provider, sample_copy):
    """For each algorithm and each of its outputs: pointing the output at the input file is refused."""
    checked = 0
    for algorithm in sozialraum_provider.algorithms():
        inputs = [d for d in algorithm.parameterDefinitions()
                  if isinstance(d, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer))]
        outputs = [d for d in algorithm.parameterDefinitions() if isinstance(d, QgsProcessingDestinationParameter)]
        assert inputs and outputs, algorithm.id()
        for output in outputs:
            parameters = {inputs[0].name(): sample_copy + "|layername=sozialraeume", output.name(): sample_copy}
            message = algorithm.output_clash(parameters, QgsProcessingContext())
            assert "überschreiben" in message or "overwrite" in message, (algorithm.id(), output.name())
            checked += 1
    assert checked >= 2 * len(sozialraum_provider.algorithms()) - 2


def test_two_outputs_on_one_file_are_refused(sozialraum_provider, tmp_path):
    algorithm = sozialraum_provider.algorithm("joinindicators")
    target = str(tmp_path / "out.html")
    parameters = {"REPORT_HTML": target, "OUTPUT": target}
    assert algorithm.output_clash(parameters, QgsProcessingContext())


def test_join_with_output_on_its_input_stops_and_leaves_the_input_unchanged(run_alg, sample_copy):
    before = digest(sample_copy)
    parameters = {
        "INPUT": sample_copy + "|layername=planungsraeume", "INPUT_KEY": "plr_id",
        "TABLES": [os.path.join(SAMPLE, "tables", "mss_2019_tab2-1.csv")], "TABLE_KEY": "id",
        "AREA_DUPLICATES": 1, "OUTPUT": sample_copy, "REPORT": "memory:", "REPORT_HTML": "",
    }
    with pytest.raises(QgsProcessingException, match="(?i)überschreiben|overwrite"):
        run_alg("sozialraum:joinindicators", parameters)
    assert digest(sample_copy) == before
    assert QgsVectorLayer(sample_copy + "|layername=planungsraeume", "x", "ogr").featureCount() == 448


def test_a_sink_that_refuses_features_is_an_error_not_a_success(tmp_path):
    """GeoPackage takes at most 2000 columns: the writer must say so instead of reporting success."""
    import pandas as pd

    from sozialraum_monitor.adapter.layers import SinkError, fields_for, write_frame

    frame = pd.DataFrame({f"f{i}": [1.0, 2.0] for i in range(2100)})
    fields = fields_for(frame)
    path = str(tmp_path / "wide.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    writer = QgsVectorFileWriter.create(path, fields, QgsWkbTypes.Type.NoGeometry,
                                        QgsCoordinateReferenceSystem("EPSG:25833"), QgsCoordinateTransformContext(),
                                        options)
    try:
        if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
            pytest.skip("this GDAL refuses the table already when creating it")
        with pytest.raises(SinkError, match="nicht geschrieben"):
            write_frame(writer, fields, frame, feedback=QgsProcessingFeedback())
    finally:
        del writer


@pytest.mark.usefixtures("qgis_app")
def test_help_panel_keeps_text_in_angle_brackets():
    """QGIS renders the help as HTML: '< -1' or '<name>.qml' in a help text must stay visible (escaped)."""
    from qgis.core import QgsProcessingParameterString

    from sozialraum_monitor.algorithms.base import SozialraumAlgorithm

    class Probe(SozialraumAlgorithm):
        def name(self):
            return "probe"

        def displayName(self):  # noqa: N802
            return "Probe"

        def summary(self):
            return "Classes: hoch < -1, sehr niedrig > +1.5"

        def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
            self.add(QgsProcessingParameterString("STYLE", "Style"), "Written as <field>.qml beside the output.")

    probe = Probe()
    probe.initAlgorithm()
    text = probe.shortHelpString()
    assert "hoch &lt; -1" in text and "&lt;field&gt;.qml" in text
    assert "<b>Style</b> (STYLE)" in text


def test_doubles_written_to_a_geopackage_keep_every_digit(tmp_path):
    """A field precision would make OGR round the stored values (6 decimals): none is set."""
    import pandas as pd

    from sozialraum_monitor.adapter.layers import fields_for, write_frame

    frame = pd.DataFrame({"v": [0.31128943123, 12345.678901234]})
    fields = fields_for(frame)
    path = str(tmp_path / "precise.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    writer = QgsVectorFileWriter.create(path, fields, QgsWkbTypes.Type.NoGeometry,
                                        QgsCoordinateReferenceSystem("EPSG:25833"), QgsCoordinateTransformContext(),
                                        options)
    assert write_frame(writer, fields, frame)
    del writer
    values = [f["v"] for f in QgsVectorLayer(path, "precise", "ogr").getFeatures()]
    assert values == [0.31128943123, 12345.678901234]


def test_table_output_as_csv_opens_in_german_excel(run_alg, tmp_path):
    """A .csv table output: ';', decimal comma, UTF-8 with BOM (OGR would write ',' and '.', one column in
    German Excel)."""
    import csv

    csv_path = str(tmp_path / "bericht.csv")
    result = run_alg("sozialraum:aggregate", {
        "INPUT": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume",
        "KEY": "plr_id", "PREFIX_LENGTH": 2, "DISSOLVE": False, "WEIGHT": "inhabitants",
        "CATALOGUE": os.path.join(SAMPLE, "indikatoren_mss2019.csv"),
        "OUTPUT": csv_path, "REPORT": str(tmp_path / "methoden.csv"), "REPORT_HTML": "",
    })
    assert result["OUTPUT"] == csv_path
    with open(csv_path, "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf"
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 13 and len(rows[0]) > 5          # 12 districts + header, many columns
    decimals = [cell for row in rows[1:] for cell in row if "," in cell]
    assert decimals and all(c.replace(",", "").replace("-", "").isdigit() for c in decimals[:50])
    assert not any("." in cell and cell.replace(".", "").isdigit() for row in rows[1:] for cell in row)


def test_aliases_of_a_file_output_survive_reopening_the_file(run_alg, tmp_path):
    """A GeoPackage output, opened again in a fresh layer (as in a new QGIS session), still has its German
    aliases; a Shapefile output gets them from the .qml beside it."""
    for name in ("einheiten.gpkg", "einheiten.shp"):
        output = str(tmp_path / name)
        run_alg("sozialraum:aggregate", {
            "INPUT": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume",
            "KEY": "plr_id", "PREFIX_LENGTH": 2, "WEIGHT": "inhabitants",
            "CATALOGUE": os.path.join(SAMPLE, "indikatoren_mss2019.csv"),
            "OUTPUT": output, "REPORT": "memory:", "REPORT_HTML": ""})
        reopened = QgsVectorLayer(output, "neu", "ogr")
        index = reopened.fields().lookupField("s1_percent" if name.endswith(".shp") else "s1_percentage_unemployed")
        assert index >= 0, reopened.fields().names()
        assert reopened.fields().field(index).alias() == "Arbeitslosigkeit (SGB II)", name


@pytest.mark.parametrize("where", ["file_as_folder", "long_name", "read_only"])
def test_unwritable_outputs_are_refused_before_the_run_in_german_terms(run_alg, tmp_path, where):
    """A file where a folder should be, a name longer than 255 bytes, a folder without write permission: the run
    stops before anything is written, with a message that names the problem (never an operating system
    traceback)."""
    if where == "file_as_folder":
        (tmp_path / "datei.txt").write_text("x")
        target = str(tmp_path / "datei.txt" / "bericht.html")
        expected = "ist eine Datei, wo ein Ordner sein müsste"
    elif where == "long_name":
        target = str(tmp_path / ("b" * 300 + ".html"))
        expected = "länger als 255 Zeichen"
    else:
        if os.geteuid() == 0:
            pytest.skip("root may write everywhere")
        locked = tmp_path / "gesperrt"
        locked.mkdir(mode=0o500)
        target = str(locked / "bericht.html")
        expected = "darf nicht geschrieben werden"
    parameters = {
        "INPUT": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=planungsraeume", "INPUT_KEY": "plr_id",
        "TABLES": [os.path.join(SAMPLE, "tables", "mss_2019_tab2-1.csv")], "TABLE_KEY": "id",
        "AREA_DUPLICATES": 1, "OUTPUT": "memory:", "REPORT": "memory:", "REPORT_HTML": target}
    with pytest.raises(QgsProcessingException, match=expected):
        run_alg("sozialraum:joinindicators", parameters)
