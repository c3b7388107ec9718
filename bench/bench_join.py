"""Join bench: N generated areas (GeoPackage) x 50 indicators (German CSV: ';', decimal comma, 8-digit keys with
leading zeros), GeoPackage out. Each run is a child process of its own, so that its peak memory (max RSS, the
child's QGIS start included and stated) is its own; rounds are interleaved (ours, anchors, ours, ...) and each
figure is the median of the rounds.

Anchors, same data, same run:
- `native:joinattributestable` with the CSV through the delimited-text provider, typed by a `.csvt` (key as
  text, values as reals with decimal comma). Checked: its JOINED_COUNT equals N (an untyped load reads the key
  00000000 as the number 0 and joins nothing, which would time an empty join).
- `native:joinattributestable` with the same table as a GeoPackage table (typed columns, no parsing).
- the floor: a plain copy of the areas GeoPackage with GDAL's VectorTranslate (what any join must at least write).

Sizes: 100k (3 rounds) and 1M (1 round). BENCH_JOIN_MAX=100000 leaves the 1M case out (and says so: no figure).
The inputs are written by a child process too: a child's max RSS starts from its parent's size at fork.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

INDICATORS = 50
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

WORKER = r'''
import json, os, sys, time
sys.path.insert(0, os.path.join({root!r}, "tools"))
import qgis_app
app, provider = qgis_app.start()
baseline = qgis_app.peak_mb()
kind, areas, csv_path, gpkg_table, out = sys.argv[1:6]
import processing
from qgis.core import QgsVectorLayer
start = time.perf_counter()
if kind == "ours":
    result = processing.run("sozialraum:joinindicators", {{
        "INPUT": areas + "|layername=areas", "INPUT_KEY": "key", "TABLES": [csv_path], "TABLE_KEY": "key",
        "OUTPUT": out, "REPORT": "TEMPORARY_OUTPUT", "REPORT_HTML": out + ".html"}})
    joined = result["MATCHED"]
elif kind in ("native_csv", "native_gpkg"):
    if kind == "native_csv":
        table = QgsVectorLayer(f"file://{{csv_path}}?delimiter=;&decimalPoint=,&detectTypes=no&geomType=none",
                               "table", "delimitedtext")
    else:
        table = QgsVectorLayer(gpkg_table + "|layername=indicators", "table", "ogr")
    assert table.isValid()
    result = processing.run("native:joinattributestable", {{
        "INPUT": areas + "|layername=areas", "FIELD": "key", "INPUT_2": table, "FIELD_2": "key", "METHOD": 1,
        "DISCARD_NONMATCHING": False, "OUTPUT": out}})
    joined = result["JOINED_COUNT"]
else:
    from osgeo import gdal
    gdal.UseExceptions()
    gdal.VectorTranslate(out, areas)
    joined = -1
seconds = time.perf_counter() - start
peak = qgis_app.peak_mb()
print(json.dumps({{"seconds": seconds, "joined": joined, "peak_mb": peak, "baseline_mb": baseline}}), flush=True)
os._exit(0)
'''


def _write_inputs(n, folder):
    """areas.gpkg (n squares, 8-digit text key), table.csv (+ .csvt) and table.gpkg with the same values."""
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    areas = os.path.join(folder, "areas.gpkg")
    driver = ogr.GetDriverByName("GPKG")
    source = driver.CreateDataSource(areas)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(25833)
    layer = source.CreateLayer("areas", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("key", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    definition = layer.GetLayerDefn()
    layer.StartTransaction()
    for i in range(n):
        x, y = (i % 1000) * 100.0, (i // 1000) * 100.0
        feature = ogr.Feature(definition)
        feature.SetField(0, f"{i:08d}")
        feature.SetField(1, f"Gebiet {i}")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x} {y},{x + 90} {y},{x + 90} {y + 90},{x} {y + 90},{x} {y}))"))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    source = None

    rng = np.random.default_rng(1)
    values = rng.integers(0, 100000, size=(n, INDICATORS)) / 100.0
    columns = [f"ind_{j:02d}" for j in range(INDICATORS)]
    frame = pd.DataFrame(values, columns=columns)
    frame.insert(0, "key", [f"{i:08d}" for i in range(n)])
    csv_path = os.path.join(folder, "table.csv")
    frame.to_csv(csv_path, sep=";", decimal=",", float_format="%.2f", index=False)
    with open(csv_path[:-4] + ".csvt", "w", encoding="ascii") as handle:
        handle.write(",".join(['"String"'] + ['"Real"'] * INDICATORS) + "\n")
    gpkg_table = os.path.join(folder, "table.gpkg")  # the same values as typed columns, no parsing needed
    source = driver.CreateDataSource(gpkg_table)
    table = source.CreateLayer("indicators", None, ogr.wkbNone)
    table.CreateField(ogr.FieldDefn("key", ogr.OFTString))
    for column in columns:
        table.CreateField(ogr.FieldDefn(column, ogr.OFTReal))
    definition = table.GetLayerDefn()
    table.StartTransaction()
    for row in frame.itertuples(index=False, name=None):
        feature = ogr.Feature(definition)
        feature.SetField(0, row[0])
        for j, value in enumerate(row[1:], start=1):
            feature.SetField(j, float(value))
        table.CreateFeature(feature)
    table.CommitTransaction()
    source = None
    return areas, csv_path, gpkg_table


def _inputs_in_child(n, folder):
    """_write_inputs in a child process: a child's peak RSS (ru_maxrss) starts from its parent's resident size at
    fork, so the parent must not hold the generated data when it starts the measured runs."""
    code = (f"import sys, json; sys.path[:0] = [{HERE!r}, {os.path.join(ROOT, 'tools')!r}]; import bench_join; "
            f"print(json.dumps(bench_join._write_inputs({n}, {folder!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=3600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"writing the inputs failed: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def _run(kind, areas, csv_path, gpkg_table, folder, round_number):
    out = os.path.join(folder, f"out_{kind}_{round_number}.gpkg")
    done = subprocess.run([sys.executable, "-c", WORKER.format(root=ROOT), kind, areas, csv_path, gpkg_table, out],
                          capture_output=True, text=True, timeout=3600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} failed: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def run(report):
    largest = int(os.environ.get("BENCH_JOIN_MAX", "1000000"))
    for n, rounds in ((100_000, 3), (1_000_000, 1)):
        if n > largest:
            print(f"join {n:,}: left out (BENCH_JOIN_MAX={largest}); no figure", flush=True)
            continue
        folder = tempfile.mkdtemp(prefix=f"bench_join_{n}_")
        areas, csv_path, gpkg_table = _inputs_in_child(n, folder)
        kinds = ("ours", "native_csv", "native_gpkg", "copy")
        results = {kind: [] for kind in kinds}
        for round_number in range(rounds):
            for kind in kinds:  # interleaved
                result = _run(kind, areas, csv_path, gpkg_table, folder, round_number)
                if kind != "copy":
                    assert result["joined"] == n, f"{kind} joined {result['joined']} of {n} rows"
                results[kind].append(result)
        median = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
        peak = {k: max(r["peak_mb"] for r in v) for k, v in results.items()}
        base = min(r["baseline_mb"] for v in results.values() for r in v)
        label = f"join {n:,} areas x {INDICATORS} indicators, GPKG in/out"
        report(f"{label} vs native (typed CSV)", median["ours"], median["native_csv"],
               f"median of {rounds}; peak RSS ours {peak['ours']:.0f} MB, native {peak['native_csv']:.0f} MB "
               f"(QGIS start alone {base:.0f} MB); both joined all {n:,} rows")
        report(f"{label} vs native (GPKG table)", median["ours"], median["native_gpkg"],
               f"median of {rounds}; peak RSS native {peak['native_gpkg']:.0f} MB")
        report(f"{label} vs plain copy (floor)", median["ours"], median["copy"],
               "GDAL VectorTranslate of the areas alone: what any join must at least write")
