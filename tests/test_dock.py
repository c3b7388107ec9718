"""The profile dock on a real map canvas with the real sample layer: a simulated click, the model's content
checked against values computed here from the layer, compare mode, selection, export and clipboard."""
import math
import os
import re

import pandas as pd
import pytest
from qgis.core import QgsFeatureRequest, QgsPointXY, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QApplication

from sozialraum_monitor.adapter.project_setup import detect_setup, read_setup
from sozialraum_monitor.core.numbers import format_number
from sozialraum_monitor.core.privacy import SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION
from sozialraum_monitor.i18n import tr
from sozialraum_monitor.ui.dock import ProfileDock
from sozialraum_monitor.ui.profile_model import (
    ASSESSMENT_ROLE,
    DEVIATION,
    DIFFERENCE,
    INDICATOR_ROLE,
    OTHER,
    PARENT,
    RANK,
    REGION,
    VALUE,
    VALUE_ROLE,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GPKG = os.path.join(ROOT, "resources", "sample", "berlin_mss2019.gpkg")
S1 = "s1_percentage_unemployed"


@pytest.fixture()
def layer(qgis_app):  # noqa: ARG001 (needed for its side effect)
    from qgis.core import QgsSettings

    settings = QgsSettings()
    old = settings.value(SETTINGS_MIN_COUNT), settings.value(SETTINGS_MIN_POPULATION)
    settings.setValue(SETTINGS_MIN_COUNT, 3)
    settings.setValue(SETTINGS_MIN_POPULATION, 300)
    layer = QgsVectorLayer(f"{GPKG}|layername=sozialraeume", "sozialraeume", "ogr")
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().clear()
    for key, value in zip((SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION), old):
        settings.remove(key) if value is None else settings.setValue(key, value)


@pytest.fixture()
def dock(qgis_iface, layer):
    dock = ProfileDock(qgis_iface)
    dock.apply_setup(detect_setup(layer))
    yield dock
    dock.unload()
    dock.deleteLater()


def _feature(layer, key):
    return next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"plr_id\" = '{key}'")))


def _click(canvas, tool, layer, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A left click through the map tool at the feature's point on surface."""
    canvas.resize(600, 600)
    canvas.setDestinationCrs(layer.crs())
    canvas.setLayers([layer])
    feature = _feature(layer, key)
    extent = feature.geometry().boundingBox()
    extent.grow(500)
    canvas.setExtent(extent)
    point = feature.geometry().pointOnSurface().asPoint()
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(point))
    event = QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, QPoint(int(pixel.x()), int(pixel.y())),
                             Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, modifiers)
    tool.canvasReleaseEvent(event)


def _model_row(model, indicator_id):
    for theme in range(model.rowCount()):
        parent = model.index(theme, 0)
        for r in range(model.rowCount(parent)):
            if model.index(r, 0, parent).data(INDICATOR_ROLE) == indicator_id:
                return r, parent
    raise AssertionError(indicator_id)


def _cell(model, indicator_id, kind, role=Qt.ItemDataRole.DisplayRole):
    r, parent = _model_row(model, indicator_id)
    return model.index(r, model.column_of(kind), parent).data(role)


def test_click_on_the_map_shows_the_clicked_areas_profile(dock, layer, qgis_canvas, qgis_iface):
    dock.action_map_tool.trigger()
    assert qgis_iface.mapCanvas().mapTool() is dock.map_tool
    _click(qgis_canvas, dock.map_tool, layer, "01011101")
    assert dock.profile is not None and dock.profile.key == "01011101"
    expected = _feature(layer, "01011101")[S1]
    assert _cell(dock.model, S1, VALUE) == format_number(expected, 2, "%")
    assert "Stülerstraße" in dock.header.text() and "Mitte" in dock.header.text()


def _bands(canvas):
    from qgis.gui import QgsRubberBand

    return [item for item in canvas.scene().items() if isinstance(item, QgsRubberBand) and item.isVisible()
            and not item.asGeometry().isEmpty()]


def _same_area(geometry, expected):
    return abs(geometry.area() - expected.area()) < 1e-6 * expected.area() and \
        geometry.symDifference(expected).area() < 1e-6 * expected.area()


def test_clicked_area_is_highlighted_on_the_map_and_unload_removes_it(dock, layer, qgis_canvas):
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011101")
    bands = _bands(qgis_canvas)
    assert len(bands) == 1
    assert _same_area(bands[0].asGeometry(), _feature(layer, "01011101").geometry())
    dock.unload()
    assert _bands(qgis_canvas) == []


def test_pinned_area_is_highlighted_in_a_second_colour(dock, layer, qgis_canvas):
    dock.show_key("01011101")
    dock.action_pin.trigger()
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011103")
    bands = _bands(qgis_canvas)
    assert len(bands) == 2
    pinned = next(b for b in bands if _same_area(b.asGeometry(), _feature(layer, "01011101").geometry()))
    shown = next(b for b in bands if _same_area(b.asGeometry(), _feature(layer, "01011103").geometry()))
    assert pinned.strokeColor() != shown.strokeColor()


def test_highlight_goes_when_the_layer_is_removed(dock, layer, qgis_canvas):
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011101")
    assert _bands(qgis_canvas)
    QgsProject.instance().removeMapLayer(layer.id())
    assert _bands(qgis_canvas) == []


def test_dock_shows_district_value_and_rank_computed_from_the_layer(dock, layer):
    dock.show_key("08010117")
    rows = [f for f in layer.getFeatures()]
    frame = pd.DataFrame({"key": [f["plr_id"] for f in rows], "bez": [f["bez_id"] for f in rows],
                          "ew": [f["inhabitants"] for f in rows], "s1": [f[S1] for f in rows],
                          "s3": [f["s3_percentage_transfer_payments_recipients"] for f in rows]})
    for column in ("ew", "s1", "s3"):                   # NULL (QVariant) -> NaN
        frame[column] = [v if isinstance(v, float) else math.nan for v in frame[column]]
    has_value = ~((frame.s1.fillna(0) == 0) & (frame.s3.fillna(0) == 0)) & frame.s1.notna()
    published = has_value & (frame.ew >= 300)           # shown: the minimum population is 300
    own = frame[frame.key == "08010117"].iloc[0]
    district = frame[has_value & (frame.bez == own.bez)]
    weighted = (district.s1 * district.ew).sum() / district.ew.sum()
    assert _cell(dock.model, S1, PARENT) == "≈ " + format_number(weighted, 2, "%")
    rank = int((frame[published].s1 > own.s1).sum()) + 1
    assert _cell(dock.model, S1, RANK, VALUE_ROLE) == rank
    assert _cell(dock.model, S1, RANK).split()[::2] == [str(rank), str(int(published.sum()))]
    assert _cell(dock.model, S1, VALUE, VALUE_ROLE) == pytest.approx(own.s1)
    region_text = _cell(dock.model, S1, REGION)
    assert region_text.startswith("≈ ")
    assert _cell(dock.model, S1, DEVIATION, ASSESSMENT_ROLE) == (1 if own.s1 > frame[has_value].pipe(
        lambda d: (d.s1 * d.ew).sum() / d.ew.sum()) else -1)


def test_small_area_is_suppressed_with_reason_in_tooltip_never_zero(dock):
    dock.show_key("04020314")          # Messegelände: 12 residents, below the minimum population of 300
    assert _cell(dock.model, S1, VALUE) == "unterdrückt"
    assert "300" in _cell(dock.model, S1, VALUE, Qt.ItemDataRole.ToolTipRole)
    assert math.isnan(_cell(dock.model, S1, VALUE, VALUE_ROLE))


def test_header_says_the_population_of_a_small_area_is_suppressed(dock):
    """Issue 12: the header reads 'Einwohner: unterdrückt' (not the 12 residents, and not silently left out)."""
    dock.show_key("04020314")          # Messegelände: 12 residents
    text = dock.header.text()
    assert re.search(r"(Einwohner|Population): unterdrückt", text), text
    assert "12" not in text.replace("04020314", "")
    dock.show_key("01011101")          # a large area shows its number
    assert re.search(r"(Einwohner|Population): \d", dock.header.text())


def test_compare_mode_shows_both_areas_and_the_difference(dock, layer, qgis_canvas):
    dock.show_key("01011101")
    dock.action_pin.trigger()
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011103")
    first, second = _feature(layer, "01011101")[S1], _feature(layer, "01011103")[S1]
    assert dock.model.headerData(dock.model.column_of(VALUE), Qt.Orientation.Horizontal) == "Stülerstraße"
    assert _cell(dock.model, S1, OTHER) == format_number(second, 2, "%")
    assert _cell(dock.model, S1, DIFFERENCE, VALUE_ROLE) == pytest.approx(second - first)
    dock.action_pin.trigger()
    assert dock.model.column_of(OTHER) == -1 and dock.profile.key == "01011103"


def test_difference_header_names_which_area_minus_which(dock, layer, qgis_canvas):
    dock.show_key("01011101")
    dock.action_pin.trigger()
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011103")
    first, second = _feature(layer, "01011101")["plr_name"], _feature(layer, "01011103")["plr_name"]
    header = dock.model.headerData(dock.model.column_of(DIFFERENCE), Qt.Orientation.Horizontal)
    assert first in header and second in header and header.index(second) < header.index(first)
    assert "−" in header[header.index(second):header.index(first)]


def test_ctrl_click_compares_with_the_shown_area(dock, layer, qgis_canvas):
    dock.show_key("01011101")
    dock.action_map_tool.trigger()
    _click(qgis_canvas, dock.map_tool, layer, "01011103", Qt.KeyboardModifier.ControlModifier)
    assert dock.shown()[0].key == "01011101" and dock.shown()[1].key == "01011103"


def test_dock_follows_the_layers_selection(dock, layer):
    fid = _feature(layer, "04041239").id()
    layer.selectByIds([fid])
    assert dock.profile.key == "04041239"
    assert _cell(dock.model, S1, VALUE) == "k. A."     # Stadion Wilmersdorf (353 residents): 0 at source
    assert "nicht ausgewiesen" in _cell(dock.model, S1, VALUE, Qt.ItemDataRole.ToolTipRole)


def test_setup_is_stored_in_the_project_and_read_back(dock, tmp_path):
    path = str(tmp_path / "profil.qgz")
    assert QgsProject.instance().write(path)
    QgsProject.instance().clear()
    assert QgsProject.instance().read(path)
    setup = read_setup(QgsProject.instance())
    assert setup.key_field == "plr_id" and setup.parent_fields[0] == ("bez_id", "bezirk")
    assert os.path.samefile(setup.catalogue_path, os.path.join(ROOT, "resources", "sample", "indikatoren_mss2019.csv"))
    assert dock.index is not None and dock.show_key("01011101").name == "Stülerstraße"


def test_copy_puts_tsv_and_html_table_on_the_clipboard(dock, layer):
    dock.show_key("01011101")
    dock.action_copy.trigger()
    mime = QApplication.clipboard().mimeData()
    expected = format_number(_feature(layer, "01011101")[S1], 2, "%")
    line = next(t for t in mime.text().splitlines() if t.startswith("Beschäftigung\tArbeitslosigkeit"))
    assert line.split("\t")[2] == expected
    assert "<table" in mime.html() and expected in mime.html()


def test_export_from_the_dock_writes_the_shown_numbers(dock, layer, tmp_path):
    dock.show_key("01011101")
    path = dock.export_to(str(tmp_path / "profil.csv"))
    table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"Schlüssel": str})
    row = table[table.Indikator == "Arbeitslosigkeit (SGB II)"].iloc[0]
    assert row["Wert"] == pytest.approx(round(_feature(layer, "01011101")[S1], 2))
    assert row["Schlüssel"] == "01011101"


def test_deviation_column_uses_the_bar_delegate(dock):
    dock.show_key("01011101")
    column = dock.model.column_of(DEVIATION)
    assert dock.view.itemDelegateForColumn(column) is dock.delegate


def test_widgets_have_accessible_names_and_shortcuts(dock):
    for widget in (dock.view, dock.level_combo, dock.header):
        assert widget.accessibleName()
    assert dock.level_label.buddy() is dock.level_combo
    assert not dock.action_copy.shortcut().isEmpty() and not dock.action_pin.shortcut().isEmpty()
    assert [a.text() for a in dock.actions_for_toolbar()][0] == dock.action_map_tool.text()


def test_export_xlsx_and_pdf_of_a_comparison(dock, layer, tmp_path):
    from osgeo import ogr

    dock.show_key("01011101")
    dock.action_pin.trigger()
    dock.show_key("01011103")
    xlsx = dock.export_to(str(tmp_path / "vergleich.xlsx"))
    source = ogr.Open(xlsx)              # keep the data source alive while reading its layer
    rows = {f.GetField("Indikator"): f.GetField("Differenz") for f in source.GetLayer(0)}
    first, second = _feature(layer, "01011101")[S1], _feature(layer, "01011103")[S1]
    assert rows["Arbeitslosigkeit (SGB II)"] == pytest.approx(second - first)
    pdf = dock.export_to(str(tmp_path / "vergleich.pdf"))
    import subprocess

    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Lützowstraße" in text and "+" + format_number(second - first, 2) in text    # 4,43 - 2,80


def test_deviation_bar_is_painted_in_the_worse_colour(dock):
    from sozialraum_monitor.ui.profile_model import WORSE

    dock.show_key("08010117")          # Schillerpromenade: unemployment above the Berlin value
    assert _cell(dock.model, S1, DEVIATION, ASSESSMENT_ROLE) == 1
    _show_at(dock, 400)                # the bar is one of the columns a 400 px dock shows
    r, parent = _model_row(dock.model, S1)
    rect = dock.view.visualRect(dock.model.index(r, dock.model.column_of(DEVIATION), parent))
    image = dock.view.viewport().grab(rect).toImage()
    colours = {image.pixelColor(x, image.height() // 2).name() for x in range(image.width())}
    assert WORSE.name() in colours


@pytest.mark.usefixtures("dock")
def test_setup_dialog_returns_the_detected_setup(layer):
    from sozialraum_monitor.ui.setup_dialog import SetupDialog

    dialog = SetupDialog(None)
    dialog.layer_combo.setLayer(layer)
    dialog.detect()
    assert dialog.setup() == detect_setup(layer)
    assert dialog.key_combo.accessibleName()


def _show_at(dock, width, height=700):
    """The dock floating at `width` px (a floating dock is a window of its own, shown without a main window)."""
    dock.setFloating(True)
    dock.show()
    dock.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def _area_name(layer, key):
    return _feature(layer, key)["plr_name"]


def _value_texts_fit(dock, kinds):
    """Every text of the visible columns of `kinds` fits its column (nothing cut off)."""
    metrics = dock.view.fontMetrics()
    model = dock.model
    for kind in kinds:
        column = model.column_of(kind)
        width = dock.view.header().sectionSize(column)
        for theme in range(model.rowCount()):
            parent = model.index(theme, 0)
            for r in range(model.rowCount(parent)):
                text = model.index(r, column, parent).data() or ""
                assert metrics.horizontalAdvance(text) + 6 <= width, (kind, text, width)


def test_dock_at_400_px_shows_value_and_bar_first_without_scrolling_sideways(dock):
    dock.show_key("08010117")
    _show_at(dock, 400)
    assert dock.visible_kinds()[:3] == [0, VALUE, DEVIATION]       # indicator, value, deviation bar
    assert dock.view.horizontalScrollBar().maximum() == 0
    assert dock.view.header().sectionSize(0) >= 100                  # the indicator title stays readable
    _value_texts_fit(dock, [VALUE])


def test_details_panel_shows_the_folded_away_values_of_the_selected_indicator(dock, layer):
    dock.show_key("08010117")
    _show_at(dock, 400)
    assert RANK not in dock.visible_kinds()
    r, parent = _model_row(dock.model, S1)
    dock.view.setCurrentIndex(dock.model.index(r, 0, parent))
    values = {f["plr_id"]: f[S1] for f in layer.getFeatures()
              if isinstance(f[S1], float) and isinstance(f["inhabitants"], float) and f["inhabitants"] >= 300
              and not (f[S1] == 0 and f["s3_percentage_transfer_payments_recipients"] == 0)}
    rank = sum(v > values["08010117"] for v in values.values()) + 1
    text = dock.details.text()
    assert dock.details.isVisible()
    assert tr("{rank} of {count}").format(rank=rank, count=len(values)) in text   # the rank, hidden as a column
    assert "Arbeitslosigkeit (SGB II)" in text and "Bezirk" in text
    assert format_number(values["08010117"], 2, "%") in text


def test_wide_dock_shows_every_column(dock):
    dock.show_key("08010117")
    _show_at(dock, 1400)
    assert not dock.compact
    assert sorted(dock.visible_kinds()) == sorted(dock.model.column_kind(c) for c in range(dock.model.columnCount()))


def test_compare_columns_at_400_px_are_labelled_by_area(dock, layer):
    dock.show_key("01011101")
    dock.action_pin.trigger()
    dock.show_key("01011103")
    _show_at(dock, 400)
    kinds = dock.visible_kinds()
    assert kinds[:3] == [0, VALUE, OTHER]
    model = dock.model
    assert model.headerData(model.column_of(VALUE), Qt.Orientation.Horizontal) == _area_name(layer, "01011101")
    assert model.headerData(model.column_of(OTHER), Qt.Orientation.Horizontal) == _area_name(layer, "01011103")
    assert dock.view.horizontalScrollBar().maximum() == 0
    _value_texts_fit(dock, [VALUE, OTHER])


def test_opening_the_dock_switches_the_profile_tool_on_and_closing_switches_it_off(dock, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    assert canvas.mapTool() is not dock.map_tool or dock.map_tool is None
    _show_at(dock, 400)
    assert dock.map_tool is not None and canvas.mapTool() is dock.map_tool
    assert dock.action_map_tool.isChecked()
    dock.close()
    QApplication.processEvents()
    assert canvas.mapTool() is not dock.map_tool and not dock.action_map_tool.isChecked()


def test_closing_the_dock_removes_the_highlight_and_reopening_brings_it_back(dock, layer, qgis_canvas):
    _show_at(dock, 400)
    _click(qgis_canvas, dock.map_tool, layer, "01011101")
    assert len(_bands(qgis_canvas)) == 1
    dock.close()
    QApplication.processEvents()
    assert _bands(qgis_canvas) == []
    _show_at(dock, 400)
    bands = _bands(qgis_canvas)
    assert len(bands) == 1 and _same_area(bands[0].asGeometry(), _feature(layer, "01011101").geometry())


def test_profile_tool_has_its_own_icon_not_qgis_identify(dock):
    from qgis.core import QgsApplication

    own = dock.action_map_tool.icon().pixmap(32, 32).toImage()
    identify = QgsApplication.getThemeIcon("/mActionIdentify.svg").pixmap(32, 32).toImage()
    assert not own.isNull() and own != identify
    assert dock.map_tool is None or dock.map_tool.action() is dock.action_map_tool
