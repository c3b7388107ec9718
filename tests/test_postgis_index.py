"""PostGIS push-down of sozialraum:compositeindex (the z-score status index with the MSS classes), against a real
local PostgreSQL/PostGIS (tools/pg_test_server.sh; `postgis_uri` skips without it, fails under CI=true).

The areas of tests/test_postgis_aggregate.py (Berlin planning areas with made-up counts, no-value codes and gaps)
are indexed twice on the same PostGIS layer: into a PostGIS table (SQL in the database) and into a GeoPackage (the
normal path). Every field (the copies of the layer's fields, z-values, sum, index, class, level, reference flag and
note) must agree, values to 1e-9, and so must the log; the z-values are also checked against numpy.
"""
import math

import numpy as np
import pytest

from test_postgis_aggregate import _connection, _destination, _layer, db  # noqa: F401 (db: the fixture)

INDICATORS = ["alo_quote", "k_quote", "s3"]


def _run(run_alg, db, output, **extra):  # noqa: F811
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    infos = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            infos.append(info)

        def pushWarning(self, warning):  # noqa: N802
            infos.append(warning)

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"INPUT": _layer(db), "INDICATORS": INDICATORS, "CATALOGUE": db[2], "MIN_COUNT": 0,
              "POPULATION_FIELD": "ew", "REFERENCE_MIN_POPULATION": 300, "MISSING_CODES": "-9999", "OUTPUT": output}
    params.update(extra)
    return run_alg("sozialraum:compositeindex", params, context=context, feedback=Feedback()), infos


def _rows(layer):
    out = {}
    for feature in layer.getFeatures():
        values = {n: feature[n] for n in layer.fields().names()}
        out[values["fid"]] = {n: (math.nan if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
                              for n, v in values.items()}
    return out


CASES = {
    "catalogue": {},
    "no_catalogue_rule_on": dict(CATALOGUE="", POLARITIES="-;-;+", MIN_COUNT=3, WEIGHTS="1;0,5;2"),
    "sample_sd_no_restandardise": dict(SAMPLE_SD=True, RESTANDARDISE=False, REFERENCE_MIN_POPULATION=1000),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_postgis_index_equals_the_file_path(run_alg, db, tmp_path, case):  # noqa: F811
    from qgis.core import QgsVectorLayer

    pushed, push_log = _run(run_alg, db, _destination(db, f"ix_{case}"), **CASES[case])
    gpkg = str(tmp_path / f"ix_{case}.gpkg")
    _local, local_log = _run(run_alg, db, gpkg, **CASES[case])
    assert any("(PostGIS push-down): no area was read" in i for i in push_log), push_log
    pg = QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], "ix", "postgres")
    local = QgsVectorLayer(gpkg, "ix", "ogr")
    assert pg.isValid() and local.isValid()
    assert pg.fields().names() == local.fields().names()
    assert [f.isNumeric() for f in pg.fields()] == [f.isNumeric() for f in local.fields()]
    ours, theirs = _rows(pg), _rows(local)
    assert sorted(ours) == sorted(theirs) and len(ours) == 448
    for fid, row in ours.items():
        for name, value in row.items():
            other = theirs[fid][name]
            if isinstance(value, float) or isinstance(other, float):
                a, b = float(value), float(other)
                assert math.isnan(a) == math.isnan(b), (fid, name, a, b)
                if not math.isnan(a):
                    assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (fid, name)
            else:
                assert value == other, (fid, name)
    classes = [r["status_class"] for r in ours.values()]
    assert {"hoch", "mittel", "niedrig", "sehr niedrig", "nicht berechnet (außerhalb der Referenz)"} <= set(classes)
    skip = ("PostGIS push-down", "Index computed", "Style written", "Results:")
    assert sorted(i for i in push_log if not i.startswith(skip)) == sorted(
        i for i in local_log if not i.startswith(skip))
    for fid, geometry in ((f.id(), f.geometry()) for f in pg.getFeatures()):
        assert geometry.equals(next(local.getFeatures(f"fid = {fid}")).geometry())


def test_postgis_index_z_values_are_numpy_z_scores(run_alg, db):  # noqa: F811
    """Independent of either path: z = sign × (x − mean) / population SD over the reference areas (≥ 300
    residents, all three values), from the rows as GDAL reads them."""
    from osgeo import ogr
    from qgis.core import QgsVectorLayer

    pushed, _log = _run(run_alg, db, _destination(db, "ix_oracle"), CATALOGUE="", POLARITIES="-;-;+")
    ours = _rows(QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], "o", "postgres"))
    source = ogr.Open(f"PG:{db[0]}")
    rows = [[f.GetField(n) for n in ["fid", "ew"] + INDICATORS]
            for f in source.ExecuteSQL(f'SELECT fid, ew, {", ".join(INDICATORS)} FROM "{db[1]}".areas')]
    data = np.array([[np.nan if v is None or v == -9999 else v for v in r] for r in rows], dtype=float)
    reference = ~np.isnan(data[:, 2:]).any(axis=1) & (data[:, 1] >= 300)
    for column, (name, sign) in enumerate(zip(INDICATORS, (1, 1, -1))):
        x = data[:, 2 + column]
        z = sign * (x - x[reference].mean()) / x[reference].std()
        for fid, expected in zip(data[:, 0].astype(int), z):
            got = float(ours[fid][f"z_{name}"])
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert [bool(ours[f]["in_reference"]) for f in data[:, 0].astype(int)] == reference.tolist()


def test_postgis_index_with_small_counts_runs_locally_and_says_why(run_alg, db):  # noqa: F811
    _result, log = _run(run_alg, db, _destination(db, "ix_small"), MIN_COUNT=3)
    assert any("PostGIS push-down not used (the privacy rule hides values here" in i for i in log), log


def test_postgis_index_output_that_is_the_input_is_refused(run_alg, db):  # noqa: F811
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="areas"):
        _run(run_alg, db, _destination(db, "areas"))
    assert _connection(db[0]).executeSql(f'SELECT count(*) FROM "{db[1]}".areas') == [[448]]


def test_postgis_index_opens_with_the_mss_style(run_alg, db):  # noqa: F811
    from qgis.core import QgsVectorLayer

    pushed, _log = _run(run_alg, db, _destination(db, "ix_style"))
    layer = QgsVectorLayer(pushed["OUTPUT"].split("://", 1)[1], "ix", "postgres")
    assert layer.isValid()
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "status_class"
    assert [c.value() for c in renderer.categories()][:4] == ["hoch", "mittel", "niedrig", "sehr niedrig"]


def test_postgis_index_failing_sql_leaves_the_former_table_and_no_half_one(run_alg, db):  # noqa: F811
    from qgis.core import QgsProcessingException

    uri, schema, _catalogue = db
    sql = _connection(uri)
    sql.executeSql(f"""CREATE TABLE "{schema}".ix_fail (fid int PRIMARY KEY, marker text);
        INSERT INTO "{schema}".ix_fail VALUES (1, 'before');
        CREATE TABLE "{schema}".ix_decoy (geom geometry);
        CREATE INDEX ix_fail_geom_idx ON "{schema}".ix_decoy USING gist (geom)""")
    with pytest.raises(QgsProcessingException,
                       match="den Sozialindex abgelehnt .*ix_fail_geom_idx.*keine Tabelle geschrieben"):
        _run(run_alg, db, _destination(db, "ix_fail"))
    assert sql.executeSql(f'SELECT fid, marker FROM "{schema}".ix_fail') == [[1, "before"]]


def _spellings(uri):
    """The test server under other spellings: 127.0.0.1 instead of the socket (the servers are asked), and
    localhost as a role that does not exist (no connection: the URIs are compared loosely)."""
    parts = dict(p.split("=", 1) for p in uri.split())
    return [f"host=127.0.0.1 port={parts['port']} dbname={parts['dbname']} user={parts['user']}",
            f"host=localhost port={parts['port']} dbname={parts['dbname']} user=admin"]


def _fingerprint(sql, schema, table):
    return sql.executeSql(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY fid)) FROM \"{schema}\".\"{table}\" "
                          "AS t")


def test_postgis_index_output_that_is_the_input_under_another_spelling_is_refused(run_alg, db):  # noqa: F811
    """Another host spelling or another user reach the same table: refused, the input table unchanged."""
    from qgis.core import QgsProcessingException

    uri, schema, _catalogue = db
    sql = _connection(uri)
    before = _fingerprint(sql, schema, "areas")
    for spelling in _spellings(uri):
        with pytest.raises(QgsProcessingException, match=rf"would overwrite the input table {schema}\.areas"):
            _run(run_alg, db, f'postgres://{spelling} table="{schema}"."areas" (geom)')
    assert _fingerprint(sql, schema, "areas") == before


def test_postgis_index_other_table_under_another_spelling_is_written(run_alg, db):  # noqa: F811
    """No false alarm: another table through another spelling of the same server is written (normal path)."""
    from qgis.core import QgsVectorLayer

    uri, schema, _catalogue = db
    spelling = _spellings(uri)[0]
    result, log = _run(run_alg, db, f'postgres://{spelling} table="{schema}"."ix_spelled" (geom)')
    assert any("PostGIS push-down not used (the output lies in another database)" in i for i in log), log
    assert QgsVectorLayer(f'{uri} key=\'fid\' table="{schema}"."ix_spelled" (geom)', "o", "postgres").featureCount() \
        == 448, result


def test_postgis_index_script_checks_the_privacy_rule_again(db):  # noqa: F811
    """The plan was made on clean counts; when a count turns small before the write, the write script itself
    stops (nothing written, German message), and the table of the former run stays as it was."""
    from sozialraum_monitor.adapter.postgis import IndexPush, run_index
    from sozialraum_monitor.core.errors import SocialIndexError
    from sozialraum_monitor.core.indices import OUTSIDE_CLASS, REASON_MISSING, STATUS_CLASSES, STATUS_CODES
    from sozialraum_monitor.core.sql_pushdown import TEXT, IndexSql, Relation

    uri, schema, _catalogue = db
    sql = _connection(uri)
    sql.executeSql(f"""CREATE TABLE "{schema}".pv AS SELECT g AS fid, (g % 7 + 5)::float8 AS n,
            ((g * 3) % 11)::float8 AS a, (g % 5)::float8 AS b FROM generate_series(1, 40) AS g;
        ALTER TABLE "{schema}".pv ADD PRIMARY KEY (fid)""")
    plan = IndexSql(Relation(schema, "pv", "", TEXT, "fid", ("fid", "n", "a", "b")), (schema, "pv_out"), ("a", "b"),
                    (1.0, -1.0), (1.0, 1.0), counts=("n",), min_count=3, missing_reason=REASON_MISSING,
                    outside=OUTSIDE_CLASS, classes=STATUS_CLASSES,
                    levels={c: float(v) for c, v in STATUS_CODES.items()})
    push = IndexPush(plan, uri, f'{uri} key=\'fid\' table="{schema}"."pv_out"', ())
    counts = run_index(push)
    assert (counts["areas"], counts["reference"]) == (40, 40)
    a = np.array([(g * 3) % 11 for g in range(1, 41)], dtype=float)
    b = np.array([g % 5 for g in range(1, 41)], dtype=float)
    expected = (a - a.mean()) / a.std() - (b - b.mean()) / b.std()
    got = sql.executeSql(f'SELECT status_sum FROM "{schema}".pv_out ORDER BY fid')
    assert [r[0] for r in got] == pytest.approx(expected.tolist(), rel=1e-9, abs=1e-12)
    before = _fingerprint(sql, schema, "pv_out")
    sql.executeSql(f'UPDATE "{schema}".pv SET n = 1 WHERE fid IN (7, 8)')
    with pytest.raises(SocialIndexError, match="in 2 Gebieten verbirgt die Datenschutzregel.*keine Tabelle "
                                               "geschrieben"):
        run_index(push)
    assert _fingerprint(sql, schema, "pv_out") == before
