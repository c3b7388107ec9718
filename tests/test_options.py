"""Options -> Sozialraum Monitor: the privacy settings are the defaults of every algorithm's parameters, and
only the defaults (a run with parameters gives the same result whatever the settings)."""
import pytest
from qgis.core import QgsSettings

from sozialraum_monitor.core.privacy import SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION


@pytest.fixture()
def restore_settings():
    settings = QgsSettings()
    before = {key: settings.value(key) for key in (SETTINGS_MIN_COUNT, SETTINGS_MIN_POPULATION)}
    yield settings
    for key, value in before.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


@pytest.mark.usefixtures("qgis_app")
def test_options_page_writes_the_settings_the_algorithms_take_as_defaults(sozialraum_provider,
                                                                          restore_settings):
    from sozialraum_monitor.ui.options import PrivacyOptionsFactory

    page = PrivacyOptionsFactory().createWidget(None)
    page.min_count.setValue(7)
    page.min_population.setValue(250)
    page.apply()
    assert int(restore_settings.value(SETTINGS_MIN_COUNT)) == 7
    for algorithm in sozialraum_provider.algorithms():
        fresh = algorithm.create()  # what the dialog, processing.run and qgis_process use
        count = fresh.parameterDefinition("MIN_COUNT")
        if count is not None:
            assert count.defaultValue() == 7, algorithm.id()
        population = fresh.parameterDefinition("MIN_POPULATION")
        if population is not None and "reference" not in population.description().lower():
            assert population.defaultValue() == 250, algorithm.id()


@pytest.mark.usefixtures("qgis_app")
def test_privacy_rule_follows_the_parameters_not_the_settings(sozialraum_provider, restore_settings):
    from qgis.core import QgsProcessingContext

    restore_settings.setValue(SETTINGS_MIN_COUNT, 9)
    algorithm = sozialraum_provider.algorithm("profilereport").create()
    rule = algorithm.privacy_rule({"MIN_COUNT": 0, "MIN_POPULATION": 0}, QgsProcessingContext())
    assert rule.min_count == 0 and rule.min_population == 0
