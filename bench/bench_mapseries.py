"""Map series: seconds per page at 300 dpi, our series (sozialraum:mapseries, multi-page PDF, layouts not kept)
beside QGIS's own atlas export (QgsLayoutExporter.exportToPdf over an atlas) of the same layout, in the same run.

Pages: PAGES indicators of the Berlin sample (448 planning areas, districts overlay with labels, A4 portrait).
The atlas renders one filled page of the series PAGES times (a coverage layer of PAGES features, the map not
driven by the atlas), so both sides draw the same map, legend, chart and texts per page; its layout is built
before the clock starts, while our figure includes reading the values, classifying and filling each page.

Two anchors. (1) The page's layout as the series keeps it in the project: its copies of the layers are read
from the GeoPackage, as in any atlas a user builds on their layers. (2) The series' own export layout, whose
copies it holds in memory for the run (a series without kept layouts reads the areas once, not once a page):
same layers on both sides, so this row shows what filling a page costs us.

All outputs are checked before anything is timed and again after the timed rounds (page count, each page's
title and page number read back with pdftotext; every atlas page prints the text of our first page). Then
ROUNDS interleaved rounds (ours, atlas 1, atlas 2, …) after a warm-up; the figures are medians, with the
spread in the note. Then the whole sample series (every indicator with values) as one figure, which the
issue asks to stay well under a minute.
"""
import os
import re
import statistics
import subprocess
import tempfile
import time

PAGES = 5
DPI = 300
ROUNDS = 9


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
    from sozialraum_monitor.core.privacy import SuppressionRule

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
                  "MIN_COUNT": 3, "MIN_POPULATION": 0, "ADD_TO_PROJECT": False}
        start = time.perf_counter()
        result = processing.run("sozialraum:mapseries", params, context=QgsProcessingContext(),
                                feedback=QgsProcessingFeedback())
        seconds = time.perf_counter() - start
        if result["PAGES"] != (len(indicators) if expected is None else expected):
            raise RuntimeError(f"ours: {result['PAGES']} pages, expected {len(indicators)}")
        return seconds, result["PAGES"]

    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = DPI
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText

    def atlas_of(keep):
        """QGIS's atlas over one page of the series (its first indicator), PAGES times: keep=True the layout
        as kept in the project (copies read from the GeoPackage), keep=False the series' own export layout
        (the copies it holds in memory). Returns (series, page, project, export function)."""
        project = QgsProject()
        options = ml.SeriesOptions(indicators=tuple(chosen[:1]), catalogue=catalogue,
                                   template=ml.template_path("a4_hoch"), overlay_label="bezirk",
                                   date=ml.german_date(), attribution=ml.sample_attribution(),
                                   rule=SuppressionRule(3, 0, ""))
        series = ml.MapSeries(layer, options, project, overlay=bezirke, keep=keep)
        page = series.page(chosen[0], 1, 1)
        coverage = QgsVectorLayer("Point?crs=EPSG:25833", "seiten", "memory")
        coverage.dataProvider().addFeatures([QgsFeature() for _ in range(PAGES)])
        project.addMapLayer(coverage, False)
        atlas = page.layout.atlas()
        atlas.setCoverageLayer(coverage)
        atlas.setEnabled(True)
        path = os.path.join(out, f"atlas{int(keep)}.pdf")

        def export():
            start = time.perf_counter()
            result, error = QgsLayoutExporter.exportToPdf(atlas, path, settings)
            seconds = time.perf_counter() - start
            if result != QgsLayoutExporter.ExportResult.Success:
                raise RuntimeError(f"atlas export failed: {error}")
            return seconds
        return series, page, project, export, path

    anchors = {keep: atlas_of(keep) for keep in (True, False)}

    # warm-up (first use of fonts, provider and data) and the check of all outputs: not timed
    ours(chosen, "ours.pdf")
    ours_titles = [(catalogue.indicator(f).title, f"Karte {n} von {PAGES}") for n, f in enumerate(chosen, start=1)]
    atlas_titles = [(catalogue.indicator(chosen[0]).title, "Karte 1 von 1")] * PAGES

    def check():
        check_pdf(os.path.join(out, "ours.pdf"), ours_titles, "ours")
        first = page_text(os.path.join(out, "ours.pdf"), 1).replace(f"Karte 1 von {PAGES}", "Karte 1 von 1")
        for keep, (_series, _page, _project, _export, path) in anchors.items():
            check_pdf(path, atlas_titles, f"atlas (keep={keep})")
            if any(page_text(path, n) != first for n in range(1, PAGES + 1)):
                raise RuntimeError(f"atlas (keep={keep}): its pages print other text than our first page")

    for anchor in anchors.values():
        anchor[3]()
    check()
    seconds = {"ours": [], True: [], False: []}
    for _ in range(ROUNDS):
        seconds["ours"].append(ours(chosen, "ours.pdf")[0] / PAGES)
        for keep, anchor in anchors.items():
            seconds[keep].append(anchor[3]() / PAGES)
    check()

    def spread(values):
        return f"{min(values):.3f}–{max(values):.3f}"

    ours_median = statistics.median(seconds["ours"])
    report(f"map series, seconds per page at {DPI} dpi (PDF, {PAGES} pages)", ours_median,
           statistics.median(seconds[True]), f"QGIS: atlas export of the same layout as kept in the project "
           f"(copies read from the GeoPackage), {PAGES} pages; median of {ROUNDS} interleaved rounds (ours "
           f"{spread(seconds['ours'])}, atlas {spread(seconds[True])}); ours includes reading the values, "
           "classifying and filling each page")
    report(f"map series, seconds per page at {DPI} dpi, atlas on our in-memory copies", ours_median,
           statistics.median(seconds[False]), f"QGIS: atlas export of the series' own export layout (the copies "
           f"it holds in memory), same rounds (atlas {spread(seconds[False])}): what filling a page costs us")
    for keep, (series, _page, project, _export, _path) in list(anchors.items()):
        anchors[keep] = _page = _export = None          # a layout goes before the project it belongs to
        series.close()
        del series
        project.clear()

    # every indicator with values (the sample has fields without any: they get no page)
    with_values = [f for f in fields if str(layer.maximumValue(layer.fields().indexOf(f))) not in ("NULL", "None")]
    all_seconds, all_pages = ours(fields, "all.pdf", expected=len(with_values))
    if pdf_pages(os.path.join(out, "all.pdf")) != all_pages:
        raise RuntimeError("whole series: the PDF's page count differs from PAGES")
    report(f"map series, whole sample series at {DPI} dpi ({all_pages} pages)", all_seconds, None,
           f"{all_seconds / all_pages:.2f} s per page")
