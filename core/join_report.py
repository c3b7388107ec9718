"""The join as sozialraum:joinindicators runs it (`join_tables`: tables -> values per area, report, report
table, report page) and its report as HTML (core/html.py) and as a table (every row's fate, every NULL with
its reason)."""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import html
from .join import (
    AREA_DUPLICATE,
    AREA_WITHOUT_ROW,
    DUPLICATE,
    INVALID,
    JOINED,
    NAME_MISMATCH,
    NO_KEY,
    NOT_NUMERIC,
    NOT_TAKEN,
    NULL,
    READ_AS,
    RENAMED,
    REPORT_COLUMNS,
    SKIPPED,
    SUSPICIOUS,
    UNMATCHED,
    WIDE,
    YEAR_LEFT_OUT,
    JoinReport,
    TableSpec,
    join_indicators,
)
from .numbers import DEFAULT_MISSING_CODES

MAX_ROWS = 300
_HEADERS = {"tabelle": "Tabelle", "zeile": "Zeile / Objekt-ID", "schluessel": "Schlüssel", "feld": "Feld",
            "status": "Status", "grund": "Grund", "wert": "Wert"}

_SECTIONS = (
    (UNMATCHED, "Tabellenzeilen ohne Gebiet", "Diese Zeilen wurden nicht übernommen."),
    (NO_KEY, "Tabellenzeilen ohne Schlüssel", "Diese Zeilen wurden nicht übernommen."),
    (AREA_WITHOUT_ROW, "Gebiete ohne Tabellenzeile", "Alle Felder der genannten Tabelle sind hier NULL."),
    (AREA_DUPLICATE, "Doppelte Schlüssel im Gebietslayer", ""),
    (DUPLICATE, "Doppelte Schlüssel in Tabellen", ""),
    (NAME_MISMATCH, "Namensabweichungen (Schlüssel mit geänderter Bedeutung?)", ""),
    (SUSPICIOUS, "Verdächtige Zeilen", "Zeilen mit 0 in allen Indikatoren sind NULL (keine Angabe), sofern "
     "die Option nicht ausgeschaltet ist; alles andere ist nur markiert, nicht verändert."),
    (INVALID, "Als ungültig gekennzeichnete Zeilen", "Alle Indikatoren dieser Zeilen sind NULL."),
    (NOT_NUMERIC, "Nicht numerische Spalten", "Diese Spalten wurden nicht übernommen; Beispielwerte in 'Wert'."),
    (NOT_TAKEN, "Nicht übernommene Spalten", ""),
    (RENAMED, "Umbenannte Felder", ""),
    (SKIPPED, "Übersprungene Zeilen (Vorspann, Fußnoten)", ""),
    (YEAR_LEFT_OUT, "Zeilen anderer Jahre", "Nicht gewählt, daher nicht übernommen."),
)


def report_table(report):
    """The entries as a DataFrame of text for the REPORT sink / CSV: REPORT_COLUMNS plus `bis_zeile`.

    Joined table rows are listed compactly: a run of consecutive joined lines of one table is one row with
    `zeile` (first line) .. `bis_zeile` (last line), `schluessel` "first … last" and the number of rows in
    `grund`. Every other entry is one row with bis_zeile = zeile. So each table row's fate is still in the
    table (lines zeile..bis_zeile), without one feature per joined row.
    """
    frame = report.entries     # read only (not copied: a million joined rows are a million entries)
    line = pd.to_numeric(frame["zeile"], errors="coerce").to_numpy(dtype=float)
    joined = (frame["status"].to_numpy(dtype=object) == JOINED) & ~np.isnan(line)
    table = frame["tabelle"].to_numpy(dtype=object)
    follows = np.zeros(len(frame), dtype=bool)
    if len(frame) > 1:
        follows[1:] = joined[1:] & joined[:-1] & (table[1:] == table[:-1]) & (line[1:] == line[:-1] + 1)
    starts = np.flatnonzero(~follows)
    ends = np.append(starts[1:] - 1, len(frame) - 1) if len(starts) else starts
    out = frame.iloc[starts].loc[:, list(REPORT_COLUMNS)].reset_index(drop=True)
    out["bis_zeile"] = line[ends] if len(starts) else np.array([], dtype=float)
    size = ends - starts + 1
    run = size > 1
    if run.any():
        keys = frame["schluessel"].to_numpy(dtype=object)
        out.loc[run, "schluessel"] = [f"{a} … {b}" for a, b in zip(keys[starts[run]], keys[ends[run]])]
        out.loc[run, "grund"] = [f"{n} Zeilen verbunden" for n in size[run]]
    for column in REPORT_COLUMNS:
        if column != "zeile":
            out[column] = out[column].astype(object).where(out[column].notna(), "").astype(str)
    out["zeile"] = pd.to_numeric(out["zeile"], errors="coerce")
    return out.loc[:, list(REPORT_COLUMNS) + ["bis_zeile"]]


def covered_lines(table):
    """Number of table rows a report table (report_table) covers per status: sum of bis_zeile - zeile + 1."""
    span = (table["bis_zeile"] - table["zeile"] + 1).fillna(1)
    return span.groupby(table["status"]).sum().astype(int)


def _shown(frame):
    out = frame.loc[:, list(REPORT_COLUMNS)].copy()
    out["zeile"] = out["zeile"].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    return out.rename(columns=_HEADERS).drop(columns=["Status"])


def report_html(report, title="Bericht: Indikatoren an Sozialräume anbinden", attribution=""):
    """The whole report page (HTML text)."""
    e = report.entries
    status_codes, statuses = pd.factorize(e["status"].to_numpy(dtype=object))
    statuses = list(statuses)

    def of(status):      # the entries of one status (one comparison of small codes, not of a million texts)
        return e[status_codes == statuses.index(status)] if status in statuses else e.iloc[:0]

    def count(status):
        return int(np.count_nonzero(status_codes == statuses.index(status))) if status in statuses else 0

    facts = pd.DataFrame([
        ("Gebiete im Layer", report.areas),
        ("Tabellenzeilen gelesen", report.table_rows),
        ("Tabellenzeilen verbunden", report.matched),
        ("Tabellenzeilen ohne Gebiet", report.unmatched_rows),
        ("Gebiete ohne Daten", report.unmatched_areas),
        ("Felder angelegt", len(report.fields)),
        ("davon aus Zählwerten berechnete Quoten", len(report.derived)),
        ("NULL-Werte mit Grund", count(NULL)),
    ], columns=["", "Anzahl"])
    facts["Anzahl"] = facts["Anzahl"].map(lambda v: f"{v:,}".replace(",", "."))
    body = [html.table(facts, numeric_columns=("Anzahl",))]
    if report.notes:
        body.append("<h2>Gelesen</h2><ul>" + "".join(f"<li>{html.esc(n)}</li>" for n in report.notes) + "</ul>")
    readings = of(READ_AS)
    if len(readings):
        shown = readings.loc[:, ["tabelle", "feld", "grund"]].rename(
            columns={"tabelle": "Tabelle", "feld": "Spalte", "grund": "Gelesen als"})
        body.append("<h2>Wie die Zahlen gelesen wurden</h2>"
                    '<p class="muted">Das Dezimalzeichen wird je Spalte aus allen ihren Zellen bestimmt; festlegen '
                    "lässt es sich mit dem Parameter DECIMAL.</p>" + html.table(shown, max_rows=MAX_ROWS))
    if report.key_findings:
        body.append("<h2>Hinweise zu Schlüsseln</h2><ul>")
        for table_name, finding in report.key_findings:
            body.append(f'<li><b>{html.esc(table_name)}</b>: {html.esc(finding.message)} '
                        f'<span class="ok">Vorschlag: {html.esc(finding.suggestion)}</span></li>')
        body.append("</ul>")
    for status, heading, hint in _SECTIONS:
        if count(status) == 0:
            continue
        part = of(status)
        body.append(f'<h2 class="warn">{html.esc(heading)} ({len(part)})</h2>')
        if hint:
            body.append(f'<p class="muted">{html.esc(hint)}</p>')
        body.append(html.table(_shown(part), max_rows=MAX_ROWS))
    nulls = of(NULL)
    if len(nulls):
        body.append(f"<h2>NULL-Werte und ihre Gründe ({len(nulls)})</h2>")
        summary = (nulls.groupby(["tabelle", "feld", "grund"], sort=True).size().reset_index(name="Anzahl")
                   .rename(columns={"tabelle": "Tabelle", "feld": "Feld", "grund": "Grund"}))
        summary["Anzahl"] = summary["Anzahl"].astype(str)
        body.append(html.table(summary, numeric_columns=("Anzahl",)))
        body.append('<p class="muted">Jeder einzelne Wert steht in der Berichtstabelle (Ausgabe REPORT).</p>')
    if report.fields:
        fields = pd.DataFrame({"Feld": list(report.fields),
                               "Alias": [report.aliases.get(f, "") for f in report.fields],
                               "Herkunft": ["Quote aus Katalog" if f in report.derived else "Tabelle"
                                            for f in report.fields]})
        body.append("<h2>Angelegte Felder</h2>" + html.table(fields))
    joined = count(JOINED)
    body.append(f'<p class="muted">{joined} Tabellenzeilen verbunden; jede Zeile steht mit ihrem Schicksal in der '
                "Berichtstabelle.</p>")
    subtitle = "Tabellen: " + ", ".join(report.tables)
    return html.page(title, "".join(body), attribution=attribution, subtitle=subtitle)


def _columns_of(frame, columns):
    """The columns of `frame` as a frame of their own, not copied (pandas < 3 copies a selection unless its
    columns are put side by side with copy=False)."""
    if not columns:
        return pd.DataFrame(index=frame.index)
    series = [frame[c] for c in columns]
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.concat(series, axis=1)
    return pd.concat(series, axis=1, copy=False)


@dataclass(frozen=True)
class JoinResult:
    """What sozialraum:joinindicators writes: the new values per area, the report, its table and its page."""
    values: pd.DataFrame       # index = the areas' index (feature ids), one float column per indicator field
    report: JoinReport
    table: pd.DataFrame        # report_table(report), line numbers as integers
    html: str                  # the report page


def split_names(text):
    """'a, b;c' -> ('a', 'b', 'c'): names given as one text parameter, separated by ',' or ';'.

    >>> split_names(" jahr; merkmal, ")
    ('jahr', 'merkmal')
    """
    return tuple(p.strip() for p in str(text or "").replace(";", ",").split(",") if p.strip())


def join_tables(areas, tables, area_key, area_name="", table_key="", table_name="", layout=WIDE, variable=(),
                value="", year="", years=(), catalogue=None, key_width=0, key_extract=False,
                table_duplicates="error", area_duplicates="error", name_mismatch="flag", feedback=None,
                missing_codes=DEFAULT_MISSING_CODES, zero_rows="null", validity=""):
    """Join the IndicatorTables `tables` to `areas` (one row per area: key and name columns, index = feature
    id) and build the report. Each table's key column is `table_key`, or its first column when empty.
    All tables share the layout options (long tables: `variable` columns, `value`, `year`, `years`) and the
    validity field. missing_codes, zero_rows: as in core.join.join_indicators."""
    specs = [TableSpec(table, table_key or table.columns[0], table_name, layout, tuple(variable), value, year,
                       tuple(years), validity=validity) for table in tables]
    joined, report = join_indicators(
        areas, specs, area_key, area_name, catalogue=catalogue, key_width=key_width, key_extract=key_extract,
        area_ids=areas.index.to_numpy(), feedback=feedback, table_duplicates=table_duplicates,
        area_duplicates=area_duplicates, name_mismatch=name_mismatch, missing_codes=missing_codes,
        zero_rows=zero_rows)
    values = _columns_of(joined, list(report.fields))
    if not all(pd.api.types.is_float_dtype(t) for t in values.dtypes):
        values = pd.DataFrame(values.to_numpy(dtype=float), columns=list(report.fields))
    values.index = areas.index
    table = report_table(report)
    for column in ("zeile", "bis_zeile"):
        table[column] = table[column].round().astype("Int64")
    page = report_html(report, attribution=catalogue.attribution() if catalogue is not None else "")
    return JoinResult(values, report, table, page)
