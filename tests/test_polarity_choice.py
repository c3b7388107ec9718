"""Polarity chosen as fields in the dialog (issue 14): compositeindex and comparisons give exactly the result of
the polarities typed as text (the way models and scripts still give them); both at once is refused."""
import os

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from conftest import SAMPLE

AREAS = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
S1, S3, S4 = ("s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
              "s4_percentage_transfer_payments_recipients_below_15_years")
D1, D3, D4 = ("d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
              "d4_percentage_transfer_payments_recipients_below_15_years")
K14 = "k14_living_rooms"   # rooms per dwelling: a higher value is better


def rows(layer, fields):
    layer = layer if isinstance(layer, QgsVectorLayer) else QgsVectorLayer(layer, "out", "ogr")
    return sorted(tuple(None if f[n] is None or (hasattr(f[n], "isNull") and f[n].isNull()) else f[n]
                        for n in fields) for f in layer.getFeatures())


INDEX_FIELDS = ("plr_id", "status_index", "status_class", "dyn_index", "dyn_class", "group_code")


def index(run_alg, **params):
    base = {"INPUT": AREAS, "INDICATORS": [S1, S3, K14], "DYNAMICS": [D1, D3, D4], "KEY_FIELD": "plr_id",
            "MIN_COUNT": 0, "MIN_POPULATION": 0, "POPULATION_FIELD": "inhabitants", "OUTPUT": "memory:"}
    return rows(run_alg("sozialraum:compositeindex", {**base, **params})["OUTPUT"], INDEX_FIELDS)


def test_index_with_chosen_fields_equals_the_typed_polarities(run_alg):
    chosen = index(run_alg, HIGHER_IS_BETTER=[K14], DYNAMICS_HIGHER_IS_BETTER=[D3])
    typed = index(run_alg, POLARITIES="higher_is_worse; higher_is_worse; higher_is_better",
                  DYNAMICS_POLARITIES="higher_is_worse; higher_is_better; higher_is_worse")
    assert chosen == typed
    # and the choice matters: the same run without it turns rooms per dwelling the other way
    assert chosen != index(run_alg)


def test_index_fields_left_unchosen_take_the_catalogue_polarity(run_alg):
    """The sample catalogue says higher_is_worse for s1, s3 and s4; choosing s4 as 'better' changes only s4."""
    chosen = index(run_alg, INDICATORS=[S1, S3, S4], HIGHER_IS_BETTER=[S4], CATALOGUE=CATALOGUE)
    typed = index(run_alg, INDICATORS=[S1, S3, S4], POLARITIES="-; -; +", CATALOGUE=CATALOGUE)
    assert chosen == typed


def test_index_with_earlier_values_accepts_the_earlier_field_as_choice(run_alg):
    """With earlier values the dynamics polarity is one per status indicator; choosing the status field or its
    earlier field is the same."""
    common = {"INDICATORS": [S1, S3], "DYNAMICS": [], "EARLIER": [D1, D3]}
    by_earlier = index(run_alg, **common, DYNAMICS_HIGHER_IS_BETTER=[D3])
    by_status = index(run_alg, **common, DYNAMICS_HIGHER_IS_BETTER=[S3])
    typed = index(run_alg, **common, DYNAMICS_POLARITIES="higher_is_worse; higher_is_better")
    assert by_earlier == by_status == typed


def test_index_refuses_polarities_chosen_and_typed_at_once(run_alg):
    with pytest.raises(QgsProcessingException, match="higher_is_better"):
        index(run_alg, HIGHER_IS_BETTER=[K14], POLARITIES="-; -; higher_is_better")


COMPARE_TABLES = {"EXTREMES": ("indicator", "key", "side", "unfavourable"),
                  "CONCENTRATION": ("plr_id",)}


def compare(run_alg, **params):
    base = {"INPUT": AREAS, "INDICATORS": [S1, S3, K14], "PARENT_FIELD": "bez_id", "KEY_FIELD": "plr_id",
            "MIN_COUNT": 0, "MIN_POPULATION": 0, "VARIANCE": "memory:", "SPREAD": "memory:",
            "EXTREMES": "memory:", "CONCENTRATION": "memory:", "CORRELATIONS": "memory:", "REPORT": None}
    result = run_alg("sozialraum:comparisons", {**base, **params})
    layers = {name: result[name] for name in ("EXTREMES", "CONCENTRATION")}
    return {name: [tuple(str(v) for v in f.attributes()) for f in layer.getFeatures()]
            for name, layer in layers.items()}


def test_comparisons_with_chosen_fields_equal_the_typed_polarities(run_alg):
    """Without a catalogue: s1 worse, rooms better, s3 in neither list stays neutral."""
    chosen = compare(run_alg, HIGHER_IS_WORSE=[S1], HIGHER_IS_BETTER=[K14])
    typed = compare(run_alg, POLARITIES="higher_is_worse; neutral; higher_is_better")
    assert chosen == typed
    assert chosen != compare(run_alg)  # without polarities nothing counts as unfavourable


def test_comparisons_refuse_a_field_chosen_on_both_sides(run_alg):
    with pytest.raises(QgsProcessingException, match=S1):
        compare(run_alg, HIGHER_IS_WORSE=[S1], HIGHER_IS_BETTER=[S1, K14])
