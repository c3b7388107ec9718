"""Number formats, column widths and a frozen header row for XLSX workbooks written by OGR (standard library only).

OGR's XLSX driver writes numbers as they are in memory (77.06422000000001) in the "General" format and every
column 15 characters wide. `format_workbook` rewrites the written file: each number cell gets a number format
with the decimals asked for (thousands separator; Excel shows the reader's decimal mark, in German 77,06), its
stored value loses the binary noise (77.06422, at most 12 significant digits: what is shown stays what is
stored), each column a width that fits its header and its cells, the header row bold and frozen.

`decimals` per sheet: {column: int | sequence (one int or None per row) | None (text)}; numeric columns not
named get `infer_decimals`.
"""
from __future__ import annotations

import math
import os
import posixpath
import xml.etree.ElementTree as ET
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_DECIMALS = 6
MIN_WIDTH, MAX_WIDTH = 6, 60


def _q(tag):
    return f"{{{MAIN}}}{tag}"


def number_format(decimals: int) -> str:
    """Excel format code: '#,##0' for 0 decimals, '#,##0.00' for 2."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def clean_number(value: str) -> float:
    """The value without binary noise: at most 12 significant digits (77.06422000000001 -> 77.06422)."""
    return float(f"{float(value):.12g}")


def infer_decimals(values: list) -> int:
    """Decimals for a numeric column without a catalogue: the fewest (up to 3) that show every value exactly,
    else enough for two significant digits of the smallest non-zero value (at least 2, at most 6)."""
    numbers = [clean_number(v) for v in values if _finite(v)]
    if not numbers:
        return 0
    for decimals in range(4):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in numbers):
            return decimals
    smallest = min((abs(v) for v in numbers if v != 0), default=1.0)
    return max(2, min(MAX_DECIMALS, 1 - math.floor(math.log10(smallest)))) if smallest < 1 else 2


def _finite(value):
    try:
        return value is not None and not isinstance(value, (str, bool)) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def column_decimals(frame, decimals: dict | None = None) -> list:
    """[per column: None (text) or a list with one int (or None) per row]."""
    decimals = decimals or {}
    out = []
    for column in frame.columns:
        values = frame[column].tolist()
        spec = decimals.get(column, "infer")
        if spec is None:
            out.append(None)
        elif spec == "infer":
            numeric = any(_finite(v) for v in values) and all(v is None or _finite(v) or _is_nan(v) for v in values)
            out.append([infer_decimals(values)] * len(values) if numeric else None)
        elif isinstance(spec, int):
            out.append([min(MAX_DECIMALS, max(0, spec))] * len(values))
        else:
            out.append([None if d is None else min(MAX_DECIMALS, max(0, int(d))) for d in spec])
    return out


def _is_nan(value):
    return isinstance(value, float) and math.isnan(value)


def _shown_text(value, decimals):
    if decimals is not None and _finite(value):
        return f"{float(value):,.{decimals}f}"
    return "" if value is None or _is_nan(value) else str(value)


def column_widths(frame, per_column: list) -> list:
    """Excel widths (characters) that fit the header and the shown cells, between 6 and 60."""
    widths = []
    for position, column in enumerate(frame.columns):
        decimals = per_column[position]
        values = frame[column].tolist()
        longest = max([len(str(column))] + [len(_shown_text(v, decimals[i] if decimals else None))
                                           for i, v in enumerate(values)])
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _column_index(reference):
    letters = "".join(ch for ch in reference if ch.isalpha())
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number - 1, int(reference[len(letters):])


def _sheet_paths(archive):
    """{sheet name: path inside the zip} from workbook.xml and its relationships."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PACKAGE_REL}}}Relationship")}
    paths = {}
    for sheet in workbook.iter(_q("sheet")):
        target = targets.get(sheet.get(f"{{{OFFICE_REL}}}id"), "")
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
    return paths


def _add_styles(styles_xml, decimals_used):
    """styles.xml with a bold header style and one style per number of decimals appended (OGR's styles kept,
    the indices of cells that use them stay valid). Returns (xml bytes, header style, {decimals: style})."""
    root = ET.fromstring(styles_xml)
    formats = root.find(_q("numFmts"))
    if formats is None:
        formats = ET.Element(_q("numFmts"))
        root.insert(0, formats)
    next_id = max([163] + [int(f.get("numFmtId")) for f in formats.findall(_q("numFmt"))]) + 1
    format_ids = {}
    for decimals in sorted(decimals_used):
        ET.SubElement(formats, _q("numFmt"), numFmtId=str(next_id), formatCode=number_format(decimals))
        format_ids[decimals] = next_id
        next_id += 1
    formats.set("count", str(len(formats.findall(_q("numFmt")))))
    fonts = root.find(_q("fonts"))
    bold_font = len(fonts.findall(_q("font")))
    bold = ET.fromstring(ET.tostring(fonts.find(_q("font")))) if fonts.find(_q("font")) is not None \
        else ET.Element(_q("font"))
    bold.insert(0, ET.Element(_q("b")))
    fonts.append(bold)
    fonts.set("count", str(bold_font + 1))
    cells = root.find(_q("cellXfs"))
    header = len(cells.findall(_q("xf")))
    ET.SubElement(cells, _q("xf"), numFmtId="0", fontId=str(bold_font), fillId="0", borderId="0", xfId="0",
                  applyFont="1")
    style_of = {}
    for decimals in sorted(decimals_used):
        style_of[decimals] = len(cells.findall(_q("xf")))
        ET.SubElement(cells, _q("xf"), numFmtId=str(format_ids[decimals]), fontId="0", fillId="0", borderId="0",
                      xfId="0", applyNumberFormat="1")
    cells.set("count", str(len(cells.findall(_q("xf")))))
    return _xml(root), header, style_of


def _xml(root):
    # SpreadsheetML in the default namespace as Excel writes it (ElementTree's default_namespace option refuses
    # the unqualified attribute names, so the prefix is registered; it only names these two namespaces)
    ET.register_namespace("", MAIN)
    ET.register_namespace("r", OFFICE_REL)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _format_sheet(sheet_xml, per_column, widths, header_style, style_of):
    root = ET.fromstring(sheet_xml)
    for row in root.iter(_q("row")):
        for cell in row.findall(_q("c")):
            column, row_number = _column_index(cell.get("r", ""))
            if row_number == 1:
                cell.set("s", str(header_style))
                continue
            value = cell.find(_q("v"))
            decimals = per_column[column] if column < len(per_column) else None
            index = row_number - 2
            if value is None or cell.get("t", "n") != "n" or decimals is None or index >= len(decimals) \
                    or decimals[index] is None:
                continue
            try:
                number = clean_number(value.text)
            except (TypeError, ValueError):
                continue
            value.text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
            cell.set("s", str(style_of[decimals[index]]))
    for old in root.findall(_q("cols")) + root.findall(_q("sheetViews")):
        root.remove(old)
    position = len([child for child in root if child.tag in (_q("sheetPr"), _q("dimension"))])
    views = ET.Element(_q("sheetViews"))
    view = ET.SubElement(views, _q("sheetView"), workbookViewId="0")
    ET.SubElement(view, _q("pane"), ySplit="1", topLeftCell="A2", activePane="bottomLeft", state="frozen")
    root.insert(position, views)
    format_pr = 1 if root.find(_q("sheetFormatPr")) is not None else 0
    cols = ET.Element(_q("cols"))
    for number, width in enumerate(widths, 1):
        ET.SubElement(cols, _q("col"), min=str(number), max=str(number), width=str(width), customWidth="1")
    root.insert(position + 1 + format_pr, cols)
    return _xml(root)


def format_workbook(path: str, sheets: dict, decimals: dict | None = None) -> str:
    """Rewrite the XLSX at `path` (written by OGR from `sheets` = {sheet name: DataFrame as written}) with number
    formats, clean values, column widths and a bold frozen header. `decimals`: {sheet name: {column: spec}}."""
    decimals = decimals or {}
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
        paths = _sheet_paths(archive)
    per_sheet = {name: column_decimals(frame, decimals.get(name)) for name, frame in sheets.items()}
    used = {d for columns in per_sheet.values() for column in columns if column for d in column if d is not None}
    contents = dict((info.filename, data) for info, data in entries)
    styles, header_style, style_of = _add_styles(contents["xl/styles.xml"], used)
    contents["xl/styles.xml"] = styles
    for name, frame in sheets.items():
        target = paths.get(name)
        if target in contents:
            contents[target] = _format_sheet(contents[target], per_sheet[name],
                                             column_widths(frame, per_sheet[name]), header_style, style_of)
    temporary = path + ".format"
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for info, _data in entries:
            out.writestr(info, contents[info.filename], compress_type=zipfile.ZIP_DEFLATED)
    os.replace(temporary, path)
    return path
