"""German translation: every UI string has one, placeholders survive, QGIS's locale switches it on."""
import os
import re
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import i18n as i18n_tool  # noqa: E402


def test_every_ui_string_has_a_german_translation():
    strings, german = i18n_tool.source_strings(), i18n_tool.translations()
    missing = [f"{places[0][0]}:{places[0][1]} {text!r}" for text, places in strings.items() if text not in german]
    assert not missing, "add these to a TSV in i18n/de/:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    german = i18n_tool.translations()
    field = re.compile(r"\{[^{}]*\}")
    wrong = [s for s, t in german.items() if sorted(field.findall(s)) != sorted(field.findall(t))]
    assert not wrong


@pytest.mark.usefixtures("qgis_app")
def test_german_locale_translates_provider_name():
    from sozialraum_monitor.i18n import install_translator, remove_translator, tr

    try:
        assert install_translator("de")
        assert tr("Social space profile") == "Sozialraumprofil"
    finally:
        remove_translator()
    assert tr("Social space profile") == "Social space profile"


@pytest.mark.usefixtures("qgis_app")
def test_language_follows_qgis_locale_setting():
    from qgis.core import QgsSettings

    from sozialraum_monitor.i18n import user_language

    settings = QgsSettings()
    old_flag, old_locale = settings.value("locale/overrideFlag"), settings.value("locale/userLocale")
    try:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", "de_DE")
        assert user_language() == "de"
        settings.setValue("locale/userLocale", "en_US")
        assert user_language() == "en"
    finally:
        settings.setValue("locale/overrideFlag", old_flag if old_flag is not None else False)
        settings.setValue("locale/userLocale", old_locale if old_locale is not None else "")
