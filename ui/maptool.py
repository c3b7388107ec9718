"""Map tool "Profil anzeigen": a click on a social space emits its feature id (Ctrl/Shift-click: compare)."""
from qgis.core import QgsGeometry
from qgis.gui import QgsMapToolIdentify, QgsMapToolIdentifyFeature
from qgis.PyQt.QtCore import Qt, pyqtSignal


class ProfileMapTool(QgsMapToolIdentifyFeature):
    """Identifies the topmost feature of the profile layer under the cursor on mouse release.

    areaClicked(fid, compare): compare is True when Ctrl or Shift was held (show it beside the pinned area).
    """

    areaClicked = pyqtSignal(int, bool)  # noqa: N815 (Qt signal naming)

    def __init__(self, canvas, layer=None):
        super().__init__(canvas, layer)
        self._layer = layer
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_layer(self, layer):
        self._layer = layer
        self.setLayer(layer)

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API)
        if self._layer is None or event.button() != Qt.MouseButton.LeftButton:
            return
        results = self.identify(event.x(), event.y(), [self._layer], QgsMapToolIdentify.IdentifyMode.TopDownAll)
        if not results:
            return
        # the search radius may also catch a neighbour: prefer the area that contains the clicked point
        point = QgsGeometry.fromPointXY(self.toLayerCoordinates(self._layer, event.mapPoint()))
        results.sort(key=lambda r: not r.mFeature.geometry().intersects(point))
        modifiers = event.modifiers()
        compare = bool(modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        self.areaClicked.emit(int(results[0].mFeature.id()), compare)
