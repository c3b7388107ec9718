"""Sozialraum Monitor: small-area social monitoring for QGIS."""


def classFactory(iface):  # noqa: N802 (QGIS plugin entry point)
    from .plugin import SozialraumMonitorPlugin

    return SozialraumMonitorPlugin(iface)
