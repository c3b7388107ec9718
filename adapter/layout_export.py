"""Exports of layouts: the multi-page PDF written page by page, single PNG/SVG/PDF files.
"""
import os
import re
import tempfile

from qgis.core import Qgis, QgsLayoutExporter, QgsLayoutRenderContext
from qgis.PyQt.QtCore import QMarginsF, QSize, QSizeF
from qgis.PyQt.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from ..core.errors import LayoutError
from ..core.files import file_mode
from .layout_styling import MM


# ------------------------------------------------------------------------------------------ export
def prepare_render(layout, dpi):
    context = layout.renderContext()
    context.setDpi(dpi)
    context.setFlag(QgsLayoutRenderContext.Flag.FlagAntialiasing, True)
    context.setFlag(QgsLayoutRenderContext.Flag.FlagUseAdvancedEffects, True)
    context.setTextRenderFormat(Qgis.TextRenderFormat.AlwaysText)


def _page_layout(layout):
    page = layout.pageCollection().page(0)
    size = layout.renderContext().measurementConverter().convert(page.sizeWithUnits(), MM)
    result = QPageLayout(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Millimeter),
                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    result.setMode(QPageLayout.Mode.FullPageMode)
    return result


class PdfSeries:
    """A multi-page PDF written page by page (one layout per page), whole or not at all:

        with PdfSeries(path, dpi, title) as pdf:
            for layout in layouts: pdf.add(layout)
        # the file appears only when the block ends without an exception and finish() is not skipped
    """

    def __init__(self, path, dpi=300, title=""):
        self.path, self.dpi, self.title = path, dpi, title
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        handle, self.tmp = tempfile.mkstemp(suffix=".pdf", prefix=".kartenserie-", dir=folder)
        os.close(handle)
        self.writer = None
        self.painter = None
        self.pages = 0

    def add(self, layout):
        page_layout = _page_layout(layout)
        if self.writer is None:
            self.writer = QPdfWriter(self.tmp)
            self.writer.setResolution(int(self.dpi))
            self.writer.setTitle(self.title)
            self.writer.setCreator("QGIS / Sozialraum Monitor")
            self.writer.setPageLayout(page_layout)
            self.painter = QPainter()
            if not self.painter.begin(self.writer):
                raise LayoutError(f"{self.path}: PDF kann nicht geschrieben werden. Schreibrechte und "
                                  "freien Speicher prüfen.")
        else:
            self.writer.setPageLayout(page_layout)
            self.writer.newPage()
        prepare_render(layout, self.dpi)
        QgsLayoutExporter(layout).renderPage(self.painter, 0)
        self.pages += 1

    def finish(self):
        if self.painter is not None:
            self.painter.end()
            self.painter = None
            self.writer = None
            os.chmod(self.tmp, file_mode())
            os.replace(self.tmp, self.path)
        return self.pages

    def abort(self):
        if self.painter is not None:
            self.painter.end()
            self.painter = None
        self.writer = None
        if os.path.exists(self.tmp):
            os.remove(self.tmp)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            if self.pages:
                self.finish()
            else:
                self.abort()
        else:
            self.abort()
        return False


EXPORT_FORMATS = ("png", "svg", "pdf")


def export_layout(layout, path, fmt, dpi=300):
    """One layout to PNG, SVG or PDF at `path` (written to a temp name, then renamed)."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise LayoutError(f"Exportformat '{fmt}' wird nicht unterstützt (möglich: {', '.join(EXPORT_FORMATS)}).")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.path.basename(path)}")
    exporter = QgsLayoutExporter(layout)
    if fmt == "png":
        # rendered directly: exportToImage would try to georeference the PNG through GDAL (noise on stderr)
        prepare_render(layout, dpi)
        image = exporter.renderPageToImage(0, QSize(), dpi)
        ok = not image.isNull() and image.save(tmp, "PNG")
        result = QgsLayoutExporter.ExportResult.Success if ok else QgsLayoutExporter.ExportResult.FileError
    elif fmt == "svg":
        settings = QgsLayoutExporter.SvgExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
        settings.exportMetadata = False
        result = exporter.exportToSvg(tmp, settings)
    else:
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
        result = exporter.exportToPdf(tmp, settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise LayoutError(f"{path}: Export fehlgeschlagen ({exporter.errorMessage() or result}). "
                          "Schreibrechte und freien Speicher prüfen.")
    os.replace(tmp, path)
    return path


def safe_file_name(text, fallback="karte"):
    """A file name from an indicator label: letters, digits, '_' and '-' only."""
    name = re.sub(r"[^\w\-]+", "_", text or "", flags=re.UNICODE).strip("_")
    return name[:80] or fallback

