"""PostGIS push-down of the join: when the areas layer and every table are PostGIS layers of one database and
the output is a table of that database, sozialraum:joinindicators runs the join there as SQL (core.sql_pushdown
builds it) and no row passes through Python. SQL runs through the QGIS connections API
(QgsAbstractDatabaseProviderConnection.executeSql), never through a driver of our own.

- `pushdown_plan` decides whether the push-down applies; when it does not, it says why (the algorithm logs it
  and takes the normal path).
- `run_join` checks (the errors of the normal path, in the same German words, from SQL counts), writes the
  output table in one transaction (all or nothing) and returns the report's counts.
- `database_clash` finds an output table that is one of the inputs (refused before the run). It asks the
  servers (database, server start, the table's oid) and, when one cannot be asked, compares the URIs loosely:
  whoever connects, however the host is spelled, the same table must never be overwritten. `same_database` (the
  strict spelling) only decides whether a push-down may run.
"""
import json
import re
from dataclasses import dataclass, replace

import pandas as pd
from qgis.core import (
    QgsDataSourceUri,
    QgsException,
    QgsFields,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProperty,
    QgsProviderConnectionException,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.aggregation import MEMBERS, REGION, ParentResult, aggregate_to_parents
from ..core.errors import AggregationError, JoinError, SocialIndexError
from ..core.indices import (
    MSS_SCHEME,
    OUTSIDE_CLASS,
    REASON_MISSING,
    REASON_POPULATION,
    STATUS_CLASSES,
    STATUS_CODES,
    ZSCORE,
    counts_of,
    parse_list,
    parse_signs,
    parse_weights,
    signs_from_catalogue,
)
from ..core.join import _codes_for
from ..core.privacy import count_fields
from ..core.rates import FROM_COUNTS, aggregate
from ..core.sql_pushdown import (
    CHECK,
    FLOAT,
    INTEGER,
    TEXT,
    AggregateSql,
    IndexSql,
    JoinSql,
    PushDownReport,
    Relation,
    aggregate_script_sql,
    ident,
    index_check_sql,
    index_script_sql,
    literal,
    prefix_check_sql,
    same_values_sql,
    script_sql,
    text_column_sql,
)
from ..i18n import tr
from .compat import field_is
from .output_style import STYLE_NAME
from .tables import provider_keys

_DESTINATION = re.compile(r"^(postgres|postgis):(//)?(.*)$", re.DOTALL)


def _text(value):
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    return str(value or "").strip()


def destination_uri(value):
    """The QgsDataSourceUri of a PostGIS output ('postgres://…' or 'postgis:…'), else None."""
    found = _DESTINATION.match(_text(value))
    if not found:
        return None
    uri = QgsDataSourceUri(found.group(3))
    return uri if uri.table() else None


def layer_uri(layer):
    """The QgsDataSourceUri of a PostGIS layer, else None."""
    if layer is None or not layer.isValid() or layer.providerType() != "postgres":
        return None
    return QgsDataSourceUri(layer.source())


def same_database(first, second):
    """True when two URIs name the same database as the same user (service, host, port, dbname, user)."""
    def where(uri):
        return (uri.service(), uri.host(), uri.port() or "5432", uri.database(), uri.username())
    return where(first) == where(second)


def _schema(uri):
    return uri.schema() or "public"


def table_layer(text, context):
    """A table parameter value (layer id/name in the project, or a PostGIS URI) as a layer, else None."""
    layer = QgsProcessingUtils.mapLayerFromString(str(text), context, False)
    if layer is None and ("table=" in str(text) and "dbname=" in str(text)):
        layer = QgsVectorLayer(str(text), "table", "postgres")
    return layer if isinstance(layer, QgsVectorLayer) else None


_LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1", "localhost.localdomain")


def _place(uri):
    """(host, port, dbname) of a URI for the loose comparison; None where the URI does not say (a service may)."""
    host = uri.host().strip().lower()
    service = bool(uri.service())
    if host in _LOCAL_HOSTS or host.startswith("/"):
        host = "local" if host or not service else None
    return host, uri.port() or (None if service else "5432"), uri.database() or None


def could_be_same_database(first, second):
    """False only when two URIs surely name different databases: user, password and authcfg are ignored (anyone
    may reach the same table), the local host's spellings (none, a socket directory, localhost, 127.0.0.1, ::1)
    are one, and what a service hides matches anything."""
    return all(a is None or b is None or a == b for a, b in zip(_place(first), _place(second)))


def _table_oids(uri):
    """The oids the table of `uri` may be in its database: schema.table (schema 'public' when none is given) and,
    without a schema, the table the search path finds."""
    names = [ident(_schema(uri)) + "." + ident(uri.table())] + ([] if uri.schema() else [ident(uri.table())])
    return ", ".join(f"to_regclass({literal(n)})::oid" for n in names)


def _server_table(uri):
    """(database, server start, {oids of the table}) as the server of `uri` reports them, else None (no
    connection, no rights)."""
    try:
        connection = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri.uri(False), {})
        row = connection.executeSql(f"SELECT current_database(), pg_postmaster_start_time()::text, "
                                    f"{_table_oids(uri)}")[0]
    except (QgsException, QgsProviderConnectionException, AttributeError, IndexError, TypeError):   # loose then
        return None
    return str(row[0]), str(row[1]), {str(o) for o in row[2:] if o not in (None, "") and not _is_null(o)}


def _is_null(value):
    return hasattr(value, "isNull") and value.isNull()


def database_clash(destination, layers):
    """'schema.table' when the PostGIS output `destination` could be one of `layers` (the inputs), else ''.
    Both servers are asked first (same database of the same running server and the same table oid); when either
    cannot be asked, the URIs are compared loosely (could_be_same_database) with the schema and table names."""
    out = destination_uri(destination)
    if out is None:
        return ""
    inputs = [uri for uri in (layer_uri(layer) for layer in layers)
              if uri is not None and uri.table() and not uri.table().startswith("(")]
    output = _server_table(out) if inputs else None
    for uri in inputs:
        found = _server_table(uri) if output is not None else None
        if found is not None:
            if found[:2] == output[:2] and found[2] & output[2]:
                return f"{_schema(out)}.{out.table()}"
        elif could_be_same_database(uri, out) and (_schema(uri), uri.table()) == (_schema(out), out.table()):
            return f"{_schema(out)}.{out.table()}"
    return ""


@dataclass(frozen=True)
class PushDown:
    """A join to run in the database: the SQL plan, the connection, the output and its aliases."""
    plan: JoinSql
    connection: str            # the URI the connection is made from
    destination: str           # the output as the sink parameter named it ('postgres://…')
    output_uri: str            # the output table as a layer source
    aliases: dict
    fields: tuple              # the indicator fields written
    notes: tuple = ()          # facts for the log (a column two tables hold with the same values)
    renamed: tuple = ()        # (table, column, output name)


def _connection(uri, error_class=JoinError):
    """The QGIS connection of `uri`; `error_class` with a German message when QGIS cannot make it (no PostgreSQL
    provider, a URI it refuses). QGIS connects only when SQL runs: a server that cannot be reached is _sql's."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection, reason = None, "QGIS ohne PostgreSQL-Anbieter"
    try:
        connection = metadata.createConnection(uri, {}) if metadata is not None else None
    except (QgsException, QgsProviderConnectionException) as error:
        reason = str(error).strip()[-300:]
    if connection is None:
        raise error_class(f"Keine Verbindung zur PostgreSQL-Datenbank ({reason}). Es wurde "
                          "keine Tabelle geschrieben; bitte die Verbindung (Host, Port, Datenbank, Benutzer, Passwort) "
                          "prüfen oder eine Datei als Ausgabe wählen.")
    return connection


def _report(rows, error_class=JoinError, read=None):
    """The script's last result (JSON text) as a dict, passed through `read` when given; `error_class` with a
    German message when it cannot be read (the table was written: the transaction had committed)."""
    try:
        counts = json.loads(rows[-1][0] if rows and isinstance(rows[-1], (list, tuple)) else rows)
        return read(counts) if read is not None else counts
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise error_class(f"Die Ausgabetabelle wurde in der Datenbank geschrieben, aber ihr Bericht ließ sich nicht "
                          f"lesen ({type(error).__name__}: {str(error)[:200]}). Bitte die Ausgabetabelle in QGIS "
                          "öffnen und prüfen; die Zählungen fehlen in diesem Protokoll.") from None


def _with_keys(*keys):
    """A `read` for _report: the counts as they are once every key is there (KeyError names the first missing)."""
    return lambda counts: next((counts[k] for k in keys if k not in counts), counts)


def _sql(connection, sql, plan=None, error_class=JoinError, action="den Join"):
    try:
        return connection.executeSql(sql)
    except (QgsException, QgsProviderConnectionException) as error:   # 3.22 raises the first, 3.40 the second
        text = str(error)
        checked = _check_error(text, plan)
        if checked:
            raise error_class(checked) from None
        found = re.search(r"ERROR:\s*(.*?)\s*\]?\s*$", text, re.DOTALL)
        reason = found.group(1).strip() if found else text.strip()[-300:]
        raise error_class(f"Die Datenbank hat {action} abgelehnt ({reason}). Es wurde keine Tabelle geschrieben; bitte "
                          "Verbindung und Rechte prüfen oder eine Datei als Ausgabe wählen.") from None


def _check_error(text, plan):
    """The German message of core.join for an error check_sql found (its exception carries JSON), else ''."""
    found = re.findall(CHECK + r" (\{.*\})", text)
    if not found:
        return ""
    info = json.loads(found[-1])
    if info["kind"] == "privacy":
        return (f"Die Daten haben sich während des Laufs geändert: in {info['n']} Gebieten verbirgt die "
                "Datenschutzregel jetzt Werte (ihre sekundäre Sperrung rechnet QGIS lokal). Es wurde keine Tabelle "
                "geschrieben; bitte den Algorithmus erneut starten – er rechnet dann in QGIS.")
    if plan is None:
        return ""
    if info["kind"] == "area_duplicates":
        return (f"Gebietslayer: Schlüssel mehrfach vergeben ({info['n']} Flächen, Schlüssel {info['keys']}). Bitte die "
                "Schlüssel im Layer korrigieren oder eine Regel für doppelte Gebietsschlüssel wählen ('leer lassen' "
                "oder 'auf alle kopieren').")
    table = plan.tables[info["table"]]
    if info["kind"] == "no_match":
        return (f"Tabelle {table.label}: Keiner der {info['n']} Schlüssel im Feld '{table.key}' passt zu den Gebieten "
                f"(Tabelle z. B. {info['table_keys'] or ''}; Layer-Feld '{plan.areas.key}' z. B. "
                f"{info['area_keys'] or ''}). Bitte prüfen, ob Tabelle und Layer dieselbe Gebietsgliederung und "
                "dasselbe Schlüsselfeld nutzen.")
    return (f"Tabelle {table.label}: Schlüssel mehrfach im Feld '{table.key}' ({info['n']} Zeilen, Schlüssel "
            f"{info['keys']}; Zeilen {info['lines']}). Doppelte Werte werden nie stillschweigend übernommen: bitte die "
            "Tabelle bereinigen oder eine Regel für doppelte Tabellenschlüssel wählen (erste, letzte, Summe, "
            "Mittelwert).")


def _key_type(field):
    if field_is(field, "int", "long", "uint", "ulong") or \
            field.typeName().lower() in ("int2", "int4", "int8", "integer", "bigint"):
        return INTEGER
    if field.isNumeric():
        return FLOAT
    return TEXT


def _provider_fields_only(layer):
    fields = layer.fields()
    return all(fields.fieldOrigin(i) == QgsFields.FieldOrigin.OriginProvider for i in range(fields.count()))


def _plain(layer):
    """Why a layer cannot be read as its whole table ('' when it can)."""
    if layer.subsetString() or layer.isModified():
        return tr("the layer has a filter or unsaved edits")
    if not _provider_fields_only(layer):
        return tr("the layer has joined or virtual fields")
    return ""


def _relation(layer, key, uri, columns, geometry=""):
    pk = uri.keyColumn().strip('"')
    return Relation(_schema(uri), uri.table(), key, _key_type(layer.fields().field(key)), pk, tuple(columns),
                    geometry, layer.name())


def _aliases(fields, catalogue):
    """Aliases from the catalogue, as core.join gives them: the indicator's label; '<id>_<year>' -> title and
    year."""
    aliases = {}
    for column in fields:
        indicator = catalogue.get(column) if catalogue is not None else None
        found = re.match(r"^(.*)_(\d{4})$", column)
        if indicator is None and found and catalogue is not None and catalogue.get(found.group(1)) is not None:
            aliases[column] = f"{catalogue.get(found.group(1)).title} {found.group(2)}"
        elif indicator is not None and indicator.label:
            aliases[column] = indicator.label
    return aliases


def pushdown_plan(input_value, layer, table_values, destination, context, key, options, rename):
    """(PushDown, '') when the join can run in the database, else (None, why). `options`: key_width,
    key_extract, table_key, table_name, layout, validity, table_duplicates, area_duplicates, zero_rows,
    missing_codes, catalogue. `rename(columns)`: the output names of the new columns (the kit's '_neu' rule).
    No row is read: only the layers' metadata and, for text columns, one SQL query."""
    out = destination_uri(destination)
    if out is None:
        return None, tr("the output is not a PostGIS table")
    areas_uri = layer_uri(layer)
    if areas_uri is None:
        return None, tr("the areas are not a PostGIS layer")
    if any(getattr(input_value, attribute, default) not in (default,)
           for attribute, default in (("selectedFeaturesOnly", False), ("featureLimit", -1),
                                      ("filterExpression", ""))):
        return None, tr("only selected or filtered features")
    if not same_database(areas_uri, out):
        return None, tr("the output lies in another database")
    if options["layout"] != "wide" or options["table_name"] or options["validity"]:
        return None, tr("long tables, a table name field and a validity field are joined locally")
    catalogue = options["catalogue"]
    layers = [table_layer(value, context) for value in table_values]
    if any(t is None or layer_uri(t) is None for t in layers):
        return None, tr("a table is not a PostGIS layer")
    if not all(same_database(areas_uri, layer_uri(t)) for t in layers):
        return None, tr("a table lies in another database")
    why = _plain(layer) or next((w for w in (_plain(t) for t in layers) if w), "")
    if why:
        return None, why
    if not areas_uri.keyColumn() or "," in areas_uri.keyColumn() or not areas_uri.table() \
            or areas_uri.table().startswith("("):
        return None, tr("a layer has no single-column primary key")
    connection = _connection(areas_uri.uri(False))
    relations, taken = [], set()
    for table in layers:
        uri = layer_uri(table)
        names = table.fields().names()
        table_key = options["table_key"] or (names[0] if names else "")
        if table_key not in names:
            return None, tr("the key field is missing in a table")
        if not uri.keyColumn() or "," in uri.keyColumn() or not uri.table() or uri.table().startswith("("):
            return None, tr("a layer has no single-column primary key")
        skip = {table_key} | set(provider_keys(table, names))
        numeric = [f.name() for f in table.fields() if f.name() not in skip and f.isNumeric()]
        text = [f.name() for f in table.fields() if f.name() not in skip and not f.isNumeric()]
        if not all(field_is(table.fields().field(n), "string") for n in text):
            return None, tr("a table has date, boolean or other non-number fields")
        relation = _relation(table, table_key, uri, numeric)
        if text:
            flags = _sql(connection, text_column_sql(relation, tuple(text)))[0]
            if any(flags[0::2]) or not all(flags[1::2]):
                return None, tr("a text column may hold numbers or no-value markers")
        taken |= set(numeric)
        relations.append(relation)
    if any(not relation.columns for relation in relations):
        return None, tr("a table has no numeric column")
    if catalogue is not None and any(i.is_rate and i.numerator in taken and i.denominator in taken for i in catalogue):
        return None, tr("catalogue rates are computed locally")
    area_columns = layer.fields().names()
    pk = areas_uri.keyColumn().strip('"')
    ordered = [pk] + [c for c in area_columns if c != pk] if pk in area_columns else area_columns
    areas = Relation(_schema(areas_uri), areas_uri.table(), key, _key_type(layer.fields().field(key)), pk,
                     tuple(ordered), areas_uri.geometryColumn(), layer.name())
    if taken & {key, options.get("area_name", "")}:
        return None, tr("a table column is named like the area key or name field")
    exempt = tuple(i.denominator for i in catalogue if i.is_rate) if catalogue is not None else ()
    codes = {c: _codes_for(c, options["missing_codes"], catalogue) for r in relations for c in r.columns}
    plan = JoinSql(areas, tuple(relations), (_schema(out), out.table()), (), codes, exempt,
                   options["key_width"], options["key_extract"], options["table_duplicates"],
                   options["area_duplicates"], options["zero_rows"])
    added, notes, renamed = _field_names(connection, plan)
    final = rename([out_name for names in added for out_name in names.values()])
    plan = replace(plan, names=tuple({c: final[o] for c, o in names.items()} for names in added))
    output = QgsDataSourceUri(areas_uri.uri(False))
    output.setDataSource(_schema(out), out.table(), areas_uri.geometryColumn(), "", pk)
    fields = tuple(final[o] for names in added for o in names.values())
    aliases = _aliases([o for names in added for o in names.values()], catalogue)
    return PushDown(plan, areas_uri.uri(False), _text(destination), output.uri(False),
                    {final[o]: a for o, a in aliases.items()}, fields, tuple(notes), tuple(renamed)), ""


def _field_names(connection, plan):
    """The output name of each table's columns as core.join gives them: a column an earlier table already
    holds is left out when it gives every area the same value (noted), else named '<column>_<table number>'.
    Returns ([{column: name} per table], notes, renamed)."""
    added, first, notes, renamed = [], {}, [], []
    for number, table in enumerate(plan.tables):
        names = {}
        for column in table.columns:
            if column not in first:
                first[column] = (number, column)
                names[column] = column
            elif _sql(connection, same_values_sql(plan, first[column], (number, column)))[0][0]:
                notes.append(f"Tabelle {table.label}: Spalte '{column}' gleicht der schon übernommenen – nicht doppelt "
                             "angelegt.")
            else:
                names[column] = f"{column}_{number + 1}"
                renamed.append((table.label, column, names[column]))
        added.append(names)
    return added, notes, renamed


def run_join(push, feedback=None):
    """The join in the database as one script (core.sql_pushdown.script_sql: one transaction, all or nothing):
    stage, check (the errors of the normal path, in its German words), write the output table, count. Returns a
    PushDownReport; JoinError when a check fails or the database refuses a statement (nothing is written then)."""
    plan = push.plan
    if feedback is not None:
        feedback.setProgress(10)
    rows = _sql(_connection(push.connection), script_sql(plan, STYLE_NAME), plan)
    if feedback is not None:
        feedback.setProgress(90)
    return _report(rows, JoinError, lambda counts: _join_report(push, counts))


def _join_report(push, counts):
    plan = push.plan
    area = counts["areas"][0]
    per_table, nulls = [], []
    for number, table in enumerate(plan.tables):
        r = [int(counts[f"t{number}"][0][f"c{i}"]) for i in range(9)]
        per_table.append(dict(table=table.label, rows=r[0], no_key=r[1], joined=r[2] - r[6], unmatched=r[3] + r[1],
                              duplicates=r[5] if plan.table_duplicates in ("first", "last") else r[4],
                              zero_rows=r[7], lacking=r[8]))
        nulls += [(table.label, str(n["col"]), str(n["why"]), int(n["count"])) for n in counts[f"nulls{number}"] or []]
    return PushDownReport(int(area["c0"]), sum(t["rows"] for t in per_table), sum(t["joined"] for t in per_table),
                          sum(t["unmatched"] for t in per_table), int(area["c3"]), int(area["c1"]),
                          tuple(per_table), tuple(nulls), push.renamed)


def store_aliases(push):
    """The aliases as the output table's default style in the database (QGIS's layer_styles table): QGIS opens
    the table with them. Returns '' or the reason it failed."""
    return store_table_aliases(push.output_uri, push.plan.output[1], push.aliases)


def store_table_aliases(output_uri, table, aliases):
    """`aliases` ({field: alias}) as the default style of the PostGIS table `output_uri`; '' or why not."""
    if not aliases:
        return ""
    layer = QgsVectorLayer(output_uri, table, "postgres")
    if not layer.isValid():
        return tr("the output table cannot be opened")
    for name, alias in aliases.items():
        index = layer.fields().lookupField(name)
        if index >= 0:
            layer.setFieldAlias(index, alias)
    return layer.saveStyleToDatabase(STYLE_NAME, "Feldnamen", True, "") or ""


# --- aggregation (sozialraum:aggregate) -------------------------------------------------------------------------
@dataclass(frozen=True)
class AggregatePush:
    """An aggregation to run in the database: the SQL plan, the connection, the output, aliases and notes."""
    plan: AggregateSql
    connection: str
    output_uri: str
    aliases: dict
    notes: dict                # shown column -> German description of its method (core.aggregation's)
    methods: dict              # shown column -> core.rates method


def _numeric_field(layer, name):
    index = layer.fields().lookupField(name)
    return index >= 0 and layer.fields().field(index).isNumeric()


def _where(input_value, layer, destination):
    """(areas URI, output URI, '') when areas and output are whole PostGIS tables of one database, else
    (None, None, why)."""
    out = destination_uri(destination)
    if out is None:
        return None, None, tr("the output is not a PostGIS table")
    uri = layer_uri(layer)
    if uri is None:
        return None, None, tr("the areas are not a PostGIS layer")
    if any(getattr(input_value, attribute, default) not in (default,)
           for attribute, default in (("selectedFeaturesOnly", False), ("featureLimit", -1),
                                      ("filterExpression", ""))):
        return None, None, tr("only selected or filtered features")
    if not same_database(uri, out):
        return None, None, tr("the output lies in another database")
    why = _plain(layer)
    if why:
        return None, None, why
    if not uri.keyColumn() or "," in uri.keyColumn() or not uri.table() or uri.table().startswith("("):
        return None, None, tr("a layer has no single-column primary key")
    return uri, out, ""


def aggregate_plan(input_value, layer, destination, options):
    """(AggregatePush, '') when sozialraum:aggregate can run in the database, else (None, why). `options`: key,
    parent, prefix, columns (shown), counts, weight, catalogue, rule, codes (the no-value codes for every field),
    region_row, dissolve. Reads no row: the layer's metadata and one query (the parent keys found, the lengths
    of digit keys for key prefixes); a case core.aggregation refuses runs the normal path, which says why."""
    uri, out, why = _where(input_value, layer, destination)
    if uri is None:
        return None, why
    key, parent, prefix = options["key"], options["parent"], options["prefix"]
    catalogue, rule, weight, shown = options["catalogue"], options["rule"], options["weight"] or "", options["columns"]
    if options["region_row"] and (parent or prefix):
        return None, tr("the row for the whole region needs secondary suppression, which runs locally")
    read = [c for c in [key, parent] + list(shown) + list(catalogue.counts_for(shown)) + [weight] if c]
    if any(layer.fields().lookupField(c) < 0 for c in read) or (prefix and not parent and not key):
        return None, tr("a field is missing")
    if not all(_numeric_field(layer, c) for c in read if c not in (key, parent)):
        return None, tr("a field to aggregate is not numeric")
    if any(_key_type(layer.fields().field(c)) == FLOAT for c in (key, parent) if c):
        return None, tr("a key field holds decimal numbers")
    frame = pd.DataFrame({c: [float("nan")] for c in dict.fromkeys(read)})
    columns = list(dict.fromkeys(list(shown) + [c for c in catalogue.counts_for(shown) if c in frame.columns]))
    counts = list(dict.fromkeys(options["counts"]))
    methods = aggregate(frame, catalogue, pd.Series(["x"], dtype=object), columns, counts, weight or None).methods
    if rule.counts_on and any(catalogue.get(c) is not None and catalogue.get(c).is_rate and not (
            catalogue.get(c).numerator in frame.columns and catalogue.get(c).denominator in frame.columns)
            for c in columns):
        return None, tr("a rate's counts are missing (the normal path says which)")
    notes = aggregate_to_parents(frame, catalogue, pd.Series(["x"], dtype=object), list(shown), counts,
                                 weight or None).notes
    count_columns = set(count_fields(catalogue, rule, counts))
    checked = {c: (catalogue.get(c).numerator, catalogue.get(c).denominator) for c in columns
               if catalogue.get(c) is not None and catalogue.get(c).is_rate}
    rates = {c: (catalogue.get(c).numerator, catalogue.get(c).denominator, catalogue.get(c).multiplier)
             for c in columns if methods[c] == FROM_COUNTS}
    geometry = ()
    if options["dissolve"] and uri.geometryColumn() and \
            QgsWkbTypes.geometryType(layer.wkbType()) != QgsWkbTypes.GeometryType.NullGeometry:
        multi = QgsWkbTypes.multiType(layer.wkbType())
        dimension = {QgsWkbTypes.GeometryType.PointGeometry: 1, QgsWkbTypes.GeometryType.LineGeometry: 2}.get(
            QgsWkbTypes.geometryType(multi), 3)
        geometry = (uri.geometryColumn(), QgsWkbTypes.displayString(multi), layer.crs().postgisSrid(), dimension)
        if geometry[2] <= 0:
            return None, tr("the layer's coordinate reference system has no PostGIS SRID")
    codes = {c: tuple(dict.fromkeys(tuple(options["codes"]) + tuple(
        getattr(catalogue.get(c), "missing_codes", ()) or ()))) for c in read}
    kind = {c: _key_type(layer.fields().field(c)) for c in (key, parent) if c}
    plan = AggregateSql(
        Relation(_schema(uri), uri.table(), key, kind.get(key, TEXT), uri.keyColumn().strip('"')),
        (_schema(out), out.table()), tuple(columns), tuple(shown), methods, rates,
        (parent, kind[parent]) if parent else (), (key, kind[key], int(prefix)) if prefix and not parent else (),
        REGION, weight, {c: v for c, v in codes.items() if v}, rule.min_count if rule.counts_on else 0,
        tuple(c for c in columns if c in count_columns), checked,
        rule.min_population if rule.population_on else 0, rule.population_field if rule.population_on else "",
        rule.count_reason(), rule.population_reason(), geometry)
    connection = _connection(uri.uri(False), AggregationError)
    found, lengths = _sql(connection, prefix_check_sql(plan), None, AggregationError, "die Aggregation")[0]
    if not int(found):
        return None, tr("no area has a parent unit (the normal path says why)")
    if int(lengths) > 1:
        return None, tr("digit keys of different lengths (the normal path says why)")
    output = QgsDataSourceUri(uri.uri(False))
    output.setDataSource(_schema(out), out.table(), geometry[0] if geometry else "", "", "fid")
    aliases = {c: catalogue.get(c).label for c in shown if catalogue.get(c) is not None and catalogue.get(c).label}
    return AggregatePush(plan, uri.uri(False), output.uri(False), aliases, notes,
                         {c: methods[c] for c in shown}), ""


def run_aggregate(push, feedback=None):
    """The aggregation in the database as one script (one transaction, all or nothing). Returns its counts:
    {'units': [[key, areas, value, reason, …]], 'without', 'examples', 'hidden', 'coded', 'repaired'};
    AggregationError when the database refuses a statement (nothing is written then)."""
    if feedback is not None:
        feedback.setProgress(10)
    rows = _sql(_connection(push.connection, AggregationError), aggregate_script_sql(push.plan, STYLE_NAME), None,
                AggregationError, "die Aggregation")
    if feedback is not None:
        feedback.setProgress(90)
    return _report(rows, AggregationError, _with_keys("units", "without", "examples", "hidden", "coded", "repaired"))


def aggregate_result(push, counts):
    """core.aggregation's ParentResult for the report (reason_table, report_html) from the database's counts."""
    shown = list(push.plan.shown)
    units = counts["units"] or []
    index = [u[0] for u in units]
    values = pd.DataFrame({c: [u[2][i] for u in units] for i, c in enumerate(shown)}, index=index,
                          columns=shown, dtype=float)
    values.insert(0, MEMBERS, [int(u[1]) for u in units])
    reasons = pd.DataFrame({c: [u[3][i] for u in units] for i, c in enumerate(shown)}, index=index,
                           columns=shown, dtype=object)
    return ParentResult(values=values, methods=dict(push.methods), notes=dict(push.notes), reasons=reasons,
                        parents=pd.Series([], dtype=object), suppressed=int(counts["hidden"]),
                        without_parent=tuple(range(int(counts["without"]))), secondary=0)


# --- composite index (sozialraum:compositeindex) -----------------------------------------------------------------
@dataclass(frozen=True)
class IndexPush:
    """A status index to run in the database: the SQL plan, the connection, the output, the neutral indicators."""
    plan: IndexSql
    connection: str
    output_uri: str
    neutral: tuple


def index_plan(input_value, layer, destination, spec, catalogue, rule, codes):
    """(IndexPush, '') when sozialraum:compositeindex can run in the database, else (None, why): z-scores, the MSS
    classes, no dynamics, no exclusion field or list, and no cell the privacy rule hides (its secondary
    suppression is no SQL). One query checks the data (as core.indices would stop: fewer than two reference
    areas, a spread of 0) before anything is written."""
    uri, out, why = _where(input_value, layer, destination)
    if uri is None:
        return None, why
    if spec.method != ZSCORE or spec.scheme != MSS_SCHEME or spec.dynamics or spec.earlier:
        return None, tr("only the z-score status index with the MSS classes runs in the database")
    if spec.exclude_field or parse_list(spec.exclude_keys):
        return None, tr("an exclusion field or key list is applied locally")
    indicators = list(spec.indicators)
    names = layer.fields().names()
    frame_fields = spec.fields(catalogue, names)
    population = spec.population_field if spec.reference_min_population else ""
    if not indicators or any(c not in names or not _numeric_field(layer, c) for c in indicators + (
            [population] if population else [])) or (spec.reference_min_population and not population):
        return None, tr("a field is missing or not numeric")
    new = [f"z_{c}" for c in indicators] + ["status_sum", "status_index", "status_class", "status_level",
                                            "in_reference", "reference_note"]
    if set(new) & set(names) or len(set(new)) != len(new):
        return None, tr("the layer already has fields of the index's names")
    weights = parse_weights(spec.weights, len(indicators))
    signs = parse_signs(spec.polarities, len(indicators))
    neutral = []
    if signs is None:
        signs, neutral = signs_from_catalogue(catalogue, indicators)
    if any(s not in (1, -1) for s in signs) or sum(weights) <= 0 or any(not w >= 0 for w in weights):
        return None, tr("polarities or weights the normal path refuses")
    counts = [c for c in dict.fromkeys(list(counts_of(catalogue, indicators)) + list(catalogue.count_fields(
        [rule.population_field] if rule.population_field else []))) if c in frame_fields]
    copied = [c for c in dict.fromkeys(indicators + counts) if c in names]
    if rule.counts_on and any(catalogue.get(c) is not None and catalogue.get(c).is_rate and not (
            catalogue.get(c).numerator in names and catalogue.get(c).denominator in names) for c in copied):
        return None, tr("a rate's counts are missing (the normal path says which)")
    if any(not _numeric_field(layer, c) for c in copied + ([rule.population_field] if rule.population_on else [])):
        return None, tr("a field is missing or not numeric")
    is_count = set(count_fields(catalogue, rule))
    read = [c for c in frame_fields if c in names and _numeric_field(layer, c)]   # what the normal path reads
    codes = {c: tuple(dict.fromkeys(tuple(codes) + tuple(getattr(catalogue.get(c), "missing_codes", ()) or ())))
             for c in read}
    pk = uri.keyColumn().strip('"')
    ordered = [pk] + [c for c in names if c != pk] if pk in names else names
    plan = IndexSql(
        Relation(_schema(uri), uri.table(), "", TEXT, pk, tuple(ordered), uri.geometryColumn()),
        (_schema(out), out.table()), tuple(indicators), tuple(float(s) for s in signs), tuple(weights),
        {c: v for c, v in codes.items() if v}, spec.ddof, spec.restandardise,
        (population, float(spec.reference_min_population)) if population else ("", 0.0),
        tuple(c for c in copied if c in is_count), rule.min_count if rule.counts_on else 0,
        (rule.population_field, float(rule.min_population)) if rule.population_on else ("", 0.0),
        REASON_MISSING, REASON_POPULATION.format(threshold=float(spec.reference_min_population)), OUTSIDE_CLASS,
        STATUS_CLASSES, {c: float(v) for c, v in STATUS_CODES.items()})
    reference, fewest, spread, total_spread, small = _sql(_connection(uri.uri(False), SocialIndexError),
                                                          index_check_sql(plan), None, SocialIndexError,
                                                          "den Sozialindex")[-1]
    if int(reference) < 2 or int(fewest or 0) < 2 or not (spread or 0) > 0 or \
            (spec.restandardise and not (total_spread or 0) > 0):
        return None, tr("too few reference areas or a spread of 0 (the normal path says which)")
    if int(small):
        return None, tr("the privacy rule hides values here; its secondary suppression runs locally")
    output = QgsDataSourceUri(uri.uri(False))
    output.setDataSource(_schema(out), out.table(), uri.geometryColumn(), "", pk)
    return IndexPush(plan, uri.uri(False), output.uri(False), tuple(neutral)), ""


def run_index(push, feedback=None):
    """The status index in the database as one script (one transaction, all or nothing); returns its counts
    {'areas', 'reference', 'reasons': [[reason, n]], 'zero', 'coded', 'classes': {class: n}}. The script checks
    the privacy rule again inside its transaction (the data may have changed since index_plan): a cell it would
    hide stops it before anything is written (SocialIndexError: run again, the normal path then computes it)."""
    if feedback is not None:
        feedback.setProgress(10)
    rows = _sql(_connection(push.connection, SocialIndexError), index_script_sql(push.plan, STYLE_NAME), None,
                SocialIndexError, "den Sozialindex")
    if feedback is not None:
        feedback.setProgress(90)
    return _report(rows, SocialIndexError, _with_keys("areas", "reference", "reasons", "zero", "coded", "classes"))


def store_table_style(output_uri, table, renderer):
    """`renderer` as the default style of the PostGIS table `output_uri` (layer_styles); '' or why not."""
    layer = QgsVectorLayer(output_uri, table, "postgres")
    if not layer.isValid():
        return tr("the output table cannot be opened")
    layer.setRenderer(renderer)
    return layer.saveStyleToDatabase(STYLE_NAME, "Sozialindex", True, "") or ""
