"""The shared kit every Sozialraum Monitor algorithm is built on: read -> one core call -> write.

- Parameter blocks with their readers, one meaning in every algorithm:
  `add_layer_parameter`/`source`, `add_catalogue_parameter`/`catalogue`, `add_privacy_parameters`/
  `privacy_rule`, `add_key_parameter`/`key_field`, `add_parent_parameter`/`parent_field`, `add_fields_parameter`/
  `field_names`. Help lives once, on the parameter (`add(parameter, help)`); the help panel
  (`shortHelpString`) is built from the algorithm's summary and the parameters' help.
- `core_errors()`: any core error (`SozialraumError`) becomes a German QgsProcessingException.
- Output checks before anything runs: no output may be an input, no two outputs the same file
  (`checkParameterValues` for the dialog, `prepareAlgorithm` for every other way in: modeler, batch,
  processing.run, qgis_process).
- `write_sink`: a DataFrame (behind a source's features and geometry, or as a table) into a feature sink, typed
  fields, aliases set on the loaded layer, failure detected (adapter.layers.write_frame).
- `on_load`: what happens to an output layer when QGIS loads it (aliases, renderer), without state handed from
  processAlgorithm to postProcessAlgorithm.
- What the user reads: `with_decimals` (decimal parameters not shown as '10,000000'), `add_polarity_parameters`/
  `polarities` (polarity chosen as fields; the typed text stays as an advanced parameter), `field_label` and
  `log_number` (the log names fields by their catalogue label and writes numbers the German way); every algorithm
  ends with setProgress(100).
"""
import contextlib
import math
import os
from html import escape

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingDestinationParameter,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProject,
    QgsProperty,
    QgsWkbTypes,
)

from ..adapter.compat import parameter_as_fields
from ..adapter.layers import SinkError, fields_behind, fields_for, source_to_frame, write_frame
from ..adapter.output_style import store_default_style
from ..adapter.postgis import database_clash, destination_uri
from ..adapter.project_setup import detect_setup, read_setup
from ..adapter.settings import privacy_defaults
from ..core.catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, NEUTRAL, Catalogue, read_catalogue
from ..core.csv_out import write_german_csv
from ..core.errors import SozialraumError
from ..core.numbers import blank_codes, format_code, format_number, parse_codes
from ..core.privacy import SuppressionRule, apply_suppression
from ..core.safe_cells import safe_frame
from ..i18n import tr

NO_FILE = ("memory:", "TEMPORARY_OUTPUT", "")


def _value_text(value, context):
    """A parameter value as the string that names its data (layer source, file path, sink target)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if hasattr(value, "source") and callable(value.source):  # a layer object
        return value.source()
    value = "" if value is None else str(value)
    layer = QgsProcessingUtils.mapLayerFromString(value, context, False) if value else None
    return layer.source() if layer is not None else value


def spreadsheet_file(destination):
    """True for an output written to a CSV, XLSX or ODS file (the cells a spreadsheet opens)."""
    path = str(destination or "").split("|")[0].strip().lower()
    if path.startswith("ogr:"):
        path = path[4:].split(" ")[0].strip("'\"")
    return path.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods"))


def file_of(text):
    """The file a source or destination string names ('' for memory/temporary/database outputs)."""
    text = str(text or "").strip()
    if text in NO_FILE or text.startswith(("memory:", "postgres:", "postgis:", "dbname=", "service=")):
        return ""
    for prefix in ("ogr:", "file://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    path = text.split("|")[0].strip().strip('"')
    if not path or not (os.path.sep in path or os.path.splitext(path)[1]):
        return ""
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def unwritable(path, folder=False):
    """Why an output file (or folder) cannot be written at `path`, in German; '' when it can. Checked before a
    run, so that no run fails half-way with an operating system message."""
    for part in path.split(os.sep):
        if len(os.fsencode(part)) > 255:
            return f"der Name '{part[:40]}…' ist länger als 255 Zeichen"
    if os.path.isdir(path) and not folder:
        return f"{path} ist ein Ordner"
    if os.path.exists(path) and folder and not os.path.isdir(path):
        return f"{path} ist eine Datei, kein Ordner"
    parent = path if folder else os.path.dirname(path)
    while parent and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if parent and not os.path.isdir(parent):
        return f"{parent} ist eine Datei, wo ein Ordner sein müsste"
    if parent and not os.access(parent, os.W_OK):
        return f"im Ordner {parent} darf nicht geschrieben werden"
    if os.path.exists(path) and not os.path.isdir(path) and not os.access(path, os.W_OK):
        return f"{path} ist schreibgeschützt"
    return ""


def log_number(value, digits=4):
    """A number for the log, written the German way with about `digits` significant digits: 0.40077 -> '0,4008',
    197.2289 -> '197,2', 1234.0 -> '1.234'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    value = float(value)
    if value.is_integer():
        return format_number(value, 0)
    magnitude = math.floor(math.log10(abs(value)))
    text = format_number(value, max(0, min(8, digits - 1 - magnitude)))
    return text.rstrip("0").rstrip(",") if "," in text else text


def with_decimals(parameter, decimals):
    """A decimal number parameter shown with `decimals` decimals in the dialog (QGIS shows 6: '10,000000')."""
    metadata = dict(parameter.metadata() or {})
    metadata["widget_wrapper"] = {**dict(metadata.get("widget_wrapper") or {}), "decimals": decimals}
    parameter.setMetadata(metadata)
    return parameter


def polarity_text(indicators, better=(), worse=(), catalogue=None, fallback=HIGHER_IS_WORSE):
    """One polarity per indicator in the catalogue's words, separated by ';' (the text the core parses), from
    fields chosen in the dialog: in `better` -> higher_is_better, in `worse` -> higher_is_worse, any other ->
    the catalogue's polarity, else `fallback`. An indicator is a field name or a tuple of names that stand for it
    (the first is looked up in the catalogue), e.g. (status field, its earlier field).

    >>> polarity_text(["a", "b", ("c", "c_2017")], better=["c_2017"])
    'higher_is_worse; higher_is_worse; higher_is_better'
    """
    parts = []
    for names in indicators:
        names = (names,) if isinstance(names, str) else tuple(names)
        if any(n in better for n in names):
            parts.append(HIGHER_IS_BETTER)
        elif any(n in worse for n in names):
            parts.append(HIGHER_IS_WORSE)
        else:
            known = catalogue.indicator(names[0]).polarity if catalogue is not None else NEUTRAL
            parts.append(known if known != NEUTRAL else fallback)
    return "; ".join(parts)


class _OnLoad(QgsProcessingLayerPostProcessorInterface):
    """Applied by QGIS to an output layer when it is loaded: field aliases and/or a renderer."""

    _alive = []  # QGIS holds only a raw pointer: keep the Python object alive

    def __init__(self, aliases=None, renderer=None):
        super().__init__()
        self.aliases, self.renderer = dict(aliases or {}), renderer

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802, ARG002 (QGIS API)
        if layer is None or not layer.isValid():
            return
        for name, alias in self.aliases.items():
            index = layer.fields().lookupField(name)
            if index >= 0 and alias:
                layer.setFieldAlias(index, alias)
        if self.renderer is not None and hasattr(layer, "setRenderer"):
            layer.setRenderer(self.renderer.clone())
            layer.triggerRepaint()

    @classmethod
    def create(cls, aliases=None, renderer=None):
        processor = cls(aliases, renderer)
        cls._alive = cls._alive[-50:] + [processor]
        return processor


class ProgressSlice:
    """A feedback for core code: its 0-100 is mapped onto start..end of the algorithm's progress bar."""

    def __init__(self, feedback, start, end):
        self.feedback, self.start, self.end = feedback, start, end

    def isCanceled(self):  # noqa: N802 (feedback API name)
        return self.feedback.isCanceled()

    def setProgress(self, percent):  # noqa: N802
        self.feedback.setProgress(self.start + (self.end - self.start) * percent / 100.0)

    def pushInfo(self, text):  # noqa: N802
        self.feedback.pushInfo(text)


class SozialraumAlgorithm(QgsProcessingAlgorithm):
    """Subclasses give name/displayName/group/groupId/summary, initAlgorithm (parameter blocks and `add`) and a
    short processAlgorithm: read -> one core call -> write."""

    INPUT = "INPUT"
    CATALOGUE = "CATALOGUE"
    MIN_COUNT = "MIN_COUNT"
    MIN_POPULATION = "MIN_POPULATION"
    POPULATION_FIELD = "POPULATION_FIELD"
    KEY_FIELD = "KEY_FIELD"
    PARENT_FIELD = "PARENT_FIELD"
    MISSING_CODES = "MISSING_CODES"

    # --- identity and help --------------------------------------------------------------------------------
    def tr(self, text):
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def helpUrl(self):  # noqa: N802
        return "https://github.com/sozialraum-monitor/sozialraum_monitor#readme"

    def summary(self):
        """What the algorithm does, in one paragraph (translated); parameter help is added below it."""
        return ""

    def shortHelpString(self):  # noqa: N802
        """The help panel: the summary, then each parameter's name, id and help. QGIS shows it as HTML, so the
        texts are escaped (a threshold written '< -1' or a placeholder '<name>.qml' stays visible)."""
        lines = [f"<b>{escape(d.description())}</b> ({d.name()}): {escape(d.help())}"
                 for d in self.parameterDefinitions() if d.help()]
        lines += [f"<b>{escape(o.description())}</b> ({o.name()})" for o in self.outputDefinitions()
                  if self.parameterDefinition(o.name()) is None and o.description()]
        summary = escape(self.summary()).replace("\n", "<br>")
        return "<br><br>".join(part for part in (summary, "<br>".join(lines)) if part)

    def add(self, parameter, help_text=""):
        """Add a parameter with its help (shown in the help panel and as tooltip); returns it."""
        if help_text:
            parameter.setHelp(help_text)
        self.addParameter(parameter)
        return parameter

    # --- parameter blocks -----------------------------------------------------------------------------------
    def add_layer_parameter(self, name=None, description=None, help_text=None,
                            types=(QgsProcessing.SourceType.TypeVectorPolygon,)):
        return self.add(QgsProcessingParameterFeatureSource(
            name or self.INPUT, description or self.tr("Social spaces"), list(types)),
            help_text or self.tr("The layer of social spaces (it is never changed)."))

    def source(self, parameters, context, name=None):
        name = name or self.INPUT
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    def add_catalogue_parameter(self, optional=True):
        setup = read_setup(QgsProject.instance())
        default = setup.catalogue_path if setup is not None and setup.catalogue_path else None
        return self.add(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Indicator catalogue"), extension="csv", optional=optional,
            defaultValue=default),
            self.tr("CSV with label, theme, unit, polarity, numerator and denominator of each indicator (see "
                    "README, Indikatorenkatalog). Prefilled from the project's profile setup."))

    def catalogue(self, parameters, context):
        """The catalogue the user chose (an empty one when none)."""
        path = self.parameterAsFile(parameters, self.CATALOGUE, context)
        if not path:
            return Catalogue()
        with self.core_errors():
            return read_catalogue(path)

    def add_privacy_parameters(self, population_field=True, parent=None):
        """MIN_COUNT, MIN_POPULATION (and POPULATION_FIELD): the one suppression rule. The user's settings
        (Options -> Sozialraum Monitor) are only the defaults; 0 switches a threshold off."""
        min_count, min_population = privacy_defaults()
        self.add(QgsProcessingParameterNumber(
            self.MIN_COUNT, self.tr("Minimum count"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=min_count, minValue=0),
            self.tr("Counts from 1 to this number minus 1, and every rate built on such a count, are hidden "
                    "(shown as 'unterdrückt', never as 0). 0 = off. Default from the plugin settings."))
        self.add(QgsProcessingParameterNumber(
            self.MIN_POPULATION, self.tr("Minimum population"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=int(min_population), minValue=0),
            self.tr("Areas with fewer residents show no values at all (needs the population field). 0 = off."))
        if population_field:
            self.add(QgsProcessingParameterField(
                self.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=parent or self.INPUT,
                type=QgsProcessingParameterField.DataType.Numeric, optional=True),
                self.tr("Residents per area, for the minimum population."))

    def privacy_rule(self, parameters, context, population_field=None):
        """The SuppressionRule from the parameters alone (settings only gave the defaults)."""
        if population_field is None and self.parameterDefinition(self.POPULATION_FIELD) is not None:
            population_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        min_population = self.parameterAsInt(parameters, self.MIN_POPULATION, context)
        if min_population and not population_field:
            raise QgsProcessingException(self.tr(
                "A minimum population of {n} needs a population field: choose the population field or set the "
                "minimum population to 0.").format(n=min_population))
        return SuppressionRule(self.parameterAsInt(parameters, self.MIN_COUNT, context), min_population,
                               population_field or "")

    def add_key_parameter(self, optional=True, parent=None, help_text=None):
        return self.add(QgsProcessingParameterField(
            self.KEY_FIELD, self.tr("Key field"), parentLayerParameterName=parent or self.INPUT, optional=optional),
            help_text or self.tr("The area key (compared as text). Empty: guessed from the field names as in the "
                                 "dock's setup; the log names the field chosen."))

    def key_field(self, parameters, context, layer, feedback):
        """The key field chosen, else guessed from the field names (logged); an error when none is found."""
        key = self.parameterAsString(parameters, self.KEY_FIELD, context)
        if key and layer.fields().lookupField(key) >= 0:
            return key
        key = detect_setup(layer).key_field
        if not key:
            raise QgsProcessingException(self.tr(
                "No key field given and none found in layer '{layer}': choose the key field.").format(
                layer=layer.name() if hasattr(layer, "name") else layer.sourceName()))
        feedback.pushInfo(self.tr("Key field not set: using '{field}' (guessed from the field names).").format(
            field=key))
        return key

    def add_parent_parameter(self, optional=True, parent=None, help_text=None):
        return self.add(QgsProcessingParameterField(
            self.PARENT_FIELD, self.tr("Parent unit field"), parentLayerParameterName=parent or self.INPUT,
            optional=optional),
            help_text or self.tr("The parent unit of each area (e.g. the district key)."))

    def parent_field(self, parameters, context):
        return self.parameterAsString(parameters, self.PARENT_FIELD, context)

    def add_fields_parameter(self, name, description, help_text, numeric=True, multiple=True, optional=False,
                             parent=None):
        kind = (QgsProcessingParameterField.DataType.Numeric if numeric
                else QgsProcessingParameterField.DataType.Any)
        return self.add(QgsProcessingParameterField(
            name, description, parentLayerParameterName=parent or self.INPUT, type=kind, allowMultiple=multiple,
            optional=optional), help_text)

    def field_names(self, parameters, name, context):
        return parameter_as_fields(self, parameters, name, context)

    def add_polarity_parameters(self, text_name, text_help, choices, parent=None, text_description=None):
        """Polarity as a choice of fields, not typed text: `choices` = [(name, description, help)] of multiple
        field parameters (e.g. the indicators where a higher value is better). The typed text `text_name`
        ('higher_is_worse; higher_is_better', as before) stays for models and scripts, as an advanced
        parameter; `polarities` refuses both at once."""
        for name, description, help_text in choices:
            self.add_fields_parameter(name, description, help_text, optional=True, parent=parent)
        typed = QgsProcessingParameterString(text_name, text_description or self.tr("Polarities as text"),
                                             optional=True)
        typed.setFlags(typed.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        return self.add(typed, text_help)

    def polarities(self, parameters, context, text_name, indicators, catalogue, better=None, worse=None,
                   fallback=HIGHER_IS_WORSE):
        """The polarity text for the core: as typed in `text_name`, or built from the fields chosen in `better`
        and `worse` (other indicators: the catalogue's polarity, else `fallback`); '' when neither is given."""
        typed = self.parameterAsString(parameters, text_name, context).strip()
        chosen = {name: self.field_names(parameters, name, context) if name else [] for name in (better, worse)}
        if not any(chosen.values()):
            return typed
        if typed:
            raise QgsProcessingException(self.tr(
                "The polarities are given twice: as chosen fields and as text ('{text}'). Clear one of them: "
                "choose the fields, or leave them empty and type the polarities.").format(text=typed))
        twice = [f for f in chosen[better] if f in chosen[worse]]
        if twice:
            raise QgsProcessingException(self.tr(
                "{fields}: chosen both as 'higher is better' and as 'higher is worse'. Choose each field in one of "
                "the two lists only.").format(fields=", ".join(twice)))
        return polarity_text(indicators, chosen[better], chosen[worse], catalogue, fallback)

    @staticmethod
    def field_label(field, catalogue=None, fields=None):
        """How the log names a field: its catalogue label (else the layer's alias) with the field name in
        parentheses; the bare name when it has neither."""
        indicator = catalogue.get(field) if catalogue is not None else None
        label = indicator.label if indicator is not None else ""
        if not label and fields is not None and fields.lookupField(field) >= 0:
            label = fields.field(fields.lookupField(field)).alias()
        return f"{label} ({field})" if label and label != field else str(field)

    def add_missing_codes_parameter(self):
        """MISSING_CODES: numbers that mean 'no value' (as in the join): NULL, never a value (-9999 in every
        indicator of an invalid area would be ranked, indexed and mapped as a number)."""
        parameter = QgsProcessingParameterString(
            self.MISSING_CODES, self.tr("No-value codes"), defaultValue="-9999; -999; -99999", optional=True)
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        return self.add(parameter, self.tr(
            "Numbers that mean 'no value' in the layer's numeric fields, separated by ';' (add -1 if a source uses "
            "it). They count as no value ('keine Angabe'), never as numbers; the catalogue column missing_codes "
            "adds codes per indicator. Empty: no codes."))

    def missing_codes(self, parameters, context):
        if self.parameterDefinition(self.MISSING_CODES) is None:
            return ()
        with self.core_errors():
            return parse_codes(self.parameterAsString(parameters, self.MISSING_CODES, context))

    def read_frame(self, source, fields, feedback=None, text_fields=(), codes=(), catalogue=None):
        """The attributes `fields` of `source` as a DataFrame (index = feature id). Numeric cells holding a
        no-value code (`codes` for every field, plus the catalogue's missing_codes of each indicator) are NaN."""
        with self.core_errors():
            frame = source_to_frame(source, [f for f in dict.fromkeys(fields) if f], feedback, text_fields)
        frame, found = blank_codes(frame, codes, catalogue, skip=text_fields)
        if found and feedback is not None:
            feedback.pushWarning(self.tr("{n} values were no-value codes ({codes}) and count as 'keine Angabe'.")
                                 .format(n=found, codes="; ".join(format_code(c) for c in codes) or "Katalog"))
        return frame

    # --- errors ---------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def core_errors(self):
        """Any core error (German message) becomes a QgsProcessingException: the user sees what to do."""
        try:
            yield
        except SozialraumError as error:
            raise QgsProcessingException(str(error)) from None
        except KeyError as error:  # a field named by the user that the data lacks
            raise QgsProcessingException(str(error).strip("'\"")) from None

    # --- outputs --------------------------------------------------------------------------------------------
    def _files(self, parameters, context, destinations):
        found = []
        for definition in self.parameterDefinitions():
            is_destination = isinstance(definition, QgsProcessingDestinationParameter)
            if is_destination != destinations or definition.name() not in parameters:
                continue
            value = parameters[definition.name()]
            values = value if isinstance(value, (list, tuple)) else [value]
            if isinstance(definition, QgsProcessingParameterMultipleLayers):
                values = self.parameterAsFileList(parameters, definition.name(), context) or values
            for item in values:
                path = file_of(_value_text(item, context))
                if path:
                    found.append((definition.description(), path, definition))
        return found

    def output_clash(self, parameters, context):
        """A German message when an output would overwrite an input or another output, else ''."""
        inputs = self._files(parameters, context, destinations=False)
        seen = {}
        for description, path, definition in self._files(parameters, context, destinations=True):
            for input_description, input_path, _definition in inputs:
                if path == input_path:
                    return self.tr("The output '{output}' would overwrite the input '{input}' ({path}). Choose "
                                   "another file for the output; inputs are never changed.").format(
                        output=description, input=input_description, path=path)
            problem = unwritable(path, folder=isinstance(definition, QgsProcessingParameterFolderDestination))
            if problem:
                return self.tr("The output '{output}' cannot be written: {problem}. Choose another place or "
                               "name for it.").format(output=description, problem=problem)
            if path in seen:
                return self.tr("The outputs '{first}' and '{second}' point to the same file ({path}). Choose a "
                               "file of its own for each output.").format(first=seen[path], second=description,
                                                                          path=path)
            seen[path] = description
        return self._database_clash(parameters, context)

    def input_layers(self, parameters, context):
        """The vector layers an algorithm reads (its layer and source parameters); an algorithm that reads more
        (e.g. the join's tables) adds them."""
        layers = []
        for definition in self.parameterDefinitions():
            if isinstance(definition, (QgsProcessingParameterVectorLayer, QgsProcessingParameterFeatureSource)) \
                    and parameters.get(definition.name()):
                layers.append(self.parameterAsVectorLayer(parameters, definition.name(), context))
        return [layer for layer in layers if layer is not None]

    def _database_clash(self, parameters, context):
        """A PostGIS output table that is an input table (adapter.postgis.database_clash asks the servers)."""
        layers = None
        for definition in self.destinationParameterDefinitions():
            value = parameters.get(definition.name())
            if not value or destination_uri(value) is None:     # not a PostGIS table: no layer is opened
                continue
            if layers is None:
                layers = self.input_layers(parameters, context)
            table = database_clash(value, layers)
            if table:
                return self.tr("The output '{output}' would overwrite the input table {table}. Choose another "
                               "table name for the output; inputs are never changed.").format(
                    output=self._description(definition.name()), table=table)
        return ""

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        clash = self.output_clash(parameters, context)
        return (False, clash) if clash else (True, "")

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        clash = self.output_clash(parameters, context)
        if clash:
            raise QgsProcessingException(clash)
        return super().prepareAlgorithm(parameters, context, feedback)

    def sink(self, parameters, name, context, fields, wkb_type=QgsWkbTypes.Type.NoGeometry, crs=None):
        """parameterAsSink with a German message when the output cannot be created."""
        try:
            if crs is None:
                sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type)
            else:
                sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        except QgsProcessingException as error:
            raise QgsProcessingException(self.tr(
                "The output '{output}' cannot be created ({reason}). Choose a folder you may write to, a shorter "
                "file name or another format.").format(output=self._description(name), reason=str(error))) \
                from None
        if sink is None:
            if self.parameterDefinition(name).flags() & self.parameterDefinition(name).Flag.FlagOptional:
                return None, None
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest_id

    def write_sink(self, parameters, name, context, frame, source=None, aliases=None, renderer=None,
                   feedback=None, progress=(0.0, 100.0), source_fields=None, geometries=None, wkb_type=None,
                   crs=None, protect=None):
        """Write `frame` to the sink `name`: behind the fields (all, or only the names in `source_fields`) and
        geometry of `source` (rows matched by feature id = frame index), or as a table, with a geometry per row
        from `geometries` ({frame index: QgsGeometry}, of `wkb_type` in `crs`) when given. Returns the
        destination id (None for a skipped optional output, or when cancelled)."""
        destination = self.parameterAsOutputLayer(parameters, name, context)
        if source is None and geometries is None and str(destination).lower().endswith(".csv"):
            # a table for German Excel: ';', decimal comma, UTF-8 BOM, aliases as header (OGR writes ',' and '.')
            written = write_german_csv(destination, frame, aliases)
            if feedback is not None:
                feedback.setProgress(progress[1])
            return written
        if protect is not None and source is not None:
            frame, source_fields = self._protected_copies(source, frame, source_fields, *protect)
        keep = None
        if source is not None:
            names = source.fields().names() if source_fields is None else list(source_fields)
            frame, aliases = self._unique_names(frame, aliases, names, feedback)
            keep = None if source_fields is None else [source.fields().lookupField(n) for n in names]
        if source is None:
            fields = fields_for(frame, aliases)
        else:
            fields = fields_behind(source.fields() if keep is None else [source.fields().at(i) for i in keep],
                                   frame, aliases)
        if wkb_type is None:
            wkb_type = source.wkbType() if source is not None else QgsWkbTypes.Type.NoGeometry
        if crs is None and source is not None:
            crs = source.sourceCrs()
        sink, dest_id = self.sink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            return None
        if spreadsheet_file(destination):
            frame = safe_frame(frame)          # text that a spreadsheet would run as a formula stays text
        try:
            done = write_frame(sink, fields, frame, source, feedback, progress, what=self._description(name),
                               keep=keep, geometries=geometries)
        except SinkError as error:
            raise QgsProcessingException(str(error)) from None
        del sink  # closes the file: its default style can be stored now
        if not done:
            return None
        if feedback is not None:
            feedback.setProgress(progress[1])   # small outputs are written in one block, without progress steps
        self.finish_output(context, dest_id, fields, renderer, feedback)
        return dest_id

    def _protected_copies(self, source, frame, source_fields, catalogue, rule):
        """`protect=(catalogue, rule)`: the source's indicator, count and population fields copied into the output
        pass the privacy rule (small counts, rates built on them, values of areas below the minimum population
        hidden) instead of going out raw; keys, names and other fields are copied as they are.
        Returns (frame with the protected copies first, the source fields still copied as they are)."""
        names = source.fields().names() if source_fields is None else list(source_fields)
        concerned = {i.id for i in catalogue} | set(catalogue.count_fields()) | {rule.population_field}
        numeric = [n for n in names if n in concerned and source.fields().field(n).isNumeric()
                   and n not in frame.columns]
        if not numeric:
            return frame, source_fields
        copies = self.read_frame(source, numeric + ([rule.population_field] if rule.population_field else []))
        with self.core_errors():
            shown, reasons = apply_suppression(copies, catalogue, rule, numeric)
        hidden = [c for c in numeric if reasons[c].notna().any()]
        if not hidden:
            return frame, source_fields
        return shown[hidden].join(frame), [n for n in names if n not in hidden]

    def finish_output(self, context, dest_id, fields, renderer=None, feedback=None):
        """After an output is written and closed: aliases (from `fields`) and renderer set on the layer QGIS
        loads, and stored as the output file's default style so that they survive reopening the file."""
        self.on_load(context, dest_id, aliases={f.name(): f.alias() for f in fields if f.alias()},
                     renderer=renderer)
        try:
            written = store_default_style(dest_id, [(field.name(), field.alias()) for field in fields], renderer)
        except OSError as error:
            if feedback is not None:
                feedback.pushWarning(str(error))
            return
        if renderer is not None and written.endswith(".qml") and feedback is not None:
            feedback.pushInfo(self.tr("Style written: {path}").format(path=written))

    def register_file_output(self, parameters, name, context, destination):
        """A file an algorithm wrote itself (not through a sink) is loaded on completion like a sink's output."""
        definition = parameters.get(name)
        project = getattr(definition, "destinationProject", None)
        if project is None:
            return
        details = QgsProcessingContext.LayerDetails(
            getattr(definition, "destinationName", "") or self._description(name), project, name,
            QgsProcessingUtils.LayerHint.Vector)
        context.addLayerToLoadOnCompletion(destination, details)

    def _unique_names(self, frame, aliases, taken, feedback):
        """New columns named like a field of the layer get '_neu' appended (logged), never overwrite it."""
        taken = {t.lower() for t in taken}
        names = {}
        for column in frame.columns:
            name = str(column)
            while name.lower() in taken:
                name = f"{name}_neu"
            if name != column and feedback is not None:
                feedback.pushWarning(self.tr("Field {old} exists in the layer; the new values are in {new}.")
                                     .format(old=column, new=name))
            taken.add(name.lower())
            names[column] = name
        if all(k == v for k, v in names.items()):
            return frame, aliases
        return frame.rename(columns=names), {names.get(k, k): v for k, v in (aliases or {}).items()}

    def on_load(self, context, dest_id, aliases=None, renderer=None):
        """Set aliases and/or a renderer on the output layer when QGIS loads it. Aliases are also set at once on
        an output that already is a layer of the context (a memory output that processing.run hands back)."""
        layer = QgsProcessingUtils.mapLayerFromString(dest_id, context, False) if dest_id and aliases else None
        if layer is not None and hasattr(layer, "setFieldAlias"):
            _OnLoad(aliases).postProcessLayer(layer, context, None)
        if dest_id and context.willLoadLayerOnCompletion(dest_id) and (aliases or renderer is not None):
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(_OnLoad.create(aliases, renderer))

    def _description(self, name):
        definition = self.parameterDefinition(name)
        return definition.description() if definition is not None else name

