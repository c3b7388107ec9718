"""core.symbology on real layers: rules match the classes, NULL/suppressed class, labels, colours, styles."""
import os
import shutil
import sqlite3

import numpy as np
import pytest

from sozialraum_monitor.core.catalogue import Catalogue, Indicator, read_catalogue
from sozialraum_monitor.core.classify import classify
from sozialraum_monitor.core.privacy import SuppressionRule

FIELD = "s1_percentage_unemployed"


@pytest.fixture()
def sozialraeume(qgis_app, tmp_path):  # noqa: ARG001 (needed for its side effect)
    """A copy of the sample GeoPackage (the tests may write styles into it)."""
    from qgis.core import QgsVectorLayer

    source = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "sample", "berlin_mss2019.gpkg")
    path = tmp_path / "berlin.gpkg"
    shutil.copy(source, path)
    layer = QgsVectorLayer(f"{path}|layername=sozialraeume", "sozialraeume", "ogr")
    assert layer.isValid()
    yield layer
    # pytest keeps fixture values until after QGIS has exited; an OGR layer deleted then crashes
    from qgis.PyQt import sip

    sip.delete(layer)


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "sample",
                                       "indikatoren_mss2019.csv"))


def layer_values(layer, field):
    def plain(value):
        return np.nan if value is None or (hasattr(value, "isNull") and value.isNull()) else float(value)

    return np.array([plain(f[field]) for f in layer.getFeatures()], dtype=float)


def features_per_rule(layer, renderer):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    counts = []
    for rule in renderer.rootRule().children():
        expression = QgsExpression(rule.filterExpression())
        n = 0
        for feature in layer.getFeatures():
            context.setFeature(feature)
            n += bool(expression.evaluate(context))
        counts.append(n)
    return counts


def test_rules_select_exactly_the_features_of_each_class_and_the_null_class(sozialraeume):
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    values = layer_values(sozialraeume, FIELD)
    result = classify(values, "jenks", 5)
    renderer = graduated_renderer(FIELD, result)
    b = result.breaks
    expected = ([int((values <= b[0]).sum())] +
                [int(((values > b[i - 1]) & (values <= b[i])).sum()) for i in range(1, len(b) - 1)] +
                [int((values > b[-2]).sum())])
    assert features_per_rule(sozialraeume, renderer) == expected + [int(np.isnan(values).sum())]
    assert int(np.isnan(values).sum()) > 0  # the sample holds areas without a value


@pytest.mark.usefixtures("sozialraeume")
def test_legend_labels_are_german_ranges_with_unit_and_counts(catalogue):
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    result = classify([1.25, 2.5, 2.5, 7.75, np.nan], "manual", breaks=[2.5, 7.75])
    renderer = graduated_renderer(FIELD, result, catalogue.get(FIELD), show_counts=True)
    labels = [rule.label() for rule in renderer.rootRule().children()]
    assert labels == ["1,25 – 2,50 % (3)", "2,50 – 7,75 % (1)", "keine Angabe / unterdrückt (1)"]


@pytest.mark.usefixtures("qgis_app")
def test_null_class_is_hatched_grey_and_outlines_are_thin():
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    renderer = graduated_renderer(FIELD, classify([1.0, 2.0, 3.0, np.nan], "equal", 3))
    rules = renderer.rootRule().children()
    null_symbol = rules[-1].symbol()
    assert null_symbol.symbolLayer(1).layerType() == "LinePatternFill"
    for rule in rules:
        assert rule.symbol().symbolLayer(0).strokeWidth() <= 0.2
    colour = null_symbol.symbolLayer(0).color()
    assert colour.red() == colour.green() == colour.blue()  # grey


def lightness(rule):
    return rule.symbol().color().lightnessF()


@pytest.mark.usefixtures("qgis_app")
def test_higher_is_worse_gets_darker_with_higher_classes():
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    worse = Indicator("x", polarity="higher_is_worse")
    renderer = graduated_renderer("x", classify(np.arange(20.0), "equal", 5), worse)
    rules = renderer.rootRule().children()[:-1]
    shades = [lightness(r) for r in rules]
    assert shades == sorted(shades, reverse=True)
    assert all(r.symbol().color().red() >= r.symbol().color().blue() for r in rules)  # a red ramp


@pytest.mark.usefixtures("qgis_app")
def test_higher_is_better_puts_the_dark_classes_on_low_values():
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    better = Indicator("x", polarity="higher_is_better")
    renderer = graduated_renderer("x", classify(np.arange(20.0), "equal", 5), better)
    rules = renderer.rootRule().children()[:-1]
    shades = [lightness(r) for r in rules]
    assert shades == sorted(shades)


@pytest.mark.usefixtures("qgis_app")
def test_diverging_scheme_is_light_in_the_middle_and_red_on_the_unfavourable_side():
    from sozialraum_monitor.adapter.symbology import graduated_renderer

    values = np.random.default_rng(1).normal(0, 1, 500)
    worse = Indicator("z", polarity="higher_is_worse")
    renderer = graduated_renderer("z", classify(values, "stddev", 6), worse)
    rules = renderer.rootRule().children()[:-1]
    colours = [r.symbol().color() for r in rules]
    assert colours[-1].red() > colours[-1].blue() and colours[0].blue() > colours[0].red()
    middle = min(lightness(rules[2]), lightness(rules[3]))
    assert middle > max(lightness(rules[0]), lightness(rules[-1]))


@pytest.mark.usefixtures("qgis_app")
def test_suppressed_rates_are_drawn_in_the_null_class():
    from qgis.core import QgsFeature, QgsVectorLayer

    from sozialraum_monitor.adapter.symbology import graduated_renderer, suppression_expression

    layer = QgsVectorLayer("Polygon?field=quote:double&field=n:integer&field=ew:integer", "t", "memory")
    rows = [(10.0, 1, 10), (20.0, 2, 10), (30.0, 3, 10), (40.0, 4, 10), (None, 0, 0)]
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes(list(row))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    catalogue = Catalogue((Indicator("quote", numerator="n", denominator="ew", multiplier=100),))
    hidden = suppression_expression("quote", catalogue, SuppressionRule(min_count=3), ["quote", "n", "ew"])
    renderer = graduated_renderer("quote", classify([30.0, 40.0], "equal", 2), suppressed_expression=hidden)
    # 10 and 20 rest on counts 1 and 2 (< 3): they must not be coloured
    assert features_per_rule(layer, renderer) == [1, 1, 3]


@pytest.mark.usefixtures("qgis_app")
def test_plain_graduated_renderer_without_null_class():
    from qgis.core import QgsGraduatedSymbolRenderer

    from sozialraum_monitor.adapter.symbology import graduated_renderer

    result = classify([1.0, 2.0, 4.0, 8.0], "manual", breaks=[2, 4])
    renderer = graduated_renderer("x", result, null_label=None)
    assert isinstance(renderer, QgsGraduatedSymbolRenderer)
    assert [(r.lowerValue(), r.upperValue()) for r in renderer.ranges()] == [(1.0, 2.0), (2.0, 4.0), (4.0, 8.0)]


def test_apply_classification_keeps_the_previous_style_and_stores_the_method(sozialraeume, catalogue):
    from qgis.core import QgsRuleBasedRenderer

    from sozialraum_monitor.adapter.symbology import apply_classification, stored_classification

    before = sozialraeume.styleManager().currentStyle()
    result = classify(layer_values(sozialraeume, FIELD), "quantile", 4)
    apply_classification(sozialraeume, FIELD, result, catalogue.get(FIELD))
    assert isinstance(sozialraeume.renderer(), QgsRuleBasedRenderer)
    manager = sozialraeume.styleManager()
    assert before in manager.styles() and manager.currentStyle() != before
    assert sozialraeume.customProperty("sozialraum_monitor/classify/method") == "quantile"
    assert stored_classification(sozialraeume)["breaks"] == list(result.breaks)
    manager.setCurrentStyle(before)  # one click back
    assert not isinstance(sozialraeume.renderer(), QgsRuleBasedRenderer)


def test_qml_round_trips_the_rules(sozialraeume, tmp_path):
    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.symbology import apply_classification, write_qml

    result = classify(layer_values(sozialraeume, FIELD), "jenks", 4)
    apply_classification(sozialraeume, FIELD, result)
    path, _ = write_qml(sozialraeume, str(tmp_path / "style.qml"))
    other = QgsVectorLayer(sozialraeume.source(), "again", "ogr")
    _message, ok = other.loadNamedStyle(path)
    assert ok
    labels = [r.label() for r in other.renderer().rootRule().children()]
    assert labels == [r.label() for r in sozialraeume.renderer().rootRule().children()]
    assert other.customProperty("sozialraum_monitor/classify/breaks") == result.breaks_text()


def test_default_style_is_saved_into_the_geopackage_only_when_asked(sozialraeume, tmp_path):
    from sozialraum_monitor.adapter.symbology import apply_classification, write_qml

    gpkg = sozialraeume.source().split("|")[0]
    apply_classification(sozialraeume, FIELD, classify(layer_values(sozialraeume, FIELD), "equal", 3))
    write_qml(sozialraeume, str(tmp_path / "a.qml"))
    with sqlite3.connect(gpkg) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
    assert "layer_styles" not in tables
    write_qml(sozialraeume, str(tmp_path / "b.qml"), save_default=True, style_name="s1 gleiche Intervalle")
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("select f_table_name, styleName, useAsDefault from layer_styles").fetchall()
    assert rows == [("sozialraeume", "s1 gleiche Intervalle", 1)]
