"""Build dist/sozialraum_monitor-<version>.zip for QGIS's "Install from ZIP" and the official plugin repository,
and check it the way the repository does before it counts as built.

  python3 tools/package.py [OUT_DIR]        build (default dist/), check, keep the zip only if it passes
  python3 tools/package.py --check ZIP      check an existing zip

The zip holds the plugin files git tracks plus the compiled translation (.qm) under one folder
`sozialraum_monitor/`, with LICENSE and CHANGELOG.md, without tests, benchmarks, dev tools, docs, README, the
translation sources (.ts, .tsv) or compiled Python.

The checks follow the upload validator of plugins.qgis.org (QGIS-Django, qgis-app/plugins/validator.py) and the
repository's publishing rules (https://plugins.qgis.org/docs/publish): size at most 25 MB; a valid zip without
path tricks (.., absolute paths, backslashes, drive letters); no .pyc, __pycache__, .git or __MACOSX; one top
folder whose name is a Python identifier; __init__.py and metadata.txt with a [general] section holding name,
description, version, qgisMinimumVersion, author, email, about, tracker and repository; tracker, repository and
homepage real URLs; author without a slash; LICENSE present (mandatory since June 2024); no binaries. The
repository also opens each URL; that needs the network and is left out here. Added for this plugin: the folder
is `sozialraum_monitor`, the icon and the German translation are inside, German description/about are given,
no dev files, and the version has its entry in metadata's changelog and in CHANGELOG.md.
"""
import configparser
import os
import re
import subprocess
import sys
import zipfile
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = "sozialraum_monitor"
MAX_SIZE = 25_000_000  # bytes, PLUGIN_MAX_UPLOAD_SIZE of plugins.qgis.org
REQUIRED_METADATA = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about", "tracker",
                     "repository")
BOOLEAN_METADATA = ("experimental", "deprecated", "server")
PLACEHOLDER_URLS = {"tracker": "http://bugs", "repository": "http://repo", "homepage": "http://homepage"}
GERMAN_METADATA = ("description[de]", "about[de]")

EXCLUDED_DIRS = ("tests/", "bench/", "tools/", ".ci/", ".github/", "docs/", "build/", "dist/", ".venv/")
EXCLUDED_FILES = {"Makefile", "pytest.ini", "pyproject.toml", "setup.cfg", "requirements-dev.txt", "DEVELOPERS.md",
                  "README.md", ".gitignore", ".gitattributes"}
EXCLUDED_SUFFIXES = (".ts", ".tsv", ".pyc", ".pyo")
FORBIDDEN_DIRS = ("__MACOSX", ".git", "__pycache__")
BINARY_SUFFIXES = (".exe", ".dll", ".so", ".dylib", ".pyd", ".bin", ".com", ".msi", ".bat", ".cmd", ".sh", ".jar",
                   ".class", ".o", ".a", ".lib", ".app")
MACHO_MAGIC = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
REQUIRED_FILES = ("LICENSE", "CHANGELOG.md", "i18n/sozialraum_monitor_de.qm")


class PackageError(Exception):
    """The zip would be refused: the message lists every reason."""


def plugin_files(root=ROOT):
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout
    files = [f for f in listed.splitlines()
             if not f.startswith(EXCLUDED_DIRS) and f not in EXCLUDED_FILES and not f.endswith(EXCLUDED_SUFFIXES)
             and os.path.isfile(os.path.join(root, f))]
    i18n = os.path.join(root, "i18n")
    if os.path.isdir(i18n):
        files += [f"i18n/{f}" for f in os.listdir(i18n) if f.endswith(".qm")]
    return sorted(set(files))


def metadata_of(text):
    """metadata.txt parsed as the repository does: keys as written (`qgisMinimumVersion`), '%' interpolation on
    (so a lone '%' in a value fails here as it fails there)."""
    parser = configparser.ConfigParser()
    parser.optionxform = str
    parser.read_string(text)
    return parser


def build(out_dir, root=ROOT):
    """Write the zip to out_dir and return its path; raise PackageError (and leave no zip) when a check fails."""
    with open(os.path.join(root, "metadata.txt"), encoding="utf-8") as handle:
        version = metadata_of(handle.read()).get("general", "version")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{FOLDER}-{version}.zip")
    tmp = path + ".part"
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in plugin_files(root):
                info = zipfile.ZipInfo.from_file(os.path.join(root, name), f"{FOLDER}/{name}")
                info.external_attr = 0o100644 << 16  # a plain file, never executable
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(os.path.join(root, name), "rb") as source:
                    archive.writestr(info, source.read())
        problems = check_zip(tmp)
        if problems:
            raise PackageError(refusal(problems))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def refusal(problems):
    return ("The plugin zip would be refused by the QGIS plugin repository or breaks this project's packaging "
            "rules:\n" + "\n".join(f"  - {p}" for p in problems))


def is_binary(name, data, mode):
    if name.lower().endswith(BINARY_SUFFIXES):
        return "file type of a program or library"
    if data.startswith(b"\x7fELF"):
        return "ELF executable or library"
    if data.startswith(MACHO_MAGIC):
        return "Mach-O executable or library"
    if data.startswith(b"MZ") and len(data) > 0x40:
        offset = int.from_bytes(data[0x3C:0x40], "little")
        if data[offset:offset + 4] == b"PE\0\0":
            return "Windows executable or DLL"
    if mode & 0o111:
        return "marked executable"
    return None


def check_zip(path, folder=FOLDER):
    """Every reason the repository (or this project's packaging rules) would refuse the zip; empty when fine."""
    problems = []
    size = os.path.getsize(path)
    if size > MAX_SIZE:
        problems.append(f"{size / 1e6:.1f} MB: larger than the repository's limit of {MAX_SIZE / 1e6:.0f} MB")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return problems + ["not a zip file that can be opened"]
    with archive:
        bad = archive.testzip()
        if bad:
            problems.append(f"damaged zip entry (CRC error): {bad}")
        names = archive.namelist()
        files = [n for n in names if not n.endswith("/")]
        if not files:
            return problems + ["the zip is empty"]
        for name in names:
            parts = name.split("/")
            if ".." in parts or name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name):
                problems.append(f"path not allowed in a plugin zip: {name}")
            if name.endswith((".pyc", ".pyo")):
                problems.append(f"compiled Python: {name}")
            for forbidden in FORBIDDEN_DIRS:
                if forbidden in parts[:-1]:
                    problems.append(f"folder '{forbidden}' not allowed: {name}")
        tops = sorted({n.split("/")[0] for n in names})
        if len(tops) > 1 or not all("/" in n for n in files):
            problems.append(f"more than one top-level entry: {', '.join(tops)} (one folder must hold the plugin)")
        top = tops[0]
        if not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", top) or not top.isidentifier():
            problems.append(f"top folder '{top}' is not a Python identifier (letters, digits, '_')")
        if top != folder:
            problems.append(f"top folder is '{top}', QGIS must load the plugin as '{folder}'")
        inside = {n[len(top) + 1:] for n in files if n.startswith(top + "/")}
        for required in ("__init__.py", "metadata.txt") + REQUIRED_FILES:
            if required not in inside:
                problems.append(f"{required} missing in {top}/" + (
                    " (required by the repository since June 2024)" if required == "LICENSE" else ""))
        for name in files:
            info = archive.getinfo(name)
            reason = is_binary(name, archive.read(name)[:4096], (info.external_attr >> 16) & 0o7777)
            if reason:
                problems.append(f"binary not allowed in the repository: {name} ({reason})")
        for name in sorted(inside):
            if name.startswith(EXCLUDED_DIRS) or name in EXCLUDED_FILES or name.endswith(EXCLUDED_SUFFIXES):
                problems.append(f"development file in the zip: {name}")
        if "metadata.txt" in inside:
            problems += check_metadata(archive.read(f"{top}/metadata.txt"), archive, top, inside)
    return problems


def check_metadata(raw, archive, top, inside):
    try:
        parser = metadata_of(raw.decode("utf-8"))
    except (UnicodeDecodeError, configparser.Error) as error:
        return [f"metadata.txt cannot be read: {error}"]
    if not parser.has_section("general"):
        return ["metadata.txt has no [general] section"]
    try:
        meta = dict(parser.items("general"))
    except configparser.Error as error:
        return [f"metadata.txt cannot be read: {error}"]
    problems = [f"metadata.txt: '{key}' missing or empty" for key in REQUIRED_METADATA + GERMAN_METADATA
                if not meta.get(key, "").strip()]
    for key in BOOLEAN_METADATA:
        if key in meta and meta[key].strip().lower() not in ("true", "false", "yes", "no", "1", "0"):
            problems.append(f"metadata.txt: '{key}' must be True or False, not '{meta[key]}'")
    for key, placeholder in PLACEHOLDER_URLS.items():
        url = meta.get(key, "").strip()
        if url and (url == placeholder or not all(urlparse(url)[:2])):
            problems.append(f"metadata.txt: '{key}' is not a valid URL: {url}")
    if "/" in meta.get("author", ""):
        problems.append("metadata.txt: 'author' must not contain a slash")
    versions = [meta.get(k, "") for k in ("qgisMinimumVersion", "qgisMaximumVersion")]
    if not re.match(r"^\d+\.\d+(\.\d+)?$", versions[0]):
        problems.append(f"metadata.txt: qgisMinimumVersion '{versions[0]}' is not like 3.22")
    elif versions[1] and tuple(map(int, versions[1].split("."))) < tuple(map(int, versions[0].split("."))):
        problems.append("metadata.txt: qgisMaximumVersion is below qgisMinimumVersion")
    icon = meta.get("icon", "").strip()
    if not icon or icon.lstrip("./") not in inside:
        problems.append(f"metadata.txt: icon '{icon}' not in the zip")
    version = meta.get("version", "").strip()
    if version:
        problems += check_changelog(version, meta.get("changelog", ""), archive, top, inside)
    return problems


def check_changelog(version, metadata_changelog, archive, top, inside):
    """metadata's changelog has a line 'version text' for each version in CHANGELOG.md, with that version's first
    line there; the current version is among them."""
    if "CHANGELOG.md" not in inside:
        return []
    text = archive.read(f"{top}/CHANGELOG.md").decode("utf-8")
    entries = {}
    for match in re.finditer(r"^## (\S+)[^\n]*\n+([^\n]+)", text, re.MULTILINE):
        entries[match.group(1)] = match.group(2).strip()
    lines = {line.strip() for line in metadata_changelog.splitlines() if line.strip()}
    problems = []
    if version not in entries:
        problems.append(f"CHANGELOG.md has no section '## {version}' for the version in metadata.txt")
    for number, first_line in entries.items():
        if f"{number} {first_line}" not in lines:
            problems.append(f"metadata.txt changelog lacks the line '{number} {first_line}' (CHANGELOG.md)")
    return problems


def main(argv):
    if len(argv) == 2 and argv[0] == "--check":
        problems = check_zip(argv[1])
        if problems:
            print(refusal(problems), file=sys.stderr)
            return 1
        print(f"{argv[1]}: passes the checks")
        return 0
    try:
        zip_path = build(argv[0] if argv else os.path.join(ROOT, "dist"))
    except PackageError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{zip_path}: {os.path.getsize(zip_path) / 1e6:.1f} MB, passes the plugin repository's checks")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
