"""PostGIS push-down of sozialraum:joinindicators, against a real local PostgreSQL/PostGIS (tools/pg_test_server.sh,
started by tools/run_tests.sh; the fixture `postgis_uri` skips without it, and fails under CI=true).

The Berlin sample (planning areas of resources/sample/berlin_mss2019.gpkg, MSS 2019 tables 2.1 and 4.1) is loaded
into a schema of its own with GDAL; the tables' value columns become float8 (a database table is typed). Each
join runs twice on the same PostGIS inputs: into a PostGIS table (push-down: SQL in the database) and into a
GeoPackage (the normal path, which reads the rows into QGIS). Values, counts, NULL reasons, field names and types
must agree; the values of table 2.1 are also checked against the CSV as published (read with the csv module).
"""
import csv
import math
import os
import uuid

import numpy as np
import pytest

from conftest import SAMPLE, SAMPLE_TABLES

CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
TAB21 = os.path.join(SAMPLE_TABLES, "mss_2019_tab2-1.csv")
TAB41 = os.path.join(SAMPLE_TABLES, "mss_2019_tab4-1.csv")
NUMBER = r"^\s*[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*$"


def _connection(uri):
    from qgis.core import QgsProviderRegistry

    return QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {})


@pytest.fixture(scope="module")
def db(postgis_uri, qgis_app):  # noqa: ARG001 (QGIS must run)
    """A schema of this module's own with the Berlin sample: planungsraeume (areas), tab21, tab41, traps."""
    from osgeo import gdal

    schema = f"t_{uuid.uuid4().hex[:10]}"
    sql = _connection(postgis_uri)
    sql.executeSql(f'CREATE SCHEMA "{schema}"')
    gdal.UseExceptions()
    common = dict(format="PostgreSQL", accessMode="update", layerCreationOptions=["FID=fid", "GEOMETRY_NAME=geom"])
    gdal.VectorTranslate(f"PG:{postgis_uri}", os.path.join(SAMPLE, "berlin_mss2019.gpkg"), layers=["planungsraeume"],
                         layerName=f"{schema}.planungsraeume", **common)
    for path, table in ((TAB21, "tab21"), (TAB41, "tab41")):
        gdal.VectorTranslate(f"PG:{postgis_uri}", path, layerName=f"{schema}.{table}", **common)
        with open(path, encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        for column in header[2:]:   # id and name stay text; markers such as '-' are no number in a typed table
            sql.executeSql(f'ALTER TABLE "{schema}"."{table}" ALTER COLUMN "{column}" TYPE float8 USING CASE WHEN '
                           f"\"{column}\" ~ '{NUMBER}' THEN \"{column}\"::float8 END")
    # traps: keys with blanks, quotes and '.0', no key, an unknown key, a duplicate, a code, NaN, infinity, zeros
    sql.executeSql(f"""
        CREATE TABLE "{schema}".traps (fid serial PRIMARY KEY, id text, a float8, b float8, c float8, d float8);
        INSERT INTO "{schema}".traps (id, a, b, c, d)
        SELECT id, s1_percentage_unemployed, s3_percentage_transfer_payments_recipients,
               s4_percentage_transfer_payments_recipients_below_15_years, inhabitants
        FROM "{schema}".tab21 WHERE fid BETWEEN 10 AND 300 ORDER BY fid;
        INSERT INTO "{schema}".traps (id, a, b, c, d) VALUES
            ('  "01011101" ', 1.5, 2.5, 3.5, 100), ('01011103.0', 4, 5, 6, 200), ('01011104', -9999, 7, 8, 300),
            ('01011105', 1, 2, 3, 400), ('01011105', 10, 20, 30, 500), ('01011201', 0, 0, 0, 600),
            (NULL, 1, 1, 1, 1), ('99999999', 1, 2, 3, 4), ('01011202', 'NaN', 'Infinity', 9, 700),
            ('01011203', 0, 0, 0, 0);
        CREATE TABLE "{schema}".numeric_keys AS SELECT fid, id::bigint AS id, s1_percentage_unemployed,
            s3_percentage_transfer_payments_recipients, s4_percentage_transfer_payments_recipients_below_15_years
            FROM "{schema}".tab21;
        ALTER TABLE "{schema}".numeric_keys ADD PRIMARY KEY (fid)""")
    yield postgis_uri, schema
    sql.executeSql(f'DROP SCHEMA "{schema}" CASCADE')


def _layer(db, table, geometry=False):
    from qgis.core import QgsProject, QgsVectorLayer

    uri, schema = db
    source = f"{uri} key='fid' table=\"{schema}\".\"{table}\"" + (" (geom)" if geometry else "")
    layer = QgsVectorLayer(source, table, "postgres")
    assert layer.isValid(), source
    QgsProject.instance().addMapLayer(layer)
    return layer


def _destination(db, table):
    uri, schema = db
    return f"postgres://{uri} table=\"{schema}\".\"{table}\" (geom)"


class Log:
    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def pushInfo(inner, info):  # noqa: N802, N805
                self.infos.append(info)
                QgsProcessingFeedback.pushInfo(inner, info)

        self.infos = []
        self.feedback = Feedback()


def _run(run_alg, db, tables, output, **extra):
    from qgis.core import QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    log = Log()
    params = {"INPUT": _layer(db, "planungsraeume", geometry=True), "INPUT_KEY": "plr_id",
              "TABLES": [_layer(db, t).id() for t in tables], "TABLE_KEY": "id", "AREA_DUPLICATES": 2,
              "CATALOGUE": CATALOGUE, "OUTPUT": output, "REPORT": "TEMPORARY_OUTPUT"}
    params.update(extra)
    result = run_alg("sozialraum:joinindicators", params, context=context, feedback=log.feedback)
    return result, log.infos, context


def _rows(layer):
    """{fid attribute: {field: value}} with NULL as nan."""
    names = layer.fields().names()
    out = {}
    for feature in layer.getFeatures():
        values = {n: feature[n] for n in names}
        out[values["fid"]] = {n: (math.nan if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
                              for n, v in values.items()}
    return out


def _both(run_alg, db, tmp_path, tables, name, **extra):
    """The join into PostGIS (push-down) and into a GeoPackage (normal path) on the same inputs."""
    from qgis.core import QgsVectorLayer

    pushed, push_log, context = _run(run_alg, db, tables, _destination(db, name), **extra)
    gpkg = str(tmp_path / f"{name}.gpkg")
    local, local_log, local_context = _run(run_alg, db, tables, gpkg, **extra)
    assert any("(PostGIS push-down): no row was read" in i for i in push_log), push_log
    assert any("PostGIS push-down not used (the output is not a PostGIS table)" in i for i in local_log), local_log
    pg_layer = QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], name, "postgres")
    assert pg_layer.isValid()
    return (pushed, pg_layer, context), (local, QgsVectorLayer(gpkg, name, "ogr"), local_context)


def _assert_same_values(pg_layer, gpkg_layer, fields):
    pg, local = _rows(pg_layer), _rows(gpkg_layer)
    assert sorted(pg) == sorted(local)
    for field in fields:
        ours = np.array([pg[fid][field] for fid in sorted(pg)], dtype=float)
        theirs = np.array([local[fid][field] for fid in sorted(local)], dtype=float)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0, equal_nan=True, err_msg=field)
    for field in ("plr_id", "plr_name", "bezirk"):
        assert [pg[f][field] for f in sorted(pg)] == [local[f][field] for f in sorted(local)]


def _report_counts(result, context, status):
    """{(feld, grund): count} of one status in a REPORT output (push-down: counts; normal path: one row each)."""
    from qgis.core import QgsProcessingUtils

    layer = result["REPORT"]
    if isinstance(layer, str):
        layer = QgsProcessingUtils.mapLayerFromString(layer, context)
    counts = {}
    for feature in layer.getFeatures():
        if feature["status"] != status:
            continue
        key = (feature["feld"], feature["grund"])
        number = feature["anzahl"] if layer.fields().lookupField("anzahl") >= 0 else 1
        counts[key] = counts.get(key, 0) + int(number)
    return counts


def _indicator_fields(layer):
    return [f.name() for f in layer.fields() if f.name() not in
            ("fid", "plr_id", "plr_name", "bzr_id", "bez_id", "bezirk")]


def test_postgis_join_equals_the_file_path_on_the_berlin_sample(run_alg, db, tmp_path):
    (pushed, pg, _ctx), (local, gpkg, _lctx) = _both(run_alg, db, tmp_path, ["tab21", "tab41"], "berlin_pushed")
    fields = _indicator_fields(gpkg)
    assert len(fields) == 7 + 13   # inhabitants of table 4.1 equals 2.1's: not twice
    assert _indicator_fields(pg) == fields
    _assert_same_values(pg, gpkg, fields)
    for key in ("MATCHED", "UNMATCHED_ROWS", "UNMATCHED_AREAS"):
        assert pushed[key] == local[key], key
    for name in fields:   # typed as the normal path types them: double
        assert pg.fields().field(name).typeName().lower() in ("float8", "double precision"), name
        assert gpkg.fields().field(name).typeName().lower() in ("real", "double"), name


def test_postgis_join_values_are_the_published_table(run_alg, db):
    """Independent oracle: MSS 2019 table 2.1 as published (csv module); the row of zeros ('Großer Tiergarten':
    0 in every indicator, only the inhabitants given) is no value, as in core.join."""
    from qgis.core import QgsVectorLayer

    result, _infos, _context = _run(run_alg, db, ["tab21"], _destination(db, "tab21_pushed"))
    layer = QgsVectorLayer(result["OUTPUT"].split("://", 1)[1], "out", "postgres")
    with open(TAB21, encoding="utf-8") as handle:
        published = {row["id"]: row for row in csv.DictReader(handle)}
    checked = 0
    for feature in layer.getFeatures():
        row = published.get(feature["plr_id"])
        for field in ("inhabitants", "s1_percentage_unemployed", "d4_percentage_transfer_payments_recipients_"
                                                                  "below_15_years"):
            value = feature[field]
            value = None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
            if row is None:
                assert value is None
                continue
            expected = float(row[field])
            zeros = all(float(row[c]) == 0 for c in list(row)[3:])
            if zeros and field != "inhabitants":
                assert value is None, (feature["plr_id"], field)
            else:
                assert value == expected, (feature["plr_id"], field)
                checked += 1
    assert checked > 3 * 435


def test_postgis_output_opens_with_the_catalogue_aliases(run_alg, db):
    from qgis.core import QgsVectorLayer

    result, _infos, _context = _run(run_alg, db, ["tab21"], _destination(db, "aliases_pushed"))
    with open(CATALOGUE, encoding="utf-8") as handle:
        labels = {row["id"]: row["label"] for row in csv.DictReader(handle, delimiter=";")}
    layer = QgsVectorLayer(result["OUTPUT"].split("://", 1)[1], "reopened", "postgres")  # a fresh layer
    assert layer.isValid()
    shown = {f.name(): f.alias() for f in layer.fields()}
    assert shown["s1_percentage_unemployed"] == labels["s1_percentage_unemployed"] == "Arbeitslosigkeit (SGB II)"
    assert shown["inhabitants"] == labels["inhabitants"]


@pytest.mark.parametrize("rule", [1, 2, 3, 4])   # first, last, sum, mean
def test_postgis_traps_equal_the_file_path(run_alg, db, tmp_path, rule):
    """Keys with blanks, quotes and '.0', no key, an unknown key, a duplicate (each rule), a -9999 code, NaN,
    infinity and rows of zeros: the same values, counts and NULL reasons both ways."""
    (pushed, pg, context), (local, gpkg, local_context) = _both(
        run_alg, db, tmp_path, ["traps"], f"traps_{rule}", TABLE_DUPLICATES=rule)
    _assert_same_values(pg, gpkg, ["a", "b", "c", "d"])
    for key in ("MATCHED", "UNMATCHED_ROWS", "UNMATCHED_AREAS"):
        assert pushed[key] == local[key], key
    nulls, local_nulls = _report_counts(pushed, context, "NULL"), _report_counts(local, local_context, "NULL")
    # QGIS's PostgreSQL provider hands the normal path Infinity as NULL ('leer'); SQL sees the infinity itself
    assert nulls.pop(("b", "unendlich oder zu groß für eine Zahl")) == local_nulls.pop(("b", "leer")) == 1
    assert nulls == local_nulls
    assert nulls[("a", "Code -9999 für 'kein Wert'")] == 1
    with open(TAB21, encoding="utf-8") as handle:   # rows 10..300 of table 2.1 are in traps (fid = line)
        published = list(csv.DictReader(handle))[9:300]
    zeros = sum(all(float(r[c]) == 0 for c in ("s1_percentage_unemployed", "s3_percentage_transfer_payments_"
                "recipients", "s4_percentage_transfer_payments_recipients_below_15_years")) for r in published)
    # those rows, 01011201 (0, 0, 0 with its base d = 600) and 01011203 (0 everywhere): no values
    assert nulls[("a", "in der Quelle 0 in allen Indikatoren")] == zeros + 2
    keys = {row[0] for row in _connection(db[0]).executeSql(f'SELECT plr_id FROM "{db[1]}".planungsraeume')}
    assert pushed["UNMATCHED_ROWS"] == sum(r["id"] not in keys for r in published) + 2   # + no key, 99999999
    assert _report_counts(pushed, context, "ohne Schlüssel") == {("", "Schlüssel leer"): 1}


def test_postgis_duplicate_keys_stop_with_the_file_paths_message(run_alg, db):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Schlüssel mehrfach im Feld 'id'.*01011105"):
        _run(run_alg, db, ["traps"], _destination(db, "traps_error"))
    assert _connection(db[0]).executeSql(f"SELECT to_regclass('{db[1]}.traps_error') IS NULL") == [[True]]


def test_postgis_keys_that_match_nothing_and_duplicate_areas_stop_before_writing(run_alg, db):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Keiner der 447 Schlüssel im Feld 'id' passt zu den Gebieten"):
        _run(run_alg, db, ["tab21"], _destination(db, "no_match"), INPUT_KEY="bzr_id")  # 6 digits against 8
    with pytest.raises(QgsProcessingException, match=r"Schlüssel mehrfach vergeben \(2 Flächen, Schlüssel "
                                                     r"06010102\)"):
        _run(run_alg, db, ["tab21"], _destination(db, "area_duplicates"), AREA_DUPLICATES=0)
    found = _connection(db[0]).executeSql(
        f"SELECT to_regclass('{db[1]}.no_match') IS NULL AND to_regclass('{db[1]}.area_duplicates') IS NULL")
    assert found == [[True]]


def test_postgis_numeric_keys_padded_to_width_match(run_alg, db, tmp_path):
    """A table whose keys lost their leading zeros (bigint): KEY_WIDTH 8 pads them, in SQL as in core.keys."""
    (pushed, pg, _c), (local, gpkg, _lc) = _both(run_alg, db, tmp_path, ["numeric_keys"], "numeric_pushed",
                                                KEY_WIDTH=8)
    assert pushed["MATCHED"] == local["MATCHED"] == 446
    _assert_same_values(pg, gpkg, ["s1_percentage_unemployed", "s3_percentage_transfer_payments_recipients"])


def test_postgis_output_that_is_an_input_table_is_refused(run_alg, db):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="planungsraeume"):
        _run(run_alg, db, ["tab21"], _destination(db, "planungsraeume"))
    with pytest.raises(QgsProcessingException, match="tab21"):
        _run(run_alg, db, ["tab21"], _destination(db, "tab21"))
    sql = _connection(db[0])
    assert sql.executeSql(f'SELECT count(*) FROM "{db[1]}".planungsraeume') == [[448]]
    assert sql.executeSql(f'SELECT count(*) FROM "{db[1]}".tab21') == [[447]]


def test_postgis_failing_sql_leaves_the_former_table_and_no_half_one(run_alg, db):
    """The index name the output's spatial index needs is taken: CREATE TABLE succeeds, CREATE INDEX fails,
    and the whole transaction is undone: the former output table is still there, unchanged."""
    from qgis.core import QgsProcessingException

    uri, schema = db
    sql = _connection(uri)
    sql.executeSql(f"""CREATE TABLE "{schema}".fail_out (fid int PRIMARY KEY, marker text);
        INSERT INTO "{schema}".fail_out VALUES (1, 'before');
        CREATE TABLE "{schema}".decoy (geom geometry);
        CREATE INDEX fail_out_geom_idx ON "{schema}".decoy USING gist (geom)""")
    with pytest.raises(QgsProcessingException, match="abgelehnt .*fail_out_geom_idx.*keine Tabelle geschrieben"):
        _run(run_alg, db, ["tab21"], _destination(db, "fail_out"))
    assert sql.executeSql(f'SELECT fid, marker FROM "{schema}".fail_out') == [[1, "before"]]


def test_postgis_sql_quotes_every_identifier_and_literal():
    """Names are data, never SQL: a table name with a quote and a statement inside stays one identifier."""
    from sozialraum_monitor.core.sql_pushdown import JoinSql, Relation, ident, key_expression, literal, script_sql

    assert ident('x"; DROP TABLE y; --') == '"x""; DROP TABLE y; --"'
    assert literal("it's") == "'it''s'"
    plan = JoinSql(Relation("public", 'a"b', "key", pk="fid", columns=("fid", "key"), geometry="geom"),
                   (Relation("s", "t", "id", pk="fid", columns=("v",)),), ("public", 'out"; --'),
                   ({"v": "v"},))
    text = script_sql(plan)
    assert '"public"."out""; --"' in text and '"public"."a""b"' in text
    assert "lpad" in key_expression("id", width=8) and "substring" in key_expression("id", extract=True)


def test_postgis_output_that_is_an_input_under_another_spelling_is_refused(run_alg, db):
    """127.0.0.1 instead of the socket (the servers are asked) or another user (no such role: the URIs are
    compared loosely) still name an input table: refused, the tables unchanged."""
    from qgis.core import QgsProcessingException

    uri, schema = db
    parts = dict(p.split("=", 1) for p in uri.split())
    sql = _connection(uri)
    fingerprint = "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY fid)) FROM \"{}\".\"{}\" AS t"
    before = [sql.executeSql(fingerprint.format(schema, t)) for t in ("planungsraeume", "tab21")]
    for spelling, table in ((f"host=127.0.0.1 port={parts['port']} dbname={parts['dbname']} user={parts['user']}",
                             "tab21"),
                            (f"host=localhost port={parts['port']} dbname={parts['dbname']} user=admin",
                             "planungsraeume")):
        with pytest.raises(QgsProcessingException, match=rf"would overwrite the input table {schema}\.{table}"):
            _run(run_alg, db, ["tab21"], f'postgres://{spelling} table="{schema}"."{table}" (geom)')
    assert [sql.executeSql(fingerprint.format(schema, t)) for t in ("planungsraeume", "tab21")] == before


def test_postgis_loose_database_comparison_ignores_who_connects_and_how_local_is_spelled(qgis_app):  # noqa: ARG001
    from qgis.core import QgsDataSourceUri

    from sozialraum_monitor.adapter.postgis import could_be_same_database, same_database

    def uri(text):
        return QgsDataSourceUri(text + ' table="public"."gebiete"')

    base = uri("host=/var/run/postgresql port=5432 dbname=stadt user=planer")
    for other in ("host=/var/run/postgresql port=5432 dbname=stadt user=admin",
                  "host=localhost dbname=stadt user=admin password=geheim",
                  "host=127.0.0.1 port=5432 dbname=stadt authcfg=abc1234",
                  "host=::1 port=5432 dbname=stadt", "dbname=stadt", "service=stadt", "service=stadt host=localhost"):
        assert could_be_same_database(base, uri(other)), other
        assert not same_database(base, uri(other)), other   # the push-down still needs the strict spelling
    for other in ("host=/var/run/postgresql port=5432 dbname=land user=planer", "host=localhost port=5433 dbname=stadt",
                  "host=db.example.org dbname=stadt user=planer", "service=stadt host=db.example.org"):
        assert not could_be_same_database(base, uri(other)), other
    assert could_be_same_database(uri("host=db.example.org dbname=stadt user=a"),
                                  uri("host=DB.example.org port=5432 dbname=stadt user=b"))


def test_postgis_field_types_are_compared_by_kind_not_number(qgis_app):  # noqa: ARG001
    from qgis.core import QgsField

    from sozialraum_monitor.adapter.compat import KINDS, field_is, make_field
    from sozialraum_monitor.adapter.postgis import _key_type
    from sozialraum_monitor.core.sql_pushdown import FLOAT, INTEGER, TEXT

    for kind in KINDS:
        assert [k for k in KINDS if field_is(make_field("x", kind), k)] == [kind]
    assert [_key_type(make_field("x", k)) for k in ("int", "long", "double", "string")] == \
        [INTEGER, INTEGER, FLOAT, TEXT]
    assert _key_type(QgsField("x", make_field("x", "double").type(), "int8")) == INTEGER   # PostgreSQL's type name


def test_postgis_unreadable_report_and_missing_connection_say_what_to_do(qgis_app):  # noqa: ARG001
    from sozialraum_monitor.adapter.postgis import _connection, _report, _sql
    from sozialraum_monitor.core.errors import JoinError, SocialIndexError

    assert _report([["x"], ['{"areas": 3}']], SocialIndexError) == {"areas": 3}
    for rows in ([["kein JSON"]], [], [[None]], [['{"areas": 3}']]):
        with pytest.raises(SocialIndexError, match="wurde in der Datenbank geschrieben, aber ihr Bericht ließ sich "
                                                   "nicht lesen.*Ausgabetabelle .* prüfen"):
            _report(rows, SocialIndexError, (lambda counts: counts["t0"]) if rows else None)
    for error_class in (JoinError, SocialIndexError):   # no server answers: a German message, no raw exception
        connection = _connection("host=127.0.0.1 port=1 dbname=nirgends user=niemand connect_timeout=5", error_class)
        with pytest.raises(error_class, match="Die Datenbank hat den Test abgelehnt .*keine Tabelle geschrieben; "
                                              "bitte Verbindung und Rechte prüfen"):
            _sql(connection, "SELECT 1", None, error_class, "den Test")
