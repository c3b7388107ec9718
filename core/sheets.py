"""Spreadsheet files (XLSX, ODS) cell by cell, with the standard library only.

QGIS (OGR) reads a sheet as a table whose header is its first row: with title rows above the header every
column becomes text named Field1, Field2 …, numbers included, and there is no option to start lower. So the
reader reads the cells itself: `sheet_rows(path, sheet)` gives each row of a sheet as cells, a numeric cell
as a float (never text: no decimal mark to guess), a text cell as str, an empty cell as None, with the sheet's
row numbers; `core.reader.read_rows` then finds title rows, header and footnotes as in text files.

Cells formatted as percent hold the fraction (0.4725 for 47,25 %); they are read as the percent shown (47.25),
as '47,25 %' in a text file is, and the columns holding them are named (`SheetRows.percent_columns`). Cells
formatted as dates become ISO date text (2023-12-31), not day numbers. Error cells (#DIV/0!, #NV) stay text.
"""
import datetime
import os
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field

from .errors import TableError

SHEET_EXTENSIONS = (".xlsx", ".xlsm", ".ods")
_XLSX_DATE_FORMATS = set(range(14, 23)) | set(range(45, 48)) | set(range(27, 37)) | set(range(50, 59))
_XLSX_PERCENT_FORMATS = {9, 10}
_CELL_REFERENCE = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class SheetRows:
    sheet: str
    rows: list                     # lists of cells: float, str or None (trailing empty cells left out)
    numbers: list                  # the sheet's row number of each row (1-based)
    percent_columns: frozenset = field(default_factory=frozenset)   # 0-based columns with percent cells


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _attribute(element, name):
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _open(path):
    if os.path.isdir(path):
        raise TableError(f"{path}: Das ist ein Ordner, keine Tabelle. Bitte eine Datei wählen.")
    if not os.path.exists(path):
        raise TableError(f"{path}: Datei nicht gefunden. Bitte den Pfad prüfen.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise TableError(f"{path}: Die Datei ist keine lesbare Tabellenkalkulation (XLSX/ODS). Ist sie beschädigt "
                         "oder nur umbenannt? Bitte in der Tabellenkalkulation öffnen und neu speichern.") from None


def _xml(archive, name, path):
    try:
        return ElementTree.fromstring(archive.read(name))
    except (KeyError, ElementTree.ParseError):
        raise TableError(f"{path}: Teil '{name}' der Datei fehlt oder ist beschädigt. Bitte die Datei in der "
                         "Tabellenkalkulation öffnen und neu speichern.") from None


# --- XLSX ------------------------------------------------------------------------------------------------------

def _xlsx_sheets(archive, path):
    """[(name, part name)] in workbook order."""
    workbook = _xml(archive, "xl/workbook.xml", path)
    relations = _xml(archive, "xl/_rels/workbook.xml.rels", path)
    targets = {}
    for relation in relations:
        target = relation.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[relation.get("Id")] = target
    sheets = []
    for element in workbook.iter():
        if _local(element.tag) == "sheet":
            sheets.append((element.get("name"), targets.get(_attribute(element, "id"), "")))
    return sheets


def _xlsx_strings(archive):
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    strings = []
    for item in root:
        parts = []
        for element in item.iter():
            name = _local(element.tag)
            if name == "rPh":      # phonetic runs: not part of the text
                break
            if name == "t" and element.text:
                parts.append(element.text)
        strings.append("".join(parts))
    return strings


def _xlsx_styles(archive):
    """(date style indices, percent style indices) of the cellXfs."""
    if "xl/styles.xml" not in archive.namelist():
        return set(), set()
    root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    codes = {}
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            codes[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
    dates, percents = set(), set()
    for element in root.iter():
        if _local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
            number = int(xf.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", codes.get(number, ""))
            if number in _XLSX_PERCENT_FORMATS or "%" in code:
                percents.add(index)
            elif number in _XLSX_DATE_FORMATS or (code and re.search(r"[dmyDMY]", code) and "0" not in code):
                dates.add(index)
    return dates, percents


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _percent(value):
    return float(f"{value * 100:.12g}")


def _xlsx_rows(archive, part, strings, dates, percents):
    rows, numbers, percent_columns = [], [], set()
    expected = 0
    with archive.open(part) as handle:
        for _, element in ElementTree.iterparse(handle):
            if _local(element.tag) != "row":
                continue
            number = int(element.get("r") or expected + 1)
            expected = number
            cells, position = {}, -1
            for cell in element:
                if _local(cell.tag) != "c":
                    continue
                found = _CELL_REFERENCE.match(cell.get("r") or "")
                position = _column_number(found.group(1)) if found else position + 1
                kind = cell.get("t", "n")
                style = int(cell.get("s", "0"))
                value = None
                text = next((c.text for c in cell if _local(c.tag) == "v"), None)
                if kind == "s" and text is not None:
                    value = strings[int(text)]
                elif kind == "inlineStr":
                    value = "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")
                elif kind in ("str", "e", "d"):
                    value = text
                elif kind == "b" and text is not None:
                    value = "WAHR" if text.strip() == "1" else "FALSCH"
                elif text is not None and text.strip() != "":
                    number_value = float(text)
                    if style in percents:
                        value = _percent(number_value)
                        percent_columns.add(position)
                    elif style in dates:
                        day = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=number_value)
                        value = day.date().isoformat() if day.time() == datetime.time() else day.isoformat(" ")
                    else:
                        value = number_value
                if value is not None and not (isinstance(value, str) and value.strip() == ""):
                    cells[position] = value
            element.clear()
            if cells:
                width = max(cells) + 1
                rows.append([cells.get(i) for i in range(width)])
                numbers.append(number)
    return rows, numbers, percent_columns


# --- ODS ---------------------------------------------------------------------------------------------------------

def _ods_text(cell):
    """The text of a cell: its paragraphs joined by line breaks, <text:s text:c="n"/> as n spaces."""
    paragraphs = []

    def walk(element, parts):
        if element.text:
            parts.append(element.text)
        for child in element:
            name = _local(child.tag)
            if name == "s":
                parts.append(" " * int(_attribute(child, "c") or 1))
            elif name == "tab":
                parts.append("\t")
            elif name == "line-break":
                parts.append("\n")
            elif name != "annotation":
                walk(child, parts)
            if child.tail:
                parts.append(child.tail)

    for child in cell:
        if _local(child.tag) == "p":
            parts = []
            walk(child, parts)
            paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


_ODS_LIMIT = 100000   # repeated non-empty cells/rows expanded at most this often (a sheet's filler is empty)


def _ods_rows(table):
    rows, numbers, percent_columns = [], [], set()
    number = 0
    for row in table.iter():
        if _local(row.tag) != "table-row":
            continue
        repeat = int(_attribute(row, "number-rows-repeated") or 1)
        cells, position = {}, 0
        for cell in row:
            name = _local(cell.tag)
            if name not in ("table-cell", "covered-table-cell"):
                continue
            columns = int(_attribute(cell, "number-columns-repeated") or 1)
            kind = _attribute(cell, "value-type")
            value = None
            if kind in ("float", "currency", "percentage"):
                value = float(_attribute(cell, "value"))
                if kind == "percentage":
                    value = _percent(value)
            elif kind == "date":
                value = _attribute(cell, "date-value")
            elif kind == "boolean":
                value = "WAHR" if _attribute(cell, "boolean-value") == "true" else "FALSCH"
            else:
                text = _ods_text(cell)
                value = text if text.strip() else None
            if value is not None:
                for offset in range(min(columns, _ODS_LIMIT)):
                    cells[position + offset] = value
                    if kind == "percentage":
                        percent_columns.add(position + offset)
            position += columns
        if cells:
            width = max(cells) + 1
            for _ in range(min(repeat, _ODS_LIMIT)):
                number += 1
                rows.append([cells.get(i) for i in range(width)])
                numbers.append(number)
            number += max(repeat - _ODS_LIMIT, 0)
        else:
            number += repeat
    return rows, numbers, percent_columns


def _ods_tables(archive, path):
    root = _xml(archive, "content.xml", path)
    return [(_attribute(t, "name"), t) for t in root.iter() if _local(t.tag) == "table"]


# --- both ----------------------------------------------------------------------------------------------------

def _is_ods(path):
    return path.lower().endswith(".ods")


def sheet_names(path):
    """The names of the sheets of an XLSX or ODS file, in order."""
    with _open(path) as archive:
        if _is_ods(path):
            return [name for name, _ in _ods_tables(archive, path)]
        return [name for name, _ in _xlsx_sheets(archive, path)]


def sheet_rows(path, sheet=""):
    """SheetRows of the named sheet (default: the first). TableError for an unknown sheet."""
    with _open(path) as archive:
        if _is_ods(path):
            tables = _ods_tables(archive, path)
            names = [name for name, _ in tables]
        else:
            parts = _xlsx_sheets(archive, path)
            names = [name for name, _ in parts]
        if not names:
            raise TableError(f"{path}: Die Datei enthält kein Tabellenblatt.")
        sheet = sheet or names[0]
        if sheet not in names:
            raise TableError(f"{path}: Ein Blatt '{sheet}' gibt es nicht. Blätter: {', '.join(map(repr, names))}. "
                             f"Bitte eines davon angeben, z. B. {os.path.basename(path)}|layername={names[0]}.")
        if _is_ods(path):
            rows, numbers, percent = _ods_rows(dict(tables)[sheet])
        else:
            part = dict(parts)[sheet]
            if part not in archive.namelist():
                raise TableError(f"{path}: Blatt '{sheet}' fehlt in der Datei (beschädigt?). Bitte neu speichern.")
            dates, percents = _xlsx_styles(archive)
            rows, numbers, percent = _xlsx_rows(archive, part, _xlsx_strings(archive), dates, percents)
    return SheetRows(sheet, rows, numbers, frozenset(percent))
