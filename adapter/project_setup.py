"""The profile setup, stored in the QGIS project (scope "sozialraum_monitor"), and its detection.

    setup = detect_setup(layer)                      # guess fields (sample project: plr_id, plr_name, …)
    write_setup(QgsProject.instance(), setup)        # into the project; saved with the .qgz
    setup = read_setup(QgsProject.instance())        # None when the project has no setup
    index = build_index(setup, layer)                # core.profile.ProfileIndex for the dock / report

The catalogue path is stored relative to the project file (QgsProject.writePath) so that a colleague who
opens the project from another folder finds it.
"""
import os
from dataclasses import dataclass

from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer

from ..core.catalogue import Catalogue, read_catalogue
from ..core.privacy import SuppressionRule
from .layers import numeric_field_names, source_to_frame
from .settings import rule_from_settings

SCOPE = "sozialraum_monitor"
CATALOGUE_NAMES = ("indikatoren", "indicators", "katalog", "catalogue")


@dataclass(frozen=True)
class ProfileSetup:
    layer_id: str = ""
    key_field: str = ""
    name_field: str = ""
    population_field: str = ""
    parent_fields: tuple = ()     # ((key field, name field or ""), …), the first is shown by default
    catalogue_path: str = ""

    @property
    def complete(self):
        return bool(self.layer_id and self.key_field)


def write_setup(project, setup):
    """Store `setup` in `project` (marks the project dirty; saved with it)."""
    project.writeEntry(SCOPE, "layer_id", setup.layer_id)
    project.writeEntry(SCOPE, "key_field", setup.key_field)
    project.writeEntry(SCOPE, "name_field", setup.name_field)
    project.writeEntry(SCOPE, "population_field", setup.population_field)
    project.writeEntry(SCOPE, "parent_fields", [f"{k}|{n}" for k, n in setup.parent_fields])
    path = setup.catalogue_path
    project.writeEntry(SCOPE, "catalogue_path", project.writePath(path) if path else "")


def read_setup(project):
    """The ProfileSetup stored in `project`, or None when there is none."""
    layer_id, ok = project.readEntry(SCOPE, "layer_id", "")
    if not ok or not layer_id:
        return None
    text = lambda key: project.readEntry(SCOPE, key, "")[0]  # noqa: E731
    parents, _ok = project.readListEntry(SCOPE, "parent_fields", [])
    pairs = tuple(tuple((p.split("|", 1) + [""])[:2]) for p in parents if p)
    catalogue = text("catalogue_path")
    return ProfileSetup(layer_id, text("key_field"), text("name_field"), text("population_field"), pairs,
                        project.readPath(catalogue) if catalogue else "")


def clear_setup(project):
    project.removeEntry(SCOPE, "/")


def _first(names, candidates, contains=False):
    lower = {n.lower(): n for n in names}
    for candidate in candidates:
        if candidate in lower:
            return lower[candidate]
    if contains:
        for candidate in candidates:
            for name in names:
                if candidate in name.lower():
                    return name
    return ""


def _nests(parent, key):
    return key.startswith(parent) and len(parent) < len(key)


def _value_pairs(layer, key, fields):
    """{field: [(value, key), …]} over all features with a value in `field` (attributes only)."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes([key] + list(fields), layer.fields())
    pairs = {field: [] for field in fields}
    for feature in layer.getFeatures(request):
        for field in fields:
            value = feature[field]
            if value is not None and value != "" and not (hasattr(value, "isNull") and value.isNull()):
                pairs[field].append((str(value), str(feature[key])))
    return pairs


def parent_mismatches(layer, setup):
    """The areas whose parent key is not the beginning of their own key, per parent field:
    {parent field: [(area key, parent key), …]} (e.g. an area filed under another district after a key change).
    detect_setup accepts a parent field that nests for the majority of the areas; these are the rest."""
    fields = [k for k, _n in setup.parent_fields if k]
    pairs = _value_pairs(layer, setup.key_field, fields) if setup.key_field and fields else {}
    return {field: [(k, p) for p, k in values if not _nests(p, k)] for field, values in pairs.items()
            if any(not _nests(p, k) for p, k in values)}


def detect_setup(layer, catalogue_path=""):
    """A best guess from field names (works for the sample layer `sozialraeume` and Cologne's Stadtteile).

    key: plr_id / *_id / schluessel / stt_nr …; name: *_name / name; population: inhabitants / einwohner /
    ew …; parents: other *_id / *_nr fields whose values are prefixes of the key (e.g. bez_id), paired with a
    text field named like them (bez_id -> bezirk); a field counts as a parent when it nests for the majority
    of the areas (parent_mismatches lists the others). The catalogue: `catalogue_path`, or a CSV named like
    indikatoren*.csv beside the layer's file.
    """
    names = [f.name() for f in layer.fields()]
    numeric = set(numeric_field_names(layer))
    texts = [n for n in names if n not in numeric]
    key = _first(texts, ("plr_id", "schluessel", "schlüssel", "key", "id", "stt_nr", "raum_id", "sr_id", "gebiet_id"))
    if not key:
        key = next((n for n in texts if n.lower().endswith(("_id", "_nr", "id"))), texts[0] if texts else "")
    name = _first(texts, ("plr_name", "name", "stt_name", "bezeichnung", "gebiet", "raum"), contains=True)
    if name == key:
        name = ""
    population = _first([n for n in names if n in numeric],
                        ("inhabitants", "einwohner", "ew", "bevoelkerung", "bevölkerung", "population", "ew_gesamt"),
                        contains=True)
    parents = []
    candidates = [c for c in texts if c not in (key, name) and c.lower().endswith(("_id", "_nr", "id", "schluessel"))]
    pairs = _value_pairs(layer, key, candidates) if key else {}
    for candidate in candidates:
        values = pairs[candidate]
        nested = [p for p, k in values if _nests(p, k)]
        if len(nested) * 2 > len(values):    # by majority: a few areas filed under another unit do not hide it
            stem = candidate.lower().split("_")[0]
            partner = next((t for t in texts if t not in (key, name, candidate) and t.lower().startswith(stem)
                            and not t.lower().endswith(("_id", "_nr"))), "")
            parents.append((candidate, partner, min(len(p) for p in nested)))
    parents.sort(key=lambda p: (not p[1], p[2]))      # named parents first, then the coarsest
    if not catalogue_path:
        folder = os.path.dirname(layer.source().split("|")[0])
        if os.path.isdir(folder):
            for entry in sorted(os.listdir(folder)):
                if entry.lower().endswith(".csv") and entry.lower().startswith(CATALOGUE_NAMES):
                    catalogue_path = os.path.abspath(os.path.join(folder, entry))
                    break
    return ProfileSetup(layer.id(), key, name, population, tuple((k, n) for k, n, _l in parents), catalogue_path)


def setup_layer(setup, project=None):
    project = project or QgsProject.instance()
    layer = project.mapLayer(setup.layer_id) if setup else None
    return layer if isinstance(layer, QgsVectorLayer) and layer.isValid() else None


def load_catalogue(setup):
    return read_catalogue(setup.catalogue_path) if setup.catalogue_path else Catalogue()


def build_index(setup, layer, catalogue=None, rule=None, feedback=None):
    """The ProfileIndex for `setup` over all features of `layer` (never changes the layer)."""
    from ..core.profile import ProfileIndex

    catalogue = catalogue if catalogue is not None else load_catalogue(setup)
    wanted = [setup.key_field, setup.name_field, setup.population_field]
    wanted += [f for pair in setup.parent_fields for f in pair]
    numeric = numeric_field_names(layer)
    fields = list(dict.fromkeys([f for f in wanted if f] + numeric))
    frame = source_to_frame(layer, fields, feedback)
    if rule is None:
        rule = rule_from_settings(setup.population_field)
    elif setup.population_field and rule.min_population and not rule.population_field:
        rule = SuppressionRule(rule.min_count, rule.min_population, setup.population_field)
    return ProfileIndex.build(frame, catalogue, setup.key_field, setup.name_field, setup.population_field,
                              setup.parent_fields, rule=rule, parent_labels=parent_labels(setup, layer))


def parent_labels(setup, layer):
    """Display label of each parent level: the name field's alias/name, else the key field's."""
    labels = []
    for key_f, name_f in setup.parent_fields:
        chosen = name_f or key_f
        index = layer.fields().lookupField(chosen)
        alias = layer.fields().field(index).alias() if index >= 0 else ""
        labels.append(alias or (name_f.replace("_", " ").capitalize() if name_f else key_f))
    return tuple(labels)


__all__ = ["ProfileSetup", "write_setup", "read_setup", "detect_setup", "build_index", "clear_setup",
           "setup_layer", "load_catalogue", "parent_labels", "parent_mismatches"]
