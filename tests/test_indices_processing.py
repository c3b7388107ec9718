"""sozialraum:compositeindex on the real sample layer: the official MSS 2019 classes come out of the
Processing algorithm exactly, the output is styled, the input layer stays as it was."""
import os

import pandas as pd
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from conftest import SAMPLE, SAMPLE_TABLES
from sozialraum_monitor.adapter.compat import make_field

STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
DYNAMICS = ["d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
            "d4_percentage_transfer_payments_recipients_below_15_years"]
LAYER = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")


@pytest.fixture(scope="module")
def tab1():
    return pd.read_csv(f"{SAMPLE_TABLES}/mss_2019_tab1.csv", dtype={"id": str})


def mss_params(output, **extra):
    params = {"INPUT": LAYER, "INDICATORS": STATUS, "DYNAMICS": DYNAMICS, "CATALOGUE": CATALOGUE,
              "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300, "KEY_FIELD": "plr_id",
              "EXCLUDE_KEYS": "04041239; 10010203", "OUTPUT": output}
    params.update(extra)
    return params


def is_null(value):
    return value is None or (isinstance(value, QVariant) and value.isNull())


def attributes(layer, fields):
    return pd.DataFrame([{f: feature[f] for f in fields} for feature in layer.getFeatures()])


def compare_with_official(layer, tab1):
    table = attributes(layer, ["plr_id", "status_class", "dyn_class", "group_code", "status_level"])
    merged = tab1.merge(table, left_on="id", right_on="plr_id", how="left", validate="one_to_one")
    assert len(merged) == 436
    assert (merged["status_class"] == merged["status_index_klasse"]).all()
    assert (merged["dyn_class"] == merged["dynamik_index_klasse"]).all()
    assert (merged["group_code"] == merged["status_dynamik_index"]).all()
    assert (merged["status_level"].astype(float) == merged["status_index"].astype(float)).all()
    return table


def test_algorithm_reproduces_official_mss_2019_classes_on_sample_layer(run_alg, tab1, tmp_path):
    result = run_alg("sozialraum:compositeindex", mss_params(str(tmp_path / "index.gpkg")))
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    assert layer.isValid() and layer.featureCount() == 448
    compare_with_official(layer, tab1)


def test_areas_outside_the_reference_keep_their_index_but_are_not_classed(run_alg, tab1, tmp_path):
    """Issue 11: areas left out of the reference are not 'hoch' but 'nicht berechnet (außerhalb der Referenz)',
    in the status, dynamics and group fields; their index values stay (computed with the reference statistics)."""
    result = run_alg("sozialraum:compositeindex", mss_params(str(tmp_path / "index.gpkg")))
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    table = attributes(layer, ["plr_id", "in_reference", "reference_note", "status_class", "status_index",
                               "status_level", "dyn_class", "group_code", "group_label"])
    outside = table[table["in_reference"] == 0]
    # 11 left out by the rule plus the polygon without table values (09041403, no indicator values)
    left_out = set(pd.read_csv(os.path.join(SAMPLE, "tables", "mss_2019_tab2-1.csv"), dtype={"id": str})["id"]) \
        - set(tab1["id"])
    assert set(outside["plr_id"]) - {"09041403"} == left_out
    label = "nicht berechnet (außerhalb der Referenz)"
    for key in left_out:
        row = outside[outside["plr_id"] == key].iloc[0]
        assert row["status_class"] == label and row["dyn_class"] == label and row["group_label"] == label, key
        assert is_null(row["status_level"]) and is_null(row["group_code"]), key
        assert not is_null(row["status_index"]), key
    stadion = outside[outside["plr_id"] == "04041239"].iloc[0]
    assert stadion["reference_note"] == "ausgeschlossen (Liste)"
    missing = outside[outside["plr_id"] == "09041403"].iloc[0]
    assert is_null(missing["status_class"]) and is_null(missing["status_index"])
    inside = table[table["in_reference"] == 1]
    assert set(inside["status_class"]) <= {"hoch", "mittel", "niedrig", "sehr niedrig"}


def test_areas_below_the_reference_population_are_not_classed(run_alg):
    """Areas with fewer residents than REFERENCE_MIN_POPULATION: class 'nicht berechnet', counted from the layer."""
    result = run_alg("sozialraum:compositeindex", mss_params("memory:", EXCLUDE_KEYS="", REFERENCE_MIN_POPULATION=3000,
                                                             MIN_POPULATION=0))
    table = attributes(result["OUTPUT"], ["plr_id", "inhabitants", "status_class", "status_index", "reference_note"]
                       + STATUS + DYNAMICS)
    complete = table[STATUS + DYNAMICS].apply(lambda column: column.map(lambda v: not is_null(v))).all(axis=1)
    small = complete & table["inhabitants"].map(lambda v: is_null(v) or v < 3000)
    assert small.sum() > 10
    assert (table.loc[small, "status_class"] == "nicht berechnet (außerhalb der Referenz)").all()
    assert table.loc[small, "reference_note"].str.contains("weniger als 3000 Einwohner").all()
    assert not table.loc[small, "status_index"].map(is_null).any()
    assert table.loc[complete & ~small, "status_class"].isin(["hoch", "mittel", "niedrig", "sehr niedrig"]).all()


def test_reference_population_without_population_field_is_an_error(run_alg):
    with pytest.raises(QgsProcessingException, match="Einwohnerfeld"):
        run_alg("sozialraum:compositeindex", mss_params("memory:", POPULATION_FIELD=None, MIN_POPULATION=0,
                                                        REFERENCE_MIN_POPULATION=300))
    # 0 switches the threshold off: then no population field is needed
    result = run_alg("sozialraum:compositeindex", mss_params("memory:", POPULATION_FIELD=None, MIN_POPULATION=0,
                                                             REFERENCE_MIN_POPULATION=0))
    assert result["OUTPUT"].featureCount() == 448


def test_exclusion_field_gives_the_same_classes_as_the_key_list(run_alg, tab1):
    source = QgsVectorLayer(LAYER, "sozialraeume", "ogr")
    copy = source.materialize(QgsFeatureRequest())
    copy.startEditing()
    copy.addAttribute(make_field("mss_ausschluss", "string"))
    copy.commitChanges()
    index = copy.fields().lookupField("mss_ausschluss")
    copy.startEditing()
    for feature in copy.getFeatures():
        if feature["plr_id"] in ("04041239", "10010203"):
            copy.changeAttributeValue(feature.id(), index, "ja")
    copy.commitChanges()
    result = run_alg("sozialraum:compositeindex", mss_params(
        "memory:", INPUT=copy, KEY_FIELD=None, EXCLUDE_KEYS="", EXCLUDE_FIELD="mss_ausschluss"))
    compare_with_official(result["OUTPUT"], tab1)


def test_dynamics_from_two_years_equal_the_given_change_fields(run_alg, tab1):
    """Earlier-year values rebuilt as status minus change: the differences give the official dynamics."""
    source = QgsVectorLayer(LAYER, "sozialraeume", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "zwei_jahre", "memory")
    names = ["plr_id", "inhabitants"] + STATUS + [f"{s}_2016" for s in STATUS]
    layer.dataProvider().addAttributes([make_field("plr_id", "string")]
                                       + [make_field(n, "double") for n in names[1:]])
    layer.updateFields()
    features = []
    for feature in source.getFeatures():
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        values = [feature["plr_id"], feature["inhabitants"]] + [feature[s] for s in STATUS]
        earlier = [None if feature[s] in (None, QVariant()) or feature[d] in (None, QVariant())
                   else feature[s] - feature[d] for s, d in zip(STATUS, DYNAMICS)]
        new.setAttributes(values + earlier)
        features.append(new)
    layer.dataProvider().addFeatures(features)
    result = run_alg("sozialraum:compositeindex", mss_params(
        "memory:", INPUT=layer, DYNAMICS=[], EARLIER=[f"{s}_2016" for s in STATUS]))
    compare_with_official(result["OUTPUT"], tab1)


def test_input_layer_is_not_changed(run_alg, tmp_path):
    source = QgsVectorLayer(LAYER, "sozialraeume", "ogr")
    before = [f.name() for f in source.fields()], source.featureCount()
    run_alg("sozialraum:compositeindex", mss_params(str(tmp_path / "index.gpkg")))
    after = QgsVectorLayer(LAYER, "sozialraeume", "ogr")
    assert ([f.name() for f in after.fields()], after.featureCount()) == before


def test_file_output_gets_a_qml_with_categories_for_the_mss_classes(run_alg, tmp_path):
    run_alg("sozialraum:compositeindex", mss_params(str(tmp_path / "index.gpkg")))
    qml = tmp_path / "index.qml"
    assert qml.exists()
    layer = QgsVectorLayer(str(tmp_path / "index.gpkg"), "index", "ogr")
    message, ok = layer.loadNamedStyle(str(qml))
    assert ok, message
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "status_class"
    assert [c.value() for c in renderer.categories()][:4] == ["hoch", "mittel", "niedrig", "sehr niedrig"]


def test_group_style_is_applied_by_the_post_processor_when_the_layer_is_loaded(run_alg, tmp_path):
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    output = QgsProcessingOutputLayerDefinition(str(tmp_path / "groups.gpkg"), QgsProject.instance())
    result = run_alg("sozialraum:compositeindex", mss_params(output, STYLE_BY=2), context=context)
    dest = result["OUTPUT"]
    assert context.willLoadLayerOnCompletion(dest)
    processor = context.layerToLoadOnCompletionDetails(dest).postProcessor()
    assert processor is not None
    layer = QgsVectorLayer(dest, "groups", "ogr")
    processor.postProcessLayer(layer, context, QgsProcessingFeedback())
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "group_label"
    values = [c.value() for c in renderer.categories() if c.value() is not None and c.value() != ""]
    assert len(values) == 13 and values[0] == "Status hoch, Dynamik positiv"
    assert values[-1] == "nicht berechnet (außerhalb der Referenz)"
    assert len({c.symbol().color().name() for c in renderer.categories()}) == 14


def test_wrong_number_of_weights_fails_with_german_message(run_alg):
    with pytest.raises(QgsProcessingException, match="Gewichte für 3 Indikatoren"):
        run_alg("sozialraum:compositeindex", mss_params("memory:", WEIGHTS="1;2"))


def test_earlier_values_must_match_the_status_indicators_one_to_one(run_alg):
    with pytest.raises(QgsProcessingException):
        run_alg("sozialraum:compositeindex", mss_params("memory:", DYNAMICS=[], EARLIER=STATUS[:2]))


def test_other_class_scheme_gives_ordered_classes_and_a_ramp_style(run_alg, tmp_path):
    run_alg("sozialraum:compositeindex", mss_params(str(tmp_path / "quintile.gpkg"), SCHEME=1, CLASSES=5))
    layer = QgsVectorLayer(str(tmp_path / "quintile.gpkg"), "quintile", "ogr")
    table = attributes(layer, ["status_index", "status_level", "in_reference"])
    inside = table[table["in_reference"] == 1].sort_values("status_index")
    assert inside["status_level"].astype(int).tolist() == sorted(inside["status_level"].astype(int).tolist())
    # 436 reference areas in 5 quantile classes: 87 each, one class with one more
    assert sorted(inside["status_level"].value_counts().tolist()) == [87, 87, 87, 87, 88]
    message, ok = layer.loadNamedStyle(str(tmp_path / "quintile.qml"))
    assert ok, message
    categories = [c.value() for c in layer.renderer().categories() if c.value() not in (None, "")]
    assert len(categories) == 6 and categories[0].startswith("1: ")
    assert categories[-1] == "nicht berechnet (außerhalb der Referenz)"
    classes = attributes(layer, ["status_class", "in_reference", "status_index"])
    outside = classes[(classes["in_reference"] == 0) & ~classes["status_index"].map(is_null)]
    assert len(outside) == 11 and (outside["status_class"] == categories[-1]).all()


def test_privacy_minimum_population_hides_index_values_of_small_areas(run_alg):
    # MIN_POPULATION is the privacy rule (as in every algorithm); the reference threshold has its own id
    result = run_alg("sozialraum:compositeindex", mss_params("memory:", MIN_POPULATION=1000))
    table = attributes(result["OUTPUT"], ["plr_id", "inhabitants", "status_index", "status_class", "reference_note"])
    people = attributes(QgsVectorLayer(LAYER, "in", "ogr"),
                        ["plr_id", "inhabitants"]).set_index("plr_id")["inhabitants"]
    table["people"] = table["plr_id"].map(people)
    small = table[table["people"].apply(lambda v: not is_null(v) and v < 1000)]
    assert len(small) > 0
    assert small["status_index"].apply(is_null).all() and small["status_class"].apply(is_null).all()
    assert small["inhabitants"].apply(is_null).all()          # the small population itself is not copied
    assert small["reference_note"].str.contains("weniger als 1000 Einwohner").all()
    large = table[table["people"].apply(lambda v: not is_null(v) and v >= 1000)]
    assert not large["status_index"].apply(is_null).any()
