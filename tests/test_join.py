"""join_indicators on hand-written German tables and on the real Berlin and Cologne data."""
import os

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE, SAMPLE_TABLES
from sozialraum_monitor.adapter.tables import read_table
from sozialraum_monitor.core.catalogue import Catalogue, Indicator, read_catalogue
from sozialraum_monitor.core.join import (
    AREA_DUPLICATE,
    AREA_WITHOUT_ROW,
    DUPLICATE,
    JOINED,
    LONG,
    NAME_MISMATCH,
    NOT_NUMERIC,
    NULL,
    SKIPPED,
    SUSPICIOUS,
    UNMATCHED,
    JoinError,
    TableSpec,
    join_indicators,
)
from sozialraum_monitor.core.join_report import report_html

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
def berlin(qgis_app):  # noqa: ARG001 (QGIS must run)
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
    # the official values; the 11 planning areas with 0 in every indicator (not published) are NULL
    indicator_columns = [c for c in raw.columns if c[:2] in ("s1", "s3", "s4", "d1", "d3", "d4")]
    raw = raw.copy()
    raw.loc[(raw[indicator_columns] == 0).all(axis=1), indicator_columns] = np.nan
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

@pytest.mark.usefixtures("qgis_app")
def test_koeln_long_table_pivots_and_rates_come_from_counts(koeln_dir):
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


# --- tables as offices write them (issue 11): tests/data/reading, written by tools/make_reading_data.py -------

from sozialraum_monitor.core.errors import TableError  # noqa: E402
from sozialraum_monitor.core.join import INVALID, NOT_TAKEN, READ_AS, RENAMED, ZERO_REASON  # noqa: E402
from sozialraum_monitor.core.numbers import INFINITE_REASON, NAN_REASON, NUL_REASON  # noqa: E402

READING = os.path.join(os.path.dirname(__file__), "data", "reading")


def office(name, **options):
    return read_table(os.path.join(READING, name), text_columns=("Bezirk", "Name", "bezirk"), **options)


def joined_of(name, areas=AREAS, validity="", **options):
    codes = {k: options.pop(k) for k in ("missing_codes", "zero_rows") if k in options}
    key = "bezirk" if name.endswith(".gpkg") else "Bezirk"
    table = office(name, key=key, **options)
    spec = TableSpec(table, key, "Name" if "Name" in table.columns else "", validity=validity)
    return join_indicators(areas, [spec], "key", **codes)


def read_as(report, column):
    rows = report.of(READ_AS)
    return rows[rows.feld == column].grund.iloc[0]


def test_comma_file_with_quoted_german_numbers_reads_every_column_right():
    joined, report = joined_of("komma_deutsche_zahlen.csv")
    # the values as the office wrote them: "2.518" is 2518 beside "987", "47,25%" is 47.25, "12,5" is 12.5
    assert joined["Einwohner"].iloc[:5].tolist() == [2518.0, 987.0, 12345.0, 1002.0, 640.0]
    assert joined["Anteil unter 18"].iloc[:5].tolist() == [47.25, 18.5, 21.75, 19.0, 22.5]
    assert joined["Arbeitslosenquote"].iloc[:5].tolist() == [12.5, 7.25, 9.0, 10.5, 8.75]
    assert len(report.of(NULL)) == 0 and len(report.of(NOT_NUMERIC)) == 0
    assert "Tausenderpunkt" in read_as(report, "Einwohner") and "'2.518'" in read_as(report, "Einwohner")
    assert read_as(report, "Arbeitslosenquote").startswith("Dezimalkomma")


def test_point_decimals_in_a_semicolon_file_are_not_thousands():
    joined, report = joined_of("semikolon_punkt.csv")
    assert joined["Gini"].iloc[:4].tolist() == [0.137, 0.25, 0.412, 0.3]
    assert joined["Einwohner"].iloc[:4].tolist() == [1234.0, 12345.0, 987.0, 2001.0]
    assert joined["Quote"].iloc[:4].tolist() == [12.5, 7.3, 9.0, 10.1]
    assert read_as(report, "Gini").startswith("Dezimalpunkt") and read_as(report, "Quote").startswith("Dezimalkomma")


def test_ambiguous_column_stops_naming_file_column_and_parameter():
    with pytest.raises(TableError, match=r"mehrdeutig.csv: Spalte 'Einwohner': mehrdeutig.*DECIMAL 'Einwohner=,'"):
        joined_of("mehrdeutig.csv")


@pytest.mark.parametrize("decimal, expected", [({"Einwohner": ","}, [1234.0, 2345.0, 3456.0]),
                                               (".", [1.234, 2.345, 3.456])])
def test_decimal_option_settles_the_ambiguous_column_and_the_report_says_so(decimal, expected):
    joined, report = joined_of("mehrdeutig.csv", decimal=decimal)
    assert joined["Einwohner"].iloc[:3].tolist() == expected
    assert "DECIMAL" in read_as(report, "Einwohner")


def test_column_with_both_marks_stops_with_the_cells_that_contradict():
    with pytest.raises(TableError, match=r"Spalte 'Quote': widersprüchlich: '12,5'.*'0.137'.*DECIMAL"):
        joined_of("gemischt.csv")


def test_years_as_header_above_decimal_comma_data_are_the_header():
    joined, report = joined_of("jahre_kopf_schluessel.csv")
    assert [f for f in report.fields] == ["2011", "2017", "2023"]
    assert joined["2017"].iloc[:3].tolist() == [13.1, 8.5, 10.5]
    assert report.table_rows == 3 and sorted(report.of(SKIPPED).zeile.tolist()) == [1, 2]


def test_no_value_codes_become_null_with_their_reason():
    joined, report = joined_of("codes.csv")
    nordstadt = joined.iloc[1]
    assert nordstadt[["Einwohner", "Arbeitslosenquote", "Anteil SGB II", "Veränderung"]].isna().all()
    nulls = report.of(NULL)
    assert set(nulls[nulls.schluessel == "02"].grund) == {"Code -9999 für 'kein Wert'"}
    assert np.isnan(joined["Arbeitslosenquote"].iloc[2])
    assert nulls[(nulls.schluessel == "03")].grund.tolist() == ["Code -999 für 'kein Wert'"]
    assert joined["Veränderung"].iloc[0] == -1.0          # -1 is a value unless it is named as a code


def test_a_code_the_user_names_and_the_catalogues_codes_become_null():
    joined, _ = joined_of("codes.csv", missing_codes=(-9999.0, -999.0, -99999.0, -1.0))
    assert np.isnan(joined["Veränderung"].iloc[0])
    catalogue = Catalogue((Indicator("Veränderung", missing_codes=(-1.0,)),))
    spec = TableSpec(office("codes.csv"), "Bezirk")
    joined, report = join_indicators(AREAS, [spec], "key", catalogue=catalogue)
    assert np.isnan(joined["Veränderung"].iloc[0]) and joined["Arbeitslosenquote"].iloc[0] == 7.5
    assert "Code -1 für 'kein Wert'" in set(report.of(NULL).grund)


def test_a_row_with_one_unknown_extreme_value_in_every_indicator_is_flagged():
    joined, report = joined_of("codes.csv")
    flagged = report.of(SUSPICIOUS)
    row = flagged[flagged.schluessel == "05"]
    assert len(row) == 1 and "-8888" in row.grund.iloc[0] and "MISSING_CODES" in row.grund.iloc[0]
    assert joined["Einwohner"].iloc[4] == -8888.0          # unknown: kept, but never silently
    assert "04" not in set(flagged.schluessel)             # -8888 in one indicator only is a value


def test_validity_field_empties_the_rows_marked_invalid():
    joined, report = joined_of("codes.csv", validity="Gültigkeit")
    assert joined.iloc[3][["Einwohner", "Arbeitslosenquote", "Anteil SGB II", "Veränderung"]].isna().all()
    assert report.of(INVALID).schluessel.tolist() == ["04"]
    assert "Gültigkeit" not in report.fields
    assert joined["Einwohner"].iloc[0] == 1234.0


def test_validity_field_with_unknown_words_is_an_error(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("Bezirk;Wert;Status\n01;1,5;gültig\n02;2,5;vielleicht\n", encoding="utf-8")
    spec = TableSpec(read_table(str(path), text_columns=("Bezirk",)), "Bezirk", validity="Status")
    with pytest.raises(JoinError, match="vielleicht"):
        join_indicators(AREAS, [spec], "key")


def test_rows_of_zeros_are_no_values_by_default_and_kept_when_asked():
    joined, report = joined_of("nullzeilen.csv")
    indicators = ["Arbeitslosenquote", "Anteil SGB II", "Kinderarmut"]
    assert joined.iloc[[1, 3]][indicators].isna().all().all()            # Stadtwald, Hafengelände
    assert joined["Einwohner"].iloc[[1, 3]].tolist() == [196.0, 12.0]    # the population stays
    assert joined["Arbeitslosenquote"].iloc[2] == 0 and joined["Anteil SGB II"].iloc[4] == 0   # single zeros
    nulls = report.of(NULL)
    assert set(nulls[nulls.grund == ZERO_REASON].schluessel) == {"02", "04"}
    assert set(report.of(SUSPICIOUS).schluessel) == {"02", "04"}
    kept, report = joined_of("nullzeilen.csv", zero_rows="keep")
    assert kept.iloc[[1, 3]][indicators].eq(0).all().all() and set(report.of(SUSPICIOUS).schluessel) == {"02", "04"}


def test_odd_cells_are_null_with_reason():
    joined, report = joined_of("seltsame_zellen.csv")
    assert joined["Quote"].iloc[:6].isna().tolist() == [True, True, True, False, False, False]
    assert joined["Dichte"].iloc[:6].isna().tolist() == [False, False, True, True, True, False]
    nulls = report.of(NULL).set_index(["schluessel", "feld"])
    assert nulls.loc[("01", "Quote"), "grund"] == NUL_REASON and nulls.loc[("01", "Quote"), "wert"] == "7\u24000"
    assert nulls.loc[("02", "Quote"), "grund"] == INFINITE_REASON
    assert nulls.loc[("03", "Dichte"), "grund"] == INFINITE_REASON and nulls.loc[("03", "Dichte"), "wert"] == "1e400"
    assert nulls.loc[("04", "Dichte"), "grund"] == INFINITE_REASON
    assert nulls.loc[("05", "Dichte"), "grund"] == NAN_REASON
    assert np.isfinite(joined[["Quote", "Dichte"]].to_numpy()[~np.isnan(joined[["Quote", "Dichte"]].to_numpy())]).all()


def test_extra_cell_in_the_first_data_row_is_an_error_like_in_later_rows():
    with pytest.raises(TableError, match="erste_zeile_zu_lang.csv: Zeile 2 hat 4 Felder, erwartet 3"):
        office("erste_zeile_zu_lang.csv")


def test_a_column_name_given_twice_is_reported_and_both_columns_kept():
    joined, report = joined_of("doppelte_spalten.csv")
    assert joined["Quote"].iloc[:3].tolist() == [12.5, 7.5, 9.0]
    assert joined["Quote_2"].iloc[:3].tolist() == [13.0, 7.0, 9.5]
    renamed = report.of(RENAMED)
    assert renamed.feld.tolist() == ["Quote_2"] and "mehrfach" in renamed.grund.iloc[0]


def test_a_folder_is_not_a_table(tmp_path):
    for folder in (tmp_path, tmp_path / "tabelle.csv"):
        folder.mkdir(exist_ok=True)
        with pytest.raises(TableError, match="Ordner"):
            read_table(str(folder))


@pytest.mark.usefixtures("qgis_app")
def test_spreadsheet_with_title_rows_and_several_sheets_names_the_sheet_read():
    for extension in ("xlsx", "ods"):
        with pytest.raises(TableError, match=r"Mehrere Blätter.*'Daten 2023', 'Vorjahr'.*layername="):
            office(f"amt_titelzeilen.{extension}", key="Bezirk")
        joined, report = joined_of(f"amt_titelzeilen.{extension}|layername=Daten 2023")
        assert joined["Einwohner"].iloc[:4].tolist() == [1234.0, 12345.0, 2001.0, 3500.0]
        assert joined["Arbeitslosenquote"].iloc[:4].tolist() == [7.5, 6.25, 9.0, 10.125]
        assert joined["Anteil SGB II"].iloc[:4].tolist() == [12.3, 7.5, 9.0, 11.25]     # numbers typed as text
        assert joined["Anteil unter 18"].iloc[:4].tolist() == [47.25, 18.5, 21.75, 19.0]   # percent cells
        assert any("Blatt 'Daten 2023'" in note and "Kopfzeile in Zeile 4" in note for note in report.notes)
        assert sorted(report.of(SKIPPED).zeile.tolist()) == [1, 2, 10]
        assert report.of(JOINED).zeile.tolist() == [5, 6, 7, 8]        # rows of the sheet


def test_spreadsheet_without_the_key_field_lists_its_sheets():
    with pytest.raises(TableError, match=r"Kein Blatt enthält das Schlüsselfeld 'Schluessel'.*'Erläuterungen'"):
        office("amt_titelzeilen.xlsx", key="Schluessel")


@pytest.mark.usefixtures("qgis_app")
def test_geopackage_table_keys_are_never_indicators_and_text_numbers_are_read():
    joined, report = joined_of("indikatoren.gpkg")
    assert "fid" not in report.fields and "ogc_fid" not in report.fields
    assert set(report.of(NOT_TAKEN).feld) == {"fid", "ogc_fid"}
    assert joined["quote"].iloc[:4].tolist() == [12.3, 7.5, 9.0, 11.25]
    assert joined["einwohner"].iloc[:4].tolist() == [1234.0, 12345.0, 2001.0, 3500.0]


def test_report_page_shows_how_each_column_was_read():
    _, report = joined_of("komma_deutsche_zahlen.csv")
    page = report_html(report)
    assert "Wie die Zahlen gelesen wurden" in page and "Tausenderpunkt" in page and "DECIMAL" in page


def test_long_table_codes_zero_rows_and_catalogue_codes(tmp_path):
    path = tmp_path / "lang_codes.csv"
    lines = ["schluessel;merkmal;wert"]
    for key, values in (("01", ("12,5", "3,0", "7,5")), ("02", ("-9999", "4,0", "8,0")), ("03", ("0", "0", "0")),
                        ("04", ("10,0", "-1", "6,5"))):
        lines += [f"{key};{name};{value}" for name, value in zip(("alq", "sgb", "kinder"), values)]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    spec = TableSpec(read_table(str(path), text_columns=("schluessel", "merkmal")), "schluessel", layout=LONG,
                     variable=("merkmal",), value="wert")
    catalogue = Catalogue((Indicator("sgb", missing_codes=(-1.0,)),))
    joined, report = join_indicators(AREAS, [spec], "key", catalogue=catalogue)
    assert np.isnan(joined["alq"].iloc[1]) and joined["sgb"].iloc[1] == 4.0
    assert joined.iloc[2][["alq", "sgb", "kinder"]].isna().all()                 # 0 in every indicator
    assert np.isnan(joined["sgb"].iloc[3]) and joined["alq"].iloc[3] == 10.0     # the catalogue's code -1
    reasons = report.of(NULL).set_index(["schluessel", "feld"]).grund
    assert reasons[("02", "alq")] == "Code -9999 für 'kein Wert'" and reasons[("03", "kinder")] == ZERO_REASON
    assert reasons[("04", "sgb")] == "Code -1 für 'kein Wert'"
    assert "Dezimalkomma" in read_as(report, "wert")


def test_long_table_rows_of_zeros_count_per_year(tmp_path):
    path = tmp_path / "lang_jahre.csv"
    lines = ["schluessel;jahr;merkmal;wert"]
    for year, values in (("2022", ("5,0", "6,0", "7,0")), ("2023", ("0", "0", "0"))):
        lines += [f"01;{year};{m};{v}" for m, v in zip(("a", "b", "c"), values)]
        lines += [f"02;{year};{m};{v}" for m, v in zip(("a", "b", "c"), ("1,5", "2,5", "3,5"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = TableSpec(read_table(str(path), text_columns=("schluessel", "jahr", "merkmal")), "schluessel",
                     layout=LONG, variable=("merkmal",), value="wert", year="jahr")
    joined, report = join_indicators(AREAS, [spec], "key")
    assert joined.iloc[0][["a_2023", "b_2023", "c_2023"]].isna().all()       # not published in 2023
    assert joined.iloc[0][["a_2022", "b_2022", "c_2022"]].tolist() == [5.0, 6.0, 7.0]
