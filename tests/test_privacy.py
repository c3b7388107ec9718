"""Suppression of small counts: primary (counts 1..min_count-1, rates on them, small areas) and secondary (no hidden
cell recoverable from a published total and its published siblings), checked against an attacker who solves the
published table by linear programming (tests/privacy_attack.py, scipy)."""
import doctest

import numpy as np
import pandas as pd
import pytest

from privacy_attack import intervals, recovered
from sozialraum_monitor.core import catalogue as catalogue_module
from sozialraum_monitor.core import privacy, safe_cells
from sozialraum_monitor.core.catalogue import COUNT, Catalogue, CatalogueError, Indicator, read_catalogue
from sozialraum_monitor.core.privacy import (
    SuppressionRule,
    apply_suppression,
    hierarchy,
    is_secondary,
    protect_cells,
    suppress,
)

CATALOGUE = Catalogue((Indicator("quote", numerator="alo", denominator="ew", multiplier=100),))


def test_small_counts_and_their_rates_are_suppressed_zero_is_not():
    frame = pd.DataFrame({"alo": [0.0, 1.0, 2.0, 3.0, 50.0], "ew": [100.0, 100.0, 100.0, 100.0, 2.0],
                          "quote": [0.0, 1.0, 2.0, 3.0, 2500.0]})
    shown, reasons = apply_suppression(frame, CATALOGUE, SuppressionRule(min_count=3))
    # independent expectation: rows 1, 2 (numerator 1 and 2) and 4 (denominator 2) are hidden
    assert shown.quote.isna().tolist() == [False, True, True, False, True]
    assert shown.alo.isna().tolist() == [False, True, True, False, False]
    assert shown.ew.isna().tolist() == [False, False, False, False, True]
    assert reasons.loc[1, "quote"] == "unterdrückt: Fallzahl unter 3"
    assert reasons.loc[0, "quote"] is None
    assert frame.quote.notna().all()  # the input is untouched


def test_areas_below_min_population_show_no_values_not_even_their_population():
    frame = pd.DataFrame({"ew": [250.0, 5000.0], "share": [12.5, 7.0]})
    rule = SuppressionRule(min_count=0, min_population=300, population_field="ew")
    shown, reasons = apply_suppression(frame, Catalogue(), rule)
    assert np.isnan(shown.share[0]) and shown.share[1] == 7.0
    assert np.isnan(shown.ew[0]) and shown.ew[1] == 5000.0
    assert "300" in reasons.loc[0, "share"] and "300" in reasons.loc[0, "ew"]


def test_min_count_zero_switches_the_count_rule_off():
    frame = pd.DataFrame({"alo": [1.0], "ew": [2.0], "quote": [50.0]})
    shown, _reasons = apply_suppression(frame, CATALOGUE, SuppressionRule(min_count=0))
    assert shown.iloc[0].tolist() == [1.0, 2.0, 50.0]


def test_lone_count_marked_as_count_in_the_catalogue_is_suppressed():
    catalogue = Catalogue((Indicator("kinder_u6", label="Kinder unter 6", kind=COUNT), Indicator("anteil")))
    frame = pd.DataFrame({"kinder_u6": [2.0, 40.0], "anteil": [2.0, 40.0]})
    shown, reasons = apply_suppression(frame, catalogue, SuppressionRule(min_count=3))
    assert np.isnan(shown.kinder_u6[0]) and shown.kinder_u6[1] == 40.0
    assert shown.anteil.tolist() == [2.0, 40.0]      # a share is no count


def test_rate_whose_numerator_is_missing_from_the_data_is_an_error_not_shown_unchecked():
    frame = pd.DataFrame({"ew": [400.0], "quote": [0.25]})
    with pytest.raises(CatalogueError, match=r"Indikator 'quote'.*Zählerfeld 'alo' fehlt.*Bitte"):
        apply_suppression(frame, CATALOGUE, SuppressionRule(min_count=3))


# --- secondary suppression -------------------------------------------------------------------------------
def test_a_hidden_child_is_not_the_parent_minus_its_visible_siblings():
    # district 181 with the children 1, 50, 60, 70; a second district 100 = 40 + 60; the region 281
    structure = hierarchy(6, [([0, 0, 0, 0, 1, 1], 2)])
    values = np.array([1, 50, 60, 70, 40, 60, 181, 100, 281], dtype=float)
    secondary = protect_cells(values, values == 1, structure, threshold=3)
    assert secondary.nonzero()[0].tolist() == [1]          # the smallest sibling, 50
    names = ["a1", "a2", "a3", "a4", "b1", "b2", "A", "B", "R"]
    groups = {"A": ["a1", "a2", "a3", "a4"], "B": ["b1", "b2"], "R": ["a1", "a2", "a3", "a4", "b1", "b2"]}
    published = {n: (None if (values[i] == 1 or secondary[i]) else values[i]) for i, n in enumerate(names)}
    assert recovered(groups, published, dict(zip(names, values)), 3) == {}
    # without the second cell the attacker has it: 181 - 50 - 60 - 70 = 1
    published["a2"] = 50.0
    assert intervals(groups, published)["a1"] == pytest.approx((1.0, 1.0))


def test_secondary_cell_is_the_smallest_sibling_above_zero_and_the_first_of_equals():
    structure = hierarchy(5, [([0, 0, 0, 0, 0], 1)], region=False)
    values = np.array([2, 0, 9, 9, 30, 50], dtype=float)
    assert protect_cells(values, values == 2, structure, 3).nonzero()[0].tolist() == [2]


def test_two_hidden_ones_under_one_parent_take_a_third_cell():
    # 1 and 1 hidden: the parent minus the visible children is 2, itself a small count
    structure = hierarchy(4, [([0, 0, 0, 0], 1)], region=False)
    values = np.array([1, 1, 7, 20, 29], dtype=float)
    assert protect_cells(values, values == 1, structure, 3).nonzero()[0].tolist() == [2]


def test_parent_hidden_for_itself_is_not_the_region_minus_the_other_parents():
    # district A = 2 (areas 1 + 1) is a small count; B and C are large; the region shows all
    structure = hierarchy(5, [([0, 0, 1, 1, 2], 3)])
    values = np.array([1, 1, 40, 60, 30, 2, 100, 30, 132], dtype=float)
    primary = values < 3
    secondary = protect_cells(values, primary, structure, 3)
    names = ["a1", "a2", "b1", "b2", "c1", "A", "B", "C", "R"]
    hidden = primary | secondary
    assert [names[i] for i in np.flatnonzero(secondary)] == ["c1", "C"]   # C (30) the smaller; then its only area
    groups = {"A": ["a1", "a2"], "B": ["b1", "b2"], "C": ["c1"], "R": ["a1", "a2", "b1", "b2", "c1"]}
    published = {n: (None if hidden[i] else values[i]) for i, n in enumerate(names)}
    assert recovered(groups, published, dict(zip(names, values)), 3) == {}


@pytest.mark.parametrize("seed", range(12))
def test_random_district_tables_leave_no_small_count_recoverable(seed):
    """Three levels that nest (areas, Bezirksregionen, Bezirke) and the region, counts with many 1s and 2s."""
    rng = np.random.default_rng(seed)
    areas = 30
    regions = np.sort(rng.integers(0, 8, areas))
    regions = np.unique(regions, return_inverse=True)[1]
    districts_of_region = np.sort(rng.integers(0, 3, regions.max() + 1))
    districts = np.unique(districts_of_region, return_inverse=True)[1][regions]
    counts = rng.choice([0, 1, 2, 3, 5, 8, 20, 40, 100], areas, p=[.1, .2, .15, .1, .1, .1, .1, .1, .05])
    n_regions, n_districts = regions.max() + 1, districts.max() + 1
    # independent sums and names
    names = [f"a{i}" for i in range(areas)] + [f"r{k}" for k in range(n_regions)] + \
        [f"d{k}" for k in range(n_districts)] + ["R"]
    values = np.concatenate([counts, [counts[regions == k].sum() for k in range(n_regions)],
                             [counts[districts == k].sum() for k in range(n_districts)], [counts.sum()]]).astype(float)
    groups = {f"r{k}": [f"a{i}" for i in np.flatnonzero(regions == k)] for k in range(n_regions)}
    groups.update({f"d{k}": [f"a{i}" for i in np.flatnonzero(districts == k)] for k in range(n_districts)})
    groups["R"] = [f"a{i}" for i in range(areas)]
    structure = hierarchy(areas, [(regions, n_regions), (districts, n_districts)])
    assert structure.tree
    primary = (values > 0) & (values < 3)
    hidden = primary | protect_cells(values, primary, structure, 3)
    published = {n: (None if hidden[i] else values[i]) for i, n in enumerate(names)}
    assert recovered(groups, published, dict(zip(names, values)), 3) == {}


def test_levels_that_do_not_nest_are_protected_by_the_linear_check():
    # two groupings across each other (a 2 x 2 table): one hidden cell needs all four
    structure = hierarchy(4, [([0, 0, 1, 1], 2), ([0, 1, 0, 1], 2)])
    assert not structure.tree
    values = np.array([1, 10, 20, 30, 11, 50, 21, 40, 61], dtype=float)
    hidden = (values == 1) | protect_cells(values, values == 1, structure, 3)
    names = ["a", "b", "c", "d", "P0", "P1", "Q0", "Q1", "R"]
    groups = {"P0": ["a", "b"], "P1": ["c", "d"], "Q0": ["a", "c"], "Q1": ["b", "d"], "R": ["a", "b", "c", "d"]}
    published = {n: (None if hidden[i] else values[i]) for i, n in enumerate(names)}
    assert recovered(groups, published, dict(zip(names, values)), 3) == {}


def test_rate_is_hidden_where_its_numerator_was_hidden_as_secondary_and_says_so():
    # areas x (alo 1) and y, z under one parent, and the parent row: the rate of the sibling holding the
    # secondary numerator is hidden too, with the secondary reason
    cells = pd.DataFrame({"alo": [1.0, 30.0, 40.0, 71.0], "ew": [100.0, 300.0, 500.0, 900.0]})
    cells["quote"] = 100 * cells.alo / cells.ew
    structure = hierarchy(3, [([0, 0, 0], 1)], region=False)
    shown, reasons = suppress(cells, CATALOGUE, SuppressionRule(3), structure, columns=["quote"])
    assert shown.quote.isna().tolist() == [True, True, False, False]
    assert reasons.quote[0] == "unterdrückt: Fallzahl unter 3"
    assert is_secondary(reasons.quote[1]) and not is_secondary(reasons.quote[0])
    assert list(reasons.columns) == ["quote"]


def test_population_rule_hides_a_second_population_under_the_same_parent():
    cells = pd.DataFrame({"ew": [120.0, 900.0, 700.0, 1720.0], "share": [5.0, 6.0, 7.0, np.nan]})
    structure = hierarchy(3, [([0, 0, 0], 1)], region=False)
    rule = SuppressionRule(3, 300, "ew")
    shown, reasons = suppress(cells, Catalogue(), rule, structure, columns=["ew", "share"],
                              methods={"ew": "Summe", "share": "nicht aggregierbar"})
    assert shown.ew.isna().tolist() == [True, False, True, False]    # 700, the smaller sibling
    assert is_secondary(reasons.ew[2]) and "300 Einwohner" in reasons.ew[0]
    assert shown.share.isna().tolist() == [True, False, False, True]


# --- catalogue mistakes that would switch suppression off ---------------------------------------------------
def test_catalogue_kind_column_marks_counts(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("id;label;kind;numerator;denominator\nkinder_u6;Kinder unter 6;Anzahl;;\n"
                    "alq;Quote;rate;alo;ew\nanteil;Anteil;;;\n", encoding="utf-8")
    catalogue = read_catalogue(str(path))
    assert catalogue.get("kinder_u6").is_count and not catalogue.get("anteil").is_count
    assert catalogue.count_fields(["einwohner"]) == ("alo", "ew", "kinder_u6", "einwohner")


def test_unbalanced_quote_that_swallows_rows_is_an_error_naming_the_row(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text('id;label;numerator;denominator\nalq;"Arbeitslosenquote;alo;ew\nalo;Arbeitslose;;\n'
                    'x;"Y";;\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"katalog.csv, Zeile 2: .*Anführungszeichen"):
        read_catalogue(str(path))


def test_unbalanced_quote_to_the_end_of_the_file_is_an_error(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text('id;label\na;A\nb;"B\nc;C\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"Zeile 3: .*Anführungszeichen"):
        read_catalogue(str(path))


def test_unknown_kind_and_a_count_with_numerator_are_errors(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("id;kind\na;menge\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"Zeile 2: Art \(kind\) 'menge'"):
        read_catalogue(str(path))
    path.write_text("id;kind;numerator;denominator\na;count;x;y\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"Zeile 2: 'a' ist als Anzahl"):
        read_catalogue(str(path))


def test_rate_used_without_its_denominator_field_in_the_layer_is_an_error():
    catalogue = Catalogue((Indicator("alq", numerator="alo", denominator="ew_15_65"),), "katalog.csv")
    assert catalogue.counts_for(["alq", "other"]) == ("alo", "ew_15_65")
    with pytest.raises(CatalogueError, match=r"katalog.csv: Indikator 'alq'.*'ew_15_65'.*fehlt"):
        catalogue.require_counts(["alq"], ["alq", "alo", "ew"])
    catalogue.require_counts(["other"], ["alq"])      # not used: no error


# --- formula injection, HTML -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUMME(A1)", "\t=1", "\r=1",
                                  "=HYPERLINK(\"http://x\")", "-Mitte"])
def test_text_that_would_start_a_formula_is_written_as_text(text):
    assert safe_cells.safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-3,5", "+1.234,0", "-0.25", "-1e-05", "12", -3.5, 7, None, "Mitte", ""])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cells.safe_cell(value) == value


def test_html_tables_and_pages_escape_catalogue_text():
    from sozialraum_monitor.core import html
    frame = pd.DataFrame({"<b>Indikator</b>": ["<script>alert(1)</script>"], "Wert": ["1 & 2"]})
    page = html.page("<i>Titel</i>", html.table(frame), attribution="Quelle <img src=x onerror=alert(1)>")
    assert "<script>" not in page and "<img" not in page and "<i>Titel" not in page and "<b>Indikator" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "1 &amp; 2" in page


@pytest.mark.parametrize("module", [privacy, safe_cells, catalogue_module])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed


def test_typology_names_table_keeps_a_formula_like_name_as_text(tmp_path):
    import csv
    import sqlite3

    from conftest import SAMPLE
    from sozialraum_monitor.core.typology import build_typology, read_type_names, write_type_names
    with sqlite3.connect(f"{SAMPLE}/berlin_mss2019.gpkg") as connection:
        sample = pd.read_sql("SELECT * FROM sozialraeume ORDER BY fid", connection).drop(columns=["geom"])
    names = tmp_path / "namen.csv"
    names.write_text('typ;name\n1;=HYPERLINK("http://x")\n2;@Rand\n', encoding="utf-8")
    indicators = ["s1_percentage_unemployed", "k03_old_age_poverty"]
    result = build_typology(sample, indicators, 3, saved_names=read_type_names(str(names)))
    path = tmp_path / "typen.csv"
    write_type_names(result, str(path))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["name"] for r in rows][:2] == ["'=HYPERLINK(\"http://x\")", "'@Rand"]
    assert any(r[indicators[0]].startswith("-") for r in rows)          # negative mean z-values stay numbers
