"""`make package`: the zip installs as sozialraum_monitor, holds LICENSE and no dev files, and passes the checks of
the official plugin repository (plugins.qgis.org); a zip that breaks one of them is refused."""
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from real_qgis import ROOT, qgis_process_env

sys.path.insert(0, os.path.join(ROOT, "tools"))
import package  # noqa: E402

FOLDER = "sozialraum_monitor"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return package.build(str(tmp_path_factory.mktemp("dist")))


def test_package_zip_holds_the_plugin_and_no_dev_files(built):
    names = zipfile.ZipFile(built).namelist()
    assert all(n.startswith(f"{FOLDER}/") for n in names)
    for required in ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "CHANGELOG.md", "dependencies.py",
                     "algorithms/provider.py", "i18n/sozialraum_monitor_de.qm", "resources/sample/berlin_mss2019.gpkg",
                     "resources/sample/ATTRIBUTION.txt", "resources/icons/icon.svg"):
        assert f"{FOLDER}/{required}" in names
    inside = [n.split("/", 1)[1] for n in names]
    assert not [n for n in inside if n.split("/")[0] in ("tests", "bench", "tools", ".ci", "docs", "build", "dist")]
    assert not [n for n in inside if n in ("README.md", "DEVELOPERS.md", "Makefile", "pytest.ini", "pyproject.toml",
                                           "requirements-dev.txt", ".gitignore")]
    assert not [n for n in inside if n.endswith((".ts", ".tsv", ".pyc")) or "__pycache__" in n.split("/")]


def test_package_license_is_gpl2_or_later(built):
    text = zipfile.ZipFile(built).read(f"{FOLDER}/LICENSE").decode("utf-8")
    assert "either version 2 of the License, or (at your" in text and "GPL-2.0-or-later" in text
    with open("/usr/share/common-licenses/GPL-2", encoding="utf-8") as handle:
        assert handle.read() in text  # the full licence text, unchanged


def test_package_passes_the_repository_checks(built):
    assert package.check_zip(built) == []
    assert package.main(["--check", built]) == 0


def test_metadata_changelog_matches_changelog_md():
    with open(os.path.join(ROOT, "CHANGELOG.md"), encoding="utf-8") as handle:
        sections = [line[3:].split()[0] for line in handle if line.startswith("## ")]
    with open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8") as handle:
        meta = package.metadata_of(handle.read())["general"]
    assert meta["version"] == sections[0]  # the newest section is the current version
    listed = [line.split()[0] for line in meta["changelog"].splitlines() if line.strip()]
    assert listed == sections
    assert meta["description[de]"] and meta["about[de]"] and "GPL-2.0" in meta["about"]


def rewrite(source, target, drop=(), add=(), rename_top=None, replace=None):
    """A copy of the zip `source` at `target`: entries in `drop` left out, (name, bytes, mode) in `add` added,
    the top folder renamed, {name: bytes} replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            inner = info.filename.split("/", 1)[1]
            if inner in drop:
                continue
            data = (replace or {}).get(inner, old.read(info.filename))
            name = f"{rename_top}/{inner}" if rename_top else info.filename
            copy = zipfile.ZipInfo(name, info.date_time)
            copy.external_attr = info.external_attr
            new.writestr(copy, data)
        for name, data, mode in add:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            new.writestr(info, data)
    return target


def metadata_without(built, key=None, set_to=None):
    text = zipfile.ZipFile(built).read(f"{FOLDER}/metadata.txt").decode("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(f"{key}=")]
    if set_to is not None:
        lines.insert(1, f"{key}={set_to}")
    return "\n".join(lines).encode("utf-8")


BROKEN = {  # what is wrong -> (how the zip is changed, a word of the expected refusal)
    "no LICENSE": (dict(drop=("LICENSE",)), "LICENSE missing"),
    "no metadata email": ("email", "'email' missing"),
    "no tracker": ("tracker", "'tracker' missing"),
    "placeholder repository URL": (("repository", "http://repo"), "'repository' is not a valid URL"),
    "author with slash": (("author", "A/B"), "slash"),
    "percent sign in about": (("about", "100% sure"), "cannot be read"),
    "version without changelog": (("version", "0.2.0"), "no section '## 0.2.0'"),
    "two top folders": (dict(add=(("other/readme.txt", b"x", 0o100644),)), "more than one top-level"),
    "file beside the folder": (dict(add=(("setup.py", b"x", 0o100644),)), "more than one top-level"),
    "compiled python": (dict(add=((f"{FOLDER}/__pycache__/plugin.cpython-311.pyc", b"\x00", 0o100644),)),
                        "compiled Python"),
    "ELF binary": (dict(add=((f"{FOLDER}/resources/helper", b"\x7fELF\x02\x01\x01" + bytes(64), 0o100644),)),
                   "ELF executable"),
    "Windows DLL": (dict(add=((f"{FOLDER}/resources/helper.dll", b"MZ" + bytes(100), 0o100644),)), "binary"),
    "executable script": (dict(add=((f"{FOLDER}/run", b"#!/bin/sh\necho\n", 0o100755),)), "marked executable"),
    "path escaping the folder": (dict(add=((f"{FOLDER}/../evil.py", b"x", 0o100644),)), "path not allowed"),
    "folder not an identifier": (dict(rename_top="sozialraum-monitor"), "not a Python identifier"),
    "translation source": (dict(add=((f"{FOLDER}/i18n/de/frame.tsv", b"a\tb\n", 0o100644),)), "development file"),
    "tests inside": (dict(add=((f"{FOLDER}/tests/test_x.py", b"", 0o100644),)), "development file"),
    "no translation": (dict(drop=("i18n/sozialraum_monitor_de.qm",)), "sozialraum_monitor_de.qm missing"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_zip_is_refused(built, tmp_path, case):
    change, expected = BROKEN[case]
    if isinstance(change, str):  # a metadata key left out
        change = dict(replace={"metadata.txt": metadata_without(built, change)})
    elif isinstance(change, tuple):  # a metadata key set to a value
        change = dict(replace={"metadata.txt": metadata_without(built, *change)})
    broken = rewrite(built, str(tmp_path / "broken.zip"), **change)
    problems = package.check_zip(broken)
    assert [p for p in problems if expected in p], problems
    assert package.main(["--check", broken]) == 1


def test_oversized_zip_is_refused(built, tmp_path):
    big = rewrite(built, str(tmp_path / "big.zip"),
                  add=((f"{FOLDER}/resources/noise.dat", os.urandom(package.MAX_SIZE + 1000), 0o100644),))
    assert [p for p in package.check_zip(big) if "larger than the repository's limit of 25 MB" in p]


def test_build_fails_and_leaves_no_zip_when_a_check_fails(tmp_path):
    """A plugin tree without LICENSE (git-tracked files as make package takes them) is not packaged."""
    tree = tmp_path / "tree"
    for name in ("metadata.txt", "__init__.py", "CHANGELOG.md", "resources/icons/icon.svg",
                 "i18n/sozialraum_monitor_de.qm"):
        os.makedirs(tree / os.path.dirname(name), exist_ok=True)
        shutil.copy(os.path.join(ROOT, name), tree / name)
    git = ["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "metadata.txt", "__init__.py", "CHANGELOG.md", "resources"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "tree"], check=True)
    out = tmp_path / "dist"
    with pytest.raises(package.PackageError, match="LICENSE missing"):
        package.build(str(out), root=str(tree))
    assert os.listdir(out) == []


def test_installed_package_is_found_by_qgis_process(built, tmp_path):
    plugins = tmp_path / "plugins"
    zipfile.ZipFile(built).extractall(plugins)
    env = qgis_process_env(str(plugins))
    listed = subprocess.run(["qgis_process.bin", "plugins"], env=env, capture_output=True, text=True, timeout=120)
    line = next(line for line in listed.stdout.splitlines() if "sozialraum_monitor" in line)
    assert line.strip().startswith("*")  # loaded, and it implements a Processing provider
    algorithms = subprocess.run(["qgis_process.bin", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert "Sozialraum Monitor" in algorithms.stdout
