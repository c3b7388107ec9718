"""XLSX exports as Excel shows them (issue 14): number formats with the catalogue's decimals, clean stored values
(no 77.06422000000001), column widths that fit, a bold frozen header. The workbook is read back with zipfile and
the XML itself, the expected decimals from the catalogue CSV with the csv module."""
import csv
import math
import os
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(ROOT, "resources", "sample", "indikatoren_mss2019.csv")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}


def read_workbook(path):
    """{sheet name: {'cells': {(row, column): (text, format code, type)}, 'widths': {column: width},
    'frozen': bool}} from the XLSX's XML."""
    with zipfile.ZipFile(path) as archive:
        read = lambda name: ET.fromstring(archive.read(name))  # noqa: E731
        strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
                   for si in read("xl/sharedStrings.xml").findall("m:si", NS)] \
            if "xl/sharedStrings.xml" in archive.namelist() else []
        styles = read("xl/styles.xml")
        codes = dict(BUILTIN_FORMATS)
        codes.update({int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{{{NS['m']}}}numFmt")})
        xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
        fonts = styles.find("m:fonts", NS).findall("m:font", NS)
        rels = {r.get("Id"): r.get("Target") for r in read("xl/_rels/workbook.xml.rels").findall("p:Relationship", NS)}
        sheets = {}
        for sheet in read("xl/workbook.xml").iter(f"{{{NS['m']}}}sheet"):
            root = read(posixpath.normpath(posixpath.join("xl", rels[sheet.get(f"{{{NS['r']}}}id")])))
            cells = {}
            for cell in root.iter(f"{{{NS['m']}}}c"):
                letters, row = re.match(r"([A-Z]+)(\d+)", cell.get("r")).groups()
                column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters))) - 1
                value = cell.find("m:v", NS)
                text = value.text if value is not None else None
                if cell.get("t") == "s":
                    text = strings[int(text)]
                xf = xfs[int(cell.get("s", "0"))]
                bold = fonts[int(xf.get("fontId", "0"))].find("m:b", NS) is not None
                cells[(int(row), column)] = (text, codes.get(int(xf.get("numFmtId", "0"))), cell.get("t", "n"), bold)
            widths = {}
            for col in root.iter(f"{{{NS['m']}}}col"):
                for column in range(int(col.get("min")) - 1, int(col.get("max"))):
                    widths[column] = float(col.get("width"))
            pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
            sheets[sheet.get("name")] = {"cells": cells, "widths": widths,
                                         "frozen": pane is not None and pane.get("state") == "frozen"
                                         and pane.get("ySplit") == "1"}
    return sheets


def table(sheet):
    """Header and rows of a sheet as {column name: cell} per row."""
    cells = sheet["cells"]
    columns = max(c for _r, c in cells) + 1
    header = [cells.get((1, c), ("",))[0] for c in range(columns)]
    rows = []
    for row in range(2, max(r for r, _c in cells) + 1):
        rows.append({header[c]: cells.get((row, c)) for c in range(columns)})
    return header, rows


def expected_code(decimals):
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def catalogue_decimals():
    with open(CATALOGUE, encoding="utf-8-sig") as handle:
        return {row["label"]: int(row["decimals"] or 1) for row in csv.DictReader(handle, delimiter=";")}


def stored_cleanly(text):
    """A stored number without binary noise: at most 12 significant digits."""
    digits = re.sub(r"[^0-9]", "", text.split("e")[0].split("E")[0]).lstrip("0")
    return len(digits.rstrip("0")) <= 12


@pytest.fixture(scope="module")
def profile_xlsx(tmp_path_factory, sozialraum_provider):  # noqa: ARG001 (needed for its side effect)
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    out = tmp_path_factory.mktemp("xlsx")
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.selectByExpression("\"bez_id\" = '01'")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    result = processing.run("sozialraum:profilereport", {
        "INPUT": layer.id(), "SELECTED_ONLY": True, "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name",
        "POPULATION_FIELD": "inhabitants", "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk",
        "CATALOGUE": CATALOGUE, "MIN_COUNT": 3, "MIN_POPULATION": 300,
        "OUTPUT_HTML": str(out / "profile.html"), "OUTPUT_XLSX": str(out / "profile.xlsx")},
        context=context, feedback=QgsProcessingFeedback())
    values = {(f["plr_id"]): f for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression("\"bez_id\" = '01'"))}
    yield result["OUTPUT_XLSX"], values
    QgsProject.instance().removeMapLayer(layer.id())


def test_profile_values_show_the_catalogues_decimals(profile_xlsx):
    path, _values = profile_xlsx
    sheets = read_workbook(path)
    assert list(sheets) == ["Mitte (01)"]
    header, rows = table(sheets["Mitte (01)"])
    decimals = catalogue_decimals()
    value_columns = [c for c in header if c not in ("Schlüssel", "Sozialraum", "Thema", "Indikator", "Einheit",
                                                    "Hinweis", "Rang", "von", "Jahr Vorjahr", "Perzentil", "z-Wert")]
    assert "Wert" in value_columns and len(value_columns) >= 3      # value, district, Berlin (and more)
    checked = {"value": 0, "fixed": 0}
    for row in rows:
        expected = decimals[row["Indikator"][0]]
        for column in value_columns:
            cell = row[column]
            if cell is None or cell[2] != "n":
                continue
            assert cell[1] == expected_code(expected), (row["Indikator"][0], column, cell)
            assert stored_cleanly(cell[0]), cell
            checked["value"] += 1
        for column, fixed in (("Rang", 0), ("von", 0), ("z-Wert", 2)):
            cell = row.get(column)
            if cell is not None and cell[2] == "n":
                assert cell[1] == expected_code(fixed), (column, cell)
                checked["fixed"] += 1
    assert checked["value"] > 100 and checked["fixed"] > 50
    # the catalogue has indicators with 0 and with 2 decimals: both formats occur
    used = {cell[1] for row in rows for column in value_columns for cell in [row[column]] if cell and cell[2] == "n"}
    assert {"#,##0", "#,##0.00"} <= used


def test_profile_stored_values_are_the_layers_values(profile_xlsx):
    path, features = profile_xlsx
    _header, rows = table(read_workbook(path)["Mitte (01)"])
    checked = 0
    for row in rows:
        if row["Indikator"][0] != "Arbeitslosigkeit (SGB II)" or row["Wert"] is None:
            continue
        value = features[row["Schlüssel"][0]]["s1_percentage_unemployed"]
        assert float(row["Wert"][0]) == pytest.approx(value, rel=1e-11)
        checked += 1
    assert checked > 30


def test_columns_fit_their_header_and_cells_and_the_header_is_bold_and_frozen(profile_xlsx):
    path, _values = profile_xlsx
    sheet = read_workbook(path)["Mitte (01)"]
    assert sheet["frozen"]
    header, rows = table(sheet)
    for column, name in enumerate(header):
        assert sheet["cells"][(1, column)][3], name                    # bold
        width = sheet["widths"][column]
        texts = [row[name][0] for row in rows if row[name] is not None and row[name][2] == "s"]
        assert width >= min(60, len(name)), name
        assert width >= min(60, max([len(t) for t in texts], default=0)), name
        assert width <= 62, name
    # not OGR's 15 characters for every column: the indicator column is wider than the rank column
    assert sheet["widths"][header.index("Indikator")] > sheet["widths"][header.index("Rang")]


@pytest.mark.usefixtures("qgis_app")
def test_numbers_without_catalogue_get_as_many_decimals_as_they_need(tmp_path):
    from sozialraum_monitor.adapter.exports import write_xlsx

    frame = pd.DataFrame({"Name": ["a", "b", "c"], "Anteil": [77.06422000000001, 12.5, np.nan],
                          "Anzahl": [3.0, 1200.0, 7.0], "Klein": [0.00123456, 0.5, 0.25],
                          "Formel": ["=1+1", "x", "y"]})
    path = write_xlsx(str(tmp_path / "t.xlsx"), {"Blatt": frame}) or str(tmp_path / "t.xlsx")
    header, rows = table(read_workbook(path)["Blatt"])
    assert header == ["Name", "Anteil", "Anzahl", "Klein", "Formel"]
    assert rows[0]["Anteil"][0] == "77.06422" and rows[0]["Anteil"][1] == "#,##0.00"
    assert rows[2]["Anteil"] is None                                      # NULL stays an empty cell
    assert [r["Anzahl"][0] for r in rows] == ["3", "1200", "7"] and rows[1]["Anzahl"][1] == "#,##0"
    # 0.00123456 needs four decimals for two significant digits
    assert rows[0]["Klein"][1] == "#,##0.0000" and math.isclose(float(rows[0]["Klein"][0]), 0.00123456)
    assert rows[0]["Formel"][2] == "s" and not rows[0]["Formel"][0].startswith("=")   # still neutralised
    assert input_unchanged(frame)


def input_unchanged(frame):
    return frame["Anteil"].iloc[0] == 77.06422000000001 and frame["Formel"].iloc[0] == "=1+1"


@pytest.mark.usefixtures("qgis_app")
def test_decimals_given_per_column_and_per_row(tmp_path):
    from sozialraum_monitor.adapter.exports import write_xlsx

    frame = pd.DataFrame({"Indikator": ["Quote", "Anzahl"], "Wert": [12.3456, 1234.0], "Rang": [1.0, 2.0]})
    path = write_xlsx(str(tmp_path / "d.xlsx"), {"Blatt": frame}, {"Blatt": {"Wert": [1, 0], "Rang": 0}})
    _header, rows = table(read_workbook(path)["Blatt"])
    assert [r["Wert"][1] for r in rows] == ["#,##0.0", "#,##0"]
    assert [r["Rang"][1] for r in rows] == ["#,##0", "#,##0"]
    assert rows[0]["Wert"][0] == "12.3456"     # the stored value keeps its precision; the format rounds
