"""core.typology against independent oracles: scipy's Ward linkage and tree cut, scikit-learn's silhouette and
Lloyd k-means, sums of squares by brute force. Pure core: no QGIS needed."""
import doctest
import sqlite3

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import cut_tree as scipy_cut_tree
from scipy.cluster.hierarchy import linkage as scipy_linkage
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from conftest import SAMPLE
from sozialraum_monitor.core import typology
from sozialraum_monitor.core.errors import SozialraumError, TypologyError
from sozialraum_monitor.core.typology import (
    build_typology,
    cut_tree,
    kmeans_refine,
    read_type_names,
    silhouettes,
    ward_linkage,
    write_type_names,
)

INDICATORS = ["s1_percentage_unemployed", "s4_percentage_transfer_payments_recipients_below_15_years",
              "k03_old_age_poverty", "k05_inhabitants_with_migration_background", "k15_living_space"]


@pytest.fixture(scope="module")
def sample():
    """The sample's social spaces (attributes only, read with sqlite3: the core needs no QGIS)."""
    with sqlite3.connect(f"{SAMPLE}/berlin_mss2019.gpkg") as connection:
        return pd.read_sql("SELECT * FROM sozialraeume ORDER BY fid", connection).drop(columns=["geom"])


def same_partition(a, b):
    table = pd.crosstab(np.asarray(a), np.asarray(b))
    return bool(((table > 0).sum(axis=0) == 1).all() and ((table > 0).sum(axis=1) == 1).all())


def test_doctests_of_typology_pass():
    failures, attempted = doctest.testmod(typology)
    assert attempted > 0 and failures == 0


@pytest.mark.parametrize("n, p, seed", [(2, 1, 0), (7, 2, 1), (60, 3, 2), (400, 6, 3)])
def test_ward_tree_equals_scipy_linkage(n, p, seed):
    points = np.random.default_rng(seed).normal(size=(n, p))
    ours = ward_linkage(points)
    reference = scipy_linkage(points, method="ward")
    np.testing.assert_allclose(ours[:, 2], reference[:, 2], rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(ours[:, [0, 1, 3]], reference[:, [0, 1, 3]])


def test_ward_cut_equals_scipy_cut_at_every_k_on_the_sample(sample):
    data = sample[INDICATORS].dropna()
    z = ((data - data.mean()) / data.std(ddof=0)).to_numpy()
    ours = ward_linkage(z)
    reference = scipy_linkage(z, method="ward")
    np.testing.assert_allclose(ours[:, 2], reference[:, 2], rtol=1e-10)
    for k in range(1, 16):
        assert same_partition(cut_tree(ours, k), scipy_cut_tree(reference, n_clusters=k).ravel()), k


def test_typology_is_ward_on_population_sd_z_values(sample):
    result = build_typology(sample, INDICATORS, 5)
    data = sample[INDICATORS].dropna()
    z = (data - data.mean()) / data.std(ddof=0)  # population SD, as the index
    np.testing.assert_allclose(result.z.loc[data.index].to_numpy(), z.to_numpy(), rtol=1e-12)
    expected = scipy_cut_tree(scipy_linkage(z.to_numpy(), method="ward"), n_clusters=5).ravel()
    assert same_partition(result.types[data.index], expected)
    assert result.profile["size"].sum() == len(data)
    profile = z.groupby(result.types[data.index].to_numpy()).mean()
    np.testing.assert_allclose(result.profile[INDICATORS].to_numpy(), profile.to_numpy(), rtol=1e-12)


def test_weight_two_counts_like_the_indicator_taken_twice(sample):
    data = sample[INDICATORS].dropna()
    z = (data - data.mean()) / data.std(ddof=0)
    doubled = np.column_stack([z.to_numpy(), z[INDICATORS[0]].to_numpy()])
    expected = scipy_cut_tree(scipy_linkage(doubled, method="ward"), n_clusters=4).ravel()
    result = build_typology(sample, INDICATORS, 4, weights=[2, 1, 1, 1, 1])
    assert same_partition(result.types[data.index], expected)


def test_diagnostics_equal_brute_force_sums_of_squares_and_sklearn_silhouette(sample):
    result = build_typology(sample, INDICATORS, 4, k_max=8)
    data = sample[INDICATORS].dropna()
    z = ((data - data.mean()) / data.std(ddof=0)).to_numpy()
    reference = scipy_linkage(z, method="ward")
    total = ((z - z.mean(axis=0)) ** 2).sum()
    for row in result.diagnostics.itertuples():
        labels = scipy_cut_tree(reference, n_clusters=row.k).ravel()
        within = sum(((z[labels == c] - z[labels == c].mean(axis=0)) ** 2).sum() for c in np.unique(labels))
        assert row.within_ss == pytest.approx(within, rel=1e-10)
        assert row.explained == pytest.approx(1 - within / total, rel=1e-10)
        if row.k >= 2:
            assert row.silhouette == pytest.approx(silhouette_score(z, labels), abs=1e-10)
    assert result.silhouette_k == int(result.diagnostics.loc[result.diagnostics["silhouette"].idxmax(), "k"])


def test_silhouettes_of_several_partitions_equal_sklearn():
    points = np.random.default_rng(5).normal(size=(300, 3))
    partitions = [np.random.default_rng(k).integers(0, k, 300) for k in (2, 3, 7)]
    partitions.append(np.r_[np.zeros(299, dtype=int), 1])  # a one-point cluster: silhouette 0 there
    expected = [silhouette_score(points, labels) for labels in partitions]
    np.testing.assert_allclose(silhouettes(points, partitions), expected, atol=1e-12)


def test_elbow_and_silhouette_find_three_separated_groups():
    rng = np.random.default_rng(8)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    points = np.vstack([c + rng.normal(scale=0.6, size=(40, 2)) for c in centres])
    frame = pd.DataFrame(points, columns=["a", "b"])
    result = build_typology(frame, ["a", "b"], 3)
    assert result.elbow_k == 3
    assert result.silhouette_k == 3
    truth = np.repeat([0, 1, 2], 40)
    assert same_partition(result.types, truth)


def test_kmeans_refinement_equals_sklearn_lloyd_from_the_ward_centroids(sample):
    data = sample[INDICATORS].dropna()
    z = ((data - data.mean()) / data.std(ddof=0)).to_numpy()
    ward = scipy_cut_tree(scipy_linkage(z, method="ward"), n_clusters=6).ravel()
    centroids = np.array([z[ward == c].mean(axis=0) for c in range(6)])
    expected = KMeans(6, init=centroids, n_init=1, tol=0, max_iter=300, algorithm="lloyd").fit(z).labels_
    refined, _iterations = kmeans_refine(z, ward)
    np.testing.assert_array_equal(refined, expected)
    result = build_typology(sample, INDICATORS, 6, refine=True)
    assert same_partition(result.types[data.index], expected)
    assert result.moved == int((expected != ward).sum()) > 0


def test_types_are_numbered_by_the_named_indicator_and_by_size(sample):
    by_unemployment = build_typology(sample, INDICATORS, 5, order_by=INDICATORS[0])
    data = sample.loc[by_unemployment.types.notna(), INDICATORS[0]]
    means = data.groupby(by_unemployment.types.dropna()).mean()
    assert list(means.index) == [1, 2, 3, 4, 5]
    assert means.is_monotonic_decreasing
    by_size = build_typology(sample, INDICATORS, 5)
    sizes = by_size.types.value_counts().sort_index()
    assert sizes.is_monotonic_decreasing
    assert same_partition(by_size.types.dropna(), by_unemployment.types.dropna())


def test_same_areas_in_another_row_order_get_the_same_types(sample):
    first = build_typology(sample, INDICATORS, 5, order_by=INDICATORS[0])
    shuffled = sample.sample(frac=1.0, random_state=3)
    second = build_typology(shuffled, INDICATORS, 5, order_by=INDICATORS[0])
    pd.testing.assert_series_equal(first.types, second.types.reindex(first.types.index))


def test_suppressed_and_missing_values_are_not_clustered(sample):
    frame = sample.copy()
    frame.loc[3, INDICATORS[1]] = np.nan
    suppressed = pd.DataFrame({c: [None] * len(frame) for c in INDICATORS}, index=frame.index)
    suppressed.loc[3, INDICATORS[1]] = "unterdrückt: Fallzahl unter 3"
    result = build_typology(frame, INDICATORS, 4, suppressed=suppressed)
    assert np.isnan(result.types[3])
    assert result.names[3] is None
    assert result.reasons[3] == f"unterdrückt: Fallzahl unter 3 ({INDICATORS[1]})"
    assert result.z.loc[3].isna().all()
    no_value = frame[INDICATORS].isna().any(axis=1)
    assert result.types[no_value].isna().all() and result.types[~no_value].notna().all()
    kept = frame.loc[~no_value, INDICATORS]
    z = ((kept - kept.mean()) / kept.std(ddof=0)).to_numpy()
    expected = scipy_cut_tree(scipy_linkage(z, method="ward"), n_clusters=4).ravel()
    assert same_partition(result.types[~no_value], expected)


def test_type_names_follow_the_nearest_profile_in_a_later_run(sample, tmp_path):
    first = build_typology(sample, INDICATORS, 4, order_by=INDICATORS[0])
    path = str(tmp_path / "typnamen.csv")
    write_type_names(first, path)
    edited = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
    assert list(edited.columns[:4]) == ["typ", "name", "anzahl", "beschreibung"]
    assert "," in edited[INDICATORS[0]].iloc[0]  # German decimal comma for spreadsheet users
    edited["name"] = ["arm, jung", "gemischt", "bürgerlich", "alt, wohlhabend"]
    edited.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    saved = read_type_names(path)
    again = build_typology(sample, INDICATORS, 4, order_by=INDICATORS[0], saved_names=saved)
    assert again.profile["name"].tolist() == ["arm, jung", "gemischt", "bürgerlich", "alt, wohlhabend"]
    # numbered by size now: the names go with the profiles, not with the numbers
    renumbered = build_typology(sample, INDICATORS, 4, saved_names=saved)
    for number, name in zip(first.profile.index, ["arm, jung", "gemischt", "bürgerlich", "alt, wohlhabend"]):
        members = first.types == number
        assert set(renumbered.names[members]) == {name}
    assert any("passt am besten" in note for note in renumbered.name_notes)


def test_names_without_profile_columns_go_by_number(sample, tmp_path):
    path = tmp_path / "namen.csv"
    path.write_text("typ;name\n1;Innenstadt\n2;Rand\n", encoding="utf-8")
    result = build_typology(sample, INDICATORS, 3, saved_names=read_type_names(str(path)))
    assert result.profile["name"].tolist() == ["Innenstadt", "Rand", "Typ 3"]


def test_names_table_without_name_column_is_refused_in_german(tmp_path):
    path = tmp_path / "falsch.csv"
    path.write_text("nummer;bezeichnung\n1;x\n", encoding="utf-8")
    with pytest.raises(TypologyError, match="braucht die Spalten typ und name"):
        read_type_names(str(path))


def test_more_areas_than_the_limit_are_refused_in_german():
    points = np.zeros((typology.MAX_AREAS + 1, 2))
    with pytest.raises(SozialraumError, match=f"höchstens {typology.MAX_AREAS}"):
        ward_linkage(points)


@pytest.mark.parametrize("kwargs, message", [
    ({"k": 1}, "ab 2"),
    ({"k": 500}, "zu viele"),
    ({"k": 3, "order_by": "inhabitants"}, "keiner der gewählten Indikatoren"),
    ({"k": 3, "weights": [1, 0, 1, 1, 1]}, "größer als 0"),
])
def test_unusable_parameters_are_refused_in_german(sample, kwargs, message):
    with pytest.raises(TypologyError, match=message):
        build_typology(sample, INDICATORS, **kwargs)


def test_constant_indicator_is_refused_with_its_name(sample):
    frame = sample.assign(constant=1.0)
    with pytest.raises(TypologyError, match="'constant'.*denselben"):
        build_typology(frame, INDICATORS + ["constant"], 3)


def test_input_frame_is_not_changed(sample):
    before = sample.copy()
    build_typology(sample, INDICATORS, 4, refine=True)
    pd.testing.assert_frame_equal(sample, before)
