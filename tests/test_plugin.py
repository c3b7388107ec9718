"""The plugin in real QGIS: provider registration, load/unload/reload, qgis_process, algorithm help."""
import os
import subprocess

import pytest

from real_qgis import ROOT, qgis_process_env, run_in_qgis


def test_provider_has_an_algorithm_for_every_algorithm_module(sozialraum_provider):
    """The provider's explicit list names every algorithm class defined in algorithms/ (none forgotten)."""
    import importlib
    import inspect
    import pkgutil

    from sozialraum_monitor import algorithms
    from sozialraum_monitor.algorithms.base import SozialraumAlgorithm
    from sozialraum_monitor.algorithms.provider import algorithm_classes

    defined = set()
    for module_info in pkgutil.iter_modules(algorithms.__path__):
        module = importlib.import_module(f"sozialraum_monitor.algorithms.{module_info.name}")
        defined |= {obj for obj in vars(module).values() if inspect.isclass(obj)
                    and issubclass(obj, SozialraumAlgorithm) and obj is not SozialraumAlgorithm
                    and obj.__module__ == module.__name__}
    assert defined == set(algorithm_classes())
    ids = {a.id() for a in sozialraum_provider.algorithms()}
    assert ids == {f"sozialraum:{cls().name()}" for cls in algorithm_classes()}


def test_every_algorithm_parameter_is_explained_in_the_help(sozialraum_provider):
    problems = []
    for alg in sozialraum_provider.algorithms():
        text = alg.shortHelpString() or ""
        if len(text) < 40:
            problems.append(f"{alg.id()}: no help text")
        for parameter in alg.parameterDefinitions():
            if not parameter.description():
                problems.append(f"{alg.id()} {parameter.name()}: no description")
            elif parameter.description() not in text and parameter.name() not in text:
                problems.append(f"{alg.id()} {parameter.name()}: '{parameter.description()}' not in the help")
    assert not problems, "\n".join(problems)


def test_load_unload_load_leaves_no_duplicates_in_real_qgis():
    result = run_in_qgis(os.path.join(ROOT, "tests", "qgis_scripts", "load_unload.py"))
    assert "error" not in result, result.get("error")
    assert result["available"]
    loaded, unloaded, reloaded = result["loaded"], result["unloaded"], result["reloaded"]
    assert loaded["providers"] == 1 and loaded["docks"] == 1 and loaded["toolbars"] == 1
    assert loaded["plugin_menus"] == 1
    assert unloaded["providers"] == 0 and unloaded["docks"] == 0 and unloaded["toolbars"] == 0
    assert unloaded["plugin_menus"] == 0
    assert reloaded == loaded


@pytest.fixture(scope="module")
def enabled_env():
    return qgis_process_env()


def test_qgis_process_lists_the_provider_and_its_algorithms(enabled_env, sozialraum_provider):
    proc = subprocess.run(["qgis_process.bin", "list"], env=enabled_env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Sozialraum Monitor" in proc.stdout
    for alg in sozialraum_provider.algorithms():
        assert alg.id() in proc.stdout
