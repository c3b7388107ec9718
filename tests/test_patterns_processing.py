"""sozialraum:typology and sozialraum:hotspots through processing.run on the sample layer (Berlin planning
areas), compared with scipy's Ward linkage and PySAL esda/libpysal on the same data read without QGIS."""
import hashlib
import os
import sqlite3
import warnings

import esda
import libpysal
import numpy as np
import pandas as pd
import pytest
import shapely
from libpysal.weights import w_subset
from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from scipy.cluster.hierarchy import cut_tree, linkage

from conftest import SAMPLE
from test_hotspots import assert_equal_but_for_exact_ties, to_neighbours

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
LAYER = GPKG + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
INDICATORS = ["s1_percentage_unemployed", "s4_percentage_transfer_payments_recipients_below_15_years",
              "k03_old_age_poverty", "k05_inhabitants_with_migration_background", "k15_living_space"]
S1 = INDICATORS[0]
warnings.filterwarnings("ignore", module="esda")
warnings.filterwarnings("ignore", module="libpysal")


def gpkg_geometry(blob):
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return shapely.from_wkb(bytes(blob[8 + envelope:]))


@pytest.fixture(scope="module")
def sample():
    """The sample read with sqlite3 and shapely (independent of QGIS), index = fid."""
    with sqlite3.connect(GPKG) as connection:
        frame = pd.read_sql("SELECT * FROM sozialraeume ORDER BY fid", connection).set_index("fid")
    frame["geometry"] = [gpkg_geometry(b) for b in frame.pop("geom")]
    return frame


def plain(value):
    return None if value is None or (isinstance(value, QVariant) and value.isNull()) else value


def output_frame(path, fields):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid()
    return pd.DataFrame([[plain(f[n]) for n in fields] for f in layer.getFeatures()], columns=fields,
                        index=[f["fid"] if "fid" in layer.fields().names() else f.id() for f in layer.getFeatures()])


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def same_partition(a, b):
    table = pd.crosstab(np.asarray(a), np.asarray(b))
    return bool(((table > 0).sum(axis=0) == 1).all() and ((table > 0).sum(axis=1) == 1).all())


# --- typology ------------------------------------------------------------------------------------------

def typology_params(tmp_path, **extra):
    values = {"INPUT": LAYER, "INDICATORS": INDICATORS, "TYPES": 5, "CATALOGUE": CATALOGUE, "MIN_COUNT": 0,
              "MIN_POPULATION": 0, "OUTPUT": str(tmp_path / "typen.gpkg"),
              "OUTPUT_NAMES": str(tmp_path / "typnamen.csv"), "OUTPUT_REPORT": str(tmp_path / "typen.html")}
    values.update(extra)
    return values


def test_typology_types_are_scipy_ward_types_of_the_z_values(run_alg, tmp_path, sample):
    before = digest(GPKG)
    result = run_alg("sozialraum:typology", typology_params(tmp_path, ORDER_BY=S1))
    out = output_frame(result["OUTPUT"], ["plr_id", "typ", "typname", "typ_grund"])
    complete = sample[INDICATORS].dropna()
    z = (complete - complete.mean()) / complete.std(ddof=0)
    expected = cut_tree(linkage(z.to_numpy(), method="ward"), n_clusters=5).ravel()
    types = out.set_index("plr_id")["typ"]
    keys = sample.loc[complete.index, "plr_id"]
    assert same_partition(types[keys].astype(int), expected)
    means = complete[S1].groupby(types[keys].to_numpy()).mean()
    assert list(means.index) == [1, 2, 3, 4, 5] and means.is_monotonic_decreasing
    missing = sample.index.difference(complete.index)
    assert out.set_index("plr_id").loc[sample.loc[missing, "plr_id"], "typ"].isna().all()
    assert out["typname"].dropna().str.startswith("Typ ").all()
    assert digest(GPKG) == before


def test_typology_writes_style_names_table_and_report(run_alg, tmp_path):
    result = run_alg("sozialraum:typology", typology_params(tmp_path))
    qml = (tmp_path / "typen.qml").read_text(encoding="utf-8")
    assert 'attr="typ"' in qml and "1: Typ 1" in qml and qml.count("<category ") == 6  # 5 types + no value
    names = pd.read_csv(result["OUTPUT_NAMES"], sep=";", dtype=str, encoding="utf-8-sig")
    assert list(names.columns[:4]) == ["typ", "name", "anzahl", "beschreibung"] and len(names) == 5
    report = read(result["OUTPUT_REPORT"])
    for text in ("Profile der Typen", "Wahl der Zahl der Typen", "<svg", "Arbeitslosigkeit (SGB II)",
                 "Silhouette"):
        assert text in report
    assert result["ELBOW"] in range(2, 11) and result["SILHOUETTE_K"] in range(2, 11)
    assert 0 < result["EXPLAINED"] < 1


def test_typology_reuses_edited_names(run_alg, tmp_path):
    first = run_alg("sozialraum:typology", typology_params(tmp_path, ORDER_BY=S1))
    names = pd.read_csv(first["OUTPUT_NAMES"], sep=";", dtype=str, encoding="utf-8-sig")
    names["name"] = ["sehr arm", "arm", "gemischt", "bürgerlich", "wohlhabend"]
    edited = str(tmp_path / "meine_namen.csv")
    names.to_csv(edited, sep=";", index=False, encoding="utf-8-sig")
    second_dir = tmp_path / "zwei"
    second_dir.mkdir()
    second = run_alg("sozialraum:typology", typology_params(second_dir, ORDER_BY=S1, NAMES=edited))
    a = output_frame(first["OUTPUT"], ["plr_id", "typ"]).set_index("plr_id")["typ"]
    b = output_frame(second["OUTPUT"], ["plr_id", "typname"]).set_index("plr_id")["typname"]
    mapping = dict(zip(range(1, 6), names["name"]))
    assert (b[a.dropna().index] == a.dropna().astype(int).map(mapping)).all()


def test_typology_does_not_cluster_suppressed_values(run_alg, tmp_path, sample):
    result = run_alg("sozialraum:typology", typology_params(
        tmp_path, MIN_POPULATION=5000, POPULATION_FIELD="inhabitants"))
    out = output_frame(result["OUTPUT"], ["plr_id", "typ", "typ_grund"]).set_index("plr_id")
    small = sample["inhabitants"] < 5000
    assert small.sum() > 10
    hidden = out.loc[sample.loc[small, "plr_id"]]
    assert hidden["typ"].isna().all()
    assert hidden["typ_grund"].str.startswith("unterdrückt: weniger als 5000 Einwohner").all()
    kept = sample.loc[~small, INDICATORS].dropna()
    z = (kept - kept.mean()) / kept.std(ddof=0)
    expected = cut_tree(linkage(z.to_numpy(), method="ward"), n_clusters=5).ravel()
    assert same_partition(out.loc[sample.loc[kept.index, "plr_id"], "typ"].astype(int), expected)


def test_typology_output_copies_the_input_fields_under_the_privacy_rule(run_alg, tmp_path, sample):
    """The layer copies the input's fields: indicator values and the population of areas below the minimum
    population are hidden there too, never copied raw; keys are copied as they are."""
    result = run_alg("sozialraum:typology", typology_params(
        tmp_path, MIN_POPULATION=5000, POPULATION_FIELD="inhabitants"))
    out = output_frame(result["OUTPUT"], ["plr_id", "inhabitants"] + INDICATORS).set_index("plr_id")
    given = sample.set_index("plr_id")["inhabitants"]
    small = given < 5000
    assert out.loc[small[small].index, INDICATORS].isna().all().all()
    assert out.loc[small[small].index, "inhabitants"].isna().all()
    large = given.index[given >= 5000]
    assert (out.loc[large, "inhabitants"] == given[large]).all()
    assert out.index.tolist() == sample["plr_id"].tolist()


def test_typology_refuses_an_order_indicator_not_chosen_in_german(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="keiner der gewählten Indikatoren"):
        run_alg("sozialraum:typology", typology_params(tmp_path, ORDER_BY="inhabitants"))


# --- hotspots ------------------------------------------------------------------------------------------

HOTSPOT_FIELDS = ["plr_id", "z_wert", "lag_z", "lisa_i", "lisa_p", "lisa_cl", "lisa_kl", "gi_z", "gi_p", "gi_cl",
                  "nachbarn", "hs_grund"]


def hotspot_params(tmp_path, **extra):
    values = {"INPUT": LAYER, "INDICATOR": S1, "NEIGHBOURS": 0, "PERMUTATIONS": 999, "SEED": 5,
              "CATALOGUE": CATALOGUE, "MIN_COUNT": 0, "MIN_POPULATION": 0, "KEY_FIELD": "plr_id",
              "OUTPUT": str(tmp_path / "haeufungen.gpkg"), "OUTPUT_REPORT": str(tmp_path / "haeufungen.html")}
    values.update(extra)
    return values


def esda_on(sample, keep, w):
    subset = w_subset(w, [fid for fid in w.id_order if keep[fid]])
    values = sample.loc[subset.id_order, S1].to_numpy()
    np.random.seed(5)
    moran = esda.Moran(values, subset, permutations=999)
    local = esda.Moran_Local(values, subset, permutations=999, seed=5, n_jobs=1)
    gi = esda.G_Local(values, subset, transform="B", star=True, permutations=999, seed=5, n_jobs=1)
    return subset, moran, local, gi


@pytest.mark.parametrize("neighbours", [0, 2])
def test_hotspots_equal_esda_on_the_sample(run_alg, tmp_path, sample, neighbours):
    before = digest(GPKG)
    result = run_alg("sozialraum:hotspots", hotspot_params(tmp_path, NEIGHBOURS=neighbours, K=5))
    out = output_frame(result["OUTPUT"], HOTSPOT_FIELDS).set_index("plr_id")
    geometries = list(sample["geometry"])
    if neighbours == 0:
        w = libpysal.weights.Queen.from_iterable(geometries, ids=list(sample.index))
    else:
        points = np.array([[g.centroid.x, g.centroid.y] for g in geometries])
        w = libpysal.weights.KNN(points, k=5, ids=list(sample.index))
    subset, moran, local, gi = esda_on(sample, sample[S1].notna().to_dict(), w)
    rows = out.loc[sample.loc[subset.id_order, "plr_id"]]
    assert result["MORANS_I"] == pytest.approx(moran.I, rel=1e-12)
    assert result["P_VALUE"] == moran.p_sim
    np.testing.assert_allclose(rows["lisa_i"], local.Is, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(rows["lisa_p"], local.p_sim)
    np.testing.assert_allclose(rows["gi_z"], gi.Zs, rtol=1e-9)
    np.testing.assert_array_equal(rows["gi_p"].astype(gi.p_sim.dtype), gi.p_sim)   # newer esda: float32
    names = {"High-High": "HH", "Low-Low": "LL", "High-Low": "HL", "Low-High": "LH", "Insignificant": "ns"}
    assert rows["lisa_cl"].tolist() == [names[label] for label in local.get_cluster_labels(0.05)]
    assert rows["nachbarn"].tolist() == [subset.cardinalities[i] for i in subset.id_order]
    assert out.loc[sample.loc[sample[S1].isna(), "plr_id"], "lisa_cl"].isna().all()
    assert digest(GPKG) == before


def test_hotspots_style_and_report(run_alg, tmp_path):
    result = run_alg("sozialraum:hotspots", hotspot_params(tmp_path, FDR=True))
    qml = (tmp_path / "haeufungen.qml").read_text(encoding="utf-8")
    assert 'attr="lisa_cl"' in qml
    for value, label in (("HH", "Hoch-Hoch"), ("LL", "Niedrig-Niedrig"), ("HL", "Hoch-Niedrig"),
                         ("LH", "Niedrig-Hoch"), ("ns", "nicht signifikant")):
        assert f'value="{value}"' in qml and label in qml
    report = read(result["OUTPUT_REPORT"])
    for text in ("Globales Moran's I", "Moran-Streudiagramm", "<svg", "Benjamini-Hochberg", "Getis-Ord Gi*"):
        assert text in report
    gi_map = run_alg("sozialraum:hotspots", hotspot_params(tmp_path / "..", MAP=1,
                                                           OUTPUT=str(tmp_path / "gi.gpkg"), OUTPUT_REPORT=""))
    assert 'attr="gi_cl"' in (tmp_path / "gi.qml").read_text(encoding="utf-8")
    assert gi_map["ISLANDS"] == 0


def test_hotspots_leave_out_suppressed_areas_with_their_links(run_alg, tmp_path, sample):
    result = run_alg("sozialraum:hotspots", hotspot_params(
        tmp_path, MIN_POPULATION=5000, POPULATION_FIELD="inhabitants"))
    out = output_frame(result["OUTPUT"], HOTSPOT_FIELDS).set_index("plr_id")
    keep = (sample[S1].notna() & (sample["inhabitants"] >= 5000)).to_dict()
    w = libpysal.weights.Queen.from_iterable(list(sample["geometry"]), ids=list(sample.index))
    subset, _moran, local, _gi = esda_on(sample, keep, w)
    rows = out.loc[sample.loc[subset.id_order, "plr_id"]]
    linked = np.array([subset.cardinalities[i] > 0 for i in subset.id_order])
    assert_equal_but_for_exact_ties(rows["lisa_p"].to_numpy()[linked], local.p_sim[linked],
                                    sample.loc[subset.id_order, S1].to_numpy(), to_neighbours(subset), seed=5,
                                    scale=100_000, only=np.flatnonzero(linked))
    hidden = out.loc[sample.loc[sample["inhabitants"] < 5000, "plr_id"]]
    assert hidden["lisa_p"].isna().all() and hidden["z_wert"].isna().all()
    assert hidden["hs_grund"].str.startswith("unterdrückt: weniger als 5000 Einwohner").all()
    assert result["ISLANDS"] == int((~linked).sum())


def test_hotspots_refuse_an_indicator_without_values_in_german(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="mindestens fünf"):
        run_alg("sozialraum:hotspots", hotspot_params(tmp_path, MIN_POPULATION=10_000_000,
                                                      POPULATION_FIELD="inhabitants"))
