"""Comparisons a social report is built on: variance between and within parent units (eta squared),
extremes with their parent unit, multiple disadvantage per area, correlations with p-values, and the
HTML summary with small inline SVG charts. Pure numpy/pandas (p-values from the t distribution via the
regularized incomplete beta function, computed here: no scipy).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import html as H
from .catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, Catalogue, parse_polarity
from .errors import ComparisonError
from .indices import all_zero_areas, parse_list
from .numbers import format_number
from .privacy import apply_suppression

TOP = "oben"
BOTTOM = "unten"


# --- distributions -------------------------------------------------------------------------------------

def _beta_continued_fraction(x, a, b, max_iterations=300, eps=1e-15):
    """Continued fraction of the incomplete beta function (modified Lentz method)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, max_iterations + 1):
        # even step
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        result *= d * c
        # odd step
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        result *= step
        if abs(step - 1.0) < eps:
            break
    return result


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1 and a, b > 0."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must lie in [0, 1]")
    if x == 0.0 or x == 1.0:
        return x
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(1.0 - x, b, a) / b


def t_two_sided_p(t: float, df: int) -> float:
    """P(|T| >= |t|) for Student's t with df degrees of freedom."""
    if not np.isfinite(t):
        return 0.0 if np.isinf(t) else math.nan
    if df <= 0:
        return math.nan
    return regularized_beta(df / (df + t * t), df / 2.0, 0.5)


def correlation_p(r: float, n: int) -> float:
    """Two-sided p-value of a correlation coefficient r from n pairs (t = r sqrt((n-2)/(1-r^2)))."""
    if n < 3 or not np.isfinite(r):
        return math.nan
    if abs(r) >= 1.0:
        return 0.0
    t = r * math.sqrt((n - 2) / (1.0 - r * r))
    return t_two_sided_p(t, n - 2)


def min_ranks(values: np.ndarray | list) -> np.ndarray:
    """Ranks 1..n in ascending order, ties given their lowest rank ("1, 2, 2, 4"); NaN stays NaN."""
    x = np.asarray(values, dtype=float)
    ranks = np.full(x.shape, np.nan)
    valid = ~np.isnan(x)
    ranks[valid] = np.searchsorted(np.sort(x[valid]), x[valid], side="left") + 1
    return ranks


def average_ranks(values: np.ndarray | list) -> np.ndarray:
    """Ranks 1..n with ties given their average rank (NaN stays NaN)."""
    x = np.asarray(values, dtype=float)
    ranks = np.full(x.shape, np.nan)
    valid = ~np.isnan(x)
    v = x[valid]
    order = np.argsort(v, kind="mergesort")
    sorted_v = v[order]
    # first and last position of each run of equal values
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_v)) + 1]
    ends = np.r_[starts[1:], len(sorted_v)]
    run_rank = (starts + ends + 1) / 2.0  # mean of positions start+1 .. end
    run_of = np.repeat(np.arange(len(starts)), ends - starts)
    r = np.empty(len(v))
    r[order] = run_rank[run_of]
    ranks[valid] = r
    return ranks


# --- variance decomposition ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VarianceDecomposition:
    summary: pd.DataFrame    # one row per indicator
    by_parent: pd.DataFrame  # one row per indicator and parent unit


def _numeric(frame, indicators):
    missing = [i for i in indicators if i not in frame.columns]
    if missing:
        raise ComparisonError(f"Indikator(en) {', '.join(missing)} fehlen in den Daten. Bitte die Feldnamen prüfen.")
    return frame[list(indicators)].apply(pd.to_numeric, errors="coerce").astype(float)


def _parents(frame, parent):
    if parent not in frame.columns:
        raise ComparisonError(f"Feld der übergeordneten Einheit '{parent}' fehlt in den Daten. "
                              "Bitte ein vorhandenes Feld wählen.")
    values = frame[parent]
    text = values.astype(object).where(values.notna(), None)
    return text.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip())


def variance_decomposition(frame: pd.DataFrame, indicators: list, parent: str) -> VarianceDecomposition:
    """eta^2 = between-parent sum of squares / total sum of squares, per indicator; and for every parent
    unit its n, mean, min, max, range and (population) standard deviation."""
    values = _numeric(frame, indicators)
    parents = _parents(frame, parent)
    summaries, spreads = [], []
    for indicator in indicators:
        data = pd.DataFrame({"parent": parents, "x": values[indicator]}).dropna()
        if data.empty:
            summaries.append({"indicator": indicator, "n": 0, "parents": 0})
            continue
        grouped = data.groupby("parent", sort=True)["x"]
        stats = pd.DataFrame({"n": grouped.size(), "mean": grouped.mean(), "min": grouped.min(),
                              "max": grouped.max(), "sd": grouped.std(ddof=0)})
        stats["range"] = stats["max"] - stats["min"]
        grand = data["x"].mean()
        ss_total = float(((data["x"] - grand) ** 2).sum())
        ss_between = float((stats["n"] * (stats["mean"] - grand) ** 2).sum())
        ss_within = float(((data["x"] - data["parent"].map(stats["mean"])) ** 2).sum())
        range_between = float(stats["mean"].max() - stats["mean"].min())
        summaries.append({
            "indicator": indicator, "n": int(len(data)), "parents": int(len(stats)), "mean": float(grand),
            "sd": float(data["x"].std(ddof=0)), "ss_between": ss_between, "ss_within": ss_within,
            "ss_total": ss_total, "eta2": ss_between / ss_total if ss_total > 0 else math.nan,
            "range_between": range_between, "max_range_within": float(stats["range"].max()),
            "parents_within_larger": int((stats["range"] > range_between).sum())})
        spread = stats.reset_index()
        spread.insert(0, "indicator", indicator)
        spreads.append(spread[["indicator", "parent", "n", "mean", "min", "max", "range", "sd"]])
    summary = pd.DataFrame(summaries, columns=[
        "indicator", "n", "parents", "mean", "sd", "ss_between", "ss_within", "ss_total", "eta2",
        "range_between", "max_range_within", "parents_within_larger"])
    by_parent = (pd.concat(spreads, ignore_index=True) if spreads else
                 pd.DataFrame(columns=["indicator", "parent", "n", "mean", "min", "max", "range", "sd"]))
    by_parent["n"] = by_parent["n"].astype(int)
    return VarianceDecomposition(summary, by_parent)


# --- extremes and concentration -------------------------------------------------------------------------

def extreme_flags(values: np.ndarray, share: float) -> tuple:
    """(top, bottom) boolean arrays: the ceil(share * n) highest / lowest valid values, ties included."""
    x = np.asarray(values, dtype=float)
    valid = ~np.isnan(x)
    n = int(valid.sum())
    top = np.zeros(len(x), dtype=bool)
    bottom = np.zeros(len(x), dtype=bool)
    if n == 0:
        return top, bottom
    k = max(1, int(math.ceil(share * n - 1e-9)))
    ordered = np.sort(x[valid])
    top[valid] = x[valid] >= ordered[n - k]
    bottom[valid] = x[valid] <= ordered[k - 1]
    return top, bottom


def _check_share(share):
    if not 0 < share <= 0.5:
        raise ComparisonError(f"Anteil für Extremwerte {share:g} liegt nicht zwischen 0 und 0,5 "
                              "(z. B. 0,1 für das oberste und unterste Zehntel).")


def extremes(frame: pd.DataFrame, indicators: list, parent: str, share: float = 0.1, signs: list | None = None,
             key: str = "", name: str = "") -> pd.DataFrame:
    """Areas in the top or bottom `share` of each indicator, with their parent unit.

    signs: per indicator +1 (a high value is unfavourable), -1 (favourable), 0 (neutral). The column
    'unfavourable' is 1 for the unfavourable side, 0 for the other, missing for neutral indicators."""
    _check_share(share)
    values = _numeric(frame, indicators)
    parents = _parents(frame, parent) if parent else pd.Series(None, index=frame.index, dtype=object)
    signs = list(signs) if signs is not None else [0] * len(indicators)
    parts = []
    for indicator, sign in zip(indicators, signs):
        x = values[indicator].to_numpy()
        top, bottom = extreme_flags(x, share)
        ranks = min_ranks(-x)  # 1 = highest value; ties share the best rank (1, 2, 2, 4)
        for side, hit in ((TOP, top), (BOTTOM, bottom)):
            if not hit.any():
                continue
            unfavourable = (np.nan if sign == 0 else float((side == TOP) == (sign > 0)))
            rows = pd.DataFrame({
                "indicator": indicator,
                "key": frame[key].to_numpy()[hit] if key else frame.index.to_numpy()[hit],
                "name": frame[name].to_numpy()[hit] if name else None,
                "parent": parents.to_numpy()[hit], "value": x[hit], "rank": ranks[hit], "side": side,
                "unfavourable": unfavourable})
            parts.append(rows.sort_values("value", ascending=(side == BOTTOM), kind="mergesort"))
    columns = ["indicator", "key", "name", "parent", "value", "rank", "side", "unfavourable"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def extremes_by_parent(table: pd.DataFrame) -> pd.DataFrame:
    """Count of unfavourable extremes per parent unit and indicator (wide), with a total column."""
    hits = table[table["unfavourable"] == 1]
    if hits.empty:
        return pd.DataFrame(columns=["parent", "total"])
    wide = hits.groupby(["parent", "indicator"]).size().unstack(fill_value=0)
    wide["total"] = wide.sum(axis=1)
    return wide.sort_values("total", ascending=False, kind="mergesort").reset_index()


def concentration(frame: pd.DataFrame, indicators: list, share: float = 0.1, signs: list | None = None) -> pd.DataFrame:
    """Per area: how many indicators (with a direction) lie in their unfavourable extreme.

    Columns: n_indicators (directional indicators with a value), n_unfavourable, indicators (which ones)."""
    _check_share(share)
    values = _numeric(frame, indicators)
    signs = list(signs) if signs is not None else [1] * len(indicators)
    directional = [(i, s) for i, s in zip(indicators, signs) if s != 0]
    if not directional:
        raise ComparisonError("Keiner der Indikatoren hat eine Richtung (Polarität); für die Zahl der "
                              "ungünstigen Extremwerte bitte Polaritäten im Katalog oder als Parameter angeben.")
    hits = pd.DataFrame(index=frame.index)
    for indicator, sign in directional:
        top, bottom = extreme_flags(values[indicator].to_numpy(), share)
        hits[indicator] = top if sign > 0 else bottom
    names = np.array([i for i, _ in directional], dtype=object)
    listed = [", ".join(names[row]) for row in hits.to_numpy()]
    return pd.DataFrame({
        "n_indicators": values[[i for i, _ in directional]].notna().sum(axis=1).astype(int),
        "n_unfavourable": hits.sum(axis=1).astype(int),
        "indicators": listed}, index=frame.index)


# --- correlations ------------------------------------------------------------------------------------------

def correlations(frame: pd.DataFrame, indicators: list) -> pd.DataFrame:
    """Pearson and Spearman correlation for every pair of indicators (pairwise complete cases), with n and
    two-sided p-values. One row per pair (a < b in the given order)."""
    values = _numeric(frame, indicators)
    rows = []
    for i, a in enumerate(indicators):
        for b in indicators[i + 1:]:
            pair = values[[a, b]].dropna().to_numpy()
            n = len(pair)
            pearson = spearman = math.nan
            if n >= 3 and pair[:, 0].std() > 0 and pair[:, 1].std() > 0:
                pearson = float(np.corrcoef(pair[:, 0], pair[:, 1])[0, 1])
                spearman = float(np.corrcoef(average_ranks(pair[:, 0]), average_ranks(pair[:, 1]))[0, 1])
            rows.append({"indicator_a": a, "indicator_b": b, "n": n,
                         "pearson_r": pearson, "pearson_p": correlation_p(pearson, n),
                         "spearman_rho": spearman, "spearman_p": correlation_p(spearman, n)})
    return pd.DataFrame(rows, columns=["indicator_a", "indicator_b", "n", "pearson_r", "pearson_p",
                                       "spearman_rho", "spearman_p"])


def correlation_matrix(pairs: pd.DataFrame, indicators: list, column: str = "pearson_r") -> pd.DataFrame:
    """Square matrix (1 on the diagonal) from the pair table."""
    matrix = pd.DataFrame(np.eye(len(indicators)), index=indicators, columns=indicators)
    for row in pairs.itertuples(index=False):
        value = getattr(row, column)
        matrix.loc[row.indicator_a, row.indicator_b] = value
        matrix.loc[row.indicator_b, row.indicator_a] = value
    return matrix


# --- HTML summary ------------------------------------------------------------------------------------------

def _num(value, decimals=2):
    return format_number(value, decimals)


def _p_text(p):
    if p is None or not np.isfinite(p):
        return "–"
    return "< 0,001" if p < 0.001 else format_number(p, 3)


def svg_bars(labels: list, values: list, width: int = 520, bar_height: int = 16, maximum: float | None = None,
             percent: bool = False, colour: str = "#3b6ea5") -> str:
    """Horizontal bar chart as inline SVG (labels left, value right of each bar)."""
    values = [float(v) if v is not None and np.isfinite(v) else 0.0 for v in values]
    top = maximum if maximum else (max(values) if values and max(values) > 0 else 1.0)
    label_width, value_width = 210, 60
    plot = width - label_width - value_width
    height = bar_height * len(values) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" style="font:9pt sans-serif">']
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 4 + i * bar_height
        w = max(0.0, plot * value / top)
        if percent:
            text = format_number(value * 100, 1, "%")
        else:
            text = format_number(value, 0 if float(value).is_integer() else 2)
        parts.append(f'<text x="{label_width - 4}" y="{y + bar_height * 0.72:.1f}" text-anchor="end">'
                     f'{H.esc(str(label)[:34])}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{w:.1f}" height="{bar_height - 4}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + w + 3:.1f}" y="{y + bar_height * 0.72:.1f}">{H.esc(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_ranges(stats: pd.DataFrame, label: str, width: int = 520, row: int = 14) -> str:
    """Per parent unit a line from min to max and a dot at the mean (one indicator)."""
    low, high = float(stats["min"].min()), float(stats["max"].max())
    span = high - low if high > low else 1.0
    label_width, plot = 170, width - 180
    height = row * len(stats) + 22
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{H.esc(label)}" style="font:8pt sans-serif">']
    for i, r in enumerate(stats.itertuples(index=False)):
        y = 6 + i * row + row / 2
        x0 = label_width + plot * (r.min - low) / span
        x1 = label_width + plot * (r.max - low) / span
        xm = label_width + plot * (r.mean - low) / span
        parts.append(f'<text x="{label_width - 4}" y="{y + 3:.1f}" text-anchor="end">'
                     f'{H.esc(str(r.parent)[:28])}</text>')
        parts.append(f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="#3b6ea5" stroke-width="2"/>')
        parts.append(f'<circle cx="{xm:.1f}" cy="{y:.1f}" r="3" fill="#a50f15"/>')
    axis = 6 + len(stats) * row + 12
    parts.append(f'<text x="{label_width}" y="{axis}">{H.esc(format_number(low, 1))}</text>')
    parts.append(f'<text x="{label_width + plot}" y="{axis}" text-anchor="end">{H.esc(format_number(high, 1))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heat_colour(r):
    if r is None or not np.isfinite(r):
        return "#eeeeee"
    r = max(-1.0, min(1.0, float(r)))
    if r >= 0:
        return "#%02x%02x%02x" % (255, int(255 - 200 * r), int(255 - 200 * r))
    return "#%02x%02x%02x" % (int(255 + 200 * r), int(255 + 200 * r), 255)


def svg_heatmap(matrix: pd.DataFrame, labels: list, cell: int = 26) -> str:
    """Correlation matrix as coloured cells (red positive, blue negative) with r in each cell."""
    count = len(labels)
    offset = 40
    size = offset + cell * count + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img" '
             f'style="font:7pt sans-serif">']
    for i in range(count):
        parts.append(f'<text x="{offset - 3}" y="{offset + i * cell + cell * 0.62:.1f}" '
                     f'text-anchor="end">{i + 1}</text>')
        parts.append(f'<text x="{offset + i * cell + cell / 2:.1f}" y="{offset - 4}" '
                     f'text-anchor="middle">{i + 1}</text>')
        for j in range(count):
            r = matrix.iat[i, j]
            x, y = offset + j * cell, offset + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{_heat_colour(r)}"/>')
            if np.isfinite(r):
                parts.append(f'<text x="{x + cell / 2:.1f}" y="{y + cell * 0.62:.1f}" text-anchor="middle">'
                             f'{H.esc(format_number(r, 2))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def summary_html(title: str, variance: VarianceDecomposition, extreme_table: pd.DataFrame,
                 concentration_table: pd.DataFrame, pairs: pd.DataFrame, indicators: list, share: float,
                 labels: dict | None = None, parent_label: str = "übergeordnete Einheit", area_labels=None,
                 attribution: str = "", subtitle: str = "") -> str:
    """One readable HTML page: findings first, then the tables behind them, each with a small chart."""
    labels = labels or {}

    def title_of(indicator):
        return labels.get(indicator) or indicator

    body = []
    summary = variance.summary
    # 1 variance
    body.append("<h2>Unterschiede zwischen und innerhalb der übergeordneten Einheiten</h2>")
    body.append(f'<p>η² ist der Anteil der Streuung, der zwischen den Einheiten ({H.esc(parent_label)}) liegt; '
                'der Rest liegt innerhalb. Ein kleiner Wert heißt: Die Gebiete einer Einheit unterscheiden sich '
                'untereinander stärker, als die Einheiten sich im Mittel voneinander unterscheiden.</p>')
    findings = []
    for row in summary.itertuples(index=False):
        if row.n and np.isfinite(row.eta2):
            findings.append(
                f"<li><b>{H.esc(title_of(row.indicator))}</b>: {format_number(row.eta2 * 100, 1)} % der Streuung "
                f"zwischen, {format_number((1 - row.eta2) * 100, 1)} % innerhalb der Einheiten; in "
                f"{row.parents_within_larger} von {row.parents} Einheiten ist die Spannweite innerhalb größer als "
                f"die Spannweite der Mittelwerte ({_num(row.range_between)}).</li>")
    body.append(f"<ul>{''.join(findings)}</ul>")
    valid = summary[summary["n"] > 0]
    body.append(svg_bars([title_of(i) for i in valid["indicator"]], valid["eta2"].tolist(), maximum=1.0,
                         percent=True))
    shown = pd.DataFrame({
        "Indikator": [title_of(i) for i in summary["indicator"]], "n": summary["n"].astype(str),
        "Einheiten": summary["parents"].astype(str),
        "η²": [format_number(v * 100, 1, "%") for v in summary["eta2"]],
        "Spannweite der Mittelwerte": [_num(v) for v in summary["range_between"]],
        "größte Spannweite innerhalb": [_num(v) for v in summary["max_range_within"]]})
    body.append(H.table(shown, numeric_columns=("n", "Einheiten", "η²", "Spannweite der Mittelwerte",
                                                "größte Spannweite innerhalb")))
    body.append("<h3>Spannweite je Einheit (Linie: Minimum bis Maximum, Punkt: Mittelwert)</h3>")
    for indicator in indicators:
        stats = variance.by_parent[variance.by_parent["indicator"] == indicator]
        if len(stats):
            body.append(f"<p class=\"small\"><b>{H.esc(title_of(indicator))}</b></p>")
            body.append(svg_ranges(stats, title_of(indicator)))
    # 2 extremes
    percent = format_number(share * 100, 0 if float(share * 100).is_integer() else 1)
    body.append(f"<h2>Extremwerte (oberste und unterste {percent} %)</h2>")
    per_parent = extremes_by_parent(extreme_table)
    if len(per_parent):
        body.append("<p>Ungünstige Extremwerte je Einheit (alle Indikatoren mit Richtung zusammen):</p>")
        body.append(svg_bars(per_parent["parent"].tolist(), per_parent["total"].tolist(), colour="#a50f15"))
        with_extremes = int((per_parent["total"] > 0).sum())
        body.append(f"<p>{with_extremes} Einheiten haben mindestens einen ungünstigen Extremwert.</p>")
    else:
        body.append('<p class="muted">Keine ungünstigen Extremwerte (keine Indikatoren mit Richtung).</p>')
    listed = extreme_table[extreme_table["unfavourable"] == 1] if len(extreme_table) else extreme_table
    if len(listed):
        table = pd.DataFrame({
            "Indikator": [title_of(i) for i in listed["indicator"]],
            "Gebiet": [f"{k} {n}".strip() if isinstance(n, str) else str(k)
                       for k, n in zip(listed["key"], listed["name"])],
            "Einheit": listed["parent"].astype(str), "Wert": [_num(v) for v in listed["value"]],
            "Rang": [format_number(v, 0 if float(v).is_integer() else 1) for v in listed["rank"]]})
        body.append(H.table(table, numeric_columns=("Wert", "Rang"), max_rows=60))
    # 3 concentration
    body.append("<h2>Mehrfache Benachteiligung</h2>")
    counts = concentration_table["n_unfavourable"].value_counts().sort_index()
    if len(counts):
        body.append("<p>Zahl der Gebiete nach Zahl der Indikatoren im ungünstigen Extrembereich:</p>")
        body.append(svg_bars([f"{k} Indikator(en)" for k in counts.index], counts.tolist(), colour="#6a51a3"))
        multiple = concentration_table[concentration_table["n_unfavourable"] >= 2].sort_values(
            "n_unfavourable", ascending=False, kind="mergesort")
        if len(multiple):
            names = area_labels.reindex(multiple.index) if area_labels is not None else pd.Series(
                [str(i) for i in multiple.index], index=multiple.index)
            table = pd.DataFrame({"Gebiet": names.astype(str).to_numpy(),
                                  "Anzahl": multiple["n_unfavourable"].astype(str).to_numpy(),
                                  "Indikatoren": [", ".join(title_of(i) for i in s.split(", ") if i)
                                                  for s in multiple["indicators"]]})
            body.append(H.table(table, numeric_columns=("Anzahl",), max_rows=40))
    # 4 correlations
    body.append("<h2>Zusammenhänge (Korrelationen)</h2>")
    if len(pairs):
        matrix = correlation_matrix(pairs, list(indicators))
        body.append("<p>Pearson-Korrelation (rot positiv, blau negativ); Nummern wie in der Liste.</p>")
        body.append(svg_heatmap(matrix, list(indicators)))
        body.append("<ol class=\"small\">" + "".join(f"<li>{H.esc(title_of(i))}</li>" for i in indicators) + "</ol>")
        table = pd.DataFrame({
            "Indikator A": [title_of(i) for i in pairs["indicator_a"]],
            "Indikator B": [title_of(i) for i in pairs["indicator_b"]], "n": pairs["n"].astype(str),
            "Pearson r": [_num(v) for v in pairs["pearson_r"]], "p (Pearson)": [_p_text(v) for v in pairs["pearson_p"]],
            "Spearman ρ": [_num(v) for v in pairs["spearman_rho"]],
            "p (Spearman)": [_p_text(v) for v in pairs["spearman_p"]]})
        body.append(H.table(table, numeric_columns=("n", "Pearson r", "p (Pearson)", "Spearman ρ", "p (Spearman)")))
        body.append('<p class="small muted">p-Werte zweiseitig (t-Verteilung mit n-2 Freiheitsgraden); '
                    'Gebiete sind keine Zufallsstichprobe, die p-Werte sind nur ein Anhaltspunkt.</p>')
    else:
        body.append('<p class="muted">Für Korrelationen braucht es mindestens zwei Indikatoren.</p>')
    return H.page(title, "".join(body), attribution=attribution, subtitle=subtitle)


# --- the whole comparison, as sozialraum:comparisons runs it ------------------------------------------------

@dataclass(frozen=True)
class ComparisonResult:
    """What sozialraum:comparisons writes: four tables, the areas' multiple disadvantage and the report page."""
    variance: VarianceDecomposition
    extremes: pd.DataFrame         # rank and unfavourable as integers (nullable)
    concentration: pd.DataFrame    # index = the frame's (feature ids): n_indicators, n_unfavourable, indicators
    correlations: pd.DataFrame
    suppressed: int                # values hidden by the privacy rule and left out
    all_zero: int                  # areas with 0 in every indicator (often 'no value' written as 0)
    directional: bool              # at least one indicator has a polarity
    html: str


def polarity_signs(text: str, catalogue: Catalogue, indicators: list) -> list:
    """+1 / -1 / 0 per indicator from the text `text` (one polarity per indicator, separated by ';'; neutral
    allowed), or from the catalogue when the text is empty.

    >>> polarity_signs("higher_is_worse; neutral", Catalogue(), ["a", "b"])
    [1, 0]
    """
    parts = parse_list(text)
    if not parts:
        return [catalogue.indicator(i).sign for i in indicators]
    if len(parts) != len(indicators):
        raise ComparisonError(f"{len(parts)} Polaritäten für {len(indicators)} Indikatoren: bitte je Indikator eine "
                              "angeben, getrennt durch ';'.")
    return [{HIGHER_IS_WORSE: 1, HIGHER_IS_BETTER: -1}.get(parse_polarity(part, "Polaritäten"), 0) for part in parts]


def _integers(table, columns=("rank", "unfavourable")):
    """A copy with rank and the unfavourable flag as nullable integers (fields 7, not 7.000000)."""
    table = table.copy()
    for column in columns:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column]).round().astype("Int64")
    return table


def compare_areas(frame, indicators, parent, share: float = 0.1, signs=None, key: str = "", name: str = "",
                  catalogue=None, rule=None, source_name: str = ""):
    """Everything sozialraum:comparisons computes: values hidden by the privacy `rule` left out (the catalogue's
    count fields in `frame` decide which rates hide), then variance decomposition, extremes, multiple
    disadvantage, correlations and the HTML summary."""
    catalogue = catalogue if catalogue is not None else Catalogue()
    indicators = list(indicators)
    if parent in indicators:
        raise ComparisonError(f"Das Feld der übergeordneten Einheit '{parent}' ist auch als Indikator gewählt; "
                              "bitte ein anderes Feld der übergeordneten Einheit wählen.")
    signs = list(signs) if signs is not None else [catalogue.indicator(i).sign for i in indicators]
    suppressed = 0
    if rule is not None:
        frame, reasons = apply_suppression(frame, catalogue, rule, columns=indicators)
        suppressed = int(reasons.notna().to_numpy().sum())
    variance = variance_decomposition(frame, indicators, parent)
    extreme_table = extremes(frame, indicators, parent, share, signs, key, name)
    directional = any(s != 0 for s in signs)
    if directional:
        disadvantage = concentration(frame, indicators, share, signs)
    else:
        disadvantage = pd.DataFrame({"n_indicators": 0, "n_unfavourable": 0, "indicators": ""}, index=frame.index)
    pairs = correlations(frame, indicators)
    labels = {i: catalogue.indicator(i).title for i in indicators}
    area_labels = None
    if key or name:
        parts = [frame[f].astype(object).where(frame[f].notna(), "").astype(str) for f in (key, name) if f]
        area_labels = parts[0] if len(parts) == 1 else parts[0] + " " + parts[1]
    page = summary_html("Vergleiche und Befunde", variance, extreme_table, disadvantage, pairs, indicators, share,
                        labels=labels, parent_label=parent, area_labels=area_labels,
                        subtitle=f"{source_name}: {len(frame)} Gebiete, {len(indicators)} Indikatoren",
                        attribution=catalogue.attribution(indicators))
    return ComparisonResult(variance, _integers(extreme_table), disadvantage, pairs, suppressed,
                            int(all_zero_areas(frame, indicators).sum()), directional, page)
