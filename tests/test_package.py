"""`make package`: the zip installs as sozialraum_monitor and holds no dev files."""
import os
import subprocess
import sys
import zipfile

from real_qgis import ROOT, qgis_process_env


def test_package_zip_holds_the_plugin_and_no_dev_files(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import package

    path = package.build(str(tmp_path))
    names = zipfile.ZipFile(path).namelist()
    assert all(n.startswith("sozialraum_monitor/") for n in names)
    for required in ("metadata.txt", "__init__.py", "plugin.py", "algorithms/provider.py",
                     "i18n/sozialraum_monitor_de.qm", "resources/sample/berlin_mss2019.gpkg",
                     "resources/sample/ATTRIBUTION.txt", "resources/icons/icon.svg"):
        assert f"sozialraum_monitor/{required}" in names
    assert not [n for n in names if n.split("/")[1] in ("tests", "bench", "tools", ".ci", "docs", "Makefile")]


def test_installed_package_is_found_by_qgis_process(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import package

    path = package.build(str(tmp_path / "dist"))
    plugins = tmp_path / "plugins"
    zipfile.ZipFile(path).extractall(plugins)
    env = qgis_process_env(str(plugins))
    listed = subprocess.run(["qgis_process.bin", "plugins"], env=env, capture_output=True, text=True, timeout=120)
    line = next(line for line in listed.stdout.splitlines() if "sozialraum_monitor" in line)
    assert line.strip().startswith("*")  # loaded, and it implements a Processing provider
    algorithms = subprocess.run(["qgis_process.bin", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert "Sozialraum Monitor" in algorithms.stdout
