"""Writes tests/data/reading/: tables the way statistics offices write them, for the reading tests (issue 11).

Run with the QGIS python (`/usr/bin/python3 tools/make_reading_data.py`); the files are committed, so the
tests never run this. Every file is written byte for byte here (encodings, NUL bytes, CRLF), the spreadsheets
as the zipped XML that Excel and LibreOffice write (numeric cells as numbers, text cells as text, cells in
percent format holding the fraction, several sheets, title rows above the header), the GeoPackage through OGR
as QGIS writes it (with its `fid`).
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "reading")


def write(name, text, encoding="cp1252", newline="\r\n"):
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(text.replace("\n", newline).encode(encoding))


# --- delimited text --------------------------------------------------------------------------------------

TEXT_FILES = {
    # A comma file whose cells are quoted German numbers (as Excel writes "CSV (Trennzeichen-getrennt)" from a
    # German sheet when the list separator is a comma): percent cells, decimal commas, thousands dots.
    "komma_deutsche_zahlen.csv": (
        'Bezirk,Name,Einwohner,Anteil unter 18,Arbeitslosenquote\n'
        '"01","Altstadt","2.518","47,25%","12,5"\n'
        '"02","Nordstadt","987","18,5%","7,25"\n'
        '"03","Südstadt","12.345","21,75%","9"\n'
        '"04","Weststadt","1.002","19%","10,5"\n'
        '"05","Oststadt","640","22,5%","8,75"\n', "cp1252"),
    # A semicolon file (German) whose share column was pasted from an English source: 0.137 is 0,137, not 137.
    "semikolon_punkt.csv": (
        'Bezirk;Name;Einwohner;Gini;Quote\n'
        '01;Altstadt;1.234;0.137;12,5\n'
        '02;Nordstadt;12.345;0.25;7,3\n'
        '03;Südstadt;987;0.412;9,0\n'
        '04;Weststadt;2.001;0.3;10,1\n', "cp1252"),
    # Counts with thousands dots and nothing else to tell: 1.234 may be 1234 or 1,234.
    "mehrdeutig.csv": (
        'Bezirk;Einwohner;Haushalte\n'
        '01;1.234;612\n'
        '02;2.345;1015\n'
        '03;3.456;1720\n', "cp1252"),
    # One column with both marks ("12,5" and "0.137"): no reading explains both.
    "gemischt.csv": (
        'Bezirk;Quote;Einwohner\n'
        '01;12,5;1200\n'
        '02;0.137;1300\n'
        '03;9,75;1400\n', "cp1252"),
    # Years as the header above decimal-comma data, the area names in the first column (no key).
    "jahre_kopf.csv": (
        'Stadtteil;2011;2017;2023\n'
        'Altstadt;12,5;13,1;14,0\n'
        'Nordstadt;8,25;8,5;9,75\n'
        'Südstadt;10,0;10,5;11,25\n', "cp1252"),
    # The same with the key in the first column and two title lines above.
    "jahre_kopf_schluessel.csv": (
        'Arbeitslosenquote in % nach Stadtbezirken\n'
        'Stand jeweils 31.12.\n'
        'Bezirk;2011;2017;2023\n'
        '01;12,5;13,1;14,0\n'
        '02;8,25;8,5;9,75\n'
        '03;10,0;10,5;11,25\n', "cp1252"),
    # Invalid areas coded -9999 in every indicator (as in many office exports), -999 in one cell, -1 meaning
    # "no value" in one source column (only a code when named), an unknown code -8888 across a whole row, and a
    # validity column.
    "codes.csv": (
        'Bezirk;Name;Einwohner;Arbeitslosenquote;Anteil SGB II;Veränderung;Gültigkeit\n'
        '01;Altstadt;1.234;7,5;12,5;-1;gültig\n'
        '02;Nordstadt;-9999;-9999;-9999;-9999;gültig\n'
        '03;Südstadt;2.001;-999;9,0;2;gültig\n'
        '04;Weststadt;3.500;6,25;8,0;-8888;ungültig\n'
        '05;Oststadt;-8888;-8888;-8888;-8888;gültig\n'
        '06;Hafen;987;5,0;7,0;1;gültig\n', "cp1252"),
    # Areas the source did not publish: 0 in every indicator, the population kept.
    "nullzeilen.csv": (
        'Bezirk;Name;Einwohner;Arbeitslosenquote;Anteil SGB II;Kinderarmut\n'
        '01;Altstadt;1.234;7,5;12,5;20,0\n'
        '02;Stadtwald;196;0;0;0\n'
        '03;Südstadt;2.001;0;9,0;15,5\n'
        '04;Hafengelände;12;0;0;0\n'
        '05;Oststadt;3.500;6,0;0;11,0\n'
        '06;Weststadt;987;5,0;7,0;0\n', "cp1252"),
    # Odd cells: a NUL byte inside a number, inf, Infinity, 1e400, NaN.
    "seltsame_zellen.csv": (
        'Bezirk;Quote;Dichte\n'
        '01;7\x000;1,5\n'
        '02;inf;2,5\n'
        '03;Infinity;1e400\n'
        '04;8,5;-inf\n'
        '05;9,25;NaN\n'
        '06;6,75;3,0\n', "cp1252"),
    # An extra cell in the first data row.
    "erste_zeile_zu_lang.csv": (
        'Bezirk;Einwohner;Quote\n'
        '01;1234;12,5;99\n'
        '02;2345;7,5\n'
        '03;3456;9,0\n', "cp1252"),
    # The same column name twice (two years of one indicator exported without the year).
    "doppelte_spalten.csv": (
        'Bezirk;Quote;Quote;Einwohner\n'
        '01;12,5;13,0;1234\n'
        '02;7,5;7,0;2345\n'
        '03;9,0;9,5;3456\n', "cp1252"),
    # Integer keys saved by Excel as numbers: the leading zero of districts 01..09 is lost, so the first two
    # digits of 1011101 ("10") are not its district ("01").
    "schluessel_ohne_null.csv": (
        'plr;Einwohner\n'
        '1011101;1200\n'
        '1011102;1300\n'
        '2011101;900\n'
        '10011101;800\n'
        '10011102;700\n', "cp1252"),
}


# --- spreadsheets --------------------------------------------------------------------------------------

# A sheet as rows of cells: str = text cell, int/float = numeric cell, Percent = numeric cell in percent
# format (the cell holds the fraction), None = empty.


class Percent(float):
    """A cell in percent format: holds 0.4725, shows 47,25 %."""

NOTES_SHEET = [
    ["Erläuterungen"],
    ["Die Daten stehen im Blatt 'Daten 2023'."],
    ["Zeichen: x = Nachweis nicht sinnvoll, . = unbekannt"],
]
DATA_SHEET = [
    ["Tabelle 3: Bevölkerung und Sozialleistungen nach Stadtbezirken 2023"],
    ["Stand: 31.12.2023"],
    [None],
    ["Bezirk", "Name", "Einwohner", "Arbeitslosenquote", "Anteil SGB II", "Kinderarmut", "Anteil unter 18"],
    ["01", "Altstadt", 1234, 7.5, "12.300000000000001", 20.25, Percent(0.4725)],
    ["02", "Nordstadt", 12345, 6.25, "7.5", "x", Percent(0.185)],
    ["03", "Südstadt", 2001, 9, "9.0", 15.5, Percent(0.2175)],
    ["04", "Weststadt", 3500, 10.125, "11.25", ".", Percent(0.19)],
    [None],
    ["Quelle: Amt für Statistik, eigene Berechnungen"],
]
OTHER_SHEET = [
    ["Bezirk", "Name", "Einwohner 2022"],
    ["01", "Altstadt", 1200],
    ["02", "Nordstadt", 12300],
    ["03", "Südstadt", 1990],
    ["04", "Weststadt", 3480],
]
SHEETS = [("Erläuterungen", NOTES_SHEET), ("Daten 2023", DATA_SHEET), ("Vorjahr", OTHER_SHEET)]


def _column_letter(number):
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(name, sheets):
    strings = []

    def shared(text):
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    sheet_xml = []
    for _title, rows in sheets:
        lines = []
        for r, row in enumerate(rows):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column_letter(c)}{r + 1}"
                if value is None:
                    continue
                if isinstance(value, str):
                    cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
                elif isinstance(value, Percent):
                    cells.append(f'<c r="{ref}" s="1"><v>{float(value)!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            lines.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
        sheet_xml.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         f'<sheetData>{"".join(lines)}</sheetData></worksheet>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets)))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f'{overrides}</Types>')
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="10" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>')
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        + "".join(f'<sheet name="{escape(title)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                  for i, (title, _) in enumerate(sheets))
        + '</sheets></workbook>')
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                  for i in range(len(sheets)))
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        + f'<Relationship Id="rId{len(sheets) + 2}" Type="{rel}/styles" Target="styles.xml"/>'
        '</Relationships>')
    shared_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/sharedStrings.xml", shared_xml)
        archive.writestr("xl/styles.xml", styles)
        for i, xml in enumerate(sheet_xml):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)


def _german(value):
    """How LibreOffice shows a number in a German locale (the cell's text; the value stays a number)."""
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def write_ods(name, sheets):
    tables = []
    for title, rows in sheets:
        lines = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append('<table:table-cell table:number-columns-repeated="1"/>')
                elif isinstance(value, str):
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
                                 "</table:table-cell>")
                elif isinstance(value, Percent):
                    shown = _german(round(float(value) * 100, 10)) + "\u00a0%"
                    cells.append(f'<table:table-cell office:value-type="percentage" office:value="{float(value)!r}">'
                                 f"<text:p>{shown}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                                 f"<text:p>{_german(value)}</text:p></table:table-cell>")
            lines.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        # LibreOffice ends every sheet with the rest of its rows, empty, as one repeated row
        lines.append('<table:table-row table:number-rows-repeated="1048566"><table:table-cell '
                     'table:number-columns-repeated="1024"/></table:table-row>')
        tables.append(f'<table:table table:name="{escape(title)}">{"".join(lines)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)


def write_geopackage(name):
    """A GeoPackage table as QGIS writes it (integer primary key `fid`), its shares stored as text by a
    script (`12.300000000000001`), and a PostGIS-style `ogc_fid` column that came along from an earlier export."""
    from qgis.core import (
        QgsApplication,
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsVectorFileWriter,
        QgsVectorLayer,
    )

    sys.path.insert(0, os.path.join(ROOT, "build", "plugins"))
    from sozialraum_monitor.adapter.compat import make_field

    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer("None", "indikatoren", "memory")
    layer.dataProvider().addAttributes([make_field("ogc_fid", "int"), make_field("bezirk", "string"),
                                        make_field("einwohner", "int"), make_field("quote", "string"),
                                        make_field("anteil", "double")])
    layer.updateFields()
    features = []
    for ogc, key, people, quote, share in ((7, "01", 1234, "12.300000000000001", 3.5), (8, "02", 12345, "7.5", 4.25),
                                           (9, "03", 2001, "9", 5.0), (10, "04", 3500, "11.25", None)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([ogc, key, people, quote, share])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    target = os.path.join(OUT, name)
    if os.path.exists(target):
        os.remove(target)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "indikatoren"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, target, QgsCoordinateTransformContext(), options)
    if error[0] != QgsVectorFileWriter.WriterError.NoError:
        sys.exit(f"GeoPackage not written: {error}")
    app.exitQgis()


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (text, encoding) in TEXT_FILES.items():
        write(name, text, encoding)
    write_xlsx("amt_titelzeilen.xlsx", SHEETS)
    write_ods("amt_titelzeilen.ods", SHEETS)
    write_geopackage("indikatoren.gpkg")
    print(f"written: {OUT}")


if __name__ == "__main__":
    main()
