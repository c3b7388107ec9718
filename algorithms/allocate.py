"""sozialraum:allocate - "Mittel bedarfsgerecht verteilen": budget by target group and problem pressure."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..adapter.exports import write_xlsx
from ..adapter.expressions import evaluate
from ..adapter.symbology import graduated_renderer
from ..core.allocation import (
    FIELDS,
    RELATIVE,
    STANDARDISED,
    VARIANT_FIELDS,
    AllocationSettings,
    allocate_variants,
    allocation_sheets,
    suppress_allocation,
)
from ..core.catalogue import Indicator
from ..core.classify import classify
from .base import SozialraumAlgorithm, with_decimals

UNITS = (0.01, 1.0, 10.0, 100.0, 1000.0)


class AllocateFunds(SozialraumAlgorithm):
    BUDGET, UNIT, TARGET_FIELD, NEED_FIELD = "BUDGET", "UNIT", "TARGET_FIELD", "NEED_FIELD"
    POLARITY, DEVIATION, REFERENCE_FIELD = "POLARITY", "DEVIATION", "REFERENCE_FIELD"
    WEIGHT_FACTOR, SECOND_WEIGHT_FACTOR = "WEIGHT_FACTOR", "SECOND_WEIGHT_FACTOR"
    BASE_AMOUNT, FLOOR, CAP, ELIGIBLE = "BASE_AMOUNT", "FLOOR", "CAP", "ELIGIBLE"
    OUTPUT, OUTPUT_XLSX = "OUTPUT", "OUTPUT_XLSX"

    def name(self):
        return "allocate"

    def displayName(self):
        return self.tr("Allocate funds by need")

    def group(self):
        return self.tr("Planning")

    def groupId(self):
        return "planning"

    def summary(self):
        return self.tr(
            "Splits a budget over the social spaces in proportion to a target group, with a problem-pressure weight "
            "that raises the share of spaces with above-average need (the model used for the SGB II integration "
            "funds). Whole units by the largest-remainder method, so the parts sum exactly to the budget; base "
            "amount, eligibility, floor and cap; the purely proportional amount and a second weight factor side by "
            "side. The input is never changed.")

    def initAlgorithm(self, config=None):  # noqa: N802, ARG002 (QGIS API)
        self.add_layer_parameter()
        self.add_key_parameter()
        number = QgsProcessingParameterNumber.Type.Double
        self.add(with_decimals(QgsProcessingParameterNumber(self.BUDGET, self.tr("Budget (EUR)"), number,
                                                             minValue=0.0), 2),
                 self.tr("The money to distribute."))
        self.add(QgsProcessingParameterEnum(
            self.UNIT, self.tr("Rounding unit"), options=["0,01 €", "1 €", "10 €", "100 €", "1.000 €"],
            defaultValue=1), self.tr("Amounts are whole multiples of this unit and sum exactly to the budget."))
        self.add(QgsProcessingParameterField(
            self.TARGET_FIELD, self.tr("Target group field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric),
            self.tr("Size of the target group per social space (a count, e.g. children in families on benefits)."))
        self.add(QgsProcessingParameterField(
            self.NEED_FIELD, self.tr("Need field"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric),
            self.tr("The need measure: a rate (e.g. the share of benefit recipients), a composite index or an index "
                    "class."))
        self.add(QgsProcessingParameterEnum(
            self.POLARITY, self.tr("Polarity of the need field"),
            options=[self.tr("From the catalogue (else: higher = more need)"), self.tr("Higher = more need"),
                     self.tr("Higher = less need")], defaultValue=0),
            self.tr("Whether a high value means more need (e.g. a poverty rate) or less (e.g. a status index)."))
        self.add_catalogue_parameter()
        self.add(QgsProcessingParameterEnum(
            self.DEVIATION, self.tr("Deviation from the average"),
            options=[self.tr("Relative (value / average - 1, as in the SGB II model)"),
                     self.tr("Standardised (z-score, for indices with negative values)")], defaultValue=0),
            self.tr("How the need of a space is compared with the average of the eligible spaces."))
        self.add(QgsProcessingParameterField(
            self.REFERENCE_FIELD, self.tr("Population for the average"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            self.tr("Weights of the average need (e.g. the population the rate refers to, which makes the "
                    "average the overall rate). Empty: plain mean of the eligible spaces."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.WEIGHT_FACTOR, self.tr("Weight factor (variant A)"), number, defaultValue=0.25, minValue=0.0), 2),
            self.tr("How strongly need redistributes: 0 = purely by target group; 0.25 = a space 40 % above average "
                    "need gets a 10 % higher weight per head (the federal SGB II practice)."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.SECOND_WEIGHT_FACTOR, self.tr("Weight factor (variant B)"), number, defaultValue=0.5,
            minValue=0.0), 2),
            self.tr("A second weight factor shown side by side, so a committee sees the effect."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.BASE_AMOUNT, self.tr("Base amount per space (EUR)"), number, defaultValue=0.0, minValue=0.0), 2),
            self.tr("Every eligible space gets this first; the rest is distributed by the model."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.FLOOR, self.tr("Minimum per space (EUR)"), number, optional=True, minValue=0.0), 2),
            self.tr("No eligible space gets less; the difference comes from the others (iterative redistribution)."))
        self.add(with_decimals(QgsProcessingParameterNumber(
            self.CAP, self.tr("Maximum per space (EUR)"), number, optional=True, minValue=0.0), 2),
            self.tr("No space gets more; the excess goes to the others."))
        self.add(QgsProcessingParameterExpression(
            self.ELIGIBLE, self.tr("Eligibility rule"), parentLayerParameterName=self.INPUT, optional=True),
            self.tr("An expression; only spaces where it is true get money, e.g. \"status\" IN ('niedrig', "
                    "'sehr niedrig'). Empty: all spaces."))
        self.add_privacy_parameters()
        self.add_missing_codes_parameter()
        self.add(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Allocation per social space"), QgsProcessing.SourceType.TypeVectorPolygon),
            self.tr("The social spaces with amount, share, per-head amount, the proportional amount and the "
                    "redistribution effect of both variants (German aliases); loaded with a map of the amounts."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_XLSX, self.tr("Workbook"), self.tr("Excel workbooks (*.xlsx)"), optional=True,
            createByDefault=False),
            self.tr("XLSX with the allocation of both variants side by side, the assumptions and the totals."))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.source(parameters, context)
        key = self.key_field(parameters, context, source, feedback)
        target, need, reference, population = (self.parameterAsString(parameters, p, context) for p in (
            self.TARGET_FIELD, self.NEED_FIELD, self.REFERENCE_FIELD, self.POPULATION_FIELD))
        frame = self.read_frame(source, [key, target, need, reference, population], feedback, text_fields=[key],
                                codes=self.missing_codes(parameters, context))
        feedback.setProgress(10)
        eligible = self._eligible(parameters, context, source, frame)
        settings = self._settings(parameters, context, need)
        with self.core_errors():
            variants = allocate_variants(frame[target], frame[need], settings,
                                         self.parameterAsDouble(parameters, self.SECOND_WEIGHT_FACTOR, context),
                                         eligible, frame[key], frame[reference] if reference else None)
            rule = self.privacy_rule(parameters, context)
            shown, _ = suppress_allocation(variants.table, rule, frame[population] if population else None)
        for note in variants.first.notes:
            feedback.pushInfo(note)
        feedback.setProgress(50)
        out = shown.reset_index(drop=True).set_axis(frame.index)
        aliases = {**FIELDS, **VARIANT_FIELDS}
        # the input's count fields are copied with the same cells hidden as in the results
        counts = [f for f in dict.fromkeys((target, population)) if f]
        out = frame[counts].where(shown["target"].notna().to_numpy()[:, None]).join(out)
        copied = [f for f in source.fields().names() if f not in counts]
        dest = self.write_sink(parameters, self.OUTPUT, context, out, source, aliases, self._map(out),
                               feedback=feedback, source_fields=copied, progress=(50.0, 90.0))
        outputs = {self.OUTPUT: dest}
        workbook = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        if workbook:
            facts = {"Sozialräume": f"{len(frame)} aus '{source.sourceName()}' (Schlüssel {key})",
                     "Zielgruppe": target, "Bedarfsmaß": need, "Förderregel":
                     self.parameterAsExpression(parameters, self.ELIGIBLE, context) or "alle Sozialräume"}
            outputs[self.OUTPUT_XLSX] = write_xlsx(workbook, allocation_sheets(variants, shown, facts))
        feedback.setProgress(100)
        return outputs

    def _eligible(self, parameters, context, source, frame):
        rule = self.parameterAsExpression(parameters, self.ELIGIBLE, context)
        if not rule:
            return None
        with self.core_errors():
            values = evaluate(source, rule, context, "Die Förderregel")
        return [bool(values.get(fid)) for fid in frame.index]

    def _settings(self, parameters, context, need):
        polarity = self.parameterAsEnum(parameters, self.POLARITY, context)
        sign = {1: 1, 2: -1}.get(polarity)
        if sign is None:
            indicator = self.catalogue(parameters, context).get(need)
            sign = -1 if indicator is not None and indicator.sign < 0 else 1

        def optional(name):
            value = parameters.get(name)
            return None if value in (None, "") else self.parameterAsDouble(parameters, name, context)

        return AllocationSettings(
            budget=self.parameterAsDouble(parameters, self.BUDGET, context),
            weight_factor=self.parameterAsDouble(parameters, self.WEIGHT_FACTOR, context),
            unit=UNITS[self.parameterAsEnum(parameters, self.UNIT, context)],
            base_amount=self.parameterAsDouble(parameters, self.BASE_AMOUNT, context),
            floor=optional(self.FLOOR), cap=optional(self.CAP),
            deviation=(RELATIVE, STANDARDISED)[self.parameterAsEnum(parameters, self.DEVIATION, context)],
            polarity=sign)

    @staticmethod
    def _map(out):
        """A map of the amounts (5 natural-breaks classes) for the loaded layer; None when all are equal."""
        amounts = out["amount"].astype(float)
        if amounts.nunique() < 2:
            return None
        classification = classify(amounts.to_numpy(), "jenks", min(5, amounts.nunique()))
        return graduated_renderer("amount", classification, Indicator(id="amount", label="Betrag", unit="€",
                                                                      decimals=0))
