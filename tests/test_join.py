"""join_indicators on hand-written German tables and on the real Berlin and Cologne data."""
import os

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE, SAMPLE_TABLES
from sozialraum_monitor.core.catalogue import Catalogue, Indicator, read_catalogue
from sozialraum_monitor.core.join import (AREA_DUPLICATE, AREA_WITHOUT_ROW, DUPLICATE, JOINED, LONG, NAME_MISMATCH,
                                          NOT_NUMERIC, NULL, SKIPPED, SUSPICIOUS, UNMATCHED, JoinError, TableSpec,
                                          join_indicators)
from sozialraum_monitor.core.join_report import report_html
from sozialraum_monitor.adapter.tables import read_table

DATA = os.path.join(os.path.dirname(__file__), "data", "join")
AREAS = pd.DataFrame({"key": ["01", "02", "03", "04", "05", "06"],
                      "name": ["Altstadt", "Nordstadt", "Südstadt", "Weststadt", "Oststadt", "Hafen"]})


def table(name, *text):
    return read_table(os.path.join(DATA, name), text_columns=text)


def test_german_office_table_joins_with_numbers_and_reasons():
    spec = TableSpec(table("amt_cp1252_semikolon.csv", "Bezirk", "Name"), "Bezirk", "Name")
    joined, report = join_indicators(AREAS, [spec], "key", "name")
    assert joined["Einwohner"].tolist() == [1234.0, 12345.0, 2001.0, 3500.0, 987.0, 15.0]
    assert joined["Anteil SGB II"].iloc[0] == 12.5
    nulls = report.of(NULL)
    expected = {("02", "Arbeitslosenquote"), ("03", "Arbeitslosenquote"), ("04", "Arbeitslosenquote"),
                ("03", "Anteil SGB II"), ("04", "Anteil SGB II"), ("06", "Anteil SGB II")}
    assert set(zip(nulls.schluessel, nulls.feld)) == expected
    assert int(joined[["Arbeitslosenquote", "Anteil SGB II"]].isna().sum().sum()) == len(expected)


def test_every_table_row_is_joined_or_listed():
    spec = TableSpec(table("amt_cp1252_semikolon.csv", "Bezirk", "Name"), "Bezirk", "Name")
    _, report = join_indicators(AREAS.iloc[:4], [spec], "key", "name")
    fates = report.entries[report.entries.status.isin([JOINED, UNMATCHED])]
    assert sorted(fates.zeile.tolist()) == [4, 5, 6, 7, 8, 9]
    assert set(report.of(UNMATCHED).schluessel) == {"05", "06"}
    assert report.matched == 4 and report.unmatched_rows == 2
    assert sorted(report.of(SKIPPED).zeile.tolist()) == [1, 2, 11, 12]


def test_area_without_row_is_listed_and_empty():
    spec = TableSpec(table("ohne_kopf.csv", "feld_1"), "feld_1")
    joined, report = join_indicators(AREAS, [spec], "key")
    assert set(report.of(AREA_WITHOUT_ROW).schluessel) == {"04", "05", "06"}
    assert joined["feld_3"].iloc[3:].isna().all() and report.unmatched_areas == 3


def test_text_column_is_not_taken_and_listed_with_examples():
    spec = TableSpec(table("ohne_kopf.csv", "feld_1"), "feld_1")
    joined, report = join_indicators(AREAS, [spec], "key")
    assert "feld_2" not in joined.columns or joined["feld_2"].equals(AREAS.get("feld_2"))
    listed = report.of(NOT_NUMERIC)
    assert listed.feld.tolist() == ["feld_2"] and "Altstadt" in listed.wert.iloc[0]


def test_lost_leading_zeros_stop_with_a_suggestion_and_join_with_key_width():
    spec = TableSpec(table("zahlschluessel.csv"), "id")
    with pytest.raises(JoinError, match="KEY_WIDTH=2"):
        join_indicators(AREAS, [spec], "key")
    joined, report = join_indicators(AREAS, [spec], "key", key_width=2)
    assert joined["wert"].tolist() == [5.0, 6.0, 7.0, 8.0, 9.0, 10.0]


def test_keys_in_names_join_with_extraction():
    spec = TableSpec(table("schluessel_im_namen.csv"), "gebiet")
    with pytest.raises(JoinError, match="KEY_EXTRACT"):
        join_indicators(AREAS, [spec], "key")
    joined, _ = join_indicators(AREAS, [spec], "key", key_extract=True)
    assert joined["wert"].iloc[:3].tolist() == [1.5, 2.5, 3.5]


def test_duplicate_table_keys_are_an_error_by_default():
    spec = TableSpec(table("doppelt.csv", "id"), "id")
    with pytest.raises(JoinError, match=r"Schlüssel mehrfach.*02.*Zeilen 3, 4"):
        join_indicators(AREAS, [spec], "key")


@pytest.mark.parametrize("rule,expected", [("first", 2.0), ("last", 4.0), ("sum", 6.0), ("mean", 3.0)])
def test_duplicate_table_keys_follow_the_chosen_rule_and_are_listed(rule, expected):
    spec = TableSpec(table("doppelt.csv", "id"), "id")
    joined, report = join_indicators(AREAS, [spec], "key", table_duplicates=rule)
    assert joined["wert"].iloc[1] == expected
    assert len(report.of(DUPLICATE)) == (1 if rule in ("first", "last") else 2)


def test_duplicate_area_keys_are_an_error_unless_left_empty_or_copied():
    areas = pd.DataFrame({"key": ["01", "02", "02"]})
    spec = TableSpec(table("ohne_kopf.csv", "feld_1"), "feld_1")
    with pytest.raises(JoinError, match="Gebietslayer: Schlüssel mehrfach"):
        join_indicators(areas, [spec], "key")
    empty, report = join_indicators(areas, [spec], "key", area_duplicates="empty")
    assert empty["feld_3"].tolist()[0] == 100.0 and empty["feld_3"].iloc[1:].isna().all()
    assert len(report.of(AREA_DUPLICATE)) == 2
    copied, _ = join_indicators(areas, [spec], "key", area_duplicates="copy")
    assert copied["feld_3"].tolist() == [100.0, 200.0, 200.0]


def test_long_table_pivots_per_year_and_derives_rates_from_counts():
    spec = TableSpec(table("lang.csv", "schluessel", "jahr", "merkmal"), "schluessel", layout=LONG,
                     variable=("merkmal",), value="anzahl", year="jahr")
    catalogue = read_catalogue(os.path.join(DATA, "katalog_lang.csv"))
    joined, report = join_indicators(AREAS, [spec], "key", catalogue=catalogue)
    assert joined["einwohner_2023"].iloc[:2].tolist() == [1100.0, 2000.0]
    assert joined["alq_2022"].iloc[0] == pytest.approx(50 / 1000 * 100)
    assert joined["alq_2023"].iloc[1] == pytest.approx(120 / 2000 * 100)
    assert np.isnan(joined["arbeitslose_2022"].iloc[1])
    assert report.aliases["alq_2023"] == "Arbeitslosenquote 2023"
    null = report.of(NULL)
    assert "unbekannt oder geheim (.)" in set(null[null.feld == "arbeitslose_2022"].grund)
    assert "Quote: Zähler fehlt" in set(null[null.feld == "alq_2022"].grund)
    assert report.of(UNMATCHED).schluessel.tolist() == ["99"]


def test_long_table_with_one_chosen_year_has_plain_field_names():
    spec = TableSpec(table("lang.csv", "schluessel", "jahr", "merkmal"), "schluessel", layout=LONG,
                     variable=("merkmal",), value="anzahl", year="jahr", years=("2023",))
    joined, report = join_indicators(AREAS, [spec], "key")
    assert joined["arbeitslose"].iloc[:2].tolist() == [55.0, 120.0]
    assert len(report.of("Jahr nicht gewählt")) == 4


# --- real data: Berlin MSS 2019 -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def berlin(qgis_app):
    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.layers import source_to_frame

    # the 448 planning areas with the keys and names as published (duplicate 06010102, 09041402 drifted)
    layer = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=planungsraeume", "plr", "ogr")
    areas = source_to_frame(layer, ["plr_id", "plr_name"]).reset_index(drop=True)
    areas = areas.rename(columns={"plr_id": "id", "plr_name": "name"})
    specs = [TableSpec(read_table(os.path.join(SAMPLE_TABLES, t), text_columns=("id", "name")), "id", "name")
             for t in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv")]
    raw = pd.read_csv(os.path.join(SAMPLE_TABLES, "mss_2019_tab2-1.csv"), dtype={"id": str})
    return areas, specs, raw


def test_berlin_duplicate_polygon_key_is_an_error_by_default(berlin):
    areas, specs, _ = berlin
    with pytest.raises(JoinError, match="06010102"):
        join_indicators(areas, specs, "id", "name")


def test_berlin_traps_appear_in_the_report(berlin):
    areas, specs, raw = berlin
    joined, report = join_indicators(areas, specs, "id", "name", area_duplicates="empty")
    assert set(report.of(AREA_DUPLICATE).schluessel) == {"06010102"}
    assert set(report.of(UNMATCHED).schluessel) == {"04030417"}
    assert "06010102" in report.of(UNMATCHED).grund.iloc[0]          # the name points at the duplicate
    mismatch = report.of(NAME_MISMATCH)
    assert set(mismatch.schluessel) == {"09041402"} and "09041403" in mismatch.grund.iloc[0]
    # the 11 planning areas delivered with 0 instead of "no value" (all indicator columns exactly 0)
    indicator_columns = [c for c in raw.columns if c[:2] in ("s1", "s3", "s4", "d1", "d3", "d4")]
    zeros = set(raw.loc[(raw[indicator_columns] == 0).all(axis=1), "id"])
    assert len(zeros) == 11
    assert set(report.of(SUSPICIOUS).query("tabelle == 'mss_2019_tab2-1.csv'").schluessel) == zeros


def test_berlin_values_match_the_official_table(berlin):
    areas, specs, raw = berlin
    joined, report = join_indicators(areas, specs, "id", "name", area_duplicates="empty")
    expected = raw.set_index("id")["s1_percentage_unemployed"]
    got = joined.set_index("id")["s1_percentage_unemployed"]
    common = [k for k in got.index if k in expected.index and k != "06010102"]
    assert len(common) == 445
    np.testing.assert_allclose(got[common].to_numpy(), expected[common].to_numpy())
    assert report.matched == 2 * 446 and report.unmatched_rows == 2


def test_berlin_k02_markers_are_null_with_reason(berlin):
    areas, specs, _ = berlin
    joined, report = join_indicators(areas, specs, "id", "name", area_duplicates="empty")
    nulls = report.of(NULL)
    k02 = nulls[nulls.feld == "k02_single_parent_households"]
    assert len(k02) == 446 and set(k02.grund) == {"nichts vorhanden (-)"}
    assert joined["k02_single_parent_households"].isna().all()


def test_report_html_shows_each_trap(berlin):
    areas, specs, _ = berlin
    _, report = join_indicators(areas, specs, "id", "name", area_duplicates="empty")
    page = report_html(report)
    for text in ("04030417", "06010102", "09041402", "Namensabweichungen", "Verdächtige Zeilen",
                 "nichts vorhanden (-)"):
        assert text in page


# --- real data: Cologne, long table ----------------------------------------------------------------------

def test_koeln_long_table_pivots_and_rates_come_from_counts(koeln_dir, qgis_app):
    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.layers import source_to_frame

    layer = QgsVectorLayer(os.path.join(koeln_dir, "stadtteile_shp", "Stadtteil.shp"), "stt", "ogr")
    areas = source_to_frame(layer, ["STT_NR", "STT_NAME"]).reset_index(drop=True)
    path = os.path.join(koeln_dir, "bevoelkerung_2011-2012_long.csv")
    spec = TableSpec(read_table(path, text_columns=("raum_id", "tab_id", "zei_id", "jahr", "raum")), "raum_id",
                     "raum", LONG, ("tab_id", "zei_id"), "zahl", "jahr", ("2012",))
    catalogue = Catalogue((Indicator("anteil_auslaender", label="Ausländeranteil", unit="%",
                                     numerator="v_030_50", denominator="v_005_10", multiplier=100),))
    joined, report = join_indicators(areas, [spec], "STT_NR", "STT_NAME", catalogue=catalogue)
    raw = pd.read_csv(path, dtype={"raum_id": str, "tab_id": str})
    year = raw[raw.jahr == 2012]
    residents = year[(year.tab_id == "005") & (year.zei_id == 10)].set_index("raum_id").zahl
    foreigners = year[(year.tab_id == "030") & (year.zei_id == 50)].set_index("raum_id").zahl
    expected = (foreigners / residents * 100).reindex(joined["STT_NR"]).to_numpy()
    np.testing.assert_allclose(joined["anteil_auslaender"].to_numpy(), expected)
    assert report.unmatched_areas == 0
    unmatched = set(report.of(UNMATCHED).schluessel)
    assert unmatched == {"000", "001", "002", "003", "004", "005", "006", "007", "008", "009"}
    assert report.aliases["anteil_auslaender"] == "Ausländeranteil"


def test_report_table_covers_each_joined_line_once_in_ranges():
    from sozialraum_monitor.core.join_report import report_table

    spec = TableSpec(table("amt_cp1252_semikolon.csv", "Bezirk", "Name"), "Bezirk", "Name")
    _, report = join_indicators(AREAS.iloc[[0, 1, 3]], [spec], "key", "name")
    compact = report_table(report)
    joined = compact[compact.status == JOINED]
    lines = sorted(n for a, b in zip(joined.zeile, joined.bis_zeile) for n in range(int(a), int(b) + 1))
    assert lines == sorted(report.of(JOINED).zeile.tolist())
    # keys 01, 02 are lines 4-5; 03 (line 6) has no area, so 04 (line 7) starts a new range
    assert list(zip(joined.zeile, joined.bis_zeile)) == [(4, 5), (7, 7)]
    assert joined.schluessel.tolist() == ["01 … 02", "04"]
