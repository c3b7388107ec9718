"""Print layouts for the indicator map series: one QgsPrintLayout per indicator from a template, and export.

A template is an ordinary QGIS layout template (.qpt). The items are found by their item id (the "Element-ID"
in QGIS's layout designer), so users can draw their own templates:

  karte       map (required; without it the first map item of the template is used)
  titel       label: title of the map (indicator label)
  untertitel  label: subtitle (definition, unit, year)
  legende     legend (filled with the classes of the indicator, the NULL/suppressed class and the overlay)
  massstab    scale bar (linked to the map)
  nordpfeil   picture: north arrow (linked to the map)
  quelle      label: source / attribution line
  stand       label: date ("Stand: …")
  seite       label: page number ("Karte 3 von 19")

Every item but the map is optional. Label items whose text contains a QGIS expression ([% … %]) are left
as they are; they can use the layout variables set on every page: @sr_title, @sr_subtitle, @sr_source,
@sr_date, @sr_page, @sr_pages, @sr_indicator, @sr_unit.

This module holds the page texts and the series (`MapSeries`); the rest lives by concern beside it:
layout_templates (built-in and own templates), layout_styling (fonts, legend, overlay and labels),
layout_pages (one page filled), layout_export (PDF series, single files). Their public names are re-exported
here. None of them classifies or chooses colours (core/classify, adapter/symbology) or touches the user's
layers: callers pass layers (clones) to render.
"""
import datetime
import os
import re
import string
from dataclasses import dataclass, replace

import numpy as np

from ..core.errors import LayoutError  # noqa: F401 (raised by the layout modules)
from .layout_export import (  # noqa: F401 (the series' layout API in one place)
    EXPORT_FORMATS,
    PdfSeries,
    export_layout,
    prepare_render,
    safe_file_name,
)
from .layout_pages import (  # noqa: F401 (the series' layout API in one place)
    ITEM_IDS,
    PageTexts,
    add_page_extras,
    clear_legends,
    fill_layout,
    fitted_extent,
    map_item,
)
from .layout_styling import (  # noqa: F401 (the series' layout API in one place)
    FONT_FAMILY,
    MM,
    OUTER_BOUNDARY,
    label_settings,
    overlay_renderer,
    plain_copy,
    style_area_labels,
    style_overlay,
)
from .layout_templates import (  # noqa: F401 (the series' layout API in one place)
    ATTRIBUTION_FILE,
    DEFAULT_TEMPLATE,
    LAYOUT_DIR,
    NORTH_ARROW_SVG,
    PLUGIN_DIR,
    SAMPLE_DIR,
    TEMPLATES,
    check_template,
    load_template,
    north_arrow_path,
    template_layout,
    template_path,
    write_template,
)


# --------------------------------------------------------------------------------------------- texts
class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill_pattern(pattern, values):
    """'{description} ({unit}, {year})' with the values; unknown or empty placeholders leave no stray
    brackets, commas or blanks behind: ('{label} ({unit})', label='A', unit='') -> 'A'."""
    try:
        text = string.Formatter().vformat(pattern or "", (), _Blank({k: ("" if v is None else v)
                                                                      for k, v in values.items()}))
    except (ValueError, IndexError) as error:
        raise LayoutError(f"Textmuster '{pattern}' ist ungültig ({error}). Platzhalter in geschweiften "
                          "Klammern schreiben, z. B. '{label}' oder '{unit}'.") from None
    for _ in range(3):
        text = re.sub(r"\(\s*[,;:]\s*", "(", text)
        text = re.sub(r"\s*[,;:]\s*\)", ")", text)
        text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
        text = re.sub(r"\s*[,;:]\s*([,;:])", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip().strip(",;:").strip()


def indicator_values(indicator, **extra):
    """Placeholders for title/subtitle/source patterns from a catalogue entry."""
    values = {"id": indicator.id, "label": indicator.title, "theme": indicator.theme, "unit": indicator.unit,
              "year": indicator.year, "description": indicator.description, "source": indicator.source}
    values.update(extra)
    return values


def german_date(day=None):
    day = day or datetime.date.today()
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def sample_attribution():
    with open(ATTRIBUTION_FILE, encoding="utf-8") as handle:
        return " ".join(line.strip() for line in handle if line.strip())


def is_sample_source(source_path):
    """True when a layer source points into the plugin's sample folder (then its attribution is due)."""
    path = (source_path or "").split("|")[0]
    try:
        return os.path.commonpath([os.path.realpath(path), os.path.realpath(SAMPLE_DIR)]) == \
            os.path.realpath(SAMPLE_DIR)
    except ValueError:
        return False


# ------------------------------------------------------------------------------------------ series
DEFAULT_TITLE = "{label}"
DEFAULT_SUBTITLE = "{description} ({unit}, {year})"


@dataclass
class SeriesOptions:
    """What a map series is made of (everything but the layers)."""
    indicators: tuple
    catalogue: object  # core.catalogue.Catalogue
    template: str
    method: str = "jenks"
    classes: int = 5
    method_params: dict = None
    title_pattern: str = DEFAULT_TITLE
    subtitle_pattern: str = DEFAULT_SUBTITLE
    source_pattern: str = ""
    date: str = ""
    attribution: str = ""
    area_label: str = ""
    overlay_label: str = ""
    overlay_name: str = ""
    min_count: int = 3
    rule: object = None  # core.privacy.SuppressionRule; None: min_count alone
    show_counts: bool = False
    ramp: str = "auto"   # "auto": diverging around 0 when the values have both signs; "sequential"; "diverging"
    null_label: str = "keine Angabe"
    suppressed_label: str = "keine Angabe / unterdrückt"


@dataclass
class SeriesPage:
    indicator: object  # core.catalogue.Indicator
    layout: object  # QgsPrintLayout
    layer: object  # the styled clone shown on the page
    classification: object
    suppressed: int


RAMPS = ("auto", "sequential", "diverging")


def footnote(method, classification, areas, without_value):
    """'Klassenbildung: Natürliche Unterbrechungen (exakt), 5 Klassen. 448 Gebiete, davon 12 ohne Wert.'"""
    from ..core.classify import REGISTRY

    label = next((m.label for m in REGISTRY if m.id == method), method)
    classes = classification.classes if classification is not None else 0
    return (f"Klassenbildung: {label}, {classes} Klassen. {areas} Gebiete, davon {without_value} ohne Wert "
            "(fehlend oder unterdrückt).")


def page_texts(indicator, options, number, total):
    values = indicator_values(indicator, method=options.method, classes=options.classes, page=number,
                              pages=total, date=options.date)
    title = fill_pattern(options.title_pattern, values)
    subtitle = fill_pattern(options.subtitle_pattern, values)
    if options.source_pattern:
        source = fill_pattern(options.source_pattern, values)
    else:
        parts = [f"Quelle: {indicator.source.rstrip('.')}." if indicator.source else "", options.attribution]
        source = " ".join(p for p in parts if p)
    unit = indicator.unit
    return PageTexts(title=title or indicator.title, subtitle=subtitle, source=source, date=options.date,
                     page=number, pages=total, indicator=indicator.id, unit=unit,
                     legend_title="Legende", data_date=str(indicator.year or ""))


def _overlay_display_name(layer, fallback):
    if fallback:
        return fallback
    name = layer.name()
    # a layer given as 'file.gpkg|layername=bezirke' is named after the file by Processing: use the layer's name
    path, _sep, options = layer.source().partition("|")
    inner = re.search(r"(?:^|\|)layername=([^|]+)", options)
    if inner and name == os.path.splitext(os.path.basename(path))[0]:
        name = inner.group(1)
    name = name.split(" \u2014 ")[-1] if " \u2014 " in name else name
    return name[:1].upper() + name[1:]          # the layer's title: 'bezirke' (a table name) -> 'Bezirke'


def _label_scale(layout):
    return min(max(map_item(layout).rect().width() / 180.0, 1.0), 1.5)


def label_scale_for(template):
    """Label sizes grow with the map frame: 1 for the A4 portrait map (180 mm wide), up to 1.5."""
    from qgis.core import QgsProject

    project = QgsProject()
    layout = load_template(project, template)
    scale = _label_scale(layout)
    del layout
    return scale


@dataclass
class _PageStyle:
    """What differs from page to page: the classes, the renderer of the copy, the chart and the texts."""
    indicator: object
    classification: object
    renderer: object
    colours: list
    counts: bool             # a count: circles over a pale base layer
    suppressed: int
    texts: PageTexts


# export only: layers of up to this many features are drawn from a copy in memory (see MapSeries._plain_copy)
MEMORY_LIMIT = 50_000


class MapSeries:
    """One page per indicator, rendering copies of the input layer, never the layer itself.

        series = MapSeries(layer, options, project, overlay=bezirke)
        for page in series.pages():           # lazily: one page at a time
            pdf.add(page.layout)
        series.close()

    `project` owns the copies and layouts: the user's project when the layouts are to be kept (then the
    copies go into a hidden layer group), or a scratch QgsProject() for export only.

    keep=True: every page is a layout of its own with a copy of its own (complete and independent, as they
    stay in the project). keep=False (export only): as QGIS's atlas does, the template is loaded once and the
    series has one layout and one copy; each page swaps the copy's renderer, the legend, the texts and the
    chart. Then `page.layout` is the same layout every time: export a page before asking for the next.
    """

    def __init__(self, layer, options, project, overlay=None, keep=False, group_name="", memory_limit=MEMORY_LIMIT):
        from ..core.privacy import SuppressionRule, apply_suppression
        from .layers import source_to_frame

        # first in the instance's dict, so the layout goes before the (scratch) project when the series is
        # freed without close(): a layout must never outlive its project
        self._template = None
        self._copy, self._background = None, None
        self.layer, self.options, self.project, self.keep = layer, options, project, keep
        self.memory_limit = memory_limit
        self.catalogue = options.catalogue
        self.group = None
        self.group_name = group_name or f"Kartenserie: {layer.name()}"
        self.added_layers, self.added_layouts = [], []
        # the template, loaded (and checked) once: the pages are copies of it or, export only, it itself
        self._template = load_template(project, options.template)
        self.label_scale = _label_scale(self._template)
        # values (after suppression) of the indicators, read once
        parts = {p for i in options.indicators for p in (self.catalogue.indicator(i).numerator,
                                                         self.catalogue.indicator(i).denominator) if p}
        names = [f.name() for f in layer.fields()]
        self.rule = options.rule or SuppressionRule(min_count=int(options.min_count or 0))
        if self.rule.population_on:
            parts.add(self.rule.population_field)
        columns = list(options.indicators) + sorted(p for p in parts if p in names and p not in options.indicators)
        frame = source_to_frame(layer, columns)
        self.values, self.reasons = apply_suppression(frame, self.catalogue, self.rule, list(options.indicators))
        self.overlay = None
        if overlay is not None:
            self.overlay = style_overlay(self._plain_copy(overlay), options.overlay_label, self.label_scale)
            self.overlay.setName(_overlay_display_name(overlay, options.overlay_name))
            self._add_layer(self.overlay)

    def _plain_copy(self, layer):
        """A copy of `layer` to style (see plain_copy). Export only, a layer of up to `memory_limit` features
        is copied into memory: read once, it is drawn on every page without reading its file again (for the
        448 areas of the sample ~25 ms less a page at 300 dpi). Kept layouts get clones of the layer (they
        must still show the data when the project is opened again)."""
        from qgis.core import QgsFeatureRequest

        if self.keep or not 0 <= layer.featureCount() <= self.memory_limit:
            return plain_copy(layer)
        copy = layer.materialize(QgsFeatureRequest())     # features as the layer shows them, fields and CRS
        copy.setName(layer.name())
        return copy

    def _add_layer(self, layer):
        self.project.addMapLayer(layer, False)
        if self.keep:
            if self.group is None:  # hidden, collapsed, at the bottom: the user's layer tree stays as it was
                self.group = self.project.layerTreeRoot().addGroup(self.group_name)
                self.group.setItemVisibilityChecked(False)
                self.group.setExpanded(False)
            self.group.addLayer(layer)
        self.added_layers.append(layer)

    def unique_layout_name(self, name):
        manager = self.project.layoutManager()
        candidate, n = name, 2
        while manager.layoutByName(candidate) is not None:
            candidate, n = f"{name} ({n})", n + 1
        return candidate

    def _style(self, field, number, total):
        from qgis.core import QgsExpression
        from qgis.PyQt.QtGui import QColor

        from ..core.classify import classify
        from .symbology import (
            class_colors,
            graduated_renderer,
            graduated_size_renderer,
            is_count_indicator,
            suppression_expression,
        )

        indicator = self.catalogue.indicator(field)
        options = self.options
        values = self.values[field]
        hidden = self.reasons[field].notna()
        classification = classify(values.to_numpy(dtype=float), method=options.method, classes=options.classes,
                                  **dict(options.method_params or {}))
        # the copy reads the real values: suppressed ones are sent to the NULL class by expression
        hide = suppression_expression(field, self.catalogue, self.rule, [f.name() for f in self.layer.fields()])
        null_label = options.suppressed_label if hidden.any() else options.null_label
        finite = values.to_numpy(dtype=float)
        finite = finite[np.isfinite(finite)]
        signed = finite.size > 0 and finite.min() < 0 < finite.max()
        centre = 0.0 if options.ramp == "diverging" or (options.ramp == "auto" and signed) else None
        counts = is_count_indicator(indicator)
        if counts:     # counts: circles sized by class over a pale base, no choropleth
            value = QgsExpression.quotedColumnRef(field)
            value = f"CASE WHEN coalesce(({hide}), false) THEN NULL ELSE {value} END" if hide else value
            renderer = graduated_size_renderer(field, classification, indicator, value_expression=value,
                                               show_counts=options.show_counts)
            colours = [QColor(203, 24, 29)] * classification.classes
        else:
            renderer = graduated_renderer(field, classification, indicator, null_label=null_label,
                                          suppressed_expression=hide, show_counts=options.show_counts,
                                          centre=centre, convention="statistical")
            colours = class_colors(classification, indicator, None, centre)
        texts = page_texts(indicator, options, number, total)
        texts = replace(texts, footnote=footnote(options.method, classification, len(values), int(values.isna().sum())))
        return _PageStyle(indicator, classification, renderer, colours, counts, int(hidden.sum()), texts)

    def _new_copy(self):
        """A copy of the input layer for the classified map (area labels, if any, without suppressed values)."""
        from .symbology import suppression_expression

        options = self.options
        copy = self._plain_copy(self.layer)
        label_hide = suppression_expression(options.area_label, self.catalogue, self.rule,
                                            [f.name() for f in self.layer.fields()]) if options.area_label else ""
        style_area_labels(copy, options.area_label, self.label_scale, label_hide)   # no small count as label
        self._add_layer(copy)
        return copy

    def _new_background(self):
        """The pale areas under the circles of a count."""
        from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer

        background = self._plain_copy(self.layer)
        background.setName("Sozialräume")
        background.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
            {"color": "236,236,236,255", "outline_color": "160,160,160,255", "outline_width": "0.15",
             "outline_width_unit": "MM"})))
        self._add_layer(background)
        return background

    def page(self, field, number, total):
        """The page for one indicator (number counts from 1): its layout filled, see the class notes."""
        style = self._style(field, number, total)
        if self.keep:        # a layout and copies of its own, to stay in the project
            copy, layout = self._new_copy(), self._template.clone()
            background = self._new_background() if style.counts else None
        else:                # the series' one layout and copy, refilled
            if self._copy is None:
                self._copy = self._new_copy()
            if style.counts and self._background is None:
                self._background = self._new_background()
            copy, layout = self._copy, self._template
            background = self._background if style.counts else None
            clear_legends(layout)    # first, so that the new renderer and name update no stale legend
        copy.setName(style.indicator.title)
        copy.setRenderer(style.renderer)
        texts = style.texts
        layout.setName(self.unique_layout_name(texts.title))
        map_layers = ([self.overlay] if self.overlay is not None else []) + [copy] + \
            ([background] if background is not None else [])
        legend_names = {self.overlay.id(): self.overlay.name()} if self.overlay is not None else {}
        fill_layout(layout, map_layers, self.layer.extent(), self.layer.crs(), texts,
                    legend_layers=[copy] + ([self.overlay] if self.overlay is not None else []),
                    legend_names=legend_names)
        classification = style.classification
        add_page_extras(layout, style.colours, [int(c) for c in classification.counts], note=texts.footnote)
        if self.keep:
            self.project.layoutManager().addLayout(layout)
            self.added_layouts.append(layout)
        return SeriesPage(style.indicator, layout, copy, classification, style.suppressed)

    def has_values(self, field):
        return bool(self.values[field].notna().any())

    def pages(self):
        total = len(self.options.indicators)
        for number, field in enumerate(self.options.indicators, start=1):
            yield self.page(field, number, total)

    def release(self, page):
        """Free a page after export (kept pages stay; the export-only layout and copy serve the next page)."""

    def close(self):
        """After the last page: the template and, export only, the series' layout and copies go (kept layouts
        and their copies stay in the project)."""
        self._template = None
        if not self.keep:
            for layer in self.added_layers:
                if self.project.mapLayer(layer.id()) is not None:
                    self.project.removeMapLayer(layer.id())
            self.added_layers, self._copy, self._background, self.overlay = [], None, None, None

    def discard(self):
        """Take back what was added to the project (after a cancelled or failed run)."""
        self._template = None
        for layout in self.added_layouts:
            self.project.layoutManager().removeLayout(layout)
        for layer in self.added_layers:
            if self.project.mapLayer(layer.id()) is not None:
                self.project.removeMapLayer(layer.id())
        if self.group is not None and self.group.parent() is not None:
            self.group.parent().removeChildNode(self.group)
        self.added_layouts, self.added_layers, self.group = [], [], None
        self._copy, self._background = None, None


def write_series(series, indicators, pdf_path="", folder="", fmt="png", dpi=300, title="", feedback=None):
    """Render one page per indicator into the PDF `pdf_path` and/or single files in `folder`
    (<number>_<field>.<fmt>). Returns the layout names, or None when cancelled; on cancel or error nothing
    stays behind (no partial PDF, no single files, no layouts in the project)."""
    from ..core.classify import ClassificationError
    from ..i18n import tr

    pdf = PdfSeries(pdf_path, dpi, title=title) if pdf_path else None
    written, names, total = [], [], len(indicators)

    def discard():
        if pdf is not None:
            pdf.abort()
        for path in written:
            os.remove(path)
        series.discard()

    try:
        for number, field in enumerate(indicators, start=1):
            if feedback is not None and feedback.isCanceled():
                discard()
                return None
            if feedback is not None:
                feedback.setProgressText(tr("Map {n} of {total}: {field}").format(n=number, total=total, field=field))
            try:
                page = series.page(field, number, total)
            except ClassificationError as error:
                raise LayoutError(f"{field}: {error}") from None
            if page.suppressed and feedback is not None:
                feedback.pushInfo(tr("{field}: {n} values suppressed (shown as no value)").format(
                    field=field, n=page.suppressed))
            if feedback is not None:       # half a step: the page is filled, its export follows
                feedback.setProgress(100.0 * (number - 0.5) / total)
            if pdf is not None:
                pdf.add(page.layout)
            if folder:
                name = f"{number:02d}_{safe_file_name(field)}.{fmt}"
                written.append(export_layout(page.layout, os.path.join(folder, name), fmt, dpi))
            names.append(page.layout.name())
            series.release(page)
            page = None  # the layout goes before the (scratch) project that owns its layers
            if feedback is not None:
                feedback.setProgress(100.0 * number / total)
    except Exception:
        discard()
        raise
    if pdf is not None:
        pdf.finish()
    series.close()
    return names
