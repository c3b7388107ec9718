"""Print layouts of the map series: the shipped templates, texts, and the multi-page PDF writer."""
import os
import subprocess

import pytest

from sozialraum_monitor.adapter import map_layout as ml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")
# (width, height) in mm of the paper sizes (ISO 216)
PAPER = {"a4_hoch": (210, 297), "a4_quer": (297, 210), "a3_quer": (420, 297)}


def pdf_pages(path):
    """[(width pt, height pt)] per page, read by poppler's pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", path], capture_output=True, text=True,
                         check=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


@pytest.mark.usefixtures("qgis_app")
@pytest.mark.parametrize("key", list(ml.TEMPLATES))
def test_shipped_template_has_every_documented_item(key):
    from qgis.core import (
        QgsLayoutItemLabel,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemPicture,
        QgsLayoutItemScaleBar,
        QgsProject,
    )

    project = QgsProject()
    layout = ml.load_template(project, ml.template_path(key))
    kinds = {"karte": QgsLayoutItemMap, "titel": QgsLayoutItemLabel, "untertitel": QgsLayoutItemLabel,
             "legende": QgsLayoutItemLegend, "massstab": QgsLayoutItemScaleBar, "nordpfeil": QgsLayoutItemPicture,
             "quelle": QgsLayoutItemLabel, "stand": QgsLayoutItemLabel, "seite": QgsLayoutItemLabel}
    for item_id, kind in kinds.items():
        assert isinstance(layout.itemById(item_id), kind), item_id


@pytest.mark.usefixtures("qgis_app")
@pytest.mark.parametrize("key", list(ml.TEMPLATES))
def test_shipped_template_has_its_paper_size(key):
    from qgis.core import QgsProject

    project = QgsProject()
    layout = ml.load_template(project, ml.template_path(key))
    page = layout.pageCollection().page(0)
    assert (round(page.pageSize().width()), round(page.pageSize().height())) == PAPER[key]


@pytest.mark.usefixtures("qgis_app")
def test_shipped_template_items_lie_on_the_page():
    from qgis.core import QgsProject

    project = QgsProject()
    for key in ml.TEMPLATES:
        layout = ml.load_template(project, ml.template_path(key))
        width, height = PAPER[key]
        for item_id in ml.ITEM_IDS:
            item = layout.itemById(item_id)
            box = item.mapRectToScene(item.rect())
            assert box.left() >= 0 and box.top() >= 0, (key, item_id)
            assert box.right() <= width and box.bottom() <= height, (key, item_id)


@pytest.mark.usefixtures("qgis_app")
def test_template_that_is_not_a_layout_is_refused_naming_the_file(tmp_path):

    bad = tmp_path / "kaputt.qpt"
    bad.write_text("<Projekt><nichts/></Projekt>", encoding="utf-8")
    with pytest.raises(ml.LayoutError, match="kaputt.qpt"):
        ml.check_template(str(bad))


@pytest.mark.usefixtures("qgis_app")
def test_template_without_map_is_refused(tmp_path):
    from qgis.core import QgsLayoutItemLabel, QgsPrintLayout, QgsProject

    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.addLayoutItem(QgsLayoutItemLabel(layout))
    path = str(tmp_path / "ohne_karte.qpt")
    ml.write_template(layout, path)
    with pytest.raises(ml.LayoutError, match="karte"):
        ml.check_template(path)


def test_pattern_leaves_no_empty_brackets_for_missing_values():
    assert ml.fill_pattern("{description} ({unit}, {year})", {"description": "Anteil", "unit": "",
                                                              "year": "2018"}) == "Anteil (2018)"
    assert ml.fill_pattern("{description} ({unit}, {year})", {"description": "Anteil", "unit": "%",
                                                              "year": ""}) == "Anteil (%)"
    assert ml.fill_pattern("{description} ({unit}, {year})", {"description": "Anteil"}) == "Anteil"


def test_pattern_with_unknown_placeholder_is_empty_there():
    assert ml.fill_pattern("{label}: {nonsense}", {"label": "Kinderarmut"}) == "Kinderarmut"


def test_broken_pattern_raises_a_german_message():
    with pytest.raises(ml.LayoutError, match="Textmuster"):
        ml.fill_pattern("{label", {"label": "x"})


@pytest.mark.usefixtures("qgis_app")
def test_fitted_extent_keeps_the_areas_and_the_frame_ratio():
    from qgis.core import QgsRectangle

    extent = QgsRectangle(370000, 5799520, 415785, 5837259)
    fitted = ml.fitted_extent(extent, 180, 152)
    assert fitted.contains(extent)
    assert fitted.width() / fitted.height() == pytest.approx(180 / 152)
    assert fitted.center().x() == pytest.approx(extent.center().x())
    assert fitted.center().y() == pytest.approx(extent.center().y())


def _layout_with_layer(project, key, title):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(GPKG + "|layername=bezirke", "Bezirke", "ogr")
    project.addMapLayer(layer, False)
    ml.style_overlay(layer, "bezirk")
    layout = ml.load_template(project, ml.template_path(key), title)
    texts = ml.PageTexts(title=title, subtitle="Untertitel", source="Quelle: Test", date="01.02.2024")
    ml.fill_layout(layout, [layer], layer.extent(), layer.crs(), texts, legend_layers=[layer],
                   legend_names={layer.id(): "Bezirksgrenze"})
    return layout


@pytest.mark.usefixtures("qgis_app")
def test_pdf_series_has_one_page_per_layout_with_each_paper_size(tmp_path):
    from qgis.core import QgsProject

    project = QgsProject()
    layouts = [_layout_with_layer(project, key, f"Seite {n}")
               for n, key in enumerate(["a4_hoch", "a4_quer", "a3_quer"])]
    path = str(tmp_path / "serie.pdf")
    with ml.PdfSeries(path, dpi=40, title="Test") as pdf:
        for layout in layouts:
            pdf.add(layout)
    mm_to_pt = 72 / 25.4
    sizes = pdf_pages(path)
    assert len(sizes) == 3
    for (width, height), key in zip(sizes, ["a4_hoch", "a4_quer", "a3_quer"]):
        assert width == pytest.approx(PAPER[key][0] * mm_to_pt, abs=1.5)
        assert height == pytest.approx(PAPER[key][1] * mm_to_pt, abs=1.5)


@pytest.mark.usefixtures("qgis_app")
def test_pdf_series_writes_nothing_when_the_block_fails(tmp_path):
    from qgis.core import QgsProject

    project = QgsProject()
    layout = _layout_with_layer(project, "a4_hoch", "Eins")
    path = tmp_path / "serie.pdf"
    with pytest.raises(RuntimeError), ml.PdfSeries(str(path), dpi=40) as pdf:
        pdf.add(layout)
        raise RuntimeError("abgebrochen")
    assert os.listdir(tmp_path) == []


@pytest.mark.usefixtures("qgis_app")
def test_pdf_keeps_the_page_texts_as_text(tmp_path):
    from qgis.core import QgsProject

    project = QgsProject()
    layout = _layout_with_layer(project, "a4_hoch", "Kinderarmut in Berlin")
    path = str(tmp_path / "serie.pdf")
    with ml.PdfSeries(path, dpi=40) as pdf:
        pdf.add(layout)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Kinderarmut in Berlin" in text
    assert "Stand: 01.02.2024" in text
    assert "Quelle: Test" in text


def test_sample_layer_is_recognised_for_the_attribution():
    assert ml.is_sample_source(GPKG + "|layername=sozialraeume")
    assert not ml.is_sample_source("/tmp/anderswo.gpkg|layername=x")
    assert "CC BY" in ml.sample_attribution()
