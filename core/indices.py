"""Composite indices per social space: standardise indicators, add them up, re-standardise, classify.

The default is the method of Berlin's "Monitoring Soziale Stadtentwicklung" (MSS 2013-2021, see
../shared/data/berlin-mss-method/, chapter 4, "gestuftes Indexverfahren"):

1. every indicator is z-transformed with the unweighted mean and the POPULATION standard deviation
   (divided by n) of the areas that count (the reference areas);
2. the z-values (times +1 when a high value is unfavourable, -1 when favourable, times a weight)
   are added to a sum;
3. the sum is z-transformed again over the reference areas = the index;
4. classes: status hoch x < -1 | mittel -1 <= x <= +1 | niedrig +1 < x <= +1,5 | sehr niedrig x > +1,5;
   dynamics positiv x < -1 | stabil -1 <= x <= +1 | negativ x > +1; the 4 x 3 overlay gives 12 groups.

Areas outside the reference (too few residents, flagged, incomplete) still get z-values, a sum and an index,
computed with the reference statistics; their class is OUTSIDE_CLASS ("nicht berechnet (außerhalb der
Referenz)"), never one of the classes of the reference areas (as the MSS leaves them unclassed).
Pure numpy/pandas: no QGIS import.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import SocialIndexError

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .privacy import SuppressionRule

ZSCORE = "zscore"
MINMAX = "minmax"
RANK = "rank"
METHODS = (ZSCORE, MINMAX, RANK)

MSS_SCHEME = "mss"
STATUS_CLASSES = ("hoch", "mittel", "niedrig", "sehr niedrig")
STATUS_CODES = {"hoch": 1, "mittel": 2, "niedrig": 3, "sehr niedrig": 4}
DYNAMICS_CLASSES = ("positiv", "stabil", "negativ")
DYNAMICS_CODES = {"positiv": "+", "stabil": "+/-", "negativ": "-"}
GROUPS = tuple(f"Status {s}, Dynamik {d}" for s in STATUS_CLASSES for d in DYNAMICS_CLASSES)
OUTSIDE_CLASS = "nicht berechnet (außerhalb der Referenz)"   # class of areas with an index outside the reference

_TRUE_WORDS = {"1", "true", "wahr", "ja", "j", "yes", "y", "x", "t"}

# Reasons an area is left out of the reference statistics (German: shown in reports and as a field).
REASON_POPULATION = "weniger als {threshold:g} Einwohner"
REASON_FLAG = "ausgeschlossen (Feld {field})"
REASON_LIST = "ausgeschlossen (Liste)"
REASON_MISSING = "Indikatorwert fehlt"


@dataclass(frozen=True)
class Reference:
    """Which areas count for the reference statistics, and why the others do not."""
    mask: pd.Series      # bool per area
    reasons: pd.Series   # '' when counted, else the German reason

    @property
    def count(self) -> int:
        return int(self.mask.sum())


@dataclass(frozen=True)
class IndexResult:
    z: pd.DataFrame          # signed, standardised values per indicator (sign applied: + = unfavourable)
    total: pd.Series         # weighted sum of the z-values
    index: pd.Series         # the sum re-standardised over the reference areas (or the sum itself)
    stats: pd.DataFrame      # per indicator: n, centre, spread used for the standardisation, sign, weight
    total_mean: float
    total_sd: float
    reference: Reference
    method: str = ZSCORE


def truthy(series: pd.Series) -> pd.Series:
    """Exclusion flags from a field: 1 / true / ja / x (any case) mean 'exclude'; 0, empty, NULL do not."""
    if pd.api.types.is_bool_dtype(series):
        return series.fillna(False).astype(bool)
    if pd.api.types.is_numeric_dtype(series):
        values = pd.to_numeric(series, errors="coerce")
        return values.notna() & (values != 0)
    text = series.astype(object).where(series.notna(), "").astype(str).str.strip().str.lower()
    return text.isin(_TRUE_WORDS)


def reference_areas(frame: pd.DataFrame, indicators: list, population_field: str = "", min_population: float = 0.0,
                    exclude_field: str = "", key_field: str = "", exclude_keys: list | tuple = ()) -> Reference:
    """The reference set: complete indicator values, at least `min_population` residents, not flagged in
    `exclude_field`, key not in `exclude_keys`. Returns a Reference (mask and German reasons)."""
    reasons = pd.Series("", index=frame.index, dtype=object)

    def mark(hit, reason):
        hit = hit.to_numpy() & (reasons.to_numpy() == "")
        reasons.iloc[np.flatnonzero(hit)] = reason

    missing = frame[list(indicators)].apply(pd.to_numeric, errors="coerce").isna().any(axis=1)
    mark(missing, REASON_MISSING)
    if min_population and not population_field:
        raise SocialIndexError(f"Eine Mindestzahl von {float(min_population):g} Einwohnern je Bezugsgebiet braucht "
                               "ein Einwohnerfeld. Bitte das Einwohnerfeld wählen oder die Mindestzahl der "
                               "Einwohner eines Bezugsgebiets auf 0 setzen.")
    if population_field and min_population:
        if population_field not in frame.columns:
            raise SocialIndexError(f"Einwohnerfeld '{population_field}' fehlt in den Daten. "
                                   "Bitte ein vorhandenes Feld wählen.")
        population = pd.to_numeric(frame[population_field], errors="coerce")
        mark(population.isna() | (population < float(min_population)),
             REASON_POPULATION.format(threshold=float(min_population)))
    if exclude_field:
        if exclude_field not in frame.columns:
            raise SocialIndexError(f"Ausschlussfeld '{exclude_field}' fehlt in den Daten. "
                                   "Bitte ein vorhandenes Feld wählen.")
        mark(truthy(frame[exclude_field]), REASON_FLAG.format(field=exclude_field))
    keys = [str(k).strip() for k in exclude_keys if str(k).strip()]
    if keys:
        if not key_field or key_field not in frame.columns:
            raise SocialIndexError("Für die Ausschlussliste wird ein Schlüsselfeld gebraucht. "
                                   "Bitte das Schlüsselfeld angeben.")
        mark(frame[key_field].astype(str).str.strip().isin(keys), REASON_LIST)
    return Reference(mask=pd.Series(reasons.to_numpy() == "", index=frame.index), reasons=reasons)


def standardise(values: pd.Series, mask: pd.Series, method: str = ZSCORE, ddof: int = 0) -> tuple:
    """One indicator standardised against the reference areas (mask). Returns (standardised, centre, spread).

    zscore: (x - mean) / sd (ddof 0 = population SD, the MSS method);
    minmax: (x - min) / (max - min), 0..1 over the reference (areas outside may fall outside 0..1);
    rank:   percentile rank in the reference distribution, 0..1 (mid-rank for ties; areas outside the
            reference are placed among the reference values).
    """
    x = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    ref = x[mask.to_numpy() & ~np.isnan(x)]
    if len(ref) < 2:
        raise SocialIndexError(f"Indikator '{values.name}': weniger als zwei Bezugsgebiete mit Wert; "
                          "eine Standardisierung ist nicht möglich. Ausschlussregel oder Daten prüfen.")
    if method == ZSCORE:
        centre, spread = float(ref.mean()), float(ref.std(ddof=ddof))
        if not spread > 0:
            raise SocialIndexError(f"Indikator '{values.name}' hat in den Bezugsgebieten überall denselben Wert "
                              "(Standardabweichung 0). Bitte den Indikator aus dem Index nehmen.")
        out = (x - centre) / spread
    elif method == MINMAX:
        centre, top = float(ref.min()), float(ref.max())
        spread = top - centre
        if not spread > 0:
            raise SocialIndexError(f"Indikator '{values.name}' hat in den Bezugsgebieten überall denselben Wert "
                              "(Spannweite 0). Bitte den Indikator aus dem Index nehmen.")
        out = (x - centre) / spread
    elif method == RANK:
        ordered = np.sort(ref)
        below = np.searchsorted(ordered, x, side="left")
        at_or_below = np.searchsorted(ordered, x, side="right")
        out = (below + 0.5 * (at_or_below - below)) / len(ordered)
        out[np.isnan(x)] = np.nan
        centre, spread = float(np.median(ref)), float(len(ordered))
    else:
        raise SocialIndexError(f"Standardisierung '{method}' ist unbekannt (erlaubt: {', '.join(METHODS)}).")
    return pd.Series(out, index=values.index, name=values.name), centre, spread


def composite_index(frame: pd.DataFrame, indicators: list, signs: list | None = None, weights: list | None = None,
                    reference: Reference | None = None, method: str = ZSCORE, ddof: int = 0,
                    restandardise: bool = True) -> IndexResult:
    """The stepped index over `indicators` (columns of `frame`).

    signs:   +1 where a high value is unfavourable, -1 where favourable (default +1 each);
    weights: factor per indicator (default 1 each);
    reference: a Reference (default: all areas with complete values);
    restandardise: z-transform the weighted sum over the reference areas (MSS step 4); otherwise the
             index is the weighted mean of the standardised values.
    Positive index values mean more disadvantage.
    """
    indicators = list(indicators)
    if not indicators:
        raise SocialIndexError("Keine Indikatoren gewählt. Bitte mindestens einen Indikator angeben.")
    missing = [i for i in indicators if i not in frame.columns]
    if missing:
        raise SocialIndexError(f"Indikator(en) {', '.join(missing)} fehlen in den Daten. Bitte die Feldnamen prüfen.")
    signs = [1.0] * len(indicators) if signs is None else [float(s) for s in signs]
    weights = [1.0] * len(indicators) if weights is None else [float(w) for w in weights]
    if len(signs) != len(indicators) or len(weights) != len(indicators):
        raise SocialIndexError(f"{len(indicators)} Indikatoren, aber {len(signs)} Polaritäten und {len(weights)} "
                          "Gewichte. Bitte je Indikator genau eine Angabe machen.")
    if any(s not in (1.0, -1.0) for s in signs):
        raise SocialIndexError("Polarität muss +1 (hoher Wert ungünstig) oder -1 (hoher Wert günstig) sein.")
    if not all(np.isfinite(weights)) or sum(weights) <= 0 or any(w < 0 for w in weights):
        raise SocialIndexError("Gewichte müssen Zahlen ab 0 sein, mindestens eines größer als 0.")
    if reference is None:
        reference = reference_areas(frame, indicators)
    if reference.count < 2:
        raise SocialIndexError(f"Nur {reference.count} Bezugsgebiet(e) mit vollständigen Werten; für einen Index "
                          "braucht es mindestens zwei. Ausschlussregel oder Daten prüfen.")
    z_columns, rows = {}, []
    for indicator, sign, weight in zip(indicators, signs, weights):
        standard, centre, spread = standardise(frame[indicator].rename(indicator), reference.mask, method, ddof)
        if method == ZSCORE:
            z_columns[indicator] = sign * standard
        else:  # 0..1 scales: a favourable high value turns into 1 - value, so 1 is always unfavourable
            z_columns[indicator] = standard if sign > 0 else 1.0 - standard
        rows.append({"indicator": indicator, "n": int((reference.mask & frame[indicator].notna()).sum()),
                     "centre": centre, "spread": spread, "sign": int(sign), "weight": weight})
    z = pd.DataFrame(z_columns, index=frame.index)
    total = (z * np.asarray(weights)).sum(axis=1, min_count=len(indicators))
    total[z.isna().any(axis=1)] = np.nan
    ref_total = total[reference.mask.to_numpy()].dropna().to_numpy()
    total_mean, total_sd = float(ref_total.mean()), float(ref_total.std(ddof=ddof))
    if restandardise:
        if not total_sd > 0:
            raise SocialIndexError("Die Indexsumme ist in allen Bezugsgebieten gleich; kein Index möglich.")
        index = (total - total_mean) / total_sd
    else:
        index = total / float(sum(weights))
    stats = pd.DataFrame(rows, columns=["indicator", "n", "centre", "spread", "sign", "weight"])
    return IndexResult(z=z, total=total, index=index.rename("index"), stats=stats, total_mean=total_mean,
                       total_sd=total_sd, reference=reference, method=method)


def all_zero_areas(frame: pd.DataFrame, indicators: list, mask: pd.Series | None = None) -> pd.Series:
    """Areas whose indicators are all exactly 0 (often 'no value' written as 0, as in the MSS tables)."""
    values = frame[list(indicators)].apply(pd.to_numeric, errors="coerce")
    zero = (values == 0).all(axis=1)
    return zero if mask is None else zero & mask


# --- classes -------------------------------------------------------------------------------------------

def _labels(index, conditions, labels):
    x = pd.to_numeric(index, errors="coerce").to_numpy(dtype=float)
    out = np.select([c(x) for c in conditions], list(labels), default="")
    out = out.astype(object)
    out[np.isnan(x)] = None
    return pd.Series(out, index=index.index, dtype=object)


def mss_status_class(index: pd.Series) -> pd.Series:
    """hoch x < -1 | mittel -1 <= x <= 1 | niedrig 1 < x <= 1,5 | sehr niedrig x > 1,5 (None for NaN)."""
    return _labels(index, [lambda x: x < -1, lambda x: x <= 1, lambda x: x <= 1.5, lambda x: x > 1.5],
                   STATUS_CLASSES)


def mss_dynamics_class(index: pd.Series) -> pd.Series:
    """positiv x < -1 | stabil -1 <= x <= 1 | negativ x > 1 (None for NaN)."""
    return _labels(index, [lambda x: x < -1, lambda x: x <= 1, lambda x: x > 1], DYNAMICS_CLASSES)


def status_level(status_class: pd.Series) -> pd.Series:
    """1 (hoch) .. 4 (sehr niedrig) as float (NaN where no class)."""
    return status_class.map(STATUS_CODES).astype(float)


def status_dynamics_group(status_class: pd.Series, dynamics_class: pd.Series) -> tuple:
    """(code like '2+/-', label like 'Status mittel, Dynamik stabil') per area; None where a class is missing;
    OUTSIDE_CLASS as label (no code) where either class is OUTSIDE_CLASS."""
    outside = ((status_class == OUTSIDE_CLASS) | (dynamics_class == OUTSIDE_CLASS)).to_numpy()
    both = status_class.notna() & dynamics_class.notna() & ~outside
    code = pd.Series(None, index=status_class.index, dtype=object)
    label = pd.Series(None, index=status_class.index, dtype=object)
    label[outside & status_class.notna().to_numpy() & dynamics_class.notna().to_numpy()] = OUTSIDE_CLASS
    s, d = status_class[both], dynamics_class[both]
    code[both] = s.map(STATUS_CODES).astype(int).astype(str) + d.map(DYNAMICS_CODES)
    label[both] = "Status " + s + ", Dynamik " + d
    return code, label


@dataclass(frozen=True)
class IndexClasses:
    labels: pd.Series      # class label per area (None where no index)
    order: tuple           # the labels from favourable to unfavourable
    breaks: tuple          # upper bounds of the classes (MSS: the inner thresholds)


def _outside(labels, reference):
    """Areas outside the reference that got a class: OUTSIDE_CLASS instead."""
    labels = labels.copy()
    labels[labels.notna().to_numpy() & ~reference.mask.to_numpy()] = OUTSIDE_CLASS
    return labels


def classify_index(index: pd.Series, reference: Reference, scheme: str = MSS_SCHEME, classes: int = 5,
                   kind: str = "status", **params) -> IndexClasses:
    """Class labels for an index. scheme 'mss' = the MSS scheme for `kind` ('status' or 'dynamics');
    otherwise any method of core.classify (breaks computed from the reference areas). Areas outside the
    reference with an index get OUTSIDE_CLASS (not in `order`); areas without an index None."""
    if scheme == MSS_SCHEME:
        if kind == "dynamics":
            return IndexClasses(_outside(mss_dynamics_class(index), reference), DYNAMICS_CLASSES, (-1.0, 1.0))
        return IndexClasses(_outside(mss_status_class(index), reference), STATUS_CLASSES, (-1.0, 1.0, 1.5))
    from .classify import ClassificationError, classify  # imported only when another scheme is asked for

    values = index[reference.mask.to_numpy()].dropna()
    try:
        result = classify(values.to_numpy(dtype=float), scheme, classes, **params)
    except ClassificationError as error:
        raise SocialIndexError(str(error)) from None
    order = tuple(class_label(i, low, high) for i, (low, high) in enumerate(result.bounds))
    codes = np.asarray(result.class_of(index.to_numpy(dtype=float)))
    labels = pd.Series([order[c] if c >= 0 else None for c in codes], index=index.index, dtype=object)
    return IndexClasses(_outside(labels, reference), order, tuple(float(b) for b in result.breaks))


def class_label(position: int, lower: float, upper: float) -> str:
    """'2: -0,50 – 0,50' for class `position` (0-based) with its bounds."""
    from .numbers import format_range

    return f"{position + 1}: {format_range(lower, upper, 2)}"


# --- parameter text -----------------------------------------------------------------------------------

def parse_list(text: str) -> list:
    """'1; 0,5; 2' -> ['1', '0,5', '2']: split on ';' if present, else on blanks, else on ','."""
    text = (text or "").strip()
    if not text:
        return []
    if ";" in text:
        parts = text.split(";")
    elif len(text.split()) > 1:
        parts = text.split()
    else:
        parts = text.split(",")
    return [p.strip().rstrip(",") for p in parts if p.strip().rstrip(",")]


def parse_weights(text: str, count: int) -> list:
    """Weights from a parameter string, one per indicator (empty = all 1). German decimal comma allowed
    when the list is separated by ';' or spaces."""
    parts = parse_list(text)
    if not parts:
        return [1.0] * count
    if len(parts) != count:
        raise SocialIndexError(f"{len(parts)} Gewichte für {count} Indikatoren angegeben. Bitte je Indikator "
                          "ein Gewicht angeben, getrennt durch Semikolon (z. B. 1; 0,5; 2).")
    weights = []
    for part in parts:
        try:
            weights.append(float(part.replace(",", ".")))
        except ValueError:
            raise SocialIndexError(f"Gewicht '{part}' ist keine Zahl. Bitte Zahlen angeben, getrennt durch "
                              "Semikolon (z. B. 1; 0,5; 2).") from None
    return weights


def parse_signs(text: str, count: int) -> list | None:
    """Polarities from a parameter string, in the catalogue's words: '-' / 'negativ' / 'higher_is_worse' /
    'hoch_ist_schlecht' (a high value is unfavourable) -> sign +1; '+' / 'positiv' / 'higher_is_better' /
    'hoch_ist_gut' -> sign -1; empty -> None (take them from the catalogue)."""
    from .catalogue import HIGHER_IS_BETTER, HIGHER_IS_WORSE, CatalogueError, parse_polarity

    parts = parse_list(text)
    if not parts:
        return None
    if len(parts) != count:
        raise SocialIndexError(f"{len(parts)} Polaritäten für {count} Indikatoren angegeben. Bitte je Indikator "
                          "hoch_ist_schlecht (oder -) bzw. hoch_ist_gut (oder +) angeben, getrennt durch Semikolon.")
    signs = []
    for part in parts:
        try:
            polarity = parse_polarity(part, "Polarität")
        except CatalogueError as error:
            raise SocialIndexError(str(error)) from None
        if polarity == HIGHER_IS_WORSE:
            signs.append(1)
        elif polarity == HIGHER_IS_BETTER:
            signs.append(-1)
        else:
            raise SocialIndexError(f"Polarität '{part}' ist neutral; ein Index braucht eine Richtung. "
                              "Bitte hoch_ist_schlecht (oder -) bzw. hoch_ist_gut (oder +) angeben.")
    return signs


def signs_from_catalogue(catalogue: Catalogue, indicators: list) -> tuple:
    """(signs, neutral indicators): +1/-1 from the catalogue; neutral or unknown indicators count as +1
    and are returned so the caller can say so."""
    signs, neutral = [], []
    for indicator in indicators:
        sign = catalogue.indicator(indicator).sign if catalogue is not None else 0
        if sign == 0:
            neutral.append(indicator)
            sign = 1
        signs.append(sign)
    return signs, neutral


# --- the whole computation of sozialraum:compositeindex -----------------------------------------------

STYLE_FIELDS = {"status": "status_class", "dynamics": "dyn_class", "group": "group_label"}


@dataclass(frozen=True)
class IndexSpec:
    """What the user chose (texts as typed: polarities, weights and keys are parsed here)."""
    indicators: tuple
    polarities: str = ""
    weights: str = ""
    method: str = ZSCORE
    ddof: int = 0
    restandardise: bool = True
    population_field: str = ""
    reference_min_population: float = 0.0   # areas with fewer residents are left out of the reference
    exclude_field: str = ""
    key_field: str = ""
    exclude_keys: str = ""
    scheme: str = MSS_SCHEME
    classes: int = 5
    dynamics: tuple = ()                    # change fields
    earlier: tuple = ()                     # or: earlier values of the status indicators
    dynamics_polarities: str = ""
    style_by: str = "status"                # 'status', 'dynamics' or 'group'

    def fields(self, catalogue: Catalogue | None = None, available: list | None = None) -> list:
        """The fields to read: indicators, counts of their rates and every other count of the catalogue (those in
        `available`; the output copies them, so the privacy rule must see them), population, exclusion and key
        field, each once."""
        ids = list(self.indicators) + list(self.dynamics) + list(self.earlier)
        counts = list(counts_of(catalogue, ids)) + list(catalogue.count_fields()) if catalogue is not None else []
        if available is not None:
            counts = [c for c in counts if c in set(available)]
        return list(dict.fromkeys(ids + counts + [f for f in (self.population_field, self.exclude_field,
                                                                 self.key_field) if f]))


def counts_of(catalogue: Catalogue, ids: list) -> tuple:
    """Numerator and denominator of each rate among `ids`, each once."""
    found = []
    for ident in ids:
        indicator = catalogue.get(ident)
        if indicator is not None and indicator.is_rate:
            found += [indicator.numerator, indicator.denominator]
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class SocialIndex:
    """The result: `table` holds the new fields per area (index = the frame's index); `hidden_inputs` the input
    columns in which the privacy rule hid small counts (None where hidden), to be written instead of the
    copies; the rest says what happened (for the log) and how to style the output."""
    table: pd.DataFrame
    hidden_inputs: pd.DataFrame
    reference: Reference
    status_classes: IndexClasses
    dynamics_classes: object       # IndexClasses or None
    neutral: dict                  # {'status': [...], 'dynamics': [...]}: indicators without polarity
    all_zero: int                  # reference areas with 0 in every indicator
    population_hidden: int         # areas below the privacy rule's minimum population
    counts_hidden: int             # values hidden as small counts
    style_kind: str                # 'status', 'dynamics', 'group' (MSS) or 'ordered'
    style_field: str
    style_order: tuple
    secondary_hidden: int = 0      # z-values and sums hidden so that no hidden value is a difference

    def class_counts(self, classes: IndexClasses) -> str:
        """'hoch 12, mittel 300, …' for the reference areas."""
        inside = self.reference.mask.to_numpy()
        return ", ".join(f"{c} {int((classes.labels[inside] == c).sum())}" for c in classes.order)


def _signs(text, catalogue, indicators):
    signs = parse_signs(text, len(indicators))
    if signs is not None:
        return signs, []
    return signs_from_catalogue(catalogue, indicators)


def _hidden_grid(reasons, fields, hidden_areas):
    """Bool array (areas x fields): the primary hidden inputs, every field of an area below the minimum."""
    grid = np.repeat(hidden_areas[:, None], len(fields), axis=1)
    for position, name in enumerate(fields):
        if name in reasons.columns:
            grid[:, position] |= reasons[name].notna().to_numpy()
    return grid


def _protect_index(result, weights, hidden, hidden_areas, column_rows):
    """Secondary cells of the table weight x z (rows add up to the sum, columns to 0 over `column_rows`):
    (bool array of z-values, bool array of sums) to hide besides `hidden` and the areas below the minimum."""
    from .privacy import protect_cells, table_equations

    rows, columns = hidden.shape
    values = (result.z.to_numpy(float) * np.asarray(weights, dtype=float)[None, :]).ravel()
    structure = table_equations(rows, columns, True, column_rows)
    extra = np.zeros(structure.size - rows * columns - rows)
    all_values = np.concatenate([values, result.total.to_numpy(float), extra])
    all_hidden = np.concatenate([hidden.ravel(), hidden_areas, np.zeros(len(extra), dtype=bool)])
    secondary = protect_cells(all_values, all_hidden, structure)
    return secondary[:rows * columns].reshape(rows, columns), secondary[rows * columns:rows * columns + rows]


def _hide_index(out, cells, sums, fields, prefix, sum_columns):
    for position, name in enumerate(fields):
        column = f"{prefix}{name}"
        if column in out.columns:
            out[column] = out[column].where(~cells[:, position])
    for column in sum_columns:
        if column in out.columns and sums.any():
            numeric = pd.api.types.is_numeric_dtype(out[column])
            out[column] = out[column].where(~sums, np.nan if numeric else None)


def _mark_inputs(reasons, cells, fields, catalogue, rule):
    """Input copies of secondary z-values (and the counts of their rates) hidden with the secondary reason;
    returns the number of secondary z-values."""
    text = rule.secondary_reason()
    for position, name in enumerate(fields):
        hide = cells[:, position]
        if not hide.any():
            continue
        indicator = catalogue.get(name)
        parts = [indicator.numerator, indicator.denominator] if indicator is not None and indicator.is_rate else []
        for column in [name] + parts:
            if column in reasons.columns:
                reasons.loc[hide & reasons[column].isna().to_numpy(), column] = text
    return int(cells.sum())


def social_index(frame: pd.DataFrame, spec: IndexSpec, catalogue: Catalogue | None = None,
                 rule: SuppressionRule | None = None) -> SocialIndex:
    """Status index (and dynamics index, 12 groups) for every row of `frame` as `spec` asks, with the privacy
    `rule` (core.privacy.SuppressionRule) applied: areas below its minimum population show no index values,
    small counts and the z-values derived from them are hidden (the index itself stays, as in the MSS)."""
    from .catalogue import Catalogue
    from .privacy import suppression_mask

    catalogue = catalogue if catalogue is not None else Catalogue()
    dyn_weights = None
    indicators, dynamics, earlier = list(spec.indicators), list(spec.dynamics), list(spec.earlier)
    if dynamics and earlier:
        raise SocialIndexError("Bitte entweder Dynamik-Indikatoren (Veränderungsfelder) oder frühere Werte angeben, "
                               "nicht beides.")
    if earlier and len(earlier) != len(indicators):
        raise SocialIndexError(f"{len(earlier)} Felder mit früheren Werten für {len(indicators)} Status-Indikatoren: "
                               "bitte je Status-Indikator ein früheres Feld angeben, in derselben Reihenfolge.")
    signs, neutral = _signs(spec.polarities, catalogue, indicators)
    weights = parse_weights(spec.weights, len(indicators))
    neutral = {"status": neutral, "dynamics": []}
    inputs = set(frame.columns)
    frame = frame.copy()
    dynamic_fields, dynamic_signs = [], []
    if earlier:
        for status_field, earlier_field in zip(indicators, earlier):
            frame[f"chg_{status_field}"] = frame[status_field] - frame[earlier_field]
            dynamic_fields.append(f"chg_{status_field}")
        if spec.dynamics_polarities:
            dynamic_signs, neutral["dynamics"] = _signs(spec.dynamics_polarities, None, dynamic_fields)
        else:
            dynamic_signs = list(signs)
    elif dynamics:
        dynamic_fields = list(dynamics)
        dynamic_signs, neutral["dynamics"] = _signs(spec.dynamics_polarities, catalogue, dynamic_fields)

    every = indicators + dynamic_fields
    reference = reference_areas(frame, every, spec.population_field, spec.reference_min_population,
                                spec.exclude_field, spec.key_field, parse_list(spec.exclude_keys))
    zeros = int(all_zero_areas(frame, every, reference.mask).sum())
    status = composite_index(frame, indicators, signs, weights, reference, spec.method, spec.ddof,
                             spec.restandardise)
    status_classes = classify_index(status.index, reference, spec.scheme, spec.classes, "status")
    dyn = dyn_classes = None
    if dynamic_fields:
        dyn_weights = weights if earlier else None  # change fields: equal weights
        dyn = composite_index(frame, dynamic_fields, dynamic_signs, dyn_weights, reference, spec.method, spec.ddof,
                              spec.restandardise)
        dyn_classes = classify_index(dyn.index, reference, spec.scheme, spec.classes, "dynamics")

    mss = spec.scheme == MSS_SCHEME
    out = pd.DataFrame(index=frame.index)
    for indicator in indicators:
        out[f"z_{indicator}"] = status.z[indicator]
    out["status_sum"] = status.total
    out["status_index"] = status.index
    out["status_class"] = status_classes.labels
    if mss:
        out["status_level"] = status_level(status_classes.labels)
    else:
        position = {label: i + 1 for i, label in enumerate(status_classes.order)}
        out["status_level"] = status_classes.labels.map(position).astype(float)
    if dyn is not None:
        for field_name in dynamic_fields:
            out[f"zd_{field_name}"] = dyn.z[field_name]
        out["dyn_sum"] = dyn.total
        out["dyn_index"] = dyn.index
        out["dyn_class"] = dyn_classes.labels
        if mss:
            code, label = status_dynamics_group(status_classes.labels, dyn_classes.labels)
        else:
            code = label = pd.Series(None, index=frame.index, dtype=object)
        out["group_code"] = code
        out["group_label"] = label
    out["in_reference"] = reference.mask.astype(int)
    out["reference_note"] = reference.reasons

    # --- privacy: the input copies, the z-values and the sums ---------------------------------------------
    # primary: small counts, rates built on them and every value of an area below the minimum population
    # (its population included) are hidden in the copied input fields, and so are the z-values derived from
    # them (z reveals the rate). The sum of the z-values would give a hidden z back from the visible ones, and
    # so would the z-values of an indicator, which add up to 0 over the reference areas: secondary suppression
    # on that table (core.privacy) hides further z-values (their input copies with them) until no hidden one is
    # a difference of published values; the index stays, as in the MSS, unless a sum has no second z to hide.
    active = rule is not None and rule.active
    population = [rule.population_field] if rule is not None and rule.population_field else []
    counts = [c for c in dict.fromkeys(list(counts_of(catalogue, indicators + dynamics + earlier))
                                       + list(catalogue.count_fields(population))) if c in frame.columns]
    copied = [c for c in dict.fromkeys(every + earlier + counts) if c in inputs]
    reasons = suppression_mask(frame, catalogue, rule, copied) if active else \
        pd.DataFrame(index=frame.index, columns=copied, dtype=object)
    hidden_areas = np.zeros(len(frame), dtype=bool)
    if rule is not None and rule.population_on:
        population_values = pd.to_numeric(frame[rule.population_field], errors="coerce")
        hidden_areas = (population_values < rule.min_population).to_numpy()
    secondary = 0
    if active:
        column_rows = reference.mask.to_numpy() if spec.method == ZSCORE else None
        status_hidden = _hidden_grid(reasons, indicators, hidden_areas)
        cells, sums = _protect_index(status, weights if weights is not None else [1.0] * len(indicators),
                                     status_hidden, hidden_areas, column_rows)
        _hide_index(out, status_hidden | cells, sums | hidden_areas, indicators, "z_",
                    ("status_sum", "status_index", "status_class", "status_level", "group_code", "group_label"))
        secondary += _mark_inputs(reasons, cells, indicators, catalogue, rule) + int(sums.sum())
        if dyn is not None:
            dyn_hidden = _hidden_grid(reasons, dynamic_fields, hidden_areas)
            for position, (_, earlier_field) in enumerate(zip(indicators, earlier)):
                changed = (status_hidden | cells)[:, position]
                if earlier_field in reasons.columns:
                    changed = changed | reasons[earlier_field].notna().to_numpy()
                dyn_hidden[:, position] |= changed
            dyn_cells, dyn_sums = _protect_index(dyn, dyn_weights if dyn_weights is not None else
                                                 [1.0] * len(dynamic_fields), dyn_hidden, hidden_areas, column_rows)
            _hide_index(out, dyn_hidden | dyn_cells, dyn_sums | hidden_areas, dynamic_fields, "zd_",
                        ("dyn_sum", "dyn_index", "dyn_class", "group_code", "group_label"))
            inputs_of = earlier if earlier else dynamic_fields        # a change's copy: the earlier value
            secondary += _mark_inputs(reasons, dyn_cells, inputs_of, catalogue, rule) + int(dyn_sums.sum())
    if hidden_areas.any():
        values = [c for c in out.columns if c not in ("in_reference", "reference_note")]
        for column in values:  # numbers stay numbers (NaN = NULL), texts become None
            out[column] = out[column].where(~hidden_areas, np.nan if pd.api.types.is_numeric_dtype(out[column])
                                            else None)
        out.loc[hidden_areas, "reference_note"] = rule.population_reason()
    hidden_inputs = {c: frame[c].where(reasons[c].isna()) for c in reasons.columns if reasons[c].notna().any()}
    counts_hidden = int(sum(reasons[c].notna().sum() for c in reasons.columns))

    style_by = spec.style_by if dyn is not None else "status"
    if not mss and style_by == "group":
        style_by = "status"  # the 12 groups exist only for the MSS scheme
    return SocialIndex(
        table=out, hidden_inputs=pd.DataFrame(hidden_inputs, index=frame.index), reference=reference,
        status_classes=status_classes, dynamics_classes=dyn_classes, neutral=neutral, all_zero=zeros,
        population_hidden=int(hidden_areas.sum()), counts_hidden=counts_hidden, secondary_hidden=secondary,
        style_kind=style_by if mss else "ordered", style_field=STYLE_FIELDS[style_by],
        style_order=(dyn_classes.order if style_by == "dynamics" else status_classes.order))
