<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
  <context>
    <name>SozialraumMonitor</name>
    <message>
      <location filename="plugin.py" />
      <location filename="processing/provider.py" />
      <source>Sozialraum Monitor</source>
      <translation>Sozialraum Monitor</translation>
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
      <location filename="processing/provider.py" />
      <source>Sozialraum Monitor: small-area social monitoring</source>
      <translation>Sozialraum Monitor: kleinräumiges Sozialmonitoring</translation>
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
      <source>Click a social space to see its profile.</source>
      <translation>Klicken Sie auf einen Sozialraum, um sein Profil zu sehen.</translation>
    </message>
  </context>
</TS>
