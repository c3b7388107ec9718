"""The bundled sample: context columns carry the right labels, districts are whole and named right."""
import numpy as np
import pandas as pd
from qgis.core import QgsVectorLayer

from conftest import SAMPLE


def test_sample_context_columns_match_the_official_district_region_table(berlin_dir):
    """Aggregating the planning areas (population-weighted) must reproduce table 4.2's column of the same name."""
    plr = pd.read_csv(f"{SAMPLE}/tables/mss_2019_tab4-1.csv", dtype={"id": str}, na_values=["-"])
    bzr = pd.read_csv(f"{berlin_dir}/mss_2019_tab4-2.csv", dtype={"id": str}, na_values=["-"]).set_index("id")
    plr["bzr"] = plr.id.str[:6]
    for column in [c for c in plr.columns if c.startswith("k") and plr[c].notna().any()]:
        weight = plr.inhabitants.where(plr[column].notna())
        mean = (plr[column] * weight).groupby(plr.bzr).sum() / weight.groupby(plr.bzr).sum()
        official = bzr[column].reindex(mean.index)
        assert np.corrcoef(mean, official)[0, 1] > 0.95, column


def test_sample_districts_have_their_own_names_and_no_slivers():
    layer = QgsVectorLayer(f"{SAMPLE}/berlin_mss2019.gpkg|layername=bezirke", "bezirke", "ogr")
    names = {f["bez_id"]: f["bezirk"] for f in layer.getFeatures()}
    assert len(names) == 12 and len(set(names.values())) == 12
    assert names["06"] == "Steglitz-Zehlendorf" and names["04"] == "Charlottenburg-Wilmersdorf"
    for feature in layer.getFeatures():
        for polygon in feature.geometry().asMultiPolygon():
            assert len(polygon) == 1, feature["bezirk"]  # outer ring only
