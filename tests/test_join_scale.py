"""The join's ways for large tables (issue 17) against independent oracles:

- core.join_indicators joins wide tables column by column into one matrix (keys factorised with the areas',
  NULL reasons kept per NULL cell). A plain-Python oracle written here (a dict per key, one rule per cell)
  gives the values, the NULL reasons and the fate of every row for a mixed German table: leading-zero keys,
  a table in another order than the areas, rows without area, a row without key, duplicate keys under every
  rule, no-value codes, markers, decimal commas with thousands points, text cells, a row of zeros.
- adapter.gpkg_writer.gpkg_frame reads the areas' key and name with SQLite; QGIS's own reading of the same
  layer (adapter.layers.source_to_frame, a QgsFeature per area) is the oracle.
"""
import math
import os

import numpy as np
import pandas as pd
import pytest
from osgeo import ogr, osr

from sozialraum_monitor.core.join import (
    DUPLICATE,
    JOINED,
    NO_KEY,
    NULL,
    SUSPICIOUS,
    UNMATCHED,
    ZERO_REASON,
    TableSpec,
    join_indicators,
)
from sozialraum_monitor.core.reader import read_delimited

COLUMNS = ("einwohner", "quote", "anteil", "dichte")
MARKERS = {".": "unbekannt oder geheim (.)", "-": "nichts vorhanden (-)", "x": "Nachweis nicht sinnvoll (x)",
           "": "leer"}


def _cell(rng, column):
    """A cell as an office writes it, and (value, reason) as the rules read it."""
    pick = rng.random()
    if pick < 0.08:
        marker = rng.choice(list(MARKERS))
        return marker, (math.nan, MARKERS[marker])
    if pick < 0.13:
        return "-9999", (math.nan, "Code -9999 für 'kein Wert'")
    if column == "einwohner":
        value = int(rng.integers(1000, 90000))
        return f"{value // 1000}.{value % 1000:03d}", (float(value), None)   # thousands point
    value = int(rng.integers(1, 99999)) / 100.0
    return f"{value:.2f}".replace(".", ","), (value, None)


def _mixed_table(folder, seed):
    """(path, rows as (line, key, {column: (value, reason)}), area keys): 40 areas '0001'…'0040'; the table
    holds 34 of them in shuffled order, two rows without area, one without key, keys given twice, one row of
    zeros and a text in one cell."""
    rng = np.random.default_rng(seed)
    area_keys = [f"{i:04d}" for i in range(1, 41)]
    keys = list(rng.permutation(area_keys[:34])) + ["0999", "0998", ""]
    keys += [keys[3], keys[7], keys[7]]          # duplicates (one key three times)
    rng.shuffle(keys)
    lines, rows = ["Schluessel;" + ";".join(COLUMNS)], []
    for number, key in enumerate(keys):
        cells, parsed = [], {}
        for column in COLUMNS:
            text, read = _cell(rng, column)
            cells.append(text)
            parsed[column] = read
        if number == 5:                          # a row of zeros: no values
            cells = ["0"] * len(COLUMNS)
            parsed = {c: (0.0, None) for c in COLUMNS}
        if number == 9:
            cells[2] = "k. Angabe folgt"
            parsed["anteil"] = (math.nan, "keine Zahl")
        lines.append(f"{key};" + ";".join(cells))
        rows.append((number + 2, key, parsed))
    path = os.path.join(str(folder), f"gemischt_{seed}.csv")
    with open(path, "w", encoding="cp1252", newline="\r\n") as handle:
        handle.write("\n".join(lines) + "\n")
    return path, rows, area_keys


def _oracle(rows, area_keys, rule):
    """Expected values per area key, NULL entries, joined, unmatched and duplicate lines, by the rules."""
    areas = set(area_keys)
    zero_lines = {line for line, _key, cells in rows if all(v == 0.0 for v, _ in cells.values())}   # any row
    cells_of = {}
    for line, _key, cells in rows:
        out = {}
        for column, (value, reason) in cells.items():
            if line in zero_lines:
                value, reason = math.nan, ZERO_REASON
            out[column] = (value, reason)
        cells_of[line] = out
    by_key = {}
    for line, key, _cells in rows:
        if key:
            by_key.setdefault(key, []).append(line)
    dropped, duplicates, kept = set(), set(), {}
    for key, lines in by_key.items():
        if len(lines) > 1:
            if rule in ("first", "last"):
                keep = lines[0] if rule == "first" else lines[-1]
                dropped |= set(lines) - {keep}
                duplicates |= set(lines) - {keep}
                kept[key] = [keep]
            else:
                duplicates |= set(lines)
                kept[key] = lines
        else:
            kept[key] = lines
    values = {}
    for key in area_keys:
        lines = kept.get(key)
        if not lines:
            values[key] = {c: math.nan for c in COLUMNS}
            continue
        values[key] = {}
        for column in COLUMNS:
            numbers = [cells_of[line][column][0] for line in lines if not math.isnan(cells_of[line][column][0])]
            if not numbers:
                values[key][column] = math.nan
            elif rule == "mean":
                values[key][column] = sum(numbers) / len(numbers)
            else:
                values[key][column] = sum(numbers)
    joined = {line for line, key, _ in rows if key in areas and line not in dropped}
    nulls = {(line, key, column, cells_of[line][column][1]) for line, key, _ in rows if line in joined
             for column in COLUMNS if math.isnan(cells_of[line][column][0])}
    unmatched = {line for line, key, _ in rows if key and key not in areas}
    return values, nulls, joined, unmatched, duplicates, zero_lines


@pytest.mark.parametrize("rule", ["first", "last", "sum", "mean"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_wide_join_equals_the_oracle_cell_by_cell(tmp_path, rule, seed):
    path, rows, area_keys = _mixed_table(tmp_path, seed)
    order = np.random.default_rng(seed + 100).permutation(len(area_keys))     # areas in yet another order
    areas = pd.DataFrame({"key": [area_keys[i] for i in order]}, index=np.arange(10, 10 + len(order)))
    table = read_delimited(path, text_columns=("Schluessel",), key="Schluessel")
    before = table.frame.copy()
    spec = TableSpec(table, "Schluessel")
    joined, report = join_indicators(areas, [spec], "key", table_duplicates=rule, area_ids=areas.index.to_numpy())
    pd.testing.assert_frame_equal(table.frame, before)            # the input is never changed
    values, nulls, joined_lines, unmatched, duplicates, zero_lines = _oracle(rows, area_keys, rule)
    for position, key in enumerate(areas["key"]):
        for column in COLUMNS:
            ours, expected = joined[column].iloc[position], values[key][column]
            assert (math.isnan(ours) and math.isnan(expected)) or ours == pytest.approx(expected, rel=1e-12), \
                (key, column, ours, expected)
    assert all(joined[c].dtype == np.float64 for c in COLUMNS)
    listed = report.of(NULL)
    assert set(zip(listed.zeile, listed.schluessel, listed.feld, listed.grund)) == nulls
    assert len(listed) == len(nulls)
    assert set(report.of(JOINED).zeile) == joined_lines and len(report.of(JOINED)) == len(joined_lines)
    assert set(report.of(UNMATCHED).zeile) == unmatched
    assert set(report.of(DUPLICATE).zeile) == duplicates
    assert len(report.of(NO_KEY)) == 1
    assert set(report.of(SUSPICIOUS).zeile) == zero_lines and zero_lines
    # every table row is joined or listed
    fates = set(report.of(JOINED).zeile) | set(report.of(UNMATCHED).zeile) | set(report.of(NO_KEY).zeile) \
        | set(report.of(DUPLICATE).zeile)
    assert fates == {line for line, _key, _cells in rows}
    assert report.matched == len(joined_lines) and report.unmatched_rows == len(unmatched) + 1


def test_wide_join_with_validity_and_area_copies_equals_the_oracle(tmp_path):
    """Invalid rows empty every indicator (over any code); an area key given twice gets the values on both
    areas (rule 'copy') or on neither ('empty')."""
    text = ("id;gueltig;a;b;c\n"
            "01;ja;1,5;-9999;3\n"
            "02;nein;-9999;2,5;.\n"
            "03;ja;7;8;9\n")
    path = tmp_path / "gueltig.csv"
    path.write_text(text, encoding="utf-8")
    table = read_delimited(str(path), text_columns=("id", "gueltig"), key="id")
    areas = pd.DataFrame({"key": ["03", "01", "02", "03"]})
    for rule, expected_03 in (("copy", [7.0, 8.0, 9.0]), ("empty", [math.nan] * 3)):
        joined, report = join_indicators(areas, [TableSpec(table, "id", validity="gueltig")], "key",
                                         area_duplicates=rule)
        rows = {k: joined.loc[i, ["a", "b", "c"]].tolist() for i, k in enumerate(areas["key"]) if i > 0}
        assert rows["01"][0] == 1.5 and math.isnan(rows["01"][1]) and rows["01"][2] == 3.0
        assert all(math.isnan(v) for v in rows["02"])
        for position in (0, 3):
            got = joined.loc[position, ["a", "b", "c"]].tolist()
            assert all((math.isnan(g) and math.isnan(e)) or g == e for g, e in zip(got, expected_03))
        reasons = {(z, f): g for z, f, g in zip(report.of(NULL).zeile, report.of(NULL).feld, report.of(NULL).grund)}
        invalid = "Zeile als ungültig gekennzeichnet (Feld 'gueltig')"
        assert reasons == {(2, "b"): "Code -9999 für 'kein Wert'", (3, "a"): invalid, (3, "b"): invalid,
                           (3, "c"): invalid}


def _areas_gpkg(folder):
    """A GeoPackage layer with text, integer and real key fields, NULLs, umlauts and fids with gaps."""
    path = os.path.join(str(folder), "gebiete.gpkg")
    source = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(25832)
    layer = source.CreateLayer("gebiete", srs, ogr.wkbPolygon)
    for name, kind in (("schluessel", ogr.OFTString), ("nummer", ogr.OFTInteger64), ("zahl", ogr.OFTReal),
                       ("name", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    definition = layer.GetLayerDefn()
    cells = [("0101", 101, 101.0, "Mitte"), ("0102", 7, 2.5, "Nördliche Vorstadt"), (None, None, None, None),
             ("", 0, -3.0, "Süd"), (" 0104 ", 104, 1e16, "Ost")]
    for number, (key, integer, real, name) in enumerate(cells):
        feature = ogr.Feature(definition)
        feature.SetFID(3 * number + 2)
        for field, value in (("schluessel", key), ("nummer", integer), ("zahl", real), ("name", name)):
            if value is None:
                feature.SetFieldNull(field)
            else:
                feature.SetField(field, value)
        x = 100.0 * number
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} 0,{x + 90} 0,{x + 90} 90,{x} 0))"))
        layer.CreateFeature(feature)
    source = None
    return path


def test_gpkg_frame_reads_as_qgis_reads(tmp_path):
    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.gpkg_writer import gpkg_frame
    from sozialraum_monitor.adapter.layers import source_to_frame

    path = _areas_gpkg(tmp_path)
    layer = QgsVectorLayer(path + "|layername=gebiete", "gebiete", "ogr")
    assert layer.isValid()
    for fields in (["schluessel", "name"], ["nummer", ""], ["zahl", "name"]):
        ours = gpkg_frame(layer, path + "|layername=gebiete", fields)
        names = [f for f in fields if f]
        qgis = source_to_frame(layer, names, text_fields=tuple(names))
        assert ours is not None
        pd.testing.assert_frame_equal(ours, qgis)
    assert gpkg_frame(layer, path, ["schluessel"])["schluessel"].tolist() == ["0101", "0102", None, "", " 0104 "]
    assert gpkg_frame(layer, path, ["zahl"])["zahl"].tolist() == ["101", "2.5", None, "-3", "10000000000000000"]
    layer.setSubsetString("nummer > 10")       # a filter: QGIS reads (None)
    assert gpkg_frame(layer, path, ["schluessel"]) is None


def test_gpkg_writer_rows_by_feature_id_in_any_order_and_missing_rows_refused(tmp_path):
    """write_joined_gpkg binds the frame's rows by feature id: a frame in another order lands on the right
    features; the spatial index and the feature count are those of the source. A feature without a frame row
    (it would get NULL values without a reason) makes the writer write nothing (None: the kit's way)."""
    import sqlite3

    from qgis.core import QgsVectorLayer

    from sozialraum_monitor.adapter.gpkg_writer import plan_joined_gpkg, write_joined_gpkg

    path = _areas_gpkg(tmp_path)
    layer = QgsVectorLayer(path + "|layername=gebiete", "gebiete", "ogr")
    fids = [f.id() for f in layer.getFeatures()]
    frame = pd.DataFrame({"wert": [1.5, math.nan, -2.25, 1e300], "anteil": [0.1, 0.2, 0.3, 0.4]},
                         index=[fids[4], fids[0], fids[3], fids[1]])         # fids[2] has no row
    before = os.listdir(tmp_path)
    plan, why = plan_joined_gpkg(layer, path + "|layername=gebiete", frame)
    assert plan is not None, why
    target = str(tmp_path / "ergebnis.gpkg")
    assert write_joined_gpkg(plan, frame, target) is None
    assert not os.path.exists(target) and sorted(os.listdir(tmp_path)) == sorted(before)
    frame.loc[fids[2]] = [7.0, 0.7]                                      # now every feature has its row
    assert write_joined_gpkg(plan, frame, target) is True
    out = QgsVectorLayer(target, "ergebnis", "ogr")
    assert out.featureCount() == len(fids)
    got = {f.id(): (f["schluessel"], f["wert"], f["anteil"]) for f in out.getFeatures()}
    source = {f.id(): f["schluessel"] for f in layer.getFeatures()}
    for fid in fids:
        key, value, share = got[fid]
        assert key == source[fid] or (key in (None, "NULL") and source[fid] in (None, "NULL")) or \
            str(key) == str(source[fid])
        expected = frame.loc[fid]
        if math.isnan(expected["wert"]):
            assert value is None or str(value) == "NULL"
        else:
            assert value == expected["wert"]
        assert share == expected["anteil"]
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name='ergebnis'"
                                  ).fetchone() == (len(fids),)
        assert connection.execute("SELECT count(*) FROM rtree_ergebnis_geom").fetchone() == (len(fids),)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_reader_in_chunks_types_columns_as_the_whole_file(tmp_path, monkeypatch):
    """read_delimited reads the body in chunks of rows (float columns straight into one matrix): a column that
    is integers in one chunk and decimals in another is read as numbers, one with a marker in a later chunk
    keeps the marker as a NULL with its reason, a column of integers only is read as integers; every value as
    written (oracle: the cells themselves)."""
    from sozialraum_monitor.core import reader

    monkeypatch.setattr(reader, "_CHUNK_ROWS", 100)
    rows = 450
    lines = ["id;gemischt;marker;ganz;text"]
    expected = []
    for i in range(rows):
        mixed = f"{i}" if i < 150 else f"{i},25"
        marker = "." if i == 333 else f"{i % 50},5"
        lines.append(f"{i:04d};{mixed};{marker};{i * 3};{'Nord' if i % 2 else 'Süd'}")
        expected.append((f"{i:04d}", i if i < 150 else i + 0.25, math.nan if i == 333 else i % 50 + 0.5, 3.0 * i))
    path = tmp_path / "gross.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_delimited(str(path), text_columns=("id",), key="id")
    assert list(table.frame.columns) == ["id", "gemischt", "marker", "ganz", "text"]
    assert table.frame["id"].tolist() == [e[0] for e in expected]
    assert table.rows.tolist() == list(range(2, rows + 2))
    mixed, _ = table.numbers("gemischt")
    assert mixed.tolist() == [e[1] for e in expected]
    marker, why = table.numbers("marker")
    assert [v for v in marker.tolist() if not math.isnan(v)] == [e[2] for e in expected if not math.isnan(e[2])]
    assert math.isnan(marker.iloc[333]) and why.iloc[333] == "unbekannt oder geheim (.)"
    assert table.readings["ganz"].how == "nur ganze Zahlen ohne Trennzeichen"
    assert table.frame["ganz"].tolist() == [e[3] for e in expected]
    assert table.frame["text"].tolist()[:2] == ["Süd", "Nord"]
