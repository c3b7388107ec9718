"""Small HTML pages for reports (join report, comparisons, profiles): one look, escaped text."""
from __future__ import annotations

import html

CSS = """
body{font-family:'Source Sans Pro','Segoe UI',Arial,sans-serif;font-size:10pt;color:#222;margin:1.5em}
h1{font-size:16pt;margin:0 0 .3em} h2{font-size:13pt;margin:1.2em 0 .3em;border-bottom:1px solid #bbb}
h3{font-size:11pt;margin:1em 0 .2em}
table{border-collapse:collapse;margin:.3em 0 1em} th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#f0f0f0;text-align:left} td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666} .warn{color:#a50f15} .ok{color:#1a7f37} .small{font-size:8.5pt}
footer{margin-top:2em;font-size:8.5pt;color:#555;border-top:1px solid #ccc;padding-top:.4em}
"""


def esc(value: str) -> str:
    return html.escape("" if value is None else str(value))


def table(frame, numeric_columns: tuple = (), max_rows: int | None = None, empty_text: str = "–") -> str:
    """An HTML table from a DataFrame of already formatted values (strings); columns as headers."""
    if frame is None or len(frame) == 0:
        return f'<p class="muted">{esc(empty_text)}</p>'
    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{esc(v)}</td>' if c in numeric_columns else f"<td>{esc(v)}</td>"
            for c, v in zip(shown.columns, values))
        rows.append(f"<tr>{cells}</tr>")
    more = ""
    if max_rows is not None and len(frame) > max_rows:
        more = f'<p class="muted">… {len(frame) - max_rows} weitere Zeilen</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def page(title: str, body: str, attribution: str = "", subtitle: str = "") -> str:
    """A whole HTML document (UTF-8) with the shared style."""
    sub = f'<p class="muted">{esc(subtitle)}</p>' if subtitle else ""
    foot = f"<footer>{esc(attribution)}</footer>" if attribution else ""
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body><h1>{esc(title)}</h1>{sub}{body}{foot}</body></html>")


