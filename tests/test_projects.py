"""The projects the plugin ships or builds open ready to use: a CRS, zoomed to the data, aliases from the
catalogue saved in the layers, relative paths, the profile dock's parent level, outlines above the choropleth.
Checked by opening the .qgz (and reading its XML) in QGIS; expectations come from the data and catalogue files."""
import csv
import os
import re
import zipfile

import pytest
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

from conftest import SAMPLE
from sozialraum_monitor.adapter.project_setup import detect_setup, parent_mismatches, read_setup

SAMPLE_PROJECT = os.path.join(SAMPLE, "sozialraum_monitor_beispiel.qgz")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")


def catalogue_labels(path=CATALOGUE):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["id"]: row["label"] for row in csv.DictReader(handle, delimiter=";")}


def project_xml(path):
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".qgs"))
        return archive.read(name).decode("utf-8")


@pytest.fixture()
def opened(qgis_app):  # noqa: ARG001 (needed for its side effect)
    def open_project(path):
        project = QgsProject.instance()
        project.clear()
        assert project.read(path), project.error()
        return project
    yield open_project
    QgsProject.instance().clear()


def layer_named(project, prefix):
    return next(layer for layer in project.mapLayers().values() if layer.name().startswith(prefix))


def assert_opens_on(project, xml, layer):
    """Project CRS is the layer's; the default view and the saved canvas show the layer's extent (small margin)."""
    assert project.crs().isValid() and project.crs() == layer.crs()
    extent = layer.extent()
    view = project.viewSettings().defaultViewExtent()
    assert view.contains(extent)
    assert view.width() * view.height() < 1.2 * extent.width() * extent.height()
    canvas = re.search(r"<mapcanvas[^>]*>.*?<extent>\s*<xmin>([-\d.e]+)</xmin>\s*<ymin>([-\d.e]+)</ymin>"
                       r"\s*<xmax>([-\d.e]+)</xmax>\s*<ymax>([-\d.e]+)</ymax>", xml, re.S)
    assert canvas, "no map canvas in the project: QGIS would open on a blank canvas"
    xmin, ymin, xmax, ymax = map(float, canvas.groups())
    assert xmin <= extent.xMinimum() and xmax >= extent.xMaximum()
    assert ymin <= extent.yMinimum() and ymax >= extent.yMaximum()


def assert_relative(xml):
    sources = re.findall(r"<datasource>([^<]+)</datasource>", xml)
    assert sources and all(s.startswith("./") for s in sources), sources
    catalogue = re.search(r"<catalogue_path[^>]*>([^<]*)<", xml).group(1)
    assert catalogue.startswith("./") and catalogue.endswith(".csv")


def test_sample_project_opens_zoomed_to_the_areas_with_their_crs(opened):
    project = opened(SAMPLE_PROJECT)
    areas = layer_named(project, "Sozialräume")
    reference = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "ref", "ogr")
    assert areas.extent() == reference.extent()
    assert_opens_on(project, project_xml(SAMPLE_PROJECT), reference)


def test_sample_project_has_the_catalogue_labels_as_aliases(opened):
    project = opened(SAMPLE_PROJECT)
    areas = layer_named(project, "Sozialräume")
    labels = catalogue_labels()
    in_layer = [f for f in labels if areas.fields().lookupField(f) >= 0]
    assert len(in_layer) >= 15
    for field in in_layer:
        assert areas.fields().field(field).alias() == labels[field], field
    assert project_xml(SAMPLE_PROJECT).count('<alias ') >= len(in_layer)     # saved in the project


@pytest.mark.usefixtures("opened")
def test_sample_project_paths_are_relative():
    assert_relative(project_xml(SAMPLE_PROJECT))


def test_sample_project_draws_district_outlines_above_the_areas(opened):
    project = opened(SAMPLE_PROJECT)
    order = [layer.name() for layer in project.layerTreeRoot().layerOrder()]
    assert order.index("Bezirke") < order.index(layer_named(project, "Sozialräume").name())


def test_sample_project_sets_up_the_dock_with_the_district_as_parent(opened):
    project = opened(SAMPLE_PROJECT)
    setup = read_setup(project)
    assert setup.parent_fields[0] == ("bez_id", "bezirk")
    assert os.path.samefile(setup.catalogue_path, CATALOGUE)


@pytest.mark.usefixtures("qgis_app")
def test_detection_keeps_a_parent_level_despite_a_row_filed_under_another_district():
    source = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "s", "ogr")
    layer = source.materialize(QgsFeatureRequest())                # a copy in memory: the file stays as it is
    keys = layer.fields().lookupField("plr_id")
    moved = next(f for f in layer.getFeatures() if f["bez_id"] == "06")
    layer.startEditing()
    layer.changeAttributeValue(moved.id(), keys, "04030417")      # the key changed, the district did not
    assert layer.commitChanges()
    setup = detect_setup(layer)
    assert ("bez_id", "bezirk") in setup.parent_fields
    assert parent_mismatches(layer, setup)["bez_id"] == [("04030417", "06")]


@pytest.mark.usefixtures("qgis_app")
def test_setup_dialog_names_the_rows_that_do_not_nest():
    from sozialraum_monitor.ui.setup_dialog import SetupDialog

    source = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "s", "ogr")
    layer = source.materialize(QgsFeatureRequest())
    moved = next(f for f in layer.getFeatures() if f["bez_id"] == "06")
    layer.startEditing()
    layer.changeAttributeValue(moved.id(), layer.fields().lookupField("plr_id"), "04030417")
    assert layer.commitChanges()
    QgsProject.instance().addMapLayer(layer)
    try:
        dialog = SetupDialog(None)
        dialog.layer_combo.setLayer(layer)
        dialog.detect()
        assert dialog.setup().parent_fields[0] == ("bez_id", "bezirk")
        assert not dialog.report.isHidden() and "04030417 (06)" in dialog.report.text()
    finally:
        QgsProject.instance().removeAllMapLayers()


@pytest.fixture(scope="module")
def demo_project(qgis_app, sozialraum_provider, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    """tools/demo.py's project step on inputs like the demo's: the joined planning areas (the sample layer) with
    one area filed under another district by its key, as the demo's key correction leaves it."""
    import sys

    from osgeo import gdal

    folder = tmp_path_factory.mktemp("demo")
    sys.path.insert(0, os.path.join(os.path.dirname(SAMPLE), "..", "tools"))
    import demo

    demo.OUT = str(folder)
    joined = str(folder / "02_sozialraeume.gpkg")
    gdal.VectorTranslate(joined, GPKG, layers=["sozialraeume"], layerName="sozialraeume")
    source = gdal.OpenEx(joined, gdal.OF_VECTOR | gdal.OF_UPDATE)
    source.ExecuteSQL("UPDATE sozialraeume SET plr_id = '04030417' WHERE plr_id = '06010102'")
    source = None
    gdal.VectorTranslate(str(folder / "04_sozialindex.gpkg"), GPKG, layers=["sozialraeume"])
    QgsVectorLayer(joined, "a", "ogr").saveNamedStyle(str(folder / "03_kinderarmut.qml"))
    QgsVectorLayer(joined, "a", "ogr").saveNamedStyle(str(folder / "04_sozialindex.qml"))

    def run(alg, params, in_context=None):
        import processing
        return processing.run(alg, params, context=in_context)

    demo.write_project(run, joined, str(folder / "04_sozialindex.gpkg"), "Beispieldaten")
    QgsProject.instance().clear()
    return str(folder / "sozialraum_monitor_demo.qgz")


def test_demo_project_opens_zoomed_with_crs_aliases_and_relative_paths(demo_project, opened):
    project = opened(demo_project)
    xml = project_xml(demo_project)
    areas = layer_named(project, "Sozialräume (MSS")
    assert_opens_on(project, xml, areas)
    assert_relative(xml)
    labels = catalogue_labels()
    assert areas.fields().field("s4_percentage_transfer_payments_recipients_below_15_years").alias() == \
        labels["s4_percentage_transfer_payments_recipients_below_15_years"]
    order = [layer.name() for layer in project.layerTreeRoot().layerOrder()]
    assert order.index("Bezirke") < order.index(areas.name())


def test_demo_project_has_the_parent_level_despite_the_moved_key(demo_project, opened):
    project = opened(demo_project)
    setup = read_setup(project)
    assert setup.parent_fields[0] == ("bez_id", "bezirk")
    assert os.path.dirname(setup.catalogue_path) == os.path.dirname(demo_project)


def test_demo_project_holds_one_map_series_layout_per_mapped_indicator(demo_project, opened):
    project = opened(demo_project)
    areas = layer_named(project, "Sozialräume (MSS")
    labels = catalogue_labels()
    with_values = {labels[i] for i in labels if areas.fields().lookupField(i) >= 0
                   and any(isinstance(f[i], (int, float)) for f in areas.getFeatures())}
    assert len(with_values) >= 15
    assert sorted(layout.name() for layout in project.layoutManager().printLayouts()) == sorted(with_values)
