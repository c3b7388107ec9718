"""What the Processing dialog shows for every algorithm of the provider (issue 14, "Dock and dialogs"): numbers
without six decimals ("10.000000"), no "(optional) [optional]", whole numbers as whole-number parameters, and
polarity offered as a choice of fields, not as text to type."""
import os
import re
import sys

import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.gui import QgsGui, QgsProcessingGui
from qgis.PyQt.QtWidgets import QAbstractSpinBox

from conftest import ROOT

# parameters that count something or are thresholds of counts: whole numbers
INTEGRAL = re.compile(r"(COUNT|POPULATION|CLASSES|TYPES|^K$|PERMUTATIONS|SEED|DPI|WIDTH|LENGTH)")


def numbers(provider):
    return [(alg, p) for alg in provider.algorithms() for p in alg.parameterDefinitions()
            if isinstance(p, QgsProcessingParameterNumber)]


def shown_text(parameter):
    """The text of the spin box QGIS's dialog builds for `parameter`, holding its default value."""
    wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(
        parameter, QgsProcessingGui.WidgetType.Standard)
    widget = wrapper.createWrappedWidget(QgsProcessingContext())
    boxes = ([widget] if isinstance(widget, QAbstractSpinBox) else []) + widget.findChildren(QAbstractSpinBox)
    assert boxes, parameter.name()
    return boxes[0].text()


def test_counts_classes_and_thresholds_are_whole_number_parameters(sozialraum_provider):
    doubles = [f"{alg.id()}:{p.name()}" for alg, p in numbers(sozialraum_provider)
               if INTEGRAL.search(p.name()) and p.dataType() != QgsProcessingParameterNumber.Type.Integer]
    assert doubles == []


def test_every_decimal_parameter_says_how_many_decimals_it_shows(sozialraum_provider):
    """QGIS shows a Double parameter with 6 decimals unless its metadata says otherwise: every Double parameter
    (distances included) carries {'widget_wrapper': {'decimals': n}} with n from 0 to 4."""
    missing = []
    for alg, p in numbers(sozialraum_provider):
        if p.dataType() != QgsProcessingParameterNumber.Type.Double:
            continue
        decimals = (p.metadata().get("widget_wrapper") or {}).get("decimals")
        if decimals is None or not 0 <= decimals <= 4:
            missing.append(f"{alg.id()}:{p.name()}={decimals}")
    assert missing == []


def test_the_dialog_shows_no_number_with_six_decimals(sozialraum_provider):
    """The spin boxes the dialog builds: '10,0', '1.000,00' or '300', never '10,000000'."""
    texts = {f"{alg.id()}:{p.name()}": shown_text(p) for alg, p in numbers(sozialraum_provider)}
    six = {name: text for name, text in texts.items() if re.search(r"\d[.,]\d{5,}", text)}
    assert six == {}
    assert texts["sozialraum:comparisons:SHARE"].replace(",", ".") == "10.0"
    assert texts["sozialraum:compositeindex:REFERENCE_MIN_POPULATION"] == "300"


def test_the_algorithm_reference_shows_defaults_without_trailing_zeros():
    with open(os.path.join(ROOT, "docs", "algorithms.md"), encoding="utf-8") as handle:
        text = handle.read()
    assert not re.search(r"\d[.,]0{6}\b", text)
    assert "| `SHARE` |" in text and re.search(r"\| `SHARE` \|[^|]*\|[^|]*\| 10 \|", text)


def test_no_description_or_help_says_optional_itself(sozialraum_provider):
    """QGIS appends '[optional]' to an optional parameter's name; ours must not say it again, in English or in
    the German translation ('optional', 'Optionaler ...')."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import i18n as i18n_tool

    german = i18n_tool.translations()
    doubled = []
    for alg in sozialraum_provider.algorithms():
        for p in alg.parameterDefinitions():
            texts = [p.description(), p.help()]
            texts += [german.get(t, "") for t in texts]
            if any(re.search(r"\boptional", t, re.IGNORECASE) for t in texts):
                doubled.append(f"{alg.id()}:{p.name()}")
    assert doubled == []


@pytest.mark.parametrize(("alg_id", "text", "choices"), [
    ("sozialraum:compositeindex", "POLARITIES", ("HIGHER_IS_BETTER",)),
    ("sozialraum:compositeindex", "DYNAMICS_POLARITIES", ("DYNAMICS_HIGHER_IS_BETTER",)),
    ("sozialraum:comparisons", "POLARITIES", ("HIGHER_IS_WORSE", "HIGHER_IS_BETTER")),
])
def test_polarity_is_a_choice_of_fields_and_the_typed_text_is_advanced(sozialraum_provider, alg_id, text, choices):
    algorithm = sozialraum_provider.algorithm(alg_id.split(":")[1])
    for name in choices:
        choice = algorithm.parameterDefinition(name)
        assert isinstance(choice, QgsProcessingParameterField), name
        assert choice.allowMultiple() and choice.parentLayerParameterName() == "INPUT"
        assert choice.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional
        assert not choice.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced
    typed = algorithm.parameterDefinition(text)
    assert isinstance(typed, QgsProcessingParameterString)
    assert typed.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced
    # what the dialog shows without 'Advanced parameters' opened: no text field for a polarity
    plain = [p.name() for p in algorithm.parameterDefinitions()
             if isinstance(p, QgsProcessingParameterString) and "POLARIT" in p.name()
             and not p.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced]
    assert plain == []
