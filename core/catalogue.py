"""The indicator catalogue: what each indicator is, how it is computed and which direction is bad.

File format (documented in README, "Indikatorenkatalog"): a CSV in UTF-8 (BOM allowed) or cp1252,
delimiter ';' or ',', one row per indicator, these columns (only `id` is required):

  id           field name of the indicator on the layer, e.g. s1_arbeitslose
  label        German label used for aliases, legends, titles
  theme        theme / group, e.g. "Beschäftigung"
  unit         unit shown after values, e.g. "%" or "je 1.000 EW"
  polarity     "higher_is_worse" (alias: "hoch_ist_schlecht", "negativ", "-1"),
               "higher_is_better" ("hoch_ist_gut", "positiv", "1") or "neutral" ("0", empty)
  numerator    field holding the count above the line (for rates derived from counts)
  denominator  field holding the reference count
  multiplier   factor of the rate, e.g. 100 for percent, 1000 for per mille (default 1)
  source       data source (shown in reports and maps)
  year         reference year or date
  description  definition text (subtitles, tooltips)
  decimals     decimals to show (default 1)
"""
import csv
import io
import os
from dataclasses import dataclass, field, replace
from .errors import CatalogueError

HIGHER_IS_WORSE = "higher_is_worse"
HIGHER_IS_BETTER = "higher_is_better"
NEUTRAL = "neutral"

_POLARITY_ALIASES = {
    "higher_is_worse": HIGHER_IS_WORSE, "hoch_ist_schlecht": HIGHER_IS_WORSE, "negativ": HIGHER_IS_WORSE,
    "negative": HIGHER_IS_WORSE, "-1": HIGHER_IS_WORSE, "-": HIGHER_IS_WORSE,
    "higher_is_better": HIGHER_IS_BETTER, "hoch_ist_gut": HIGHER_IS_BETTER, "positiv": HIGHER_IS_BETTER,
    "positive": HIGHER_IS_BETTER, "1": HIGHER_IS_BETTER, "+1": HIGHER_IS_BETTER, "+": HIGHER_IS_BETTER,
    "neutral": NEUTRAL, "0": NEUTRAL, "": NEUTRAL,
}
COLUMNS = ("id", "label", "theme", "unit", "polarity", "numerator", "denominator", "multiplier",
           "source", "year", "description", "decimals")


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str = ""
    theme: str = ""
    unit: str = ""
    polarity: str = NEUTRAL
    numerator: str = ""
    denominator: str = ""
    multiplier: float = 1.0
    source: str = ""
    year: str = ""
    description: str = ""
    decimals: int = 1

    @property
    def title(self):
        return self.label or self.id

    @property
    def is_rate(self):
        return bool(self.numerator and self.denominator)

    @property
    def sign(self):
        """+1 when a high value is unfavourable, -1 when favourable, 0 neutral (for indices, colours)."""
        return {HIGHER_IS_WORSE: 1, HIGHER_IS_BETTER: -1}.get(self.polarity, 0)


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple = field(default_factory=tuple)
    path: str = ""

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self):
        return len(self.indicators)

    def __contains__(self, indicator_id):
        return any(i.id == indicator_id for i in self.indicators)

    def get(self, indicator_id, default=None):
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return default

    def indicator(self, indicator_id):
        """The catalogue entry, or a bare entry named after the field when the catalogue lacks it."""
        return self.get(indicator_id) or Indicator(id=indicator_id)

    def attribution(self, indicator_ids=None):
        """'Quellen: …' from the sources of the given indicators (default: all), each named once; '' if none."""
        chosen = self.indicators if indicator_ids is None else [self.indicator(i) for i in indicator_ids]
        sources = list(dict.fromkeys(i.source for i in chosen if i.source))
        return ("Quellen: " + "; ".join(sources)) if sources else ""

    def count_fields(self, extra=()):
        """Fields that hold counts: every numerator and denominator in the catalogue, then `extra` (e.g. the
        population field), each once, in order. Counts are summed when aggregating and protected by the
        suppression rule.

        >>> Catalogue((Indicator("q", numerator="a", denominator="b"), Indicator("r", numerator="a",
        ...                                                                    denominator="c"))).count_fields(["ew"])
        ('a', 'b', 'c', 'ew')
        """
        names = [f for i in self.indicators for f in (i.numerator, i.denominator) if f] + list(extra)
        return tuple(dict.fromkeys(names))

    def themes(self):
        seen = []
        for indicator in self.indicators:
            if indicator.theme not in seen:
                seen.append(indicator.theme)
        return seen


def parse_polarity(text, where=""):
    key = str(text or "").strip().lower().replace(" ", "_")
    if key not in _POLARITY_ALIASES:
        raise CatalogueError(
            f"{where}: Polarität '{text}' ist unbekannt. Erlaubt sind higher_is_worse, higher_is_better, neutral "
            "(oder hoch_ist_schlecht, hoch_ist_gut).")
    return _POLARITY_ALIASES[key]


def _decode(raw, path):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueError(f"{path}: Zeichenkodierung nicht erkannt; bitte als UTF-8 speichern.")


def read_catalogue(path):
    """Read a catalogue CSV. Raises CatalogueError naming the file and row."""
    if not os.path.exists(path):
        raise CatalogueError(f"{path}: Indikatorenkatalog nicht gefunden. Bitte den Pfad prüfen.")
    with open(path, "rb") as handle:
        text = _decode(handle.read(), path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise CatalogueError(f"{path}: Der Indikatorenkatalog ist leer.")
    header = [h.strip().lower() for h in rows[0].keys() if h is not None]
    if "id" not in header:
        raise CatalogueError(f"{path}: Spalte 'id' fehlt (gefunden: {', '.join(header)}). "
                             f"Erwartete Spalten: {', '.join(COLUMNS)}.")
    indicators, seen = [], set()
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise CatalogueError(f"{path}, Zeile {number}: mehr Spalten als in der Kopfzeile. Enthält ein Text das "
                                 f"Trennzeichen '{delimiter}'? Dann den Text in Anführungszeichen setzen.")
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        where = f"{path}, Zeile {number}"
        ident = row.get("id", "")
        if not ident:
            continue
        if ident in seen:
            raise CatalogueError(f"{where}: Indikator '{ident}' steht doppelt im Katalog. Bitte einen Eintrag entfernen.")
        seen.add(ident)
        try:
            multiplier = float(row.get("multiplier", "").replace(",", ".") or 1)
            decimals = int(row.get("decimals", "") or 1)
        except ValueError:
            raise CatalogueError(f"{where}: 'multiplier' und 'decimals' müssen Zahlen sein "
                                 f"(gefunden: '{row.get('multiplier')}', '{row.get('decimals')}').") from None
        if bool(row.get("numerator")) != bool(row.get("denominator")):
            raise CatalogueError(f"{where}: Für eine Quote braucht '{ident}' Zähler (numerator) und Nenner "
                                 "(denominator); bitte beide angeben oder beide leer lassen.")
        indicators.append(Indicator(
            id=ident, label=row.get("label", ""), theme=row.get("theme", ""), unit=row.get("unit", ""),
            polarity=parse_polarity(row.get("polarity", ""), where), numerator=row.get("numerator", ""),
            denominator=row.get("denominator", ""), multiplier=multiplier, source=row.get("source", ""),
            year=row.get("year", ""), description=row.get("description", ""), decimals=decimals))
    return Catalogue(tuple(indicators), path)


def write_catalogue(catalogue, path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in catalogue:
            multiplier = int(i.multiplier) if float(i.multiplier).is_integer() else i.multiplier
            writer.writerow([i.id, i.label, i.theme, i.unit, i.polarity, i.numerator, i.denominator,
                             multiplier, i.source, i.year, i.description, i.decimals])


def with_indicators(catalogue, indicators):
    """A catalogue with entries added or replaced (by id), order kept."""
    by_id = {i.id: i for i in indicators}
    kept = [by_id.pop(i.id, i) for i in catalogue]
    return replace(catalogue, indicators=tuple(kept + list(by_id.values())))
