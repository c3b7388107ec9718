"""Supply and allocation as a user chains them in the Graphical Modeler: estimate the residents 65+ (QGIS's field
calculator) -> sozialraum:supply against a target ratio -> sozialraum:allocate a budget to the under-supplied
areas by their missing places. Saved as .model3, loaded again as the modeler does, run with processing.run."""
import os

import numpy as np
import pytest
from qgis.core import (
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelParameter,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from conftest import SAMPLE
from sozialraum_monitor.adapter.compat import make_field
from test_modeler import Src, child

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
AREAS = f"{GPKG}|layername=sozialraeume"
BUDGET = 500_000


def build_model():
    model = QgsProcessingModelAlgorithm("Tagespflege", "Sozialraum Monitor")
    for name, label in (("gebiete", "Planungsräume"), ("einrichtungen", "Einrichtungen")):
        model.addModelParameter(QgsProcessingParameterVectorLayer(name, label), QgsProcessingModelParameter(name))
    model.addChildAlgorithm(child("native:fieldcalculator", "senioren", {
        "INPUT": Src.fromModelParameter("gebiete"), "FIELD_NAME": "ew65", "FIELD_TYPE": 1, "FIELD_LENGTH": 10,
        "FIELD_PRECISION": 0, "FORMULA": 'round(coalesce("inhabitants", 0) * 0.19)'}))
    model.addChildAlgorithm(child("sozialraum:supply", "versorgung", {
        "INPUT": Src.fromChildOutput("senioren", "OUTPUT"), "KEY_FIELD": "plr_id", "TARGET_FIELD": "ew65",
        "FACILITIES": Src.fromModelParameter("einrichtungen"), "CAPACITY_FIELD": "plaetze", "CATCHMENT": 2000.0,
        "TARGET_RATIO": 4.0, "CLASSIFY_BY": 1, "MIN_COUNT": 3}, ["OUTPUT"]))
    model.addChildAlgorithm(child("sozialraum:allocate", "mittel", {
        "INPUT": Src.fromChildOutput("versorgung", "OUTPUT"), "KEY_FIELD": "plr_id", "BUDGET": float(BUDGET),
        "UNIT": 2, "TARGET_FIELD": "gap", "NEED_FIELD": "fca2_1k", "POLARITY": 2, "DEVIATION": 1,
        "WEIGHT_FACTOR": 0.25, "SECOND_WEIGHT_FACTOR": 0.0, "ELIGIBLE": "\"class\" = 'Unterversorgt'",
        "MIN_COUNT": 0}, ["OUTPUT", "OUTPUT_XLSX"]))
    model.updateDestinationParameters()
    return model


@pytest.fixture(scope="module")
def facilities(tmp_path_factory):
    areas = QgsVectorLayer(AREAS, "areas", "ogr")
    rng = np.random.default_rng(19)
    layer = QgsVectorLayer("Point?crs=EPSG:25833", "einrichtungen", "memory")
    layer.dataProvider().addAttributes([make_field("plaetze", "int")])
    layer.updateFields()
    features = list(areas.getFeatures())
    for n in rng.choice(len(features), 80, replace=False):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(features[n].geometry().pointOnSurface())
        feature.setAttributes([int(rng.integers(12, 30))])
        layer.dataProvider().addFeature(feature)
    path = str(tmp_path_factory.mktemp("tp") / "einrichtungen.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    assert QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsProject.instance().transformContext(),
                                                     options)[0] == QgsVectorFileWriter.WriterError.NoError
    return path


@pytest.mark.usefixtures("sozialraum_provider")
def test_every_child_validates_in_the_model():
    model = build_model()
    for child_id in model.childAlgorithms():
        ok, errors = model.validateChildAlgorithm(child_id)
        assert ok, (child_id, errors)


@pytest.mark.usefixtures("sozialraum_provider")
def test_model_runs_from_its_file_and_funds_only_the_under_supplied(facilities, tmp_path):
    import processing

    path = str(tmp_path / "tagespflege.model3")
    assert build_model().toFile(path)
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(path)
    context = QgsProcessingContext()
    result = processing.run(model, {"gebiete": AREAS, "einrichtungen": facilities,
                                    "versorgung:OUTPUT": str(tmp_path / "versorgung.gpkg"),
                                    "mittel:OUTPUT": str(tmp_path / "mittel.gpkg"),
                                    "mittel:OUTPUT_XLSX": str(tmp_path / "mittel.xlsx")},
                            context=context, feedback=QgsProcessingFeedback())
    layer = QgsVectorLayer(result["mittel:OUTPUT"], "m", "ogr")
    assert layer.isValid() and layer.featureCount() == 448
    rows = [(f["class"], f["amount"], f["amount_b"], f["gap"]) for f in layer.getFeatures()]
    assert sum(r[1] for r in rows) == BUDGET and sum(r[2] for r in rows) == BUDGET
    assert all(r[1] % 10 == 0 for r in rows)                       # unit 10 EUR
    assert all(r[1] == 0 for r in rows if r[0] != "Unterversorgt")
    funded = [r for r in rows if r[0] == "Unterversorgt"]
    assert len(funded) > 10 and sum(r[1] for r in funded) == BUDGET
    largest = max(funded, key=lambda r: r[3])
    assert largest[1] == max(r[1] for r in funded)                 # most missing places, most money
    assert os.path.getsize(result["mittel:OUTPUT_XLSX"]) > 0
