"""What the Processing dialog shows: counts and population thresholds are whole numbers (a Double parameter
shows '300,000000' in the German dialog)."""
from qgis.core import QgsProcessingParameterNumber


def test_count_and_population_thresholds_are_integer_parameters(sozialraum_provider):
    doubles = [f"{alg.id()}:{p.name()}" for alg in sozialraum_provider.algorithms() for p in alg.parameterDefinitions()
               if isinstance(p, QgsProcessingParameterNumber) and ("POPULATION" in p.name() or "COUNT" in p.name())
               and p.dataType() != QgsProcessingParameterNumber.Type.Integer]
    assert doubles == []
