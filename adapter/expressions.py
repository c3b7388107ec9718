"""QGIS expressions evaluated per feature (e.g. an eligibility rule), for the core as a plain list."""
from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

from ..core.errors import SozialraumError


def evaluate(source, text, context, what="Ausdruck"):
    """{feature id: value of `text`} for every feature of `source`; a German error for a broken expression."""
    expression = QgsExpression(text)
    if expression.hasParserError():
        raise SozialraumError(f"{what} ist kein gültiger Ausdruck ({expression.parserErrorString()}): den Ausdruck "
                              "korrigieren.")
    scope = QgsExpressionContext()
    scope.appendScope(QgsExpressionContextUtils.globalScope())
    if context is not None and context.project() is not None:
        scope.appendScope(QgsExpressionContextUtils.projectScope(context.project()))
    scope.setFields(source.fields())
    expression.prepare(scope)
    values = {}
    for feature in source.getFeatures():
        scope.setFeature(feature)
        value = expression.evaluate(scope)
        if expression.hasEvalError():
            raise SozialraumError(f"{what} lässt sich nicht auswerten ({expression.evalErrorString()}): den "
                                  "Ausdruck korrigieren.")
        values[feature.id()] = value
    return values
