"""QGIS-bound adapters: layers and tables <-> DataFrames, sinks, symbology, layouts, exports, project setup."""
