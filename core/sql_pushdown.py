"""The join as SQL for PostgreSQL/PostGIS (push-down): when the areas and every table lie in one database, the
join runs there and no row passes through Python. This module only builds the SQL text (identifiers quoted,
literals escaped); adapter/postgis.py runs it through the QGIS connections API.

The SQL keeps the rules of core.join for wide tables of typed (numeric) columns:
- keys compared as normalised text (blanks collapsed and trimmed, quotes stripped, '12.0' -> '12', integer and
  float keys as their integer text), optionally digits only (key_extract) and padded with zeros (key_width);
- no-value codes (the join's list plus the catalogue's per indicator), NaN and infinity become NULL with the
  reason core.numbers gives them ('leer', 'Code -9999 für 'kein Wert'', …);
- rows with 0 in every indicator (all but at most one base column, the same in every such row; the catalogue's
  denominators exempt) become NULL 'in der Quelle 0 in allen Indikatoren' (zero_rows="null") or stay;
- duplicate table keys: error, first/last row (in primary key order), sum, mean; duplicate area keys: error,
  empty, copy;
- the counts of the report (rows read, joined, without area, without key, duplicates, areas without data,
  NULL values per field and reason) come from SQL.
What it does not do is decided before (adapter.postgis.join_plan): long tables, a name cross-check, a validity
field, catalogue rates, text columns holding numbers and a column in two tables run the normal path.

>>> literal("Code -9999 für 'kein Wert'")
"'Code -9999 für ''kein Wert'''"
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import html
from .aggregation import METHOD_NOTES
from .join import (
    AREA_DUPLICATE,
    AREA_WITHOUT_ROW,
    DUPLICATE,
    JOINED,
    LAYER,
    NO_KEY,
    NULL,
    RENAMED,
    SUSPICIOUS,
    UNMATCHED,
    ZERO_REASON,
)
from .numbers import (
    _INFINITE_WORDS,
    _NAN_WORDS,
    EMPTY_REASON,
    INFINITE_REASON,
    SPECIAL_MARKERS,
    WORD_MARKERS,
    code_reason,
)
from .rates import FROM_COUNTS as RATE_METHOD
from .rates import NOT_AGGREGABLE as NOT_AGGREGABLE_METHOD
from .rates import SUM as SUM_METHOD
from .rates import WEIGHTED as WEIGHTED_METHOD

TEXT, INTEGER, FLOAT = "text", "integer", "float"
STAGE = "__sozialraum_"             # prefix of the temporary tables of one run (dropped at its end)
CHECK = "SOZIALRAUM_CHECK"           # marks an exception raised by check_sql: JSON with what was found
_SETTINGS = "SELECT set_config('jit', 'off', true), set_config('work_mem', '256MB', true)"   # this transaction
_BLANK_CHARS = "\\s\u00a0\u202f\u2009\u200b\ufeff"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal (standard_conforming_strings, the default since PostgreSQL 9.1)."""
    return "'" + str(text).replace("'", "''") + "'"


def number(value: float) -> str:
    """A float8 literal: '-9999'::float8."""
    return f"{literal(repr(float(value)))}::float8"


def qualified(schema: str, table: str) -> str:
    return f"{ident(schema)}.{ident(table)}" if schema else ident(table)


@dataclass(frozen=True)
class Relation:
    """A table in the database: schema, name, its key column and type, its primary key (row order)."""
    schema: str
    table: str
    key: str
    key_type: str = TEXT               # TEXT, INTEGER or FLOAT
    pk: str = ""                       # the primary key column (row ids, order of 'first'/'last')
    columns: tuple = ()                # tables: the value columns (numeric); areas: every column copied
    geometry: str = ""                 # areas: the geometry column
    label: str = ""                    # how the report names it


@dataclass(frozen=True)
class JoinSql:
    """Everything the SQL of one join needs (built by adapter.postgis from the layers, no rows read)."""
    areas: Relation
    tables: tuple                      # Relation per table
    output: tuple                      # (schema, table)
    names: tuple = ()                  # per table: {value column: output field name}; a column left out is not
    #                                    written (it equals the same column of an earlier table)
    codes: dict = field(default_factory=dict)      # value column -> no-value codes
    exempt: tuple = ()                 # catalogue denominators: never part of the zero-row rule
    key_width: int = 0
    key_extract: bool = False
    table_duplicates: str = "error"
    area_duplicates: str = "error"
    zero_rows: str = "null"


def key_expression(column: str, kind: str = TEXT, width: int = 0, extract: bool = False) -> str:
    """SQL of a normalised key (core.keys.normalise_keys): NULL for an empty key.

    >>> key_expression("id", INTEGER)
    '("id")::text'
    """
    if kind == INTEGER:
        expression = f"({ident(column)})::text"
    elif kind == FLOAT:
        c = ident(column)
        expression = (f"(CASE WHEN {c} = 'NaN'::float8 THEN NULL WHEN {c} = trunc({c}) THEN "
                      f"(trunc({c})::numeric)::text ELSE {c}::text END)")
    else:
        collapsed = f"btrim(regexp_replace(({ident(column)})::text, '[{_BLANK_CHARS}]+', ' ', 'g'))"
        stripped = f"btrim(btrim(btrim({collapsed}, '\"'), ''''), ' ')"
        expression = f"NULLIF(regexp_replace({stripped}, '^([+-]?[0-9]+)\\.0+$', '\\1'), '')"
    if extract:
        expression = f"substring({expression} from '([0-9]+)')"
    if width:
        expression = (f"(SELECT CASE WHEN k ~ '^[0-9]+$' AND length(k) < {int(width)} THEN lpad(k, {int(width)}, "
                      f"'0') ELSE k END FROM (SELECT {expression} AS k) AS padded)")
    return expression


def _value(column: str, codes: tuple) -> tuple[str, str]:
    """(value, reason) SQL of one numeric column: NaN, infinity and no-value codes NULL, each with its reason
    (the reason only looked for where the value is no number)."""
    x = f"({ident(column)})::float8"
    special = ", ".join(["'NaN'::float8", "'Infinity'::float8", "'-Infinity'::float8"] + [number(c) for c in codes])
    value = f"CASE WHEN {x} = ANY (ARRAY[{special}]) THEN NULL ELSE {x} END"
    reason = (f"CASE WHEN {x} IS NULL OR {x} = ANY (ARRAY[{special}]) THEN CASE WHEN {x} IS NULL OR {x} = "
              f"'NaN'::float8 THEN {literal(EMPTY_REASON)} WHEN {x} IN ('Infinity'::float8, '-Infinity'::float8) THEN "
              f"{literal(INFINITE_REASON)} " + "".join(f"WHEN {x} = {number(c)} THEN {literal(code_reason(c))} "
                                                       for c in codes) + "END END")
    return value, reason


def _v(i: int) -> str:
    return ident(f"__v{i}")


def _w(i: int) -> str:
    return ident(f"__w{i}")


def _screened(plan: JoinSql, number: int) -> list[int]:
    """Positions of the columns the zero-row rule looks at (not the catalogue's denominators); none below 3."""
    screened = [i for i, c in enumerate(plan.tables[number].columns) if c not in plan.exempt]
    return screened if len(screened) >= 3 else []


def rows_sql(plan: JoinSql, number: int) -> str:
    """SELECT of table `number`'s rows, cleaned: __key, __row, __v<i> (value) and __w<i> (reason) per value
    column, and for the zero-row rule __zeros, __present, __other (position of the first column neither 0 nor
    NULL) and __zero_row (false; zero_rows_sql sets it)."""
    table = plan.tables[number]
    parts = [f"{key_expression(table.key, table.key_type, plan.key_width, plan.key_extract)} AS __key",
             f"{ident(table.pk)} AS __row"]
    for i, column in enumerate(table.columns):
        value, reason = _value(column, tuple(plan.codes.get(column, ())))
        parts += [f"{value} AS {_v(i)}", f"{reason} AS {_w(i)}"]
    source = qualified(table.schema, table.table)
    screened = _screened(plan, number)
    if not screened:
        return f"SELECT {', '.join(parts)}, false AS __zero_row FROM {source}"
    zeros = " + ".join(f"(({_v(i)} = 0) IS TRUE)::int" for i in screened)
    present = " + ".join(f"({_v(i)} IS NOT NULL)::int" for i in screened)
    other = "CASE " + " ".join(f"WHEN {_v(i)} <> 0 THEN {position}" for position, i in enumerate(screened)) + " END"
    return (f"SELECT *, {zeros} AS __zeros, {present} AS __present, {other} AS __other, false AS __zero_row FROM "
            f"(SELECT {', '.join(parts)} FROM {source}) AS r")


def zero_rows_sql(plan: JoinSql, number: int) -> str:
    """UPDATE of the staged rows of table `number` (core.join._screen): rows with 0 in every indicator (at least
    3), or in all but one column that is the same in every such row (a base such as the population), are marked;
    with zero_rows="null" their zeros become NULL with ZERO_REASON. '' when the rule does not apply."""
    screened = _screened(plan, number)
    if not screened:
        return ""
    z = f"{STAGE}z{number}"
    sets = ["__zero_row = true"]
    if plan.zero_rows == "null":
        for i in screened:
            sets += [f"{_v(i)} = CASE WHEN {_v(i)} = 0 THEN NULL ELSE {_v(i)} END",
                     f"{_w(i)} = CASE WHEN {_v(i)} = 0 THEN {literal(ZERO_REASON)} ELSE {_w(i)} END"]
    base = (f"(SELECT CASE WHEN count(DISTINCT __other) = 1 THEN min(__other) END FROM {z} WHERE __zeros >= 3 AND "
            "__zeros = __present - 1)")
    return (f"UPDATE {z} SET {', '.join(sets)} WHERE __zeros >= 3 AND (__zeros = __present OR (__zeros = "
            f"__present - 1 AND __other = {base}))")


def one_per_key_sql(plan: JoinSql, number: int) -> str:
    """SELECT of one row per key from the staged rows of table `number`, by the duplicate rule."""
    z = f"{STAGE}z{number}"
    values = [_v(i) for i in range(len(plan.tables[number].columns))]
    if plan.table_duplicates in ("first", "last"):
        order = "ASC" if plan.table_duplicates == "first" else "DESC"
        return (f"SELECT DISTINCT ON (__key) __key, {', '.join(values)} FROM {z} WHERE __key IS NOT NULL ORDER BY "
                f"__key, __row {order}")
    if plan.table_duplicates in ("sum", "mean"):
        how = "sum" if plan.table_duplicates == "sum" else "avg"
        aggregated = ", ".join(f"{how}({v}) AS {v}" for v in values)
        return f"SELECT __key, {aggregated} FROM {z} WHERE __key IS NOT NULL GROUP BY __key"
    return f"SELECT __key, {', '.join(values)} FROM {z} WHERE __key IS NOT NULL"


def _with(plan: JoinSql) -> str:
    """The CTEs a, t<n>_z (cleaned rows), t<n> (one row per key) over the temporary tables of stage_sql."""
    ctes = [f"a AS (SELECT * FROM {STAGE}a)"]
    for number in range(len(plan.tables)):
        ctes += [f"t{number}_z AS (SELECT * FROM {STAGE}z{number})", f"t{number} AS (SELECT * FROM {STAGE}t{number})"]
    return "WITH " + ", ".join(ctes) + "\n"


def _blocked(plan: JoinSql) -> str:
    return " AND NOT a.__adup" if plan.area_duplicates == "empty" else ""


def drop_own_style_sql(output: tuple, style: str) -> str:
    """Our own style row (`style`) of the output table (schema, table) removed from layer_styles (when the database
    has that table): QGIS 3.22's saveStyleToDatabase would otherwise ask whether to overwrite it, even headless."""
    schema, table = output
    return ("DO $style$ BEGIN IF to_regclass('layer_styles') IS NOT NULL THEN DELETE FROM layer_styles WHERE "
            f"f_table_catalog = current_database() AND f_table_schema = {literal(schema)} AND f_table_name = "
            f"{literal(table)} AND stylename = {literal(style)}; END IF; END $style$")


def create_sql(plan: JoinSql, style: str = "") -> str:
    """The statements that write the output table (run as one implicit transaction: all or nothing): the areas'
    columns and geometry, then one float8 column per indicator, primary key and spatial index as the areas'.
    `style`: the name of a stored style (QGIS's layer_styles table) of a former table of that name, removed with
    it (QGIS would ask before overwriting it, and it belongs to the old table)."""
    areas = plan.areas
    out = qualified(*plan.output)
    first = [c for c in areas.columns if c == areas.pk]        # as QGIS writes a table: key, geometry, fields
    selected = ([f"a.{ident(c)}" for c in first] + ([f"a.{ident(areas.geometry)}"] if areas.geometry else [])
                + [f"a.{ident(c)}" for c in areas.columns if c not in first])
    joins = []
    for number, table in enumerate(plan.tables):
        names = plan.names[number]
        for i, column in enumerate(table.columns):
            if column in names:
                selected.append(f"(t{number}.{_v(i)})::float8 AS {ident(names[column])}")
        joins.append(f"LEFT JOIN t{number} ON t{number}.__key = a.__akey{_blocked(plan)}")
    statements = [f"DROP TABLE IF EXISTS {out}",
                  f"CREATE TABLE {out} AS {_with(plan)}SELECT {', '.join(selected)} FROM a {' '.join(joins)}"]
    if areas.pk:
        statements.append(f"ALTER TABLE {out} ADD PRIMARY KEY ({ident(areas.pk)})")
    if areas.geometry:
        index = ident(f"{plan.output[1]}_{areas.geometry}_idx"[:63])
        statements.append(f"CREATE INDEX {index} ON {out} USING gist ({ident(areas.geometry)})")
    if style:
        statements.append(drop_own_style_sql(plan.output, style))
    return ";\n".join(statements)


def same_values_sql(plan: JoinSql, first: tuple, second: tuple) -> str:
    """A script whose result is one boolean: the column (table number, column) `second` gives every area the value
    `first` gave it (NULL where it is NULL; numbers equal within numpy.allclose's rtol 1e-5, atol 1e-8, as
    core.join compares a column that two tables hold). It stages the tables (stage_sql) in its own transaction."""
    (n, x), (m, y) = first, second
    i, j = plan.tables[n].columns.index(x), plan.tables[m].columns.index(y)
    query = (f"{_with(plan)}SELECT coalesce(bool_and((x IS NULL AND y IS NULL) OR (x IS NOT NULL AND y IS NOT NULL "
             f"AND abs(x - y) <= 1e-8 + 1e-5 * abs(y))), true) FROM (SELECT t{n}.{_v(i)} AS x, t{m}.{_v(j)} AS y "
             f"FROM a LEFT JOIN t{n} ON t{n}.__key = a.__akey{_blocked(plan)} LEFT JOIN t{m} ON t{m}.__key = "
             f"a.__akey{_blocked(plan)}) AS p")
    return ";\n".join([_SETTINGS] + stage_sql(plan) + [query])


def area_counts_sql(plan: JoinSql) -> str:
    """One row (c0..c3): areas, areas with a duplicated key, areas without key, areas that received no table
    row."""
    joins = " ".join(f"LEFT JOIN (SELECT DISTINCT __key FROM t{n}) AS m{n} ON m{n}.__key = a.__akey{_blocked(plan)}"
                     for n in range(len(plan.tables)))
    received = " OR ".join(f"m{n}.__key IS NOT NULL" for n in range(len(plan.tables))) or "false"
    return (f"{_with(plan)}SELECT count(*) AS c0, count(*) FILTER (WHERE a.__adup) AS c1, count(*) FILTER "
            f"(WHERE a.__akey IS NULL) AS c2, count(*) FILTER (WHERE NOT ({received})) AS c3 FROM a {joins}")


def table_counts_sql(plan: JoinSql, number: int) -> str:
    """One row (c0..c8) for table `number`: rows, rows without key, rows whose key is an area's, rows whose key is
    not, rows with a duplicated key, rows the first/last rule drops (all, and those whose key is an area's), rows
    of zeros, areas without a row in this table."""
    name = f"t{number}"
    keep = "max" if plan.table_duplicates == "last" else "min"
    drops = plan.table_duplicates in ("first", "last")
    dropped = "r.__key IS NOT NULL AND r.__dups > 1 AND NOT r.__kept" if drops else "false"
    return (f"{_with(plan)}, keys AS (SELECT DISTINCT __akey FROM a WHERE __akey IS NOT NULL),\n"
            f"d AS (SELECT __key, count(*) AS n, {keep}(__row) AS kept FROM {name}_z WHERE __key IS NOT NULL GROUP BY "
            "__key),\n"
            f"r AS (SELECT z.__key, z.__zero_row, k.__akey IS NOT NULL AS __in, d.n AS __dups, z.__row = d.kept AS "
            f"__kept FROM {name}_z AS z LEFT JOIN keys AS k ON k.__akey = z.__key LEFT JOIN d ON d.__key = z.__key)\n"
            f"SELECT count(*) AS c0, count(*) FILTER (WHERE r.__key IS NULL) AS c1, count(*) FILTER (WHERE r.__in) AS "
            f"c2, count(*) FILTER (WHERE r.__key IS NOT NULL AND NOT r.__in) AS c3, count(*) FILTER (WHERE r.__key IS "
            f"NOT NULL AND r.__dups > 1) AS c4, count(*) FILTER (WHERE {dropped}) AS c5, count(*) FILTER (WHERE "
            f"{dropped} AND r.__in) AS c6, count(*) FILTER (WHERE r.__zero_row) AS c7, (SELECT count(*) FROM a WHERE "
            f"NOT EXISTS (SELECT 1 FROM {name} WHERE {name}.__key = a.__akey)) AS c8 FROM r")


def null_reasons_sql(plan: JoinSql, number: int) -> str:
    """(col, why, count) of the NULL values of table `number` in rows that were joined (core.join lists each in
    the report as status NULL)."""
    table = plan.tables[number]
    name = f"t{number}"
    if not table.columns:
        return "SELECT NULL::text AS col, NULL::text AS why, 0 AS count WHERE false"
    keep = ""
    if plan.table_duplicates in ("first", "last"):
        order = "ASC" if plan.table_duplicates == "first" else "DESC"
        keep = (f" AND z.__row = (SELECT z2.__row FROM {name}_z AS z2 WHERE z2.__key = z.__key ORDER BY z2.__row "
                f"{order} LIMIT 1)")
    pairs = ", ".join(f"({literal(c)}, z.{_w(i)})" for i, c in enumerate(table.columns))
    some = " OR ".join(f"{_w(i)} IS NOT NULL" for i in range(len(table.columns)))
    return (f"{_with(plan)}SELECT v.col, v.why, count(*) AS count FROM (SELECT * FROM {name}_z WHERE {some}) "
            f"AS z CROSS JOIN LATERAL "
            f"(VALUES {pairs}) AS v(col, why) WHERE v.why IS NOT NULL AND EXISTS (SELECT 1 FROM a WHERE a.__akey = "
            f"z.__key){keep} GROUP BY v.col, v.why ORDER BY v.col, v.why")


def stage_sql(plan: JoinSql) -> list[str]:
    """Statements that compute the areas' keys and each table's cleaned rows once, as temporary tables dropped at
    the end of the transaction (checks, counts and the output read them). Areas: __akey, __adup (key shared with
    another area)."""
    areas = plan.areas
    key = key_expression(areas.key, areas.key_type, plan.key_width, plan.key_extract)
    columns = ", ".join(ident(c) for c in areas.columns + ((areas.geometry,) if areas.geometry else ()))
    a = f"{STAGE}a"
    statements = [
        f"CREATE TEMP TABLE {a} ON COMMIT DROP AS SELECT {columns}, {key} AS __akey, false AS __adup FROM "
        f"{qualified(areas.schema, areas.table)}",
        f"UPDATE {a} SET __adup = true WHERE __akey IN (SELECT __akey FROM {a} WHERE __akey IS NOT NULL GROUP BY "
        "__akey HAVING count(*) > 1)",
        f"ANALYZE {a} (__akey)"]
    for number in range(len(plan.tables)):
        z, t = f"{STAGE}z{number}", f"{STAGE}t{number}"
        statements += [f"CREATE TEMP TABLE {z} ON COMMIT DROP AS {rows_sql(plan, number)}",
                       zero_rows_sql(plan, number), f"ANALYZE {z} (__key)",
                       f"CREATE TEMP TABLE {t} ON COMMIT DROP AS {one_per_key_sql(plan, number)}",
                       f"ANALYZE {t} (__key)"]
    return [statement for statement in statements if statement]


def check_sql(plan: JoinSql) -> str:
    """A block that stops the transaction (nothing written) with an exception 'SOZIALRAUM_CHECK <json>' for the
    errors of core.join: duplicated area keys or table keys without a rule, a table whose keys match no area."""
    lines = ["DO $check$ DECLARE n bigint; keys text; lines text; BEGIN"]
    if plan.area_duplicates == "error":
        lines.append(
            f"SELECT count(*) INTO n FROM {STAGE}a WHERE __adup; IF n > 0 THEN SELECT string_agg(k, ', ') INTO keys "
            f"FROM (SELECT DISTINCT __akey AS k FROM {STAGE}a WHERE __adup ORDER BY 1 LIMIT 10) AS s; RAISE EXCEPTION "
            f"'{CHECK} %', json_build_object('kind', 'area_duplicates', 'n', n, 'keys', keys); END IF;")
    for number in range(len(plan.tables)):
        z = f"{STAGE}z{number}"
        lines.append(
            f"IF NOT EXISTS (SELECT 1 FROM {z} AS z JOIN {STAGE}a AS a ON a.__akey = z.__key) THEN RAISE EXCEPTION "
            f"'{CHECK} %', json_build_object('kind', 'no_match', 'table', {number}, 'n', (SELECT count(*) FROM {z} "
            f"WHERE __key IS NOT NULL), 'table_keys', (SELECT string_agg(quote_literal(k), ', ') FROM (SELECT "
            f"DISTINCT __key AS k FROM {z} WHERE __key IS NOT NULL ORDER BY 1 LIMIT 3) AS s), 'area_keys', (SELECT "
            f"string_agg(quote_literal(k), ', ') FROM (SELECT DISTINCT __akey AS k FROM {STAGE}a WHERE __akey IS NOT "
            "NULL ORDER BY 1 LIMIT 3) AS s)); END IF;")
        if plan.table_duplicates == "error":
            lines.append(
                f"SELECT count(*), string_agg(DISTINCT __key, ', ') FILTER (WHERE position <= 10), "
                f"string_agg(__row::text, ', ' ORDER BY __row) FILTER (WHERE position <= 10) INTO n, keys, lines FROM "
                f"(SELECT __key, __row, row_number() OVER (ORDER BY __row) AS position FROM (SELECT __key, __row, "
                f"count(*) OVER (PARTITION BY __key) AS c FROM {z} WHERE __key IS NOT NULL) AS d WHERE c > 1) AS e; IF "
                f"n > 0 THEN RAISE EXCEPTION '{CHECK} %', json_build_object('kind', 'table_duplicates', 'table', "
                f"{number}, 'n', n, 'keys', keys, 'lines', lines); END IF;")
    return "\n".join(lines + ["END $check$"])


def counts_sql(plan: JoinSql) -> str:
    """One text value: the report's counts as JSON {"areas": [{c0..c3}], "t<n>": [{c0..c8}], "nulls<n>":
    [{col, why, count}, …]} from the staged tables."""
    parts = [f"'areas', (SELECT json_agg(x) FROM ({area_counts_sql(plan)}) AS x)"]
    for number in range(len(plan.tables)):
        parts += [f"'t{number}', (SELECT json_agg(x) FROM ({table_counts_sql(plan, number)}) AS x)",
                  f"'nulls{number}', (SELECT json_agg(x) FROM ({null_reasons_sql(plan, number)}) AS x)"]
    return f"SELECT json_build_object({', '.join(parts)})::text"


def script_sql(plan: JoinSql, style: str = "") -> str:
    """The whole join as one script (one implicit transaction, all or nothing): stage, check, write the output
    table, return the counts (counts_sql, the script's last result). JIT compilation is switched off for it (it
    costs more than it saves on these expressions) and sorts get more memory, for this transaction only."""
    statements = [_SETTINGS] + stage_sql(plan) + [check_sql(plan)]
    statements += [create_sql(plan, style), counts_sql(plan)]
    return ";\n".join(statements)


def text_column_sql(relation: Relation, columns: tuple) -> str:
    """Per text column: (has a digit somewhere, has a plain word somewhere). core.join skips a column of words
    without any number ('nicht numerisch'); any other text column is read by the normal path."""
    words = sorted({w.lower() for w in list(WORD_MARKERS) + list(SPECIAL_MARKERS) + list(_INFINITE_WORDS)
                    + list(_NAN_WORDS)})
    listed = ", ".join(literal(w) for w in words)
    parts = []
    for column in columns:
        c = f"({ident(column)})::text"
        cleaned = f"lower(regexp_replace({c}, '[{_BLANK_CHARS}\"''%]', '', 'g'))"
        parts += [f"coalesce(bool_or({c} ~ '[0-9]'), false)",
                  f"coalesce(bool_or({c} ~ '[[:alpha:]]' AND {cleaned} NOT IN ({listed}) AND {cleaned} !~ '^#'), "
                  "false)"]
    return f"SELECT {', '.join(parts) or 'true'} FROM {qualified(relation.schema, relation.table)}"


@dataclass(frozen=True)
class PushDownReport:
    """The counts of a join run in the database (core.join.JoinReport's numbers, from SQL)."""
    areas: int
    table_rows: int
    matched: int
    unmatched_rows: int
    unmatched_areas: int
    area_duplicates: int
    per_table: tuple           # dict per table: table, rows, no_key, joined, unmatched, duplicates, zero_rows, lacking
    nulls: tuple               # (table, field, reason, count)
    renamed: tuple = ()        # (table, column, output name): a column an earlier table holds with other values


REPORT_COUNT_COLUMNS = ("tabelle", "feld", "status", "grund", "anzahl")


def report_counts(report: PushDownReport, zero_rows: str = "null") -> pd.DataFrame:
    """The report of a join run in the database as counts: one row per table and status (the statuses of
    core.join), one per field and NULL reason; the rows themselves stayed in the database.

    >>> r = PushDownReport(3, 4, 3, 1, 0, 0, (dict(table="t", rows=4, no_key=0, joined=3, unmatched=1,
    ...     duplicates=0, zero_rows=0, lacking=0),), (("t", "a", "leer", 2),))
    >>> report_counts(r)[["status", "anzahl"]].values.tolist()
    [['verbunden', 3], ['nicht zugeordnet', 1], ['NULL', 2]]
    """
    zero_text = (f"{ZERO_REASON} – als 'keine Angabe' (NULL) übernommen" if zero_rows == "null"
                 else "0 in allen Indikatoren – Werte unverändert übernommen")
    rows = []
    if report.area_duplicates:
        rows.append((LAYER, "", AREA_DUPLICATE, "Schlüssel mehrfach im Layer", report.area_duplicates))
    for table in report.per_table:
        name = table["table"]
        rows += [(name, "", JOINED, "Tabellenzeilen verbunden", table["joined"]),
                 (name, "", UNMATCHED, "kein Gebiet mit diesem Schlüssel", table["unmatched"] - table["no_key"]),
                 (name, "", NO_KEY, "Schlüssel leer", table["no_key"]),
                 (name, "", DUPLICATE, "Schlüssel doppelt", table["duplicates"]),
                 (name, "*", SUSPICIOUS, zero_text, table["zero_rows"]),
                 (name, "*", AREA_WITHOUT_ROW, f"kein Eintrag in Tabelle {name} – alle Felder dieser Tabelle NULL",
                  table["lacking"])]
    rows += [(t, c, RENAMED, f"Name schon vergeben – als '{out}' angelegt", 1) for t, c, out in report.renamed]
    rows += [(t, f, NULL, w, n) for t, f, w, n in report.nulls]
    frame = pd.DataFrame(rows, columns=list(REPORT_COUNT_COLUMNS))
    frame = frame[frame["anzahl"] > 0].reset_index(drop=True)
    frame["anzahl"] = frame["anzahl"].astype("int64")
    return frame


def report_page(report: PushDownReport, counts: pd.DataFrame, attribution: str = "") -> str:
    """The report page of a join run in the database (counts; the rows stayed in the database)."""
    facts = pd.DataFrame([
        ("Gebiete im Layer", report.areas),
        ("Tabellenzeilen gelesen", report.table_rows),
        ("Tabellenzeilen verbunden", report.matched),
        ("Tabellenzeilen ohne Gebiet", report.unmatched_rows),
        ("Gebiete ohne Daten", report.unmatched_areas),
    ], columns=["", "Anzahl"])
    facts["Anzahl"] = facts["Anzahl"].map(lambda v: f"{v:,}".replace(",", "."))
    shown = counts.rename(columns={"tabelle": "Tabelle", "feld": "Feld", "status": "Status", "grund": "Grund",
                                   "anzahl": "Anzahl"}).astype(str)
    body = (html.table(facts, numeric_columns=("Anzahl",))
            + '<p class="muted">Der Join lief in der Datenbank (PostGIS): die Zahlen stammen aus SQL, einzelne '
            "Zeilen blieben in der Datenbank. Für die Liste jeder Zeile den Join mit einer Datei als Ausgabe "
            "ausführen.</p><h2>Zeilen und NULL-Werte nach Status und Grund</h2>"
            + html.table(shown, numeric_columns=("Anzahl",)))
    return html.page("Bericht: Indikatoren an Sozialräume anbinden (in der Datenbank)", body,
                     attribution=attribution, subtitle="Tabellen: " + ", ".join(t["table"] for t in report.per_table))


# --- aggregation (sozialraum:aggregate) -------------------------------------------------------------------------
AGG_STAGE = STAGE + "agg_"
NOT_AGGREGABLE_NOTE = METHOD_NOTES[NOT_AGGREGABLE_METHOD]


@dataclass(frozen=True)
class AggregateSql:
    """Everything the SQL of one aggregation needs (built by adapter.postgis.aggregate_plan, no rows read).

    columns: every aggregated column in core.aggregation's order (the shown ones, then the rates' counts);
    shown: the columns written; methods: column -> core.rates method; rates: column -> (numerator, denominator,
    multiplier) of each rate computed from counts; parent: (field, kind) or prefix (key field, kind, length) or
    neither (one unit 'Gesamt'); codes: column -> no-value codes; the rule: min_count (0: off), count_columns
    (the counts it checks), checked_rates (column -> (numerator, denominator): hidden with a small count),
    min_population with population (0/'': off); geometry: (column, multi type, SRID, dimension) or ()."""
    source: Relation                   # schema, table, pk (the areas)
    output: tuple                      # (schema, table)
    columns: tuple
    shown: tuple
    methods: dict
    rates: dict = field(default_factory=dict)
    parent: tuple = ()                 # (field, kind)
    prefix: tuple = ()                 # (key field, kind, length)
    region: str = "Gesamt"
    weight: str = ""
    codes: dict = field(default_factory=dict)
    min_count: int = 0
    count_columns: tuple = ()
    checked_rates: dict = field(default_factory=dict)
    min_population: float = 0
    population: str = ""
    count_reason: str = ""
    population_reason: str = ""
    geometry: tuple = ()


def _coded_key(column: str, kind: str, codes: tuple) -> str:
    """The normalised key of a key or parent field; a numeric one holding a no-value code is no key."""
    expression = key_expression(column, kind)
    if kind == TEXT or not codes:
        return expression
    listed = ", ".join(number(c) for c in codes)
    return f"(CASE WHEN ({ident(column)})::float8 = ANY (ARRAY[{listed}]) THEN NULL ELSE {expression} END)"


def parent_expression(plan: AggregateSql) -> str:
    """SQL of an area's parent key (core.aggregation.parents_for): the parent field's normalised key, the first n
    characters of the normalised area key (NULL when shorter), or the region for every area."""
    if plan.parent:
        name, kind = plan.parent
        return _coded_key(name, kind, plan.codes.get(name, ()))
    if plan.prefix:
        name, kind, length = plan.prefix
        k = _coded_key(name, kind, plan.codes.get(name, ()))
        return (f"(SELECT CASE WHEN k IS NULL OR length(k) < {int(length)} THEN NULL ELSE left(k, {int(length)}) END "
                f"FROM (SELECT {k} AS k) AS prefixed)")
    return literal(plan.region)


def _fields(plan: AggregateSql) -> list:
    return list(dict.fromkeys(list(plan.columns) + ([plan.weight] if plan.weight else [])))


def prefix_check_sql(plan: AggregateSql) -> str:
    """(areas with a parent, distinct lengths of the digit keys when parents are key prefixes): core.aggregation
    refuses keys of different lengths (leading zeros lost), and a run without any parent."""
    lengths = "0"
    source = qualified(plan.source.schema, plan.source.table)
    if plan.prefix:
        name, kind, _length = plan.prefix
        k = _coded_key(name, kind, plan.codes.get(name, ()))
        lengths = (f"(SELECT count(DISTINCT length(k)) FROM (SELECT {k} AS k FROM {source}) AS keys WHERE "
                   "k ~ '^[0-9]+$')")
    return (f"SELECT (SELECT count(*) FROM {source} WHERE "
            f"{parent_expression(plan)} IS NOT NULL), {lengths}")


def _aggregate_stage(plan: AggregateSql) -> str:
    """The areas once, cleaned: __id, __p (parent key), __v<i> per field (no-value codes, NaN, infinity NULL),
    __c (cells that held a no-value code), the geometry __g and __bad (invalid: repaired for the union; validity
    is tested once per area)."""
    selected = [f"{ident(plan.source.pk)} AS __id", f"{parent_expression(plan)} AS __p"]
    coded = []
    for i, column in enumerate(_fields(plan)):
        codes = plan.codes.get(column, ())
        selected.append(f"{_value(column, codes)[0]} AS {_v(i)}")
        if codes:
            listed = ", ".join(number(c) for c in codes)
            coded.append(f"(({ident(column)})::float8 = ANY (ARRAY[{listed}]))::int")
    selected.append(f"{' + '.join(coded) or '0'} AS __c")
    if plan.geometry:
        g = ident(plan.geometry[0])
        selected += [f"{g} AS __g", f"({g} IS NOT NULL AND NOT ST_IsEmpty({g}) AND NOT ST_IsValid({g})) AS __bad"]
    return (f"CREATE TEMP TABLE {AGG_STAGE}g ON COMMIT DROP AS SELECT {', '.join(selected)} FROM "
            f"{qualified(plan.source.schema, plan.source.table)}")


def _sums_sql(plan: AggregateSql) -> str:
    """Per parent: __n (areas), __s<i> (sum, NULL without any value), __m<i> (areas without a value), for
    weighted means __ws<i>/__wt<i> (sum of value × weight, of the weights beside a value), the union of the
    geometries (invalid ones repaired for it, empty ones left out)."""
    fields = _fields(plan)
    parts = ["__p", "count(*) AS __n"]
    for i, column in enumerate(plan.columns):
        parts += [f"sum({_v(i)}) AS {ident(f'__s{i}')}", f"count(*) - count({_v(i)}) AS {ident(f'__m{i}')}"]
        if plan.methods[column] == WEIGHTED_METHOD:
            w = _v(fields.index(plan.weight))
            parts += [f"sum({_v(i)} * {w}) AS {ident(f'__ws{i}')}",
                      f"sum(CASE WHEN {_v(i)} IS NOT NULL THEN {w} END) AS {ident(f'__wt{i}')}"]
    if plan.geometry:
        _name, kind, srid, dimension = plan.geometry
        valid = f"CASE WHEN __bad THEN ST_CollectionExtract(ST_MakeValid(__g), {int(dimension)}) ELSE __g END"
        parts.append(f"(ST_Multi(ST_Union({valid}) FILTER (WHERE __g IS NOT NULL AND NOT ST_IsEmpty(__g))))"
                     f"::geometry({kind}, {int(srid)}) AS __g")
    return f"SELECT {', '.join(parts)} FROM {AGG_STAGE}g WHERE __p IS NOT NULL GROUP BY __p"


def _x(i: int) -> str:
    return ident(f"__x{i}")


def _r(i: int) -> str:
    return ident(f"__r{i}")


def _values_sql(plan: AggregateSql) -> str:
    """Per parent and column: __x<i> (the value; NULL where a sum misses an area) and __r<i> (why it is NULL),
    as core.aggregation._one_level gives them."""
    index = {c: i for i, c in enumerate(plan.columns)}
    parts = ["__p", "__n"] + (["__g"] if plan.geometry else [])
    for i, column in enumerate(plan.columns):
        method, s, m = plan.methods[column], ident(f"__s{i}"), ident(f"__m{i}")
        if method == SUM_METHOD:
            value = f"CASE WHEN {m} > 0 THEN NULL ELSE {s} END"
            reason = (f"CASE WHEN {m} > 0 THEN 'unvollständig: ' || {m} || ' von ' || __n || ' Gebieten ohne Wert' "
                      f"WHEN {s} IS NULL THEN 'kein Gebiet mit Wert' END")
        elif method == RATE_METHOD:
            numerator, denominator, multiplier = plan.rates[column]
            a, b = index[numerator], index[denominator]
            ma, mb = ident(f"__m{a}"), ident(f"__m{b}")
            value = (f"CASE WHEN {ma} > 0 OR {mb} > 0 THEN NULL ELSE ({ident(f'__s{a}')} / NULLIF({ident(f'__s{b}')}, "
                     f"0)) * {number(multiplier)} END")
            gap_a = literal("unvollständig: Zähler '" + numerator + "' fehlt in ")
            gap_b = literal("unvollständig: Nenner '" + denominator + "' fehlt in ")
            reason = (f"CASE WHEN {ma} > 0 THEN {gap_a} || {ma} || ' von ' || __n || ' Gebieten' WHEN {mb} > 0 THEN "
                      f"{gap_b} || {mb} || ' von ' || __n || ' Gebieten' WHEN ({value}) IS NULL THEN "
                      "'Nenner 0 oder ohne Wert' END")
        elif method == WEIGHTED_METHOD:
            value = f"{ident(f'__ws{i}')} / NULLIF({ident(f'__wt{i}')}, 0)"
            reason = f"CASE WHEN ({value}) IS NULL THEN 'kein Gebiet mit Wert und Gewicht' END"
        else:
            value, reason = "NULL::float8", literal(NOT_AGGREGABLE_NOTE)
        parts += [f"({value})::float8 AS {_x(i)}", f"({reason})::text AS {_r(i)}"]
    return f"SELECT {', '.join(parts)} FROM ({_sums_sql(plan)}) AS sums"


def _hidden(plan: AggregateSql, i: int, index: dict) -> str:
    """The primary suppression reason of cell i (core.privacy.suppression_mask), NULL when shown."""
    column = plan.columns[i]
    cases = []
    if plan.min_population and plan.population:
        cases.append(f"WHEN {_x(index[plan.population])} < {number(plan.min_population)} THEN "
                     f"{literal(plan.population_reason)}")
    if plan.min_count:
        def small(name):
            return f"({_x(index[name])} > 0 AND {_x(index[name])} < {int(plan.min_count)})"
        tests = [small(column)] if column in plan.count_columns else []
        if column in plan.checked_rates:
            tests += [small(part) for part in plan.checked_rates[column]]
        if tests:
            cases.append(f"WHEN {' OR '.join(tests)} THEN {literal(plan.count_reason)}")
    return f"CASE {' '.join(cases)} END" if cases else "NULL::text"


def _result_sql(plan: AggregateSql) -> str:
    """The temporary table of the result: per parent __p, __n, the geometry, per shown column __x<i> (the value
    written) and __r<i> (why it is NULL: its own reason, else the suppression's), __h<i> (1: hidden by the rule)."""
    index = {c: i for i, c in enumerate(plan.columns)}
    parts = ["__p", "__n"] + (["__g"] if plan.geometry else [])
    for column in plan.shown:
        i = index[column]
        hidden = _hidden(plan, i, index)
        newly = f"({_x(i)} IS NOT NULL AND ({hidden}) IS NOT NULL)"
        parts += [f"CASE WHEN {newly} THEN NULL ELSE {_x(i)} END AS {_x(i)}",
                  f"CASE WHEN {newly} THEN ({hidden}) ELSE {_r(i)} END AS {_r(i)}",
                  f"({newly})::int AS {ident(f'__h{i}')}"]
    return (f"CREATE TEMP TABLE {AGG_STAGE}r ON COMMIT DROP AS SELECT {', '.join(parts)} FROM ({_values_sql(plan)}) "
            "AS v")


def aggregate_create_sql(plan: AggregateSql, style: str = "") -> str:
    """The statements that write the output table: fid, the parents' union, einheit, gebiete, one float8 column
    per shown field, in the order of the keys (as Python sorts text); primary key and spatial index."""
    index = {c: i for i, c in enumerate(plan.columns)}
    out = qualified(*plan.output)
    order = '__p COLLATE "C"'
    selected = [f"(row_number() OVER (ORDER BY {order}))::bigint AS fid"]
    if plan.geometry:
        selected.append(f"__g AS {ident(plan.geometry[0])}")
    selected += ["__p::text AS einheit", "__n::int4 AS gebiete"]
    selected += [f"{_x(index[c])}::float8 AS {ident(c)}" for c in plan.shown]
    statements = [f"DROP TABLE IF EXISTS {out}",
                  f"CREATE TABLE {out} AS SELECT {', '.join(selected)} FROM {AGG_STAGE}r ORDER BY {order}",
                  f"ALTER TABLE {out} ADD PRIMARY KEY (fid)"]
    if plan.geometry:
        name = ident(f"{plan.output[1]}_{plan.geometry[0]}_idx"[:63])
        statements.append(f"CREATE INDEX {name} ON {out} USING gist ({ident(plan.geometry[0])})")
    if style:
        statements.append(drop_own_style_sql(plan.output, style))
    return ";\n".join(statements)


def aggregate_counts_sql(plan: AggregateSql) -> str:
    """One text value, JSON: "units" [[key, areas, [values], [reasons]] per unit in key order], "without" (areas
    without a parent), "examples" (their first 10 ids), "hidden" (values the rule hid), "coded" (cells that held
    a no-value code), "repaired" (invalid geometries repaired for the union)."""
    index = {c: i for i, c in enumerate(plan.columns)}
    values = ", ".join(f"{_x(index[c])}" for c in plan.shown)
    reasons = ", ".join(f"{_r(index[c])}" for c in plan.shown)
    hidden = " + ".join(f"{ident(f'__h{index[c]}')}" for c in plan.shown) or "0"
    repaired = f"(SELECT count(*) FROM {AGG_STAGE}g WHERE __bad)" if plan.geometry else "0"
    return ("SELECT json_build_object("
            f"'units', (SELECT json_agg(json_build_array(__p, __n, to_json(ARRAY[{values}]::float8[]), "
            f"to_json(ARRAY[{reasons}]::text[])) ORDER BY __p COLLATE \"C\") FROM "
            f"{AGG_STAGE}r), "
            f"'without', (SELECT count(*) FROM {AGG_STAGE}g WHERE __p IS NULL), "
            f"'examples', (SELECT json_agg(__id) FROM (SELECT __id FROM {AGG_STAGE}g WHERE __p IS NULL ORDER BY __id "
            "LIMIT 10) AS e), "
            f"'hidden', (SELECT coalesce(sum({hidden}), 0) FROM {AGG_STAGE}r), "
            f"'coded', (SELECT coalesce(sum(__c), 0) FROM {AGG_STAGE}g), "
            f"'repaired', {repaired})::text")


def aggregate_script_sql(plan: AggregateSql, style: str = "") -> str:
    """The whole aggregation as one script (one implicit transaction, all or nothing): the areas cleaned once
    into a temporary table, the result per parent into another, the output table, the counts (last result)."""
    statements = [_SETTINGS, _aggregate_stage(plan), _result_sql(plan), aggregate_create_sql(plan, style),
                  aggregate_counts_sql(plan)]
    return ";\n".join(statements)


# --- composite index (sozialraum:compositeindex) -----------------------------------------------------------------
IX_STAGE = STAGE + "ix_"


@dataclass(frozen=True)
class IndexSql:
    """Everything the SQL of one status index needs (z-score, MSS classes, no dynamics; built by
    adapter.postgis.index_plan). source.columns: the layer's fields copied into the output (primary key first);
    signs/weights per indicator; population: (field, minimum) of a reference area (('', 0): none); counts: the
    count fields the privacy rule checks (min_count, 0: off), population_rule: (field, minimum) ('', 0: off)."""
    source: Relation
    output: tuple
    indicators: tuple
    signs: tuple
    weights: tuple
    codes: dict = field(default_factory=dict)
    ddof: int = 0
    restandardise: bool = True
    population: tuple = ("", 0.0)
    counts: tuple = ()
    min_count: int = 0
    population_rule: tuple = ("", 0.0)
    missing_reason: str = ""
    population_reason: str = ""
    outside: str = ""
    classes: tuple = ()                # MSS status classes, favourable first
    levels: dict = field(default_factory=dict)


def _ix_stage(plan: IndexSql) -> str:
    """The areas once: __id, __v<i> per indicator (no-value codes, NaN, infinity NULL), __note (why not in the
    reference, '' when in it), __small (a cell the privacy rule would hide), __c (cells holding a no-value code
    among the numeric fields the normal path reads)."""
    v = [f"{_value(c, plan.codes.get(c, ()))[0]}" for c in plan.indicators]
    selected = [f"{ident(plan.source.pk)} AS __id"] + [f"{e} AS {_v(i)}" for i, e in enumerate(v)]
    note = [f"WHEN {' OR '.join(f'({e}) IS NULL' for e in v)} THEN {literal(plan.missing_reason)}"]
    name, minimum = plan.population
    if name and minimum:
        p = _value(name, plan.codes.get(name, ()))[0]
        note.append(f"WHEN ({p}) IS NULL OR ({p}) < {number(minimum)} THEN {literal(plan.population_reason)}")
    selected.append(f"CASE {' '.join(note)} ELSE '' END AS __note")
    small = [f"(({_value(c, plan.codes.get(c, ()))[0]}) > 0 AND ({_value(c, plan.codes.get(c, ()))[0]}) < "
             f"{int(plan.min_count)})" for c in plan.counts] if plan.min_count else []
    rule_field, rule_minimum = plan.population_rule
    if rule_field and rule_minimum:
        small.append(f"({_value(rule_field, plan.codes.get(rule_field, ()))[0]}) < {number(rule_minimum)}")
    selected.append(f"({' OR '.join(small) or 'false'}) AS __small")
    coded = [f"(({ident(c)})::float8 = ANY (ARRAY[{', '.join(number(x) for x in codes)}]))::int"
             for c, codes in sorted(plan.codes.items()) if codes]
    selected.append(f"{' + '.join(coded) or '0'} AS __c")
    return (f"CREATE TEMP TABLE {IX_STAGE}a ON COMMIT DROP AS SELECT {', '.join(selected)} FROM "
            f"{qualified(plan.source.schema, plan.source.table)}")


def _sd(expression: str, ddof: int) -> str:
    return f"{'stddev_samp' if ddof else 'stddev_pop'}({expression})"


def _ix_values(plan: IndexSql) -> str:
    """The temporary table __z<i>, __sum, __index, __note per area (stats over the reference areas)."""
    stats = ", ".join(f"avg({_v(i)}) FILTER (WHERE __note = '') AS {ident(f'__m{i}')}, "
                      f"{_sd(_v(i), plan.ddof)} FILTER (WHERE __note = '') AS {ident(f'__s{i}')}"
                      for i in range(len(plan.indicators)))
    z = [f"({number(plan.signs[i])} * (({_v(i)} - {ident(f'__m{i}')}) / {ident(f'__s{i}')}))"
         for i in range(len(plan.indicators))]
    total = " + ".join(f"{zi} * {number(plan.weights[i])}" for i, zi in enumerate(z))
    return (f"CREATE TEMP TABLE {IX_STAGE}z ON COMMIT DROP AS SELECT __id, __note, "
            + ", ".join(f"{zi} AS {ident(f'__z{i}')}" for i, zi in enumerate(z))
            + f", ({total}) AS __sum FROM {IX_STAGE}a CROSS JOIN (SELECT {stats} FROM {IX_STAGE}a) AS stats")


def index_check_sql(plan: IndexSql) -> str:
    """Facts the normal path would stop on or hide cells for, as one row: reference areas, the smallest number
    of reference values of an indicator, the smallest spread, the spread of the sums, cells the privacy rule
    hides (the normal path then runs: its secondary suppression is no SQL)."""
    spreads = ", ".join(f"{_sd(_v(i), plan.ddof)} FILTER (WHERE __note = '')" for i in range(len(plan.indicators)))
    counts = ", ".join(f"count({_v(i)}) FILTER (WHERE __note = '')" for i in range(len(plan.indicators)))
    return ";\n".join([_SETTINGS, _ix_stage(plan), _ix_values(plan),
                       f"SELECT (SELECT count(*) FROM {IX_STAGE}a WHERE __note = ''), (SELECT least({counts}) FROM "
                       f"{IX_STAGE}a), (SELECT least({spreads}) FROM {IX_STAGE}a), (SELECT {_sd('__sum', plan.ddof)} "
                       f"FROM {IX_STAGE}z WHERE __note = '' AND __sum IS NOT NULL), (SELECT count(*) FROM "
                       f"{IX_STAGE}a WHERE __small)"])


def index_privacy_sql(plan: IndexSql) -> str:
    """A block that stops the transaction (nothing written) with 'SOZIALRAUM_CHECK {"kind": "privacy", "n": …}'
    when a cell the privacy rule would hide is staged: index_plan found none, but the data may have changed since
    (the normal path's secondary suppression is no SQL). '' when the rule is off."""
    if not (plan.min_count and plan.counts) and not (plan.population_rule[0] and plan.population_rule[1]):
        return ""
    return (f"DO $privacy$ BEGIN IF EXISTS (SELECT 1 FROM {IX_STAGE}a WHERE __small) THEN RAISE EXCEPTION "
            f"'{CHECK} %', json_build_object('kind', 'privacy', 'n', (SELECT count(*) FROM {IX_STAGE}a WHERE "
            "__small)); END IF; END $privacy$")


def index_create_sql(plan: IndexSql, style: str = "") -> str:
    """The output table: the layer's fields and geometry as they are, then z_<indicator>, status_sum,
    status_index, status_class, status_level, in_reference, reference_note."""
    source = plan.source
    out = qualified(*plan.output)
    total = "__sum"
    if plan.restandardise:
        index = (f"(__sum - (SELECT avg(__sum) FROM {IX_STAGE}z WHERE __note = '' AND __sum IS NOT NULL)) / "
                 f"(SELECT {_sd('__sum', plan.ddof)} FROM {IX_STAGE}z WHERE __note = '' AND __sum IS NOT NULL)")
    else:
        index = f"__sum / {number(sum(plan.weights))}"
    hoch, mittel, niedrig, sehr = plan.classes
    klass = (f"CASE WHEN __index IS NULL THEN NULL WHEN __note <> '' THEN {literal(plan.outside)} WHEN __index < -1 "
             f"THEN {literal(hoch)} WHEN __index <= 1 THEN {literal(mittel)} WHEN __index <= 1.5 THEN "
             f"{literal(niedrig)} WHEN __index > 1.5 THEN {literal(sehr)} END")
    level = "CASE __class " + " ".join(f"WHEN {literal(c)} THEN {number(plan.levels[c])}" for c in plan.classes) + \
        " END"
    first = [c for c in source.columns if c == source.pk]
    selected = ([f"s.{ident(c)}" for c in first] + ([f"s.{ident(source.geometry)}"] if source.geometry else [])
                + [f"s.{ident(c)}" for c in source.columns if c not in first])
    selected += [f"z.{ident(f'__z{i}')}::float8 AS {ident('z_' + c)}" for i, c in enumerate(plan.indicators)]
    selected += [f"z.{total}::float8 AS status_sum", "z.__index::float8 AS status_index",
                 "z.__class::text AS status_class", f"({level})::float8 AS status_level",
                 "(z.__note = '')::int4 AS in_reference", "z.__note::text AS reference_note"]
    statements = [
        f"CREATE TEMP TABLE {IX_STAGE}c ON COMMIT DROP AS SELECT __id, __note, __sum, __index, {klass} AS __class, "
        + ", ".join(ident(f"__z{i}") for i in range(len(plan.indicators)))
        + f" FROM (SELECT *, {index} AS __index FROM {IX_STAGE}z) AS indexed",
        f"DROP TABLE IF EXISTS {out}",
        f"CREATE TABLE {out} AS SELECT {', '.join(selected)} FROM {qualified(source.schema, source.table)} AS s JOIN "
        f"{IX_STAGE}c AS z ON z.__id = s.{ident(source.pk)} ORDER BY s.{ident(source.pk)}",
        f"ALTER TABLE {out} ADD PRIMARY KEY ({ident(source.pk)})"]
    if source.geometry:
        name = ident(f"{plan.output[1]}_{source.geometry}_idx"[:63])
        statements.append(f"CREATE INDEX {name} ON {out} USING gist ({ident(source.geometry)})")
    if style:
        statements.append(drop_own_style_sql(plan.output, style))
    return ";\n".join(statements)


def index_script_sql(plan: IndexSql, style: str = "") -> str:
    """The status index as one script (one transaction): stage, the privacy rule checked again (index_privacy_sql),
    values, output table, then the log's counts as JSON: reference areas, their reasons, all-zero reference areas,
    status classes of the reference areas."""
    zero = " AND ".join(f"{_v(i)} = 0" for i in range(len(plan.indicators)))
    counts = ("SELECT json_build_object("
              f"'areas', (SELECT count(*) FROM {IX_STAGE}a), "
              f"'reference', (SELECT count(*) FROM {IX_STAGE}a WHERE __note = ''), "
              f"'reasons', (SELECT json_agg(json_build_array(__note, n) ORDER BY n DESC, first) FROM (SELECT __note, "
              f"count(*) AS n, min(__id) AS first FROM {IX_STAGE}a WHERE __note <> '' GROUP BY __note) AS r), "
              f"'zero', (SELECT count(*) FROM {IX_STAGE}a WHERE __note = '' AND {zero}), "
              f"'coded', (SELECT coalesce(sum(__c), 0) FROM {IX_STAGE}a), "
              f"'classes', (SELECT json_object_agg(__class, n) FROM (SELECT __class, count(*) AS n FROM {IX_STAGE}c "
              "WHERE __note = '' AND __class IS NOT NULL GROUP BY __class) AS k))::text")
    statements = [_SETTINGS, _ix_stage(plan), index_privacy_sql(plan), _ix_values(plan),
                  index_create_sql(plan, style), counts]
    return ";\n".join(statement for statement in statements if statement)
