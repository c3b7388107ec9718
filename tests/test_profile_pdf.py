"""The profile as PDF (dock export, profile report): readable print layout on the sample layer — the table uses
the page width and no word or number is broken inside (Qt's default wraps 'anywhere')."""
import os
import re
import subprocess
import unicodedata

import numpy as np
import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from conftest import SAMPLE


@pytest.fixture(scope="module")
def profiles(qgis_app):  # noqa: ARG001 (needed for its side effect)
    from sozialraum_monitor.adapter.project_setup import build_index, detect_setup

    layer = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    QgsProject.instance().addMapLayer(layer)
    index = build_index(detect_setup(layer), layer)
    yield index.profile("08010117"), index.profile("01011101")
    QgsProject.instance().removeMapLayer(layer.id())


def pieces(text):
    """Words, split also at hyphens and slashes (a line may break there), without brackets; ligatures such as
    'ﬂ' in the PDF's text read as their letters."""
    text = unicodedata.normalize("NFKC", text)
    return {w.strip("()≈,.;:") for w in re.split(r"[\s/-]+", text)} - {""}


def pdf_pieces(path):
    return pieces(subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout)


def test_profile_pdf_breaks_no_label_or_number_inside(profiles, tmp_path):
    from sozialraum_monitor.adapter import exports
    from sozialraum_monitor.core import profile_export

    first, second = profiles
    path = exports.write_pdf(str(tmp_path / "vergleich.pdf"), profile_export.profile_html(first, 0, second))
    found = pdf_pieces(path)
    expected = set()
    for row in first.rows:
        expected |= pieces(row.indicator.title)
        if row.region_value == row.region_value:   # the region's value, e.g. 3.748.148, whole
            expected |= pieces(profile_export.format_number(row.region_value, row.indicator.decimals))
    assert sorted(expected - found) == []


def test_profile_pdf_table_spans_the_printable_width(profiles, tmp_path):
    from sozialraum_monitor.adapter import exports
    from sozialraum_monitor.core import profile_export

    first, _second = profiles
    path = exports.write_pdf(str(tmp_path / "profil.pdf"), profile_export.profile_html(first, 0))
    stem = str(tmp_path / "seite")
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "-png", path, stem], check=True)
    image = QImage(stem + ".png").convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits().asstring(image.bytesPerLine() * height), np.uint8)
    pixels = pixels.reshape(height, image.bytesPerLine())[:, :width * 3].reshape(height, width, 3)
    inked = np.where((pixels.min(axis=2) < 200).any(axis=0))[0]
    # A4 landscape with 12 mm margins: the printable width is 92 % of the page; the table fills most of it
    assert (inked.max() - inked.min()) / width > 0.85
