"""The real test data in the repository: named in tests/data/README.md, and (when ../shared/data lies beside the
repository) unchanged copies or exact row cuts of the published sources."""
import csv
import filecmp
import os

import pytest

from conftest import SAMPLE_TABLES, TEST_DATA, shared

COPIES = [  # (file in the repository, the same file in ../shared/data)
    (os.path.join(TEST_DATA, "berlin-mss2019", name), ("berlin-mss2019", name))
    for name in ("mss_2019_tab2-3.csv", "mss_2019_tab3.csv", "mss_2019_tab4-2.csv")
] + [
    (os.path.join(TEST_DATA, "koeln-stadtteile", "stadtteile_shp", f"Stadtteil.{ext}"),
     ("koeln-stadtteile", "stadtteile_shp", f"Stadtteil.{ext}"))
    for ext in ("shp", "shx", "dbf", "prj")
] + [  # read by the tests as the official tables 1 and 2.1
    (os.path.join(SAMPLE_TABLES, name), ("berlin-mss2019", name))
    for name in ("mss_2019_tab1.csv", "mss_2019_tab2-1.csv")
]
KOELN = os.path.join(TEST_DATA, "koeln-stadtteile", "bevoelkerung_2011-2012_long.csv")


def test_every_data_file_is_named_in_the_readme():
    """Real data file by file; a folder of tables written for the tests may be described as a whole (a heading
    naming `folder/`)."""
    with open(os.path.join(TEST_DATA, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    whole = {line.split("`")[1].rstrip("/") for line in readme.splitlines()
             if line.startswith("## `") and "written for the tests" in line}
    missing = []
    for folder, _dirs, files in os.walk(TEST_DATA):
        for name in files:
            relative = os.path.relpath(os.path.join(folder, name), TEST_DATA)
            if name == "README.md" or relative.split(os.sep)[0] in whole:
                continue
            stem = os.path.splitext(name)[0]
            if name not in readme and f"{stem}.{{" not in readme:
                missing.append(relative)
    assert not missing, f"describe these in tests/data/README.md (source, licence, attribution): {missing}"


@pytest.mark.parametrize("ours, source", COPIES, ids=[os.path.basename(c[0]) for c in COPIES])
def test_shipped_file_is_the_published_file_unchanged(ours, source):
    assert filecmp.cmp(ours, shared(*source), shallow=False)


def test_cologne_table_is_the_source_cut_to_2011_and_2012_row_for_row():
    source = shared("koeln-stadtteile", "bevoelkerung_2005-2012_long.csv")
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with open(source, encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    year = rows[0].index("jahr")
    expected = [lines[0]] + [line for line, row in zip(lines[1:], rows[1:]) if row[year] in ("2011", "2012")]
    with open(KOELN, encoding="utf-8", newline="") as handle:
        assert handle.read().splitlines() == expected
