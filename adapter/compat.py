"""The few QGIS API calls that changed between QGIS 3.22 (the minimum) and 3.40/4.x, behind one name each,
so that no deprecated call runs on a new QGIS and nothing newer is called on an old one.

- Field types: QGIS >= 3.38 takes QMetaType.Type (QVariant.Type is deprecated, gone in Qt 6);
  older versions take QVariant.Type.
- Field type tests: `field_is` compares a QgsField's type with named kinds (never with raw numbers).
- Field parameters: QgsProcessingAlgorithm.parameterAsStrings (3.40) replaces parameterAsFields.
"""
from qgis.core import Qgis, QgsField

QGIS_VERSION = Qgis.QGIS_VERSION_INT
_USE_METATYPE = QGIS_VERSION >= 33800

if _USE_METATYPE:
    from qgis.PyQt.QtCore import QMetaType

    _TYPES = {"double": QMetaType.Type.Double, "int": QMetaType.Type.Int, "long": QMetaType.Type.LongLong,
              "string": QMetaType.Type.QString, "bool": QMetaType.Type.Bool, "date": QMetaType.Type.QDate}
    _UNSIGNED = {"uint": QMetaType.Type.UInt, "ulong": QMetaType.Type.ULongLong}
else:
    from qgis.PyQt.QtCore import QVariant

    _TYPES = {"double": QVariant.Double, "int": QVariant.Int, "long": QVariant.LongLong,
              "string": QVariant.String, "bool": QVariant.Bool, "date": QVariant.Date}
    _UNSIGNED = {"uint": QVariant.UInt, "ulong": QVariant.ULongLong}

KINDS = tuple(_TYPES)


def make_field(name, kind="double", alias=""):
    """A QgsField of one of KINDS ('double', 'int', 'long', 'string', 'bool', 'date'), with an alias."""
    # No length/precision on doubles: a precision makes OGR round the stored values (GeoPackage: 6 decimals).
    qfield = QgsField(name, _TYPES[kind], "double") if kind == "double" else QgsField(name, _TYPES[kind])
    if alias:
        qfield.setAlias(alias)
    return qfield


def field_is(qfield, *kinds):
    """True when the QgsField's type is one of `kinds` (KINDS, 'uint', 'ulong'): QVariant.Type on QGIS < 3.38,
    QMetaType.Type after (no raw numbers: Qt 6 enums are no ints)."""
    return any(qfield.type() == {**_TYPES, **_UNSIGNED}[kind] for kind in kinds)


def parameter_as_fields(algorithm, parameters, name, context):
    """Field names chosen in a QgsProcessingParameterField (a list, possibly empty)."""
    if hasattr(algorithm, "parameterAsStrings"):
        return list(algorithm.parameterAsStrings(parameters, name, context))
    return list(algorithm.parameterAsFields(parameters, name, context))
