"""PostGIS bench: the join of N areas x 50 indicators when areas and table lie in PostGIS.

- ours, push-down: sozialraum:joinindicators with PostGIS inputs and a PostGIS output: the join runs as SQL in the
  database (adapter.postgis), no row through Python;
- anchor, the floor: the same join written by hand as one `CREATE TABLE … AS SELECT … LEFT JOIN` in the database
  (what any join in the database must at least do; no checks, no report);
- anchor: `native:joinattributestable` with the PostGIS layers, output into PostGIS (QGIS's own tool, rows through
  QGIS);
- ours, normal path: the same inputs with a GeoPackage output (every row read into QGIS).
The aggregation of the joined areas (50 counts summed to the first 5 key digits, geometries dissolved, MIN_COUNT 3)
the same way: sozialraum:aggregate pushed down, one hand-written `GROUP BY` with `ST_Union` (the floor),
`native:aggregate` (PostGIS in and out) and our normal path (GeoPackage out).
Each run is a child process of its own (peak RSS its own, the child's QGIS start included and stated); rounds are
interleaved and each figure is the median of the rounds. Sizes: BENCH_POSTGIS_SIZES (default "100000,1000000";
100k in 3 rounds, larger sizes in 1).

The server: SOZIALRAUM_TEST_PG when set (tools/run_tests.sh, tools/pg_test_server.sh), else one started by
tools/pg_test_server.sh for the bench and stopped after it; without PostgreSQL/PostGIS the bench prints one line
saying so and gives no figure.
"""
import json
import os
import statistics
import subprocess
import sys
import uuid

INDICATORS = 50
PREFIX = 5             # the aggregation's parents: the first 5 of 8 key digits (1,000 areas each)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SERVER = os.path.join(ROOT, "tools", "pg_test_server.sh")

WORKER = r'''
import json, os, sys, time
sys.path.insert(0, os.path.join({root!r}, "tools"))
import qgis_app
app, provider = qgis_app.start()
baseline = qgis_app.peak_mb()
kind, uri, schema, n, out = sys.argv[1:6]
import processing
from qgis.core import QgsProcessingContext, QgsProject, QgsProviderRegistry, QgsVectorLayer
areas = QgsVectorLayer(f"{{uri}} key='fid' srid=25833 type=Polygon table=\"{{schema}}\".\"areas\" (geom)", "areas",
                       "postgres")
table = QgsVectorLayer(f"{{uri}} key='fid' table=\"{{schema}}\".\"indicators\"", "indicators", "postgres")
assert areas.isValid() and table.isValid()
QgsProject.instance().addMapLayers([areas, table])
context = QgsProcessingContext()
context.setProject(QgsProject.instance())
target = f"postgres://{{uri}} table=\"{{schema}}\".\"{{out}}\" (geom)"
start = time.perf_counter()
if kind in ("pushdown", "normal"):
    result = processing.run("sozialraum:joinindicators", {{
        "INPUT": areas, "INPUT_KEY": "key", "TABLES": [table.id()], "TABLE_KEY": "key",
        "OUTPUT": target if kind == "pushdown" else out, "REPORT": "TEMPORARY_OUTPUT"}}, context=context)
    joined = result["MATCHED"]
elif kind in ("agg_pushdown", "agg_normal"):
    joined_layer = QgsVectorLayer(f"{{uri}} key='fid' srid=25833 type=Polygon table=\"{{schema}}\".\"joined\" (geom)",
                                  "joined", "postgres")
    assert joined_layer.isValid()
    QgsProject.instance().addMapLayer(joined_layer)
    fields = [f"ind_{{j:02d}}" for j in range({indicators})]
    result = processing.run("sozialraum:aggregate", {{
        "INPUT": joined_layer, "KEY": "key", "PREFIX_LENGTH": {prefix}, "FIELDS": fields, "COUNT_FIELDS": fields,
        "MIN_COUNT": 3, "OUTPUT": target if kind == "agg_pushdown" else out, "REPORT": "TEMPORARY_OUTPUT"}},
        context=context)
    joined = n
elif kind == "agg_native":
    aggregates = [{{"aggregate": "first_value", "input": f"left(\"key\", {prefix})", "name": "einheit", "type": 10,
                   "length": 0, "precision": 0}}, {{"aggregate": "count", "input": "\"fid\"", "name": "gebiete",
                   "type": 2, "length": 0, "precision": 0}}]
    aggregates += [{{"aggregate": "sum", "input": f"\"ind_{{j:02d}}\"", "name": f"ind_{{j:02d}}", "type": 6,
                    "length": 0, "precision": 0}} for j in range({indicators})]
    joined_layer = QgsVectorLayer(f"{{uri}} key='fid' srid=25833 type=Polygon table=\"{{schema}}\".\"joined\" (geom)",
                                  "joined", "postgres")
    result = processing.run("native:aggregate", {{
        "INPUT": joined_layer, "GROUP_BY": f"left(\"key\", {prefix})", "AGGREGATES": aggregates, "OUTPUT": target}},
        context=context)
    joined = n
elif kind == "agg_sql":
    connection = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {{}})
    sums = ", ".join(f"sum(ind_{{j:02d}}) AS ind_{{j:02d}}" for j in range({indicators}))
    connection.executeSql(f'DROP TABLE IF EXISTS "{{schema}}"."{{out}}"; CREATE TABLE "{{schema}}"."{{out}}" AS '
                          f'SELECT left(key, {prefix}) AS einheit, count(*) AS gebiete, {{sums}}, '
                          f'ST_Multi(ST_Union(geom)) AS geom FROM "{{schema}}".joined GROUP BY 1 ORDER BY 1')
    joined = n
elif kind == "native":
    result = processing.run("native:joinattributestable", {{
        "INPUT": areas, "FIELD": "key", "INPUT_2": table, "FIELD_2": "key", "METHOD": 1,
        "DISCARD_NONMATCHING": False, "OUTPUT": target}}, context=context)
    joined = result["JOINED_COUNT"]
else:
    connection = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {{}})
    columns = ", ".join(f"t.ind_{{j:02d}}" for j in range({indicators}))
    connection.executeSql(f'DROP TABLE IF EXISTS "{{schema}}"."{{out}}"; CREATE TABLE "{{schema}}"."{{out}}" AS '
                          f'SELECT a.*, {{columns}} FROM "{{schema}}".areas a LEFT JOIN "{{schema}}".indicators t '
                          f'ON t.key = a.key; ALTER TABLE "{{schema}}"."{{out}}" ADD PRIMARY KEY (fid); CREATE INDEX '
                          f'ON "{{schema}}"."{{out}}" USING gist (geom)')
    joined = connection.executeSql(f'SELECT count(ind_00) FROM "{{schema}}"."{{out}}"')[0][0]
seconds = time.perf_counter() - start
peak = qgis_app.peak_mb()
print(json.dumps({{"seconds": seconds, "joined": int(joined), "peak_mb": peak, "baseline_mb": baseline}}), flush=True)
os._exit(0)
'''


def _server():
    """(libpq connection, data dir to stop or '') — SOZIALRAUM_TEST_PG, or a throwaway server; (None, why)."""
    if os.environ.get("SOZIALRAUM_TEST_PG"):
        return os.environ["SOZIALRAUM_TEST_PG"], ""
    done = subprocess.run(["bash", SERVER, "start"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "pg_test_server failed"
    values = dict(line.split("=", 1) for line in done.stdout.replace("export ", "").splitlines() if "=" in line)
    return values["SOZIALRAUM_TEST_PG"].strip("'"), values["SOZIALRAUM_TEST_PG_DIR"].strip("'")


def _sql(uri, statements):
    """Run SQL in a child QGIS (the bench's own process keeps no QGIS connection open)."""
    code = (f"import sys; sys.path.insert(0, {os.path.join(ROOT, 'tools')!r}); import qgis_app; "
            "app, provider = qgis_app.start(); from qgis.core import QgsProviderRegistry; "
            "c = QgsProviderRegistry.instance().providerMetadata("
            f"'postgres').createConnection({uri!r}, {{}}); c.executeSql({statements!r}); import os; os._exit(0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=7200)
    if done.returncode != 0:
        raise RuntimeError(f"SQL failed: {done.stderr[-2000:]}")


def _write_inputs(uri, schema, n):
    """areas (n squares of 90 m, 8-digit text key with leading zeros) and indicators (key + 50 float8 values with
    two decimals), generated in the database; joined (areas with the indicators: the aggregation's input)."""
    values = ", ".join(f"round((random() * 1000)::numeric, 2)::float8 AS ind_{j:02d}" for j in range(INDICATORS))
    _sql(uri, f"""
        SELECT setseed(0.1);
        CREATE SCHEMA "{schema}";
        CREATE TABLE "{schema}".areas AS SELECT i AS fid, lpad(i::text, 8, '0') AS key, 'Gebiet ' || i AS name,
            ST_SetSRID(ST_MakeEnvelope((i % 1000) * 100, (i / 1000) * 100, (i % 1000) * 100 + 90,
                                       (i / 1000) * 100 + 90), 25833)::geometry(Polygon, 25833) AS geom
            FROM generate_series(0, {n - 1}) AS i;
        ALTER TABLE "{schema}".areas ADD PRIMARY KEY (fid);
        CREATE INDEX ON "{schema}".areas USING gist (geom);
        CREATE TABLE "{schema}".indicators AS SELECT i + 1 AS fid, lpad(i::text, 8, '0') AS key, {values}
            FROM generate_series(0, {n - 1}) AS i;
        ALTER TABLE "{schema}".indicators ADD PRIMARY KEY (fid);
        CREATE TABLE "{schema}".joined AS SELECT a.*, {", ".join(f"t.ind_{j:02d}" for j in range(INDICATORS))}
            FROM "{schema}".areas a JOIN "{schema}".indicators t ON t.key = a.key;
        ALTER TABLE "{schema}".joined ADD PRIMARY KEY (fid);
        ANALYZE "{schema}".areas; ANALYZE "{schema}".indicators""")


def _run(kind, uri, schema, n, folder, round_number):
    out = (os.path.join(folder, f"out_{kind}_{round_number}.gpkg") if kind in ("normal", "agg_normal")
           else f"out_{kind}_{round_number}")
    worker = WORKER.format(root=ROOT, indicators=INDICATORS, prefix=PREFIX)
    done = subprocess.run([sys.executable, "-c", worker, kind, uri, schema,
                           str(n), out], capture_output=True, text=True, timeout=7200)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} failed: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def run(report):
    import tempfile

    sizes = [int(s) for s in os.environ.get("BENCH_POSTGIS_SIZES", "100000,1000000").split(",") if s.strip()]
    uri, stop = _server()
    if uri is None:
        print(f"postgis: no PostgreSQL/PostGIS server ({stop}); set SOZIALRAUM_TEST_PG or install postgresql and "
              "postgresql-postgis (tools/setup.sh); no figure", flush=True)
        return
    try:
        for n in sizes:
            rounds = 3 if n <= 100_000 else 1
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            folder = tempfile.mkdtemp(prefix=f"bench_postgis_{n}_")
            _write_inputs(uri, schema, n)
            kinds = ("pushdown", "sql", "native", "normal", "agg_pushdown", "agg_sql", "agg_native", "agg_normal")
            results = {kind: [] for kind in kinds}
            for round_number in range(rounds):
                for kind in kinds:  # interleaved
                    result = _run(kind, uri, schema, n, folder, round_number)
                    assert result["joined"] == n, f"{kind} joined {result['joined']} of {n} rows"
                    results[kind].append(result)
            median = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
            peak = {k: max(r["peak_mb"] for r in v) for k, v in results.items()}
            base = min(r["baseline_mb"] for v in results.values() for r in v)
            label = f"join {n:,} areas x {INDICATORS} indicators, PostGIS push-down"
            report(f"{label} vs plain SQL join (floor)", median["pushdown"], median["sql"],
                   f"median of {rounds}; the floor is one CREATE TABLE AS … LEFT JOIN in the database (no checks, "
                   f"no report); peak RSS ours {peak['pushdown']:.0f} MB (QGIS start alone {base:.0f} MB)")
            report(f"{label} vs native (PostGIS in/out)", median["pushdown"], median["native"],
                   f"median of {rounds}; native:joinattributestable, peak RSS {peak['native']:.0f} MB; both joined "
                   f"all {n:,} rows")
            report(f"{label} vs our normal path (GPKG out)", median["pushdown"], median["normal"],
                   f"median of {rounds}; 'QGIS' here is our own join reading every row (peak RSS "
                   f"{peak['normal']:.0f} MB)")
            label = (f"aggregate {n:,} areas x {INDICATORS} counts to {max(n // 10 ** (8 - PREFIX), 1):,} units, "
                     "PostGIS push-down")
            report(f"{label} vs plain SQL GROUP BY (floor)", median["agg_pushdown"], median["agg_sql"],
                   f"median of {rounds}; the floor is one CREATE TABLE AS … sum(), ST_Union … GROUP BY (no NULL "
                   f"reasons, no suppression, no report); peak RSS ours {peak['agg_pushdown']:.0f} MB")
            report(f"{label} vs native:aggregate (PostGIS in/out)", median["agg_pushdown"], median["agg_native"],
                   f"median of {rounds}; QGIS's own aggregate (sums; geometries combined into one multipart per "
                   f"group), peak RSS {peak['agg_native']:.0f} MB")
            report(f"{label} vs our normal path (GPKG out)", median["agg_pushdown"], median["agg_normal"],
                   f"median of {rounds}; 'QGIS' here is our own aggregation reading every area (peak RSS "
                   f"{peak['agg_normal']:.0f} MB)")
            _sql(uri, f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        if stop:
            subprocess.run(["bash", SERVER, "stop", stop], capture_output=True, timeout=300)
