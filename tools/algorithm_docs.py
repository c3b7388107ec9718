"""Write docs/algorithms.md, the algorithm reference, from the algorithms themselves (German): each algorithm's
summary, then every parameter with its id, German name, type, default and help, then the outputs. The help lives
once, on the parameters; this file is generated and never edited by hand (a test checks it is current).

  /usr/bin/python3 tools/algorithm_docs.py           write docs/algorithms.md
  /usr/bin/python3 tools/algorithm_docs.py --check   exit 1 when docs/algorithms.md is out of date
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "docs", "algorithms.md")
sys.path.insert(0, os.path.join(ROOT, "tools"))


def _plain(text):
    text = re.sub(r"<br\s*/?>", " ", str(text or ""))
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.replace("|", "\\|").split())


def _default(definition):
    value = definition.defaultValue()
    if value is None or value == "":
        return ""
    options = getattr(definition, "options", None)
    if callable(options) and isinstance(value, int) and 0 <= value < len(options()):
        return f"{value} ({_plain(options()[value])})"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _plain(str(value))


def render(provider):
    lines = ["# Algorithmen-Referenz", "",
             "Erzeugt von `tools/algorithm_docs.py` aus den Algorithmen selbst (Hilfetexte der Parameter); nicht von "
             "Hand bearbeiten. Dieselben Texte zeigt QGIS im Hilfebereich jedes Algorithmus.", ""]
    for algorithm in sorted(provider.algorithms(), key=lambda a: (a.group(), a.displayName())):
        lines += [f"## {algorithm.displayName()} (`{algorithm.id()}`)", "", f"Gruppe: {algorithm.group()}", ""]
        summary = algorithm.summary() if hasattr(algorithm, "summary") else ""
        if summary:
            lines += [_plain(summary), ""]
        lines += ["| Parameter | Name | Typ | Vorgabe | Bedeutung |", "|---|---|---|---|---|"]
        for definition in algorithm.parameterDefinitions():
            optional = " (optional)" if definition.flags() & definition.Flag.FlagOptional \
                and "optional" not in definition.description().lower() else ""
            lines.append(f"| `{definition.name()}` | {_plain(definition.description())}{optional} | "
                         f"{definition.type()} | {_default(definition)} | {_plain(definition.help())} |")
        outputs = [o for o in algorithm.outputDefinitions() if algorithm.parameterDefinition(o.name()) is None]
        if outputs:
            lines += ["", "Weitere Ergebnisse: " + ", ".join(f"`{o.name()}` ({_plain(o.description())})"
                                                            for o in outputs)]
        lines.append("")
    return "\n".join(lines)


def main():
    import qgis_app

    os.environ.setdefault("LANG", "de_DE.UTF-8")
    app, provider = qgis_app.start()
    from sozialraum_monitor.i18n import install_translator

    install_translator("de")
    provider.refreshAlgorithms()
    text = render(provider)
    if "--check" in sys.argv:
        current = ""
        if os.path.exists(TARGET):
            with open(TARGET, encoding="utf-8") as handle:
                current = handle.read()
        if current != text:
            print(f"{TARGET} is out of date: run /usr/bin/python3 tools/algorithm_docs.py")
            return 1
        print(f"{TARGET} is current")
        return 0
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    with open(TARGET, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"{TARGET}: {len(provider.algorithms())} algorithms")
    return 0


if __name__ == "__main__":
    code = main()
    os._exit(code)  # leave without tearing QGIS down (its layers may outlive exitQgis)
