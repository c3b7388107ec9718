"""The table reader on German office tables written by hand (tests/data/join) and on QGIS-readable formats."""
import math
import os

import numpy as np
import pytest

from conftest import SAMPLE_TABLES
from sozialraum_monitor.adapter.tables import read_layer_table, read_table
from sozialraum_monitor.core.reader import TableError, parse_column, read_delimited

DATA = os.path.join(os.path.dirname(__file__), "data", "join")


def path(name):
    return os.path.join(DATA, name)


@pytest.fixture(scope="module")
def amt():
    return read_delimited(path("amt_cp1252_semikolon.csv"), text_columns=("Bezirk", "Name"))


def test_reader_detects_cp1252_semicolon_and_decimal_comma(amt):
    assert (amt.encoding, amt.delimiter, amt.decimal) == ("cp1252", ";", ",")
    assert amt.frame["Name"].tolist() == ["Altstadt", "Nordstadt", "Südstadt", "Weststadt", "Oststadt", "Hafen"]


def test_reader_finds_header_below_title_lines(amt):
    assert amt.header_line == 3
    assert amt.columns == ["Bezirk", "Name", "Einwohner", "Arbeitslosenquote", "Anteil SGB II"]
    assert [kind for _, kind, _ in amt.skipped[:2]] == ["Vorspann", "Vorspann"]


def test_reader_keeps_footnotes_out_of_the_data_and_lists_them(amt):
    assert len(amt.frame) == 6
    footnotes = [(line, text) for line, kind, text in amt.skipped if kind == "Fußnote"]
    assert [line for line, _ in footnotes] == [11, 12]
    assert footnotes[0][1].startswith("1) Quelle")


def test_reader_keeps_leading_zeros_of_key_columns(amt):
    assert amt.frame["Bezirk"].tolist() == ["01", "02", "03", "04", "05", "06"]


def test_reader_rows_are_file_line_numbers(amt):
    assert amt.rows.tolist() == [4, 5, 6, 7, 8, 9]


def test_thousands_dots_and_quoted_numbers_parse_as_german(amt):
    values, reasons = parse_column(amt.frame["Einwohner"], amt.decimal)
    assert values.tolist() == [1234.0, 12345.0, 2001.0, 3500.0, 987.0, 15.0]
    assert reasons.isna().all()


def test_percent_signs_are_dropped_and_markers_become_null_with_reason(amt):
    values, reasons = parse_column(amt.frame["Anteil SGB II"], amt.decimal)
    assert values[0] == 12.5 and values[1] == 8.25 and values[4] == 3.0
    assert math.isnan(values[2]) and reasons[2] == "Nachweis nicht sinnvoll (x)"
    assert reasons[3] == "Angabe fällt später an (\u2026)"
    assert reasons[5] == "geheim (*)"


def test_each_special_marker_keeps_its_own_reason(amt):
    values, reasons = parse_column(amt.frame["Arbeitslosenquote"], amt.decimal)
    assert reasons.tolist() == [None, "unbekannt oder geheim (.)", "nichts vorhanden (-)",
                                "keine Angabe, zu unsicher (/)", None, None]
    assert values[0] == 7.5 and values[5] == 0.5


def test_utf8_bom_tab_and_narrow_no_break_space_thousands():
    table = read_delimited(path("bom_tab.txt"), text_columns=("Schlüssel",))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", "\t")
    assert table.columns[0] == "Schlüssel"
    values, reasons = parse_column(table.frame["Einwohner"], table.decimal)
    assert values[0] == 12345.0 and values[1] == 1234.0
    assert reasons[2] == "nichts vorhanden (-)"


def test_file_without_header_gets_numbered_columns():
    table = read_delimited(path("ohne_kopf.csv"))
    assert table.header_line == 0
    assert table.columns == ["feld_1", "feld_2", "feld_3", "feld_4"]
    assert len(table.frame) == 3 and table.rows.tolist() == [1, 2, 3]
    assert parse_column(table.frame["feld_4"], table.decimal)[0].tolist() == [2.5, 3.5, 4.5]


def test_row_with_too_many_fields_is_an_error_naming_the_line():
    with pytest.raises(TableError, match=r"kaputt.csv: Zeile 3 hat 4 Felder"):
        read_delimited(path("kaputt.csv"))


def test_empty_file_is_an_error():
    with pytest.raises(TableError, match="leer"):
        read_delimited(path("leer.csv"))


def test_text_without_delimiter_is_an_error():
    with pytest.raises(TableError, match="Trennzeichen"):
        read_delimited(path("nur_text.csv"))


def test_missing_file_is_an_error():
    with pytest.raises(TableError, match="nicht gefunden"):
        read_table(path("gibt_es_nicht.csv"))


def test_real_berlin_table_reads_as_dot_decimal_with_text_keys():
    table = read_delimited(os.path.join(SAMPLE_TABLES, "mss_2019_tab2-1.csv"), text_columns=("id", "name"))
    assert (table.delimiter, table.decimal, len(table.frame)) == (",", ".", 447)
    assert table.frame["id"].iloc[0] == "01011101"
    assert table.frame["s1_percentage_unemployed"].iloc[0] == pytest.approx(2.7978)


@pytest.fixture()
def office_layer(qgis_app):  # noqa: ARG001 (QGIS must run)
    """A small table as an office might send it, in memory, for the OGR writers."""
    from qgis.core import QgsFeature, QgsVectorLayer

    from sozialraum_monitor.adapter.compat import make_field

    layer = QgsVectorLayer("None", "amt", "memory")
    layer.dataProvider().addAttributes([make_field("bezirk", "string"), make_field("nummer", "int"),
                                        make_field("quote", "double")])
    layer.updateFields()
    features = []
    for key, quote in (("01", 1.5), ("02", 2.25), ("03", None)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([key, int(key), quote])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


@pytest.mark.parametrize("driver,extension", [("XLSX", "xlsx"), ("ODS", "ods"), ("GPKG", "gpkg"),
                                              ("ESRI Shapefile", "dbf")])
def test_spreadsheets_and_databases_read_through_qgis(office_layer, tmp_path, driver, extension):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    target = str(tmp_path / f"amt.{extension}")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    error = QgsVectorFileWriter.writeAsVectorFormatV3(office_layer, target, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    table = read_table(target if os.path.exists(target) else f"{target}.{extension}")
    # spreadsheets count rows of the sheet (header in row 1), databases feature ids
    assert table.row_label == ("Zeile" if extension in ("xlsx", "ods") else "Objekt-ID")
    if extension in ("xlsx", "ods"):
        assert table.rows.tolist() == [2, 3, 4] and table.header_line == 1
    assert table.frame["bezirk"].tolist() == ["01", "02", "03"]
    assert table.frame["quote"].iloc[:2].tolist() == [1.5, 2.25] and np.isnan(table.frame["quote"].iloc[2])


def test_unreadable_layer_source_is_an_error(tmp_path):
    bogus = tmp_path / "kein.xlsx"
    bogus.write_bytes(b"not a spreadsheet")
    with pytest.raises(TableError, match="QGIS kann diese Tabelle nicht"):
        read_layer_table(str(bogus))


def test_large_table_with_title_and_footnotes_reads_like_a_small_one(tmp_path):
    """Past the first and last 200 lines the reader hands pandas one slice of the text; line numbers,
    title lines and footnotes must come out as for a small file."""
    lines = ["Tabelle 1: Einwohner", "Stand 31.12.", "Bezirk;Einwohner"]
    lines += [f"{i:05d};{i},5" for i in range(3000)]
    lines += ["", "1) Quelle: Amt"]
    path = tmp_path / "gross.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    table = read_delimited(str(path), text_columns=("Bezirk",))
    assert table.header_line == 3 and len(table.frame) == 3000
    assert table.rows[0] == 4 and table.rows[-1] == 3003
    assert table.frame["Bezirk"].iloc[-1] == "02999" and table.frame["Einwohner"].iloc[-1] == 2999.5
    assert [(line, kind) for line, kind, _ in table.skipped] == [(1, "Vorspann"), (2, "Vorspann"), (3005, "Fußnote")]


# --- per column decimal mark, odd cells, headers (issue 11) -------------------------------------------------

READING = os.path.join(os.path.dirname(__file__), "data", "reading")


def test_each_column_keeps_how_its_numbers_are_read():
    table = read_delimited(os.path.join(READING, "semikolon_punkt.csv"), text_columns=("Bezirk", "Name"))
    how = {c: r.how for c, r in table.readings.items()}
    assert how["Gini"] == "Dezimalpunkt (Zellen wie '0.137')"
    assert how["Quote"] == "Dezimalkomma (Zellen wie '12,5')"
    assert how["Einwohner"].startswith("Dezimalkomma, Tausenderpunkt")
    assert table.numbers("Einwohner")[0].tolist() == [1234.0, 12345.0, 987.0, 2001.0]


def test_years_as_header_with_names_in_the_first_column():
    table = read_delimited(os.path.join(READING, "jahre_kopf.csv"))
    assert table.header_line == 1 and table.columns == ["Stadtteil", "2011", "2017", "2023"]
    assert table.numbers("2011")[0].tolist() == [12.5, 8.25, 10.0]


def test_a_column_pandas_read_as_floats_is_read_again_where_its_floats_do_not_show_the_mark(tmp_path):
    """A comma file of counts: the first 1,500 rows hold integers below 1,000 only, later rows '2.518'-like
    thousands. pandas reads the column as floats with a decimal point (2.518); the reader must find the
    thousands dots in the text and give 2518, at the right rows (title line and a blank line above)."""
    rows = []
    for i in range(3000):
        count = 100 + i % 800 if i < 1500 else 1000 + i          # 1000+i written with a thousands dot
        text = str(count) if count < 1000 else f"{count // 1000}.{count % 1000:03d}"
        rows.append((f"{i:05d}", text, str(i % 7), count))
    lines = ["Einwohner nach Gebieten", "", "Gebiet,Einwohner,Haushalte"]
    lines += [f"{key},{text},{households}" for key, text, households, _ in rows]
    path = tmp_path / "zaehlungen.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_delimited(str(path), text_columns=("Gebiet",))
    values, reasons = table.numbers("Einwohner")
    assert values.tolist() == [float(count) for *_, count in rows]
    assert table.frame["Einwohner"].dtype == object      # re-read as text, not pandas' 2.518
    assert reasons.isna().all() and table.rows[0] == 4 and table.rows[-1] == 3003
    assert "Tausenderpunkt" in table.readings["Einwohner"].how
    assert table.readings["Haushalte"].how == "nur ganze Zahlen ohne Trennzeichen"


def test_infinite_values_pandas_parsed_keep_their_text(tmp_path):
    path = tmp_path / "inf.csv"
    path.write_text("Gebiet;Wert\n01;1,5\n02;inf\n03;2,25\n", encoding="utf-8")
    table = read_delimited(str(path), text_columns=("Gebiet",))
    values, reasons = table.numbers("Wert")
    assert values.iloc[[0, 2]].tolist() == [1.5, 2.25] and np.isnan(values.iloc[1])
    assert reasons.iloc[1] == "unendlich oder zu groß für eine Zahl" and table.frame["Wert"].iloc[1] == "inf"


def test_utf16_without_bom_is_detected(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("Gebiet;Wert\n01;1,5\n02;2,5\n".encode("utf-16-le"))
    table = read_delimited(str(path), text_columns=("Gebiet",))
    assert table.encoding == "utf-16-le" and table.numbers("Wert")[0].tolist() == [1.5, 2.5]


def test_decimal_option_naming_an_unknown_column_is_an_error():
    with pytest.raises(TableError, match="DECIMAL nennt die Spalte 'Einwohnerzahl'"):
        read_delimited(os.path.join(READING, "mehrdeutig.csv"), decimal={"Einwohnerzahl": ","})


def test_spreadsheet_cells_keep_their_types_and_percent_cells_read_as_percent():
    from sozialraum_monitor.core.reader import read_spreadsheet

    table = read_spreadsheet(os.path.join(READING, "amt_titelzeilen.ods"), key="Bezirk", sheet="Daten 2023",
                             text_columns=("Bezirk", "Name"))
    assert table.header_line == 4 and table.rows.tolist() == [5, 6, 7, 8]
    assert table.frame["Bezirk"].tolist() == ["01", "02", "03", "04"]
    assert table.frame["Einwohner"].dtype == float and table.readings["Einwohner"].decimal == ""
    assert "Prozentwert" in table.readings["Anteil unter 18"].how
    assert table.numbers("Kinderarmut")[1].tolist() == [None, "Nachweis nicht sinnvoll (x)", None,
                                                        "unbekannt oder geheim (.)"]


def test_spreadsheet_without_key_reads_the_first_sheet_that_holds_a_table():
    from sozialraum_monitor.core.reader import read_spreadsheet

    table = read_spreadsheet(os.path.join(READING, "amt_titelzeilen.xlsx"))
    assert table.sheet == "Daten 2023" and table.sheets == ("Erläuterungen", "Daten 2023", "Vorjahr")
    assert table.name == "amt_titelzeilen.xlsx [Daten 2023]"


def test_a_key_column_not_named_as_text_keeps_its_leading_zeros(tmp_path):
    """TABLE_KEY empty (first column): '01' must not become 1."""
    path = tmp_path / "k.csv"
    path.write_text("Bezirk;Wert\n01;1,5\n02;2,5\n10;3,5\n", encoding="utf-8")
    table = read_delimited(str(path))
    assert table.frame["Bezirk"].tolist() == ["01", "02", "10"]
    assert "führender Null" in table.readings["Bezirk"].how
    assert table.numbers("Wert")[0].tolist() == [1.5, 2.5, 3.5]


@pytest.mark.usefixtures("qgis_app")
def test_a_layer_whose_header_qgis_did_not_find_is_read_from_its_rows():
    """A table QGIS opened with fields Field1, Field2 … (title rows above the header, as OGR reads an XLS
    sheet): with the key given, the header row is found below the title rows."""
    from qgis.core import QgsFeature, QgsVectorLayer

    from sozialraum_monitor.adapter.compat import make_field

    layer = QgsVectorLayer("None", "blatt", "memory")
    layer.dataProvider().addAttributes([make_field(f"Field{i}", "string") for i in (1, 2, 3)])
    layer.updateFields()
    rows = [["Tabelle 1: Einwohner", None, None], [None, None, None], ["Bezirk", "Einwohner", "Quote"],
            ["01", "1234", "12.5"], ["02", "987", "7.25"]]
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(row)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    table = read_layer_table(layer, text_columns=("Bezirk",), key="Bezirk")
    assert table.header_line == 3 and table.columns == ["Bezirk", "Einwohner", "Quote"]
    assert table.frame["Bezirk"].tolist() == ["01", "02"]
    assert table.numbers("Quote")[0].tolist() == [12.5, 7.25]
    assert [kind for _, kind, _ in table.skipped] == ["Vorspann"]
