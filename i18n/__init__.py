"""Translation: one context for the whole plugin, German in sozialraum_monitor_de.qm.

Source strings are English; write them as constants and fill values with .format(), so the
extractor (tools/i18n.py) finds them:  tr("Field {name} is missing").format(name=field)

The language is the one QGIS runs in. QGIS picks it at startup (src/app/main.cpp): `--lang xx` first, then
`locale/userLocale` when `locale/overrideFlag` is set, else the system locale, and keeps the choice in
`QgsApplication.translation()`. That is read first, so `qgis --lang de` gives the German plugin without the
override flag. Headless (scripts, tests) the translation is empty and the settings decide as QGIS would.

Qt's own strings (buttons, "Strg+…" in shortcuts) come from Qt's qtbase_xx.qm, which QGIS installs itself from
Qt's translations folder (QgsApplication's constructor). Where it did not (headless, or an application that
skipped it), install_translator() loads it too, so the plugin's dialogs never mix German text with "Ctrl+…".
"""
import os

from qgis.PyQt.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CONTEXT = "SozialraumMonitor"
_translators = []


def tr(text):
    return QCoreApplication.translate(CONTEXT, text)


def qm_path(language):
    return os.path.join(os.path.dirname(__file__), f"sozialraum_monitor_{language}.qm")


def qgis_translation():
    """The translation code QGIS chose at startup ('de', 'de_DE'); empty when no QGIS desktop set one."""
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None or not hasattr(app, "translation"):
        return ""
    return app.translation() or ""  # an instance method in 3.22, static later: called on the instance, both work


def user_language():
    """The language QGIS runs in: its startup choice (--lang, override setting, system locale), as two letters."""
    locale = qgis_translation()
    if not locale:
        from qgis.core import QgsSettings

        settings = QgsSettings()
        if settings.value("locale/overrideFlag", False, type=bool):
            locale = settings.value("locale/userLocale", "") or ""
        else:
            locale = QLocale.system().name()
    return (locale or "en")[:2]


def qt_translations_dir():
    if hasattr(QLibraryInfo, "path"):  # Qt 6
        return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return QLibraryInfo.location(QLibraryInfo.LibraryLocation.TranslationsPath)


def _qt_is_translated():
    return QCoreApplication.translate("QShortcut", "Ctrl") != "Ctrl"


def install_translator(language=None):
    """Load the .qm for `language` (default: QGIS's language); returns True when the plugin's was installed.
    Qt's own translation for that language is added when Qt's strings are still English."""
    remove_translator()
    language = language or user_language()
    path = qm_path(language)
    if not os.path.exists(path):
        return False
    translator = QTranslator()
    if not translator.load(path):
        return False
    QCoreApplication.installTranslator(translator)
    _translators.append(translator)
    if not _qt_is_translated():
        qt = QTranslator()
        if qt.load(f"qtbase_{language}", qt_translations_dir()):
            QCoreApplication.installTranslator(qt)
            _translators.append(qt)
    return True


def remove_translator():
    while _translators:
        QCoreApplication.removeTranslator(_translators.pop())
