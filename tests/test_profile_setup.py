"""core/project_setup: detection on the real layers and the setup's round trip through a project file."""
import os

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from sozialraum_monitor.adapter.project_setup import ProfileSetup, detect_setup, read_setup, write_setup

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")


@pytest.mark.usefixtures("qgis_app")
def test_detects_the_sample_layers_fields_and_catalogue():
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    setup = detect_setup(layer)
    assert (setup.key_field, setup.name_field, setup.population_field) == ("plr_id", "plr_name", "inhabitants")
    assert setup.parent_fields == (("bez_id", "bezirk"), ("bzr_id", ""))
    assert os.path.basename(setup.catalogue_path) == "indikatoren_mss2019.csv"


def test_detects_cologne_stadtteile_key_and_name(koeln_dir):
    layer = QgsVectorLayer(os.path.join(koeln_dir, "stadtteile_shp", "Stadtteil.shp"), "stt", "ogr")
    setup = detect_setup(layer)
    assert (setup.key_field, setup.name_field, setup.population_field) == ("STT_NR", "STT_NAME", "")


@pytest.mark.usefixtures("qgis_app")
def test_setup_survives_saving_and_reopening_the_project(tmp_path):
    project = QgsProject()
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    project.addMapLayer(layer)
    catalogue = os.path.join(ROOT, "resources", "sample", "indikatoren_mss2019.csv")
    setup = ProfileSetup(layer.id(), "plr_id", "plr_name", "inhabitants", (("bez_id", "bezirk"),), catalogue)
    write_setup(project, setup)
    path = str(tmp_path / "p.qgz")
    assert project.write(path)
    reopened = QgsProject()
    assert reopened.read(path)
    assert read_setup(reopened) == setup


@pytest.mark.usefixtures("qgis_app")
def test_project_without_setup_reads_none():
    assert read_setup(QgsProject()) is None
