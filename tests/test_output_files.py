"""Files the algorithms write are readable like any other file the user creates (not owner-only as
tempfile.mkstemp leaves them): a colleague or a web server must be able to read the style and the map PDF."""
import os
import stat

from conftest import SAMPLE

LAYER = os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume"
CATALOGUE = os.path.join(SAMPLE, "indikatoren_mss2019.csv")
FIELD = "s4_percentage_transfer_payments_recipients_below_15_years"


def plain_file_mode(folder):
    """The mode a file created plainly in `folder` gets (the user's umask applied)."""
    probe = os.path.join(folder, "probe.txt")
    with open(probe, "w", encoding="utf-8") as handle:
        handle.write("x")
    mode = stat.S_IMODE(os.stat(probe).st_mode)
    os.remove(probe)
    return mode


def test_classify_style_file_gets_the_mode_of_a_plain_file(run_alg, tmp_path):
    qml = str(tmp_path / "kinderarmut.qml")
    run_alg("sozialraum:classify", {"INPUT": LAYER, "FIELDS": [FIELD], "APPLY": False, "OUTPUT_QML": qml})
    assert stat.S_IMODE(os.stat(qml).st_mode) == plain_file_mode(str(tmp_path))


def test_map_series_pdf_gets_the_mode_of_a_plain_file(run_alg, tmp_path):
    pdf = str(tmp_path / "karten.pdf")
    run_alg("sozialraum:mapseries", {"INPUT": LAYER, "FIELDS": [FIELD], "CATALOGUE": CATALOGUE, "DPI": 30,
                                     "ADD_TO_PROJECT": False, "OUTPUT_PDF": pdf})
    assert stat.S_IMODE(os.stat(pdf).st_mode) == plain_file_mode(str(tmp_path))


def test_map_series_legend_names_an_overlay_given_as_path_by_its_layer_not_its_file(run_alg, tmp_path):
    import subprocess

    pdf = str(tmp_path / "karten.pdf")
    run_alg("sozialraum:mapseries", {"INPUT": LAYER, "FIELDS": [FIELD], "CATALOGUE": CATALOGUE, "DPI": 30,
                                     "OVERLAY": os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=bezirke",
                                     "ADD_TO_PROJECT": False, "OUTPUT_PDF": pdf})
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout.split()
    assert "Bezirke" in text and "berlin_mss2019" not in text  # the layer's title, not the file
