"""Build i18n/sozialraum_monitor_de.ts and .qm from the tr("…") strings in the sources and the German
translations in i18n/de/*.tsv (one line per string: English source<TAB>German; \\n and \\t escaped).

  python3 tools/i18n.py            write .ts and compile .qm (lrelease)
  python3 tools/i18n.py --missing  list source strings without German, exit 1 if any
"""
import ast
import glob
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = "SozialraumMonitor"
SOURCE_DIRS = ("", "core", "adapter", "algorithms", "ui", "i18n")
TS = os.path.join(ROOT, "i18n", "sozialraum_monitor_de.ts")


def source_files():
    for folder in SOURCE_DIRS:
        yield from sorted(glob.glob(os.path.join(ROOT, folder, "*.py")))


def extract(path):
    """(string, line) for every tr("constant") / self.tr("constant") call in a file."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        arg = node.args[0]
        if name == "tr" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value, node.lineno


def source_strings():
    """{string: [(relative path, line), ...]} in order of first appearance."""
    found = {}
    for path in source_files():
        for text, line in extract(path):
            found.setdefault(text, []).append((os.path.relpath(path, ROOT), line))
    return found


def _unescape(text):
    return text.replace("\\n", "\n").replace("\\t", "\t")


def translations():
    table = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "i18n", "de", "*.tsv"))):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                if "\t" not in line:
                    raise SystemExit(f"{path}:{number}: no TAB between source and German")
                source, german = line.split("\t", 1)
                table[_unescape(source)] = _unescape(german)
    return table


def build_ts(strings, german):
    ts = ET.Element("TS", version="2.1", language="de_DE", sourcelanguage="en")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text, places in strings.items():
        message = ET.SubElement(context, "message")
        for path in dict.fromkeys(p for p, _line in places):
            ET.SubElement(message, "location", filename=path)
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if text in german:
            translation.text = german[text]
        else:
            translation.set("type", "unfinished")
    ET.indent(ts)
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(ts, encoding="unicode") + "\n"


def main(argv):
    strings, german = source_strings(), translations()
    missing = [s for s in strings if s not in german]
    if "--missing" in argv:
        for text in missing:
            print(f"{strings[text][0][0]}:{strings[text][0][1]}: {text!r}")
        return 1 if missing else 0
    with open(TS, "w", encoding="utf-8") as handle:
        handle.write(build_ts(strings, german))
    subprocess.run(["lrelease", "-silent", TS, "-qm", TS[:-3] + ".qm"], check=True)
    print(f"{TS}: {len(strings)} strings, {len(strings) - len(missing)} translated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
