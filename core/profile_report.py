"""The profile report ("Sozialraumprofile erstellen"): the profiles of all (or some) areas, grouped by parent
unit, as one HTML page and one sheet per parent unit. Pure pandas, no QGIS: the algorithm reads the layer,
calls `profile_report` and writes the files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import profile_export
from .html import esc, page
from .profile import RANK_RULE, ProfileIndex, method_note
from .rates import WEIGHTED

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .privacy import SuppressionRule

ALL_AREAS = "Alle Gebiete"  # group label when there is no parent unit
TITLE = "Sozialraumprofile"


@dataclass(frozen=True)
class ProfileReport:
    """groups: ((group label, (Profile, …)), …) sorted by parent key; html: the whole report page;
    sheets: {group label: DataFrame} for the workbook; duplicate_keys: keys that occur more than once;
    name_conflicts: (parent field, parent key, area key, the area's parent name, the name used) of areas whose
    parent name differs from the majority of their parent unit's members."""
    groups: tuple
    html: str
    sheets: dict
    duplicate_keys: tuple
    areas: int
    name_conflicts: tuple = ()

    def warnings(self) -> list:
        """What the log should say (German)."""
        lines = []
        if self.duplicate_keys:
            lines.append("Doppelte Schlüssel, berichtet wird nur das erste Gebiet: "
                         + ", ".join(self.duplicate_keys[:10]))
        for field, parent, key, name, used in self.name_conflicts[:20]:
            lines.append(f"Gebiet {key}: übergeordnete Einheit {parent} heißt dort '{name}', bei der Mehrheit ihrer "
                         f"Gebiete '{used}' (so benannt). Bitte das Feld {field} bzw. den Namen prüfen.")
        if len(self.name_conflicts) > 20:
            lines.append(f"… und {len(self.name_conflicts) - 20} weitere abweichende Namen.")
        return lines


def report_groups(index: ProfileIndex, positions: list, feedback=None) -> tuple:
    """The profiles at `positions` grouped by their first parent unit, sorted by (parent key, label)."""
    groups = {}
    total = max(len(positions), 1)
    for n, position in enumerate(positions):
        if feedback is not None and feedback.isCanceled():
            return None
        profile = index.profile_at(position)
        group = profile.parents[0] if profile.parents else None
        label = (group.name if group.name == group.key else f"{group.name} ({group.key})") \
            if group is not None and group.key else ALL_AREAS
        groups.setdefault((group.key if group is not None else "", label), []).append(profile)
        if feedback is not None:
            feedback.setProgress(100.0 * (n + 1) / total)
    return tuple((label, tuple(profiles)) for (_key, label), profiles in sorted(groups.items()))


def report_html(groups: tuple, level: int | None, indicators: tuple) -> str:
    """The whole report page: one section per group (a page break before each but the first)."""
    parts = []
    for number, (label, profiles) in enumerate(groups):
        style = ' style="page-break-before: always"' if number else ""
        parts.append(f"<h2{style}>{esc(label)}</h2>")
        for profile in profiles:
            parts.append(profile_export.profile_body(profile, level, heading="h3"))
    sources = sorted({i.source for i in indicators if i.source})
    notes = f'<p class="muted small">{esc(RANK_RULE)}. ≈ = {esc(method_note(WEIGHTED))}.</p>'
    return page(TITLE, "".join(parts) + notes, "; ".join(sources),
                f"{sum(len(p) for _label, p in groups)} Sozialräume in {len(groups)} Einheiten")


def profile_report(frame, catalogue: Catalogue, key_field: str, name_field: str = "", population_field: str = "",
                   parent_fields: list | tuple = (), rule: SuppressionRule | None = None, parent_labels: tuple = (),
                   fids: list | None = None, feedback=None) -> ProfileReport:
    """The report over `frame` (one row per area, index = feature id; region values, ranks and z-scores over
    all rows) for the areas whose feature ids are in `fids` (None: all). Returns a ProfileReport, or None
    when cancelled (`feedback`: anything with isCanceled/setProgress)."""
    index = ProfileIndex.build(frame, catalogue, key_field, name_field, population_field, parent_fields,
                               rule=rule, parent_labels=parent_labels)
    chosen = list(index.position_of_fid) if fids is None else fids
    positions = sorted({index.position_of_fid[f] for f in chosen if f in index.position_of_fid})
    groups = report_groups(index, positions, feedback)
    if groups is None:
        return None
    level = 0 if parent_fields else None
    sheets = {label: profile_export.xlsx_frame(list(profiles), level) for label, profiles in groups}
    return ProfileReport(groups=groups, html=report_html(groups, level, index.indicators), sheets=sheets,
                         duplicate_keys=tuple(index.duplicate_keys), areas=len(positions),
                         name_conflicts=tuple(index.name_conflicts))
