"""First run on a user's machine: a QGIS without pandas gets a German explanation instead of a traceback, and the
plugin speaks the language QGIS was started in (`qgis --lang de`), with Qt's own strings German too ("Strg+P")."""
import json
import os
import subprocess
import tempfile

import pytest

from real_qgis import ROOT, qgis_process_env

SCRIPTS = os.path.join(ROOT, "tests", "qgis_scripts")


def run_qgis(script, *args, timeout=180):
    """Real QGIS desktop under Xvfb, fresh profile, `args` on its command line; returns the script's JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        env = dict(os.environ, QGIS_PLUGINPATH=os.path.join(ROOT, "build", "plugins"), SOZIALRAUM_TEST_OUT=out)
        env.pop("QT_QPA_PLATFORM", None)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--nologo", "--noversioncheck",
                   "--profiles-path", os.path.join(tmp, "profiles"), *args, "--code", os.path.join(SCRIPTS, script)]
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        if not os.path.exists(out):
            raise AssertionError(f"QGIS wrote no result (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        with open(out, encoding="utf-8") as handle:
            return json.load(handle)


# --- without pandas ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def without_pandas():
    return run_qgis("without_pandas.py", "--lang", "de")


def test_without_pandas_the_plugin_loads_without_a_python_error(without_pandas):
    assert "error" not in without_pandas, without_pandas.get("error")
    assert without_pandas["pandas_importable"] is False  # the simulation held
    assert without_pandas["loaded"] and without_pandas["started"]
    assert without_pandas["plugin_class"] == "MissingPackagesPlugin"
    assert without_pandas["python_errors"] == []
    assert not [entry for entry in without_pandas["log"] if "Traceback" in entry[2]]


def test_without_pandas_the_message_bar_says_in_german_what_to_install(without_pandas):
    ours = [item for item in without_pandas["bar"] if item["title"] == "Sozialraum Monitor"]
    assert len(ours) == 1, without_pandas["bar"]
    text = ours[0]["text"]
    assert text.startswith("Sozialraum Monitor braucht das Python-Paket pandas, das in dieser QGIS-Installation fehlt.")
    assert "sudo apt install python3-pandas" in text  # this machine is Debian
    assert "Traceback" not in text


def test_without_pandas_the_log_names_every_platform(without_pandas):
    texts = [entry[2] for entry in without_pandas["log"] if entry[0] == "Sozialraum Monitor"]
    assert len(texts) == 1
    for needle in ("python3-pandas", "OSGeo4W", "/Applications/QGIS.app/Contents/MacOS/bin/pip3 install pandas",
                   "flatpak run", "No module named 'pandas'"):
        assert needle in texts[0]


def test_without_pandas_nothing_is_registered_and_unload_removes_the_message(without_pandas):
    assert without_pandas["provider"] is False and without_pandas["toolbars"] == 0
    assert without_pandas["unloaded"]
    assert not [item for item in without_pandas["bar_after_unload"] if item["title"] == "Sozialraum Monitor"]


BLOCK_PANDAS = """import importlib.abc, sys
class BlockPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
sys.meta_path.insert(0, BlockPandas())
"""


def test_without_pandas_qgis_process_prints_what_to_install_and_no_traceback(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(BLOCK_PANDAS, encoding="utf-8")  # runs in QGIS's Python at start
    env = qgis_process_env()   # keeps a PYTHONPATH that points to the QGIS under test (make test's 3.40 run)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tmp_path), env.get("PYTHONPATH")) if p)
    proc = subprocess.run(["qgis_process.bin", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stderr.count("Sozialraum Monitor needs the Python package pandas") == 1, proc.stderr
    assert "No module named 'pandas'" in proc.stderr and "Traceback" not in proc.stderr
    assert "Sozialraum Monitor" not in proc.stdout and "native:buffer" in proc.stdout  # QGIS's own tools still there


def test_install_hint_follows_the_platform():
    from sozialraum_monitor.dependencies import message, platform_key

    assert platform_key("win32", {}) == "windows"
    assert platform_key("darwin", {}) == "macos"
    assert platform_key("linux", {"FLATPAK_ID": "org.qgis.qgis"}) == "flatpak"
    missing = [("pandas", "ModuleNotFoundError: No module named 'pandas'")]
    assert "OSGeo4W" in message(missing, "windows")[0] and "apt" not in message(missing, "windows")[0]
    assert "/Applications/QGIS.app" in message(missing, "macos")[0]


# --- language --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def started_in_german():
    return run_qgis("locale_de.py", "--lang", "de")


def test_qgis_started_with_lang_de_gives_the_german_plugin(started_in_german):
    assert "error" not in started_in_german, started_in_german.get("error")
    assert started_in_german["override_flag"] is False  # only --lang, no override in the options
    assert started_in_german["language"] == "de"
    assert started_in_german["tr"] == "Sozialraumprofil"
    assert "Sozialraumprofil" in started_in_german["toolbar"]
    assert started_in_german["algorithm"] == "Indikatoren an Sozialräume anbinden"


def test_qgis_started_with_lang_de_writes_shortcuts_the_german_way(started_in_german):
    assert started_in_german["shortcut"] == "Strg+P"
    assert started_in_german["qt_cancel"] == "Abbrechen"


@pytest.fixture()
def qgis_settings_restored(qgis_app):  # noqa: ARG001 (needed for its side effect)
    from qgis.core import QgsApplication, QgsSettings

    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    translation = QgsApplication.instance().translation()
    yield settings
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    QgsApplication.setTranslation(translation)


def test_language_is_the_one_qgis_chose_at_startup_before_the_settings(qgis_settings_restored):
    from qgis.core import QgsApplication

    from sozialraum_monitor.i18n import user_language

    settings = qgis_settings_restored
    settings.setValue("locale/overrideFlag", False)
    QgsApplication.setTranslation("de")          # what `qgis --lang de` leaves
    assert user_language() == "de"
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "de_DE")
    QgsApplication.setTranslation("en_US")       # QGIS runs in English: the plugin too
    assert user_language() == "en"


@pytest.mark.usefixtures("qgis_app")
def test_german_translation_brings_qt_strings_where_qgis_did_not_load_them():
    from qgis.PyQt.QtGui import QKeySequence

    from sozialraum_monitor.i18n import install_translator, remove_translator

    def shortcut():
        return QKeySequence("Ctrl+P").toString(QKeySequence.SequenceFormat.NativeText)

    assert shortcut() == "Ctrl+P"  # headless QGIS without a translation
    try:
        assert install_translator("de")
        assert shortcut() == "Strg+P"
    finally:
        remove_translator()
    assert shortcut() == "Ctrl+P"
