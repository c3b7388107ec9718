"""Map series: seconds per page at 300 dpi, our series (sozialraum:mapseries, multi-page PDF) beside QGIS's
own atlas export (QgsLayoutExporter.exportToPdf over an atlas) of the same layout, in the same run.

Pages: PAGES indicators of the Berlin sample (448 planning areas, districts overlay with labels, A4 portrait).
The atlas renders the same filled layout PAGES times (a coverage layer of PAGES features, the map not driven
by the atlas), so both sides draw the same map, legend and texts per page; its layout is built before the
clock starts, while our figure includes reading the values, classifying and filling the layout per page.

Both outputs are checked before anything is timed (page count, each page's title and page number read back
with pdftotext), and again after the timed rounds. Then ROUNDS interleaved rounds (ours, atlas, ours, …)
after a warm-up; the figures are the medians. Then the whole sample series (every indicator with values)
as one figure, which the issue asks to stay well under a minute.
"""
import os
import re
import statistics
import subprocess
import tempfile
import time

PAGES = 5
DPI = 300
ROUNDS = 5


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_text(path, page):
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), path, "-"], capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.split())


def check_pdf(path, titles, what):
    """The PDF has one page per title, each page carries its title and 'Karte n von N'; else RuntimeError."""
    if pdf_pages(path) != len(titles):
        raise RuntimeError(f"{what}: {pdf_pages(path)} pages, expected {len(titles)}")
    for number, (title, of) in enumerate(titles, start=1):
        text = page_text(path, number)
        if " ".join(title.split()) not in text or of not in text:
            raise RuntimeError(f"{what}, page {number}: '{title}' / '{of}' not printed")


def run(report):
    import processing
    from qgis.core import (
        Qgis,
        QgsFeature,
        QgsLayoutExporter,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
        QgsVectorLayer,
    )

    from sozialraum_monitor.adapter import map_layout as ml
    from sozialraum_monitor.core.catalogue import read_catalogue

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    gpkg = os.path.join(root, "resources", "sample", "berlin_mss2019.gpkg")
    catalogue_path = os.path.join(root, "resources", "sample", "indikatoren_mss2019.csv")
    layer = QgsVectorLayer(f"{gpkg}|layername=sozialraeume", "Sozialräume", "ogr")
    bezirke = QgsVectorLayer(f"{gpkg}|layername=bezirke", "Bezirke", "ogr")
    catalogue = read_catalogue(catalogue_path)
    fields = [i.id for i in catalogue if i.id in layer.fields().names()]
    chosen = fields[1:1 + PAGES]
    out = tempfile.mkdtemp(prefix="bench-mapseries-")

    def ours(indicators, name, expected=None):
        """Seconds of one run; checks the number of pages it reports (expected: every indicator a page)."""
        params = {"INPUT": layer, "FIELDS": indicators, "CATALOGUE": catalogue_path, "OVERLAY": bezirke,
                  "OVERLAY_LABEL": "bezirk", "DPI": DPI, "OUTPUT_PDF": os.path.join(out, name),
                  "ADD_TO_PROJECT": False}
        start = time.perf_counter()
        result = processing.run("sozialraum:mapseries", params, context=QgsProcessingContext(),
                                feedback=QgsProcessingFeedback())
        seconds = time.perf_counter() - start
        if result["PAGES"] != (len(indicators) if expected is None else expected):
            raise RuntimeError(f"ours: {result['PAGES']} pages, expected {len(indicators)}")
        return seconds, result["PAGES"]

    # QGIS's atlas over the same layout (one indicator page as built by the series)
    project = QgsProject()
    options = ml.SeriesOptions(indicators=tuple(chosen[:1]), catalogue=catalogue, template=ml.template_path("a4_hoch"),
                               overlay_label="bezirk", date=ml.german_date())
    series = ml.MapSeries(layer, options, project, overlay=bezirke, keep=True)
    page = series.page(chosen[0], 1, 1)
    layout = page.layout
    coverage = QgsVectorLayer("Point?crs=EPSG:25833", "seiten", "memory")
    coverage.dataProvider().addFeatures([QgsFeature() for _ in range(PAGES)])
    project.addMapLayer(coverage, False)
    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setEnabled(True)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = DPI
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText

    def qgis():
        start = time.perf_counter()
        result, error = QgsLayoutExporter.exportToPdf(atlas, os.path.join(out, "atlas.pdf"), settings)
        seconds = time.perf_counter() - start
        if result != QgsLayoutExporter.ExportResult.Success:
            raise RuntimeError(f"atlas export failed: {error}")
        return seconds

    # warm-up (first use of fonts, provider and data) and the check of both outputs: not timed
    ours(chosen, "ours.pdf")
    qgis()
    ours_titles = [(catalogue.indicator(f).title, f"Karte {n} von {PAGES}") for n, f in enumerate(chosen, start=1)]
    atlas_titles = [(page.indicator.title, "Karte 1 von 1")] * PAGES
    check_pdf(os.path.join(out, "ours.pdf"), ours_titles, "ours")
    check_pdf(os.path.join(out, "atlas.pdf"), atlas_titles, "atlas")

    ours_seconds, atlas_seconds = [], []
    for _ in range(ROUNDS):
        ours_seconds.append(ours(chosen, "ours.pdf")[0] / PAGES)
        atlas_seconds.append(qgis() / PAGES)
    check_pdf(os.path.join(out, "ours.pdf"), ours_titles, "ours")
    check_pdf(os.path.join(out, "atlas.pdf"), atlas_titles, "atlas")
    spread = (f"ours {min(ours_seconds):.3f}–{max(ours_seconds):.3f}, "
              f"atlas {min(atlas_seconds):.3f}–{max(atlas_seconds):.3f}")
    report(f"map series, seconds per page at {DPI} dpi (PDF, {PAGES} pages)", statistics.median(ours_seconds),
           statistics.median(atlas_seconds), f"QGIS: atlas export of the same layout, {PAGES} pages; median of "
           f"{ROUNDS} interleaved rounds ({spread}); ours includes classifying and filling each page")
    series.close()     # (the layout with its atlas belongs to `project`, which outlives it)

    # every indicator with values (the sample has fields without any: they get no page)
    with_values = [f for f in fields if str(layer.maximumValue(layer.fields().indexOf(f))) not in ("NULL", "None")]
    all_seconds, all_pages = ours(fields, "all.pdf", expected=len(with_values))
    if pdf_pages(os.path.join(out, "all.pdf")) != all_pages:
        raise RuntimeError("whole series: the PDF's page count differs from PAGES")
    report(f"map series, whole sample series at {DPI} dpi ({all_pages} pages)", all_seconds, None,
           f"{all_seconds / all_pages:.2f} s per page")
