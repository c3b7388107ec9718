"""Area keys: normalised text that keeps leading zeros, and diagnostics for keys that do not match.

Keys are always compared as strings. Numbers that arrive as numbers (XLSX, DBF, integer fields) become their
integer text (101.0 and "101.0" -> "101", never "101.0"), blanks and quotes are trimmed. `diagnose_keys`
explains unmatched keys: lost leading zeros, "1" against "01", keys inside names ("03 Nordstadt", "STGT03"),
and names the fix. `diagnose_prefix` finds keys that lost their leading zero before their first characters
are taken as the parent unit (1011101 -> "10" instead of district "01").
"""
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

_BLANKS = re.compile(r"[\s\u00a0\u202f\u2009\u200b\ufeff]+")
_DIGITS = re.compile(r"(\d+)")
_INTEGRAL = re.compile(r"^[+-]?\d+\.0+$")


@dataclass(frozen=True)
class KeyFinding:
    kind: str                 # "fuehrende_nullen", "zahl_text", "schluessel_im_text", "leerzeichen"
    message: str              # German, what was found
    suggestion: str           # German, what to do (the parameter to set)
    gain: int                 # how many more table keys would match with the fix
    examples: tuple = field(default_factory=tuple)   # (table key, area key) pairs
    width: int = 0            # for padding fixes: the width to pad to


def _one_key(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    text = _BLANKS.sub(" ", str(value)).strip().strip('"').strip("'").strip()
    if _INTEGRAL.match(text):
        text = text.split(".")[0]
    return text or None


_CLEAN = re.compile(r"[^\s\u00a0\u202f\u2009\u200b\ufeff\"']+")


_SEPARATOR = "\x00"
_UNCLEAN = re.compile(r"[\s\u00a0\u202f\u2009\u200b\ufeff\"']")
_INTEGRAL_ANYWHERE = re.compile(r"(?:^|\x00)[+-]?\d+\.0+(?=\x00|$)")


def _all_clean(texts):
    """True when every text is a clean key already (not empty, no blanks or quotes, not '12.0'), checked with
    one regex search over all of them joined (the common case: keys as offices write them)."""
    if not texts or min(map(len, texts)) == 0:
        return False
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return False
    return _UNCLEAN.search(joined) is None and ("." not in joined or _INTEGRAL_ANYWHERE.search(joined) is None)


_UNCHANGED = object()   # _clean_uniques: every key is clean already


def _clean_uniques(uniques):
    """_one_key for each distinct value (or _UNCHANGED when all are clean already); text keys that are already
    clean (no blanks, quotes, not "12.0") are kept as they are, found with one vectorised match instead of one
    Python call per key."""
    uniques = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if len(uniques) == 0:
        return []
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string" and _all_clean(uniques.tolist()):
        return _UNCHANGED
    is_text = np.array([type(u) is str for u in uniques], dtype=bool)
    keep = np.zeros(len(uniques), dtype=bool)
    if is_text.any():
        text = uniques[is_text].astype(str)
        keep[is_text] = (text.str.fullmatch(_CLEAN) & ~text.str.match(_INTEGRAL)).to_numpy(dtype=bool)
    cleaned = uniques.to_numpy(dtype=object).copy()
    for position in np.flatnonzero(~keep):
        cleaned[position] = _one_key(cleaned[position])
    return list(cleaned)


def extract_key(text):
    """The digits inside a key text: "03 Nordstadt" -> "03", "STGT03" -> "03"; None when it has none."""
    if text is None:
        return None
    found = _DIGITS.search(str(text))
    return found.group(1) if found else None


def pad_key(text, width):
    if text is None or not width or not str(text).isdigit():
        return text
    return str(text).zfill(int(width))


def normalise_keys(values, width=0, extract=False):
    """Keys as normalised strings (object Series, None for missing); vectorised over distinct values."""
    return normalised_codes(values, width, extract)[0]


def normalised_codes(values, width=0, extract=False):
    """(normalise_keys(values, width, extract), codes, uniques): each value's code into `uniques`, the distinct
    normalised keys (-1 for a missing key). The distinct raw values are hashed once; they are hashed again
    only when normalising merged some of them (' 01' and '01')."""
    series = pd.Series(values).reset_index(drop=True) if not isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(np.asarray(series, dtype=object))
    cleaned = _clean_uniques(uniques)
    unchanged = cleaned is _UNCHANGED
    if unchanged:
        cleaned = list(uniques)
    if extract:
        cleaned = [extract_key(k) if k is not None else None for k in cleaned]
    if width:
        cleaned = [pad_key(k, width) for k in cleaned]
    table = np.array(cleaned + [None], dtype=object)
    keys = pd.Series(table[codes], index=series.index, dtype=object)
    if unchanged and not extract and not width:
        return keys, codes, np.asarray(uniques, dtype=object)
    merged, distinct = pd.factorize(table[:-1])
    return keys, np.append(merged, -1)[codes], np.asarray(distinct, dtype=object)


def typical_width(keys):
    """The most common length of all-digit keys (0 when keys are not digits)."""
    digits = [k for k in pd.unique(pd.Series(list(keys), dtype=object).dropna()) if str(k).isdigit()]
    if not digits:
        return 0
    lengths = pd.Series([len(k) for k in digits])
    return int(lengths.mode().iloc[0])


def _gain(unmatched, area_set, transform):
    pairs = []
    for key in unmatched:
        fixed = transform(key)
        if fixed is not None and fixed != key and fixed in area_set:
            pairs.append((key, fixed))
    return pairs


def diagnose_keys(area_keys, table_keys):
    """Findings that explain unmatched table keys (each with the fix and how many keys it would match).

    area_keys, table_keys: normalised keys (iterables of str/None).
    """
    area_set = set(k for k in pd.unique(pd.Series(list(area_keys), dtype=object)) if k is not None)
    table_unique = [k for k in pd.unique(pd.Series(list(table_keys), dtype=object)) if k is not None]
    unmatched = [k for k in table_unique if k not in area_set]
    findings = []
    if not unmatched or not area_set:
        return findings
    width = typical_width(area_set)
    if width:
        pairs = _gain(unmatched, area_set, lambda k: pad_key(k, width) if len(k) < width else None)
        if pairs:
            findings.append(KeyFinding(
                "fuehrende_nullen",
                f"{len(pairs)} Tabellenschlüssel sind kürzer als die {width}-stelligen Gebietsschlüssel, "
                f"z. B. '{pairs[0][0]}' statt '{pairs[0][1]}': führende Nullen fehlen (Schlüssel als Zahl "
                "gespeichert, z. B. von Excel).",
                f"Schlüsselbreite {width} angeben (Parameter KEY_WIDTH={width}), dann werden die Schlüssel "
                "mit führenden Nullen aufgefüllt.", len(pairs), tuple(pairs[:5]), width))
    table_width = typical_width(table_unique)
    if table_width and table_width > width:
        stripped_area = {}
        for key in area_set:
            if key.isdigit():
                stripped_area.setdefault(key.lstrip("0") or "0", key)
        pairs = _gain(unmatched, set(stripped_area), lambda k: (k.lstrip("0") or "0") if k.isdigit() else None)
        pairs = [(t, stripped_area[s]) for t, s in pairs]
        if pairs:
            findings.append(KeyFinding(
                "zahl_text",
                f"{len(pairs)} Schlüssel unterscheiden sich nur durch führende Nullen, z. B. Tabelle "
                f"'{pairs[0][0]}' gegenüber Gebiet '{pairs[0][1]}' (Zahl gegen Text: '1' gegen '01'). Das "
                "Schlüsselfeld des Gebietslayers ist vermutlich ein Zahlenfeld.",
                f"Schlüsselbreite {table_width} angeben (Parameter KEY_WIDTH={table_width}); dann werden beide "
                "Seiten auf diese Breite aufgefüllt.", len(pairs), tuple(pairs[:5]), table_width))
    extracted_area = {}
    for key in area_set:
        digits = extract_key(key)
        if digits is not None:
            extracted_area.setdefault(pad_key(digits, width) if width else digits, key)
    if extracted_area:
        def embedded(key):
            digits = extract_key(key)
            if digits is None or digits == key:
                return None
            return pad_key(digits, width) if width else digits

        pairs = [(t, extracted_area.get(f, f)) for t, f in _gain(unmatched, set(extracted_area) | area_set,
                                                                    embedded)]
        if not pairs:  # keys embedded on the area side ("STGT03") against bare table keys ("03")
            pairs = [(t, extracted_area[t]) for t in unmatched if t in extracted_area and extracted_area[t] != t]
        if pairs:
            findings.append(KeyFinding(
                "schluessel_im_text",
                f"{len(pairs)} Schlüssel stecken in einem Text, z. B. '{pairs[0][0]}' ↔ '{pairs[0][1]}'.",
                "Option 'Schlüssel aus Text ziehen' einschalten (Parameter KEY_EXTRACT=True): verglichen "
                "werden dann nur die Ziffern.", len(pairs), tuple(pairs[:5])))
    return findings


def diagnose_prefix(keys, length):
    """A KeyFinding when the first `length` characters of the keys would not be their parent unit because
    digit keys lost leading zeros (stored as numbers): keys shorter than the longest ones, e.g. '1011101'
    beside '10011101', whose prefix '10' would merge district 01 into district 10. None when all digit keys
    have one length (or none are digits).

    >>> diagnose_prefix(["1011101", "10011101"], 2).width
    8
    >>> diagnose_prefix(["01011101", "10011101"], 2) is None
    True
    """
    cleaned = normalise_keys(pd.Series(list(keys), dtype=object))
    digits = [k for k in pd.unique(cleaned.dropna()) if str(k).isdigit()]
    if not digits or not length:
        return None
    width = max(len(k) for k in digits)
    short = [k for k in digits if len(k) < width]
    if not short:
        return None
    example = short[0]
    padded = example.zfill(width)
    clash = [k for k in digits if len(k) == width and k[:int(length)] == example[:int(length)]]
    merged = f", zusammen mit z. B. '{clash[0]}'" if clash else ""
    return KeyFinding(
        "fuehrende_nullen_praefix",
        f"{len(short)} Schlüssel sind kürzer als die übrigen ({width} Stellen), z. B. '{example}': führende Nullen "
        f"fehlen (Schlüssel als Zahl gespeichert). Nach den ersten {int(length)} Stellen käme '{example}' zu "
        f"'{example[:int(length)]}' statt zu '{padded[:int(length)]}'{merged}.",
        f"Schlüsselbreite {width} angeben (Parameter KEY_WIDTH={width}), dann werden die Schlüssel vor dem "
        "Abschneiden mit führenden Nullen aufgefüllt; oder das Schlüsselfeld als Text speichern.",
        len(short), tuple((k, k.zfill(width)) for k in short[:5]), width)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(name):
    """Names compared loosely: case, umlauts/ß, accents, 'Str.'/'Straße', blanks and punctuation ignored."""
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    text = str(name).casefold().translate(_UMLAUTS)
    text = re.sub(r"str\.", "strasse", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("", text)


def names_differ(left, right):
    """Boolean array: both names given and different after normalise_name."""
    a = np.array([normalise_name(v) for v in left], dtype=object)
    b = np.array([normalise_name(v) for v in right], dtype=object)
    return (a != "") & (b != "") & (a != b)
