"""Needs-based allocation of a budget to social spaces (proportional model with problem-pressure weight).

The model is the one used for the regional distribution of the SGB II integration funds
(Eingliederungsmittel, § 46 SGB II with the yearly Eingliederungsmittel-Verordnung; IAB's
"Proportionalmodell mit Problemdruckindikator", Rudolph 2004/2006): the budget follows the size of the
target group, and a problem-pressure factor raises the share of areas whose need is above average
and lowers it below. In the federal practice the target group is the number of employable benefit
recipients, the need the "Grundsicherungsquote" (recipients per population 15–67), and an area gets a
surcharge or deduction of 25 % of its relative deviation from the national rate (weight factor 0.25).

Formula implemented here, per social space i of the eligible ones E:

    d_i = s * (q_i / r - 1)          relative deviation (default, as in the SGB II model)
    d_i = s * (q_i - r) / sd         or standardised deviation (for z-scores, composite indices, classes)
    p_i = max(0, 1 + g * d_i)        problem-pressure factor, g = weight factor (0: purely proportional)
    w_i = n_i * p_i                  weighted target group (n_i = size of the target group)
    a_i = clip(b + lambda * w_i, max(floor, b), cap),  lambda such that sum_E a_i = budget

q_i is the need measure, s its polarity (+1: a higher value means more need, -1: less need), r the
reference: a given value (e.g. the city-wide rate), else the mean of q over E, weighted by a reference
population where one is given (then r is the overall rate, as the national rate in the SGB II model),
unweighted otherwise; sd the standard deviation with the same weights. b is a base amount per eligible
space (it also works as a floor). Spaces outside E get nothing.

Floors and caps by iterative redistribution: lambda is computed for the spaces not yet fixed; if the
money above the caps is at least the money missing below the floors, the spaces above their cap are
fixed at the cap, otherwise those below their floor at the floor; repeat until no space is out of
bounds. (Sum a_i is monotone in lambda, so each fixing is final: the result is the exact solution.)

Whole units (1 €, 0.01 € or e.g. 100 €) by the largest-remainder method: every space gets its amount
rounded down, the units left over go one each to the largest remainders, so the parts sum exactly to
the budget. Tie rule (deterministic): equal remainders go first to the larger weighted target group
w_i, then to the smaller key (as text). Budget, base, floor and cap must be multiples of the unit, so
floors and caps also hold after rounding.

The purely proportional split (budget * n_i / sum_E n_i, the same rounding, no base/floor/cap) is
returned beside it: ``effect`` = amount - proportional amount is the redistribution effect.

Example: 10,000 € to two spaces of 100 people each, need 30 % and 10 % (mean 20 %), weight 0.5:

>>> result = allocate([100, 100], [0.3, 0.1], AllocationSettings(budget=10_000, weight_factor=0.5),
...                   keys=["A", "B"])
>>> result.table[["pressure", "amount", "prop_amt", "effect"]]
   pressure  amount  prop_amt  effect
A      1.25    6250      5000    1250
B      0.75    3750      5000   -1250
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .errors import AllocationError
from .privacy import SuppressionRule, hide, hierarchy, protect_cells, suppression_mask

RELATIVE = "relative"
STANDARDISED = "standardised"
DEVIATIONS = (RELATIVE, STANDARDISED)
AT_FLOOR = "Mindestbetrag"
AT_CAP = "Höchstbetrag"

FIELDS = {
    "target": "Zielgruppe",
    "need": "Bedarfsmaß",
    "eligible": "Förderfähig",
    "pressure": "Problemdruckfaktor",
    "amount": "Betrag",
    "share": "Anteil am Budget (%)",
    "per_head": "Betrag je Person der Zielgruppe",
    "prop_amt": "Betrag rein proportional",
    "effect": "Umverteilungswirkung",
    "bound": "Begrenzt durch",
}




@dataclass(frozen=True)
class AllocationSettings:
    budget: float
    weight_factor: float = 0.25
    unit: float = 1.0
    base_amount: float = 0.0
    floor: float | None = None
    cap: float | None = None
    deviation: str = RELATIVE
    polarity: int = 1                 # +1: higher need value = more need; -1: higher value = less need
    reference: float | None = None    # None: mean need of the eligible spaces


@dataclass(frozen=True)
class Allocation:
    table: pd.DataFrame               # index: key; columns: FIELDS (amount/prop_amt in money, whole units)
    settings: AllocationSettings
    reference: float                  # r used for the deviation
    spread: float                     # sd used (standardised), else nan
    rounds: int                       # rounds of the redistribution
    units: pd.Series                  # amount in whole units (int), sums exactly to the budget in units
    notes: tuple = field(default_factory=tuple)


def _money(value: float) -> str:
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return (text[:-3] if text.endswith(",00") else text) + " €"


def _in_units(value, unit, what):
    units = value / unit
    whole = round(units)
    if abs(units - whole) > 1e-6 * max(1.0, abs(units)):
        raise AllocationError(f"{what} ({_money(value)}) ist kein Vielfaches der Einheit {_money(unit)}: "
                              f"{what} oder Einheit anpassen.")
    return int(whole)


def largest_remainder(exact, total: int, priority=None, keys=None) -> np.ndarray:
    """Whole numbers summing to `total` from `exact` amounts (in units) that sum to `total`.

    Rounded down, then one more unit each to the largest remainders; ties go to the larger
    `priority`, then to the smaller key (as text).

    >>> largest_remainder([1.5, 1.5, 1.0], 4, keys=["b", "a", "c"]).tolist()
    [1, 2, 1]
    """
    exact = np.round(np.asarray(exact, dtype=float), 6)
    base = np.floor(exact).astype(np.int64)
    left = int(total - base.sum())
    n = len(exact)
    if left < 0 or left > n:
        raise AllocationError("Rundung auf ganze Einheiten nicht möglich (interner Fehler: Summe weicht ab).")
    if left:
        remainder = exact - base
        priority = np.zeros(n) if priority is None else np.asarray(priority, dtype=float)
        keys = [str(k) for k in (keys if keys is not None else range(n))]
        order = sorted(range(n), key=lambda i: (-remainder[i], -priority[i], keys[i]))
        base[order[:left]] += 1
    return base


def pressure_factors(need, eligible, settings: AllocationSettings, reference_weights=None):
    """(p_i for every space, reference r, spread sd) — see the module docstring.

    >>> p, r, _ = pressure_factors(np.array([0.3, 0.1]), np.array([True, True]), AllocationSettings(1, 0.5))
    >>> p.tolist(), r
    ([1.25, 0.75], 0.2)
    """
    need = np.asarray(need, dtype=float)
    g, sign = float(settings.weight_factor), (1.0 if settings.polarity >= 0 else -1.0)
    weights = (np.ones(len(need)) if reference_weights is None
               else np.asarray(reference_weights, dtype=float))[eligible]
    values = need[eligible]
    if weights.sum() <= 0:
        raise AllocationError("Die Bezugsbevölkerung der förderfähigen Sozialräume ist zusammen 0: "
                              "ein anderes Feld wählen oder keines.")
    mean = float(np.average(values, weights=weights))
    reference = float(settings.reference) if settings.reference is not None else mean
    spread = float("nan")
    if settings.deviation == RELATIVE:
        if (values < 0).any() or reference <= 0:
            raise AllocationError("Die relative Abweichung (wie im SGB-II-Modell) braucht Bedarfswerte ≥ 0 und "
                                  "einen Bezugswert > 0: für Indizes mit negativen Werten (z-Werte) "
                                  "'standardisiert' wählen.")
        deviation = sign * (need / reference - 1)
    elif settings.deviation == STANDARDISED:
        spread = float(np.sqrt(np.average((values - mean) ** 2, weights=weights)))
        if spread <= 0:
            raise AllocationError("Das Bedarfsmaß ist in allen förderfähigen Sozialräumen gleich: die "
                                  "standardisierte Abweichung ist nicht bestimmt (Gewichtsfaktor 0 wählen).")
        deviation = sign * (need - reference) / spread
    else:
        raise AllocationError(f"Unbekannte Abweichung '{settings.deviation}': 'relative' oder 'standardised'.")
    return np.maximum(0.0, 1 + g * deviation), reference, spread


def _check(settings, n_eligible, unit):
    if unit <= 0:
        raise AllocationError("Die Einheit muss größer als 0 sein (z. B. 1 für ganze Euro, 0,01 für Cent).")
    if settings.budget <= 0:
        raise AllocationError("Das Budget muss größer als 0 sein.")
    if settings.weight_factor < 0:
        raise AllocationError("Der Gewichtsfaktor darf nicht negativ sein (0 = rein proportional).")
    budget = _in_units(settings.budget, unit, "Das Budget")
    base = _in_units(settings.base_amount or 0.0, unit, "Der Sockelbetrag")
    floor = _in_units(settings.floor, unit, "Der Mindestbetrag") if settings.floor is not None else 0
    cap = _in_units(settings.cap, unit, "Der Höchstbetrag") if settings.cap is not None else None
    if base < 0 or floor < 0:
        raise AllocationError("Sockel- und Mindestbetrag dürfen nicht negativ sein.")
    low = max(base, floor)
    if cap is not None and cap < low:
        raise AllocationError(f"Der Höchstbetrag ({_money(cap * unit)}) liegt unter dem Mindest- bzw. "
                              f"Sockelbetrag ({_money(low * unit)}): einen davon anpassen.")
    if low * n_eligible > budget:
        what = "Sockelbeträge" if base >= floor else "Mindestbeträge"
        raise AllocationError(f"Die {what} der {n_eligible} förderfähigen Sozialräume ({n_eligible} × "
                              f"{_money(low * unit)} = {_money(low * n_eligible * unit)}) übersteigen das Budget "
                              f"um {_money((low * n_eligible - budget) * unit)}: Betrag senken, Budget erhöhen "
                              "oder weniger Sozialräume zulassen.")
    if cap is not None and cap * n_eligible < budget:
        raise AllocationError(f"Die Höchstbeträge der {n_eligible} förderfähigen Sozialräume ({n_eligible} × "
                              f"{_money(cap * unit)} = {_money(cap * n_eligible * unit)}) reichen nicht: "
                              f"{_money((budget - cap * n_eligible) * unit)} blieben unverteilt. Höchstbetrag "
                              "anheben oder mehr Sozialräume zulassen.")
    return budget, base, low, cap


def _fill(weighted, budget, base, low, cap):
    """Exact amounts in units: clip(base + lambda * w, low, cap) summing to budget (iterative fixing)."""
    n = len(weighted)
    amount = np.zeros(n)
    fixed = np.zeros(n, dtype=bool)
    bound = np.array([""] * n, dtype=object)
    rounds = 0
    while True:
        rounds += 1
        free = ~fixed
        money = budget - amount[fixed].sum() - base * free.sum()
        total_weight = weighted[free].sum()
        if total_weight <= 0:
            if abs(money) > 1e-9 * max(1.0, budget):
                raise AllocationError("Die förderfähigen Sozialräume haben zusammen keine Zielgruppe (alle 0): "
                                      "ein anderes Zielgruppenfeld wählen oder andere Sozialräume zulassen.")
            amount[free] = base
            return amount, bound, rounds
        amount[free] = base + money * weighted[free] / total_weight
        over = free & (amount > cap) if cap is not None else np.zeros(n, dtype=bool)
        under = free & (amount < low)
        if not over.any() and not under.any():
            return amount, bound, rounds
        if (amount[over] - cap).sum() >= (low - amount[under]).sum():
            amount[over], bound[over], fixed[over] = cap, AT_CAP, True
        else:
            amount[under], bound[under], fixed[under] = low, AT_FLOOR, True


def allocate(target, need, settings: AllocationSettings, eligible=None, keys=None,
             reference_weights=None) -> Allocation:
    """Split `settings.budget` over the social spaces (see the module docstring for the rules)."""
    target = pd.to_numeric(pd.Series(list(target)), errors="coerce").to_numpy(dtype=float)
    need = pd.to_numeric(pd.Series(list(need)), errors="coerce").to_numpy(dtype=float)
    n = len(target)
    keys = list(keys) if keys is not None else list(range(n))
    eligible = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    if len(set(map(str, keys))) != n:
        raise AllocationError("Schlüssel der Sozialräume sind nicht eindeutig: ein eindeutiges Schlüsselfeld "
                              "wählen.")
    if not eligible.any():
        raise AllocationError("Kein Sozialraum ist förderfähig: die Förderregel prüfen.")
    bad = eligible & (np.isnan(target) | (target < 0))
    if bad.any():
        raise AllocationError(f"{int(bad.sum())} förderfähige Sozialräume ohne gültige Zielgruppe (leer, keine "
                              "Zahl oder negativ): Werte ergänzen oder die Sozialräume über die Förderregel "
                              "ausschließen.")
    bad = eligible & np.isnan(need)
    if bad.any():
        raise AllocationError(f"{int(bad.sum())} förderfähige Sozialräume ohne Bedarfswert: Werte ergänzen oder "
                              "die Sozialräume über die Förderregel ausschließen.")
    unit = float(settings.unit)
    budget, base, low, cap = _check(settings, int(eligible.sum()), unit)

    pressure, reference, spread = pressure_factors(need, eligible, settings, reference_weights)
    weighted = np.where(eligible, np.nan_to_num(target) * pressure, 0.0)
    exact, bound, rounds = _fill(weighted[eligible], budget, base, low, cap)
    units = np.zeros(n, dtype=np.int64)
    units[eligible] = largest_remainder(exact, budget, weighted[eligible], np.asarray(keys, dtype=object)[eligible])
    group = np.where(eligible, np.nan_to_num(target), 0.0)
    proportional = np.zeros(n, dtype=np.int64)
    proportional[eligible] = largest_remainder(budget * group[eligible] / group[eligible].sum(), budget,
                                               group[eligible], np.asarray(keys, dtype=object)[eligible])
    bounds = np.array([""] * n, dtype=object)
    bounds[eligible] = bound

    table = pd.DataFrame(index=pd.Index(keys))
    table["target"] = target
    table["need"] = need
    table["eligible"] = eligible
    table["pressure"] = np.where(eligible, pressure, np.nan)
    money = units * unit
    table["amount"] = _as_money(units, unit)
    table["share"] = units / budget * 100
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_head"] = np.where(eligible & (target > 0), money / target, np.nan)
    table["prop_amt"] = _as_money(proportional, unit)
    table["effect"] = _as_money(units - proportional, unit)
    table["bound"] = bounds
    notes = []
    clamped = int((eligible & (pressure == 0)).sum())
    if clamped:
        notes.append(f"{clamped} Sozialräume mit Problemdruckfaktor 0 (Gewichtsfaktor so groß, dass 1 + g·d < 0 "
                     "wäre): sie erhalten nur Sockel- bzw. Mindestbetrag.")
    return Allocation(table=table, settings=settings, reference=reference, spread=spread, rounds=rounds,
                      units=pd.Series(units, index=table.index), notes=tuple(notes))


def _as_money(units, unit):
    """Integer units as money: int for whole euros (or larger units), rounded floats for cents."""
    if float(unit).is_integer():
        return (np.asarray(units, dtype=np.int64) * int(unit))
    decimals = max(0, -int(np.floor(np.log10(unit) + 1e-9)))
    return np.round(np.asarray(units, dtype=float) * unit, decimals)


@dataclass(frozen=True)
class AllocationVariants:
    """The same allocation with two weight factors side by side (for a committee)."""

    first: Allocation
    second: Allocation
    table: pd.DataFrame               # amount/share/per_head of both, and the difference second - first


def allocate_variants(target, need, settings: AllocationSettings, second_weight_factor: float,
                      eligible=None, keys=None, reference_weights=None) -> AllocationVariants:
    """`allocate` with `settings.weight_factor` and with `second_weight_factor`.

    >>> v = allocate_variants([100, 100], [0.3, 0.1], AllocationSettings(10_000, 0.5), 0.0, keys=["A", "B"])
    >>> v.table[["amount", "amount_b", "diff_ab"]]
       amount  amount_b  diff_ab
    A    6250      5000    -1250
    B    3750      5000     1250
    """
    from dataclasses import replace

    first = allocate(target, need, settings, eligible, keys, reference_weights)
    second = allocate(target, need, replace(settings, weight_factor=second_weight_factor), eligible, keys,
                      reference_weights)
    table = first.table.copy()
    table["amount_b"] = second.table["amount"]
    table["share_b"] = second.table["share"]
    table["per_head_b"] = second.table["per_head"]
    table["effect_b"] = second.table["effect"]
    table["diff_ab"] = second.table["amount"] - first.table["amount"]
    return AllocationVariants(first=first, second=second, table=table)


VARIANT_FIELDS = {
    "amount_b": "Betrag (Variante B)",
    "share_b": "Anteil am Budget (%) (Variante B)",
    "per_head_b": "Betrag je Person (Variante B)",
    "effect_b": "Umverteilungswirkung (Variante B)",
    "diff_ab": "Differenz B − A",
}


# Everything per area that is built on its target group: the group itself, the amounts (proportional to it, so an
# amount and its visible pressure factor give the group back), shares, per-head amounts and the effects.
TARGET_DERIVED = ("target", "amount", "share", "per_head", "prop_amt", "effect",
                  "amount_b", "share_b", "per_head_b", "effect_b", "diff_ab")


def suppress_allocation(table: pd.DataFrame, rule: SuppressionRule | None,
                        population: pd.Series | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(copy of `table` with every value built on a hidden target group emptied, reasons).

    Primary: the target group is a small count (or the area has fewer residents than the minimum population).
    Then the area's target group and per-head amounts are hidden and, where the area is funded, everything
    proportional to its group: amounts, shares, per-head amounts,
    the purely proportional amount and the redistribution effects (an amount divided by the visible pressure
    factor gives the target group back up to a factor the other areas reveal). Secondary: the amounts add up to
    the published budget, so a single hidden amount would be the budget minus the others: core.privacy hides the
    smallest further amount (its whole row of derived values) until none can be recovered.

    >>> t = pd.DataFrame({"target": [2.0, 40.0, 60.0], "amount": [48, 380, 572], "per_head": [24.0, 9.5, 9.5]})
    >>> shown, reasons = suppress_allocation(t, SuppressionRule(min_count=3))
    >>> shown["amount"].tolist(), shown["target"].tolist()
    ([nan, nan, 572.0], [nan, nan, 60.0])
    """
    if population is not None and rule is not None and rule.population_field:
        table = table.assign(**{rule.population_field: pd.Series(population).to_numpy()})
    columns = [c for c in TARGET_DERIVED if c in table.columns]
    reasons = suppression_mask(table, Catalogue(), rule, ["target"], counts=["target"])
    hidden = reasons["target"]
    if rule is not None and rule.population_on and rule.population_field in table.columns:
        low = pd.to_numeric(table[rule.population_field], errors="coerce") < rule.min_population
        hidden = hidden.where(~low | hidden.notna(), rule.population_reason())
    # An area that gets no money by the rule (not eligible) has amount 0 whatever its target group: only the group
    # and the per-head values are hidden there; amounts of funded areas are built on their group.
    funded = table["eligible"].to_numpy(dtype=bool) if "eligible" in table.columns else np.ones(len(table), bool)
    derived = hidden.where(funded, None)
    primary = derived.notna().to_numpy()
    if primary.any() and "amount" in table.columns:
        amounts = pd.to_numeric(table["amount"], errors="coerce").to_numpy(dtype=float)
        secondary = protect_cells(np.append(amounts, np.nansum(amounts)), np.append(primary, False),
                                  hierarchy(len(table), (), region=True))[:len(table)]
        derived = derived.where(~secondary | derived.notna(), rule.secondary_reason())
        hidden = hidden.where(hidden.notna(), derived)
    reasons = pd.DataFrame({c: hidden if c in ("target", "per_head", "per_head_b") else derived for c in columns},
                           index=table.index)
    shown = hide(table, reasons)
    if population is not None and rule is not None and rule.population_field:
        shown = shown.drop(columns=[rule.population_field])
    return shown, reasons


SHEET_COLUMNS = {
    "key": "Schlüssel", "target": "Zielgruppe", "need": "Bedarfsmaß", "eligible": "Förderfähig",
    "pressure": "Problemdruckfaktor A", "amount": "Betrag A", "share": "Anteil A (%)", "per_head": "je Person A",
    "prop_amt": "Betrag rein proportional", "effect": "Umverteilung A", "bound": "Begrenzt durch (A)",
    "amount_b": "Betrag B", "share_b": "Anteil B (%)", "per_head_b": "je Person B", "effect_b": "Umverteilung B",
    "diff_ab": "Differenz B − A",
}


def allocation_sheets(variants: AllocationVariants, shown: pd.DataFrame, facts: dict) -> dict:
    """The workbook for a committee: 'Verteilung' (one row per social space, both variants side by side, the
    purely proportional amount and the redistribution effects), 'Annahmen' (settings and facts), 'Summen'.
    `shown` is the table after the small-count rule (suppressed cells empty)."""
    first, second = variants.first, variants.second
    table = shown.reset_index().rename(columns={"index": "key"})
    if "key" not in table.columns:
        table = table.rename(columns={table.columns[0]: "key"})
    table["key"] = table["key"].astype(str)
    table["eligible"] = table["eligible"].map({True: "ja", False: "nein"})
    ordered = [c for c in SHEET_COLUMNS if c in table.columns]
    sheet = table[ordered].rename(columns=SHEET_COLUMNS)
    settings = first.settings
    lines = {
        **facts,
        "Modell": ("proportional zur Zielgruppe mit Problemdruckfaktor p = max(0, 1 + g·d) "
                   "(SGB-II-Eingliederungsmittel)"),
        "Abweichung d": ("relativ: q / Bezugswert − 1" if settings.deviation == RELATIVE
                         else "standardisiert: (q − Bezugswert) / Standardabweichung"),
        "Polarität": "höherer Wert = mehr Bedarf" if settings.polarity >= 0 else "höherer Wert = weniger Bedarf",
        "Bezugswert": f"{first.reference:.6g}",
        "Gewichtsfaktor A": f"{settings.weight_factor:g}",
        "Gewichtsfaktor B": f"{second.settings.weight_factor:g}",
        "Budget": _money(settings.budget),
        "Einheit": _money(settings.unit),
        "Sockelbetrag": _money(settings.base_amount or 0),
        "Mindestbetrag": _money(settings.floor) if settings.floor is not None else "keiner",
        "Höchstbetrag": _money(settings.cap) if settings.cap is not None else "keiner",
        "Rundung": "ganze Einheiten nach größtem Rest; bei gleichem Rest zuerst größere gewichtete Zielgruppe, "
                   "dann kleinerer Schlüssel",
        "Umverteilungsrunden A": str(first.rounds),
    }
    for n, note in enumerate(first.notes + second.notes, 1):
        lines[f"Hinweis {n}"] = note
    assumptions = pd.DataFrame({"Annahme": list(lines), "Wert": list(lines.values())})
    eligible = first.table["eligible"]
    # The redistribution totals only over the areas shown: over all areas, the total less the shown effects would
    # give the hidden areas' effects (and so their target groups) back.
    hidden = shown["effect"].isna() & first.table["effect"].notna().to_numpy() if "effect" in shown else None
    note = " (ohne unterdrückte Sozialräume)" if hidden is not None and hidden.any() else ""
    totals = pd.DataFrame({
        "Größe": ["Förderfähige Sozialräume", "Summe Betrag A", "Summe Betrag B", "Summe rein proportional",
                  "Umverteilt durch Bedarf (A)" + note, "Umverteilt durch Bedarf (B)" + note],
        "Wert": [float(eligible.sum()), float(first.table["amount"].sum()), float(second.table["amount"].sum()),
                 float(first.table["prop_amt"].sum()), float(shown["effect"].clip(lower=0).sum()),
                 float(shown["effect_b"].clip(lower=0).sum())],
    })
    return {"Verteilung": sheet, "Annahmen": assumptions, "Summen": totals}
