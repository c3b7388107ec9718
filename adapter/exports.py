"""File exports that need QGIS or Qt: Excel workbooks through OGR, PDF from HTML through Qt's printer."""
import os

from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter
from qgis.PyQt.QtCore import QMarginsF, QSizeF
from qgis.PyQt.QtGui import QPageLayout, QPageSize, QTextDocument, QTextOption
from qgis.PyQt.QtPrintSupport import QPrinter

from ..core.files import atomic_write
from ..core.profile_export import sheet_name
from ..core.safe_cells import safe_frame
from ..core.xlsx_style import format_workbook
from .layers import frame_to_memory_layer


def write_xlsx(path, sheets, decimals=None):
    """sheets: {sheet name: DataFrame}. Written with QGIS's OGR XLSX driver, numbers as numbers, then given number
    formats, column widths and a frozen bold header (core.xlsx_style). Decimals per sheet from `decimals`
    ({sheet name: {column: int | one int per row | None for text}}) or the frame's attrs['decimals'] (set by
    core.profile_export.xlsx_frame from the catalogue); other numeric columns get as many as their values need."""
    decimals = dict(decimals or {})

    def writer(temp):
        os.remove(temp)       # OGR creates the file itself
        used, written, formats = [], {}, {}
        for number, (name, frame) in enumerate(sheets.items()):
            given = decimals.get(name, frame.attrs.get("decimals"))
            name = sheet_name(name, used)
            used.append(name)
            frame = frame.copy()
            for column in frame.columns:
                if frame[column].dtype == object:
                    frame[column] = frame[column].map(lambda v: "" if v is None else str(v))
            frame = safe_frame(frame)     # text that would start a formula is written as text
            layer = frame_to_memory_layer(frame, name)
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "XLSX"
            options.layerName = name
            options.actionOnExistingFile = (QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
                                            if number == 0 else
                                            QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer)
            result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, temp, QgsCoordinateTransformContext(), options)
            if result[0] != QgsVectorFileWriter.WriterError.NoError:
                raise OSError(f"{path}: Tabellenblatt '{name}' konnte nicht geschrieben werden ({result[1]}).")
            written[name], formats[name] = frame, given
        format_workbook(temp, written, formats)
    return atomic_write(path, writer, ".xlsx")


def write_pdf(path, html_text, landscape=True):
    """PDF from HTML through QTextDocument + QPrinter (A4)."""
    def writer(temp):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(temp)
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                          QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
        document = QTextDocument()
        font = document.defaultFont()
        font.setPointSizeF(8.5)
        document.setDefaultFont(font)
        # print: no page margin of the screen style (the printer has its own), tables across the whole width
        printed = html_text.replace("margin:1.5em}", "margin:0}", 1).replace("font-size:10pt", "font-size:8pt", 1)
        option = document.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)   # break lines between words, never inside a number
        document.setDefaultTextOption(option)
        document.setHtml(printed.replace('<table class="profile">',
                                           '<table class="profile" width="100%" cellspacing="0" cellpadding="2">')
                         .replace("<table>", '<table width="100%" cellspacing="0" cellpadding="2">'))
        # lay out on the page in the document's own units (1/96 inch), else Qt uses only 72/96 of the width
        page = printer.pageRect(QPrinter.Unit.Point).size()
        document.setPageSize(QSizeF(page.width() * 96 / 72, page.height() * 96 / 72))
        (document.print_ if hasattr(document, "print_") else document.print)(printer)
        if not os.path.exists(temp) or os.path.getsize(temp) == 0:
            raise OSError(f"{path}: PDF konnte nicht erzeugt werden.")
    return atomic_write(path, writer, ".pdf")
