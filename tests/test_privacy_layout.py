"""Catalogue text printed in map layouts is text: QGIS runs [% … %] in layout labels and legend texts, so an
expression in a catalogue label, unit or source must reach the PDF as written, never evaluated."""
import os
import subprocess

from qgis.core import QgsLayoutItemLabel, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

from conftest import SAMPLE
from sozialraum_monitor.core.safe_cells import no_expressions

FIELD = "s1_percentage_unemployed"
# evaluated, each expression prints a word that is nowhere in the literal text
EXPRESSION = "[% 'GEH' || 'EIM' %]"
EVALUATED = "GEHEIM"


def test_no_expressions_leaves_other_text_alone():
    assert no_expressions("Quote in %") == "Quote in %" and no_expressions("") == ""
    assert "[%" not in no_expressions(EXPRESSION) and no_expressions(EXPRESSION).replace("\u200b", "") == EXPRESSION


def test_catalogue_expressions_reach_the_map_pdf_as_text(sozialraum_provider, tmp_path):
    import processing

    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text("id;label;unit;source;description;polarity\n"
                         f"{FIELD};Arbeitslose {EXPRESSION};% {EXPRESSION};Quelle {EXPRESSION};"
                         f"Beschreibung {EXPRESSION};higher_is_worse\n", encoding="utf-8")
    project = QgsProject()
    layer = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume",
                           "Sozialräume", "ogr")
    project.addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(project)
    pdf = str(tmp_path / "serie.pdf")
    processing.run("sozialraum:mapseries", {"INPUT": layer, "FIELDS": [FIELD], "CATALOGUE": str(catalogue),
                                            "DPI": 40, "OUTPUT_PDF": pdf, "ADD_TO_PROJECT": True},
                   context=context, feedback=QgsProcessingFeedback())
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\u200b", "")
    assert EVALUATED not in text
    assert "'GEH' || 'EIM'" in text
    layout = project.layoutManager().layouts()[0]
    labels = [item.currentText() for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    assert any("'GEH' || 'EIM'" in t.replace("\u200b", "") for t in labels)
    assert not any(EVALUATED in t for t in labels)
    for item in list(project.layoutManager().layouts()):
        project.layoutManager().removeLayout(item)
    project.clear()
