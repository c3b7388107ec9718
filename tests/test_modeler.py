"""The algorithms as a user chains them in the Graphical Modeler: correct the keys (QGIS's field calculator) ->
join the MSS tables -> classify Kinderarmut -> map series with the classification's breaks, and join -> MSS index.
The model is saved as a .model3 file and loaded again, as the modeler does, then run with processing.run."""
import os

import pandas as pd
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFile,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorLayer,
)

from conftest import SAMPLE, SAMPLE_TABLES

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
TABLES = [os.path.join(SAMPLE, "tables", n) for n in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv")]
STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
DYNAMICS = ["d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
            "d4_percentage_transfer_payments_recipients_below_15_years"]
KINDERARMUT = STATUS[2]
# the two key corrections the join report of the delivered planning areas suggests (as in tools/demo.py)
CORRECTED_KEY = """CASE WHEN "plr_id" = '06010102' AND "bezirk" = 'Charlottenburg-Wilmersdorf' THEN '04030417'
WHEN "plr_id" = '09041402' AND "plr_name" <> 'Allende II' THEN '09041403'
WHEN "plr_id" = '09041403' AND "plr_name" = 'Allende II' THEN '09041402' ELSE "plr_id" END"""
MANUAL = 8  # index of "manual" in the map series' method list (core.classify.REGISTRY)

Src = QgsProcessingModelChildParameterSource


def child(alg_id, child_id, sources, outputs=()):
    """A child step as the modeler's dialog makes it: the given sources, every other input at its default."""
    step = QgsProcessingModelChildAlgorithm(alg_id)
    step.setChildId(child_id)
    step.setDescription(child_id)
    for definition in step.algorithm().parameterDefinitions():
        if definition.isDestination() or definition.name() in sources:
            continue
        step.addParameterSources(definition.name(), [Src.fromStaticValue(definition.defaultValue())])
    for name, source in sources.items():
        step.addParameterSources(name, [source if isinstance(source, Src) else Src.fromStaticValue(source)])
    model_outputs = {}
    for name in outputs:
        output = QgsProcessingModelOutput(name)
        output.setChildId(child_id)
        output.setChildOutputName(name)
        model_outputs[name] = output
    step.setModelOutputs(model_outputs)
    return step


def build_model():
    model = QgsProcessingModelAlgorithm("Sozialbericht", "Sozialraum Monitor")
    model.addModelParameter(QgsProcessingParameterVectorLayer("gebiete", "Planungsräume"),
                            QgsProcessingModelParameter("gebiete"))
    model.addModelParameter(QgsProcessingParameterFile("katalog", "Indikatorenkatalog", extension="csv"),
                            QgsProcessingModelParameter("katalog"))
    catalogue = Src.fromModelParameter("katalog")
    model.addChildAlgorithm(child("native:fieldcalculator", "keys", {
        "INPUT": Src.fromModelParameter("gebiete"), "FIELD_NAME": "plr_id", "FIELD_TYPE": 2, "FIELD_LENGTH": 8,
        "FIELD_PRECISION": 0, "FORMULA": CORRECTED_KEY}))
    model.addChildAlgorithm(child("sozialraum:joinindicators", "join", {
        "INPUT": Src.fromChildOutput("keys", "OUTPUT"), "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name",
        "TABLES": TABLES, "TABLE_KEY": "id", "TABLE_NAME": "name", "CATALOGUE": catalogue}, ["OUTPUT"]))
    joined = Src.fromChildOutput("join", "OUTPUT")
    model.addChildAlgorithm(child("sozialraum:classify", "classify", {
        "INPUT": joined, "FIELDS": [KINDERARMUT], "METHOD": 0, "CLASSES": 5, "CATALOGUE": catalogue,
        "APPLY": False}, ["OUTPUT_QML", "BREAKS", "COUNTS"]))
    model.addChildAlgorithm(child("sozialraum:mapseries", "maps", {
        "INPUT": joined, "FIELDS": [KINDERARMUT], "METHOD": MANUAL, "BREAKS": Src.fromChildOutput("classify", "BREAKS"),
        "CATALOGUE": catalogue, "DPI": 40, "ADD_TO_PROJECT": True}, ["OUTPUT_PDF"]))
    model.addChildAlgorithm(child("sozialraum:compositeindex", "index", {
        "INPUT": joined, "INDICATORS": STATUS, "DYNAMICS": DYNAMICS, "CATALOGUE": catalogue,
        "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300, "KEY_FIELD": "plr_id",
        "EXCLUDE_KEYS": "04041239;10010203"}, ["OUTPUT"]))
    model.updateDestinationParameters()
    return model


@pytest.fixture(scope="module")
def model_run(sozialraum_provider, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    """Build the model, save it as the modeler does, load the file into a fresh model and run that."""
    import processing

    folder = tmp_path_factory.mktemp("modell")
    path = str(folder / "sozialbericht.model3")
    assert build_model().toFile(path)
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(path)
    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    params = {"gebiete": f"{GPKG}|layername=planungsraeume", "katalog": CATALOGUE,
              "join:OUTPUT": str(folder / "sozialraeume.gpkg"), "classify:OUTPUT_QML": str(folder / "kinderarmut.qml"),
              "maps:OUTPUT_PDF": str(folder / "karte.pdf"), "index:OUTPUT": str(folder / "sozialindex.gpkg")}
    result = processing.run(model, params, context=context, feedback=QgsProcessingFeedback())
    yield {"model": model, "result": result, "project": project, "folder": folder}
    for layout in project.layoutManager().layouts():
        project.layoutManager().removeLayout(layout)
    project.clear()


def values_of(path, field):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid(), path
    return pd.Series([f[field] for f in layer.getFeatures()], dtype=object)


@pytest.mark.usefixtures("sozialraum_provider")
def test_every_child_algorithm_validates_in_the_model():
    model = build_model()
    for child_id in model.childAlgorithms():
        ok, errors = model.validateChildAlgorithm(child_id)
        assert ok, (child_id, errors)


@pytest.mark.usefixtures("sozialraum_provider")
def test_model_offers_one_destination_parameter_per_model_output():
    model = build_model()  # kept: the definitions belong to the model
    names = {p.name() for p in model.destinationParameterDefinitions()}
    assert names == {"join:OUTPUT", "classify:OUTPUT_QML", "maps:OUTPUT_PDF", "index:OUTPUT"}


def test_saved_model_keeps_the_chain_of_outputs_into_inputs(model_run):
    model = model_run["model"]
    assert model.dependsOnChildAlgorithms("maps") == {"keys", "join", "classify"}
    assert model.dependsOnChildAlgorithms("index") == {"keys", "join"}


def test_joined_layer_of_the_model_has_every_area_and_the_table_values(model_run):
    keys = values_of(model_run["result"]["join:OUTPUT"], "plr_id")
    values = values_of(model_run["result"]["join:OUTPUT"], KINDERARMUT)
    assert len(keys) == 448
    table = pd.read_csv(os.path.join(SAMPLE_TABLES, "mss_2019_tab2-1.csv"), dtype={"id": str})
    column = next(c for c in table.columns if c.startswith("s4"))
    expected = dict(zip(table["id"], pd.to_numeric(table[column], errors="coerce")))
    got = dict(zip(keys, values))
    assert got["08010115"] == pytest.approx(expected["08010115"])
    assert got["04030417"] == pytest.approx(expected["04030417"])   # the corrected key found its row


def test_classification_in_the_model_covers_the_joined_values(model_run):
    result = model_run["result"]
    values = pd.to_numeric(values_of(result["join:OUTPUT"], KINDERARMUT), errors="coerce").dropna()
    classify = result["CHILD_RESULTS"]["classify"]   # QGIS >= 3.40 leaves text outputs out of the model's results
    breaks = [float(b) for b in classify["BREAKS"].split(";")]
    counts = [int(c) for c in classify["COUNTS"].split(";")]
    assert len(breaks) == 5 and breaks == sorted(breaks)
    assert breaks[-1] == pytest.approx(values.max())
    expected = pd.cut(values, [-float("inf")] + breaks, right=True).value_counts(sort=False).tolist()
    assert counts == expected
    assert os.path.exists(result["classify:OUTPUT_QML"])


def test_map_series_in_the_model_uses_the_breaks_of_the_classification(model_run):
    from qgis.core import QgsLayoutItemLegend

    result = model_run["result"]
    assert os.path.getsize(result["maps:OUTPUT_PDF"]) > 0
    layouts = model_run["project"].layoutManager().layouts()
    assert len(layouts) == 1
    legend = next(i for i in layouts[0].items() if isinstance(i, QgsLayoutItemLegend))
    labels = [legend.model().data(legend.model().index(r, 0, legend.model().index(0, 0)), 0)
              for r in range(legend.model().rowCount(legend.model().index(0, 0)))]
    breaks = [float(b) for b in result["CHILD_RESULTS"]["classify"]["BREAKS"].split(";")]
    upper_text = f"{breaks[-1]:.2f}".replace(".", ",")
    assert any(upper_text in str(label) for label in labels), labels


def test_index_in_the_model_reproduces_the_official_mss_classes(model_run):
    path = model_run["result"]["index:OUTPUT"]
    ours = pd.DataFrame({"id": values_of(path, "plr_id"), "status": values_of(path, "status_class"),
                         "dynamik": values_of(path, "dyn_class")})
    tab1 = pd.read_csv(os.path.join(SAMPLE_TABLES, "mss_2019_tab1.csv"), dtype={"id": str})
    merged = tab1.merge(ours, on="id", how="left", validate="one_to_one")
    assert len(merged) == 436
    assert (merged["status"] == merged["status_index_klasse"]).all()
    assert (merged["dynamik"] == merged["dynamik_index_klasse"]).all()
