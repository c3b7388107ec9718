"""-9999 in every indicator of invalid areas (a layer written that way, not through the join): no algorithm uses
the code as a value. The index gives such areas no index and no class, the aggregation leaves them out of the
district's sums, the comparisons do not rank them; with MISSING_CODES empty the code would be a number."""
import os
import shutil

import pytest
from qgis.core import QgsVectorLayer, edit

from conftest import SAMPLE

STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
INVALID = ["01011101", "01011102", "01011103"]


@pytest.fixture()
def coded_layer(tmp_path):
    """The sample's areas with -9999 in every status indicator of three areas (as some offices write them)."""
    path = str(tmp_path / "codes.gpkg")
    shutil.copy(os.path.join(SAMPLE, "berlin_mss2019.gpkg"), path)
    layer = QgsVectorLayer(path + "|layername=sozialraeume", "codes", "ogr")
    indices = [layer.fields().lookupField(f) for f in STATUS]
    with edit(layer):
        for feature in layer.getFeatures():
            if feature["plr_id"] in INVALID:
                for index in indices:
                    layer.changeAttributeValue(feature.id(), index, -9999.0)
    return path + "|layername=sozialraeume"


def values(path, fields):
    layer = QgsVectorLayer(path, "out", "ogr")
    return {f["plr_id"]: {n: f[n] for n in fields} for f in layer.getFeatures()}


def is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def test_index_gives_areas_with_codes_no_index(run_alg, coded_layer, tmp_path):
    out = str(tmp_path / "index.gpkg")
    run_alg("sozialraum:compositeindex", {"INPUT": coded_layer, "INDICATORS": STATUS,
                                          "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300,
                                          "KEY_FIELD": "plr_id", "OUTPUT": out})
    rows = values(out, ["status_index", "status_class"])
    for key in INVALID:
        assert is_null(rows[key]["status_index"]), key
        assert rows[key]["status_class"] in (None, "") or is_null(rows[key]["status_class"])
    assert sum(not is_null(r["status_index"]) for r in rows.values()) > 400


def test_comparisons_do_not_rank_codes(run_alg, coded_layer, tmp_path):
    def extreme_keys(**extra):
        result = run_alg("sozialraum:comparisons", {
            "INPUT": coded_layer, "INDICATORS": STATUS[:1], "PARENT_FIELD": "bez_id", "KEY_FIELD": "plr_id",
            "EXTREMES": "memory:", "VARIANCE": "memory:", "SPREAD": "memory:", "CORRELATIONS": "memory:",
            "CONCENTRATION": "memory:", "REPORT": str(tmp_path / "v.html"), **extra})
        rows = list(result["EXTREMES"].getFeatures())
        assert rows
        return {str(f["key"]) for f in rows}, [f["value"] for f in rows]

    keys, shown = extreme_keys()
    assert not set(INVALID) & keys and -9999.0 not in shown
    keys, shown = extreme_keys(MISSING_CODES="")                # counter-check: as numbers they are extremes
    assert set(INVALID) <= keys and -9999.0 in shown


def test_empty_code_list_takes_the_code_as_a_number(run_alg, coded_layer, tmp_path):
    """The counter-check: the parameter decides, so the test above cannot pass by accident."""
    out = str(tmp_path / "index_raw.gpkg")
    run_alg("sozialraum:compositeindex", {"INPUT": coded_layer, "INDICATORS": STATUS, "MISSING_CODES": "",
                                          "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300,
                                          "KEY_FIELD": "plr_id", "OUTPUT": out})
    rows = values(out, ["status_index"])
    assert not is_null(rows[INVALID[0]]["status_index"])
