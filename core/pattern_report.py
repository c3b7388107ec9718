"""HTML reports of the spatial patterns: types of social spaces (core.typology) and spatial clusters
(core.hotspots), on core.html's page with small inline SVG charts (heat table, profile bars, the choice of k,
the Moran scatter plot). German text; numbers in German format. Pure: no QGIS import.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import html as H
from .hotspots import GI_COLOURS, GI_LABELS, ISLAND, LISA_COLOURS, LISA_LABELS, NOT_SIGNIFICANT
from .numbers import format_number

if TYPE_CHECKING:
    from .hotspots import Hotspots
    from .typology import Typology

# Qualitative colours of the types (ColorBrewer Set2 + Dark2 + Paired, colour-blind friendly first)
TYPE_COLOURS = ("#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3",
                "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
                "#a6cee3", "#1f78b4", "#b2df8a", "#33a02c")


def type_colour(number: int) -> str:
    """The colour of type `number` (1-based)."""
    return TYPE_COLOURS[(int(number) - 1) % len(TYPE_COLOURS)]


def _z_colour(z):
    """Diverging cell colour for a mean z: red above 0, blue below, white at 0, saturated at |z| = 1.5."""
    if z is None or not np.isfinite(z):
        return "#eeeeee"
    t = max(-1.0, min(1.0, float(z) / 1.5))
    if t >= 0:
        return "#%02x%02x%02x" % (255, int(255 - 170 * t), int(255 - 170 * t))
    return "#%02x%02x%02x" % (int(255 + 170 * t), int(255 + 170 * t), 255)


def _num(value, decimals=2):
    return format_number(value, decimals)


def _p(value):
    if value is None or not np.isfinite(value):
        return "–"
    return "< 0,001" if value < 0.001 else format_number(value, 3)


def svg_diverging_bars(labels: list, values: list, width: int = 600, row: int = 15, limit: float | None = None) -> str:
    """Horizontal bars right (red, above 0) or left (blue) of a zero line, the value at the bar's end.

    >>> svg_diverging_bars(["a", "b"], [0.5, -1.0]).count("<rect")
    2
    """
    values = [float(v) if v is not None and np.isfinite(v) else 0.0 for v in values]
    top = limit or max([abs(v) for v in values] + [1.0])
    label_width, margin = 270, 44
    half = (width - label_width - 2 * margin) / 2
    centre = label_width + margin + half
    height = row * len(values) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'style="font:8.5pt sans-serif">',
             f'<line x1="{centre:.1f}" y1="2" x2="{centre:.1f}" y2="{height - 2}" stroke="#999"/>']
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 4 + i * row
        length = half * min(abs(value), top) / top
        x = centre if value >= 0 else centre - length
        fill = "#b2182b" if value > 0 else "#2166ac"
        parts.append(f'<text x="{label_width - 4}" y="{y + row * 0.72:.1f}" text-anchor="end">'
                     f'{H.esc(str(label)[:46])}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{length:.1f}" height="{row - 4}" fill="{fill}"/>')
        text_x = centre + length + 3 if value >= 0 else centre - length - 3
        anchor = "start" if value >= 0 else "end"
        parts.append(f'<text x="{text_x:.1f}" y="{y + row * 0.72:.1f}" text-anchor="{anchor}">'
                     f'{H.esc(format_number(value, 2))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_k_choice(diagnostics: pd.DataFrame, chosen: int, width: int = 520, height: int = 180) -> str:
    """Share of variance explained (bars) and mean silhouette (dots, right axis) for each k."""
    rows = diagnostics[diagnostics["k"] >= 1]
    count = len(rows)
    left, right, top, bottom = 50, 40, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(count, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'style="font:8pt sans-serif">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>']
    for share in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - share)
        parts.append(f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{int(share * 100)} %</text>')
    sil = rows["silhouette"].to_numpy(dtype=float)
    sil_top = max(0.1, float(np.nanmax(sil))) if np.isfinite(sil).any() else 1.0
    for i, r in enumerate(rows.itertuples(index=False)):
        x = left + i * step
        h = plot_h * max(0.0, float(r.explained))
        fill = "#3b6ea5" if int(r.k) == int(chosen) else "#9ecae1"
        parts.append(f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{fill}"/>')
        parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{int(r.k)}</text>')
        if np.isfinite(r.silhouette):
            y = top + plot_h * (1 - max(0.0, float(r.silhouette)) / sil_top)
            parts.append(f'<circle cx="{x + step / 2:.1f}" cy="{y:.1f}" r="3.5" fill="#a50f15"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle">Zahl der Typen k</text>')
    parts.append(f'<text x="{left + plot_w + 4}" y="{top + 3}">{H.esc(format_number(sil_top, 2))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heat_table(profile, indicators, title_of):
    head = "".join(f"<th>{H.esc(title_of(i))}</th>" for i in indicators)
    rows = []
    for number, row in profile.iterrows():
        swatch = (f'<span style="display:inline-block;width:.9em;height:.9em;background:{type_colour(number)};'
                  'border:1px solid #888;margin-right:.3em"></span>')
        cells = "".join(f'<td class="num" style="background:{_z_colour(row[i])}">{_num(row[i])}</td>'
                        for i in indicators)
        rows.append(f"<tr><td>{swatch}{int(number)}</td><td>{H.esc(row['name'])}</td>"
                    f"<td class=\"num\">{int(row['size'])}</td><td>{H.esc(row['description'])}</td>{cells}</tr>")
    return (f"<table><thead><tr><th>Typ</th><th>Name</th><th>Gebiete</th><th>Beschreibung</th>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def _reason_counts(reasons):
    counted = reasons[reasons != ""].value_counts()
    if not len(counted):
        return ""
    items = "".join(f"<li>{H.esc(reason)}: {count}</li>" for reason, count in counted.items())
    return f"<p>{int(counted.sum())} Gebiete ohne Typ bzw. ohne Statistik:</p><ul>{items}</ul>"


def typology_html(typology: Typology, labels: dict | None = None, facts=None, attribution: str = "", subtitle: str = "",
                  names_file: str = "") -> str:
    """The report of a Typology: how many types and why that many, the profiles as heat table and bars."""
    labels = labels or {}

    def title_of(indicator):
        return labels.get(indicator) or indicator

    indicators = list(typology.indicators)
    profile = typology.profile
    body = []
    refined = (f"; danach k-Means-Verfeinerung ab den Ward-Typen ({typology.moved} Gebiete wechselten den Typ, "
               f"{typology.iterations} Durchläufe)" if typology.refined else "")
    order = ("nach Größe (Typ 1 = größter Typ)" if typology.order_by == "size" else
             f"nach dem Mittelwert von {title_of(typology.order_by)} (Typ 1 = höchster Mittelwert)")
    weights = (", Gewichte " + "; ".join(f"{title_of(i)} {format_number(w, 2)}" for i, w in
                                        zip(indicators, typology.weights))
               if any(w != 1 for w in typology.weights) else "")
    body.append(f"<p><b>{typology.count}</b> Gebiete in <b>{typology.k}</b> Typen aus {len(indicators)} Indikatoren "
                f"(z-standardisiert mit Populations-Standardabweichung{H.esc(weights)}); hierarchische "
                f"Clusteranalyse nach Ward{H.esc(refined)}. Nummerierung {H.esc(order)}.</p>")
    if facts:
        body.append(H.table(pd.DataFrame({"Angabe": list(facts), "Wert": [str(v) for v in facts.values()]})))
    body.append(_reason_counts(typology.reasons))
    body.append("<h2>Profile der Typen</h2>")
    body.append("<p>Mittlerer z-Wert je Indikator und Typ: rot über, blau unter dem Durchschnitt aller "
                "Gebiete (0); ±1 ist eine Standardabweichung. Die Beschreibung nennt Indikatoren ab ±0,5.</p>")
    body.append(_heat_table(profile, indicators, title_of))
    for number, row in profile.iterrows():
        body.append(f'<h3><span style="color:{type_colour(number)}">&#9632;</span> Typ {int(number)}: '
                    f"{H.esc(row['name'])} ({int(row['size'])} Gebiete, {format_number(row['share'] * 100, 1)} %)</h3>")
        body.append(svg_diverging_bars([title_of(i) for i in indicators], [row[i] for i in indicators],
                                       limit=max(1.5, float(profile[indicators].abs().to_numpy().max()))))
    body.append("<h2>Wahl der Zahl der Typen</h2>")
    elbow = f"Knick der Kurve (Ellbogen) bei k = {typology.elbow_k}" if typology.elbow_k else "kein deutlicher Knick"
    sil = (f"größte mittlere Silhouette bei k = {typology.silhouette_k}" if typology.silhouette_k
           else "Silhouette nicht bestimmbar")
    body.append(f"<p>Balken: Anteil der Streuung, den die Typen erklären (1 − Streuung innerhalb / gesamt); "
                f"Punkte: mittlere Silhouette (−1 bis 1; höher = Gebiete passen besser zu ihrem Typ als zum "
                f"nächsten). {H.esc(elbow)}; {H.esc(sil)}. Gewählt: k = {typology.k}.</p>")
    body.append(svg_k_choice(typology.diagnostics, typology.k))
    shown = pd.DataFrame({
        "k": typology.diagnostics["k"].astype(int).astype(str),
        "erklärte Streuung": [format_number(v * 100, 1, "%") for v in typology.diagnostics["explained"]],
        "mittlere Silhouette": [_num(v, 3) for v in typology.diagnostics["silhouette"]]})
    body.append(H.table(shown, numeric_columns=("k", "erklärte Streuung", "mittlere Silhouette")))
    body.append("<h2>Namen der Typen</h2>")
    where = f" ({H.esc(names_file)})" if names_file else ""
    body.append(f"<p>Die Namen stehen in der Namenstabelle{where}: dort eintragen und beim nächsten Lauf als "
                "Namenstabelle angeben. Jeder Typ bekommt dann den Namen des gespeicherten Typs mit dem "
                "ähnlichsten Profil.</p>")
    if typology.name_notes:
        body.append("<ul>" + "".join(f"<li>{H.esc(n)}</li>" for n in typology.name_notes) + "</ul>")
    return H.page("Sozialraumtypen", "".join(body), attribution=attribution, subtitle=subtitle)


# --- spatial clusters ----------------------------------------------------------------------------------

def svg_moran_scatter(table: pd.DataFrame, moran_i: float, width: int = 420, height: int = 420,
                      value_label: str = "z-Wert") -> str:
    """Moran scatter plot: standardised value (x) against the spatial lag of the neighbours (y), points in the
    LISA colours, the line through 0 with Moran's I as slope, the four quadrants labelled."""
    data = table.dropna(subset=["z", "lag"])
    margin = 40
    plot = min(width, height) - 2 * margin
    extent = float(max(1.0, np.nanmax(np.abs(data[["z", "lag"]].to_numpy()))) if len(data) else 1.0) * 1.05

    def sx(v):
        return margin + plot * (v + extent) / (2 * extent)

    def sy(v):
        return margin + plot * (extent - v) / (2 * extent)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Moran-Streudiagramm" style="font:8pt sans-serif">',
             f'<rect x="{margin}" y="{margin}" width="{plot}" height="{plot}" fill="none" stroke="#bbb"/>',
             f'<line x1="{sx(0):.1f}" y1="{margin}" x2="{sx(0):.1f}" y2="{margin + plot}" stroke="#999"/>',
             f'<line x1="{margin}" y1="{sy(0):.1f}" x2="{margin + plot}" y2="{sy(0):.1f}" stroke="#999"/>']
    for text, x, y in (("Hoch-Hoch", margin + plot - 4, margin + 12), ("Niedrig-Hoch", margin + 4, margin + 12),
                       ("Niedrig-Niedrig", margin + 4, margin + plot - 4),
                       ("Hoch-Niedrig", margin + plot - 4, margin + plot - 4)):
        anchor = "end" if x > margin + plot / 2 else "start"
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="#555">{text}</text>')
    ordered = pd.concat([data[data["lisa_cluster"] == NOT_SIGNIFICANT], data[data["lisa_cluster"] != NOT_SIGNIFICANT]])
    for r in ordered.itertuples(index=False):
        colour = LISA_COLOURS.get(r.lisa_cluster, "#d9d9d9")
        stroke = "#555" if r.lisa_cluster != NOT_SIGNIFICANT else "#aaa"
        parts.append(f'<circle cx="{sx(r.z):.1f}" cy="{sy(r.lag):.1f}" r="3" fill="{colour}" stroke="{stroke}" '
                     'stroke-width="0.5"/>')
    if np.isfinite(moran_i):
        x0, x1 = -extent, extent
        y0, y1 = moran_i * x0, moran_i * x1
        clip = max(abs(y0), abs(y1)) / extent
        if clip > 1:
            x0, x1, y0, y1 = x0 / clip, x1 / clip, y0 / clip, y1 / clip
        parts.append(f'<line x1="{sx(x0):.1f}" y1="{sy(y0):.1f}" x2="{sx(x1):.1f}" y2="{sy(y1):.1f}" '
                     'stroke="#333" stroke-width="1.2"/>')
    parts.append(f'<text x="{margin + plot / 2:.1f}" y="{height - 8}" text-anchor="middle">'
                 f'{H.esc(value_label)} (standardisiert)</text>')
    parts.append(f'<text x="12" y="{margin + plot / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {margin + plot / 2:.1f})">räumlicher Lag (Mittel der Nachbarn)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _count_table(series, labels, colours):
    counts = series.value_counts()
    rows = []
    for code, label in labels.items():
        count = int(counts.get(code, 0))
        if count or code not in (ISLAND,):
            rows.append(f'<tr><td><span style="display:inline-block;width:.9em;height:.9em;background:'
                        f'{colours[code]};border:1px solid #888;margin-right:.3em"></span>{H.esc(label)}</td>'
                        f'<td class="num">{count}</td></tr>')
    missing = int(series.isna().sum())
    if missing:
        rows.append(f'<tr><td>ohne Wert / unterdrückt</td><td class="num">{missing}</td></tr>')
    return f"<table><thead><tr><th>Klasse</th><th>Gebiete</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"


def hotspots_html(result: Hotspots, indicator_title: str, area_labels=None, weights_text: str = "",
                  attribution: str = "", subtitle: str = "", max_rows: int = 60) -> str:
    """The report of a Hotspots result: global Moran's I, the scatter plot, the LISA and Gi* classes."""
    m = result.moran
    table = result.table
    body = []
    if result.fdr:
        bound = (f"der FDR-Schranke nach Benjamini-Hochberg: LISA p < {format_number(result.lisa_bound, 4)}, "
                 f"Gi* p < {format_number(result.gi_bound, 4)}")
    else:
        bound = f"p < {format_number(result.alpha, 3)}"
    if np.isfinite(m.p_sim) and m.p_sim < result.alpha and m.expected < m.I:
        finding = "Ähnliche Werte liegen räumlich beieinander (positive räumliche Autokorrelation)."
    elif np.isfinite(m.p_sim) and m.p_sim < result.alpha:
        finding = "Benachbarte Gebiete unterscheiden sich mehr als zufällig (negative räumliche Autokorrelation)."
    else:
        finding = "Die räumliche Verteilung unterscheidet sich nicht deutlich von einer zufälligen."
    body.append(f"<p><b>{H.esc(finding)}</b></p>")
    body.append("<h2>Globales Moran's I</h2>")
    facts = pd.DataFrame({
        "Angabe": ["Moran's I", "Erwartungswert E[I]", "z (Normalverteilung)", "p (Normalverteilung, zweiseitig)",
                   "z (Randomisierung)", "p (Randomisierung, zweiseitig)",
                   f"Pseudo-p ({m.permutations} Permutationen, Startwert {result.seed})", "Gebiete"],
        "Wert": [_num(m.I, 4), _num(m.expected, 4), _num(m.z_norm, 2), _p(m.p_norm), _num(m.z_rand, 2),
                 _p(m.p_rand), _p(m.p_sim), str(m.n)]})
    body.append(H.table(facts, numeric_columns=("Wert",)))
    if weights_text:
        body.append(f"<p>Nachbarschaft: {H.esc(weights_text)}; zeilenstandardisiert. "
                    f"Mittlere Zahl der Nachbarn {format_number(table['neighbours'].mean(), 1)}.</p>")
    if result.islands:
        names = [str(area_labels.get(i, i)) if area_labels is not None else str(i) for i in result.islands]
        body.append(f"<p class=\"warn\">{len(result.islands)} Gebiet(e) ohne Nachbarn (Inseln), ohne lokale "
                    f"Statistik: {H.esc(', '.join(names[:30]))}{' …' if len(names) > 30 else ''}</p>")
    body.append(_reason_counts(table["reason"].fillna("").where(~table["reason"].eq("keine Nachbarn mit Wert"), "")))
    body.append("<h2>Moran-Streudiagramm</h2>")
    body.append("<p>Jeder Punkt ein Gebiet: sein standardisierter Wert gegen den Mittelwert seiner Nachbarn. "
                "Die Gerade hat die Steigung Moran's I. Farbig: signifikante lokale Häufungen (LISA).</p>")
    body.append(svg_moran_scatter(table, m.I, value_label=indicator_title))
    body.append("<h2>Lokale Häufungen (LISA, lokales Moran's I)</h2>")
    body.append(f"<p>Signifikant bei {H.esc(bound)}. Hoch-Hoch: hoher Wert in hoher Umgebung, Niedrig-Niedrig: "
                "niedriger in niedriger; Hoch-Niedrig und Niedrig-Hoch: Ausreißer gegenüber der Umgebung.</p>")
    body.append(_count_table(table["lisa_cluster"], LISA_LABELS, LISA_COLOURS))
    body.append("<h2>Hot- und Coldspots (Getis-Ord Gi*)</h2>")
    body.append("<p>Gi* vergleicht die Summe eines Gebiets und seiner Nachbarn mit dem Erwartungswert; "
                "Hotspot: signifikant hohe, Coldspot: signifikant niedrige Umgebung.</p>")
    body.append(_count_table(table["gi_cluster"], GI_LABELS, GI_COLOURS))
    significant = table[table["lisa_cluster"].isin(["HH", "LL", "HL", "LH"])].sort_values("lisa_p", kind="mergesort")
    if len(significant):
        body.append("<h3>Gebiete mit signifikanter lokaler Häufung</h3>")
        names = [str(area_labels.get(i, i)) if area_labels is not None else str(i) for i in significant.index]
        shown = pd.DataFrame({"Gebiet": names, "Klasse": [LISA_LABELS[c] for c in significant["lisa_cluster"]],
                              "Wert": [_num(v) for v in significant["value"]],
                              "lokales I": [_num(v, 3) for v in significant["local_i"]],
                              "p (LISA)": [_p(v) for v in significant["lisa_p"]],
                              "Gi* z": [_num(v, 2) for v in significant["gi_z"]]})
        body.append(H.table(shown, numeric_columns=("Wert", "lokales I", "p (LISA)", "Gi* z"), max_rows=max_rows))
    body.append("<h2>Verfahren</h2>")
    body.append(f"<p class=\"small\">Pseudo-p-Werte aus bedingten Permutationen ({result.permutations}, Startwert "
                f"{result.seed}): für jedes Gebiet werden die Werte seiner Nachbarn zufällig aus den übrigen "
                "Gebieten gezogen; p = (Zahl der mindestens so extremen Ziehungen + 1) / (Permutationen + 1), "
                "gefaltet auf die nähere Seite. Dasselbe Verfahren und dieselben Zufallszahlen wie PySAL esda "
                "(Moran_Local, G_Local mit star=True): gleiche Daten und gleicher Startwert ergeben dieselben "
                "Werte. Gebiete ohne Wert (auch unterdrückte) nehmen nicht teil; ihre Nachbarschaften entfallen."
                "</p>")
    return H.page(f"Räumliche Häufungen: {indicator_title}", "".join(body), attribution=attribution,
                  subtitle=subtitle)

