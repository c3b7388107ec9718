"""`make demo`: the plugin's main job, headless, on the bundled Berlin sample -> demo-output/.

The story a GIS colleague goes through each reporting year:
 1. join the tables the statistics office sent to the planning areas; the join report shows the source's traps
    (a duplicated polygon key, a key whose area changed, a table row without a polygon);
 2. correct the two keys in a copy of the polygons (as the report suggests) and join again: a clean join;
 3. classify and symbolise an indicator (exact natural breaks), style written as .qml;
 4. compute the MSS status and dynamics index (reproduces Berlin's official classes);
 5. the comparisons of the social report (districts);
 6. the whole map series as one PDF;
 7. the profile report of all planning areas (HTML, XLSX; PDF for one district);
 8. a QGIS project with all of it: opens zoomed to Berlin, aliases from the catalogue, the profile dock set up,
    the map series as layouts (catalogue and districts copied beside it: the folder moves as a whole).
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis.core import QgsProcessingContext  # noqa: E402  (after qgis_app: QGIS's Python path set up)

import qgis_app  # noqa: E402

OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "demo-output")
SAMPLE = os.path.join(qgis_app.ROOT, "resources", "sample")
GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
TABLES = [os.path.join(SAMPLE, "tables", n) for n in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv")]
STATUS = ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients",
          "s4_percentage_transfer_payments_recipients_below_15_years"]
DYNAMICS = ["d1_percentage_unemployed", "d3_percentage_transfer_payments_recipients",
            "d4_percentage_transfer_payments_recipients_below_15_years"]
AREA_ALIASES = {"plr_id": "Planungsraum-Nr.", "plr_name": "Planungsraum", "bzr_id": "Bezirksregion-Nr.",
                "bez_id": "Bezirk-Nr.", "bezirk": "Bezirk"}
CORRECTED_KEY = """CASE WHEN "plr_id" = '06010102' AND "bezirk" = 'Charlottenburg-Wilmersdorf' THEN '04030417'
WHEN "plr_id" = '09041402' AND "plr_name" <> 'Allende II' THEN '09041403'
WHEN "plr_id" = '09041403' AND "plr_name" = 'Allende II' THEN '09041402' ELSE "plr_id" END"""


def out(name):
    return os.path.join(OUT, name)


def step(title):
    print(f"\n== {title}", flush=True)
    return time.perf_counter()


def write_project(run, joined_path, index_path, attribution):
    """The demo project: opens zoomed to Berlin in its CRS, aliases from the catalogue, district outlines above
    the choropleth, the profile dock set up (district as parent unit), the map series as layouts; catalogue and
    districts copied beside it, so the folder moves as a whole (relative paths)."""
    from osgeo import gdal
    from qgis.core import QgsProject, QgsVectorLayer

    import project_kit
    from sozialraum_monitor.adapter.project_setup import detect_setup, parent_mismatches, write_setup
    from sozialraum_monitor.core.catalogue import read_catalogue

    catalogue_path = shutil.copy(CATALOGUE, out(os.path.basename(CATALOGUE)))
    gdal.VectorTranslate(out("bezirke.gpkg"), GPKG, layers=["bezirke"], layerName="bezirke")
    catalogue = read_catalogue(catalogue_path)
    project = QgsProject.instance()
    project.clear()
    project.setFileName(out("sozialraum_monitor_demo.qgz"))
    project.setTitle("Sozialraum Monitor – Demo Berlin MSS 2019")
    districts = QgsVectorLayer(f"{out('bezirke.gpkg')}|layername=bezirke", "Bezirke", "ogr")
    districts.loadNamedStyle(os.path.join(SAMPLE, "bezirke.qml"))
    areas = QgsVectorLayer(joined_path, "Sozialräume (MSS 2019)", "ogr")
    areas.loadNamedStyle(out("03_kinderarmut.qml"))
    index_layer = QgsVectorLayer(index_path, "Sozialindex MSS 2019", "ogr")
    index_layer.loadNamedStyle(os.path.splitext(index_path)[0] + ".qml")
    for layer in (areas, index_layer):
        project_kit.set_aliases(layer, catalogue, AREA_ALIASES)
    project.addMapLayers([index_layer, areas, districts])
    project.layerTreeRoot().findLayer(index_layer.id()).setItemVisibilityChecked(False)
    project_kit.put_on_top(project, [districts])          # outlines above the choropleth
    project_kit.open_on(project, areas)
    setup = detect_setup(areas, catalogue_path)
    for field, rows in parent_mismatches(areas, setup).items():
        print(f"   parent unit {field}: {len(rows)} area(s) whose key does not begin with it: "
              + ", ".join(f"{key} ({parent})" for key, parent in rows))
    write_setup(project, setup)
    context = QgsProcessingContext()
    context.setProject(project)
    series = run("sozialraum:mapseries", {
        "INPUT": areas, "METHOD": 0, "CLASSES": 5, "CATALOGUE": catalogue_path, "OVERLAY": districts,
        "OVERLAY_LABEL": "bezirk", "ADD_TO_PROJECT": True, "SOURCE": attribution.replace("\n", " ")}, context)
    print(f"   parent units in the dock: {[k for k, _n in setup.parent_fields]}; "
          f"{series['PAGES']:.0f} map series layouts")
    project_kit.write(project, project.fileName())
    return project


def main():
    app, _provider = qgis_app.start()
    import processing
    from qgis.core import QgsProcessingFeedback, QgsProject, QgsVectorLayer

    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()

    def run(alg, params, in_context=None):
        return processing.run(alg, params, context=in_context or context, feedback=feedback)

    t = step("1  Join the MSS 2019 tables to the planning areas as published")
    first = run("sozialraum:joinindicators", {
        "INPUT": f"{GPKG}|layername=planungsraeume", "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name",
        "TABLES": TABLES, "TABLE_KEY": "id", "TABLE_NAME": "name", "CATALOGUE": CATALOGUE,
        "AREA_DUPLICATES": 1, "OUTPUT": out("01_join_wie_geliefert.gpkg"), "REPORT": out("01_join_bericht.csv"),
        "REPORT_HTML": out("01_join_bericht.html")})
    print(f"   matched {first['MATCHED']:.0f}, table rows without area {first['UNMATCHED_ROWS']:.0f}, "
          f"areas without values {first['UNMATCHED_AREAS']:.0f} -> see 01_join_bericht.html "
          f"({time.perf_counter() - t:.1f} s)")

    t = step("2  Correct the two keys the report points at (in a copy) and join again")
    fixed = run("native:fieldcalculator", {
        "INPUT": f"{GPKG}|layername=planungsraeume", "FIELD_NAME": "plr_id", "FIELD_TYPE": 2, "FIELD_LENGTH": 8,
        "FORMULA": CORRECTED_KEY, "OUTPUT": "memory:planungsraeume_korrigiert"})["OUTPUT"]
    joined_path = out("02_sozialraeume.gpkg")
    second = run("sozialraum:joinindicators", {
        "INPUT": fixed, "INPUT_KEY": "plr_id", "INPUT_NAME": "plr_name", "TABLES": TABLES, "TABLE_KEY": "id",
        "TABLE_NAME": "name", "CATALOGUE": CATALOGUE, "OUTPUT": joined_path,
        "REPORT": out("02_join_bericht.csv"), "REPORT_HTML": out("02_join_bericht.html")})
    print(f"   matched {second['MATCHED']:.0f}, table rows without area {second['UNMATCHED_ROWS']:.0f}, "
          f"areas without values {second['UNMATCHED_AREAS']:.0f} ({time.perf_counter() - t:.1f} s)")
    joined = QgsVectorLayer(joined_path, "Sozialräume (MSS 2019)", "ogr")

    t = step("3  Classify Kinderarmut (exact natural breaks, 5 classes)")
    classified = run("sozialraum:classify", {
        "INPUT": joined, "FIELDS": [STATUS[2]], "METHOD": 0, "CLASSES": 5, "CATALOGUE": CATALOGUE,
        "SHOW_COUNTS": True, "OUTPUT_QML": out("03_kinderarmut.qml")})
    print(f"   breaks {classified['BREAKS']}, counts {classified['COUNTS']}, GVF {classified['GVF']:.3f} "
          f"({time.perf_counter() - t:.1f} s)")

    t = step("4  MSS status and dynamics index")
    index = run("sozialraum:compositeindex", {
        "INPUT": joined, "INDICATORS": STATUS, "DYNAMICS": DYNAMICS, "CATALOGUE": CATALOGUE,
        "POPULATION_FIELD": "inhabitants", "REFERENCE_MIN_POPULATION": 300, "KEY_FIELD": "plr_id",
        "EXCLUDE_KEYS": "04041239;10010203", "STYLE_BY": 2, "OUTPUT": out("04_sozialindex.gpkg")})
    index_layer = QgsVectorLayer(index["OUTPUT"], "Sozialindex MSS 2019", "ogr")
    print(f"   {index_layer.featureCount()} areas -> 04_sozialindex.gpkg ({time.perf_counter() - t:.1f} s)")

    t = step("5  Comparisons by district")
    run("sozialraum:comparisons", {
        "INPUT": joined, "INDICATORS": STATUS + ["k01_youth_unemployment", "k03_old_age_poverty",
                                                 "k15_living_space"],
        "PARENT_FIELD": "bezirk", "KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name", "SHARE": 10,
        "CATALOGUE": CATALOGUE, "POPULATION_FIELD": "inhabitants",
        "VARIANCE": out("05_varianzzerlegung.csv"), "SPREAD": out("05_streuung.csv"),
        "EXTREMES": out("05_extremwerte.csv"), "CONCENTRATION": out("05_mehrfachbenachteiligung.gpkg"),
        "CORRELATIONS": out("05_korrelationen.csv"), "REPORT": out("05_vergleiche.html")})
    print(f"   -> 05_vergleiche.html ({time.perf_counter() - t:.1f} s)")

    with open(os.path.join(SAMPLE, "ATTRIBUTION.txt"), encoding="utf-8") as handle:
        attribution = handle.read().strip()
    t = step("6  Map series of all catalogue indicators (A4, PDF)")
    series = run("sozialraum:mapseries", {
        "INPUT": joined, "METHOD": 0, "CLASSES": 5, "CATALOGUE": CATALOGUE,
        "OVERLAY": f"{GPKG}|layername=bezirke", "OVERLAY_LABEL": "bezirk", "DPI": 150, "ADD_TO_PROJECT": False,
        "SOURCE": attribution.replace("\n", " "),
        "OUTPUT_PDF": out("06_kartenserie.pdf")})
    print(f"   {series['PAGES']:.0f} pages -> 06_kartenserie.pdf ({time.perf_counter() - t:.1f} s)")

    t = step("7  Profile report: all planning areas (HTML, XLSX), one district as PDF")
    common = {"KEY_FIELD": "plr_id", "NAME_FIELD": "plr_name", "POPULATION_FIELD": "inhabitants",
              "PARENT_FIELD": "bez_id", "PARENT_NAME_FIELD": "bezirk", "CATALOGUE": CATALOGUE}
    run("sozialraum:profilereport", dict(common, INPUT=joined, OUTPUT_HTML=out("07_sozialraumprofile.html"),
                                         OUTPUT_XLSX=out("07_sozialraumprofile.xlsx")))
    joined.selectByExpression("\"bez_id\" = '08'")  # Neukölln
    run("sozialraum:profilereport", dict(common, INPUT=joined, SELECTED_ONLY=True,
                                         OUTPUT_HTML=out("07_sozialraumprofile_neukoelln.html"),
                                         OUTPUT_PDF=out("07_sozialraumprofile_neukoelln.pdf")))
    joined.removeSelection()
    print(f"   -> 07_sozialraumprofile.html/.xlsx, 07_sozialraumprofile_neukoelln.html/.pdf "
          f"({time.perf_counter() - t:.1f} s)")

    t = step("8  QGIS project with the results, the profile dock set up and the map series as layouts")
    write_project(run, joined_path, index["OUTPUT"], attribution)
    print(f"   -> sozialraum_monitor_demo.qgz ({time.perf_counter() - t:.1f} s)")

    with open(out("LIESMICH.txt"), "w", encoding="utf-8") as handle:
        handle.write("Sozialraum Monitor – Demo-Ergebnisse\n\n" + "\n".join(sorted(os.listdir(OUT))) +
                     "\n\n" + attribution)
    print(f"\nResults in {OUT}:")
    for name in sorted(os.listdir(OUT)):
        print(f"   {name}")
    print("\n" + attribution)
    QgsProject.instance().clear()
    return app


if __name__ == "__main__":
    application = main()  # every layer of the run is released when main returns, before QGIS exits
    import gc

    gc.collect()
    application.exitQgis()
