"""Small counts on a hand-made layer (Arbeitslose 0..40 in Berlin planning areas): what the Sozialindex layer
exports hides them — the count, the rate built on it and the rate's z-value (z reveals the rate)."""
import os

import pytest
from qgis.core import (QgsCoordinateTransformContext, QgsFeature, QgsField, QgsVectorFileWriter, QgsVectorLayer)
from qgis.PyQt.QtCore import QVariant

from conftest import SAMPLE

ARBEITSLOSE = [1, 2, 0, 5, 40, 12, 2, 33, 7, 9]


def is_null(value):
    return value is None or (isinstance(value, QVariant) and value.isNull())


@pytest.fixture(scope="module")
def small_layer(qgis_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("klein")
    source = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "klein", "memory")
    layer.dataProvider().addAttributes([QgsField("plr_id", QVariant.String), QgsField("alo", QVariant.Double),
                                        QgsField("ew1565", QVariant.Double), QgsField("alo_quote", QVariant.Double),
                                        QgsField("s1", QVariant.Double)])
    layer.updateFields()
    features, expected = [], {}
    for i, feature in enumerate(source.getFeatures()):
        if i == 40:
            break
        alo, people = ARBEITSLOSE[i % len(ARBEITSLOSE)], 100 + 10 * i
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        new.setAttributes([feature["plr_id"], float(alo), float(people), 100.0 * alo / people,
                           feature["s1_percentage_unemployed"]])
        features.append(new)
        expected[feature["plr_id"]] = 0 < alo < 3
    layer.dataProvider().addFeatures(features)
    path = str(folder / "klein.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(),
                                              QgsVectorFileWriter.SaveVectorOptions())
    catalogue = folder / "katalog.csv"
    catalogue.write_text("id;label;unit;polarity;numerator;denominator;multiplier\n"
                         "alo_quote;Arbeitslosenquote;%;higher_is_worse;alo;ew1565;100\n"
                         "s1;Arbeitslosigkeit;%;higher_is_worse;;;1\n", encoding="utf-8")
    return path, str(catalogue), expected


def test_index_layer_hides_small_counts_their_rates_and_z_values(run_alg, small_layer, tmp_path):
    path, catalogue, small = small_layer
    result = run_alg("sozialraum:compositeindex", {"INPUT": path, "INDICATORS": ["alo_quote", "s1"],
                                                   "CATALOGUE": catalogue, "REFERENCE_MIN_POPULATION": 0,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    hidden = {f["plr_id"]: [is_null(f[n]) for n in ("alo", "alo_quote", "z_alo_quote")]
              for f in layer.getFeatures()}
    assert {key: all(flags) for key, flags in hidden.items()} == small
    assert not any(any(flags) for key, flags in hidden.items() if not small[key])


def test_index_layer_keeps_the_index_of_areas_with_a_hidden_count(run_alg, small_layer, tmp_path):
    path, catalogue, small = small_layer
    result = run_alg("sozialraum:compositeindex", {"INPUT": path, "INDICATORS": ["alo_quote", "s1"],
                                                   "CATALOGUE": catalogue, "REFERENCE_MIN_POPULATION": 0,
                                                   "OUTPUT": str(tmp_path / "index.gpkg")})
    layer = QgsVectorLayer(result["OUTPUT"], "index", "ogr")
    classes = {f["plr_id"]: f["status_class"] for f in layer.getFeatures()}
    assert all(classes[key] for key, is_small in small.items() if is_small)
