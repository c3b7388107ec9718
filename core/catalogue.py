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
  kind         what the value is: "count" (a number of people, households…; alias "anzahl", "fallzahl"),
               "rate" ("quote"), "share" ("anteil"), "index" or "other" ("sonstige", empty). Counts are
               protected by the suppression rule (core/privacy) like numerators and denominators; a count has
               no numerator/denominator. Column name "type" is accepted as well.
  missing_codes  numbers this indicator's source writes for "no value" besides the join's list (-9999, -999,
               -99999), e.g. "-1" or "-1; -7", separated by ';'; they become NULL with their reason.

Mistakes that would switch the suppression rule off silently are errors naming file and row: an unbalanced
quote that swallows the following rows into one text, a numerator without denominator; a numerator or
denominator field missing from the data when its rate is used (`Catalogue.require_counts`).
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field

from .errors import CatalogueError, TableError
from .numbers import format_code, parse_codes

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
           "source", "year", "description", "decimals", "kind", "missing_codes")
COUNT, RATE, SHARE, INDEX, OTHER = "count", "rate", "share", "index", "other"
_KIND_ALIASES = {
    "count": COUNT, "anzahl": COUNT, "fallzahl": COUNT, "absolut": COUNT, "rate": RATE, "quote": RATE,
    "share": SHARE, "anteil": SHARE, "index": INDEX, "other": OTHER, "sonstige": OTHER, "sonstiges": OTHER, "": "",
}


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
    kind: str = ""                 # COUNT, RATE, SHARE, INDEX, OTHER or "" (not given)
    missing_codes: tuple = ()      # numbers meaning "no value" in this indicator's source (besides the defaults)

    @property
    def title(self) -> str:
        return self.label or self.id

    @property
    def is_rate(self) -> bool:
        return bool(self.numerator and self.denominator)

    @property
    def is_count(self) -> bool:
        return self.kind == COUNT

    @property
    def sign(self) -> int:
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

    def get(self, indicator_id: str, default=None) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        return default

    def indicator(self, indicator_id: str) -> Indicator:
        """The catalogue entry, or a bare entry named after the field when the catalogue lacks it."""
        return self.get(indicator_id) or Indicator(id=indicator_id)

    def attribution(self, indicator_ids: list | None = None) -> str:
        """'Quellen: …' from the sources of the given indicators (default: all), each named once; '' if none."""
        chosen = self.indicators if indicator_ids is None else [self.indicator(i) for i in indicator_ids]
        sources = list(dict.fromkeys(i.source for i in chosen if i.source))
        return ("Quellen: " + "; ".join(sources)) if sources else ""

    def count_fields(self, extra: list | tuple = ()) -> tuple:
        """Fields that hold counts: every numerator and denominator in the catalogue, the indicators of kind
        count, then `extra` (e.g. the population field), each once, in order. Counts are summed when
        aggregating and protected by the suppression rule.

        >>> Catalogue((Indicator("q", numerator="a", denominator="b"), Indicator("r", numerator="a",
        ...            denominator="c"), Indicator("k", kind=COUNT))).count_fields(["ew"])
        ('a', 'b', 'c', 'k', 'ew')
        """
        names = [f for i in self.indicators for f in (i.numerator, i.denominator) if f]
        names += [i.id for i in self.indicators if i.is_count] + list(extra)
        return tuple(dict.fromkeys(names))

    def counts_for(self, indicator_ids: list) -> tuple:
        """The count fields needed to check `indicator_ids` for small counts: the numerator and denominator of
        each rate among them, each once (read them with the indicators, or suppression cannot be checked).

        >>> Catalogue((Indicator("q", numerator="a", denominator="b"),)).counts_for(["q", "x"])
        ('a', 'b')
        """
        names = [f for i in (self.get(i) for i in indicator_ids) if i is not None and i.is_rate
                 for f in (i.numerator, i.denominator)]
        return tuple(dict.fromkeys(names))

    def require_counts(self, indicator_ids: list, fields) -> None:
        """CatalogueError when a rate among `indicator_ids` names a numerator or denominator that is not among
        `fields` (the data's field names): its small counts could not be suppressed."""
        fields = set(fields)
        for ident in indicator_ids:
            indicator = self.get(ident)
            if indicator is None or not indicator.is_rate:
                continue
            for part, what in ((indicator.numerator, "Zähler (numerator)"), (indicator.denominator,
                                                                            "Nenner (denominator)")):
                if part not in fields:
                    where = f"{self.path}: " if self.path else "Indikatorenkatalog: "
                    raise CatalogueError(
                        f"{where}Indikator '{ident}' nennt als {what} das Feld '{part}', das in den Daten fehlt. "
                        "Ohne dieses Feld können kleine Fallzahlen nicht unterdrückt werden. Bitte den Feldnamen "
                        "im Katalog korrigieren oder das Feld in den Layer aufnehmen.")

    def themes(self):
        seen = []
        for indicator in self.indicators:
            if indicator.theme not in seen:
                seen.append(indicator.theme)
        return seen


def parse_polarity(text: str, where: str = "") -> str:
    key = str(text or "").strip().lower().replace(" ", "_")
    if key not in _POLARITY_ALIASES:
        raise CatalogueError(
            f"{where}: Polarität '{text}' ist unbekannt. Erlaubt sind higher_is_worse, higher_is_better, neutral "
            "(oder hoch_ist_schlecht, hoch_ist_gut).")
    return _POLARITY_ALIASES[key]


def parse_kind(text: str, where: str = "") -> str:
    key = str(text or "").strip().lower()
    if key not in _KIND_ALIASES:
        raise CatalogueError(f"{where}: Art (kind) '{text}' ist unbekannt. Erlaubt sind count (Anzahl), rate (Quote), "
                             "share (Anteil), index, other (sonstige) oder leer.")
    return _KIND_ALIASES[key]


def _decode(raw, path):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueError(f"{path}: Zeichenkodierung nicht erkannt; bitte als UTF-8 speichern.")


def read_catalogue(path: str) -> Catalogue:
    """Read a catalogue CSV. Raises CatalogueError naming the file and row."""
    if not os.path.exists(path):
        raise CatalogueError(f"{path}: Indikatorenkatalog nicht gefunden. Bitte den Pfad prüfen.")
    with open(path, "rb") as handle:
        text = _decode(handle.read(), path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, line = [], 0
    try:
        for cells in reader:
            rows.append((line + 1, cells))        # the row's first line in the file
            for cell in cells:
                if "\n" in cell or "\r" in cell:
                    raise CatalogueError(
                        f"{path}, Zeile {line + 1}: ein Text reicht über mehrere Zeilen (bis Zeile "
                        f"{reader.line_num}). Meist fehlt ein schließendes Anführungszeichen (\"), und die folgenden "
                        "Zeilen wurden in diesen Text verschluckt. Bitte das Anführungszeichen schließen oder "
                        "entfernen.")
            line = reader.line_num
    except csv.Error as error:
        raise CatalogueError(f"{path}, Zeile {line + 1}: Zeile nicht lesbar ({error}). Meist fehlt ein schließendes "
                             "Anführungszeichen (\"); bitte prüfen.") from None
    header = [h.strip().lower() for h in rows[0][1]] if rows else []
    if len(rows) < 2:
        raise CatalogueError(f"{path}: Der Indikatorenkatalog ist leer.")
    if "id" not in header:
        raise CatalogueError(f"{path}: Spalte 'id' fehlt (gefunden: {', '.join(header)}). "
                             f"Erwartete Spalten: {', '.join(COLUMNS)}.")
    if "kind" not in header and "type" in header:
        header = ["kind" if h == "type" else h for h in header]
    indicators, seen = [], set()
    for number, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise CatalogueError(f"{path}, Zeile {number}: mehr Spalten als in der Kopfzeile. Enthält ein Text das "
                                 f"Trennzeichen '{delimiter}'? Dann den Text in Anführungszeichen setzen.")
        row = {k: (v or "").strip() for k, v in zip(header, cells)}
        where = f"{path}, Zeile {number}"
        ident = row.get("id", "")
        if not ident:
            continue
        if ident in seen:
            raise CatalogueError(f"{where}: Indikator '{ident}' steht doppelt im Katalog. "
                                 "Bitte einen Eintrag entfernen.")
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
        kind = parse_kind(row.get("kind", ""), where)
        try:
            missing_codes = parse_codes(row.get("missing_codes", ""))
        except TableError as error:
            raise CatalogueError(f"{where}: missing_codes: {error}") from None
        if kind == COUNT and row.get("numerator"):
            raise CatalogueError(f"{where}: '{ident}' ist als Anzahl (kind=count) markiert, hat aber Zähler und "
                                 "Nenner einer Quote. Bitte kind=rate eintragen oder Zähler und Nenner leeren.")
        indicators.append(Indicator(
            id=ident, label=row.get("label", ""), theme=row.get("theme", ""), unit=row.get("unit", ""),
            polarity=parse_polarity(row.get("polarity", ""), where), numerator=row.get("numerator", ""),
            denominator=row.get("denominator", ""), multiplier=multiplier, source=row.get("source", ""),
            year=row.get("year", ""), description=row.get("description", ""), decimals=decimals, kind=kind,
            missing_codes=missing_codes))
    return Catalogue(tuple(indicators), path)


def write_catalogue(catalogue: Catalogue, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in catalogue:
            multiplier = int(i.multiplier) if float(i.multiplier).is_integer() else i.multiplier
            writer.writerow([i.id, i.label, i.theme, i.unit, i.polarity, i.numerator, i.denominator,
                             multiplier, i.source, i.year, i.description, i.decimals, i.kind,
                             "; ".join(format_code(c) for c in i.missing_codes)])
