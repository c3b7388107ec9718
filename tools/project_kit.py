"""What a project built by the dev tools needs to open ready to use (tools/build_project.py, tools/demo.py):

- a CRS and the view on the data: the project's default view extent and a map canvas entry, so QGIS opens
  zoomed to the social spaces instead of on a blank canvas at 1:1;
- field aliases from the indicator catalogue (its `label`), saved in the layers of the project;
- outlines (districts) drawn above the choropleth;
- relative paths (project, data and catalogue move together).
"""
from qgis.core import QgsMapSettings, QgsReferencedRectangle
from qgis.PyQt.QtCore import QSize

MARGIN = 0.03      # share of the data's width/height left around it in the opening view


def set_aliases(layer, catalogue, extra=None):
    """Alias of each field that is in the catalogue (its label) plus `extra` {field: alias}; returns the count."""
    aliases = {indicator.id: indicator.title for indicator in catalogue}
    aliases.update(extra or {})
    count = 0
    for field, alias in aliases.items():
        index = layer.fields().lookupField(field)
        if index >= 0 and alias:
            layer.setFieldAlias(index, alias)
            count += 1
    return count


def put_on_top(project, layers):
    """Move `layers` to the top of the layer tree, the first one topmost (drawn above everything else)."""
    root = project.layerTreeRoot()
    for layer in reversed(layers):
        node = root.findLayer(layer.id())
        clone = node.clone()
        root.insertChildNode(0, clone)
        node.parent().removeChildNode(node)
    root.setHasCustomLayerOrder(False)


def open_on(project, layer):
    """Project CRS = the layer's; the opening view = the layer's extent with a small margin."""
    project.setCrs(layer.crs())
    extent = layer.extent()
    extent.grow(max(extent.width(), extent.height()) * MARGIN)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, layer.crs()))
    return extent


def write(project, path):
    """Write `project` to `path` with relative paths and a map canvas entry on the default view extent
    (QGIS reads the canvas from the project file; a headless write has no canvas to save)."""
    project.writeEntryBool("Paths", "/Absolute", False)
    project.setFileName(path)
    view = project.viewSettings().defaultViewExtent()
    settings = QgsMapSettings()
    settings.setDestinationCrs(view.crs() if view.crs().isValid() else project.crs())
    settings.setOutputSize(QSize(1200, 900))
    settings.setExtent(view)

    def add_canvas(document):
        qgis = document.documentElement()
        if not qgis.firstChildElement("mapcanvas").isNull():
            return
        node = document.createElement("mapcanvas")
        node.setAttribute("name", "theMapCanvas")
        node.setAttribute("annotationsVisible", "1")
        qgis.appendChild(node)
        settings.writeXml(node, document)

    project.writeProject.connect(add_canvas)
    try:
        ok = project.write()
    finally:
        project.writeProject.disconnect(add_canvas)
    if not ok:
        raise OSError(f"{path}: {project.error()}")
    return path


__all__ = ["set_aliases", "put_on_top", "open_on", "write"]
