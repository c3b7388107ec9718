"""`make bench`: every bench/bench_*.py, each figure beside QGIS's own tool on the same data, as a ratio.

A bench module defines run(report). report(name, ours, qgis, note="") takes seconds (qgis may be None
when QGIS has no equivalent) and prints one line; all lines are also written to bench-output/bench.tsv.
"""
import importlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))
sys.path.insert(0, HERE)
import qgis_app  # noqa: E402

ROWS = []


def report(name, ours, qgis=None, note=""):
    if qgis:
        ratio = f"{qgis / ours:6.1f}x faster" if ours <= qgis else f"{ours / qgis:6.1f}x slower"
        line = f"{name:<58} ours {ours:9.3f} s   QGIS {qgis:9.3f} s   {ratio}"
    else:
        line = f"{name:<58} ours {ours:9.3f} s   (no QGIS equivalent)"
    if note:
        line += f"   {note}"
    print(line, flush=True)
    ROWS.append((name, ours, qgis if qgis else "", note))


def timed(function, *args, repeat=1, **kwargs):
    """(best seconds of `repeat` runs, last result)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(selected=()):
    app, _provider = qgis_app.start()
    out = os.path.join(qgis_app.ROOT, "bench-output")
    os.makedirs(out, exist_ok=True)
    modules = sorted(f[:-3] for f in os.listdir(HERE) if f.startswith("bench_") and f.endswith(".py"))
    for name in modules:
        if selected and not any(s in name for s in selected):
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(name).run(report)
    with open(os.path.join(out, "bench.tsv"), "w", encoding="utf-8") as handle:
        handle.write("figure\tours_s\tqgis_s\tnote\n")
        for row in ROWS:
            handle.write("\t".join(str(v) for v in row) + "\n")
    print(f"Figures written to {os.path.join(out, 'bench.tsv')}")


if __name__ == "__main__":
    main(sys.argv[1:])
