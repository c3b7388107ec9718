<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
  <context>
    <name>SozialraumMonitor</name>
    <message>
      <location filename="dependencies.py" />
      <source>Windows (OSGeo4W): pandas is included in the QGIS installer. With the OSGeo4W network installer choose Advanced Install and select the package python3-pandas, then restart QGIS.</source>
      <translation>Windows (OSGeo4W): pandas ist im QGIS-Installationsprogramm enthalten. Mit dem OSGeo4W-Netzwerkinstaller „Erweiterte Installation“ wählen, das Paket python3-pandas auswählen und QGIS neu starten.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Debian/Ubuntu: in a terminal run  sudo apt install python3-pandas  and restart QGIS.</source>
      <translation>Debian/Ubuntu: im Terminal  sudo apt install python3-pandas  ausführen und QGIS neu starten.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>macOS (official QGIS build): in Terminal run  /Applications/QGIS.app/Contents/MacOS/bin/pip3 install pandas  (for the long-term release QGIS-LTR.app instead of QGIS.app) and restart QGIS.</source>
      <translation>macOS (offizieller QGIS-Build): im Terminal  /Applications/QGIS.app/Contents/MacOS/bin/pip3 install pandas  ausführen (bei der Langzeitversion QGIS-LTR.app statt QGIS.app) und QGIS neu starten.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Flatpak: in a terminal run  flatpak run --command=pip3 org.qgis.qgis install --user pandas  and restart QGIS.</source>
      <translation>Flatpak: im Terminal  flatpak run --command=pip3 org.qgis.qgis install --user pandas  ausführen und QGIS neu starten.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Other systems: install pandas for the Python that QGIS uses (python3 -m pip install --user pandas) and restart QGIS.</source>
      <translation>Andere Systeme: pandas für das Python installieren, das QGIS verwendet (python3 -m pip install --user pandas), und QGIS neu starten.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <location filename="plugin.py" />
      <location filename="algorithms/provider.py" />
      <location filename="ui/options.py" />
      <source>Sozialraum Monitor</source>
      <translation>Sozialraum Monitor</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Details</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Import errors:</source>
      <translation>Fehler beim Import:</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>Sozialraum Monitor needs the Python package {names}, which this QGIS installation lacks.</source>
      <translation>Sozialraum Monitor braucht das Python-Paket {names}, das in dieser QGIS-Installation fehlt.</translation>
    </message>
    <message>
      <location filename="dependencies.py" />
      <source>On other systems:</source>
      <translation>Auf anderen Systemen:</translation>
    </message>
    <message>
      <location filename="plugin.py" />
      <location filename="ui/dock.py" />
      <source>Social space profile</source>
      <translation>Sozialraumprofil</translation>
    </message>
    <message>
      <location filename="plugin.py" />
      <location filename="ui/about.py" />
      <source>About Sozialraum Monitor</source>
      <translation>Über Sozialraum Monitor</translation>
    </message>
    <message>
      <location filename="plugin.py" />
      <source>Plugin unloaded</source>
      <translation>Erweiterung entladen</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Natural breaks (exact)</source>
      <translation>Natürliche Unterbrechungen (exakt)</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Quantiles (equal count)</source>
      <translation>Quantile (gleiche Anzahl)</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Equal interval</source>
      <translation>Gleiche Intervalle</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Standard deviation</source>
      <translation>Standardabweichung</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Box map</source>
      <translation>Box-Map</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Pretty breaks</source>
      <translation>Runde Klassengrenzen</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Head/tail breaks</source>
      <translation>Head/Tail-Breaks</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Percentiles</source>
      <translation>Perzentile</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Manual breaks</source>
      <translation>Manuelle Klassengrenzen</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>z-scores, MSS thresholds</source>
      <translation>z-Werte, MSS-Schwellen (−1 / +1 / +1,5)</translation>
    </message>
    <message>
      <location filename="core/classify.py" />
      <source>Equal-width groups (step)</source>
      <translation>Gleich breite Gruppen (Schrittweite)</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>the input is not a file layer</source>
      <translation>die Eingabe ist keine Datei-Ebene</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <location filename="adapter/postgis.py" />
      <source>only selected or filtered features</source>
      <translation>nur ausgewählte oder gefilterte Objekte</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <location filename="adapter/postgis.py" />
      <source>the layer has a filter or unsaved edits</source>
      <translation>die Ebene hat einen Filter oder ungespeicherte Änderungen</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <location filename="adapter/postgis.py" />
      <source>the layer has joined or virtual fields</source>
      <translation>die Ebene hat verknüpfte oder virtuelle Felder</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>not only numeric fields</source>
      <translation>nicht nur Zahlenfelder</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>the source is not a file</source>
      <translation>die Quelle ist keine Datei</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>GDAL cannot open the source</source>
      <translation>GDAL kann die Quelle nicht öffnen</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>the layer was not found in its file</source>
      <translation>die Ebene wurde in ihrer Datei nicht gefunden</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>a field is named like the fid or geometry column</source>
      <translation>ein Feld heißt wie die Objekt-ID- oder Geometriespalte</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>fid column named otherwise</source>
      <translation>Objekt-ID-Spalte anders benannt</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>the fields in the file differ from the layer's</source>
      <translation>die Felder der Datei weichen von denen der Ebene ab</translation>
    </message>
    <message>
      <location filename="adapter/gpkg_writer.py" />
      <source>format {driver}</source>
      <translation>Format {driver}</translation>
    </message>
    <message>
      <location filename="adapter/map_layout.py" />
      <source>Map {n} of {total}: {field}</source>
      <translation>Karte {n} von {total}: {field}</translation>
    </message>
    <message>
      <location filename="adapter/map_layout.py" />
      <source>{field}: {n} values suppressed (shown as no value)</source>
      <translation>{field}: {n} Werte unterdrückt (als 'keine Angabe' gezeigt)</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the output table cannot be opened</source>
      <translation>die Ausgabetabelle lässt sich nicht öffnen</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the output is not a PostGIS table</source>
      <translation>die Ausgabe ist keine PostGIS-Tabelle</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the areas are not a PostGIS layer</source>
      <translation>die Gebiete sind kein PostGIS-Layer</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the output lies in another database</source>
      <translation>die Ausgabe liegt in einer anderen Datenbank</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>long tables, a table name field and a validity field are joined locally</source>
      <translation>Langtabellen, ein Namensfeld der Tabellen und ein Gültigkeitsfeld werden lokal verbunden</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a table is not a PostGIS layer</source>
      <translation>eine Tabelle ist kein PostGIS-Layer</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a table lies in another database</source>
      <translation>eine Tabelle liegt in einer anderen Datenbank</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a layer has no single-column primary key</source>
      <translation>ein Layer hat keinen einspaltigen Primärschlüssel</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a table has no numeric column</source>
      <translation>eine Tabelle hat keine Zahlenspalte</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>catalogue rates are computed locally</source>
      <translation>Quoten aus dem Katalog werden lokal berechnet</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a table column is named like the area key or name field</source>
      <translation>eine Tabellenspalte heißt wie das Schlüssel- oder Namensfeld der Gebiete</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the row for the whole region needs secondary suppression, which runs locally</source>
      <translation>die Zeile für die ganze Region braucht Sekundärsperrungen, die lokal berechnet werden</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a field is missing</source>
      <translation>ein Feld fehlt</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a field to aggregate is not numeric</source>
      <translation>ein zu aggregierendes Feld ist nicht numerisch</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a key field holds decimal numbers</source>
      <translation>ein Schlüsselfeld enthält Dezimalzahlen</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a rate's counts are missing (the normal path says which)</source>
      <translation>Zählwerte einer Quote fehlen (der normale Weg nennt sie)</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>no area has a parent unit (the normal path says why)</source>
      <translation>kein Gebiet hat eine übergeordnete Einheit (der normale Weg sagt, warum)</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>digit keys of different lengths (the normal path says why)</source>
      <translation>Ziffernschlüssel unterschiedlicher Länge (der normale Weg sagt, warum)</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>only the z-score status index with the MSS classes runs in the database</source>
      <translation>in der Datenbank läuft nur der Statusindex mit z-Werten und den MSS-Klassen</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>an exclusion field or key list is applied locally</source>
      <translation>ein Ausschlussfeld oder eine Schlüsselliste wird lokal angewandt</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a field is missing or not numeric</source>
      <translation>ein Feld fehlt oder ist nicht numerisch</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the layer already has fields of the index's names</source>
      <translation>der Layer hat schon Felder mit den Namen des Index</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>polarities or weights the normal path refuses</source>
      <translation>Polaritäten oder Gewichte, die der normale Weg ablehnt</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>too few reference areas or a spread of 0 (the normal path says which)</source>
      <translation>zu wenige Bezugsgebiete oder eine Streuung von 0 (der normale Weg nennt sie)</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the privacy rule hides values here; its secondary suppression runs locally</source>
      <translation>die Geheimhaltungsregel verbirgt hier Werte; ihre Sekundärsperrung läuft lokal</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the key field is missing in a table</source>
      <translation>das Schlüsselfeld fehlt in einer Tabelle</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a table has date, boolean or other non-number fields</source>
      <translation>eine Tabelle hat Datums-, Wahrheitswert- oder andere Felder, die keine Zahlen sind</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>the layer's coordinate reference system has no PostGIS SRID</source>
      <translation>das Koordinatenbezugssystem des Layers hat keine PostGIS-SRID</translation>
    </message>
    <message>
      <location filename="adapter/postgis.py" />
      <source>a text column may hold numbers or no-value markers</source>
      <translation>eine Textspalte enthält womöglich Zahlen oder Zeichen für 'kein Wert'</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Aggregate indicators to parent units</source>
      <translation>Indikatoren auf übergeordnete Einheiten aggregieren</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/join_indicators.py" />
      <source>Data</source>
      <translation>Daten</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Aggregates the indicators of the social spaces to parent units (planning area -&gt; district -&gt; city). Counts are summed; rates are recomputed from the summed counts through the catalogue, never averaged. The input is never changed.</source>
      <translation>Aggregiert die Indikatoren der Sozialräume auf übergeordnete Einheiten (Planungsraum -&gt; Bezirk -&gt; Stadt). Zählwerte werden summiert; Quoten werden über den Katalog aus den summierten Zählwerten neu berechnet, nie gemittelt. Die Eingabe bleibt unverändert.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>The area key, needed for parents by key prefix.</source>
      <translation>Der Gebietsschlüssel, nötig für übergeordnete Einheiten aus den ersten Stellen des Schlüssels.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Without a parent field, the parent key is the first n characters of the area key (Berlin: 2 = district, 6 = Bezirksregion; 0 = off). Without parent field and prefix the whole region becomes one row.</source>
      <translation>Ohne Feld der übergeordneten Einheit ist deren Schlüssel die ersten n Zeichen des Gebietsschlüssels (Berlin: 2 = Bezirk, 6 = Bezirksregion; 0 = aus). Ohne Feld und Stellenzahl wird das ganze Gebiet eine Zeile.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>One more row 'Gesamt' over all areas.</source>
      <translation>Eine weitere Zeile 'Gesamt' über alle Gebiete.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Fields to aggregate (empty: all numeric)</source>
      <translation>Zu aggregierende Felder (leer: alle numerischen)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>The fields to aggregate (empty: all numeric fields).</source>
      <translation>Die zu aggregierenden Felder (leer: alle numerischen Felder).</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Further count fields, summed (e.g. population)</source>
      <translation>Weitere Zählfelder, summiert (z. B. Einwohner)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Counts besides the catalogue's numerators and denominators, summed as well (e.g. the population).</source>
      <translation>Zählwerte neben den Zählern und Nennern des Katalogs, ebenfalls summiert (z. B. die Einwohnerzahl).</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Weight for indicators without counts (approximation)</source>
      <translation>Gewicht für Indikatoren ohne Zählwerte (Näherung)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Indicators without counts become a weighted mean (an approximation, marked so in the report); without a weight they stay NULL with the reason.</source>
      <translation>Indikatoren ohne Zählwerte werden zum gewichteten Mittel (eine Näherung, im Bericht so markiert); ohne Gewicht bleiben sie NULL mit Grund.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Parent polygons as the union of their areas; off: a table without geometry.</source>
      <translation>Übergeordnete Polygone als Vereinigung ihrer Gebiete; aus: eine Tabelle ohne Geometrie.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>One row per parent unit: field einheit, number of areas gebiete, the aggregated fields.</source>
      <translation>Eine Zeile je übergeordneter Einheit: Feld einheit, Zahl der Gebiete gebiete, die aggregierten Felder.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>The method of each field and the reason of each NULL value.</source>
      <translation>Die Methode jedes Felds und der Grund jedes NULL-Werts.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/join_indicators.py" />
      <source>The report as a page.</source>
      <translation>Der Bericht als Seite.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Aggregation run inside the database (PostGIS push-down): no area was read into QGIS.</source>
      <translation>Aggregation in der Datenbank ausgeführt (PostGIS-Push-down): kein Gebiet wurde in QGIS gelesen.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>The layer with the indicator fields (e.g. the output of the join); it is never changed.</source>
      <translation>Der Layer mit den Indikatorfeldern (z. B. das Ergebnis der Anbindung); er wird nie verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/base.py" />
      <location filename="algorithms/join_indicators.py" />
      <source>Key field</source>
      <translation>Schlüsselfeld</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>A field holding the key of the parent unit.</source>
      <translation>Ein Feld mit dem Schlüssel der übergeordneten Einheit.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Parent = first characters of the key (0 = off)</source>
      <translation>Übergeordnete Einheit = erste Stellen des Schlüssels (0 = aus)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Add a row for the whole region</source>
      <translation>Zeile für das Gesamtgebiet anfügen</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Dissolve geometries to parent polygons</source>
      <translation>Geometrien zu übergeordneten Polygonen verschmelzen</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Parent units</source>
      <translation>Übergeordnete Einheiten</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Aggregation report (table)</source>
      <translation>Aggregationsbericht (Tabelle)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>Aggregation report (HTML)</source>
      <translation>Aggregationsbericht (HTML)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/hotspots.py" />
      <location filename="algorithms/join_indicators.py" />
      <location filename="algorithms/profile_report.py" />
      <location filename="algorithms/supply.py" />
      <location filename="algorithms/typology.py" />
      <source>HTML files (*.html)</source>
      <translation>HTML-Dateien (*.html)</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>The layer has no numeric fields to aggregate.</source>
      <translation>Der Layer hat keine numerischen Felder zum Aggregieren.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>{areas} areas aggregated to {units} units.</source>
      <translation>{areas} Gebiete zu {units} Einheiten aggregiert.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>PostGIS push-down not used ({reason}): the aggregation runs in QGIS. It needs the areas and the output in one PostGIS database.</source>
      <translation>PostGIS-Push-down nicht genutzt ({reason}): die Aggregation läuft in QGIS. Dafür müssen Gebiete und Ausgabe in einer PostGIS-Datenbank liegen.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/join_indicators.py" />
      <source>Field aliases not stored in the database: {reason}</source>
      <translation>Feldaliasse nicht in der Datenbank gespeichert: {reason}</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <location filename="algorithms/base.py" />
      <location filename="algorithms/composite_index.py" />
      <source>{n} values were no-value codes ({codes}) and count as 'keine Angabe'.</source>
      <translation>{n} Werte waren Codes für „kein Wert“ ({codes}) und gelten als „keine Angabe“.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>{n} invalid area geometries were repaired (makeValid) for the union; the input is unchanged.</source>
      <translation>{n} ungültige Gebietsgeometrien wurden für die Vereinigung repariert (makeValid); die Eingabe bleibt unverändert.</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>{n} areas have no parent unit and are left out (feature ids {ids}).</source>
      <translation>{n} Gebiete haben keine übergeordnete Einheit und bleiben unberücksichtigt (Objekt-IDs {ids}).</translation>
    </message>
    <message>
      <location filename="algorithms/aggregate_indicators.py" />
      <source>{n} values suppressed (counts below {min}).</source>
      <translation>{n} Werte unterdrückt (Fallzahlen unter {min}).</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Allocate funds by need</source>
      <translation>Mittel bedarfsgerecht verteilen</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <location filename="algorithms/supply.py" />
      <source>Planning</source>
      <translation>Planung</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Splits a budget over the social spaces in proportion to a target group, with a problem-pressure weight that raises the share of spaces with above-average need (the model used for the SGB II integration funds). Whole units by the largest-remainder method, so the parts sum exactly to the budget; base amount, eligibility, floor and cap; the purely proportional amount and a second weight factor side by side. The input is never changed.</source>
      <translation>Verteilt ein Budget auf die Sozialräume im Verhältnis zu einer Zielgruppe, mit einem Problemdruckfaktor, der den Anteil von Sozialräumen mit überdurchschnittlichem Bedarf erhöht (das Modell der SGB-II-Eingliederungsmittel). Ganze Einheiten nach dem Verfahren des größten Restes, so dass die Teile genau das Budget ergeben; Sockelbetrag, Förderregel, Mindest- und Höchstbetrag; der rein proportionale Betrag und ein zweiter Gewichtsfaktor nebeneinander. Die Eingabe wird nie verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>The money to distribute.</source>
      <translation>Das zu verteilende Geld.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Amounts are whole multiples of this unit and sum exactly to the budget.</source>
      <translation>Beträge sind ganze Vielfache dieser Einheit und ergeben zusammen genau das Budget.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Size of the target group per social space (a count, e.g. children in families on benefits).</source>
      <translation>Größe der Zielgruppe je Sozialraum (eine Anzahl, z. B. Kinder in Familien im Leistungsbezug).</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>The need measure: a rate (e.g. the share of benefit recipients), a composite index or an index class.</source>
      <translation>Das Bedarfsmaß: eine Quote (z. B. der Anteil der Leistungsbeziehenden), ein Sozialindex oder eine Indexklasse.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Whether a high value means more need (e.g. a poverty rate) or less (e.g. a status index).</source>
      <translation>Ob ein hoher Wert mehr Bedarf bedeutet (z. B. eine Armutsquote) oder weniger (z. B. ein Statusindex).</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>How the need of a space is compared with the average of the eligible spaces.</source>
      <translation>Wie der Bedarf eines Sozialraums mit dem Durchschnitt der förderfähigen Sozialräume verglichen wird.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Weights of the average need (e.g. the population the rate refers to, which makes the average the overall rate). Empty: plain mean of the eligible spaces.</source>
      <translation>Gewichte des durchschnittlichen Bedarfs (z. B. die Bevölkerung, auf die sich die Quote bezieht; dann ist der Durchschnitt die Gesamtquote). Leer: einfaches Mittel der förderfähigen Sozialräume.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>How strongly need redistributes: 0 = purely by target group; 0.25 = a space 40 % above average need gets a 10 % higher weight per head (the federal SGB II practice).</source>
      <translation>Wie stark der Bedarf umverteilt: 0 = rein nach Zielgruppe; 0,25 = ein Sozialraum mit 40 % überdurchschnittlichem Bedarf erhält ein um 10 % höheres Gewicht je Kopf (die Praxis im SGB II).</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>A second weight factor shown side by side, so a committee sees the effect.</source>
      <translation>Ein zweiter Gewichtsfaktor zum Vergleich nebeneinander, damit ein Ausschuss die Wirkung sieht.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Every eligible space gets this first; the rest is distributed by the model.</source>
      <translation>Jeder förderfähige Sozialraum erhält diesen Betrag vorab; der Rest wird nach dem Modell verteilt.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>No eligible space gets less; the difference comes from the others (iterative redistribution).</source>
      <translation>Kein förderfähiger Sozialraum erhält weniger; die Differenz kommt von den anderen (schrittweise Umverteilung).</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>No space gets more; the excess goes to the others.</source>
      <translation>Kein Sozialraum erhält mehr; der Überschuss geht an die anderen.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>An expression; only spaces where it is true get money, e.g. "status" IN ('niedrig', 'sehr niedrig'). Empty: all spaces.</source>
      <translation>Ein Ausdruck; nur Sozialräume, für die er wahr ist, erhalten Mittel, z. B. "status" IN ('niedrig', 'sehr niedrig'). Leer: alle Sozialräume.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>The social spaces with amount, share, per-head amount, the proportional amount and the redistribution effect of both variants (German aliases); loaded with a map of the amounts.</source>
      <translation>Die Sozialräume mit Betrag, Anteil, Betrag je Person, dem rein proportionalen Betrag und der Umverteilungswirkung beider Varianten (deutsche Aliasnamen); geladen mit einer Karte der Beträge.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>XLSX with the allocation of both variants side by side, the assumptions and the totals.</source>
      <translation>XLSX mit der Verteilung beider Varianten nebeneinander, den Annahmen und den Summen.</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Rounding unit</source>
      <translation>Rundungseinheit</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Target group field</source>
      <translation>Feld Zielgruppe</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Need field</source>
      <translation>Feld Bedarfsmaß</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Polarity of the need field</source>
      <translation>Polarität des Bedarfsmaßes</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Deviation from the average</source>
      <translation>Abweichung vom Durchschnitt</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Population for the average</source>
      <translation>Bevölkerung für den Durchschnitt</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Eligibility rule</source>
      <translation>Förderregel</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Allocation per social space</source>
      <translation>Verteilung je Sozialraum</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Workbook</source>
      <translation>Arbeitsmappe</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel-Arbeitsmappen (*.xlsx)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Budget (EUR)</source>
      <translation>Budget (EUR)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Weight factor (variant A)</source>
      <translation>Gewichtsfaktor (Variante A)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Weight factor (variant B)</source>
      <translation>Gewichtsfaktor (Variante B)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Base amount per space (EUR)</source>
      <translation>Sockelbetrag je Sozialraum (EUR)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Minimum per space (EUR)</source>
      <translation>Mindestbetrag je Sozialraum (EUR)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Maximum per space (EUR)</source>
      <translation>Höchstbetrag je Sozialraum (EUR)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>From the catalogue (else: higher = more need)</source>
      <translation>Aus dem Katalog (sonst: höher = mehr Bedarf)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Higher = more need</source>
      <translation>Höher = mehr Bedarf</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Higher = less need</source>
      <translation>Höher = weniger Bedarf</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Relative (value / average - 1, as in the SGB II model)</source>
      <translation>Relativ (Wert / Durchschnitt − 1, wie im SGB-II-Modell)</translation>
    </message>
    <message>
      <location filename="algorithms/allocate.py" />
      <source>Standardised (z-score, for indices with negative values)</source>
      <translation>Standardisiert (z-Wert, für Indizes mit negativen Werten)</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>CSV with label, theme, unit, polarity, numerator and denominator of each indicator (see README, Indikatorenkatalog). Prefilled from the project's profile setup.</source>
      <translation>CSV mit Bezeichnung, Thema, Einheit, Polarität, Zähler und Nenner jedes Indikators (siehe README, Indikatorenkatalog). Vorbelegt aus der Profil-Einrichtung des Projekts.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Counts from 1 to this number minus 1, and every rate built on such a count, are hidden (shown as 'unterdrückt', never as 0). 0 = off. Default from the plugin settings.</source>
      <translation>Fallzahlen von 1 bis zu dieser Zahl minus 1 und jede daraus gebildete Quote werden ausgeblendet (als „unterdrückt“ gezeigt, nie als 0). 0 = aus. Vorgabe aus den Plugin-Einstellungen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Areas with fewer residents show no values at all (needs the population field). 0 = off.</source>
      <translation>Gebiete mit weniger Einwohnern zeigen keine Werte (braucht das Einwohnerfeld). 0 = aus.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <location filename="algorithms/join_indicators.py" />
      <source>No-value codes</source>
      <translation>Codes für „kein Wert“</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Numbers that mean 'no value' in the layer's numeric fields, separated by ';' (add -1 if a source uses it). They count as no value ('keine Angabe'), never as numbers; the catalogue column missing_codes adds codes per indicator. Empty: no codes.</source>
      <translation>Zahlen, die in den Zahlenfeldern des Layers „kein Wert“ bedeuten, getrennt durch „;“ (-1 ergänzen, wenn eine Quelle sie so verwendet). Sie gelten als „keine Angabe“, nie als Zahl; die Katalogspalte missing_codes ergänzt Codes je Indikator. Leer: keine Codes.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The layer of social spaces (it is never changed).</source>
      <translation>Der Layer der Sozialräume (er wird nie verändert).</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Indicator catalogue</source>
      <translation>Indikatorenkatalog</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <location filename="ui/options.py" />
      <source>Minimum count</source>
      <translation>Mindestfallzahl</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <location filename="ui/options.py" />
      <source>Minimum population</source>
      <translation>Mindesteinwohnerzahl</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Residents per area, for the minimum population.</source>
      <translation>Einwohner je Gebiet, für die Mindesteinwohnerzahl.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The area key (compared as text). Empty: guessed from the field names as in the dock's setup; the log names the field chosen.</source>
      <translation>Der Gebietsschlüssel (als Text verglichen). Leer: aus den Feldnamen erkannt wie bei der Einrichtung des Profilfensters; das Protokoll nennt das gewählte Feld.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Parent unit field</source>
      <translation>Feld der übergeordneten Einheit</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The parent unit of each area (e.g. the district key).</source>
      <translation>Die übergeordnete Einheit jedes Gebiets (z. B. der Bezirksschlüssel).</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Polarities as text</source>
      <translation>Polaritäten als Text</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <location filename="algorithms/map_series.py" />
      <location filename="algorithms/profile_report.py" />
      <source>Social spaces</source>
      <translation>Sozialräume</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Population field</source>
      <translation>Einwohnerfeld</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <location filename="algorithms/comparisons.py" />
      <source>Key field not set: using '{field}' (guessed from the field names).</source>
      <translation>Kein Schlüsselfeld angegeben: verwende '{field}' (aus den Feldnamen erraten).</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>A minimum population of {n} needs a population field: choose the population field or set the minimum population to 0.</source>
      <translation>Eine Mindesteinwohnerzahl von {n} braucht ein Einwohnerfeld: Bitte das Einwohnerfeld wählen oder die Mindesteinwohnerzahl auf 0 setzen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>No key field given and none found in layer '{layer}': choose the key field.</source>
      <translation>Kein Schlüsselfeld angegeben und im Layer '{layer}' keines gefunden: Wählen Sie das Schlüsselfeld.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The polarities are given twice: as chosen fields and as text ('{text}'). Clear one of them: choose the fields, or leave them empty and type the polarities.</source>
      <translation>Die Polaritäten sind doppelt angegeben: als gewählte Felder und als Text ('{text}'). Bitte eines von beiden leeren: die Felder wählen oder sie leer lassen und die Polaritäten als Text angeben.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>{fields}: chosen both as 'higher is better' and as 'higher is worse'. Choose each field in one of the two lists only.</source>
      <translation>{fields}: sowohl bei 'höher ist besser' als auch bei 'höher ist schlechter' gewählt. Bitte jedes Feld nur in einer der beiden Listen wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The output '{output}' cannot be written: {problem}. Choose another place or name for it.</source>
      <translation>Die Ausgabe „{output}“ kann nicht geschrieben werden: {problem}. Bitte einen anderen Ort oder Namen wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The outputs '{first}' and '{second}' point to the same file ({path}). Choose a file of its own for each output.</source>
      <translation>Die Ausgaben „{first}“ und „{second}“ zeigen auf dieselbe Datei ({path}). Bitte für jede Ausgabe eine eigene Datei wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The output '{output}' would overwrite the input table {table}. Choose another table name for the output; inputs are never changed.</source>
      <translation>Die Ausgabe '{output}' würde die Eingabetabelle {table} überschreiben. Bitte einen anderen Tabellennamen für die Ausgabe wählen; Eingaben werden nie verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Style written: {path}</source>
      <translation>Stil geschrieben: {path}</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The output '{output}' would overwrite the input '{input}' ({path}). Choose another file for the output; inputs are never changed.</source>
      <translation>Die Ausgabe „{output}“ würde die Eingabe „{input}“ überschreiben ({path}). Bitte eine andere Datei für die Ausgabe wählen; Eingaben werden nie verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>The output '{output}' cannot be created ({reason}). Choose a folder you may write to, a shorter file name or another format.</source>
      <translation>Die Ausgabe „{output}“ kann nicht angelegt werden ({reason}). Bitte einen Ordner mit Schreibrecht, einen kürzeren Dateinamen oder ein anderes Format wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/base.py" />
      <source>Field {old} exists in the layer; the new values are in {new}.</source>
      <translation>Feld {old} gibt es im Layer schon; die neuen Werte stehen in {new}.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Classify and symbolise indicator</source>
      <translation>Indikator klassifizieren und darstellen</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <location filename="algorithms/map_series.py" />
      <source>Maps</source>
      <translation>Karten</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Classifies one or more indicator fields, reports how well the classes fit and writes a print-ready choropleth style: German legend labels with unit (e.g. 5,0 – 10,0 %), colours by the indicator's polarity (dark red = unfavourable), a grey hatched class for empty and suppressed values, thin outlines. Results: BREAKS (upper class bounds as text '1.9;3.56;13.2', dot decimals, usable in the modeler and in 'manual breaks'), COUNTS ('104;137;...'), GVF (goodness of variance fit, 0-1), ADCM (sum of absolute deviations around class medians), LOWER (lower bound of class 1), NULL_COUNT, QML_FILES and DETAILS (JSON of every classification). With several fields and separate classes, BREAKS, COUNTS, GVF and ADCM are those of the first field.</source>
      <translation>Klassifiziert ein oder mehrere Indikatorfelder, berichtet, wie gut die Klassen passen, und schreibt einen druckfertigen Choroplethen-Stil: deutsche Legendenbeschriftungen mit Einheit (z. B. 5,0 – 10,0 %), Farben nach der Polarität des Indikators (dunkelrot = ungünstig), eine grau schraffierte Klasse für leere und unterdrückte Werte, dünne Umrisse. Ergebnisse: BREAKS (obere Klassengrenzen als Text '1.9;3.56;13.2', mit Dezimalpunkt, verwendbar im Modellierer und bei 'Manuelle Klassengrenzen'), COUNTS ('104;137;...'), GVF (Güte der Varianzanpassung, 0-1), ADCM (Summe der absoluten Abweichungen von den Klassenmedianen), LOWER (untere Grenze der Klasse 1), NULL_COUNT, QML_FILES und DETAILS (JSON jeder Klassifizierung). Bei mehreren Feldern mit eigenen Klassen sind BREAKS, COUNTS, GVF und ADCM die des ersten Felds.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>The social spaces. The layer itself is not changed; when it is loaded in the project and 'Apply' is on, its style is set (in a new named style: Layer Properties &gt; Style lists the previous one, so the change can be undone there).</source>
      <translation>Die Sozialräume. Der Layer selbst wird nicht verändert; ist er im Projekt geladen und 'Anwenden' eingeschaltet, wird sein Stil gesetzt (als neuer benannter Stil: Layereigenschaften &gt; Stil führt den vorigen auf, dort lässt sich die Änderung rückgängig machen).</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Indicator fields</source>
      <translation>Indikatorfelder</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>One or more fields. Text fields holding numbers (e.g. '12,5') are read as German numbers.</source>
      <translation>Ein oder mehrere Felder. Textfelder mit Zahlen (z. B. '12,5') werden als deutsche Zahlen gelesen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Exact natural breaks (optimal within-class variance for any number of values, unlike QGIS's Jenks which samples 3000 values), quantiles, equal interval, standard deviation (classes of 'SD interval' around the mean), box map (quartiles and outliers beyond 'hinge' x IQR, as in GeoDa), pretty breaks (R's pretty), head/tail breaks, percentiles, manual breaks, z-scores with the MSS thresholds (-1 / +1 / +1.5) or equal-width groups of a given step.</source>
      <translation>Exakte natürliche Unterbrechungen (optimale Varianz innerhalb der Klassen für beliebig viele Werte, anders als QGIS' Jenks, das 3000 Werte stichprobenartig nimmt), Quantile, gleiche Intervalle, Standardabweichung (Klassen der Breite 'SD-Intervall' um den Mittelwert), Box-Map (Quartile und Ausreißer jenseits 'Hinge' x IQR, wie in GeoDa), runde Klassengrenzen (R's pretty), Head/Tail-Breaks, Perzentile, manuelle Klassengrenzen, z-Werte mit den MSS-Schwellen (-1 / +1 / +1,5) oder gleich breite Gruppen einer gegebenen Schrittweite.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>For natural breaks, quantiles, equal interval, standard deviation and pretty breaks (maximum for head/tail); the box map always has 6, percentiles and z-scores one more than their thresholds.</source>
      <translation>Für natürliche Unterbrechungen, Quantile, gleiche Intervalle, Standardabweichung und runde Klassengrenzen (Höchstzahl bei Head/Tail); die Box-Map hat immer 6, Perzentile und z-Werte eine mehr als ihre Schwellen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>One classification for all selected fields (a series of years or a group of indicators), so the maps can be compared. Otherwise each field is classified alone.</source>
      <translation>Eine Klassifizierung für alle gewählten Felder (eine Jahresreihe oder eine Gruppe von Indikatoren), damit die Karten vergleichbar sind. Sonst wird jedes Feld für sich klassifiziert.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Adds the number of areas to each legend entry, e.g. '(12)'.</source>
      <translation>Fügt jedem Legendeneintrag die Zahl der Gebiete hinzu, z. B. '(12)'.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Sets the style as a new named style of the project's layer; its previous style stays selectable.</source>
      <translation>Setzt den Stil als neuen benannten Stil des Projekt-Layers; der bisherige Stil bleibt auswählbar.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Also stores the style in the GeoPackage's layer_styles table as the layer's default. This changes the GeoPackage file, so it is off unless you ask.</source>
      <translation>Speichert den Stil zusätzlich in der Tabelle layer_styles des GeoPackages als Standardstil des Layers. Das verändert die GeoPackage-Datei, daher ist es aus, solange Sie es nicht wünschen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>The .qml written (with several fields and separate classes, one file per field: &lt;name&gt;_&lt;field&gt;.qml).</source>
      <translation>Die geschriebene .qml-Datei (bei mehreren Feldern mit eigenen Klassen eine Datei je Feld: &lt;Name&gt;_&lt;Feld&gt;.qml).</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Layer</source>
      <translation>Layer</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Method</source>
      <translation>Methode</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <location filename="algorithms/composite_index.py" />
      <location filename="algorithms/map_series.py" />
      <source>Number of classes</source>
      <translation>Anzahl der Klassen</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Same breaks for all fields (series)</source>
      <translation>Gleiche Klassengrenzen für alle Felder (Serie)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>E.g. 5;10;20.</source>
      <translation>Z. B. 5;10;20.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Class width of equal-width groups.</source>
      <translation>Klassenbreite der gleich breiten Gruppen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Box map: outliers lie more than this many interquartile ranges beyond the quartiles.</source>
      <translation>Box-Map: Ausreißer liegen mehr als so viele Quartilsabstände jenseits der Quartile.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Standard deviation classes: width of a class in standard deviations.</source>
      <translation>Standardabweichungs-Klassen: Breite einer Klasse in Standardabweichungen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Percentile classes: the percentiles that bound the classes.</source>
      <translation>Perzentil-Klassen: die Perzentile, die die Klassen begrenzen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>z scheme: class bounds in standard deviations (MSS: -1; 1; 1,5).</source>
      <translation>z-Schema: Klassengrenzen in Standardabweichungen (MSS: -1; 1; 1,5).</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>z-transform the values first (population SD); off when the field already holds z-scores.</source>
      <translation>Die Werte zuerst z-transformieren (Standardabweichung der Grundgesamtheit); aus, wenn das Feld schon z-Werte enthält.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>The largest share of values in the head for head/tail breaks.</source>
      <translation>Der größte Anteil der Werte im Kopf bei Head/Tail-Breaks.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>All values must be greater than 0.</source>
      <translation>Alle Werte müssen größer als 0 sein.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>A ColorBrewer name (Reds, Blues, RdBu ...) or a ramp of the QGIS style.</source>
      <translation>Ein ColorBrewer-Name (Reds, Blues, RdBu ...) oder ein Farbverlauf des QGIS-Stils.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Show class counts in the legend</source>
      <translation>Klassengrößen in der Legende anzeigen</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Apply the style to the layer (when loaded in the project)</source>
      <translation>Stil auf den Layer anwenden (wenn im Projekt geladen)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Save as default style in the GeoPackage (changes the file)</source>
      <translation>Als Standardstil im GeoPackage speichern (verändert die Datei)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Style file</source>
      <translation>Stildatei</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Upper class bounds</source>
      <translation>Obere Klassengrenzen</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Values per class</source>
      <translation>Werte je Klasse</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Goodness of variance fit</source>
      <translation>Güte der Varianzanpassung (GVF)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Absolute deviation around class medians</source>
      <translation>Absolute Abweichung von den Klassenmedianen (ADCM)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Lower bound of class 1</source>
      <translation>Untere Grenze der Klasse 1</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Empty or suppressed values</source>
      <translation>Leere oder unterdrückte Werte</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Style files</source>
      <translation>Stildateien</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Classifications (JSON)</source>
      <translation>Klassifizierungen (JSON)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Manual breaks (upper bounds, separated by ';')</source>
      <translation>Manuelle Klassengrenzen (obere Grenzen, getrennt durch ';')</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Box map hinge</source>
      <translation>Box-Map-Hinge</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Percentiles (separated by ';')</source>
      <translation>Perzentile (getrennt durch ';')</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>z thresholds (separated by ';')</source>
      <translation>z-Schwellen (getrennt durch ';')</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Standardise to z-scores first</source>
      <translation>Zuerst zu z-Werten standardisieren</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Logarithmic (classify log10 of the values)</source>
      <translation>Logarithmisch (log10 der Werte klassifizieren)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Colour ramp (empty: by polarity)</source>
      <translation>Farbverlauf (leer: nach Polarität)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>QGIS style (*.qml)</source>
      <translation>QGIS-Stil (*.qml)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Reading {count} features of {layer}</source>
      <translation>Lese {count} Objekte aus {layer}</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Step (equal-width groups)</source>
      <translation>Schrittweite (gleich breite Gruppen)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>SD interval (standard deviations per class)</source>
      <translation>SD-Intervall (Standardabweichungen je Klasse)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Head limit (head/tail breaks)</source>
      <translation>Head-Anteil (Head/Tail-Breaks)</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Manual breaks: please give the upper class bounds, separated by ';' (e.g. 5;10;20).</source>
      <translation>Manuelle Klassengrenzen: bitte die oberen Klassengrenzen angeben, getrennt durch ';' (z. B. 5;10;20).</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Equal-width groups: please give a step greater than 0.</source>
      <translation>Gleich breite Gruppen: bitte eine Schrittweite größer als 0 angeben.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Style saved as default style in {source}.</source>
      <translation>Stil als Standardstil in {source} gespeichert.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Layer {name} is not a GeoPackage layer: the style can only be saved as a .qml file. Please switch off 'Save as default style in the GeoPackage'.</source>
      <translation>Layer {name} ist kein GeoPackage-Layer: der Stil kann nur als .qml-Datei gespeichert werden. Bitte 'Als Standardstil im GeoPackage speichern' ausschalten.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>{field}: {method}, {classes} classes, upper bounds {breaks}, counts {counts}, GVF {gvf}, ADCM {adcm}, empty or suppressed {nulls}</source>
      <translation>{field}: {method}, {classes} Klassen, obere Grenzen {breaks}, Anzahlen {counts}, GVF {gvf}, ADCM {adcm}, leer oder unterdrückt {nulls}</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Field {field} is a text field: {count} values read as numbers.</source>
      <translation>Feld {field} ist ein Textfeld: {count} Werte als Zahlen gelesen.</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>{field}: {count} values suppressed (small counts).</source>
      <translation>{field}: {count} Werte unterdrückt (kleine Fallzahlen).</translation>
    </message>
    <message>
      <location filename="algorithms/classify.py" />
      <source>Style applied to layer {name}.</source>
      <translation>Stil auf Layer {name} angewendet.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Comparisons and findings</source>
      <translation>Vergleiche und Befunde</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/composite_index.py" />
      <source>Indices and comparisons</source>
      <translation>Indizes und Vergleiche</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Turns indicator values into the comparisons a social report states as findings. The outputs are tables without geometry, except the layer of multiple disadvantage.</source>
      <translation>Macht aus Indikatorwerten die Vergleiche, die ein Sozialbericht als Befunde nennt. Die Ausgaben sind Tabellen ohne Geometrie, außer dem Layer der Mehrfachbenachteiligung.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/typology.py" />
      <source>Indicators</source>
      <translation>Indikatoren</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>The numeric fields to compare.</source>
      <translation>Die numerischen Felder, die verglichen werden.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>The area names for the tables and the report.</source>
      <translation>Die Gebietsnamen für die Tabellen und den Bericht.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>The highest and lowest share of areas per indicator (default 10 = top and bottom decile, ties included).</source>
      <translation>Der höchste und niedrigste Anteil der Gebiete je Indikator (Standard 10 = oberstes und unterstes Zehntel, gleiche Werte eingeschlossen).</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>For models and scripts, instead of the two choices above: one polarity per indicator, separated by ';' (higher_is_worse, higher_is_better or neutral). Given together with a choice, the run stops and asks to clear one of them.</source>
      <translation>Für Modelle und Skripte, statt der beiden Auswahlen oben: eine Polarität je Indikator, getrennt durch ';' (higher_is_worse, higher_is_better oder neutral). Zusammen mit einer Auswahl angegeben, bricht der Lauf ab und bittet, eines von beiden zu leeren.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>The areas with geometry and the number of indicators in their unfavourable extreme.</source>
      <translation>Die Gebiete mit Geometrie und der Zahl der Indikatoren in ihrem ungünstigen Extrembereich.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Pearson and Spearman coefficients for each pair of indicators with n and two-sided p-values.</source>
      <translation>Pearson- und Spearman-Koeffizienten für jedes Indikatorenpaar mit n und zweiseitigen p-Werten.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>A summary with the findings, tables and small charts.</source>
      <translation>Eine Zusammenfassung mit den Befunden, Tabellen und kleinen Diagrammen.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/composite_index.py" />
      <source>Reading attributes</source>
      <translation>Attribute lesen</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/composite_index.py" />
      <source>The layer with the indicator fields (it is not changed).</source>
      <translation>Der Layer mit den Indikatorfeldern (er wird nicht verändert).</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>The municipality or district each area belongs to. Left empty, it is guessed from the field names as in the dock's setup (a field whose values begin every area key, e.g. bez_id, or its name field, e.g. bezirk); the log names the field chosen.</source>
      <translation>Die Gemeinde oder der Bezirk, zu dem jedes Gebiet gehört. Leer gelassen, wird es wie bei der Einrichtung des Docks aus den Feldnamen erraten (ein Feld, dessen Werte jeden Gebietsschlüssel beginnen, z. B. bez_id, oder sein Namensfeld, z. B. bezirk); das Protokoll nennt das gewählte Feld.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Identifies the areas in the tables and the report. Left empty, it is guessed the same way (e.g. plr_id).</source>
      <translation>Kennzeichnet die Gebiete in den Tabellen und im Bericht. Leer gelassen, wird es auf dieselbe Weise erraten (z. B. plr_id).</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/join_indicators.py" />
      <location filename="algorithms/profile_report.py" />
      <source>Name field</source>
      <translation>Namensfeld</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Variance decomposition</source>
      <translation>Varianzzerlegung</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Per indicator n, number of parent units, eta squared (share of the variance between parent units), sums of squares, the range of the parent means, the largest range within a parent unit and in how many parent units the inner range exceeds the range of the means.</source>
      <translation>Je Indikator n, Zahl der übergeordneten Einheiten, Eta-Quadrat (Anteil der Streuung zwischen den übergeordneten Einheiten), Quadratsummen, die Spannweite der Mittelwerte der Einheiten, die größte Spannweite innerhalb einer Einheit und in wie vielen Einheiten die innere Spannweite die Spannweite der Mittelwerte übersteigt.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Spread per parent unit</source>
      <translation>Streuung je übergeordneter Einheit</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Per indicator and parent unit n, mean, minimum, maximum, range and standard deviation (divided by n).</source>
      <translation>Je Indikator und übergeordneter Einheit n, Mittelwert, Minimum, Maximum, Spannweite und Standardabweichung (geteilt durch n).</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Extremes</source>
      <translation>Extremwerte</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Each area in the top or bottom share of an indicator, with parent unit, value, rank, side and whether that side is unfavourable.</source>
      <translation>Jedes Gebiet im obersten oder untersten Anteil eines Indikators, mit übergeordneter Einheit, Wert, Rang, Seite und ob diese Seite ungünstig ist.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Multiple disadvantage</source>
      <translation>Mehrfache Benachteiligung</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Correlations</source>
      <translation>Korrelationen</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <location filename="algorithms/hotspots.py" />
      <location filename="algorithms/typology.py" />
      <source>Report (HTML)</source>
      <translation>Bericht (HTML)</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>No indicator has a polarity, so no extreme counts as unfavourable; choose the indicators where a higher value is worse or better, or give a catalogue, for the multiple disadvantage count.</source>
      <translation>Kein Indikator hat eine Polarität, daher gilt kein Extremwert als ungünstig; für die Zählung mehrfacher Benachteiligung bitte die Indikatoren wählen, bei denen ein höherer Wert schlechter oder besser ist, oder einen Katalog angeben.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>No parent unit field given and none found in the layer: choose the parent unit field (e.g. the district each area belongs to).</source>
      <translation>Kein Feld der übergeordneten Einheit angegeben und im Layer keines gefunden: Wählen Sie das Feld der übergeordneten Einheit (z. B. den Bezirk, zu dem jedes Gebiet gehört).</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Share for extremes (%)</source>
      <translation>Anteil für Extremwerte (%)</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Indicators where a higher value is worse</source>
      <translation>Indikatoren, bei denen ein höherer Wert schlechter ist</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>E.g. the unemployment rate: its top extreme is unfavourable.</source>
      <translation>Z. B. die Arbeitslosenquote: ihr oberes Extrem ist ungünstig.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Indicators where a higher value is better</source>
      <translation>Indikatoren, bei denen ein höherer Wert besser ist</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>E.g. the employment rate: its bottom extreme is unfavourable. Indicators in neither list take the catalogue's polarity; without one they are neutral: their extremes are listed on both sides but not counted as disadvantage.</source>
      <translation>Z. B. die Beschäftigungsquote: ihr unteres Extrem ist ungünstig. Indikatoren in keiner der beiden Listen erhalten die Polarität aus dem Katalog; ohne eine sind sie neutral: ihre Extreme werden auf beiden Seiten aufgeführt, aber nicht als Benachteiligung gezählt.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>{n} values suppressed (privacy rule) and left out.</source>
      <translation>{n} Werte unterdrückt (Geheimhaltungsregel) und nicht berücksichtigt.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>{n} areas have 0 in every indicator; tables often write 0 for 'no value', and such areas would count as extremes. Check the data.</source>
      <translation>{n} Gebiete haben in allen Indikatoren den Wert 0; Tabellen schreiben oft 0 für „kein Wert“, und solche Gebiete würden als Extremwerte zählen. Bitte die Daten prüfen.</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>{indicator}: eta squared {eta} ({n} areas, {parents} parent units)</source>
      <translation>{indicator}: Eta-Quadrat {eta} ({n} Gebiete, {parents} übergeordnete Einheiten)</translation>
    </message>
    <message>
      <location filename="algorithms/comparisons.py" />
      <source>Parent unit field not set: using '{field}' (guessed from the field names).</source>
      <translation>Kein Feld der übergeordneten Einheit angegeben: verwende '{field}' (aus den Feldnamen erraten).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Compute social index</source>
      <translation>Sozialindex berechnen</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Combines several indicators into one index per social space, by default exactly as Berlin's Monitoring Soziale Stadtentwicklung (MSS) does: z-standardise each indicator with the mean and population standard deviation of the reference areas, add the z-values (with polarity and weight), z-standardise the sum again and classify it: hoch &lt; -1, mittel -1 to +1, niedrig +1 to +1.5, sehr niedrig &gt; +1.5. Positive values mean more disadvantage. Areas left out of the reference and areas with missing values still get values where their data allow; the field in_reference says which areas counted and reference_note why not.</source>
      <translation>Fasst mehrere Indikatoren zu einem Index je Sozialraum zusammen, standardmäßig genau wie Berlins Monitoring Soziale Stadtentwicklung (MSS): jeden Indikator mit Mittelwert und Standardabweichung der Grundgesamtheit über die Bezugsgebiete z-standardisieren, die z-Werte (mit Polarität und Gewicht) addieren, die Summe erneut z-standardisieren und klassieren: hoch &lt; -1, mittel -1 bis +1, niedrig +1 bis +1,5, sehr niedrig &gt; +1,5. Positive Werte bedeuten mehr Benachteiligung. Nicht berücksichtigte Gebiete und Gebiete mit fehlenden Werten erhalten trotzdem Werte, soweit ihre Daten reichen; das Feld in_reference zeigt, welche Gebiete zählten, reference_note, warum nicht.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status indicators</source>
      <translation>Status-Indikatoren</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>The fields the index is built from.</source>
      <translation>Die Felder, aus denen der Index gebildet wird.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>For models and scripts, instead of the choice above: one polarity per status indicator, separated by ';', in the words of the indicator catalogue: higher_is_worse (or hoch_ist_schlecht, negativ, -) when a high value is unfavourable, higher_is_better (or hoch_ist_gut, positiv, +) when it is favourable. Given together with the choice, the run stops and asks to clear one of them.</source>
      <translation>Für Modelle und Skripte, statt der Auswahl oben: eine Polarität je Status-Indikator, getrennt durch ';', in den Worten des Indikatorenkatalogs: higher_is_worse (oder hoch_ist_schlecht, negativ, -), wenn ein hoher Wert ungünstig ist, higher_is_better (oder hoch_ist_gut, positiv, +), wenn er günstig ist. Zusammen mit der Auswahl angegeben, bricht der Lauf ab und bittet, eines von beiden zu leeren.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>One number per indicator, separated by ';' (e.g. 1; 0,5; 2). Empty: equal weights.</source>
      <translation>Je Indikator eine Zahl, getrennt durch ';' (z. B. 1; 0,5; 2). Leer: gleiche Gewichte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>z-score (MSS), min-max (0 to 1) or percentile rank (0 to 1).</source>
      <translation>z-Wert (MSS), Min-Max (0 bis 1) oder Perzentilrang (0 bis 1).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Divide by n-1 instead of n (the MSS divides by n).</source>
      <translation>Durch n-1 statt durch n teilen (das MSS teilt durch n).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>z-standardise the weighted sum again (MSS step 3); otherwise the index is the weighted mean of the standardised values.</source>
      <translation>Die gewichtete Summe erneut z-standardisieren (MSS-Schritt 3); sonst ist der Index der gewichtete Mittelwert der standardisierten Werte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Residents per area: for the minimum population of a reference area and for the privacy rule's minimum population (areas below it show no index values).</source>
      <translation>Einwohner je Gebiet: für die Mindestzahl der Einwohner eines Bezugsgebiets und für die Mindesteinwohnerzahl der Geheimhaltungsregel (Gebiete darunter zeigen keine Indexwerte).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Areas with fewer residents are left out of the reference statistics (MSS: 300); they still get index values.</source>
      <translation>Gebiete mit weniger Einwohnern gehen nicht in die Bezugsstatistik ein (MSS: 300); sie erhalten trotzdem Indexwerte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Areas where this field is 1, true, ja or x are left out of the reference too.</source>
      <translation>Gebiete, in denen dieses Feld 1, true, ja oder x ist, gehen ebenfalls nicht in die Bezugsstatistik ein.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Area keys separated by ';'.</source>
      <translation>Gebietsschlüssel, getrennt durch ';'.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>The MSS scheme, or a classification method whose breaks are computed from the reference areas.</source>
      <translation>Das MSS-Schema oder ein Klassifizierungsverfahren, dessen Grenzen aus den Bezugsgebieten berechnet werden.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>For the classification methods (the MSS scheme has 4 status and 3 dynamics classes).</source>
      <translation>Für die Klassifizierungsverfahren (das MSS-Schema hat 4 Status- und 3 Dynamik-Klassen).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics indicators (change fields)</source>
      <translation>Dynamik-Indikatoren (Veränderungsfelder)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>E.g. change in percentage points over two years. The dynamics index is built the same way and classed positiv &lt; -1, stabil -1 to +1, negativ &gt; +1; status and dynamics classes combine into 12 groups.</source>
      <translation>Z. B. Veränderung in Prozentpunkten über zwei Jahre. Der Dynamik-Index wird ebenso gebildet und klassiert: positiv &lt; -1, stabil -1 bis +1, negativ &gt; +1; Status- und Dynamik-Klassen ergeben zusammen 12 Gruppen.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Earlier values of the status indicators</source>
      <translation>Frühere Werte der Status-Indikatoren</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Instead of change fields, the same indicators for an earlier year, in the same order as the status indicators; the change is status minus earlier value.</source>
      <translation>Statt Veränderungsfeldern dieselben Indikatoren für ein früheres Jahr, in derselben Reihenfolge wie die Status-Indikatoren; die Veränderung ist Status minus früherer Wert.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>As the polarities as text, for the dynamics indicators (with earlier values: one per status indicator).</source>
      <translation>Wie die Polaritäten als Text, für die Dynamik-Indikatoren (mit früheren Werten: eine je Status-Indikator).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Which class the output is coloured by (status class, dynamics class or the 12 groups).</source>
      <translation>Nach welcher Klasse die Ausgabe eingefärbt wird (Status-Klasse, Dynamik-Klasse oder die 12 Gruppen).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>The input fields plus z_&lt;indicator&gt;, status_sum, status_index, status_class, status_level (1 hoch to 4 sehr niedrig) and, with dynamics, zd_&lt;indicator&gt;, dyn_sum, dyn_index, dyn_class, group_code (e.g. 2+/-) and group_label. A .qml style is written beside file outputs.</source>
      <translation>Die Eingabefelder plus z_&lt;Indikator&gt;, status_sum, status_index, status_class, status_level (1 hoch bis 4 sehr niedrig) und mit Dynamik zd_&lt;Indikator&gt;, dyn_sum, dyn_index, dyn_class, group_code (z. B. 2+/-) und group_label. Neben Dateiausgaben wird ein .qml-Stil geschrieben.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Index computed inside the database (PostGIS push-down): no area was read into QGIS.</source>
      <translation>Index in der Datenbank berechnet (PostGIS-Push-down): kein Gebiet wurde in QGIS gelesen.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <location filename="algorithms/typology.py" />
      <source>Weights</source>
      <translation>Gewichte</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Standardisation</source>
      <translation>Standardisierung</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Sample standard deviation (n-1)</source>
      <translation>Stichproben-Standardabweichung (n-1)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Re-standardise the sum (MSS)</source>
      <translation>Summe erneut standardisieren (MSS)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Minimum population of a reference area</source>
      <translation>Mindestzahl der Einwohner eines Bezugsgebiets</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Exclusion field</source>
      <translation>Ausschlussfeld</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>The area key, for the list below.</source>
      <translation>Der Gebietsschlüssel, für die folgende Liste.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Keys to leave out of the reference</source>
      <translation>Nicht zu berücksichtigende Schlüssel</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Class scheme</source>
      <translation>Klasseneinteilung</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics polarities as text</source>
      <translation>Dynamik-Polaritäten als Text</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Style by</source>
      <translation>Darstellung nach</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Social index</source>
      <translation>Sozialindex</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status index</source>
      <translation>Status-Index</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics index</source>
      <translation>Dynamik-Index</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status indicators where a higher value is better</source>
      <translation>Status-Indikatoren, bei denen ein höherer Wert besser ist</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>E.g. the employment rate. Every other status indicator takes its polarity from the indicator catalogue; without one a higher value counts as worse (unfavourable).</source>
      <translation>Z. B. die Beschäftigungsquote. Jeder andere Status-Indikator erhält seine Polarität aus dem Indikatorenkatalog; ohne eine gilt ein höherer Wert als schlechter (ungünstig).</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics indicators where a rise is better</source>
      <translation>Dynamik-Indikatoren, bei denen ein Anstieg besser ist</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Change fields where an increase is favourable (with earlier values: the status or earlier fields concerned). Every other one takes the catalogue's polarity, else a rise counts as worse. Left empty with earlier values: the polarities of the status indicators.</source>
      <translation>Veränderungsfelder, bei denen eine Zunahme günstig ist (mit früheren Werten: die betreffenden Status- oder früheren Felder). Jedes andere erhält die Polarität aus dem Katalog, sonst gilt ein Anstieg als schlechter. Leer mit früheren Werten: die Polaritäten der Status-Indikatoren.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Reference areas: {n} of {total}; left out: {left}.</source>
      <translation>Bezugsgebiete: {n} von {total}; nicht berücksichtigt: {left}.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status classes of the reference areas: {counts}</source>
      <translation>Status-Klassen der Bezugsgebiete: {counts}</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>z-score (MSS)</source>
      <translation>z-Wert (MSS)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Min-max (0 to 1)</source>
      <translation>Min-Max (0 bis 1)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Percentile rank (0 to 1)</source>
      <translation>Perzentilrang (0 bis 1)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status class</source>
      <translation>Status-Klasse</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics class</source>
      <translation>Dynamik-Klasse</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Status x dynamics group</source>
      <translation>Status-/Dynamik-Gruppe</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>PostGIS push-down not used ({reason}): the index is computed in QGIS. It needs the areas and the output in one PostGIS database.</source>
      <translation>PostGIS-Push-down nicht genutzt ({reason}): der Index wird in QGIS berechnet. Dafür müssen Gebiete und Ausgabe in einer PostGIS-Datenbank liegen.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>{what}: no polarity for {fields}; a high value is taken as unfavourable.</source>
      <translation>{what}: keine Polarität für {fields}; ein hoher Wert gilt als ungünstig.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>{n} reference areas have 0 in every indicator; tables often write 0 for 'no value'. If so, leave them out with the exclusion field or the key list.</source>
      <translation>{n} Bezugsgebiete haben in allen Indikatoren den Wert 0; Tabellen schreiben oft 0 für „kein Wert“. Wenn das so ist, diese Gebiete über das Ausschlussfeld oder die Schlüsselliste ausschließen.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Dynamics classes of the reference areas: {counts}</source>
      <translation>Dynamik-Klassen der Bezugsgebiete: {counts}</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>{n} areas below the minimum population of the privacy rule show no index values.</source>
      <translation>{n} Gebiete unter der Mindesteinwohnerzahl der Geheimhaltungsregel zeigen keine Indexwerte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Small counts hidden by the privacy rule: {n} values.</source>
      <translation>Kleine Fallzahlen nach der Geheimhaltungsregel ausgeblendet: {n} Werte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Hidden as well, so that no hidden value is the sum minus the visible ones (secondary suppression): {n} values.</source>
      <translation>Zusätzlich ausgeblendet, damit kein ausgeblendeter Wert als Summe minus die sichtbaren Werte errechenbar ist (Sekundärsperrung): {n} Werte.</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Input fields replaced by new values: {fields}</source>
      <translation>Eingabefelder durch neue Werte ersetzt: {fields}</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>MSS (hoch / mittel / niedrig / sehr niedrig at -1 / +1 / +1.5)</source>
      <translation>MSS (hoch / mittel / niedrig / sehr niedrig bei -1 / +1 / +1,5)</translation>
    </message>
    <message>
      <location filename="algorithms/composite_index.py" />
      <source>Style not stored in the database: {reason}</source>
      <translation>Stil nicht in der Datenbank gespeichert: {reason}</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Find spatial clusters</source>
      <translation>Räumliche Häufungen finden</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <location filename="algorithms/typology.py" />
      <source>Spatial patterns</source>
      <translation>Räumliche Muster</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Finds where high or low values of an indicator cluster in space: global Moran's I with its pseudo p-value, local Moran's I (LISA) with the classes high-high, low-low, high-low, low-high and not significant, and Getis-Ord Gi* hot and cold spots, with conditional permutation inference (seeded) and optional false discovery rate control. The same results as PySAL esda for the same data and seed. Values hidden by the privacy rule take no part. The layer is not changed.</source>
      <translation>Findet, wo sich hohe oder niedrige Werte eines Indikators räumlich häufen: globales Moran's I mit Pseudo-p-Wert, lokales Moran's I (LISA) mit den Klassen Hoch-Hoch, Niedrig-Niedrig, Hoch-Niedrig, Niedrig-Hoch und nicht signifikant sowie Hot- und Coldspots nach Getis-Ord Gi*, mit bedingten Permutationen (Startwert wählbar) und wahlweise Kontrolle der Falscherkennungsrate. Dieselben Ergebnisse wie PySAL esda bei gleichen Daten und gleichem Startwert. Durch die Geheimhaltung ausgeblendete Werte nehmen nicht teil. Der Layer wird nicht verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>The numeric field to look at.</source>
      <translation>Das zu untersuchende Zahlenfeld.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Which areas count as neighbours. Contiguity follows the shared vertices of the polygons, as GeoDa and PySAL do; areas without neighbours (islands) are reported and get no local statistic.</source>
      <translation>Welche Gebiete als Nachbarn gelten. Die Kontiguität folgt den gemeinsamen Eckpunkten der Polygone wie in GeoDa und PySAL; Gebiete ohne Nachbarn (Inseln) werden gemeldet und erhalten keine lokale Statistik.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>For k nearest neighbours.</source>
      <translation>Für k nächste Nachbarn.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>For the distance band: centroids at most this far apart are neighbours (in the units of the layer's CRS).</source>
      <translation>Für das Distanzband: Schwerpunkte, die höchstens so weit auseinander liegen, sind Nachbarn (in den Einheiten des Koordinatensystems des Layers).</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>For contiguity: vertices closer than this count as shared (0 = exactly equal). Helps with layers whose borders do not meet exactly.</source>
      <translation>Für die Kontiguität: Eckpunkte, die näher beieinander liegen, gelten als gemeinsam (0 = genau gleich). Hilft bei Layern, deren Grenzen nicht genau aufeinandertreffen.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Random permutations for the pseudo p-values (999: the smallest p is 0.001).</source>
      <translation>Zufällige Permutationen für die Pseudo-p-Werte (999: der kleinste p-Wert ist 0,001).</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Same seed and data, same p-values (and the same as PySAL esda with this seed).</source>
      <translation>Gleicher Startwert und gleiche Daten ergeben gleiche p-Werte (und dieselben wie PySAL esda mit diesem Startwert).</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>An area is significant when its pseudo p-value is below this level.</source>
      <translation>Ein Gebiet ist signifikant, wenn sein Pseudo-p-Wert unter diesem Niveau liegt.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>With many areas some are 'significant' by chance; the Benjamini-Hochberg bound lowers the level so that at most this share of the significant areas is expected to be false.</source>
      <translation>Bei vielen Gebieten sind einige zufällig „signifikant“; die Schranke nach Benjamini-Hochberg senkt das Niveau so, dass höchstens dieser Anteil der signifikanten Gebiete als Fehlanzeige zu erwarten ist.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Which classes the output layer is styled by (both are in its fields).</source>
      <translation>Nach welchen Klassen der Ausgabelayer dargestellt wird (beide stehen in seinen Feldern).</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>The social spaces with z_wert, lag_z, lisa_i, lisa_p, lisa_cl/lisa_kl (LISA class), gi_z, gi_p, gi_cl/gi_kl (Gi* class), nachbarn and hs_grund (why an area has no statistic). A .qml style is written beside file outputs.</source>
      <translation>Die Sozialräume mit z_wert, lag_z, lisa_i, lisa_p, lisa_cl/lisa_kl (LISA-Klasse), gi_z, gi_p, gi_cl/gi_kl (Gi*-Klasse), nachbarn und hs_grund (warum ein Gebiet keine Statistik hat). Neben Dateiausgaben wird ein .qml-Stil geschrieben.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Global Moran's I, the Moran scatter plot and the classes.</source>
      <translation>Globales Moran's I, das Moran-Streudiagramm und die Klassen.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Finding the neighbours</source>
      <translation>Nachbarn werden bestimmt</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <location filename="ui/profile_model.py" />
      <source>Indicator</source>
      <translation>Indikator</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Neighbourhood</source>
      <translation>Nachbarschaft</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Number of neighbours (k)</source>
      <translation>Zahl der Nachbarn (k)</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Permutations</source>
      <translation>Permutationen</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Random seed</source>
      <translation>Startwert des Zufallsgenerators</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Control the false discovery rate</source>
      <translation>Falscherkennungsrate kontrollieren</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Map</source>
      <translation>Karte</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Names the areas in the report. Empty: guessed from the field names; without one the feature ids are used.</source>
      <translation>Benennt die Gebiete im Bericht. Leer: aus den Feldnamen erraten; ohne Schlüssel werden die Objekt-IDs verwendet.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Spatial clusters</source>
      <translation>Räumliche Häufungen</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Moran's I</source>
      <translation>Moran's I</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Pseudo p-value of Moran's I</source>
      <translation>Pseudo-p-Wert von Moran's I</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Areas without neighbours</source>
      <translation>Gebiete ohne Nachbarn</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>The layer's CRS is geographic: distances are in degrees. Reproject the layer to a projected CRS for distance bands and tolerances in metres.</source>
      <translation>Das Koordinatensystem des Layers ist geographisch: Entfernungen sind in Grad. Für Distanzbänder und Toleranzen in Metern den Layer in ein projiziertes Koordinatensystem umprojizieren.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Distance band</source>
      <translation>Distanzband</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Vertex tolerance</source>
      <translation>Toleranz für Eckpunkte</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Significance level</source>
      <translation>Signifikanzniveau</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Moran's I {i} (expected {e}), pseudo p {p} ({n} permutations, seed {seed}).</source>
      <translation>Moran's I {i} (erwartet {e}), Pseudo-p {p} ({n} Permutationen, Startwert {seed}).</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>LISA classes: {counts}</source>
      <translation>LISA-Klassen: {counts}</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Queen contiguity (common vertex)</source>
      <translation>Queen-Kontiguität (gemeinsamer Eckpunkt)</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Rook contiguity (common edge)</source>
      <translation>Rook-Kontiguität (gemeinsame Kante)</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>k nearest neighbours (centroids)</source>
      <translation>k nächste Nachbarn (Schwerpunkte)</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Distance band (centroids)</source>
      <translation>Distanzband (Schwerpunkte)</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>LISA clusters</source>
      <translation>LISA-Häufungen</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>Gi* hot and cold spots</source>
      <translation>Gi*-Hot- und Coldspots</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>{n} areas have no neighbours and get no local statistic (see the report); another neighbourhood (k nearest neighbours) or a vertex tolerance may help.</source>
      <translation>{n} Gebiete haben keine Nachbarn und erhalten keine lokale Statistik (siehe Bericht); eine andere Nachbarschaft (k nächste Nachbarn) oder eine Toleranz für Eckpunkte kann helfen.</translation>
    </message>
    <message>
      <location filename="algorithms/hotspots.py" />
      <source>{n} areas without a value (empty or suppressed) take no part.</source>
      <translation>{n} Gebiete ohne Wert (leer oder unterdrückt) nehmen nicht teil.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Join indicators to social spaces</source>
      <translation>Indikatoren an Sozialräume anbinden</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Joins indicator tables (CSV/TXT as statistics offices write them, XLSX, ODS, DBF, GeoPackage or PostGIS tables) to the social-space layer and writes a new layer; the input is never changed. Every table row is either joined or listed in the report, every NULL value has its reason.</source>
      <translation>Bindet Indikatortabellen (CSV/TXT, wie Statistikämter sie schreiben, XLSX, ODS, DBF, GeoPackage- oder PostGIS-Tabellen) an den Sozialraum-Layer an und schreibt einen neuen Layer; die Eingabe bleibt unverändert. Jede Tabellenzeile wird entweder verbunden oder im Bericht aufgeführt, jeder NULL-Wert hat seinen Grund.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>The area key (compared as text, leading zeros kept).</source>
      <translation>Der Gebietsschlüssel (als Text verglichen, führende Nullen bleiben erhalten).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Area names; with a table name field, keys whose name differs are flagged.</source>
      <translation>Gebietsnamen; mit einem Namensfeld in den Tabellen werden Schlüssel mit abweichendem Namen markiert.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>One or more files (or layer sources such as 'file.gpkg|layername=t'). Delimited text is read by our own reader: delimiter, encoding, header line, footnotes, decimal comma, thousands separators, percent signs and the official special markers (. - x / … () *) are recognised.</source>
      <translation>Eine oder mehrere Dateien (oder Layerquellen wie 'datei.gpkg|layername=t'). Textdateien liest unser eigener Leser: Trennzeichen, Zeichenkodierung, Kopfzeile, Fußnoten, Dezimalkomma, Tausendertrennzeichen, Prozentzeichen und die amtlichen Sonderzeichen (. - x / … () *) werden erkannt.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>The column holding the area key (empty: the first column).</source>
      <translation>Die Spalte mit dem Gebietsschlüssel (leer: die erste Spalte).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>The column with the area names, for the cross-check.</source>
      <translation>Die Spalte mit den Gebietsnamen, für den Abgleich.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Wide (one row per area) or long (area x [year] x variable x value, pivoted to one field per variable and year).</source>
      <translation>Breit (eine Zeile je Gebiet) oder lang (Gebiet x [Jahr] x Merkmal x Wert, umgeformt zu einem Feld je Merkmal und Jahr).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long tables: the column(s) naming the variable; several are separated by commas.</source>
      <translation>Langtabellen: die Spalte(n), die das Merkmal nennen; mehrere durch Kommas getrennt.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long tables: the column holding the value.</source>
      <translation>Langtabellen: die Spalte mit dem Wert.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long tables: the year column; with several years each field gets the year as suffix.</source>
      <translation>Langtabellen: die Jahresspalte; bei mehreren Jahren erhält jedes Feld das Jahr als Endung.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long tables: the years to keep; rows of other years are listed in the report.</source>
      <translation>Langtabellen: die zu übernehmenden Jahre; Zeilen anderer Jahre stehen im Bericht.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>XLSX/ODS: the sheet to read. Empty: the sheet whose rows hold the key field (an error if several do), without a key field the first sheet with a table. A table given as 'file.xlsx|layername=Sheet' names its sheet itself. Title rows above the header are skipped.</source>
      <translation>XLSX/ODS: das zu lesende Blatt. Leer: das Blatt, dessen Zeilen das Schlüsselfeld enthalten (mehrere solche Blätter: Fehler), ohne Schlüsselfeld das erste Blatt mit einer Tabelle. Eine als 'datei.xlsx|layername=Blatt' angegebene Tabelle nennt ihr Blatt selbst. Titelzeilen über der Kopfzeile werden übersprungen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Empty: decided per column from all its cells; the report says how each column was read, and an ambiguous column stops with a message. ',' or '.': the mark for columns whose cells do not settle it. 'Column=,; Other=.': the mark of these columns, always.</source>
      <translation>Leer: je Spalte aus allen ihren Zellen bestimmt; der Bericht nennt, wie jede Spalte gelesen wurde, und eine mehrdeutige Spalte bricht mit einer Meldung ab. ',' oder '.': das Zeichen für Spalten, deren Zellen es nicht entscheiden. 'Spalte=,; Andere=.': das Zeichen dieser Spalten, immer.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Numbers that mean 'no value' in every indicator, separated by ';' (add -1 if a source uses it). They become NULL with their reason; the catalogue column missing_codes adds codes per indicator. Empty: no codes.</source>
      <translation>Zahlen, die in jedem Indikator „kein Wert“ bedeuten, getrennt durch ';' (-1 ergänzen, wenn eine Quelle es so nutzt). Sie werden NULL mit ihrem Grund; die Katalogspalte missing_codes ergänzt Codes je Indikator. Leer: keine Codes.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Sources write 0 in every indicator for areas they did not publish: these zeros become NULL ('in der Quelle 0 in allen Indikatoren') and are listed. Off: they stay 0 and are only flagged.</source>
      <translation>Quellen schreiben für nicht veröffentlichte Gebiete 0 in jeden Indikator: diese Nullen werden NULL („in der Quelle 0 in allen Indikatoren“) und aufgeführt. Aus: sie bleiben 0 und werden nur markiert.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>A column marking rows valid or invalid (gültig/ungültig, ja/nein, 1/0): invalid rows get NULL in every indicator; other words in it stop with a message.</source>
      <translation>Eine Spalte, die Zeilen als gültig oder ungültig kennzeichnet (gültig/ungültig, ja/nein, 1/0): ungültige Zeilen bekommen NULL in jedem Indikator; andere Wörter darin brechen mit einer Meldung ab.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Pad numeric keys with leading zeros to this width on both sides (0 = off).</source>
      <translation>Numerische Schlüssel auf beiden Seiten mit führenden Nullen auf diese Breite auffüllen (0 = aus).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Compare only the digits of keys such as '03 Nordstadt' or 'STGT03'.</source>
      <translation>Nur die Ziffern von Schlüsseln wie '03 Nordstadt' oder 'STGT03' vergleichen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>An error unless you choose a rule; every duplicate is listed in the report.</source>
      <translation>Ein Fehler, solange keine Regel gewählt ist; jeder doppelte Schlüssel steht im Bericht.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Flag only, or leave the values of such areas empty.</source>
      <translation>Nur markieren oder die Werte solcher Gebiete leer lassen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>The areas with one numeric field per indicator (aliases from the catalogue).</source>
      <translation>Die Gebiete mit einem Zahlenfeld je Indikator (Aliasnamen aus dem Katalog).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Status, reason and value of every table row, every NULL value and every flag.</source>
      <translation>Status, Grund und Wert jeder Tabellenzeile, jedes NULL-Werts und jeder Markierung.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Join run inside the database (PostGIS push-down): no row was read into QGIS.</source>
      <translation>Join in der Datenbank ausgeführt (PostGIS-Push-down): keine Zeile wurde in QGIS gelesen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>The polygon layer of the areas (it is never changed).</source>
      <translation>Der Polygonlayer der Gebiete (er wird nie verändert).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Indicator tables</source>
      <translation>Indikatortabellen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Key field in the tables (empty: first column)</source>
      <translation>Schlüsselfeld in den Tabellen (leer: erste Spalte)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Name field in the tables</source>
      <translation>Namensfeld in den Tabellen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Table layout</source>
      <translation>Tabellenaufbau</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long table: variable field(s), comma-separated</source>
      <translation>Langtabelle: Merkmalsfeld(er), durch Kommas getrennt</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long table: value field</source>
      <translation>Langtabelle: Wertfeld</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long table: year field</source>
      <translation>Langtabelle: Jahresfeld</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long table: years to keep, comma-separated (empty: all)</source>
      <translation>Langtabelle: Jahre, durch Kommas getrennt (leer: alle)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Sheet of spreadsheet tables</source>
      <translation>Tabellenblatt (XLSX/ODS)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Decimal mark</source>
      <translation>Dezimalzeichen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Rows with 0 in every indicator are no values</source>
      <translation>Zeilen mit 0 in allen Indikatoren sind keine Angabe</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Validity field in the tables</source>
      <translation>Gültigkeitsfeld in den Tabellen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Key width: pad keys with leading zeros (0 = off)</source>
      <translation>Schlüsselbreite: mit führenden Nullen auffüllen (0 = aus)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Extract key digits from text (e.g. '03 Nordstadt')</source>
      <translation>Schlüssel aus Text ziehen (z. B. '03 Nordstadt')</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Duplicate keys in a table</source>
      <translation>Doppelte Schlüssel in einer Tabelle</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Duplicate keys in the layer</source>
      <translation>Doppelte Schlüssel im Layer</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Name mismatch</source>
      <translation>Namensabweichung</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Joined social spaces</source>
      <translation>Sozialräume mit Indikatoren</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Join report (table)</source>
      <translation>Verbindungsbericht (Tabelle)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Join report (HTML)</source>
      <translation>Verbindungsbericht (HTML)</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Table rows joined</source>
      <translation>Verbundene Tabellenzeilen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Table rows without area</source>
      <translation>Tabellenzeilen ohne Gebiet</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Areas without data</source>
      <translation>Gebiete ohne Daten</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>feature ids differ from the source</source>
      <translation>Objekt-IDs weichen von der Quelle ab</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Please choose at least one indicator table.</source>
      <translation>Bitte mindestens eine Indikatortabelle wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Wide: one row per area</source>
      <translation>Breit: eine Zeile je Gebiet</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Long: area x [year] x variable x value</source>
      <translation>Lang: Gebiet x [Jahr] x Merkmal x Wert</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Stop with an error</source>
      <translation>Mit Fehler abbrechen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Use the first row</source>
      <translation>Erste Zeile verwenden</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Use the last row</source>
      <translation>Letzte Zeile verwenden</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Sum the rows</source>
      <translation>Zeilen summieren</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Average the rows</source>
      <translation>Zeilen mitteln</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Leave these areas empty</source>
      <translation>Diese Gebiete leer lassen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Copy values to each area</source>
      <translation>Werte auf jedes Gebiet kopieren</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Flag in the report, join anyway</source>
      <translation>Im Bericht markieren, trotzdem verbinden</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Flag and leave the values empty</source>
      <translation>Markieren und Werte leer lassen</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>{matched} table rows joined, {rows} without area, {areas} areas without data.</source>
      <translation>{matched} Tabellenzeilen verbunden, {rows} ohne Gebiet, {areas} Gebiete ohne Daten.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Output written as a copy of the source inside SQLite (no feature by feature).</source>
      <translation>Ausgabe als Kopie der Quelle in SQLite geschrieben (nicht Objekt für Objekt).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Output written feature by feature ({reason}).</source>
      <translation>Ausgabe Objekt für Objekt geschrieben ({reason}).</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>PostGIS push-down not used ({reason}): the join runs in QGIS. It needs the areas, every table and the output in one PostGIS database.</source>
      <translation>PostGIS-Push-down nicht genutzt ({reason}): der Join läuft in QGIS. Dafür müssen Gebiete, alle Tabellen und die Ausgabe in einer PostGIS-Datenbank liegen.</translation>
    </message>
    <message>
      <location filename="algorithms/join_indicators.py" />
      <source>Reading {path}</source>
      <translation>Lese {path}</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Create map series</source>
      <translation>Kartenserie erstellen</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Makes one classified map per indicator, all in the same design: as print layouts added to the project (to finish by hand in the layout designer), as one multi-page PDF and/or as one file per map. The input layer and its style are not changed: each map shows a styled copy.</source>
      <translation>Erstellt je Indikator eine klassifizierte Karte, alle im selben Design: als Drucklayouts im Projekt (zum Fertigstellen von Hand im Layout-Designer), als ein mehrseitiges PDF und/oder als eine Datei je Karte. Der Eingabelayer und sein Stil bleiben unverändert: jede Karte zeigt eine gestaltete Kopie.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>The polygon layer with the indicator fields.</source>
      <translation>Der Polygonlayer mit den Indikatorfeldern.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>The fields to map, one page each, in this order. Empty: the numeric fields listed in the indicator catalogue (in catalogue order), or all numeric fields when there is no catalogue. Fields without any value get no page.</source>
      <translation>Die zu kartierenden Felder, je eine Seite, in dieser Reihenfolge. Leer: die im Indikatorenkatalog aufgeführten Zahlenfelder (in Katalogreihenfolge) oder alle Zahlenfelder, wenn es keinen Katalog gibt. Felder ohne jeden Wert erhalten keine Seite.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>How the values are divided into classes (the same method for every map, each indicator gets its own class breaks).</source>
      <translation>Wie die Werte in Klassen eingeteilt werden (dieselbe Methode für jede Karte, jeder Indikator erhält eigene Klassengrenzen).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Classes per map (methods with a fixed number of classes ignore it).</source>
      <translation>Klassen je Karte (Verfahren mit fester Klassenzahl übergehen sie).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>For the manual method the upper class bounds (e.g. 5;10;20), for the step method the width of a class.</source>
      <translation>Bei der manuellen Methode die oberen Klassengrenzen (z. B. 5;10;20), bei der Schrittweiten-Methode die Breite einer Klasse.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Changes with a sign (e.g. percentage points) get a diverging ramp centred on 0: the unfavourable side red, the other blue, the class holding 0 pale (polarity from the catalogue; neutral indicators purple/orange). Counts are drawn as circles sized by class, never as a choropleth.</source>
      <translation>Veränderungen mit Vorzeichen (z. B. Prozentpunkte) erhalten einen zweifarbigen Verlauf mit der Mitte bei 0: die ungünstige Seite rot, die andere blau, die Klasse mit der 0 blass (Polarität aus dem Katalog; neutrale Indikatoren lila/orange). Anzahlen werden als nach Klasse abgestufte Kreise gezeigt, nie als Flächenfärbung.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>German labels.</source>
      <translation>Deutsche Beschriftungen.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Items are found by their item id: karte (map, required), titel, untertitel, legende, massstab, nordpfeil, quelle, stand, seite.</source>
      <translation>Die Elemente werden an ihrer Element-ID erkannt: karte (Karte, erforderlich), titel, untertitel, legende, massstab, nordpfeil, quelle, stand, seite.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Polygon layer drawn as outlines over the maps (e.g. districts).</source>
      <translation>Polygonlayer, der als Umrisse über die Karten gezeichnet wird (z. B. Bezirke).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Names written on the parent units.</source>
      <translation>Namen, die auf die übergeordneten Einheiten geschrieben werden.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>A field of the social spaces written on each area (small).</source>
      <translation>Feld der Sozialräume, das auf jedes Gebiet geschrieben wird (klein).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Text pattern with the placeholders {label}, {id}, {description}, {unit}, {year}, {theme}, {source}, {method}, {classes}; empty placeholders leave no empty brackets.</source>
      <translation>Textmuster mit den Platzhaltern {label}, {id}, {description}, {unit}, {year}, {theme}, {source}, {method}, {classes}; leere Platzhalter hinterlassen keine leeren Klammern.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Text pattern as for the title.</source>
      <translation>Textmuster wie beim Titel.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Pattern for the source line; empty: 'Quelle:' and the catalogue's source (plus the attribution of the sample data when the sample is mapped).</source>
      <translation>Muster für die Quellenzeile; leer: 'Quelle:' und die Quelle aus dem Katalog (plus der Quellenvermerk der Beispieldaten, wenn die Beispieldaten kartiert werden).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Shown as 'Stand: …'.</source>
      <translation>Angezeigt als 'Stand: …'.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Adds '(n)' to each legend entry.</source>
      <translation>Fügt jedem Legendeneintrag '(n)' hinzu.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Dots per inch of the exports (300 for print).</source>
      <translation>Punkte je Zoll der Exporte (300 für den Druck).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Keep one layout per indicator in the project, named after the indicator, with the styled copies in a hidden layer group 'Kartenserie: …'. Run from qgis_process there is no project to keep them in.</source>
      <translation>Je Indikator ein Layout im Projekt behalten, nach dem Indikator benannt, mit den gestalteten Kopien in einer ausgeblendeten Layergruppe 'Kartenserie: …'. Bei Aufruf über qgis_process gibt es kein Projekt, in dem sie bleiben könnten.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>One PDF with one page per indicator.</source>
      <translation>Ein PDF mit einer Seite je Indikator.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>One PNG, SVG or PDF per indicator, named &lt;number&gt;_&lt;field&gt;.</source>
      <translation>Je Indikator ein PNG, SVG oder PDF, benannt &lt;Nummer&gt;_&lt;Feld&gt;.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>File format of the single maps in the folder.</source>
      <translation>Dateiformat der Einzelkarten im Ordner.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Indicators (empty: all)</source>
      <translation>Indikatoren (leer: alle)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Classification method</source>
      <translation>Klassifizierungsmethode</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Class breaks (manual) or step width (step), separated by ';'</source>
      <translation>Klassengrenzen (manuell) oder Schrittweite (Schritte), getrennt durch ';'</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Colour ramp</source>
      <translation>Farbverlauf</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Layout template</source>
      <translation>Layoutvorlage</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Own layout template (.qpt, replaces the choice above)</source>
      <translation>Eigene Layoutvorlage (.qpt, ersetzt die Auswahl oben)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Parent units (overlay)</source>
      <translation>Übergeordnete Einheiten (Overlay)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Label field of the parent units</source>
      <translation>Beschriftungsfeld der übergeordneten Einheiten</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Area label field</source>
      <translation>Beschriftungsfeld der Gebiete</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Title</source>
      <translation>Titel</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Subtitle</source>
      <translation>Untertitel</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Source line (empty: from the catalogue)</source>
      <translation>Quellenzeile (leer: aus dem Katalog)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Date (empty: today)</source>
      <translation>Stand (leer: heute)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Show the number of areas per class in the legend</source>
      <translation>Anzahl der Gebiete je Klasse in der Legende zeigen</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Resolution (dpi)</source>
      <translation>Auflösung (dpi)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Add layouts to the project</source>
      <translation>Layouts zum Projekt hinzufügen</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Map series (PDF)</source>
      <translation>Kartenserie (PDF)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <location filename="algorithms/profile_report.py" />
      <source>PDF files (*.pdf)</source>
      <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Folder for single maps</source>
      <translation>Ordner für Einzelkarten</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Format of single maps</source>
      <translation>Format der Einzelkarten</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Number of maps</source>
      <translation>Anzahl der Karten</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Layouts added to the project</source>
      <translation>Zum Projekt hinzugefügte Layouts</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>No project open (e.g. run from qgis_process): the layouts are only exported, not kept.</source>
      <translation>Kein Projekt geöffnet (z. B. Aufruf über qgis_process): die Layouts werden nur exportiert, nicht behalten.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Nothing to do: give a PDF file, a folder for single maps, or add the layouts to the project.</source>
      <translation>Nichts zu tun: bitte eine PDF-Datei oder einen Ordner für Einzelkarten angeben oder die Layouts zum Projekt hinzufügen.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Cancelled: nothing was written and no layout was added.</source>
      <translation>Abgebrochen: es wurde nichts geschrieben und kein Layout hinzugefügt.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>{n} maps: {fields}</source>
      <translation>{n} Karten: {fields}</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Automatic: two colours around 0 for values with both signs</source>
      <translation>Automatisch: zweifarbig um 0 bei Werten mit beiden Vorzeichen</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>One colour (sequential)</source>
      <translation>Einfarbig (sequenziell)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Two colours around 0 (diverging)</source>
      <translation>Zweifarbig um 0 (divergierend)</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>A4 portrait</source>
      <translation>A4 Hochformat</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>A4 landscape</source>
      <translation>A4 Querformat</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>A3 landscape</source>
      <translation>A3 Querformat</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Layer {layer} has no numeric fields to map. Join the indicators first.</source>
      <translation>Layer {layer} hat keine numerischen Felder zum Kartieren. Bitte zuerst die Indikatoren anhängen.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>The method '{method}' needs class breaks or a step width (parameter BREAKS, e.g. 5;10;20).</source>
      <translation>Die Methode '{method}' braucht Klassengrenzen oder eine Schrittweite (Parameter BREAKS, z. B. 5;10;20).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>{field}: no value to map (all empty or suppressed); no map.</source>
      <translation>{field}: kein Wert zum Kartieren (alle leer oder unterdrückt); keine Karte.</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>PDF with {n} pages: {path}</source>
      <translation>PDF mit {n} Seiten: {path}</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>{n} layouts added to the project (Project &gt; Layouts).</source>
      <translation>{n} Layouts zum Projekt hinzugefügt (Projekt &gt; Layouts).</translation>
    </message>
    <message>
      <location filename="algorithms/map_series.py" />
      <source>Layer {layer}: {fields} is not a numeric field. Choose numeric indicator fields.</source>
      <translation>Layer {layer}: {fields} ist kein numerisches Feld. Bitte numerische Indikatorfelder wählen.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Create social space profiles</source>
      <translation>Sozialraumprofile erstellen</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Profiles</source>
      <translation>Profile</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Writes the profiles of all social spaces (or only the selected ones) as one report, grouped by parent unit: HTML, Excel (one sheet per parent unit) and a printed PDF with one A4 page per area (locator map, table by theme with deviation bars, source, data date, page numbers), with the same numbers as the profile dock. The PDF is a QGIS atlas layout: it is added to the project's layouts to edit in the layout designer and saved as a template (.qpt) beside the PDF, with its data in a GeoPackage beside the PDF (profile.pdf: profile_atlas.gpkg, profile.qpt).</source>
      <translation>Schreibt die Profile aller Sozialräume (oder nur der ausgewählten) als einen Bericht, gegliedert nach übergeordneter Einheit: HTML, Excel (ein Tabellenblatt je übergeordneter Einheit) und ein Druck-PDF mit einer A4-Seite je Gebiet (Lagekarte, Tabelle nach Themen mit Abweichungsbalken, Quelle, Datenstand, Seitenzahlen), mit denselben Zahlen wie das Profilfenster. Das PDF ist ein QGIS-Atlaslayout: Es wird den Layouts des Projekts hinzugefügt (im Layoutdesigner bearbeitbar) und als Vorlage (.qpt) neben dem PDF gespeichert, seine Daten in einem GeoPackage neben dem PDF (profile.pdf: profile_atlas.gpkg, profile.qpt).</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>The polygon layer; region values, ranks and z-scores are always computed over all its areas.</source>
      <translation>Der Polygonlayer; Gesamtwerte, Ränge und z-Werte werden immer über alle seine Gebiete berechnet.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Report only the selected features.</source>
      <translation>Nur die ausgewählten Objekte berichten.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>The name of each area.</source>
      <translation>Der Name jedes Gebiets.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>The name of the parent unit (e.g. the district name).</source>
      <translation>Der Name der übergeordneten Einheit (z. B. der Bezirksname).</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Residents; weights indicators without counts (weighted mean, marked as an approximation) and applies the minimum population.</source>
      <translation>Einwohner; gewichtet Indikatoren ohne Fallzahlen (gewichteter Mittelwert, als Näherung gekennzeichnet) und wendet die Mindesteinwohnerzahl an.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>All profiles as one HTML page, grouped by parent unit.</source>
      <translation>Alle Profile als eine HTML-Seite, gegliedert nach übergeordneter Einheit.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>One sheet per parent unit; leave empty to skip.</source>
      <translation>Ein Tabellenblatt je übergeordneter Einheit; leer lassen, um es zu überspringen.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>One A4 page per area, as a QGIS atlas. Beside it, named like the PDF (profile.pdf): profile_atlas.gpkg (the pages' data, kept for the layout) and profile.qpt (the layout as a template). Run in a project, the layout is added as 'Sozialraumprofile – ' and the layer's name (an older one of that name is replaced). Leave empty to skip.</source>
      <translation>Eine A4-Seite je Gebiet, als QGIS-Atlas. Daneben, benannt wie das PDF (profile.pdf): profile_atlas.gpkg (die Daten der Seiten, bleiben für das Layout erhalten) und profile.qpt (das Layout als Vorlage). In einem Projekt ausgeführt, wird das Layout als „Sozialraumprofile – “ und Name des Layers hinzugefügt (ein älteres gleichen Namens wird ersetzt). Leer lassen, um es zu überspringen.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Selected areas only</source>
      <translation>Nur ausgewählte Gebiete</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Groups the report (e.g. the district key); the parent unit's values are computed from summed counts.</source>
      <translation>Gliedert den Bericht (z. B. der Bezirksschlüssel); die Werte der übergeordneten Einheit werden aus summierten Fallzahlen berechnet.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Parent unit name field</source>
      <translation>Namensfeld der übergeordneten Einheit</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>HTML report</source>
      <translation>HTML-Bericht</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Excel workbook</source>
      <translation>Excel-Arbeitsmappe</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Excel files (*.xlsx)</source>
      <translation>Excel-Dateien (*.xlsx)</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>PDF report</source>
      <translation>PDF-Bericht</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Atlas data (GeoPackage)</source>
      <translation>Atlasdaten (GeoPackage)</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Layout template (.qpt)</source>
      <translation>Layoutvorlage (.qpt)</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Layout added to the project</source>
      <translation>Dem Projekt hinzugefügtes Layout</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Number of PDF pages</source>
      <translation>Anzahl der PDF-Seiten</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Cancelled: nothing of the PDF was written; an earlier run's PDF, atlas data, template and layout are unchanged.</source>
      <translation>Abgebrochen: Vom PDF wurde nichts geschrieben; PDF, Atlasdaten, Vorlage und Layout eines früheren Laufs sind unverändert.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>The profile table does not fit on one page even at 5 pt: the last rows are cut off. Print fewer indicators (catalogue) or edit the layout.</source>
      <translation>Die Profiltabelle passt auch in 5 pt nicht auf eine Seite: Die letzten Zeilen fehlen. Weniger Indikatoren drucken (Katalog) oder das Layout anpassen.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Computing the profiles of {count} areas</source>
      <translation>Berechne die Profile von {count} Gebieten</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>{areas} profiles in {groups} parent units</source>
      <translation>{areas} Profile in {groups} übergeordneten Einheiten</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>PDF with {n} pages (one per area); atlas data: {data}; template: {template}</source>
      <translation>PDF mit {n} Seiten (eine je Gebiet); Atlasdaten: {data}; Vorlage: {template}</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>No area of layer '{layer}' is selected. Select areas or switch off 'Selected areas only'.</source>
      <translation>Im Layer '{layer}' ist kein Gebiet ausgewählt. Bitte Gebiete auswählen oder 'Nur ausgewählte Gebiete' ausschalten.</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Layout '{name}' added to the project (Project &gt; Layouts).</source>
      <translation>Layout „{name}“ dem Projekt hinzugefügt (Projekt &gt; Layouts).</translation>
    </message>
    <message>
      <location filename="algorithms/profile_report.py" />
      <source>Written: {path}</source>
      <translation>Geschrieben: {path}</translation>
    </message>
    <message>
      <location filename="algorithms/provider.py" />
      <source>Sozialraum Monitor: small-area social monitoring</source>
      <translation>Sozialraum Monitor: kleinräumiges Sozialmonitoring</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Analyse care supply</source>
      <translation>Versorgung analysieren</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Care supply of each social space (e.g. day care for the elderly): facilities and places inside, places per 1,000 of the target population, and the places within reach by the two-step floating catchment area method (2SFCA) and its enhanced variant with distance decay (E2SFCA), on straight-line or road distances. Against a target ratio each space is classed as under-supplied, supplied or over-supplied, today and for a forecast population. Same definitions as PySAL access. The inputs are never changed.</source>
      <translation>Versorgung jedes Sozialraums (z. B. Tagespflege für Ältere): Einrichtungen und Plätze im Gebiet, Plätze je 1.000 der Zielbevölkerung und die erreichbaren Plätze nach der Two-Step-Floating-Catchment-Area-Methode (2SFCA) und ihrer erweiterten Form mit Distanzabnahme (E2SFCA), auf Luftlinie oder Straßenentfernung. Gemessen an einem Zielwert wird jeder Sozialraum als unterversorgt, versorgt oder überversorgt eingestuft, heute und für eine Prognose der Zielbevölkerung. Gleiche Definitionen wie PySAL access. Die Eingaben werden nie verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>People the facilities are for, per social space (e.g. residents aged 65 and over).</source>
      <translation>Die Menschen, für die die Einrichtungen da sind, je Sozialraum (z. B. Einwohner ab 65 Jahren).</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>The target population of a future year: measures and classes for it with today's places.</source>
      <translation>Die Zielbevölkerung eines künftigen Jahres: Maße und Klassen dafür mit den heutigen Plätzen.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Points that stand for where the people of each space live (e.g. population-weighted centres), matched by key. Without them (or where one is missing) the centroid is used.</source>
      <translation>Punkte, die für den Wohnort der Menschen jedes Sozialraums stehen (z. B. bevölkerungsgewichtete Zentren), über den Schlüssel zugeordnet. Ohne sie (oder wo einer fehlt) gilt der Schwerpunkt.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>The field of the population points that holds the social-space key.</source>
      <translation>Das Feld der Bevölkerungspunkte mit dem Schlüssel des Sozialraums.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Points or polygons (their centroids are used) of the facilities, in any CRS.</source>
      <translation>Punkte oder Flächen (deren Schwerpunkte gelten) der Einrichtungen, in beliebigem KBS.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Places of each facility.</source>
      <translation>Plätze jeder Einrichtung.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>An expression that selects the facilities to count, e.g. "type" = 'Tagespflege'.</source>
      <translation>Ein Ausdruck, der die zu zählenden Einrichtungen auswählt, z. B. "type" = 'Tagespflege'.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Largest distance at which a facility is within reach (inclusive), in the units of the social spaces' CRS (metres).</source>
      <translation>Größte Entfernung, bei der eine Einrichtung erreichbar ist (einschließlich), in den Einheiten des KBS der Sozialräume (Meter).</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>How the weight of a facility falls with distance in E2SFCA.</source>
      <translation>Wie das Gewicht einer Einrichtung bei E2SFCA mit der Entfernung abnimmt.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>sigma of w(d) = exp(-d²/(2 sigma²)), in metres. 0 = half the catchment.</source>
      <translation>Sigma von w(d) = exp(−d²/(2·Sigma²)), in Metern. 0 = halber Einzugsbereich.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Own steps as 'limit:weight' separated by ';', e.g. 500:1;1000:0,68;1500:0,22 (the last limit is the catchment of E2SFCA). Empty: Luo &amp; Qi's.</source>
      <translation>Eigene Stufen als „Grenze:Gewicht“, mit „;“ getrennt, z. B. 500:1;1000:0,68;1500:0,22 (die letzte Grenze ist der Einzugsbereich von E2SFCA). Leer: die Stufen nach Luo &amp; Qi.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Lines: distances along the roads (QGIS network analysis, both directions) instead of straight lines; the way from a point to the nearest road counts too.</source>
      <translation>Linien: Entfernungen entlang der Straßen (QGIS-Netzwerkanalyse, beide Richtungen) statt Luftlinie; der Weg von einem Punkt zur nächsten Straße zählt mit.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>The planning target; with it every space is classed as under-supplied, supplied or over-supplied and the missing places are counted. Empty: no classes.</source>
      <translation>Der Planungswert; mit ihm wird jeder Sozialraum als unterversorgt, versorgt oder überversorgt eingestuft und die fehlenden Plätze werden gezählt. Leer: keine Klassen.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Values within target ± this percentage count as supplied.</source>
      <translation>Werte innerhalb Zielwert ± dieser Prozentzahl gelten als versorgt.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Which measure is compared with the target ratio.</source>
      <translation>Welches Maß mit dem Zielwert verglichen wird.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>The social spaces with the measures (German aliases).</source>
      <translation>Die Sozialräume mit den Maßen (deutsche Aliasnamen).</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Summary per parent unit (needs the parent unit field).</source>
      <translation>Übersicht je übergeordneter Einheit (braucht das Feld der übergeordneten Einheit).</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Catchment, decay, target ratio and results as an HTML page.</source>
      <translation>Einzugsbereich, Distanzabnahme, Zielwert und Ergebnisse als HTML-Seite.</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Target population field</source>
      <translation>Feld Zielbevölkerung</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Forecast target population field</source>
      <translation>Feld Zielbevölkerung (Prognose)</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Population points</source>
      <translation>Bevölkerungspunkte</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Key field of the population points</source>
      <translation>Schlüsselfeld der Bevölkerungspunkte</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Facilities</source>
      <translation>Einrichtungen</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Capacity field (places)</source>
      <translation>Feld Platzzahl</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Facility filter</source>
      <translation>Filter für Einrichtungen</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Distance decay (E2SFCA)</source>
      <translation>Distanzabnahme (E2SFCA)</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Steps</source>
      <translation>Stufen</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Road network</source>
      <translation>Straßennetz</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Measure for the classes</source>
      <translation>Maß für die Versorgungsklassen</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Supply per social space</source>
      <translation>Versorgung je Sozialraum</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Supply per parent unit</source>
      <translation>Versorgung je übergeordneter Einheit</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Report of assumptions</source>
      <translation>Bericht der Annahmen</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Catchment</source>
      <translation>Einzugsbereich</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Width of the Gaussian decay</source>
      <translation>Breite der Gauß-Abnahme</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Target ratio (places per 1,000)</source>
      <translation>Zielwert (Plätze je 1.000)</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Tolerance around the target (%)</source>
      <translation>Toleranz um den Zielwert (%)</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Gaussian</source>
      <translation>Gauß</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Steps (Luo &amp; Qi: 1, 0.68, 0.22 on thirds of the catchment)</source>
      <translation>Stufen (Luo &amp; Qi: 1; 0,68; 0,22 auf Dritteln des Einzugsbereichs)</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>Places inside per 1,000</source>
      <translation>Plätze im Gebiet je 1.000</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>2SFCA</source>
      <translation>2SFCA</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>E2SFCA</source>
      <translation>E2SFCA</translation>
    </message>
    <message>
      <location filename="algorithms/supply.py" />
      <source>{n} social spaces have no population point: their centroid is used.</source>
      <translation>{n} Sozialräume haben keinen Bevölkerungspunkt: ihr Schwerpunkt wird verwendet.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Form types of social spaces</source>
      <translation>Sozialraumtypen bilden</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Groups the social spaces into types with similar indicator profiles (e.g. 'urban, poor, young'): hierarchical clustering after Ward of the z-standardised indicators, optionally refined by k-means. The report shows each type's profile (heat table and bars) and the figures for choosing the number of types (variance explained, elbow, silhouette). Same input, same types and numbers. Values hidden by the privacy rule are not clustered. The layer is not changed.</source>
      <translation>Fasst die Sozialräume zu Typen mit ähnlichem Indikatorprofil zusammen (z. B. „städtisch, arm, jung“): hierarchische Clusteranalyse nach Ward über die z-standardisierten Indikatoren, wahlweise mit k-Means verfeinert. Der Bericht zeigt das Profil jedes Typs (Wärmetabelle und Balken) und die Kennzahlen zur Wahl der Typenzahl (erklärte Streuung, Ellbogen, Silhouette). Gleiche Eingabe, gleiche Typen und Nummern. Durch die Geheimhaltung ausgeblendete Werte werden nicht geclustert. Der Layer wird nicht verändert.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>The numeric fields the types are formed from; each is z-standardised (mean 0, population standard deviation 1), so units do not matter. Areas with an empty or suppressed value get no type.</source>
      <translation>Die Zahlenfelder, aus denen die Typen gebildet werden; jedes wird z-standardisiert (Mittelwert 0, Populations-Standardabweichung 1), Einheiten spielen also keine Rolle. Gebiete mit leerem oder unterdrücktem Wert erhalten keinen Typ.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>How many types (k). The report compares k = 1 to 10 so that the choice can be checked.</source>
      <translation>Wie viele Typen (k). Der Bericht vergleicht k = 1 bis 10, damit sich die Wahl prüfen lässt.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>One weight per indicator, separated by ';' (e.g. 2; 1; 1). Weight 2 counts like the indicator taken twice. Empty: all 1.</source>
      <translation>Ein Gewicht je Indikator, getrennt durch „;“ (z. B. 2; 1; 1). Gewicht 2 zählt wie der zweimal aufgenommene Indikator. Leer: alle 1.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>One of the indicators: type 1 has its highest mean, type 2 the next and so on. Empty: by size (type 1 is the largest).</source>
      <translation>Einer der Indikatoren: Typ 1 hat dessen höchsten Mittelwert, Typ 2 den nächsten usw. Leer: nach Größe (Typ 1 ist der größte).</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Moves areas to the type with the nearest centre, starting from the Ward types, until nothing changes (the types become more compact; the report says how many moved).</source>
      <translation>Verschiebt Gebiete, ausgehend von den Ward-Typen, zum Typ mit dem nächsten Zentrum, bis sich nichts mehr ändert (die Typen werden kompakter; der Bericht nennt, wie viele wechselten).</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>The type name table written by an earlier run, with the names you entered. Each type gets the name of the saved type with the most similar profile.</source>
      <translation>Die Namenstabelle eines früheren Laufs mit den eingetragenen Namen. Jeder Typ erhält den Namen des gespeicherten Typs mit dem ähnlichsten Profil.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>The social spaces with typ (number), typname and typ_grund (why an area has no type), styled by type. A .qml style is written beside file outputs.</source>
      <translation>Die Sozialräume mit typ (Nummer), typname und typ_grund (warum ein Gebiet keinen Typ hat), nach Typ dargestellt. Neben Dateiausgaben wird ein .qml-Stil geschrieben.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>typ; name; anzahl; beschreibung and the mean z of each indicator. Enter names in the column name and give the file as 'Type names of an earlier run' next time.</source>
      <translation>typ; name; anzahl; beschreibung und der mittlere z-Wert jedes Indikators. Namen in der Spalte name eintragen und die Datei beim nächsten Mal als „Typnamen eines früheren Laufs“ angeben.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>The profiles of the types and the figures for choosing their number.</source>
      <translation>Die Profile der Typen und die Kennzahlen zur Wahl ihrer Zahl.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Number of types</source>
      <translation>Zahl der Typen</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Number the types by</source>
      <translation>Typen nummerieren nach</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Refine with k-means</source>
      <translation>Mit k-Means verfeinern</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Type names of an earlier run</source>
      <translation>Typnamen eines früheren Laufs</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Types of social spaces</source>
      <translation>Sozialraumtypen</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Type names (CSV to edit)</source>
      <translation>Typnamen (CSV zum Bearbeiten)</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>CSV files (*.csv)</source>
      <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Number of types at the elbow</source>
      <translation>Typenzahl am Ellbogen</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Number of types with the best silhouette</source>
      <translation>Typenzahl mit der besten Silhouette</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Share of variance explained</source>
      <translation>Anteil erklärter Streuung</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>{n} areas in {k} types; {missing} areas without a type (empty or suppressed values).</source>
      <translation>{n} Gebiete in {k} Typen; {missing} Gebiete ohne Typ (leere oder unterdrückte Werte).</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Elbow at k = {elbow}, best silhouette at k = {best}.</source>
      <translation>Ellbogen bei k = {elbow}, beste Silhouette bei k = {best}.</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>Type {number} ({name}): {size} areas; {description}</source>
      <translation>Typ {number} ({name}): {size} Gebiete; {description}</translation>
    </message>
    <message>
      <location filename="algorithms/typology.py" />
      <source>k-means moved {n} areas to another type.</source>
      <translation>k-Means hat {n} Gebiete einem anderen Typ zugeordnet.</translation>
    </message>
    <message>
      <location filename="ui/about.py" />
      <source>Small-area social monitoring for QGIS: join indicator tables, classify and map indicators, composite indices, comparisons and social space profiles.</source>
      <translation>Kleinräumiges Sozialmonitoring für QGIS: Indikatortabellen anbinden, Indikatoren klassifizieren und kartieren, Sozialindizes, Vergleiche und Sozialraumprofile.</translation>
    </message>
    <message>
      <location filename="ui/about.py" />
      <source>Sample data:</source>
      <translation>Beispieldaten:</translation>
    </message>
    <message>
      <location filename="ui/about.py" />
      <source>Sozialraum Monitor {version}</source>
      <translation>Sozialraum Monitor {version}</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Show profile</source>
      <translation>Profil anzeigen</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Show profile: click a social space on the map (Ctrl+click: compare with the shown area)</source>
      <translation>Profil anzeigen: auf einen Sozialraum in der Karte klicken (Strg+Klick: mit dem angezeigten Gebiet vergleichen)</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Pin for comparison</source>
      <translation>Zum Vergleich anheften</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Set up profile…</source>
      <translation>Profil einrichten …</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Copy profile</source>
      <translation>Profil kopieren</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Export profile</source>
      <translation>Profil exportieren</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Profile tools</source>
      <translation>Profilwerkzeuge</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Click a social space to see its profile.</source>
      <translation>Klicken Sie auf einen Sozialraum, um sein Profil zu sehen.</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Social space</source>
      <translation>Sozialraum</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>&amp;Compare with:</source>
      <translation>&amp;Vergleichen mit:</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Parent unit to compare with</source>
      <translation>Übergeordnete Einheit für den Vergleich</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Indicators of the social space</source>
      <translation>Indikatoren des Sozialraums</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Details of the selected indicator</source>
      <translation>Einzelheiten des gewählten Indikators</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Profile copied to the clipboard</source>
      <translation>Profil in die Zwischenablage kopiert</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Export as CSV…</source>
      <translation>Als CSV exportieren …</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Export as Excel (XLSX)…</source>
      <translation>Als Excel (XLSX) exportieren …</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Export as HTML…</source>
      <translation>Als HTML exportieren …</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Export as PDF…</source>
      <translation>Als PDF exportieren …</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Select an indicator to see all its values.</source>
      <translation>Wählen Sie einen Indikator, um alle seine Werte zu sehen.</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>The layer of the profile setup is not in the project.</source>
      <translation>Der Layer der Profileinrichtung ist nicht im Projekt.</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Set up the profile first: choose the layer of social spaces and its fields.</source>
      <translation>Bitte zuerst das Profil einrichten: Layer der Sozialräume und seine Felder wählen.</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Comparison</source>
      <translation>Vergleich</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Profile written to {path}</source>
      <translation>Profil geschrieben: {path}</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Population: {value}</source>
      <translation>Einwohner: {value}</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>{count} social spaces, {indicators} indicators</source>
      <translation>{count} Sozialräume, {indicators} Indikatoren</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>The profile could not be set up: {error}</source>
      <translation>Das Profil konnte nicht eingerichtet werden: {error}</translation>
    </message>
    <message>
      <location filename="ui/dock.py" />
      <source>Unknown export format: {format}</source>
      <translation>Unbekanntes Exportformat: {format}</translation>
    </message>
    <message>
      <location filename="ui/options.py" />
      <source>Statistical confidentiality: counts below the minimum count, every rate built on such a count and every value that would let one be recovered by subtraction are hidden in maps, profiles, reports and exports (shown as 'unterdrückt', never as 0). Areas with fewer residents than the minimum population show no values. These are the defaults of the algorithms' parameters and of the profile dock; a parameter given in a run always wins. 0 switches a threshold off.</source>
      <translation>Statistische Geheimhaltung: Fallzahlen unter der Mindestfallzahl, jede daraus gebildete Quote und jeder Wert, aus dem sich eine solche Fallzahl durch Differenzbildung zurückrechnen ließe, werden in Karten, Profilen, Berichten und Exporten ausgeblendet (als „unterdrückt“ gezeigt, nie als 0). Gebiete mit weniger Einwohnern als der Mindesteinwohnerzahl zeigen keine Werte. Dies sind die Vorgaben für die Parameter der Algorithmen und für das Profilfenster; ein beim Aufruf angegebener Parameter gilt immer vorrangig. 0 schaltet eine Schwelle ab.</translation>
    </message>
    <message>
      <location filename="ui/options.py" />
      <source>Counts from 1 to this number minus 1 are hidden. 0 = off.</source>
      <translation>Fallzahlen von 1 bis zu dieser Zahl minus 1 werden ausgeblendet. 0 = aus.</translation>
    </message>
    <message>
      <location filename="ui/options.py" />
      <source>Areas with fewer residents show no values. 0 = off.</source>
      <translation>Gebiete mit weniger Einwohnern zeigen keine Werte. 0 = aus.</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>no polarity</source>
      <translation>ohne Polarität</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Parent unit</source>
      <translation>Übergeordnete Einheit</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Other</source>
      <translation>Sonstige</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Difference ({second} − {first})</source>
      <translation>Differenz ({second} − {first})</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Value</source>
      <translation>Wert</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Difference</source>
      <translation>Differenz</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Rank</source>
      <translation>Rang</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Deviation</source>
      <translation>Abweichung</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Previous value</source>
      <translation>Vorjahr</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Change</source>
      <translation>Veränderung</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>z-score against all areas; red = worse than the region, blue = better</source>
      <translation>z-Wert gegenüber allen Gebieten; rot = ungünstiger als das Gesamtgebiet, blau = günstiger</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>{rank} of {count}</source>
      <translation>{rank} von {count}</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Percentile: {value}</source>
      <translation>Perzentil: {value}</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>worse than the region</source>
      <translation>ungünstiger als das Gesamtgebiet</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>better than the region</source>
      <translation>günstiger als das Gesamtgebiet</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Source: {source}</source>
      <translation>Quelle: {source}</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Year: {year}</source>
      <translation>Jahr: {year}</translation>
    </message>
    <message>
      <location filename="ui/profile_model.py" />
      <source>Second area minus first area: {second} − {first}</source>
      <translation>Zweites Gebiet minus erstes Gebiet: {second} − {first}</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Set up social space profile</source>
      <translation>Sozialraumprofil einrichten</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>&amp;Layer of social spaces:</source>
      <translation>&amp;Layer der Sozialräume:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>&amp;Key field:</source>
      <translation>&amp;Schlüsselfeld:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>&amp;Name field:</source>
      <translation>&amp;Namensfeld:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>&amp;Population field:</source>
      <translation>&amp;Einwohnerfeld:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Indicator catalogue (*.csv)</source>
      <translation>Indikatorenkatalog (*.csv)</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Indicator &amp;catalogue:</source>
      <translation>Indikatoren&amp;katalog:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>&amp;Detect</source>
      <translation>&amp;Erkennen</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Guess the fields from the layer's field names</source>
      <translation>Felder aus den Feldnamen des Layers erraten</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Detection notes</source>
      <translation>Hinweise der Erkennung</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>name:</source>
      <translation>Name:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Parent unit {number}:</source>
      <translation>Übergeordnete Einheit {number}:</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Parent unit {number}: key field</source>
      <translation>Übergeordnete Einheit {number}: Schlüsselfeld</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Parent unit {number}: name field</source>
      <translation>Übergeordnete Einheit {number}: Namensfeld</translation>
    </message>
    <message>
      <location filename="ui/setup_dialog.py" />
      <source>Parent unit '{field}': {count} areas whose key does not begin with the parent's key (area (parent)): {keys}. Check these rows; the parent unit is used for all others.</source>
      <translation>Übergeordnete Einheit '{field}': {count} Gebiete, deren Schlüssel nicht mit dem Schlüssel der übergeordneten Einheit beginnt (Gebiet (übergeordnete Einheit)): {keys}. Bitte diese Zeilen prüfen; für alle anderen wird die übergeordnete Einheit verwendet.</translation>
    </message>
  </context>
</TS>
