"""docs/algorithms.md is generated from the algorithms (help on each parameter) and kept current."""
import os
import subprocess
import sys

from conftest import ROOT


def test_algorithm_reference_is_generated_from_the_current_algorithms():
    done = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "algorithm_docs.py"), "--check"],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_parameter_of_every_algorithm_has_help(sozialraum_provider):
    missing = [f"{a.id()} {p.name()}" for a in sozialraum_provider.algorithms() for p in a.parameterDefinitions()
               if not p.help()]
    assert not missing, "parameters without setHelp: " + ", ".join(missing)
