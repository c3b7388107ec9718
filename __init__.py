"""Sozialraum Monitor: small-area social monitoring for QGIS."""


def classFactory(iface):  # noqa: N802 (QGIS plugin entry point)
    # pandas is not shipped with every QGIS (Debian/Ubuntu packages, the official macOS build): without it a
    # stand-in plugin says what to install instead of a traceback (dependencies.py).
    from .dependencies import MissingPackagesPlugin, missing_packages

    missing = missing_packages()
    if missing:
        return MissingPackagesPlugin(iface, missing)
    from .plugin import SozialraumMonitorPlugin

    return SozialraumMonitorPlugin(iface)
