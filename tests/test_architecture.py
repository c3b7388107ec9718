"""The layers of the house: core/ is pure (no qgis import, runs without QGIS); algorithms import no sibling
algorithm module; the provider's list is explicit."""
import ast
import os
import subprocess
import sys

from conftest import ROOT

BLOCK_QGIS = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "qgis" or name.startswith("qgis."):
            raise ImportError("qgis is blocked: core must not need it")
sys.meta_path.insert(0, Block())
sys.path.insert(0, {plugins!r})
import importlib, pkgutil
import sozialraum_monitor.core as core
for info in pkgutil.iter_modules(core.__path__):
    importlib.import_module("sozialraum_monitor.core." + info.name)
print("ok", len(list(pkgutil.iter_modules(core.__path__))))
"""


def test_core_imports_without_qgis():
    plugins = os.path.join(ROOT, "build", "plugins")
    done = subprocess.run([sys.executable, "-c", BLOCK_QGIS.format(plugins=plugins)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")


def _imports(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.level, node.module or "", [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name, []


def test_no_core_module_imports_qgis_or_an_upper_layer():
    folder = os.path.join(ROOT, "core")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        for level, module, _names in _imports(os.path.join(folder, name)):
            assert not module.startswith("qgis"), f"core/{name} imports {module}"
            assert not (level >= 2), f"core/{name} imports from outside core ({'.' * level}{module})"


def test_algorithms_import_no_sibling_algorithm_module():
    folder = os.path.join(ROOT, "algorithms")
    shared = {"base", "provider", "kit"}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py") or name in ("provider.py", "__init__.py"):
            continue
        for level, module, names in _imports(os.path.join(folder, name)):
            if level == 1:
                siblings = [module] if module else names
                assert all(s.split(".")[0] in shared for s in siblings), \
                    f"algorithms/{name} imports from sibling algorithm module(s) {siblings}"


def test_every_process_algorithm_is_short():
    """read -> one core call -> write: processAlgorithm stays within 40 lines (def line included)."""
    folder = os.path.join(ROOT, "algorithms")
    long_ones = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "processAlgorithm":
                length = node.end_lineno - node.lineno + 1
                if length > 40:
                    long_ones.append(f"algorithms/{name}: {length} lines")
    assert not long_ones, long_ones


def test_no_settings_or_catalogue_parsing_inside_an_algorithm():
    folder = os.path.join(ROOT, "algorithms")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py") or name == "base.py":
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            text = handle.read()
        for forbidden in ("rule_from_settings", "read_catalogue", "QgsSettings", "QVariant.", "parameterAsFields"):
            assert forbidden not in text, f"algorithms/{name} uses {forbidden}"


def test_plugin_code_has_no_qt5_only_idioms():
    """Qt 6 / QGIS 4: Qt only through qgis.PyQt, exec() not exec_(), scoped enums (Qt.AlignmentFlag.AlignLeft,
    not Qt.AlignLeft), QVariant types only inside adapter/compat.py (the shim for QGIS < 3.38)."""
    import re

    unscoped = re.compile(r"\bQt\.[A-Za-z]+\b(?![.(])")
    problems = []
    for folder in ("", "core", "adapter", "algorithms", "ui", "i18n"):
        base = os.path.join(ROOT, folder)
        for name in sorted(os.listdir(base)):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    code = line.split("#")[0]
                    if re.search(r"\b(from|import) PyQt[56]\b", code) or ".exec_(" in code:
                        problems.append(f"{path}:{number}: {line.strip()}")
                    if unscoped.search(code):
                        problems.append(f"{path}:{number}: unscoped {unscoped.search(code).group()}")
                    if "QVariant." in code and path != os.path.join("adapter", "compat.py"):
                        problems.append(f"{path}:{number}: QVariant type outside adapter/compat.py")
    assert not problems, "\n".join(problems)
