"""The reader hands pandas the file's bytes instead of one Python str of the whole file (1-4 bytes a character,
copied again into an io.StringIO): the lines, cells and errors must be those of the decoded text. The oracle
here is plain Python on the decoded text: `text.split("\\n")` after the reader's documented normalisation (byte
order marks dropped, CR LF as LF), and pandas reading that text."""
import glob
import io
import os

import numpy as np
import pandas as pd
import pytest

from sozialraum_monitor.core import reader
from sozialraum_monitor.core.errors import TableError
from sozialraum_monitor.core.reader import read_delimited

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "**", "*.csv"), recursive=True)
               + glob.glob(os.path.join(ROOT, "tests", "data", "**", "*.txt"), recursive=True)
               + glob.glob(os.path.join(ROOT, "resources", "sample", "tables", "*.csv")))


def oracle_text(raw, encoding):
    text = raw.decode(encoding).lstrip("\ufeff")
    return text.replace("\r\n", "\n")


def oracle_lines(text):
    parts = text.split("\n")
    return parts[:-1] if parts and parts[-1] == "" else parts


CRAFTED = {
    "crlf.csv": "Gebiet;Wert\r\n01;1,5\r\n02;2,5\r\n".encode("cp1252"),
    "crlf_ohne_ende.csv": "Gebiet;Wert\r\n01;1,5\r\n02;2,5".encode("utf-8"),
    "bom_doppelt.csv": b"\xef\xbb\xbf\xef\xbb\xbfGebiet;Wert\n01;1,5\n",
    "cp1252.csv": "Stadtteil;Anteil\nDellbrück;1,5\nHöhenhaus;2,5\n".encode("cp1252"),
    "latin1_81.csv": b"Gebiet;Wert\n01\x81;1,5\n02;2,5\n",
    "umlaut_utf8.csv": "Gebiet;Name;Wert\n01;Müngersdorf;1,5\n02;Sülz;2\n".encode("utf-8"),
    "ohne_ende.csv": b"Gebiet;Wert\n01;1,5\n02;2,5",
    "leerzeilen.csv": b"Titel\n\nGebiet;Wert\n01;1,5\n\n02;2,5\n\nQuelle: Amt\n",
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_byte_lines_are_the_lines_of_the_text(name):
    raw = CRAFTED[name]
    lines = reader._byte_lines(raw, None)
    assert lines is not None
    expected = oracle_lines(oracle_text(raw, lines.name))
    assert len(lines) == len(expected)
    assert lines[:len(expected)] == expected
    for number in range(len(expected)):
        assert lines[number] == expected[number]
    for first in range(len(expected)):
        assert lines.joined(first, len(expected)) == "\n".join(expected[first:])
        width = max(line.count(";") + 1 for line in expected[first:])
        options = dict(sep=";", header=None, names=list(range(width)), index_col=False, dtype=str,
                       keep_default_na=False, skip_blank_lines=False)
        got = pd.read_csv(lines.body(first, len(expected))(), encoding=lines.encoding, **options)
        want = pd.read_csv(io.StringIO("\n".join(expected[first:])), **options) \
            if expected[first:] != [""] else None
        if want is not None:
            pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("path", FILES, ids=lambda p: os.path.relpath(p, ROOT))
def test_every_test_table_reads_as_its_decoded_text(path, tmp_path):
    """The table read from the file equals the table read from its decoded text written as plain UTF-8 with
    LF line ends (a file the byte and the text way read alike)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        table = read_delimited(path)
    except TableError as error:
        with pytest.raises(TableError) as again:
            read_delimited(_plain_copy(raw, tmp_path))
        assert str(again.value).split(": ", 1)[1] == str(error).split(": ", 1)[1]
        return
    plain = read_delimited(_plain_copy(raw, tmp_path))
    pd.testing.assert_frame_equal(table.frame, plain.frame)
    assert np.array_equal(table.rows, plain.rows)
    assert (table.delimiter, table.decimal, table.header_line, table.skipped, table.readings) == \
        (plain.delimiter, plain.decimal, plain.header_line, plain.skipped, plain.readings)


def _plain_copy(raw, folder):
    encoding = reader.detect_encoding(raw)[0]
    text = oracle_text(raw, encoding).replace("\r", "\n").replace("\x00", reader.NUL_SHOWN)
    path = os.path.join(str(folder), "plain.csv")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


@pytest.mark.parametrize("raw", [b"a;b\r\n\"x\r\ny\";1\r\n", b"a;b\rc;d\r", b"a;b\n7\x000;1\n",
                                 "a;b\n1;2\n".encode("utf-16")])
def test_files_whose_bytes_split_otherwise_are_decoded(raw):
    assert reader._byte_lines(raw, None) is None


def test_wrong_encoding_names_the_position_python_names(tmp_path):
    raw = ("Gebiet;Wert\n" + "".join(f"{i:05d};{i},5\n" for i in range(200000)) + "99;Höhe\n").encode("cp1252")
    path = tmp_path / "falsch.csv"
    path.write_bytes(raw)
    with pytest.raises(UnicodeDecodeError) as python:
        raw.decode("utf-8")
    with pytest.raises(TableError) as ours:
        read_delimited(str(path), encoding="utf-8")
    assert f"({python.value})" in str(ours.value)


def test_blank_file_is_an_error_also_with_unicode_spaces(tmp_path):
    path = tmp_path / "leer.csv"
    path.write_bytes(" \n\u00a0\u2003\n".encode("utf-8"))
    with pytest.raises(TableError, match="Die Tabelle ist leer"):
        read_delimited(str(path))
