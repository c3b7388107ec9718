"""Test setup: the plugin is imported as `sozialraum_monitor` from build/plugins (made by tools/setup.sh),
QGIS runs headless through pytest-qgis, and the real data the tests need lies in tests/data/ and
resources/sample/ (tests/data/README.md names sources and licences); ../shared/data is optional."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS = os.path.join(ROOT, "build", "plugins")
if not os.path.exists(os.path.join(PLUGINS, "sozialraum_monitor")):
    os.makedirs(PLUGINS, exist_ok=True)
    os.symlink("../..", os.path.join(PLUGINS, "sozialraum_monitor"))
sys.path.insert(0, PLUGINS)  # the plugin is imported under the name QGIS loads it by
if "/usr/share/qgis/python/plugins" not in sys.path:  # QGIS's own `processing`
    sys.path.append("/usr/share/qgis/python/plugins")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
TEST_DATA = os.path.join(ROOT, "tests", "data")
SAMPLE = os.path.join(ROOT, "resources", "sample")
SAMPLE_TABLES = os.path.join(SAMPLE, "tables")  # MSS 2019 tables 1 and 2.1 as published, 4.1 with its header fixed


def _input_files():
    """Every file of the repository's sample and test data: inputs the suite must never change."""
    for top in (SAMPLE, TEST_DATA):
        for folder, _dirs, files in os.walk(top):
            for name in files:
                yield os.path.join(folder, name)


def _stamps():
    return {path: (os.stat(path).st_mtime_ns, os.stat(path).st_size) for path in _input_files()}


@pytest.fixture(autouse=True)
def inputs_unchanged():
    """Fails the test after which a sample or test-data file was written (even only its header: a GeoPackage opened
    for writing and closed again) - the plugin must never modify an input, and the tests must not either."""
    before = _stamps()
    yield
    after = _stamps()
    changed = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
    assert not changed, f"input files changed, added or removed by this test: {changed}"


def shared(*parts):
    """A file of the optional ../shared/data beside the repository; skips the test when it is not there."""
    path = os.path.join(SHARED_DATA, *parts)
    if not os.path.exists(path):
        pytest.skip(f"optional data not here: {path} (only for extra checks; the suite's data is in tests/data)")
    return path


@pytest.fixture(scope="session")
def berlin_dir():
    """Berlin MSS 2019 tables 2.3, 3 and 4.2 (the others the tests read are in SAMPLE_TABLES)."""
    return os.path.join(TEST_DATA, "berlin-mss2019")


@pytest.fixture(scope="session")
def koeln_dir():
    """Cologne's 86 Stadtteile (shapefile) and its population table 2011-2012 (long format)."""
    return os.path.join(TEST_DATA, "koeln-stadtteile")


@pytest.fixture(scope="session")
def postgis_uri():
    """The connection (libpq 'host=… port=… dbname=… user=…') of the throwaway PostgreSQL/PostGIS that
    tools/run_tests.sh starts (tools/pg_test_server.sh; SOZIALRAUM_TEST_PG). Without it the test skips on a
    developer's machine; under CI=true a missing server fails the run instead of skipping silently."""
    uri = os.environ.get("SOZIALRAUM_TEST_PG", "").strip()
    if not uri:
        assert os.environ.get("CI", "").lower() != "true", (
            "CI=true but SOZIALRAUM_TEST_PG is not set: the PostGIS tests need the server that tools/run_tests.sh "
            "starts (tools/pg_test_server.sh; PostgreSQL and PostGIS from tools/setup.sh)")
        pytest.skip("no PostgreSQL/PostGIS (SOZIALRAUM_TEST_PG unset; tools/pg_test_server.sh starts one)")
    return uri


@pytest.fixture(scope="session")
def sozialraum_provider(qgis_app):  # noqa: ARG001 (needed for its side effect)
    """The plugin's Processing provider registered in the running QGIS (once per session)."""
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from sozialraum_monitor.algorithms.provider import PROVIDER_ID, SozialraumProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById(PROVIDER_ID)
    if provider is None:
        provider = SozialraumProvider()
        registry.addProvider(provider)
    return provider


@pytest.fixture()
def run_alg(sozialraum_provider):  # noqa: ARG001 (needed for its side effect)
    """processing.run for our algorithms, raising on failure: run_alg("sozialraum:joinindicators", {...})."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def run(alg_id, params, context=None, feedback=None):
        context = context or QgsProcessingContext()
        return processing.run(alg_id, params, context=context, feedback=feedback or QgsProcessingFeedback())

    return run


@pytest.fixture()
def info_log():
    """A feedback class that keeps every pushInfo message in .infos (for tests of what the log says)."""
    from qgis.core import QgsProcessingFeedback

    class InfoLog(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos = []

        def pushInfo(self, info):  # noqa: N802
            self.infos.append(info)
            super().pushInfo(info)

    return InfoLog


def pytest_report_header():
    """The platform of this run (make test runs the suite on several): QGIS, GDAL, Qt, pandas, numpy."""
    import platform

    import numpy
    import pandas
    import qgis
    from qgis.core import Qgis
    from qgis.PyQt.QtCore import PYQT_VERSION_STR, qVersion

    try:
        from osgeo import gdal

        gdal_version = gdal.__version__
    except ImportError:
        gdal_version = "?"
    return [
        f"QGIS {Qgis.version()} from {os.path.dirname(qgis.__file__)}; GDAL {gdal_version}; "
        f"Qt {qVersion()}, PyQt {PYQT_VERSION_STR}",
        f"pandas {pandas.__version__}, numpy {numpy.__version__}, Python {platform.python_version()}",
    ]
