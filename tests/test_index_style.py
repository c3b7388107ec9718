"""Index map styles (issue 14): no class is white or near white (a white area reads as a hole), the classes are
told apart, areas outside the reference have their own class and legend entry, areas without a value the
hatched 'keine Angabe / unterdrückt' class of the other maps."""
import itertools

import pytest
from qgis.core import QgsLinePatternFillSymbolLayer, QgsWkbTypes
from qgis.PyQt.QtGui import QColor

from sozialraum_monitor.adapter import index_style

OUTSIDE = "nicht berechnet (außerhalb der Referenz)"
MSS_STATUS = ["hoch", "mittel", "niedrig", "sehr niedrig"]
MSS_DYNAMICS = ["positiv", "stabil", "negativ"]
GROUPS = [f"Status {s}, Dynamik {d}" for s in MSS_STATUS for d in MSS_DYNAMICS]


def distance(a, b):
    a, b = QColor(a), QColor(b)
    return ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2) ** 0.5


def renderers():
    return {"status": index_style.renderer_for("status", "status_class"),
            "dynamics": index_style.renderer_for("dynamics", "dyn_class"),
            "group": index_style.renderer_for("group", "group_label"),
            "ordered": index_style.renderer_for("ordered", "status_class", ["1: a", "2: b", "3: c", "4: d", "5: e"])}


@pytest.mark.usefixtures("qgis_app")
@pytest.mark.parametrize("kind", ["status", "dynamics", "group", "ordered"])
def test_no_class_is_white_or_near_white(kind):
    renderer = renderers()[kind]
    for category in renderer.categories():
        if category.value() is None:
            continue
        colour = category.symbol().color()
        # white is 0 away from white; the palest ColorBrewer middle (#ffffbf) 64, the former 'stabil' (#f7f7f7) 14
        assert distance(colour, "#ffffff") >= 100, (category.label(), colour.name())
        assert colour.lightnessF() <= 0.8, (category.label(), colour.name())


@pytest.mark.usefixtures("qgis_app")
@pytest.mark.parametrize("kind", ["status", "dynamics", "group", "ordered"])
def test_classes_are_told_apart_and_outside_and_no_value_have_their_own_entries(kind):
    categories = renderers()[kind].categories()
    values = [c.value() for c in categories]
    assert values[-2:] == [OUTSIDE, None]
    assert categories[-2].label() == OUTSIDE
    assert categories[-1].label() == "keine Angabe / unterdrückt"
    expected = {"status": MSS_STATUS, "dynamics": MSS_DYNAMICS, "group": GROUPS,
                "ordered": ["1: a", "2: b", "3: c", "4: d", "5: e"]}[kind]
    assert values[:-2] == expected
    colours = [c.symbol().color() for c in categories[:-1]]
    for a, b in itertools.combinations(colours, 2):
        assert distance(a, b) >= 30, (a.name(), b.name())
    # no value: hatched (a pattern layer over the fill), not a flat colour that could pass for a class
    assert any(isinstance(layer, QgsLinePatternFillSymbolLayer) for layer in categories[-1].symbol().symbolLayers())
    assert not any(isinstance(layer, QgsLinePatternFillSymbolLayer) for layer in categories[-2].symbol().symbolLayers())


@pytest.mark.usefixtures("qgis_app")
def test_groups_keep_the_status_hue_lighter_for_positive_darker_for_negative_dynamics():
    by_label = {c.value(): c.symbol().color() for c in renderers()["group"].categories()}
    for status in MSS_STATUS:
        positive, stable, negative = (by_label[f"Status {status}, Dynamik {d}"] for d in MSS_DYNAMICS)
        assert stable.name() == QColor(index_style.STATUS_COLOURS[status]).name()
        assert positive.lightnessF() > stable.lightnessF() > negative.lightnessF()


@pytest.mark.usefixtures("qgis_app")
def test_point_layers_get_the_same_classes():
    renderer = index_style.renderer_for("status", "status_class", geometry_type=QgsWkbTypes.GeometryType.PointGeometry)
    assert [c.value() for c in renderer.categories()] == MSS_STATUS + [OUTSIDE, None]
