"""The profile report ("Sozialraumprofile erstellen"): the profiles of all (or some) areas, grouped by parent
unit, as one HTML page, one sheet per parent unit and the data of the printed atlas (one page per area, see
core.profile_atlas). Pure pandas, no QGIS: the algorithm reads the layer, calls `profile_report` and writes the
files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import profile_export
from .html import esc, page
from .profile import RANK_RULE, ProfileIndex, method_note
from .profile_atlas import ProfileAtlas, profile_atlas
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
    parent name differs from the majority of their parent unit's members; atlas: the printed pages (one per
    area, in the order of the groups)."""
    groups: tuple
    html: str
    sheets: dict
    duplicate_keys: tuple
    areas: int
    name_conflicts: tuple = ()
    atlas: ProfileAtlas | None = None

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
    """The profiles at `positions` grouped by their first parent unit, sorted by (parent key, label):
    ((label, ((feature id, Profile), …)), …), or None when cancelled."""
    groups = {}
    fid_at = {position: fid for fid, position in index.position_of_fid.items()}
    total = max(len(positions), 1)
    for n, position in enumerate(positions):
        if feedback is not None and feedback.isCanceled():
            return None
        profile = index.profile_at(position)
        group = profile.parents[0] if profile.parents else None
        label = (group.name if group.name == group.key else f"{group.name} ({group.key})") \
            if group is not None and group.key else ALL_AREAS
        groups.setdefault((group.key if group is not None else "", label), []).append((fid_at[position], profile))
        if feedback is not None:
            feedback.setProgress(100.0 * (n + 1) / total)
    return tuple((label, tuple(members)) for (_key, label), members in sorted(groups.items()))


def counted(n: int, one: str, many: str) -> str:
    """'1 Einheit', '3 Einheiten' (German singular and plural).

    >>> counted(1, "Sozialraum", "Sozialräume"), counted(2, "Einheit", "Einheiten")
    ('1 Sozialraum', '2 Einheiten')
    """
    return f"{n} {one if n == 1 else many}"


def report_html(groups: tuple, level: int | None, indicators: tuple) -> str:
    """The whole report page: one section per group (a page break before each but the first)."""
    parts = []
    for number, (label, profiles) in enumerate(groups):
        style = ' style="page-break-before: always"' if number else ""
        parts.append(f"<h2{style}>{esc(label)}</h2>")
        for profile in profiles:
            parts.append(profile_export.profile_body(profile, level, heading="h3", name_in_facts=False))
    sources = sorted({i.source for i in indicators if i.source})
    notes = f'<p class="muted small">{esc(RANK_RULE)}. ≈ = {esc(method_note(WEIGHTED))}.</p>'
    areas = sum(len(p) for _label, p in groups)
    return page(TITLE, "".join(parts) + notes, "; ".join(sources),
                f"{counted(areas, 'Sozialraum', 'Sozialräume')} in {counted(len(groups), 'Einheit', 'Einheiten')}")


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
    members = report_groups(index, positions, feedback)
    if members is None:
        return None
    groups = tuple((label, tuple(p for _fid, p in pairs)) for label, pairs in members)
    level = 0 if parent_fields else None
    sheets = {label: profile_export.xlsx_frame(list(profiles), level) for label, profiles in groups}
    atlas = profile_atlas([pair for _label, pairs in members for pair in pairs], level, index.indicators,
                          RANK_RULE, method_note(WEIGHTED))
    return ProfileReport(groups=groups, html=report_html(groups, level, index.indicators), sheets=sheets,
                         duplicate_keys=tuple(index.duplicate_keys), areas=len(positions),
                         name_conflicts=tuple(index.name_conflicts), atlas=atlas)
