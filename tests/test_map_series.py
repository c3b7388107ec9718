"""sozialraum:mapseries on the Berlin sample: one PDF page per indicator, each page a real map with its legend,
layouts kept in the project, the user's layer untouched, suppression, cancel, single files, qgis_process."""
import csv
import json
import os
import re
import subprocess

import numpy as np
import pytest
from qgis.core import (
    QgsFeature,
    QgsFillSymbol,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRenderContext,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor, QImage
from qgis.PyQt.QtXml import QDomDocument

from conftest import SAMPLE
from real_qgis import qgis_process_env

GPKG = os.path.join(SAMPLE, "berlin_mss2019.gpkg")
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
INDICATORS = ["s1_percentage_unemployed", "k03_old_age_poverty", "k09_simple_residential_area"]
DPI = 40
USER_COLOUR = "#123456"


def catalogue_rows():
    with open(CATALOGUE, encoding="utf-8-sig") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter=";")}


def pdf_page_count(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_page_text(path, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", path, "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_page_image(path, page, folder):
    """The page rendered by poppler at DPI, as an (h, w, 3) uint8 array."""
    stem = os.path.join(folder, f"page{page}")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", "-png", path, stem],
                   check=True)
    image = QImage(stem + ".png").convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    bits = image.constBits()
    bits.setsize(height * image.bytesPerLine())
    return np.frombuffer(bits, np.uint8).reshape(height, image.bytesPerLine() // 4, 4)[:, :width, 2::-1].copy()


def region(image, item):
    """Pixels of a layout item (its scene rectangle in mm) in a page image rendered at DPI."""
    box = item.mapRectToScene(item.rect())
    scale = DPI / 25.4
    return image[int(box.top() * scale):int(box.bottom() * scale) + 1,
                 int(box.left() * scale):int(box.right() * scale) + 1]


def pixels_near(pixels, colour, tolerance=8):
    rgb = np.array([colour.red(), colour.green(), colour.blue()])
    return int((np.abs(pixels.reshape(-1, 3).astype(int) - rgb).max(axis=1) <= tolerance).sum())


def legend_entries(layer):
    """(label, fill colour) of the rules of the renderer of a map layer, in legend order."""
    return [(item.label(), item.symbol().color()) for item in layer.renderer().legendSymbolItems()]


def style_xml(layer):
    document = QDomDocument()
    layer.exportNamedStyle(document)
    return document.toString()


def sample_layer(name="Sozialräume", layer="sozialraeume"):
    return QgsVectorLayer(f"{GPKG}|layername={layer}", name, "ogr")


def run(params, project=None, feedback=None):
    import processing

    context = QgsProcessingContext()
    if project is not None:
        context.setProject(project)
    return processing.run("sozialraum:mapseries", params, context=context,
                          feedback=feedback or QgsProcessingFeedback())


@pytest.fixture(scope="module")
def series(sozialraum_provider, tmp_path_factory):  # noqa: ARG001 (needed for its side effect)
    """One run with three indicators into a project that holds the user's own styled layer."""
    folder = tmp_path_factory.mktemp("serie")
    project = QgsProject()
    user_layer = sample_layer()
    user_layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({"color": USER_COLOUR})))
    # display settings of the user's own map that must neither hide nor tint the series' maps
    user_layer.setOpacity(0.3)
    user_layer.setScaleBasedVisibility(True)
    user_layer.setMinimumScale(5000)  # visible only closer than 1:5,000; the maps are near 1:260,000
    bezirke = sample_layer("Bezirke", "bezirke")
    project.addMapLayers([user_layer, bezirke])
    tree_before = [node.name() for node in project.layerTreeRoot().children()]
    style_before = style_xml(user_layer)
    pdf = str(folder / "kartenserie.pdf")
    result = run({"INPUT": user_layer, "FIELDS": INDICATORS, "CATALOGUE": CATALOGUE, "OVERLAY": bezirke,
                  "OVERLAY_LABEL": "bezirk", "DPI": DPI, "OUTPUT_PDF": pdf, "ADD_TO_PROJECT": True}, project)
    yield {"project": project, "user_layer": user_layer, "pdf": pdf, "result": result, "folder": str(folder),
           "tree_before": tree_before, "style_before": style_before}
    for layout in project.layoutManager().layouts():
        project.layoutManager().removeLayout(layout)
    project.clear()


def layouts_in_order(project):
    rows = catalogue_rows()
    return [project.layoutManager().layoutByName(rows[field]["label"]) for field in INDICATORS]


def test_pdf_has_one_page_per_indicator(series):
    assert pdf_page_count(series["pdf"]) == len(INDICATORS)
    assert series["result"]["PAGES"] == len(INDICATORS)


def test_pdf_pages_carry_the_catalogue_title_and_page_number_in_order(series):
    rows = catalogue_rows()
    for page, field in enumerate(INDICATORS, start=1):
        text = " ".join(pdf_page_text(series["pdf"], page).split())
        assert rows[field]["label"] in text
        assert rows[field]["description"][:40] in text
        assert f"Karte {page} von {len(INDICATORS)}" in text
        assert "Quelle: AfS Berlin-Brandenburg, SenSW Berlin: MSS 2019 (CC BY 3.0 DE)." in text  # catalogue's source
        assert "CC BY 3.0 DE" in text  # the sample's attribution
        assert re.search(r"\b0 \d+ \d+ \d+ \d+ km\b", text)  # the scale bar: 4 segments in km


def test_every_page_map_shows_several_class_colours(series, tmp_path):
    for page, layout in enumerate(layouts_in_order(series["project"]), start=1):
        image = pdf_page_image(series["pdf"], page, str(tmp_path))
        karte = layout.itemById("karte")
        pixels = region(image, karte)
        entries = legend_entries(karte.layers()[-1])
        class_colours = [colour for label, colour in entries if "keine Angabe" not in label]
        assert len(class_colours) == 5
        shown = [pixels_near(pixels, colour) for colour in class_colours]
        # each class covers some areas; at 40 dpi small areas blend with their outlines, so ask for 4 of 5
        assert sum(count > 20 for count in shown) >= 4, shown
        assert (pixels.reshape(-1, 3).min(axis=1) < 240).mean() > 0.3  # not a blank page


def test_every_page_legend_shows_the_class_colours(series, tmp_path):
    for page, layout in enumerate(layouts_in_order(series["project"]), start=1):
        image = pdf_page_image(series["pdf"], page, str(tmp_path))
        legend = layout.itemById("legende")
        pixels = region(image, legend)
        entries = legend_entries(layout.itemById("karte").layers()[-1])
        for label, colour in entries:
            if "keine Angabe" not in label:
                assert pixels_near(pixels, colour) >= 6, (page, label)  # a swatch of 8 x 4.5 mm is ~ 12 x 7 px


def test_legend_has_german_class_labels_and_the_no_value_class(series):
    for layout in layouts_in_order(series["project"]):
        labels = [label for label, _ in legend_entries(layout.itemById("karte").layers()[-1])]
        assert labels[-1].startswith("keine Angabe")
        for label in labels[:-1]:
            # German statistical convention for classes holding their upper bound: no bound in two classes
            assert re.fullmatch(r"(bis|über -?[\d.]+,\d+ bis) -?[\d.]+,\d+ %|-?[\d.]+,\d+ %", label), label


def test_layouts_are_added_to_the_project_named_after_the_indicators(series):
    rows = catalogue_rows()
    names = [layout.name() for layout in series["project"].layoutManager().layouts()]
    assert sorted(names) == sorted(rows[field]["label"] for field in INDICATORS)


def test_kept_layouts_hold_every_documented_item(series):
    kinds = {"karte": QgsLayoutItemMap, "titel": QgsLayoutItemLabel, "untertitel": QgsLayoutItemLabel,
             "legende": QgsLayoutItemLegend, "massstab": QgsLayoutItemScaleBar, "nordpfeil": QgsLayoutItemPicture,
             "quelle": QgsLayoutItemLabel, "stand": QgsLayoutItemLabel, "seite": QgsLayoutItemLabel}
    rows = catalogue_rows()
    for field, layout in zip(INDICATORS, layouts_in_order(series["project"])):
        for item_id, kind in kinds.items():
            assert isinstance(layout.itemById(item_id), kind), (layout.name(), item_id)
        assert layout.itemById("titel").text() == rows[field]["label"]
        assert layout.itemById("massstab").linkedMap() is layout.itemById("karte")
        assert layout.itemById("nordpfeil").linkedMap() is layout.itemById("karte")
        assert layout.itemById("legende").linkedMap() is layout.itemById("karte")


def test_maps_render_copies_not_the_users_layer(series):
    user_layer = series["user_layer"]
    for layout in layouts_in_order(series["project"]):
        layers = layout.itemById("karte").layers()
        assert user_layer.id() not in [layer.id() for layer in layers]
        copy = layers[-1]
        assert copy.source() == user_layer.source()
        assert series["project"].mapLayer(copy.id()) is copy  # kept in the project: the layout stays editable


def test_users_layer_style_is_unchanged(series):
    user_layer = series["user_layer"]
    assert style_xml(user_layer) == series["style_before"]
    assert isinstance(user_layer.renderer(), QgsSingleSymbolRenderer)
    assert user_layer.renderer().symbol().color().name() == USER_COLOUR
    assert user_layer.opacity() == pytest.approx(0.3) and user_layer.hasScaleBasedVisibility()


def test_users_layer_tree_only_gains_a_hidden_series_group(series):
    root = series["project"].layerTreeRoot()
    names = [node.name() for node in root.children()]
    assert names == series["tree_before"] + ["Kartenserie: Sozialräume"]
    group = root.findGroup("Kartenserie: Sozialräume")
    assert not group.itemVisibilityChecked()
    assert len(group.findLayers()) == len(INDICATORS) + 1  # one copy per map and the overlay


# --------------------------------------------------------------------------------------- suppression
def counts_layer():
    """30 real planning areas with counts: cases (numerator) and residents (denominator), some cases small."""
    source = sample_layer()
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833&field=plr_id:string&field=faelle:double"
                           "&field=ew:double&field=quote:double", "Fallzahlen", "memory")
    cases = [1, 2, 0, 5, 8, 13, 21, 34, 55, 89] * 3
    residents = [200 + 37 * n for n in range(30)]
    features = []
    for n, feature in enumerate(source.getFeatures()):
        if n == 30:
            break
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        new.setAttributes([feature["plr_id"], cases[n], residents[n], 100.0 * cases[n] / residents[n]])
        features.append(new)
    layer.dataProvider().addFeatures(features)
    return layer, cases


@pytest.mark.usefixtures("sozialraum_provider")
def test_suppressed_values_fall_into_the_no_value_class(tmp_path):
    layer, cases = counts_layer()
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("id;label;unit;numerator;denominator;multiplier;decimals\n"
                         "quote;Fallquote;%;faelle;ew;100;1\n", encoding="utf-8")
    project = QgsProject()
    project.addMapLayer(layer)
    result = run({"INPUT": layer, "FIELDS": ["quote"], "CATALOGUE": str(catalogue), "MIN_COUNT": 3,
                  "METHOD": 1, "CLASSES": 3, "ADD_TO_PROJECT": True}, project)
    assert result["PAGES"] == 1
    copy = project.layoutManager().layoutByName("Fallquote").itemById("karte").layers()[-1]
    renderer = copy.renderer()
    context = QgsRenderContext()
    renderer.startRender(context, copy.fields())
    labels = {item.ruleKey(): item.label() for item in renderer.legendSymbolItems()}
    shown_as = []
    for feature in copy.getFeatures():
        keys = renderer.legendKeysForFeature(feature, context)
        shown_as.append([labels[k] for k in keys if k in labels])  # (the root rule has no legend entry)
    renderer.stopRender(context)
    expected_hidden = [0 < c < 3 for c in cases]
    assert sum(expected_hidden) == 6
    for hidden, shown in zip(expected_hidden, shown_as):
        assert len(shown) == 1
        assert shown[0].startswith("keine Angabe / unterdrückt") == hidden, shown


# ------------------------------------------------------------------------------------------- cancel
class CancelAfterFirstPage(QgsProcessingFeedback):
    def setProgress(self, progress):
        super().setProgress(progress)
        if progress > 0:
            self.cancel()


@pytest.mark.usefixtures("sozialraum_provider")
def test_cancel_writes_no_pdf_and_keeps_no_layout(tmp_path):
    project = QgsProject()
    layer = sample_layer()
    project.addMapLayer(layer)
    tree_before = [node.name() for node in project.layerTreeRoot().children()]
    pdf = tmp_path / "abgebrochen.pdf"
    feedback = CancelAfterFirstPage()
    result = run({"INPUT": layer, "FIELDS": INDICATORS, "CATALOGUE": CATALOGUE, "DPI": 30,
                  "OUTPUT_PDF": str(pdf), "ADD_TO_PROJECT": True}, project, feedback)
    assert feedback.isCanceled()
    assert result["PAGES"] == 0
    assert os.listdir(tmp_path) == []
    assert project.layoutManager().layouts() == []
    assert [node.name() for node in project.layerTreeRoot().children()] == tree_before
    assert list(project.mapLayers()) == [layer.id()]


# -------------------------------------------------------------------------------------- other outputs
@pytest.mark.usefixtures("sozialraum_provider")
def test_single_maps_are_written_one_file_per_indicator(tmp_path):
    folder = tmp_path / "karten"
    result = run({"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": INDICATORS[:2], "CATALOGUE": CATALOGUE,
                  "TEMPLATE": 1, "DPI": 30, "OUTPUT_FOLDER": str(folder), "FORMAT": 0, "ADD_TO_PROJECT": False})
    assert result["PAGES"] == 2
    assert sorted(os.listdir(folder)) == [f"01_{INDICATORS[0]}.png", f"02_{INDICATORS[1]}.png"]
    image = QImage(str(folder / f"01_{INDICATORS[0]}.png"))
    # A4 landscape at 30 dpi: 297 x 210 mm
    assert image.width() == pytest.approx(297 / 25.4 * 30, abs=1)
    assert image.height() == pytest.approx(210 / 25.4 * 30, abs=1)
    assert QColor(image.pixel(2, 2)) == QColor("white") and image.pixelColor(2, 2).alpha() == 255  # paper


@pytest.mark.usefixtures("sozialraum_provider")
def test_without_a_project_the_pdf_is_written_and_no_layout_kept(tmp_path):
    pdf = str(tmp_path / "ohne_projekt.pdf")
    result = run({"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": INDICATORS[:1], "CATALOGUE": CATALOGUE,
                  "DPI": 30, "OUTPUT_PDF": pdf, "ADD_TO_PROJECT": True})
    assert pdf_page_count(pdf) == 1
    assert result["LAYOUTS"] == ""


@pytest.mark.usefixtures("sozialraum_provider")
def test_all_catalogue_indicators_are_mapped_when_none_is_chosen(tmp_path):
    pdf = str(tmp_path / "alle.pdf")
    layer = sample_layer()
    numeric = {f.name() for f in layer.fields() if f.isNumeric()}
    # fields without any value (k02 is not published for planning areas) get no page
    with_values = {name for name in numeric if layer.maximumValue(layer.fields().indexOf(name)) is not None
                   and str(layer.maximumValue(layer.fields().indexOf(name))) != "NULL"}
    expected = [row for row in catalogue_rows() if row in with_values]
    assert "k02_single_parent_households" in numeric and "k02_single_parent_households" not in with_values
    result = run({"INPUT": layer, "CATALOGUE": CATALOGUE, "DPI": 30, "OUTPUT_PDF": pdf, "ADD_TO_PROJECT": False,
                  "TEMPLATE": 1})
    assert result["PAGES"] == len(expected) == pdf_page_count(pdf)


@pytest.mark.usefixtures("sozialraum_provider")
def test_nothing_to_write_is_refused():
    with pytest.raises(QgsProcessingException, match="Nothing to do"):
        run({"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": INDICATORS[:1], "ADD_TO_PROJECT": False})


def test_qgis_process_writes_the_pdf(tmp_path):
    env = qgis_process_env()
    pdf = str(tmp_path / "cli.pdf")
    done = subprocess.run(
        ["qgis_process.bin", "--json", "run", "sozialraum:mapseries", "--",
         f"INPUT={GPKG}|layername=sozialraeume", f"FIELDS={INDICATORS[0]}", f"CATALOGUE={CATALOGUE}",
         f"OVERLAY={GPKG}|layername=bezirke", "OVERLAY_LABEL=bezirk", "DPI=30", f"OUTPUT_PDF={pdf}"],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout[done.stdout.index("{"):])["results"]
    assert results["PAGES"] == 1
    assert pdf_page_count(pdf) == 1
    assert catalogue_rows()[INDICATORS[0]]["label"] in pdf_page_text(pdf, 1)


# ------------------------------------------------------------------------------------- texts and labels
@pytest.mark.usefixtures("sozialraum_provider")
def test_patterns_date_and_area_labels_reach_the_page():
    project = QgsProject()
    layer = sample_layer()
    project.addMapLayer(layer)
    run({"INPUT": layer, "FIELDS": INDICATORS[:1], "CATALOGUE": CATALOGUE, "TITLE": "{label} {year}",
         "SUBTITLE": "{theme}: {unit}", "SOURCE": "Daten: {source}", "DATE": "31.12.2019",
         "AREA_LABEL": "plr_name", "ADD_TO_PROJECT": True}, project)
    row = catalogue_rows()[INDICATORS[0]]
    layout = project.layoutManager().layouts()[0]
    assert layout.itemById("titel").text() == f"{row['label']} {row['year']}"
    assert layout.itemById("untertitel").text() == f"{row['theme']}: {row['unit']}"
    assert layout.itemById("quelle").text() == f"Daten: {row['source']}"
    assert layout.itemById("stand").text() == f"Datenstand: {row['year']} · Druck: 31.12.2019"
    copy = layout.itemById("karte").layers()[-1]
    assert copy.labelsEnabled() and copy.labeling().settings().fieldName == "plr_name"
    assert not layer.labelsEnabled()  # the user's layer got no labels


@pytest.mark.usefixtures("sozialraum_provider")
def test_own_template_with_only_a_map_and_a_title_is_used(tmp_path):
    from qgis.core import QgsLayoutPoint, QgsLayoutSize, QgsPrintLayout, QgsUnitTypes

    from sozialraum_monitor.adapter.map_layout import write_template

    owner = QgsProject()
    own = QgsPrintLayout(owner)
    own.initializeDefaults()
    karte, titel = QgsLayoutItemMap(own), QgsLayoutItemLabel(own)
    karte.setId("karte")
    titel.setId("titel")
    for item, (x, y, w, h) in ((karte, (10, 30, 190, 190)), (titel, (10, 10, 190, 10))):
        own.addLayoutItem(item)
        item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
        item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    path = str(tmp_path / "eigene.qpt")
    write_template(own, path)
    pdf = str(tmp_path / "eigene.pdf")
    run({"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": INDICATORS[:1], "CATALOGUE": CATALOGUE,
         "TEMPLATE_FILE": path, "DPI": 30, "OUTPUT_PDF": pdf, "ADD_TO_PROJECT": False})
    assert pdf_page_count(pdf) == 1
    assert catalogue_rows()[INDICATORS[0]]["label"] in pdf_page_text(pdf, 1)


@pytest.mark.usefixtures("sozialraum_provider")
def test_unusable_own_template_is_refused_naming_the_file(tmp_path):
    bad = tmp_path / "keine_vorlage.qpt"
    bad.write_text("kein XML", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="keine_vorlage.qpt"):
        run({"INPUT": f"{GPKG}|layername=sozialraeume", "FIELDS": INDICATORS[:1], "TEMPLATE_FILE": str(bad),
             "OUTPUT_PDF": str(tmp_path / "x.pdf")})
    assert os.listdir(tmp_path) == ["keine_vorlage.qpt"]  # no PDF, no temporary file left


def test_kept_layouts_survive_saving_and_reopening_the_project(series, tmp_path):
    path = str(tmp_path / "projekt.qgz")
    assert series["project"].write(path)
    reopened = QgsProject()
    assert reopened.read(path)
    rows = catalogue_rows()
    for field in INDICATORS:
        layout = reopened.layoutManager().layoutByName(rows[field]["label"])
        assert layout is not None
        layers = layout.itemById("karte").layers()
        assert layers and all(layer.isValid() for layer in layers)
        assert layers[-1].featureCount() == 448
        assert layout.itemById("titel").text() == rows[field]["label"]
    for layout in reopened.layoutManager().layouts():
        reopened.layoutManager().removeLayout(layout)
    reopened.clear()
