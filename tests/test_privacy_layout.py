"""Catalogue text printed in map layouts is text: QGIS runs [% … %] in layout labels and legend texts, so an
expression in a catalogue label, unit or source must reach the PDF as written, never evaluated."""
import os
import subprocess

import pytest
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


@pytest.mark.usefixtures("sozialraum_provider")
def test_catalogue_expressions_reach_the_map_pdf_as_text(tmp_path):
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


@pytest.mark.usefixtures("sozialraum_provider")
def test_map_series_area_labels_print_no_small_count(tmp_path):
    """A count field as area label: the label of an area whose count is small (or whose population is below the
    minimum) is empty; the others print their value."""
    import processing
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils, QgsFeature

    from sozialraum_monitor.adapter.compat import make_field

    source = QgsVectorLayer(os.path.join(SAMPLE, "berlin_mss2019.gpkg") + "|layername=sozialraeume", "s", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25833", "klein", "memory")
    layer.dataProvider().addAttributes([make_field("plr_id", "string"), make_field("kinder_u6", "double"),
                                        make_field("ew", "double"), make_field(FIELD, "double")])
    layer.updateFields()
    counts, people, features = {}, {}, []
    for i, feature in enumerate(source.getFeatures()):
        if i == 24:
            break
        counts[feature["plr_id"]] = [1.0, 2.0, 7.0, 40.0][i % 4]
        people[feature["plr_id"]] = 200.0 if i % 5 == 0 else 900.0
        new = QgsFeature(layer.fields())
        new.setGeometry(feature.geometry())
        new.setAttributes([feature["plr_id"], counts[feature["plr_id"]], people[feature["plr_id"]], feature[FIELD]])
        features.append(new)
    layer.dataProvider().addFeatures(features)
    catalogue = tmp_path / "katalog.csv"
    catalogue.write_text(f"id;label;kind\nkinder_u6;Kinder unter 6;count\n{FIELD};Arbeitslose;share\n",
                         encoding="utf-8")
    project = QgsProject()
    project.addMapLayer(layer)
    context = QgsProcessingContext()
    context.setProject(project)
    processing.run("sozialraum:mapseries", {
        "INPUT": layer, "FIELDS": [FIELD], "CATALOGUE": str(catalogue), "AREA_LABEL": "kinder_u6", "MIN_COUNT": 3,
        "POPULATION_FIELD": "ew", "MIN_POPULATION": 300, "DPI": 40, "OUTPUT_PDF": str(tmp_path / "serie.pdf"),
        "ADD_TO_PROJECT": True}, context=context, feedback=QgsProcessingFeedback())
    copy = next(lyr for lyr in project.mapLayers().values() if lyr is not layer and lyr.labelsEnabled()
                and lyr.fields().lookupField("kinder_u6") >= 0)
    settings = copy.labeling().settings()
    expression = QgsExpression(settings.fieldName if settings.isExpression
                               else QgsExpression.quotedColumnRef(settings.fieldName))
    printed = {}
    for feature in copy.getFeatures():
        expression_context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(copy))
        expression_context.setFeature(feature)
        printed[feature["plr_id"]] = expression.evaluate(expression_context)
    for key, value in printed.items():
        hidden = 0 < counts[key] < 3 or people[key] < 300
        assert (value is None or value == "" or str(value) == "NULL") == hidden, (key, value)
    for item in list(project.layoutManager().layouts()):
        project.layoutManager().removeLayout(item)
    project.clear()
