"""The examples in the docstrings of core/ run and give what they show (doctest), in every core module.

Which modules hold examples is read from their source, so a module that gains one is checked without an edit
here; a module whose examples were all removed fails the second test until it is taken out of DOCUMENTED."""
import doctest
import importlib
import os
import pkgutil

import pytest

from sozialraum_monitor import core

CORE_DIR = os.path.dirname(core.__file__)
MODULES = sorted(m.name for m in pkgutil.iter_modules([CORE_DIR]))


def _has_examples(name):
    with open(os.path.join(CORE_DIR, f"{name}.py"), encoding="utf-8") as handle:
        return ">>>" in handle.read()


WITH_EXAMPLES = [name for name in MODULES if _has_examples(name)]
# modules whose docstrings show examples today: the list may grow, it must not shrink unnoticed
DOCUMENTED = {"allocation", "catalogue", "comparisons", "csv_out", "files", "hotspots", "join_report", "keys",
              "numbers", "pattern_report", "privacy", "safe_cells", "supply", "typology"}


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_of_core_module_hold(name):
    module = importlib.import_module(f"sozialraum_monitor.core.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"core/{name}.py has '>>>' but doctest found no example"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in core/{name}.py fail"


def test_documented_modules_still_have_examples():
    assert not DOCUMENTED - set(WITH_EXAMPLES)
