"""sozialraum:aggregate with the region row: a hidden parent value must not be the region minus the visible
parents (secondary suppression), checked by the linear-programming attacker of tests/privacy_attack.py."""
import math

import pandas as pd
import pytest

from privacy_attack import recovered
from sozialraum_monitor.core.aggregation import REGION, aggregate_units
from sozialraum_monitor.core.catalogue import Catalogue, CatalogueError, Indicator
from sozialraum_monitor.core.privacy import SuppressionRule, is_secondary

CATALOGUE = Catalogue((Indicator("alo_quote", numerator="alo", denominator="ew1565", multiplier=100),))
# district A holds 1 + 1 = 2 unemployed (a small count); the areas without district are a unit nobody sees
AREAS = pd.DataFrame({
    "key": ["a1", "a2", "b1", "b2", "c1", "d1", "d2"],
    "bez": ["A", "A", "B", "B", "C", "D", "D"],
    "alo": [1.0, 1.0, 40.0, 60.0, 30.0, 50.0, 45.0],
    "ew1565": [300.0, 200.0, 800.0, 900.0, 500.0, 700.0, 650.0],
})
AREAS["alo_quote"] = 100 * AREAS.alo / AREAS.ew1565


def published(units, column):
    return {str(k): (None if math.isnan(v) else v) for k, v in units[column].items()}


def true_sums(frame, column):
    sums = {k: float(v) for k, v in frame.groupby("bez")[column].sum().items()}
    sums[REGION] = float(frame[column].sum())
    return sums


def test_hidden_district_is_not_the_region_minus_the_other_districts():
    out = aggregate_units(AREAS, parent_field="bez", columns=["alo", "alo_quote"], catalogue=CATALOGUE,
                          rule=SuppressionRule(3), region_row=True)
    units = out.units
    assert math.isnan(units.loc["A", "alo"])                    # 2: primary
    assert math.isnan(units.loc["C", "alo"])                    # 30, the smallest other district: secondary
    assert units.loc[REGION, "alo"] == 227 and units.loc["B", "alo"] == 100
    assert is_secondary(out.result.reasons.loc["C", "alo"]) and not is_secondary(out.result.reasons.loc["A", "alo"])
    assert math.isnan(units.loc["C", "alo_quote"]) and is_secondary(out.result.reasons.loc["C", "alo_quote"])
    assert out.result.secondary == 2 and out.result.suppressed == 4
    groups = {REGION: ["A", "B", "C", "D"]}
    assert recovered(groups, published(units, "alo"), true_sums(AREAS, "alo"), 3) == {}
    assert "davon Sekundärsperrungen" in out.html
    assert list(units.columns) == ["einheit", "gebiete", "alo", "alo_quote"]   # the count checked, not added


def test_without_the_region_row_nothing_is_hidden_for_others():
    out = aggregate_units(AREAS, parent_field="bez", columns=["alo"], catalogue=CATALOGUE, rule=SuppressionRule(3))
    assert out.units.alo.isna().tolist() == [True, False, False, False]


def test_areas_without_a_parent_hide_like_one_more_unit():
    # the areas without a district hold 2: the region minus the districts would show it
    frame = pd.concat([AREAS.assign(alo=[10.0, 20.0, 40.0, 60.0, 30.0, 50.0, 45.0]),
                       pd.DataFrame({"key": ["x1"], "bez": [None], "alo": [2.0], "ew1565": [90.0]})], ignore_index=True)
    out = aggregate_units(frame, parent_field="bez", columns=["alo"], catalogue=CATALOGUE, rule=SuppressionRule(3),
                          region_row=True)
    shown = published(out.units, "alo")
    truth = true_sums(frame.assign(bez=frame.bez.fillna("ohne")), "alo")
    shown["ohne"] = None                                    # never in the output
    groups = {REGION: ["A", "B", "C", "D", "ohne"]}
    assert recovered(groups, shown, truth, 3) == {}
    assert [k for k, v in shown.items() if v is None] == ["A", "ohne"]      # A (30) the smallest district


def test_rate_whose_denominator_is_not_in_the_layer_is_an_error():
    with pytest.raises(CatalogueError, match=r"Indikator 'alo_quote'.*Nennerfeld 'ew1565' fehlt"):
        aggregate_units(AREAS.drop(columns=["ew1565"]), parent_field="bez", columns=["alo_quote"],
                        catalogue=CATALOGUE, rule=SuppressionRule(3), weight="alo")


def test_aggregate_algorithm_reads_the_rate_counts_itself_and_hides_a_second_district(run_alg, tmp_path):
    from qgis.core import QgsFeature, QgsVectorLayer

    from sozialraum_monitor.adapter.compat import make_field

    layer = QgsVectorLayer("None", "gebiete", "memory")
    layer.dataProvider().addAttributes([make_field(n, "string") for n in ("key", "bez")]
                                       + [make_field(n, "double") for n in ("alo", "ew1565", "alo_quote")])
    layer.updateFields()
    features = []
    for row in AREAS.itertuples(index=False):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([row.key, row.bez, row.alo, row.ew1565, row.alo_quote])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("id;numerator;denominator;multiplier\nalo_quote;alo;ew1565;100\n", encoding="utf-8")
    # only the rate is chosen: its counts are read from the catalogue, summed and checked, not output
    result = run_alg("sozialraum:aggregate", {"INPUT": layer, "PARENT_FIELD": "bez", "FIELDS": ["alo_quote"],
                                              "CATALOGUE": str(catalogue), "MIN_COUNT": 3, "REGION_ROW": True,
                                              "DISSOLVE": False, "OUTPUT": "memory:", "REPORT": "memory:"})
    rates = {f["einheit"]: (None if f["alo_quote"] is None or str(f["alo_quote"]) == "NULL" else f["alo_quote"])
             for f in result["OUTPUT"].getFeatures()}
    assert rates["A"] is None and rates["C"] is None                       # 2 of 500, and C protecting it
    assert rates["B"] == pytest.approx(100 * 100 / 1700) and rates[REGION] == pytest.approx(100 * 227 / 4050)
    assert result["OUTPUT"].fields().lookupField("alo") < 0


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_algorithm_tables_written_as_spreadsheet_files_hold_no_formula(run_alg, tmp_path, extension):
    from qgis.core import QgsFeature, QgsVectorLayer

    from sozialraum_monitor.adapter.compat import make_field

    layer = QgsVectorLayer("None", "gebiete", "memory")
    layer.dataProvider().addAttributes([make_field("bez", "string"), make_field("ew", "double")])
    layer.updateFields()
    features = []
    for parent, people in (("=HYPERLINK(\"http://x\";\"y\")", 500.0), ("@SUMME(A1)", 700.0), ("-2+3", 900.0),
                           ("Mitte", 800.0)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([parent, people])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    out = str(tmp_path / f"einheiten.{extension}")
    run_alg("sozialraum:aggregate", {"INPUT": layer, "PARENT_FIELD": "bez", "FIELDS": ["ew"], "COUNT_FIELDS": ["ew"],
                                     "MIN_COUNT": 0, "DISSOLVE": False, "OUTPUT": out, "REPORT": "memory:"})
    written = QgsVectorLayer(out, "out", "ogr")
    assert written.isValid()
    units = {f["einheit"]: f["ew"] for f in written.getFeatures()}
    assert set(units) == {"'=HYPERLINK(\"http://x\";\"y\")", "'@SUMME(A1)", "'-2+3", "Mitte"}
    assert float(units["Mitte"]) == 800.0        # numbers stay numbers
