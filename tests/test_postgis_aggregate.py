"""PostGIS push-down of sozialraum:aggregate, against a real local PostgreSQL/PostGIS (tools/pg_test_server.sh; the
fixture `postgis_uri` skips without it, and fails under CI=true).

The Berlin planning areas (resources/sample/berlin_mss2019.gpkg, loaded into a schema of its own with GDAL) get
count columns made up from their row number: a population, a numerator with small counts, no-value codes and
gaps, a rate kept in the layer and one without counts. Each aggregation runs twice on the same PostGIS layer: into
a PostGIS table (push-down: SQL in the database) and into a GeoPackage (the normal path, which reads the areas into
QGIS). Units, values (1e-9), the suppression pattern, every NULL reason of the report, the log's counts, field
names and types and the dissolved geometries must agree; sums and rates are also checked against numpy over the
rows read with GDAL.
"""
import math
import os
import shutil
import uuid

import numpy as np
import pytest

from conftest import SAMPLE

FIELDS = ["ew", "alo", "alo_quote", "k", "k_quote", "s3"]


def _connection(uri):
    from qgis.core import QgsProviderRegistry

    return QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {})


@pytest.fixture(scope="module")
def db(postgis_uri, qgis_app, tmp_path_factory):  # noqa: ARG001 (QGIS must run)
    """A schema of this module's own: areas (the planning areas with made-up counts), and a catalogue file."""
    from osgeo import gdal

    schema = f"a_{uuid.uuid4().hex[:10]}"
    sql = _connection(postgis_uri)
    sql.executeSql(f'CREATE SCHEMA "{schema}"')
    gdal.UseExceptions()
    copy = tmp_path_factory.mktemp("sample") / "berlin_mss2019.gpkg"   # GDAL never opens the repository's file
    shutil.copyfile(os.path.join(SAMPLE, "berlin_mss2019.gpkg"), copy)
    gdal.VectorTranslate(f"PG:{postgis_uri}", str(copy), layers=["planungsraeume"],
                         layerName=f"{schema}.planungsraeume", format="PostgreSQL", accessMode="update",
                         layerCreationOptions=["FID=fid", "GEOMETRY_NAME=geom"])
    sql.executeSql(f"""
        CREATE TABLE "{schema}".areas AS SELECT fid, geom,
            CASE WHEN fid = 5 THEN NULL WHEN fid = 6 THEN 'x1' ELSE plr_id END AS plr_id, bez_id,
            CASE WHEN fid = 101 THEN NULL WHEN fid % 41 = 0 THEN 3 ELSE 200 + (fid * 37) % 5000 END::float8 AS ew,
            CASE WHEN fid % 61 = 0 THEN NULL WHEN fid % 73 = 0 THEN -9999 WHEN fid % 50 = 0 THEN 1
                 ELSE (fid * 13) % 400 END::float8 AS alo,
            CASE WHEN fid % 7 = 0 THEN 1 ELSE 0 END::float8 AS k,
            (fid % 17)::float8 AS s3
        FROM "{schema}".planungsraeume;
        ALTER TABLE "{schema}".areas ADD PRIMARY KEY (fid);
        ALTER TABLE "{schema}".areas ADD COLUMN alo_quote float8, ADD COLUMN k_quote float8;
        UPDATE "{schema}".areas SET alo_quote = alo / ew * 100, k_quote = k / ew * 1000;
        UPDATE "{schema}".areas SET geom = ST_Multi(ST_MakePolygon(ST_GeomFromText(
            'LINESTRING(390000 5820000, 390100 5820100, 390100 5820000, 390000 5820100, 390000 5820000)', 25833)))
            WHERE fid = 9""")
    catalogue = tmp_path_factory.mktemp("catalogue") / "katalog.csv"
    catalogue.write_text(
        "id;label;theme;unit;polarity;numerator;denominator;multiplier;source;year;description;decimals;kind\n"
        "ew;Einwohner;Demografie;EW;neutral;;;1;Test;2024;;0;count\n"
        "alo_quote;Arbeitslosenquote;Arbeit;%;higher_is_worse;alo;ew;100;Test;2024;;2;\n"
        "k_quote;Fälle je 1000;Fälle;‰;higher_is_worse;k;ew;1000;Test;2024;;2;\n"
        "s3;Index ohne Zählwerte;Sonstiges;;neutral;;;1;Test;2024;;2;\n", encoding="utf-8")
    yield postgis_uri, schema, str(catalogue)
    sql.executeSql(f'DROP SCHEMA "{schema}" CASCADE')


def _layer(db, table="areas"):
    from qgis.core import QgsProject, QgsVectorLayer

    uri, schema, _catalogue = db
    layer = QgsVectorLayer(f"{uri} key='fid' table=\"{schema}\".\"{table}\" (geom)", table, "postgres")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def _destination(db, table):
    return f"postgres://{db[0]} table=\"{db[1]}\".\"{table}\" (geom)"


def _run(run_alg, db, output, **extra):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    infos = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            infos.append(info)

        def pushWarning(self, warning):  # noqa: N802
            infos.append(warning)

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"INPUT": _layer(db, extra.pop("TABLE", "areas")), "KEY": "plr_id", "FIELDS": FIELDS,
              "CATALOGUE": db[2], "MIN_COUNT": 3, "MISSING_CODES": "-9999", "OUTPUT": output,
              "REPORT": "TEMPORARY_OUTPUT"}
    params.update(extra)
    result = run_alg("sozialraum:aggregate", params, context=context, feedback=Feedback())
    return result, infos, context


def _units(layer):
    """{einheit: {field: value}} (NULL as nan) and {einheit: geometry}."""
    names = [n for n in layer.fields().names() if n != "fid"]
    rows, shapes = {}, {}
    for feature in layer.getFeatures():
        values = {n: feature[n] for n in names}
        rows[values["einheit"]] = {n: (math.nan if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
                                   for n, v in values.items()}
        shapes[values["einheit"]] = feature.geometry()
    return rows, shapes


def _report(result, context):
    from qgis.core import QgsProcessingUtils

    layer = result["REPORT"]
    if isinstance(layer, str):
        layer = QgsProcessingUtils.mapLayerFromString(layer, context)
    return [tuple(str(f[n]) for n in ("einheit", "feld", "status", "grund")) for f in layer.getFeatures()]


def _both(run_alg, db, tmp_path, name, **extra):
    from qgis.core import QgsVectorLayer

    pushed, push_log, context = _run(run_alg, db, _destination(db, name), **extra)
    gpkg = str(tmp_path / f"{name}.gpkg")
    local, local_log, local_context = _run(run_alg, db, gpkg, **extra)
    assert any("(PostGIS push-down): no area was read" in i for i in push_log), push_log
    assert any("PostGIS push-down not used (the output is not a PostGIS table)" in i for i in local_log), local_log
    pg_layer = QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], name, "postgres")
    assert pg_layer.isValid()
    return (pushed, pg_layer, push_log, context), (local, QgsVectorLayer(gpkg, name, "ogr"), local_log, local_context)


CASES = {
    "prefix6": dict(PREFIX_LENGTH=6),
    "prefix8_population": dict(PREFIX_LENGTH=8, MIN_POPULATION=300, POPULATION_FIELD="ew"),
    "parent_weight": dict(PARENT_FIELD="bez_id", WEIGHT="ew", MIN_COUNT=4),
    "region": dict(MIN_COUNT=0),
    "no_dissolve": dict(PREFIX_LENGTH=4, DISSOLVE=False, MIN_COUNT=5, MIN_POPULATION=1000, POPULATION_FIELD="ew"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_postgis_aggregate_equals_the_file_path(run_alg, db, tmp_path, case):
    (pushed, pg, push_log, context), (local, gpkg, local_log, local_context) = _both(
        run_alg, db, tmp_path, f"agg_{case}", **CASES[case])
    ours, our_shapes = _units(pg)
    theirs, their_shapes = _units(gpkg)
    assert list(ours) == list(theirs)                       # the same units, in the same order
    assert len(ours) > 1 or case == "region"
    fields = [f for f in pg.fields() if f.name() != "fid"]
    assert [f.name() for f in fields] == [f.name() for f in gpkg.fields() if f.name() != "fid"]
    assert [f.isNumeric() for f in fields] == [f.isNumeric() for f in gpkg.fields() if f.name() != "fid"]
    for unit in ours:
        assert ours[unit]["gebiete"] == theirs[unit]["gebiete"]
        for field in FIELDS:
            a, b = float(ours[unit][field]), float(theirs[unit][field])
            assert math.isnan(a) == math.isnan(b), (unit, field, a, b)     # the same suppression and NULL pattern
            if not math.isnan(a):
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (unit, field)
    assert sorted(_report(pushed, context)) == sorted(_report(local, local_context))
    hidden = [i for i in push_log if "values suppressed" in i]
    assert hidden == [i for i in local_log if "values suppressed" in i]
    assert bool(hidden) == (case in ("prefix6", "prefix8_population", "no_dissolve")), hidden   # the rule did hide
    for text in ("areas aggregated to", "have no parent unit", "no-value codes", "repaired (makeValid)"):
        assert [i for i in push_log if text in i] == [i for i in local_log if text in i], text
    if CASES[case].get("DISSOLVE", True):
        assert pg.wkbType() == gpkg.wkbType()
        for unit in ours:
            a, b = our_shapes[unit], their_shapes[unit]
            assert a.area() == pytest.approx(b.area(), rel=1e-9)
            assert a.symDifference(b).area() <= 1e-6 * b.area()
    else:
        assert pg.wkbType() == gpkg.wkbType()                  # no geometry on both sides


def test_postgis_aggregate_values_are_sums_and_rates_of_sums(run_alg, db):
    """Independent of either path: sums per district and rates from the summed counts with numpy over the rows
    as GDAL reads them (code -9999 and NULL make a sum incomplete: NULL)."""
    from osgeo import ogr
    from qgis.core import QgsVectorLayer

    pushed, _log, _context = _run(run_alg, db, _destination(db, "agg_oracle"), PARENT_FIELD="bez_id", MIN_COUNT=0)
    ours, _shapes = _units(QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], "o", "postgres"))
    source = ogr.Open(f"PG:{db[0]}")
    rows = {}
    for feature in source.ExecuteSQL(f'SELECT bez_id, ew, alo, k FROM "{db[1]}".areas'):
        values = [feature.GetField(n) for n in ("ew", "alo", "k")]
        values = [np.nan if v is None or v == -9999 else v for v in values]
        rows.setdefault(feature.GetField("bez_id"), []).append(values)
    assert sorted(rows) == list(ours)
    assert sum(np.isnan(np.array(v, dtype=float)).any() for v in rows.values()) >= 2   # gaps in some districts
    for unit, values in rows.items():
        ew, alo, k = np.array(values, dtype=float).T
        assert ours[unit]["gebiete"] == len(ew)
        assert ours[unit]["k"] == k.sum()
        if np.isnan(ew).any():                                 # an area without population: no sum, no rate
            assert math.isnan(ours[unit]["ew"]) and math.isnan(ours[unit]["k_quote"])
        else:
            assert ours[unit]["ew"] == pytest.approx(ew.sum(), rel=1e-12)
            assert ours[unit]["k_quote"] == pytest.approx(k.sum() / ew.sum() * 1000, rel=1e-12)
        if np.isnan(alo).any() or np.isnan(ew).any():
            assert math.isnan(ours[unit]["alo_quote"])
        else:
            assert ours[unit]["alo_quote"] == pytest.approx(alo.sum() / ew.sum() * 100, rel=1e-12)
        assert math.isnan(ours[unit]["alo"]) == bool(np.isnan(alo).any())
        assert math.isnan(ours[unit]["s3"])                    # no counts and no weight: NULL


def test_postgis_aggregate_region_row_runs_locally_and_says_why(run_alg, db):
    from qgis.core import QgsVectorLayer

    pushed, log, _context = _run(run_alg, db, _destination(db, "agg_region_row"), PREFIX_LENGTH=2, REGION_ROW=True)
    assert any("PostGIS push-down not used (the row for the whole region needs secondary suppression" in i
               for i in log), log
    layer = QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], "r", "postgres")
    assert "Gesamt" in [f["einheit"] for f in layer.getFeatures()]


def test_postgis_aggregate_output_that_is_the_input_is_refused(run_alg, db):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="areas"):
        _run(run_alg, db, _destination(db, "areas"), PREFIX_LENGTH=6)
    assert _connection(db[0]).executeSql(f'SELECT count(*) FROM "{db[1]}".areas') == [[448]]


def test_postgis_aggregate_failing_sql_leaves_the_former_table_and_no_half_one(run_alg, db):
    """The name of the output's spatial index is taken: CREATE TABLE succeeds, CREATE INDEX fails, and the whole
    transaction is undone: the former output table is still there, unchanged."""
    from qgis.core import QgsProcessingException

    uri, schema, _catalogue = db
    sql = _connection(uri)
    sql.executeSql(f"""CREATE TABLE "{schema}".agg_fail (fid int PRIMARY KEY, marker text);
        INSERT INTO "{schema}".agg_fail VALUES (1, 'before');
        CREATE TABLE "{schema}".decoy (geom geometry);
        CREATE INDEX agg_fail_geom_idx ON "{schema}".decoy USING gist (geom)""")
    with pytest.raises(QgsProcessingException,
                       match="die Aggregation abgelehnt .*agg_fail_geom_idx.*keine Tabelle geschrieben"):
        _run(run_alg, db, _destination(db, "agg_fail"), PREFIX_LENGTH=6)
    assert sql.executeSql(f'SELECT fid, marker FROM "{schema}".agg_fail') == [[1, "before"]]


def test_postgis_aggregate_of_sixty_fields_equals_the_file_path(run_alg, db, tmp_path):
    """More fields than a SQL function takes arguments (100 with values and reasons): sums of 60 counts to the
    districts (first 2 key digits), small sums suppressed, as on the normal path."""
    uri, schema, _catalogue = db
    columns = [f"c{j:02d}" for j in range(60)]
    made = ", ".join(f"CASE WHEN fid % {j + 3} = 0 THEN 1 ELSE 0 END::float8 AS {c}" for j, c in enumerate(columns))
    _connection(uri).executeSql(f'CREATE TABLE "{schema}".wide AS SELECT fid, geom, plr_id, {made} FROM '
                                f'"{schema}".areas; ALTER TABLE "{schema}".wide ADD PRIMARY KEY (fid)')
    (_pushed, pg, push_log, _context), (_local, gpkg, local_log, _local_context) = _both(
        run_alg, db, tmp_path, "agg_wide", TABLE="wide", FIELDS=columns, COUNT_FIELDS=columns, PREFIX_LENGTH=2,
        MISSING_CODES="", MIN_COUNT=12)
    ours, _shapes = _units(pg)
    theirs, _their_shapes = _units(gpkg)
    assert list(ours) == list(theirs) and len(ours) == 13           # 12 districts and the key 'x1' of area 6
    pattern = [[math.isnan(float(ours[u][c])) for c in columns] for u in ours]
    assert pattern == [[math.isnan(float(theirs[u][c])) for c in columns] for u in theirs]
    assert any(any(row) for row in pattern) and not all(all(row) for row in pattern)
    for unit in ours:
        for column in columns:
            if not math.isnan(float(ours[unit][column])):
                assert ours[unit][column] == theirs[unit][column]
    assert [i for i in push_log if "values suppressed" in i] == [i for i in local_log if "values suppressed" in i]


def test_postgis_aggregate_output_that_is_the_input_under_another_spelling_is_refused(run_alg, db):
    """127.0.0.1 instead of the socket (servers asked) or another user (no such role: URIs compared loosely):
    the same table, refused, the input unchanged."""
    from qgis.core import QgsProcessingException

    uri, schema, _catalogue = db
    parts = dict(p.split("=", 1) for p in uri.split())
    sql = _connection(uri)
    before = sql.executeSql(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY fid)) FROM \"{schema}\".areas AS t")
    for spelling in (f"host=127.0.0.1 port={parts['port']} dbname={parts['dbname']} user={parts['user']}",
                     f"host=localhost port={parts['port']} dbname={parts['dbname']} user=admin"):
        with pytest.raises(QgsProcessingException, match=rf"would overwrite the input table {schema}\.areas"):
            _run(run_alg, db, f'postgres://{spelling} table="{schema}"."areas" (geom)', PREFIX_LENGTH=6)
    assert sql.executeSql(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY fid)) FROM \"{schema}\".areas "
                          "AS t") == before
