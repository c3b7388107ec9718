"""The user's preferences (QgsSettings): only ever the defaults of algorithm parameters and of the dock."""
from qgis.core import QgsSettings

from ..core.privacy import DEFAULT_MIN_COUNT, SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION, SuppressionRule


def rule_from_settings(population_field=""):
    """The user's rule from QgsSettings (sozialraum_monitor/min_count, .../min_population)."""
    settings = QgsSettings()
    return SuppressionRule(
        min_count=int(settings.value(SETTINGS_MIN_COUNT, DEFAULT_MIN_COUNT)),
        min_population=float(settings.value(SETTINGS_MIN_POPULATION, 0)),
        population_field=population_field)


def privacy_defaults():
    """(minimum count, minimum population) the user set in Options -> Sozialraum Monitor: parameter defaults."""
    rule = rule_from_settings()
    return rule.min_count, rule.min_population
