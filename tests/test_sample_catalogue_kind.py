"""The sample catalogue marks the population column as a count (issue 12: every count is protected)."""
import csv
import os

from sozialraum_monitor.core.catalogue import read_catalogue

CATALOGUE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "sample",
                         "indikatoren_mss2019.csv")


def test_inhabitants_is_a_count_and_no_rate_is():
    with open(CATALOGUE, encoding="utf-8-sig") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle, delimiter=";")}
    assert rows["inhabitants"]["kind"] == "count"
    assert all(row["kind"] in ("", "count") for row in rows.values())
    assert "inhabitants" in read_catalogue(CATALOGUE).count_fields()
