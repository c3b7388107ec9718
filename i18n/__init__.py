"""Translation: one context for the whole plugin, German in sozialraum_monitor_de.qm.

Source strings are English; write them as constants and fill values with .format(), so the
extractor (tools/i18n.py) finds them:  tr("Field {name} is missing").format(name=field)
"""
import os

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "SozialraumMonitor"
_translator = None


def tr(text):
    return QCoreApplication.translate(CONTEXT, text)


def qm_path(language):
    return os.path.join(os.path.dirname(__file__), f"sozialraum_monitor_{language}.qm")


def user_language():
    """The language QGIS runs in (its own override setting first, then the system locale)."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        locale = settings.value("locale/userLocale", "") or ""
    else:
        locale = QLocale.system().name()
    return (locale or "en")[:2]


def install_translator(language=None):
    """Load the .qm for `language` (default: QGIS's language); returns True when one was installed."""
    global _translator
    remove_translator()
    path = qm_path(language or user_language())
    if not os.path.exists(path):
        return False
    translator = QTranslator()
    if not translator.load(path):
        return False
    QCoreApplication.installTranslator(translator)
    _translator = translator
    return True


def remove_translator():
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
