"""One crafted layer with small counts in every role, run through every algorithm that writes values per area:
no count from 1 to MIN_COUNT-1, no rate built on one, and no population below MIN_POPULATION leaves in any
output layer or table; where a parent total is published beside its areas, no hidden area is the total minus
the shown ones.

Roles (Berlin's 448 planning areas, values made here): `alo` numerator of the rate `alo_quote` (1 or 2 in some
areas), `ew1565` its denominator, `kinder` a lone count (kind=count: 1 or 2 in others), `inhabitants` the
population (the sample's, some areas below 300)."""
import os

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsCoordinateTransformContext, QgsFeature, QgsVectorFileWriter, QgsVectorLayer

from conftest import SAMPLE
from sozialraum_monitor.adapter.compat import make_field

MIN_COUNT, MIN_POPULATION = 3, 300
COUNTS = ("alo", "kinder")


def plain(value):
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def frame_of(layer_or_path):
    layer = layer_or_path if isinstance(layer_or_path, QgsVectorLayer) else \
        QgsVectorLayer(layer_or_path, "out", "ogr")
    assert layer.isValid()
    names = layer.fields().names()
    return pd.DataFrame([[plain(v) for v in f.attributes()] for f in layer.getFeatures()], columns=names)


@pytest.fixture(scope="module")
def crafted(qgis_app, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    folder = tmp_path_factory.mktemp("sweep")
    source = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "sweep", "memory")
    fields = [make_field("plr_id", "string"), make_field("bez_id", "string"), make_field("inhabitants", "double"),
              make_field("alo", "double"), make_field("ew1565", "double"), make_field("alo_quote", "double"),
              make_field("kinder", "double"), make_field("s1", "double")]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    rng = np.random.default_rng(7)
    rows, features = [], []
    for i, feature in enumerate(source.getFeatures()):
        people = 200.0 + 20 * (i % 50)
        alo = float([1, 2, 0, 35, 60][i % 5]) if i % 7 == 0 else float(rng.integers(10, 90))
        kinder = float([2, 1][i % 2]) if i % 11 == 3 else float(rng.integers(5, 60))
        inhabitants = feature["inhabitants"]
        inhabitants = float(inhabitants) if plain(inhabitants) is not None else None
        row = [feature["plr_id"], feature["bez_id"], inhabitants, alo, people, 100.0 * alo / people, kinder,
               feature["s1_percentage_unemployed"]]
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        new.setAttributes(row)
        features.append(new)
        rows.append(row)
    layer.dataProvider().addFeatures(features)
    path = str(folder / "sweep.gpkg")
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(),
                                              QgsVectorFileWriter.SaveVectorOptions())
    catalogue = folder / "katalog.csv"
    catalogue.write_text(
        "id;label;unit;polarity;numerator;denominator;multiplier;kind\n"
        "alo_quote;Arbeitslosenquote;%;higher_is_worse;alo;ew1565;100;rate\n"
        "alo;Arbeitslose;Personen;;;;;count\n"
        "ew1565;Einwohner 15-65;Personen;;;;;count\n"
        "kinder;Kinder unter 6;Personen;;;;;count\n"
        "inhabitants;Einwohner;EW;;;;;count\n"
        "s1;Arbeitslosigkeit;%;higher_is_worse;;;1;rate\n", encoding="utf-8")
    truth = pd.DataFrame(rows, columns=[f.name() for f in fields]).set_index("plr_id")
    return path + "|layername=sweep", str(catalogue), truth


def small(series):
    return (series > 0) & (series < MIN_COUNT)


def assert_nothing_small_per_area(out, truth, fields=("alo", "alo_quote", "kinder", "inhabitants")):
    """Per area of `out` (with plr_id): the count fields, the rate on a small count and every value of an area
    below the minimum population are NULL wherever the truth has them small."""
    out = out.set_index("plr_id")
    shown = truth.loc[out.index]
    for field in (f for f in fields if f in out.columns):
        values = pd.to_numeric(out[field], errors="coerce")
        if field in COUNTS:
            hidden = small(shown[field])
        elif field == "alo_quote":
            hidden = small(shown["alo"])
        else:
            hidden = shown["inhabitants"] < MIN_POPULATION
        hidden |= shown["inhabitants"] < MIN_POPULATION
        assert hidden.any(), field
        leaked = values[hidden.to_numpy()].dropna()
        assert leaked.empty, f"{field}: {leaked.head().to_dict()}"


def privacy(**extra):
    return {"MIN_COUNT": MIN_COUNT, "MIN_POPULATION": MIN_POPULATION, "POPULATION_FIELD": "inhabitants", **extra}


def test_compositeindex_layer(run_alg, crafted, tmp_path):
    layer, catalogue, truth = crafted
    result = run_alg("sozialraum:compositeindex", privacy(
        INPUT=layer, INDICATORS=["alo_quote", "s1"], CATALOGUE=catalogue, KEY_FIELD="plr_id",
        REFERENCE_MIN_POPULATION=300, OUTPUT=str(tmp_path / "index.gpkg")))
    assert_nothing_small_per_area(frame_of(result["OUTPUT"]), truth)


def test_typology_and_hotspots_layers(run_alg, crafted, tmp_path):
    layer, catalogue, truth = crafted
    typology = run_alg("sozialraum:typology", privacy(
        INPUT=layer, INDICATORS=["alo_quote", "s1"], TYPES=4, CATALOGUE=catalogue, OUTPUT=str(tmp_path / "t.gpkg"),
        OUTPUT_REPORT=str(tmp_path / "t.html")))
    assert_nothing_small_per_area(frame_of(typology["OUTPUT"]), truth)
    hotspots = run_alg("sozialraum:hotspots", privacy(
        INPUT=layer, INDICATOR="alo_quote", CATALOGUE=catalogue, KEY_FIELD="plr_id", PERMUTATIONS=99,
        OUTPUT=str(tmp_path / "h.gpkg"), OUTPUT_REPORT=str(tmp_path / "h.html")))
    assert_nothing_small_per_area(frame_of(hotspots["OUTPUT"]), truth)


def test_aggregate_table_reveals_no_hidden_area_by_subtraction(run_alg, crafted, tmp_path):
    """Districts with the region row: a hidden district's count is never the region total minus the shown ones,
    and no shown district count is small."""
    layer, catalogue, _truth = crafted
    result = run_alg("sozialraum:aggregate", privacy(
        INPUT=layer, KEY="plr_id", PARENT_FIELD="bez_id", REGION_ROW=True, FIELDS=["alo", "kinder", "alo_quote"],
        CATALOGUE=catalogue, DISSOLVE=False, OUTPUT=str(tmp_path / "a.gpkg"), REPORT="memory:", REPORT_HTML=""))
    table = frame_of(result["OUTPUT"])
    region = table[table["einheit"] == "Gesamt"]
    parts = table[table["einheit"] != "Gesamt"]
    for field in COUNTS:
        values = pd.to_numeric(parts[field], errors="coerce")
        assert not small(values.dropna()).any(), field
        total = pd.to_numeric(region[field], errors="coerce").iloc[0] if len(region) else np.nan
        if not np.isnan(total):
            assert values.isna().sum() != 1, f"{field}: one hidden district = total minus the others"


def test_comparisons_tables_show_no_small_count_or_rate_on_one(run_alg, crafted, tmp_path):
    layer, catalogue, truth = crafted
    result = run_alg("sozialraum:comparisons", privacy(
        INPUT=layer, INDICATORS=["alo_quote", "kinder"], PARENT_FIELD="bez_id", KEY_FIELD="plr_id",
        CATALOGUE=catalogue, EXTREMES="memory:", VARIANCE="memory:", SPREAD="memory:", CORRELATIONS="memory:",
        CONCENTRATION="memory:", REPORT=str(tmp_path / "c.html")))
    extremes = frame_of(result["EXTREMES"])
    assert len(extremes)
    for _, row in extremes.iterrows():
        area = truth.loc[str(row["key"])]
        if row["indicator"] == "kinder":
            assert not small(pd.Series([area["kinder"]])).iloc[0]
        if row["indicator"] == "alo_quote":
            assert not small(pd.Series([area["alo"]])).iloc[0]
        assert area["inhabitants"] >= MIN_POPULATION


def test_classify_results_do_not_come_from_hidden_values(run_alg, crafted, tmp_path):
    """The lowest value and the breaks a classification reports are no small count (they are computed without
    the hidden cells)."""
    layer, catalogue, truth = crafted
    result = run_alg("sozialraum:classify", privacy(
        INPUT=layer, FIELDS=["kinder"], METHOD=1, CLASSES=4, CATALOGUE=catalogue, APPLY=False,
        OUTPUT_QML=str(tmp_path / "k.qml")))
    visible = truth.loc[(truth["inhabitants"] >= MIN_POPULATION) & ~small(truth["kinder"]), "kinder"]
    assert result["LOWER"] == pytest.approx(visible.min())
    assert result["LOWER"] >= MIN_COUNT


def test_the_sweep_would_see_a_leak(run_alg, crafted, tmp_path):
    """Counter-check: with the rule off (0 = off), the same outputs do carry the small counts, and the check
    above says so; so the passing checks are no accident of the data."""
    layer, catalogue, truth = crafted
    result = run_alg("sozialraum:typology", {
        "INPUT": layer, "INDICATORS": ["alo_quote", "s1"], "TYPES": 4, "CATALOGUE": catalogue, "MIN_COUNT": 0,
        "MIN_POPULATION": 0, "OUTPUT": str(tmp_path / "t.gpkg"), "OUTPUT_REPORT": str(tmp_path / "t.html")})
    with pytest.raises(AssertionError):
        assert_nothing_small_per_area(frame_of(result["OUTPUT"]), truth)
