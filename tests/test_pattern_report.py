"""core.pattern_report: the HTML reports of types and clusters are whole pages with well-formed inline SVG that
show what the results hold (every type in the heat table, every area with a value in the scatter plot)."""
import doctest
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from sozialraum_monitor.core import pattern_report
from sozialraum_monitor.core.hotspots import find_hotspots, neighbours_from_lists
from sozialraum_monitor.core.pattern_report import hotspots_html, typology_html
from sozialraum_monitor.core.typology import build_typology


def svgs(page):
    found = re.findall(r"<svg.*?</svg>", page, re.S)
    for svg in found:
        ET.fromstring(svg)  # well-formed
    return found


def test_doctests_of_pattern_report_pass():
    failures, attempted = doctest.testmod(pattern_report)
    assert attempted > 0 and failures == 0


def test_typology_report_shows_every_type_and_the_choice_of_k():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(80, 3)), columns=["a", "b", "c"])
    frame.loc[5, "b"] = np.nan
    result = build_typology(frame, ["a", "b", "c"], 4, order_by="a")
    page = typology_html(result, {"a": "Arbeitslosigkeit <SGB II>"})
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>")
    assert "Arbeitslosigkeit &lt;SGB II&gt;" in page  # escaped
    assert len(svgs(page)) == 1 + result.k  # the choice of k, one bar chart per type
    heat = page[page.index("<table><thead><tr><th>Typ</th>"):]
    assert heat[:heat.index("</table>")].count("<tr>") == result.k + 1
    assert "1 Gebiete ohne Typ" in page and "Wert fehlt (b)" in page


def test_hotspot_report_plots_every_area_with_a_value():
    lists = [[j for j in (i - 1, i + 1, i - 10, i + 10) if 0 <= j < 100 and (abs(j - i) == 10 or j // 10 == i // 10)]
             for i in range(100)]
    values = pd.Series(np.repeat(np.arange(10.0), 10) + np.random.default_rng(2).normal(size=100))
    values[7] = np.nan
    result = find_hotspots(values, neighbours_from_lists(lists), permutations=99, seed=1)
    page = hotspots_html(result, "Kinderarmut")
    (scatter,) = svgs(page)
    assert scatter.count("<circle") == 99
    assert "Ähnliche Werte liegen räumlich beieinander" in page
    assert "Hoch-Hoch" in page and "Coldspot" in page
