<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Econtext</name>
    <message>
        <source>The pickle ends unexpectedly at byte %1; the data is truncated.</source>
        <translation>Die Pickle-Daten enden unerwartet bei Byte %1; sie sind abgeschnitten.</translation>
    </message>
    <message>
        <source>The pickle declares an object of %1 bytes, over the %2-byte limit.</source>
        <translation>Die Pickle-Daten kündigen ein Objekt von %1 Bytes an, mehr als die Grenze von %2 Bytes.</translation>
    </message>
    <message>
        <source>The pickle declares an object of %1 bytes but only %2 bytes follow; the data is truncated.</source>
        <translation>Die Pickle-Daten kündigen ein Objekt von %1 Bytes an, es folgen aber nur %2 Bytes; sie sind abgeschnitten.</translation>
    </message>
    <message>
        <source>The pickle creates more than %1 objects, over the limit.</source>
        <translation>Die Pickle-Daten erzeugen mehr als %1 Objekte und überschreiten damit die Grenze.</translation>
    </message>
    <message>
        <source>The pickle is malformed: an opcode needs a MARK that is not there.</source>
        <translation>Die Pickle-Daten sind fehlerhaft: Ein Opcode benötigt ein MARK, das nicht vorhanden ist.</translation>
    </message>
    <message>
        <source>The pickle is malformed: an opcode needs more values than the stack holds (stack underflow).</source>
        <translation>Die Pickle-Daten sind fehlerhaft: Ein Opcode benötigt mehr Werte, als der Stack enthält (Stack-Unterlauf).</translation>
    </message>
    <message>
        <source>The pickle stores a class or function as data, which is not allowed.</source>
        <translation>Die Pickle-Daten speichern eine Klasse oder Funktion als Daten; das ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>The pickle uses a list, dict or set as a dict key or set element, which Python does not allow.</source>
        <translation>Die Pickle-Daten verwenden eine list, ein dict oder ein set als dict-Schlüssel oder set-Element; das erlaubt Python nicht.</translation>
    </message>
    <message>
        <source>The pickle nests containers deeper than %1 levels.</source>
        <translation>Die Pickle-Daten verschachteln Container tiefer als %1 Ebenen.</translation>
    </message>
    <message>
        <source>The pickle expands to more than %1 objects through shared references.</source>
        <translation>Die Pickle-Daten wachsen durch gemeinsame Referenzen auf mehr als %1 Objekte an.</translation>
    </message>
    <message>
        <source>The pickle adds items to an object of the wrong type.</source>
        <translation>Die Pickle-Daten fügen Elemente zu einem Objekt des falschen Typs hinzu.</translation>
    </message>
    <message>
        <source>The pickle is malformed: a dict update has a key without a value.</source>
        <translation>Die Pickle-Daten sind fehlerhaft: Eine dict-Aktualisierung enthält einen Schlüssel ohne Wert.</translation>
    </message>
    <message>
        <source>The pickle refers to memo entry %1, which was never stored.</source>
        <translation>Die Pickle-Daten verweisen auf den Memo-Eintrag %1, der nie gespeichert wurde.</translation>
    </message>
    <message>
        <source>The pickle refers to the global &apos;%1.%2&apos;, which is not allowed.</source>
        <translation>Die Pickle-Daten verweisen auf das globale Objekt „%1.%2“; das ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>The pickle applies a call to something that is not a class.</source>
        <translation>Die Pickle-Daten rufen etwas auf, das keine Klasse ist.</translation>
    </message>
    <message>
        <source>The pickle calls a class with arguments that are not a tuple.</source>
        <translation>Die Pickle-Daten rufen eine Klasse mit Argumenten auf, die kein Tupel sind.</translation>
    </message>
    <message>
        <source>The pickle uses NEWOBJ on a class that is not allowed.</source>
        <translation>Die Pickle-Daten wenden NEWOBJ auf eine Klasse an, die nicht erlaubt ist.</translation>
    </message>
    <message>
        <source>The pickle builds a set from something other than a list.</source>
        <translation>Die Pickle-Daten bauen ein set aus etwas anderem als einer Liste.</translation>
    </message>
    <message>
        <source>The pickle calls bytes() with arguments, which is not allowed.</source>
        <translation>Die Pickle-Daten rufen bytes() mit Argumenten auf; das ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>The pickle calls _codecs.encode with unexpected arguments.</source>
        <translation>Die Pickle-Daten rufen _codecs.encode mit unerwarteten Argumenten auf.</translation>
    </message>
    <message>
        <source>The pickle calls _codecs.encode with the encoding &apos;%1&apos;; only latin1 is accepted.</source>
        <translation>Die Pickle-Daten rufen _codecs.encode mit der Kodierung „%1“ auf; nur latin1 wird akzeptiert.</translation>
    </message>
    <message>
        <source>The pickle encodes a character above U+00FF as latin1.</source>
        <translation>Die Pickle-Daten kodieren ein Zeichen oberhalb von U+00FF als latin1.</translation>
    </message>
    <message>
        <source>The pickle builds a CallError from a tuple of %1 items instead of 3.</source>
        <translation>Die Pickle-Daten bauen einen CallError aus einem Tupel mit %1 statt 3 Elementen.</translation>
    </message>
    <message>
        <source>The pickle builds a CallError from arguments that are not strings.</source>
        <translation>Die Pickle-Daten bauen einen CallError aus Argumenten, die keine Zeichenketten sind.</translation>
    </message>
    <message>
        <source>The pickle holds an integer text that is empty or too long.</source>
        <translation>Die Pickle-Daten enthalten eine Ganzzahl in Textform, die leer oder zu lang ist.</translation>
    </message>
    <message>
        <source>The pickle holds an integer text that is not a number.</source>
        <translation>Die Pickle-Daten enthalten eine Ganzzahl in Textform, die keine Zahl ist.</translation>
    </message>
    <message>
        <source>The pickle uses protocol %1; protocols up to 5 are supported.</source>
        <translation>Die Pickle-Daten verwenden Protokoll %1; unterstützt werden Protokolle bis 5.</translation>
    </message>
    <message>
        <source>The pickle declares a frame of %1 bytes but only %2 bytes follow; the data is truncated.</source>
        <translation>Die Pickle-Daten kündigen einen Frame von %1 Bytes an, es folgen aber nur %2 Bytes; sie sind abgeschnitten.</translation>
    </message>
    <message>
        <source>The pickle is malformed: it stops with a MARK still open.</source>
        <translation>Die Pickle-Daten sind fehlerhaft: Sie enden, während noch ein MARK offen ist.</translation>
    </message>
    <message>
        <source>The pickle is malformed: it stops with %1 values on the stack instead of one.</source>
        <translation>Die Pickle-Daten sind fehlerhaft: Sie enden mit %1 Werten statt einem auf dem Stack.</translation>
    </message>
    <message>
        <source>The pickle declares a negative integer length.</source>
        <translation>Die Pickle-Daten geben eine negative Länge für eine Ganzzahl an.</translation>
    </message>
    <message>
        <source>The pickle holds a float text that is not a number.</source>
        <translation>Die Pickle-Daten enthalten eine Gleitkommazahl in Textform, die keine Zahl ist.</translation>
    </message>
    <message>
        <source>The pickle declares a negative string length.</source>
        <translation>Die Pickle-Daten geben eine negative Länge für eine Zeichenkette an.</translation>
    </message>
    <message>
        <source>The pickle opens too many MARKs.</source>
        <translation>Die Pickle-Daten öffnen zu viele MARKs.</translation>
    </message>
    <message>
        <source>The pickle holds a memo index that is not a number.</source>
        <translation>Die Pickle-Daten enthalten einen Memo-Index, der keine Zahl ist.</translation>
    </message>
    <message>
        <source>The pickle names a global with something other than strings.</source>
        <translation>Die Pickle-Daten benennen ein globales Objekt mit etwas anderem als Zeichenketten.</translation>
    </message>
    <message>
        <source>The pickle sets the state of an object (BUILD), which is only allowed as a dict on a CallError.</source>
        <translation>Die Pickle-Daten setzen den Zustand eines Objekts (BUILD); das ist nur als dict auf einem CallError erlaubt.</translation>
    </message>
    <message>
        <source>The pickle uses the opcode %1, which is not allowed.</source>
        <translation>Die Pickle-Daten verwenden den Opcode %1; dieser ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>The pickle contains a container that includes itself (a cycle), which the master cannot represent.</source>
        <translation>Die Pickle-Daten enthalten einen Container, der sich selbst enthält (einen Zyklus); das kann der Master nicht darstellen.</translation>
    </message>
    <message>
        <source>The pickle has unexpected data after its end (%1 bytes).</source>
        <translation>Nach dem Ende der Pickle-Daten folgen unerwartete Daten (%1 Bytes).</translation>
    </message>
    <message>
        <source>The reference interpreter %1 could not be started; only the module directories are searched.</source>
        <translation>Der Referenz-Interpreter %1 konnte nicht gestartet werden; nur die Modulverzeichnisse werden durchsucht.</translation>
    </message>
    <message>
        <source>The reference interpreter %1 did not report its sys.path in time; only the module directories are searched.</source>
        <translation>Der Referenz-Interpreter %1 hat seinen sys.path nicht rechtzeitig gemeldet; nur die Modulverzeichnisse werden durchsucht.</translation>
    </message>
    <message>
        <source>The reference interpreter %1 gave no usable sys.path (%2); only the module directories are searched.</source>
        <translation>Der Referenz-Interpreter %1 hat keinen brauchbaren sys.path geliefert (%2); nur die Modulverzeichnisse werden durchsucht.</translation>
    </message>
    <message>
        <source>An empty module name was asked for.</source>
        <translation>Es wurde ein leerer Modulname angefordert.</translation>
    </message>
    <message>
        <source>The module name is longer than %1 characters.</source>
        <translation>Der Modulname ist länger als %1 Zeichen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a dotted name of Python identifiers.</source>
        <translation>„%1“ ist kein durch Punkte getrennter Name aus Python-Bezeichnern.</translation>
    </message>
    <message>
        <source>%1 resolves outside its search directory; it is not served.</source>
        <translation>%1 verweist aus seinem Suchverzeichnis hinaus und wird nicht ausgeliefert.</translation>
    </message>
    <message>
        <source>The stream sent data that is not an Econtext frame (bad magic bytes); closing it.</source>
        <translation>Der Stream hat Daten gesendet, die kein Econtext-Frame sind (falsche Magic Bytes); er wird geschlossen.</translation>
    </message>
    <message>
        <source>The stream speaks frame version %1, but this program speaks version %2; update one side.</source>
        <translation>Der Stream spricht Frame-Version %1, dieses Programm aber Version %2; aktualisieren Sie eine Seite.</translation>
    </message>
    <message>
        <source>The stream announced a frame of %1 bytes, over the limit of %2 bytes; closing it.</source>
        <translation>Der Stream hat einen Frame von %1 Bytes angekündigt, mehr als die Grenze von %2 Bytes; er wird geschlossen.</translation>
    </message>
    <message>
        <source>A frame failed its authentication check (corrupted or forged data); closing the stream.</source>
        <translation>Ein Frame hat die Authentifizierungsprüfung nicht bestanden (beschädigte oder gefälschte Daten); der Stream wird geschlossen.</translation>
    </message>
    <message>
        <source>a frame for handle %1 in the middle of a message in pieces for handle %2</source>
        <translation>ein Frame für Handle %1 mitten in einer in Teilen gesendeten Nachricht für Handle %2</translation>
    </message>
    <message>
        <source>a message of more than %1 bytes, the limit for one value</source>
        <translation>eine Nachricht von mehr als %1 Bytes, der Grenze für einen einzelnen Wert</translation>
    </message>
    <message>
        <source>The pickle would take more than %1 MB of memory once decoded, over the limit for a pickle of its size.</source>
        <translation>Die Pickle-Daten würden dekodiert mehr als %1 MB Speicher belegen und überschreiten damit die Grenze für Pickle-Daten dieser Größe.</translation>
    </message>
    <message>
        <source>text after the value</source>
        <translation>Text nach dem Wert</translation>
    </message>
    <message>
        <source>%1 at character %2</source>
        <translation>%1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>arrays or objects nested more than %1 deep</source>
        <translation>Arrays oder Objekte mehr als %1 Ebenen tief verschachtelt</translation>
    </message>
    <message>
        <source>a value missing</source>
        <translation>ein Wert fehlt</translation>
    </message>
    <message>
        <source>an unexpected character</source>
        <translation>ein unerwartetes Zeichen</translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;]&quot; expected</source>
        <translation>&quot;,&quot; oder &quot;]&quot; erwartet</translation>
    </message>
    <message>
        <source>a key in double quotes expected</source>
        <translation>ein Schlüssel in doppelten Anführungszeichen erwartet</translation>
    </message>
    <message>
        <source>&quot;:&quot; expected</source>
        <translation>&quot;:&quot; erwartet</translation>
    </message>
    <message>
        <source>&quot;,&quot; or &quot;}&quot; expected</source>
        <translation>&quot;,&quot; oder &quot;}&quot; erwartet</translation>
    </message>
    <message>
        <source>a string without its closing quote</source>
        <translation>eine Zeichenkette ohne schließendes Anführungszeichen</translation>
    </message>
    <message>
        <source>a string that is not UTF-8</source>
        <translation>eine Zeichenkette, die kein UTF-8 ist</translation>
    </message>
    <message>
        <source>a control character in a string</source>
        <translation>ein Steuerzeichen in einer Zeichenkette</translation>
    </message>
    <message>
        <source>a \u escape without four hexadecimal digits</source>
        <translation>ein \u-Escape ohne vier Hexadezimalziffern</translation>
    </message>
    <message>
        <source>an unknown escape in a string</source>
        <translation>ein unbekanntes Escape in einer Zeichenkette</translation>
    </message>
    <message>
        <source>a digit expected</source>
        <translation>eine Ziffer erwartet</translation>
    </message>
    <message>
        <source>a number that is not one</source>
        <translation>eine ungültige Zahl</translation>
    </message>
    <message>
        <source>an integer of more than %1 digits</source>
        <translation>eine ganze Zahl mit mehr als %1 Ziffern</translation>
    </message>
</context>
<context>
    <name>Econtext::AuditPane</name>
    <message>
        <source>Filter modules</source>
        <translation>Module filtern</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Save the modules shown as a CSV or JSON file</source>
        <translation>Die angezeigten Module als CSV- oder JSON-Datei speichern</translation>
    </message>
    <message numerus="yes">
        <source>%n module(s) sent, %1 of them ahead; %2 bytes of source, %3 bytes compressed</source>
        <translation>
            <numerusform>%n Modul gesendet, davon %1 vorab; %2 Bytes Quelltext, %3 Bytes komprimiert</numerusform>
            <numerusform>%n Module gesendet, davon %1 vorab; %2 Bytes Quelltext, %3 Bytes komprimiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Export Module Audit</source>
        <translation>Modul-Audit exportieren</translation>
    </message>
    <message>
        <source>Module Audit — %1</source>
        <translation>Modul-Audit — %1</translation>
    </message>
    <message>
        <source>Module Audit</source>
        <translation>Modul-Audit</translation>
    </message>
</context>
<context>
    <name>Econtext::Broker</name>
    <message>
        <source>this machine (%1)</source>
        <translation>dieser Rechner (%1)</translation>
    </message>
    <message>
        <source>did not shut down in time</source>
        <translation>wurde nicht rechtzeitig heruntergefahren</translation>
    </message>
</context>
<context>
    <name>Econtext::CallHandler</name>
    <message>
        <source>Context %1 is not connected.</source>
        <translation>Kontext %1 ist nicht verbunden.</translation>
    </message>
    <message>
        <source>The arguments of the call %1 on %2 take %3 bytes pickled, over the limit of %4 bytes for one value; the call was not sent.</source>
        <translation>Die Argumente des Aufrufs %1 auf %2 belegen als Pickle %3 Bytes und überschreiten damit die Grenze von %4 Bytes für einen einzelnen Wert; der Aufruf wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>The call %1 on %2 timed out after %3 s.</source>
        <translation>Der Aufruf %1 auf %2 hat nach %3 s das Zeitlimit überschritten.</translation>
    </message>
    <message>
        <source>The reply to the call %1 on %2 was refused: %3.</source>
        <translation>Die Antwort auf den Aufruf %1 auf %2 wurde abgewiesen: %3.</translation>
    </message>
    <message>
        <source>the call was dropped</source>
        <translation>der Aufruf wurde verworfen</translation>
    </message>
    <message>
        <source>The reply from %1 could not be decoded: %2</source>
        <translation>Die Antwort von %1 konnte nicht dekodiert werden: %2</translation>
    </message>
</context>
<context>
    <name>Econtext::CaptureViewer</name>
    <message>
        <source>serial</source>
        <translation>seriell</translation>
    </message>
    <message>
        <source>thread</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>I/O thread</source>
        <translation>E/A-Thread</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>Aufzeichnung</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Since start</source>
        <translation>Seit Start</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>Funktion</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>Dauer (ms)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Fact</source>
        <translation>Angabe</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>Angaben</translation>
    </message>
    <message>
        <source>Module Audit</source>
        <translation>Modul-Audit</translation>
    </message>
    <message>
        <source>Capture — %1</source>
        <translation>Aufzeichnung — %1</translation>
    </message>
    <message numerus="yes">
        <source>Recorded %1 by %2, %3 s, %n context(s)</source>
        <translation>
            <numerusform>Aufgezeichnet am %1 von %2, %3 s, %n Kontext</numerusform>
            <numerusform>Aufgezeichnet am %1 von %2, %3 s, %n Kontexte</numerusform>
        </translation>
    </message>
    <message>
        <source>an unknown application</source>
        <translation>einer unbekannten Anwendung</translation>
    </message>
    <message>
        <source>; the last line was cut off (the recording did not finish)</source>
        <translation>; die letzte Zeile ist abgeschnitten (die Aufzeichnung wurde nicht abgeschlossen)</translation>
    </message>
    <message>
        <source>; the recording did not finish</source>
        <translation>; die Aufzeichnung wurde nicht abgeschlossen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 (%3): %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 (%3): %4</translation>
    </message>
    <message>
        <source>%1 ms until the next stage</source>
        <translation>%1 ms bis zur nächsten Stufe</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Python (full)</source>
        <translation>Python (vollständig)</translation>
    </message>
    <message>
        <source>Process id</source>
        <translation>Prozess-ID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Executable</source>
        <translation>Programmdatei</translation>
    </message>
    <message>
        <source>Pickle protocol</source>
        <translation>Pickle-Protokoll</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>Nachrichten ein / aus</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>Bytes ein / aus</translation>
    </message>
    <message>
        <source>Calls in flight</source>
        <translation>Laufende Aufrufe</translation>
    </message>
    <message>
        <source>State when recording began (+%1 s)</source>
        <translation>Zustand zu Beginn der Aufzeichnung (+%1 s)</translation>
    </message>
    <message>
        <source>State at +%1 s</source>
        <translation>Zustand bei +%1 s</translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>Aufzeichnung öffnen</translation>
    </message>
    <message>
        <source>Session captures (*.jsonl);;All files (*)</source>
        <translation>Sitzungsaufzeichnungen (*.jsonl);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>Econtext::ChannelHandler</name>
    <message>
        <source>Context %1 is not connected.</source>
        <translation>Kontext %1 ist nicht verbunden.</translation>
    </message>
</context>
<context>
    <name>Econtext::ConnectDialog</name>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Add Host</source>
        <translation>Host hinzufügen</translation>
    </message>
    <message>
        <source>Edit Host</source>
        <translation>Host bearbeiten</translation>
    </message>
    <message>
        <source>user@host:port, an alias from ~/.ssh/config, or local</source>
        <translation>user@host:port, ein Alias aus ~/.ssh/config oder local</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <source>From the target or the ssh configuration</source>
        <translation>Aus dem Ziel oder der ssh-Konfiguration</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>0 uses the port from the target, the ssh configuration or 22.</source>
        <translation>0 verwendet den Port aus dem Ziel, aus der ssh-Konfiguration oder 22.</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Keys from the agent and ~/.ssh</source>
        <translation>Schlüssel aus dem Agenten und aus ~/.ssh</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose a private key file</source>
        <translation>Eine private Schlüsseldatei auswählen</translation>
    </message>
    <message>
        <source>&amp;Identity file:</source>
        <translation>&amp;Identitätsdatei:</translation>
    </message>
    <message>
        <source>Default (python3, then python)</source>
        <translation>Standard (python3, dann python)</translation>
    </message>
    <message>
        <source>The Python interpreter to start: a command name or a full path such as /usr/bin/python3.</source>
        <translation>Der zu startende Python-Interpreter: ein Befehlsname oder ein vollständiger Pfad wie /usr/bin/python3.</translation>
    </message>
    <message>
        <source>&amp;Remote Python:</source>
        <translation>Entferntes P&amp;ython:</translation>
    </message>
    <message>
        <source>Connect &amp;through:</source>
        <translation>Verbinden über &amp;Kontext:</translation>
    </message>
    <message>
        <source>Start the new context from a context that is already connected, for example to reach a host behind a gateway.</source>
        <translation>Den neuen Kontext von einem bereits verbundenen Kontext aus starten, zum Beispiel um einen Host hinter einem Gateway zu erreichen.</translation>
    </message>
    <message>
        <source>&amp;Save this host</source>
        <translation>Diesen Host &amp;speichern</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Comma-separated, for example: web, production</source>
        <translation>Durch Kommas getrennt, zum Beispiel: web, production</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Gruppe:</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Directly from this machine</source>
        <translation>Direkt von diesem Rechner</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Choose an Identity File</source>
        <translation>Identitätsdatei auswählen</translation>
    </message>
    <message>
        <source>The target names the user “%1” but the User field says “%2”; keep one of them.</source>
        <translation>Das Ziel nennt den Benutzer „%1“, das Feld Benutzer aber „%2“; behalten Sie nur eine Angabe.</translation>
    </message>
    <message>
        <source>“%1” is not a valid user name.</source>
        <translation>„%1“ ist kein gültiger Benutzername.</translation>
    </message>
    <message>
        <source>The target names port %1 but the Port field says %2; keep one of them.</source>
        <translation>Das Ziel nennt Port %1, das Feld Port aber %2; behalten Sie nur eine Angabe.</translation>
    </message>
    <message>
        <source>The identity file %1 does not exist.</source>
        <translation>Die Identitätsdatei %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The identity file %1 cannot be read.</source>
        <translation>Die Identitätsdatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The target names the interpreter %1 but the Remote Python field says %2; keep one of them.</source>
        <translation>Das Ziel nennt den Interpreter %1, das Feld Entferntes Python aber %2; behalten Sie nur eine Angabe.</translation>
    </message>
    <message>
        <source>There is no Python interpreter at %1 on this machine.</source>
        <translation>Auf diesem Rechner gibt es unter %1 keinen Python-Interpreter.</translation>
    </message>
    <message>
        <source>A saved host named “%1” already exists; choose another name.</source>
        <translation>Ein gespeicherter Host namens „%1“ existiert bereits; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>%1 is %2 in ~/.ssh/config.</source>
        <translation>%1 ist %2 in ~/.ssh/config.</translation>
    </message>
    <message>
        <source>%1 (from ~/.ssh/config)</source>
        <translation>%1 (aus ~/.ssh/config)</translation>
    </message>
    <message>
        <source>Default (%1 from ~/.ssh/config)</source>
        <translation>Standard (%1 aus ~/.ssh/config)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Where to start the Python interpreter:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;local&lt;/b&gt; — this machine&lt;/li&gt;&lt;li&gt;&lt;b&gt;local:/usr/bin/python3&lt;/b&gt; — this machine, a given interpreter&lt;/li&gt;&lt;li&gt;&lt;b&gt;host&lt;/b&gt;, &lt;b&gt;user@host&lt;/b&gt;, &lt;b&gt;user@host:2222&lt;/b&gt;, &lt;b&gt;ssh://user@host:22&lt;/b&gt;, &lt;b&gt;[::1]:22&lt;/b&gt; — over SSH&lt;/li&gt;&lt;li&gt;&lt;b&gt;sudo&lt;/b&gt;, &lt;b&gt;sudo:postgres&lt;/b&gt; — sudo to root or a user, through the context chosen under Connect through&lt;/li&gt;&lt;li&gt;a saved host or an alias from ~/.ssh/config&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Wo der Python-Interpreter gestartet wird:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;local&lt;/b&gt; — dieser Rechner&lt;/li&gt;&lt;li&gt;&lt;b&gt;local:/usr/bin/python3&lt;/b&gt; — dieser Rechner, ein bestimmter Interpreter&lt;/li&gt;&lt;li&gt;&lt;b&gt;host&lt;/b&gt;, &lt;b&gt;user@host&lt;/b&gt;, &lt;b&gt;user@host:2222&lt;/b&gt;, &lt;b&gt;ssh://user@host:22&lt;/b&gt;, &lt;b&gt;[::1]:22&lt;/b&gt; — über SSH&lt;/li&gt;&lt;li&gt;&lt;b&gt;sudo&lt;/b&gt;, &lt;b&gt;sudo:postgres&lt;/b&gt; — sudo zu root oder einem Benutzer, über den unter „Verbinden über Kontext“ gewählten Kontext&lt;/li&gt;&lt;li&gt;ein gespeicherter Host oder ein Alias aus ~/.ssh/config&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>sudo is started by a connected context; choose one under Connect through.</source>
        <translation>sudo wird von einem verbundenen Kontext gestartet; wählen Sie einen unter „Verbinden über Kontext“.</translation>
    </message>
    <message>
        <source>A saved host is connected from this machine, where sudo needs a context to start from; use Context → Connect Through… instead.</source>
        <translation>Ein gespeicherter Host wird von diesem Rechner aus verbunden, sudo braucht aber einen Kontext, von dem es startet; verwenden Sie stattdessen Kontext → Über diesen Kontext verbinden …</translation>
    </message>
</context>
<context>
    <name>Econtext::ConsoleWidget</name>
    <message>
        <source>The call was abandoned.</source>
        <translation>Der Aufruf wurde aufgegeben.</translation>
    </message>
    <message>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <source>Run shell commands in the context</source>
        <translation>Shell-Befehle im Kontext ausführen</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Run Python in a persistent namespace inside the context</source>
        <translation>Python in einem dauerhaften Namensraum im Kontext ausführen</translation>
    </message>
    <message>
        <source>Interrupt</source>
        <translation>Unterbrechen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the output (Ctrl+L)</source>
        <translation>Die Ausgabe leeren (Strg+L)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the selection, or all output when nothing is selected</source>
        <translation>Die Auswahl kopieren, oder die gesamte Ausgabe, wenn nichts ausgewählt ist</translation>
    </message>
    <message>
        <source>The context is %1: %2</source>
        <translation>Der Kontext hat den Zustand „%1“: %2</translation>
    </message>
    <message>
        <source>The console is unavailable while the context is %1.</source>
        <translation>Die Konsole ist nicht verfügbar, solange der Kontext im Zustand „%1“ ist.</translation>
    </message>
    <message>
        <source>The console is unavailable: there is no connected context.</source>
        <translation>Die Konsole ist nicht verfügbar: Es gibt keinen verbundenen Kontext.</translation>
    </message>
    <message>
        <source>Shell command — Enter runs, Shift+Enter adds a line, Ctrl+C interrupts</source>
        <translation>Shell-Befehl — Eingabetaste führt aus, Umschalt+Eingabetaste fügt eine Zeile hinzu, Strg+C unterbricht</translation>
    </message>
    <message>
        <source>Python — Enter runs, Shift+Enter adds a line, Tab completes</source>
        <translation>Python — Eingabetaste führt aus, Umschalt+Eingabetaste fügt eine Zeile hinzu, Tab vervollständigt</translation>
    </message>
    <message>
        <source>The context is not connected.</source>
        <translation>Der Kontext ist nicht verbunden.</translation>
    </message>
    <message>
        <source>A command is still running; press Ctrl+C to interrupt it.</source>
        <translation>Ein Befehl läuft noch; drücken Sie Strg+C, um ihn zu unterbrechen.</translation>
    </message>
    <message>
        <source>Python code is still running; wait for it to finish.</source>
        <translation>Python-Code läuft noch; warten Sie, bis er fertig ist.</translation>
    </message>
    <message>
        <source>Running… (Ctrl+C interrupts)</source>
        <translation>Läuft … (Strg+C unterbricht)</translation>
    </message>
    <message>
        <source>exit %1 · %2</source>
        <translation>Exit-Status %1 · %2</translation>
    </message>
    <message>
        <source>failed · %1</source>
        <translation>fehlgeschlagen · %1</translation>
    </message>
    <message>
        <source>Sent %1…</source>
        <translation>%1 gesendet …</translation>
    </message>
    <message>
        <source>Could not interrupt the command: %1</source>
        <translation>Der Befehl konnte nicht unterbrochen werden: %1</translation>
    </message>
    <message>
        <source>ok · %1</source>
        <translation>OK · %1</translation>
    </message>
    <message>
        <source>exception · %1</source>
        <translation>Ausnahme · %1</translation>
    </message>
    <message>
        <source>Completion failed: %1</source>
        <translation>Vervollständigung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No completions for “%1”.</source>
        <translation>Keine Vervollständigungen für „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n completion(s)</source>
        <translation>
            <numerusform>%n Vervollständigung</numerusform>
            <numerusform>%n Vervollständigungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Interrupt the running command or Python code (Ctrl+C)</source>
        <translation>Laufenden Befehl oder Python-Code unterbrechen (Strg+C)</translation>
    </message>
    <message>
        <source>Sent KeyboardInterrupt…</source>
        <translation>KeyboardInterrupt gesendet …</translation>
    </message>
    <message>
        <source>Could not interrupt the Python code: %1</source>
        <translation>Der Python-Code konnte nicht unterbrochen werden: %1</translation>
    </message>
    <message>
        <source>The Python code has not started yet: the context&apos;s main thread is busy with another call.</source>
        <translation>Der Python-Code läuft noch nicht: Der Haupt-Thread des Kontexts ist mit einem anderen Aufruf beschäftigt.</translation>
    </message>
    <message>
        <source>interrupted · %1</source>
        <translation>unterbrochen · %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Econtext::Context</name>
    <message>
        <source>The context is not connected.</source>
        <translation>Der Kontext ist nicht verbunden.</translation>
    </message>
    <message>
        <source>disconnected by the user</source>
        <translation>vom Benutzer getrennt</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Bootstrapping</source>
        <translation>Bootstrap</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The call was dropped because the broker stopped.</source>
        <translation>Der Aufruf wurde verworfen, weil der Broker beendet wurde.</translation>
    </message>
</context>
<context>
    <name>Econtext::ContextTab</name>
    <message>
        <source>Forward logs from:</source>
        <translation>Logs weiterleiten ab:</translation>
    </message>
    <message>
        <source>The lowest level of logging records the context sends to this window</source>
        <translation>Die niedrigste Stufe der Log-Einträge, die der Kontext an dieses Fenster sendet</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Reconnecting to %1.</source>
        <translation>Verbindung zu %1 wird neu aufgebaut.</translation>
    </message>
    <message>
        <source>The context was removed.</source>
        <translation>Der Kontext wurde entfernt.</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The connection failed: %1</source>
        <translation>Die Verbindung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Getrennt: %1</translation>
    </message>
    <message>
        <source>Python %1</source>
        <translation>Python %1</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
    <message>
        <source>Stacks</source>
        <translation>Stacks</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
</context>
<context>
    <name>Econtext::ContextTreeModel</name>
    <message numerus="yes">
        <source>%Ln d</source>
        <translation>
            <numerusform>%Ln Tag</numerusform>
            <numerusform>%Ln Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>context %1</source>
        <translation>Kontext %1</translation>
    </message>
    <message>
        <source>master (this machine)</source>
        <translation>Master (dieser Rechner)</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Messages received / sent by all contexts</source>
        <translation>Von allen Kontexten empfangene / gesendete Nachrichten</translation>
    </message>
    <message>
        <source>Bytes received / sent by all contexts</source>
        <translation>Von allen Kontexten empfangene / gesendete Bytes</translation>
    </message>
    <message>
        <source>This program, which started and routes for every context</source>
        <translation>Dieses Programm, das jeden Kontext gestartet hat und für alle Kontexte die Nachrichten vermittelt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Elternkontext</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Executable</source>
        <translation>Programmdatei</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User and host</source>
        <translation>Benutzer und Host</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Messages in / out</source>
        <translation>Nachrichten ein / aus</translation>
    </message>
    <message>
        <source>Bytes in / out</source>
        <translation>Bytes ein / aus</translation>
    </message>
    <message>
        <source>%1 %2 ms</source>
        <translation>%1 %2 ms</translation>
    </message>
    <message>
        <source>Bootstrap</source>
        <translation>Bootstrap</translation>
    </message>
    <message>
        <source>Messages received: %1, sent: %2</source>
        <translation>Nachrichten empfangen: %1, gesendet: %2</translation>
    </message>
    <message>
        <source>Bytes received: %1, sent: %2</source>
        <translation>Bytes empfangen: %1, gesendet: %2</translation>
    </message>
    <message>
        <source>No longer connected; its log stays open.</source>
        <translation>Nicht mehr verbunden; sein Log bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Messages in/out</source>
        <translation>Nachrichten ein/aus</translation>
    </message>
    <message>
        <source>Bytes in/out</source>
        <translation>Bytes ein/aus</translation>
    </message>
    <message>
        <source>waiting for %1 (%2)</source>
        <translation>wartet auf %1 (%2)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Calls in flight in all contexts</source>
        <translation>Laufende Aufrufe in allen Kontexten</translation>
    </message>
    <message>
        <source>How long the oldest call in flight in any context has been running</source>
        <translation>Wie lange der älteste laufende Aufruf in einem der Kontexte schon läuft</translation>
    </message>
    <message>
        <source>Module requests served to all contexts</source>
        <translation>Für alle Kontexte beantwortete Modulanfragen</translation>
    </message>
    <message>
        <source>Calls in flight</source>
        <translation>Laufende Aufrufe</translation>
    </message>
    <message>
        <source>Oldest call</source>
        <translation>Ältester Aufruf</translation>
    </message>
    <message>
        <source>Imports served</source>
        <translation>Ausgelieferte Importe</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartezustand</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in flight; the oldest has run for %1</source>
        <translation>
            <numerusform>%n laufender Aufruf; er läuft seit %1</numerusform>
            <numerusform>%n laufende Aufrufe; der älteste läuft seit %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No call in flight</source>
        <translation>Kein laufender Aufruf</translation>
    </message>
    <message>
        <source>Module requests served to this context: %1</source>
        <translation>Für diesen Kontext beantwortete Modulanfragen: %1</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>How long the oldest call in flight has been running</source>
        <translation>Wie lange der älteste laufende Aufruf schon läuft</translation>
    </message>
    <message>
        <source>Module requests served</source>
        <translation>Beantwortete Modulanfragen</translation>
    </message>
</context>
<context>
    <name>Econtext::GroupConnectDialog</name>
    <message>
        <source>Connect Group: %1</source>
        <translation>Gruppe verbinden: %1</translation>
    </message>
    <message>
        <source>Hosts being connected</source>
        <translation>Hosts, die verbunden werden</translation>
    </message>
    <message>
        <source>&amp;Cancel All</source>
        <translation>&amp;Alle abbrechen</translation>
    </message>
    <message>
        <source>Stop connecting the hosts that are not connected yet.</source>
        <translation>Den Verbindungsaufbau zu den noch nicht verbundenen Hosts abbrechen.</translation>
    </message>
    <message>
        <source>&amp;Retry Failed</source>
        <translation>&amp;Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <source>Connect the hosts that failed or were cancelled again.</source>
        <translation>Die fehlgeschlagenen oder abgebrochenen Hosts erneut verbinden.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n connected</source>
        <translation>
            <numerusform>%1 von %n verbunden</numerusform>
            <numerusform>%1 von %n verbunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in progress</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 connected</source>
        <translation>%1 von %2 verbunden</translation>
    </message>
</context>
<context>
    <name>Econtext::GroupConnectModel</name>
    <message>
        <source>The application is shutting down.</source>
        <translation>Die Anwendung wird beendet.</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The context disconnected while connecting.</source>
        <translation>Der Kontext wurde während des Verbindungsaufbaus getrennt.</translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation>Abgebrochen, bevor der Verbindungsaufbau begann.</translation>
    </message>
    <message>
        <source>Cancelled while connecting.</source>
        <translation>Während des Verbindungsaufbaus abgebrochen.</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>Econtext::GuiPrompter</name>
    <message numerus="yes">
        <source>%n more question(s) waiting.</source>
        <translation>
            <numerusform>%n weitere Frage wartet.</numerusform>
            <numerusform>%n weitere Fragen warten.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Econtext::HostKeyDialog</name>
    <message>
        <source>Unknown Host Key</source>
        <translation>Unbekannter Host-Schlüssel</translation>
    </message>
    <message>
        <source>SHA256 fingerprint</source>
        <translation>SHA256-Fingerabdruck</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>Fingerabdruck:</translation>
    </message>
    <message>
        <source>Host Key Changed</source>
        <translation>Host-Schlüssel geändert</translation>
    </message>
    <message>
        <source>The server&apos;s host key has changed, so the connection was refused.</source>
        <translation>Der Host-Schlüssel des Servers hat sich geändert, deshalb wurde die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>Someone may be intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or given a new key. Ask its administrator for the new fingerprint; if it is genuine, remove the old key with “ssh-keygen -R HOST” and connect again.</source>
        <translation>Möglicherweise fängt jemand die Verbindung ab (ein Man-in-the-Middle-Angriff), oder der Server wurde neu installiert oder hat einen neuen Schlüssel erhalten. Fragen Sie seinen Administrator nach dem neuen Fingerabdruck; wenn er echt ist, entfernen Sie den alten Schlüssel mit „ssh-keygen -R HOST“ und verbinden Sie sich erneut.</translation>
    </message>
    <message>
        <source>This is the first connection to these servers, or their keys are not in your known_hosts file. If someone intercepts a connection, the server presents a different key. Compare each fingerprint with the one the server&apos;s administrator gives you (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before you accept.</source>
        <translation>Dies ist die erste Verbindung zu diesen Servern, oder ihre Schlüssel stehen nicht in Ihrer known_hosts-Datei. Fängt jemand eine Verbindung ab, legt der Server einen anderen Schlüssel vor. Vergleichen Sie jeden Fingerabdruck mit dem, den Ihnen der Administrator des Servers nennt (auf dem Server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), bevor Sie ihn akzeptieren.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Key Type</source>
        <translation>Schlüsseltyp</translation>
    </message>
    <message>
        <source>SHA256 Fingerprint</source>
        <translation>SHA256-Fingerabdruck</translation>
    </message>
    <message>
        <source>Host keys waiting for an answer</source>
        <translation>Host-Schlüssel, die auf eine Antwort warten</translation>
    </message>
    <message>
        <source>&amp;Save accepted keys in known_hosts</source>
        <translation>Akzeptierte Schlüssel in known_hosts &amp;speichern</translation>
    </message>
    <message>
        <source>Saved keys are checked on later connections; otherwise a key is trusted for this connection only.</source>
        <translation>Gespeicherte Schlüssel werden bei späteren Verbindungen geprüft; andernfalls gilt ein Schlüssel nur für diese Verbindung als vertrauenswürdig.</translation>
    </message>
    <message>
        <source>&amp;Accept All</source>
        <translation>&amp;Alle akzeptieren</translation>
    </message>
    <message>
        <source>&amp;Reject All</source>
        <translation>Alle a&amp;blehnen</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Akzeptieren</translation>
    </message>
    <message>
        <source>Accept the key of %1</source>
        <translation>Den Schlüssel von %1 akzeptieren</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reject the key of %1</source>
        <translation>Den Schlüssel von %1 ablehnen</translation>
    </message>
    <message numerus="yes">
        <source>The authenticity of %n server(s) cannot be established.</source>
        <translation>
            <numerusform>Die Echtheit von %n Server kann nicht festgestellt werden.</numerusform>
            <numerusform>Die Echtheit von %n Servern kann nicht festgestellt werden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Econtext::HostStore</name>
    <message>
        <source>%1 added, %2 updated, %3 skipped.</source>
        <translation>%1 hinzugefügt, %2 aktualisiert, %3 übersprungen.</translation>
    </message>
    <message>
        <source>Cannot write the host list to %1: %2.</source>
        <translation>Die Hostliste kann nicht nach %1 geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Cannot read the host list %1: %2.</source>
        <translation>Die Hostliste %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The file %1 is too large to be a host list.</source>
        <translation>Die Datei %1 ist zu groß für eine Hostliste.</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>%1 kann nicht importiert werden: %2</translation>
    </message>
    <message>
        <source>the file is not valid JSON (%1 at byte %2).</source>
        <translation>die Datei ist kein gültiges JSON (%1 bei Byte %2).</translation>
    </message>
    <message>
        <source>the file is not an Econtext host list.</source>
        <translation>die Datei ist keine Econtext-Hostliste.</translation>
    </message>
    <message>
        <source>the host list has no valid format version.</source>
        <translation>die Hostliste hat keine gültige Formatversion.</translation>
    </message>
    <message>
        <source>the host list has format version %1, but this version of Econtext reads up to version %2; update Econtext to import it.</source>
        <translation>die Hostliste hat die Formatversion %1, diese Version von Econtext liest aber nur bis Version %2; aktualisieren Sie Econtext, um sie zu importieren.</translation>
    </message>
    <message>
        <source>the host list has no &quot;hosts&quot; array.</source>
        <translation>die Hostliste hat kein „hosts“-Array.</translation>
    </message>
</context>
<context>
    <name>Econtext::HostsModel</name>
    <message>
        <source>Ungrouped</source>
        <translation>Ohne Gruppe</translation>
    </message>
    <message>
        <source>From ~/.ssh/config</source>
        <translation>Aus ~/.ssh/config</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>Identity file: %1</source>
        <translation>Identitätsdatei: %1</translation>
    </message>
    <message>
        <source>Python: %1</source>
        <translation>Python: %1</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
    <message>
        <source>Host name: %1</source>
        <translation>Hostname: %1</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Benutzer: %1</translation>
    </message>
    <message>
        <source>Port: %1</source>
        <translation>Port: %1</translation>
    </message>
    <message>
        <source>Proxy jump: %1</source>
        <translation>Proxy-Jump: %1</translation>
    </message>
    <message>
        <source>Defined in %1, line %2</source>
        <translation>Definiert in %1, Zeile %2</translation>
    </message>
    <message numerus="yes">
        <source>%n host(s)</source>
        <translation>
            <numerusform>%n Host</numerusform>
            <numerusform>%n Hosts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Econtext::HostsSidebar</name>
    <message>
        <source>Search hosts</source>
        <translation>Hosts durchsuchen</translation>
    </message>
    <message>
        <source>Filter by name, host, user, group or tag; every word must match.</source>
        <translation>Nach Name, Host, Benutzer, Gruppe oder Tag filtern; jedes Wort muss passen.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add a host</source>
        <translation>Einen Host hinzufügen</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Remove Host</source>
        <translation>Host entfernen</translation>
    </message>
    <message>
        <source>Remove the saved host “%1”?</source>
        <translation>Den gespeicherten Host „%1“ entfernen?</translation>
    </message>
    <message>
        <source>Contexts connected to it stay connected.</source>
        <translation>Damit verbundene Kontexte bleiben verbunden.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Connect &amp;With Options…</source>
        <translation>Verbinden &amp;mit Optionen …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Favourite</source>
        <translation>&amp;Favorit</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Save as Host…</source>
        <translation>Als Host &amp;speichern …</translation>
    </message>
    <message>
        <source>&amp;Add Host…</source>
        <translation>Host &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Re&amp;load ~/.ssh/config</source>
        <translation>~/.ssh/config neu &amp;laden</translation>
    </message>
    <message>
        <source>Show favourites only</source>
        <translation>Nur Favoriten anzeigen</translation>
    </message>
    <message>
        <source>Favourites only</source>
        <translation>Nur Favoriten</translation>
    </message>
    <message>
        <source>Import, export and connect groups of hosts</source>
        <translation>Gruppen von Hosts importieren, exportieren und verbinden</translation>
    </message>
    <message numerus="yes">
        <source>Connect &amp;Group (%n host(s))</source>
        <translation>
            <numerusform>&amp;Gruppe verbinden (%n Host)</numerusform>
            <numerusform>&amp;Gruppe verbinden (%n Hosts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connect %n &amp;Selected Hosts</source>
        <translation>
            <numerusform>%n &amp;ausgewählten Host verbinden</numerusform>
            <numerusform>%n &amp;ausgewählte Hosts verbinden</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation>H&amp;osts</translation>
    </message>
    <message>
        <source>Connect All &amp;Favourites</source>
        <translation>Alle &amp;Favoriten verbinden</translation>
    </message>
    <message>
        <source>Connect &amp;Tag</source>
        <translation>&amp;Tag verbinden</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n host(s))</source>
        <translation>
            <numerusform>%1 (%n Host)</numerusform>
            <numerusform>%1 (%n Hosts)</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect &amp;Selected Hosts</source>
        <translation>&amp;Ausgewählte Hosts verbinden</translation>
    </message>
    <message>
        <source>&amp;Import ~/.ssh/config Hosts</source>
        <translation>Hosts aus ~/.ssh/config &amp;importieren</translation>
    </message>
    <message>
        <source>Import Host &amp;List…</source>
        <translation>Host&amp;liste importieren …</translation>
    </message>
    <message>
        <source>&amp;Export Host List…</source>
        <translation>Hostliste &amp;exportieren …</translation>
    </message>
    <message>
        <source>tag %1</source>
        <translation>Tag %1</translation>
    </message>
    <message>
        <source>favourites</source>
        <translation>Favoriten</translation>
    </message>
    <message numerus="yes">
        <source>%n selected host(s)</source>
        <translation>
            <numerusform>%n ausgewählter Host</numerusform>
            <numerusform>%n ausgewählte Hosts</numerusform>
        </translation>
    </message>
    <message>
        <source>Import ~/.ssh/config Hosts</source>
        <translation>Hosts aus ~/.ssh/config importieren</translation>
    </message>
    <message>
        <source>Imported the ~/.ssh/config hosts: %1</source>
        <translation>Die Hosts aus ~/.ssh/config wurden importiert: %1</translation>
    </message>
    <message>
        <source>Export Host List</source>
        <translation>Hostliste exportieren</translation>
    </message>
    <message>
        <source>Host lists (*.json);;All files (*)</source>
        <translation>Hostlisten (*.json);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n host(s) to %1.</source>
        <translation>
            <numerusform>%n Host nach %1 exportiert.</numerusform>
            <numerusform>%n Hosts nach %1 exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import Host List</source>
        <translation>Hostliste importieren</translation>
    </message>
    <message>
        <source>Imported %1: %2</source>
        <translation>%1 importiert: %2</translation>
    </message>
</context>
<context>
    <name>Econtext::ImportChart</name>
    <message>
        <source>-%1 s</source>
        <translation>-%1 s</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>Roundtrips per second</source>
        <translation>Roundtrips pro Sekunde</translation>
    </message>
    <message>
        <source>KB per second sent (compressed)</source>
        <translation>Pro Sekunde gesendete KB (komprimiert)</translation>
    </message>
    <message numerus="yes">
        <source>No module traffic in the last %n seconds</source>
        <translation>
            <numerusform>Kein Modulverkehr in der letzten Sekunde</numerusform>
            <numerusform>Kein Modulverkehr in den letzten %n Sekunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n roundtrip(s), %2 KB sent</source>
        <translation>
            <numerusform>%1: %n Roundtrip, %2 KB gesendet</numerusform>
            <numerusform>%1: %n Roundtrips, %2 KB gesendet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Econtext::ImportEventModel</name>
    <message>
        <source>served</source>
        <translation>ausgeliefert</translation>
    </message>
    <message>
        <source>sent ahead</source>
        <translation>vorab gesendet</translation>
    </message>
    <message>
        <source>cache hit</source>
        <translation>Cache-Treffer</translation>
    </message>
    <message>
        <source>negative-cache hit</source>
        <translation>Negativ-Cache-Treffer</translation>
    </message>
    <message>
        <source>imported locally</source>
        <translation>lokal importiert</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>cannot be served</source>
        <translation>nicht auslieferbar</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>The context asked for this module and the master sent it.</source>
        <translation>Der Kontext hat dieses Modul angefordert, und der Master hat es gesendet.</translation>
    </message>
    <message>
        <source>The master sent this module ahead, together with another requested module.</source>
        <translation>Der Master hat dieses Modul vorab gesendet, zusammen mit einem anderen angeforderten Modul.</translation>
    </message>
    <message>
        <source>The context imported a module that was sent ahead: a roundtrip avoided.</source>
        <translation>Der Kontext hat ein vorab gesendetes Modul importiert: ein Roundtrip gespart.</translation>
    </message>
    <message>
        <source>The context already knew the master does not have this module: a roundtrip avoided.</source>
        <translation>Der Kontext wusste bereits, dass der Master dieses Modul nicht hat: ein Roundtrip gespart.</translation>
    </message>
    <message>
        <source>The context imported this module from its own disk.</source>
        <translation>Der Kontext hat dieses Modul von seinem eigenen Datenträger importiert.</translation>
    </message>
    <message>
        <source>The master does not have this module either.</source>
        <translation>Auch der Master hat dieses Modul nicht.</translation>
    </message>
    <message>
        <source>The module is a compiled extension, which the master cannot send.</source>
        <translation>Das Modul ist eine kompilierte Erweiterung, die der Master nicht senden kann.</translation>
    </message>
    <message>
        <source>The master refused to send this module.</source>
        <translation>Der Master hat das Senden dieses Moduls abgelehnt.</translation>
    </message>
    <message>
        <source>package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Compressed</source>
        <translation>Komprimiert</translation>
    </message>
    <message>
        <source>Roundtrip</source>
        <translation>Roundtrip</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Path on master</source>
        <translation>Pfad auf dem Master</translation>
    </message>
    <message>
        <source>parent cache</source>
        <translation>Eltern-Cache</translation>
    </message>
    <message>
        <source>The parent context sent this module from what it relayed to an earlier child: no roundtrip to the master.</source>
        <translation>Der Elternkontext hat dieses Modul aus dem gesendet, was er an einen früheren Kindkontext weitergeleitet hat: kein Roundtrip zum Master.</translation>
    </message>
    <message>
        <source>compiled package</source>
        <translation>kompiliertes Paket</translation>
    </message>
    <message>
        <source>compiled module</source>
        <translation>kompiliertes Modul</translation>
    </message>
</context>
<context>
    <name>Econtext::ImportsPane</name>
    <message>
        <source>Show All Outcomes</source>
        <translation>Alle Ergebnisse anzeigen</translation>
    </message>
    <message>
        <source>Choose which outcomes the table shows</source>
        <translation>Auswählen, welche Ergebnisse die Tabelle anzeigt</translation>
    </message>
    <message>
        <source>Show the imports of one context</source>
        <translation>Die Importe eines Kontexts anzeigen</translation>
    </message>
    <message>
        <source>All contexts</source>
        <translation>Alle Kontexte</translation>
    </message>
    <message>
        <source>Filter modules</source>
        <translation>Module filtern</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren …</translation>
    </message>
    <message>
        <source>Save the rows the filter shows as a CSV file</source>
        <translation>Die vom Filter angezeigten Zeilen als CSV-Datei speichern</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove every row and restart the totals</source>
        <translation>Alle Zeilen entfernen und die Summen zurücksetzen</translation>
    </message>
    <message>
        <source>No imports yet. Modules that contexts import through the master appear here.</source>
        <translation>Noch keine Importe. Hier erscheinen Module, die Kontexte über den Master importieren.</translation>
    </message>
    <message>
        <source>No imports yet. Modules this context imports through the master appear here.</source>
        <translation>Noch keine Importe. Hier erscheinen Module, die dieser Kontext über den Master importiert.</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message numerus="yes">
        <source>%n outcome(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Imports: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Importe: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Roundtrips: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Roundtrips: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Modules sent: &lt;b&gt;%1&lt;/b&gt; (%2 ahead)</source>
        <translation>Gesendete Module: &lt;b&gt;%1&lt;/b&gt; (%2 vorab)</translation>
    </message>
    <message>
        <source>Cache hits: &lt;b&gt;%1&lt;/b&gt; (+%2 negative)</source>
        <translation>Cache-Treffer: &lt;b&gt;%1&lt;/b&gt; (+%2 negativ)</translation>
    </message>
    <message>
        <source>Roundtrips avoided: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Gesparte Roundtrips: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Bytes: &lt;b&gt;%1&lt;/b&gt; (%2 compressed)</source>
        <translation>Bytes: &lt;b&gt;%1&lt;/b&gt; (%2 komprimiert)</translation>
    </message>
    <message>
        <source>Average roundtrip: &lt;b&gt;%1 ms&lt;/b&gt;</source>
        <translation>Mittlerer Roundtrip: &lt;b&gt;%1 ms&lt;/b&gt;</translation>
    </message>
    <message>
        <source>As the module server counts them: %1 requests, %2 modules sent (%3 ahead), %4 cache hits, %5 not found, %6 sent (%7 compressed).</source>
        <translation>Laut Zählung des Modulservers: %1 Anfragen, %2 Module gesendet (%3 vorab), %4 Cache-Treffer, %5 nicht gefunden, %6 gesendet (%7 komprimiert).</translation>
    </message>
    <message>
        <source>Select a row to see where the module came from and what was sent with it.</source>
        <translation>Wählen Sie eine Zeile aus, um zu sehen, woher das Modul kam und was mit ihm gesendet wurde.</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Path on the master</source>
        <translation>Pfad auf dem Master</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 bytes, %2 compressed (%3%)</source>
        <translation>%1 Bytes, %2 komprimiert (%3 %)</translation>
    </message>
    <message>
        <source>Roundtrip</source>
        <translation>Roundtrip</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>The context asked for it.</source>
        <translation>Der Kontext hat es angefordert.</translation>
    </message>
    <message>
        <source>Sent ahead with the request for %1.</source>
        <translation>Vorab gesendet mit der Anfrage nach %1.</translation>
    </message>
    <message>
        <source>Sent ahead earlier, with a request no longer in the table.</source>
        <translation>Früher vorab gesendet, mit einer Anfrage, die nicht mehr in der Tabelle steht.</translation>
    </message>
    <message>
        <source>Sent ahead earlier with the request for %1.</source>
        <translation>Früher vorab gesendet mit der Anfrage nach %1.</translation>
    </message>
    <message>
        <source>Caused by</source>
        <translation>Ausgelöst durch</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Sent with the same request</source>
        <translation>Mit derselben Anfrage gesendet</translation>
    </message>
    <message>
        <source>No submodules of this package have been imported yet.</source>
        <translation>Von diesem Paket wurden noch keine Untermodule importiert.</translation>
    </message>
    <message>
        <source>Submodules seen in this context</source>
        <translation>In diesem Kontext gesehene Untermodule</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Export Imports</source>
        <translation>Importe exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The package %1, as the master sent it, has no submodule %2.</source>
        <translation>Das Paket %1 hat in der Form, in der der Master es gesendet hat, kein Untermodul %2.</translation>
    </message>
    <message numerus="yes">
        <source>Answered by a parent context: &lt;b&gt;%1&lt;/b&gt; (%n module(s))</source>
        <translation>
            <numerusform>Von einem Elternkontext beantwortet: &lt;b&gt;%1&lt;/b&gt; (%n Modul)</numerusform>
            <numerusform>Von einem Elternkontext beantwortet: &lt;b&gt;%1&lt;/b&gt; (%n Module)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 bytes of source, sent as %2 bytes of code compiled here for the context&apos;s Python release (compressed)</source>
        <translation>%1 Bytes Quelltext, gesendet als %2 Bytes Code, hier für die Python-Version des Kontexts kompiliert (komprimiert)</translation>
    </message>
</context>
<context>
    <name>Econtext::Link</name>
    <message>
        <source>the broker stopped</source>
        <translation>der Broker wurde beendet</translation>
    </message>
    <message>
        <source>the interpreter to start</source>
        <translation>den Start des Interpreters</translation>
    </message>
    <message>
        <source>the step after &quot;%1&quot;</source>
        <translation>den Schritt nach „%1“</translation>
    </message>
    <message>
        <source>the first stage to start</source>
        <translation>den Start der ersten Stufe</translation>
    </message>
    <message>
        <source>the first stage to receive the core</source>
        <translation>den Empfang des Kerns durch die erste Stufe</translation>
    </message>
    <message>
        <source>the core to start</source>
        <translation>den Start des Kerns</translation>
    </message>
    <message>
        <source>the core&apos;s hello</source>
        <translation>das Hello des Kerns</translation>
    </message>
    <message>
        <source>the context</source>
        <translation>den Kontext</translation>
    </message>
    <message>
        <source>The stream from %1 was closed: %2</source>
        <translation>Der Stream von %1 wurde geschlossen: %2</translation>
    </message>
    <message>
        <source>Timed out after %1 s waiting for %2 on %3.</source>
        <translation>Zeitüberschreitung nach %1 s beim Warten auf %2 auf %3.</translation>
    </message>
    <message>
        <source>The interpreter on %1 printed too much before the bootstrap finished.</source>
        <translation>Der Interpreter auf %1 hat vor dem Ende des Bootstraps zu viel ausgegeben.</translation>
    </message>
    <message>
        <source>The context on %1 speaks protocol %2, but this master speaks 1.</source>
        <translation>Der Kontext auf %1 spricht Protokoll %2, dieser Master aber Protokoll 1.</translation>
    </message>
    <message>
        <source>The interpreter on %1 exited while waiting for %2</source>
        <translation>Der Interpreter auf %1 wurde beim Warten auf %2 beendet</translation>
    </message>
    <message>
        <source>shut down</source>
        <translation>heruntergefahren</translation>
    </message>
    <message>
        <source>the connection to %1 was closed</source>
        <translation>die Verbindung zu %1 wurde geschlossen</translation>
    </message>
    <message>
        <source>the connection to %1 was closed: %2</source>
        <translation>die Verbindung zu %1 wurde geschlossen: %2</translation>
    </message>
    <message>
        <source>a second hello</source>
        <translation>ein zweites Hello</translation>
    </message>
    <message>
        <source>a frame claiming to come from context %1</source>
        <translation>ein Frame, der angeblich von Kontext %1 stammt</translation>
    </message>
    <message>
        <source>a frame for context %1, which it cannot reach</source>
        <translation>ein Frame für Kontext %1, den er nicht erreichen kann</translation>
    </message>
    <message>
        <source>a message before its hello</source>
        <translation>eine Nachricht vor seinem Hello</translation>
    </message>
    <message>
        <source>a message for handle %1, which it was not given</source>
        <translation>eine Nachricht für Handle %1, das er nicht erhalten hat</translation>
    </message>
    <message>
        <source>Refused a message from this context: %1</source>
        <translation>Eine Nachricht dieses Kontexts wurde abgewiesen: %1</translation>
    </message>
    <message>
        <source>Context %1 kept sending messages it is not allowed to send.</source>
        <translation>Kontext %1 hat wiederholt Nachrichten gesendet, die er nicht senden darf.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Last output: %1</source>
        <translation>Letzte Ausgabe: %1</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Getrennt: %1</translation>
    </message>
    <message>
        <source>Context %1 disconnected: %2</source>
        <translation>Kontext %1 getrennt: %2</translation>
    </message>
    <message>
        <source>The application has not processed the output of %1 for %2 s; reading it again.</source>
        <translation>Die Anwendung hat die Ausgabe von %1 seit %2 s nicht verarbeitet; sie wird wieder gelesen.</translation>
    </message>
    <message>
        <source>raw data on service handle %1</source>
        <translation>Rohdaten auf Dienst-Handle %1</translation>
    </message>
</context>
<context>
    <name>Econtext::LocalTransport</name>
    <message>
        <source>this machine</source>
        <translation>dieser Rechner</translation>
    </message>
    <message>
        <source>Cannot start the interpreter: %1 was not found on PATH.</source>
        <translation>Der Interpreter kann nicht gestartet werden: %1 wurde nicht im PATH gefunden.</translation>
    </message>
    <message>
        <source>Cannot start the interpreter: %1 is not executable.</source>
        <translation>Der Interpreter kann nicht gestartet werden: %1 ist nicht ausführbar.</translation>
    </message>
    <message>
        <source>Cannot start the interpreter: %1 does not exist.</source>
        <translation>Der Interpreter kann nicht gestartet werden: %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot create a socket pair: %1.</source>
        <translation>Ein Socket-Paar kann nicht erzeugt werden: %1.</translation>
    </message>
    <message>
        <source>Cannot create a pipe: %1.</source>
        <translation>Eine Pipe kann nicht erzeugt werden: %1.</translation>
    </message>
    <message>
        <source>Cannot start the interpreter %1: %2.</source>
        <translation>Der Interpreter %1 kann nicht gestartet werden: %2.</translation>
    </message>
    <message>
        <source>the interpreter exited with status %1</source>
        <translation>der Interpreter wurde mit Status %1 beendet</translation>
    </message>
    <message>
        <source>the interpreter was killed by signal %1 (%2)</source>
        <translation>der Interpreter wurde durch Signal %1 (%2) beendet</translation>
    </message>
    <message>
        <source>killed by the master</source>
        <translation>vom Master beendet</translation>
    </message>
</context>
<context>
    <name>Econtext::LogHandler</name>
    <message>
        <source>a malformed log record</source>
        <translation>ein fehlerhafter Log-Eintrag</translation>
    </message>
    <message>
        <source>malformed output</source>
        <translation>fehlerhafte Ausgabe</translation>
    </message>
</context>
<context>
    <name>Econtext::LogModel</name>
    <message>
        <source>Thread: %1</source>
        <translation>Thread: %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Logger</source>
        <translation>Logger</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>Econtext::LogPane</name>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Show logging records at or above this level</source>
        <translation>Log-Einträge ab dieser Stufe anzeigen</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <source>Show the context&apos;s standard output</source>
        <translation>Die Standardausgabe des Kontexts anzeigen</translation>
    </message>
    <message>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <source>Show the context&apos;s standard error</source>
        <translation>Die Standardfehlerausgabe des Kontexts anzeigen</translation>
    </message>
    <message>
        <source>Filter messages</source>
        <translation>Nachrichten filtern</translation>
    </message>
    <message>
        <source>Show only lines whose message or logger contains this text</source>
        <translation>Nur Zeilen anzeigen, deren Nachricht oder Logger diesen Text enthält</translation>
    </message>
    <message>
        <source>Follow Tail</source>
        <translation>Ende folgen</translation>
    </message>
    <message>
        <source>Keep the newest line in view while the view is scrolled to the bottom</source>
        <translation>Die neueste Zeile sichtbar halten, solange die Ansicht ganz nach unten gescrollt ist</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Hold new lines back until resumed</source>
        <translation>Neue Zeilen zurückhalten, bis es weitergeht</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove every line from this log</source>
        <translation>Alle Zeilen aus diesem Log entfernen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected lines as text</source>
        <translation>Die ausgewählten Zeilen als Text kopieren</translation>
    </message>
    <message>
        <source>Save Log As…</source>
        <translation>Log speichern unter …</translation>
    </message>
    <message>
        <source>Save the shown lines to a text file</source>
        <translation>Die angezeigten Zeilen in einer Textdatei speichern</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Log speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Logdateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Lines: %1 of %2</source>
        <translation>Zeilen: %1 von %2</translation>
    </message>
    <message>
        <source>Lines: %1</source>
        <translation>Zeilen: %1</translation>
    </message>
    <message>
        <source>Paused, %1 new</source>
        <translation>Angehalten, %1 neu</translation>
    </message>
    <message>
        <source>No line matches the filter.</source>
        <translation>Keine Zeile passt zum Filter.</translation>
    </message>
    <message>
        <source>Nothing logged yet. The context&apos;s logging records, standard output and standard error appear here.</source>
        <translation>Noch keine Einträge im Log. Hier erscheinen die Log-Einträge, die Standardausgabe und die Standardfehlerausgabe des Kontexts.</translation>
    </message>
    <message>
        <source>%1 older lines were dropped to keep the last %2.</source>
        <translation>%1 ältere Zeilen wurden verworfen, um die letzten %2 zu behalten.</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
</context>
<context>
    <name>Econtext::MainWindow</name>
    <message>
        <source>Econtext</source>
        <translation>Econtext</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden …</translation>
    </message>
    <message>
        <source>Connect a new context to a host or a local interpreter</source>
        <translation>Einen neuen Kontext mit einem Host oder einem lokalen Interpreter verbinden</translation>
    </message>
    <message>
        <source>&amp;Quick Connect</source>
        <translation>&amp;Schnellverbindung</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Open Log</source>
        <translation>&amp;Log öffnen</translation>
    </message>
    <message>
        <source>Show the selected context&apos;s tab</source>
        <translation>Den Tab des ausgewählten Kontexts anzeigen</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Close the connection to the selected context at once</source>
        <translation>Die Verbindung zum ausgewählten Kontext sofort schließen</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Connect the selected context again with the same options</source>
        <translation>Den ausgewählten Kontext mit denselben Optionen erneut verbinden</translation>
    </message>
    <message>
        <source>&amp;Shut Down</source>
        <translation>&amp;Herunterfahren</translation>
    </message>
    <message>
        <source>Ask the selected context to finish its output and exit</source>
        <translation>Den ausgewählten Kontext bitten, seine Ausgabe abzuschließen und sich zu beenden</translation>
    </message>
    <message>
        <source>Copy &amp;Details</source>
        <translation>&amp;Details kopieren</translation>
    </message>
    <message>
        <source>Copy the selected context&apos;s facts as text</source>
        <translation>Die Angaben zum ausgewählten Kontext als Text kopieren</translation>
    </message>
    <message>
        <source>Re&amp;move from List</source>
        <translation>Aus der Liste &amp;entfernen</translation>
    </message>
    <message>
        <source>Remove &amp;All Finished</source>
        <translation>&amp;Alle beendeten entfernen</translation>
    </message>
    <message>
        <source>Forget every context that failed or disconnected, and close its tab</source>
        <translation>Alle fehlgeschlagenen oder getrennten Kontexte vergessen und ihre Tabs schließen</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>&amp;Tab schließen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;About Econtext</source>
        <translation>Ü&amp;ber Econtext</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Context</source>
        <translation>&amp;Kontext</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Quick connect: local, user@host:port or an alias</source>
        <translation>Schnellverbindung: local, user@host:port oder ein Alias</translation>
    </message>
    <message>
        <source>Type a target and press Enter: local, local:/path/to/python, user@host:port, an alias from ~/.ssh/config or the name of a saved host</source>
        <translation>Geben Sie ein Ziel ein und drücken Sie die Eingabetaste: local, local:/pfad/zu/python, user@host:port, ein Alias aus ~/.ssh/config oder der Name eines gespeicherten Hosts</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Module requests answered for all contexts</source>
        <translation>Für alle Kontexte beantwortete Modulanfragen</translation>
    </message>
    <message>
        <source>Failed connections and log records at level ERROR or above</source>
        <translation>Fehlgeschlagene Verbindungen und Log-Einträge ab der Stufe ERROR</translation>
    </message>
    <message>
        <source>Copied the context&apos;s details.</source>
        <translation>Die Details des Kontexts wurden kopiert.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln connected</source>
        <translation>
            <numerusform>%Ln verbunden</numerusform>
            <numerusform>%Ln verbunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connecting</source>
        <translation>
            <numerusform>%Ln im Verbindungsaufbau</numerusform>
            <numerusform>%Ln im Verbindungsaufbau</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln disconnected</source>
        <translation>
            <numerusform>%Ln getrennt</numerusform>
            <numerusform>%Ln getrennt</numerusform>
        </translation>
    </message>
    <message>
        <source>Roundtrips: %1</source>
        <translation>Roundtrips: %1</translation>
    </message>
    <message>
        <source>Errors: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>About Econtext</source>
        <translation>Über Econtext</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Econtext %1&lt;/h3&gt;&lt;p&gt;Starts Python interpreters on this machine and on remote hosts, with nothing installed there, and shows them live.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Econtext %1&lt;/h3&gt;&lt;p&gt;Startet Python-Interpreter auf diesem Rechner und auf entfernten Hosts, ohne dort etwas zu installieren, und zeigt sie live an.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Built with Qt %1.</source>
        <translation>Erstellt mit Qt %1.</translation>
    </message>
    <message>
        <source>Forget a context that failed or disconnected, and close its tab</source>
        <translation>Einen fehlgeschlagenen oder getrennten Kontext vergessen und seinen Tab schließen</translation>
    </message>
    <message>
        <source>Run on &amp;Several Contexts…</source>
        <translation>Auf &amp;mehreren Kontexten ausführen …</translation>
    </message>
    <message>
        <source>Run one shell command or Python expression on several contexts at once</source>
        <translation>Einen Shell-Befehl oder Python-Ausdruck gleichzeitig auf mehreren Kontexten ausführen</translation>
    </message>
    <message>
        <source>Import Traffic (All Contexts)</source>
        <translation>Importverkehr (alle Kontexte)</translation>
    </message>
    <message>
        <source>C&amp;ancel Connecting</source>
        <translation>Verbindungsaufbau a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop connecting the selected context, or stop reconnecting it automatically</source>
        <translation>Den Verbindungsaufbau des ausgewählten Kontexts abbrechen oder sein automatisches Neuverbinden beenden</translation>
    </message>
    <message>
        <source>Dump &amp;Stacks</source>
        <translation>&amp;Stacks ausgeben</translation>
    </message>
    <message>
        <source>Show what every thread of the selected context is doing, even while a call blocks it</source>
        <translation>Anzeigen, was jeder Thread des ausgewählten Kontexts gerade tut, auch während ein Aufruf ihn blockiert</translation>
    </message>
    <message>
        <source>Connect &amp;Through…</source>
        <translation>&amp;Über diesen Kontext verbinden …</translation>
    </message>
    <message>
        <source>Start a context through the selected one: another interpreter, sudo or ssh from there</source>
        <translation>Einen Kontext über den ausgewählten starten: einen weiteren Interpreter, sudo oder ssh von dort aus</translation>
    </message>
    <message>
        <source>Module &amp;Audit</source>
        <translation>Modul-A&amp;udit</translation>
    </message>
    <message>
        <source>Every module sent to the selected context, with its SHA-256</source>
        <translation>Jedes an den ausgewählten Kontext gesendete Modul, mit seinem SHA-256</translation>
    </message>
    <message>
        <source>Stopped connecting %1.</source>
        <translation>Verbindungsaufbau zu %1 abgebrochen.</translation>
    </message>
    <message>
        <source>Stopped reconnecting %1.</source>
        <translation>Neuverbinden von %1 beendet.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>sudo is started by a connected context: select one and use Context → Connect Through….</source>
        <translation>sudo wird von einem verbundenen Kontext gestartet: wählen Sie einen aus und verwenden Sie Kontext → Über diesen Kontext verbinden …</translation>
    </message>
</context>
<context>
    <name>Econtext::ModuleAuditModel</name>
    <message>
        <source>SHA-256 of the source sent: %1</source>
        <translation>SHA-256 des gesendeten Quelltexts: %1</translation>
    </message>
    <message>
        <source>Sent along with %1, before the context asked for it.</source>
        <translation>Zusammen mit %1 gesendet, bevor der Kontext es angefordert hat.</translation>
    </message>
    <message>
        <source>Sent because the context asked for it.</source>
        <translation>Gesendet, weil der Kontext es angefordert hat.</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Compressed</source>
        <translation>Komprimiert</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Path on the master</source>
        <translation>Pfad auf dem Master</translation>
    </message>
</context>
<context>
    <name>Econtext::ModuleHandler</name>
    <message>
        <source>a malformed module request</source>
        <translation>eine fehlerhafte Modulanfrage</translation>
    </message>
    <message>
        <source>malformed request</source>
        <translation>fehlerhafte Anfrage</translation>
    </message>
    <message>
        <source>a malformed source request</source>
        <translation>eine fehlerhafte Quelltext-Anfrage</translation>
    </message>
    <message>
        <source>a malformed import event</source>
        <translation>ein fehlerhaftes Import-Ereignis</translation>
    </message>
</context>
<context>
    <name>Econtext::MultiRunDialog</name>
    <message>
        <source>Run on Several Contexts</source>
        <translation>Auf mehreren Kontexten ausführen</translation>
    </message>
    <message>
        <source>&amp;Connected contexts:</source>
        <translation>&amp;Verbundene Kontexte:</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <source>Select &amp;None</source>
        <translation>&amp;Keine auswählen</translation>
    </message>
    <message>
        <source>Shell command</source>
        <translation>Shell-Befehl</translation>
    </message>
    <message>
        <source>Python expression</source>
        <translation>Python-Ausdruck</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>A command for /bin/sh, e.g. uname -a</source>
        <translation>Ein Befehl für /bin/sh, z. B. uname -a</translation>
    </message>
    <message>
        <source>A Python expression, e.g. sys.version</source>
        <translation>Ein Python-Ausdruck, z. B. sys.version</translation>
    </message>
    <message>
        <source>&amp;Group identical outputs</source>
        <translation>Identische Ausgaben &amp;gruppieren</translation>
    </message>
    <message>
        <source>Select a row to see its full output.</source>
        <translation>Wählen Sie eine Zeile aus, um ihre vollständige Ausgabe zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Copy Output</source>
        <translation>Ausgabe k&amp;opieren</translation>
    </message>
    <message>
        <source>Type a command to run.</source>
        <translation>Geben Sie einen auszuführenden Befehl ein.</translation>
    </message>
    <message>
        <source>Check at least one connected context to run on.</source>
        <translation>Markieren Sie mindestens einen verbundenen Kontext, auf dem ausgeführt werden soll.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n context(s) finished</source>
        <translation>
            <numerusform>%1 von %n Kontext beendet</numerusform>
            <numerusform>%1 von %n Kontexten beendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n failed</source>
        <translation>
            <numerusform> · %n fehlgeschlagen</numerusform>
            <numerusform> · %n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n distinct output(s)</source>
        <translation>
            <numerusform> · %n unterschiedliche Ausgabe</numerusform>
            <numerusform> · %n unterschiedliche Ausgaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n context(s): %1</source>
        <translation>
            <numerusform>%n Kontext: %1</numerusform>
            <numerusform>%n Kontexte: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Interrupt the shell commands still running (again: SIGTERM, then SIGKILL)</source>
        <translation>Die noch laufenden Shell-Befehle unterbrechen (erneut: SIGTERM, dann SIGKILL)</translation>
    </message>
</context>
<context>
    <name>Econtext::MultiRunModel</name>
    <message>
        <source>[output truncated]</source>
        <translation>[Ausgabe gekürzt]</translation>
    </message>
    <message numerus="yes">
        <source>%n context(s)</source>
        <translation>
            <numerusform>%n Kontext</numerusform>
            <numerusform>%n Kontexte</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… und %n weiterer</numerusform>
            <numerusform>… und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Exit-Status</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
<context>
    <name>Econtext::MultiRunner</name>
    <message>
        <source>(gone)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <source>The context is not connected; connect it and run again.</source>
        <translation>Der Kontext ist nicht verbunden; verbinden Sie ihn und starten Sie die Ausführung erneut.</translation>
    </message>
    <message>
        <source>The call was abandoned.</source>
        <translation>Der Aufruf wurde aufgegeben.</translation>
    </message>
</context>
<context>
    <name>Econtext::PasswordDialog</name>
    <message>
        <source>Key Passphrase</source>
        <translation>Passphrase des Schlüssels</translation>
    </message>
    <message>
        <source>Enter the passphrase for the key %1:</source>
        <translation>Geben Sie die Passphrase für den Schlüssel %1 ein:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Enter the password for %1:</source>
        <translation>Geben Sie das Passwort für %1 ein:</translation>
    </message>
    <message>
        <source>Question from %1</source>
        <translation>Frage von %1</translation>
    </message>
    <message>
        <source>The server asks for an answer:</source>
        <translation>Der Server bittet um eine Antwort:</translation>
    </message>
    <message>
        <source>Context: %1</source>
        <translation>Kontext: %1</translation>
    </message>
    <message>
        <source>S&amp;how text</source>
        <translation>Text &amp;anzeigen</translation>
    </message>
</context>
<context>
    <name>Econtext::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Contexts</source>
        <translation>Kontexte</translation>
    </message>
    <message>
        <source>The interpreter started for local contexts: a name on PATH or a full path</source>
        <translation>Der für lokale Kontexte gestartete Interpreter: ein Name im PATH oder ein vollständiger Pfad</translation>
    </message>
    <message>
        <source>Default &amp;Python:</source>
        <translation>Standard-&amp;Python:</translation>
    </message>
    <message>
        <source>Connect a &amp;local context when the window opens</source>
        <translation>Beim Öffnen des Fensters einen lo&amp;kalen Kontext verbinden</translation>
    </message>
    <message>
        <source>Module Path</source>
        <translation>Modulpfad</translation>
    </message>
    <message>
        <source>Directories searched first, in this order, for modules that contexts import from the master</source>
        <translation>Verzeichnisse, die zuerst und in dieser Reihenfolge nach Modulen durchsucht werden, die Kontexte vom Master importieren</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <source> lines</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <source>Lines kept per log pane; the oldest are dropped beyond this</source>
        <translation>Pro Log-Bereich behaltene Zeilen; darüber hinaus werden die ältesten verworfen</translation>
    </message>
    <message>
        <source>Log &amp;buffer:</source>
        <translation>&amp;Log-Puffer:</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Colours follow the desktop&apos;s light or dark theme. A new language applies when econtext starts again; new module directories apply to new contexts.</source>
        <translation>Die Farben folgen dem hellen oder dunklen Design der Arbeitsumgebung. Eine neue Sprache gilt nach dem nächsten Start von econtext; neue Modulverzeichnisse gelten für neue Kontexte.</translation>
    </message>
    <message>
        <source>The Python interpreter %1 does not exist or is not executable; choose another or leave the field empty for python3.</source>
        <translation>Der Python-Interpreter %1 existiert nicht oder ist nicht ausführbar; wählen Sie einen anderen oder lassen Sie das Feld für python3 leer.</translation>
    </message>
    <message>
        <source>The module directory %1 does not exist; remove it or create it first.</source>
        <translation>Das Modulverzeichnis %1 existiert nicht; entfernen Sie es oder legen Sie es zuerst an.</translation>
    </message>
    <message>
        <source>The new language applies when econtext starts again.</source>
        <translation>Die neue Sprache gilt nach dem nächsten Start von econtext.</translation>
    </message>
    <message>
        <source>Add Module Directory</source>
        <translation>Modulverzeichnis hinzufügen</translation>
    </message>
    <message>
        <source>Reconnect lost contexts &amp;automatically</source>
        <translation>Verlorene Kontexte &amp;automatisch neu verbinden</translation>
    </message>
    <message>
        <source>When a connected context is lost, connect it again after 1 s, 2 s, 4 s … (at most 60 s between attempts) until it stays up or you disconnect it</source>
        <translation>Geht ein verbundener Kontext verloren, ihn nach 1 s, 2 s, 4 s … (höchstens 60 s zwischen den Versuchen) erneut verbinden, bis er bestehen bleibt oder Sie ihn trennen</translation>
    </message>
    <message>
        <source>&amp;Restore the last session&apos;s contexts at start</source>
        <translation>Kontexte der letzten Sitzung beim Start &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>Connect the contexts that were connected when econtext closed (passwords are never saved: you are asked again)</source>
        <translation>Die Kontexte verbinden, die beim Schließen von econtext verbunden waren (Passwörter werden nie gespeichert: Sie werden erneut gefragt)</translation>
    </message>
</context>
<context>
    <name>Econtext::RelayTransport</name>
    <message>
        <source>a lost parent</source>
        <translation>(verlorener Elternkontext)</translation>
    </message>
    <message>
        <source>sudo to %1 on %2</source>
        <translation>sudo zu %1 auf %2</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1 über %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>python</source>
        <translation>python</translation>
    </message>
    <message>
        <source>the parent context is not connected</source>
        <translation>der Elternkontext ist nicht verbunden</translation>
    </message>
    <message>
        <source>spawn through %1</source>
        <translation>Start über %1</translation>
    </message>
    <message>
        <source>%1 could not start the command: %2</source>
        <translation>%1 konnte den Befehl nicht starten: %2</translation>
    </message>
    <message>
        <source>sudo password</source>
        <translation>sudo-Passwort</translation>
    </message>
    <message>
        <source>sudo needs a password and none was given</source>
        <translation>sudo benötigt ein Passwort, aber es wurde keines angegeben</translation>
    </message>
    <message>
        <source>sudo asks for a password, and there is no way to ask for it (use a password file)</source>
        <translation>sudo fragt nach einem Passwort, das nicht abgefragt werden kann (verwenden Sie eine Passwortdatei)</translation>
    </message>
    <message>
        <source>Password for sudo on %1:</source>
        <translation>Passwort für sudo auf %1:</translation>
    </message>
    <message>
        <source>killed by the master</source>
        <translation>vom Master beendet</translation>
    </message>
    <message>
        <source>the parent context %1 went away (%2)</source>
        <translation>der Elternkontext %1 ist weggefallen (%2)</translation>
    </message>
</context>
<context>
    <name>Econtext::Router</name>
    <message>
        <source>the broker stopped</source>
        <translation>der Broker wurde beendet</translation>
    </message>
    <message>
        <source>Cannot connect through %1: it is not connected.</source>
        <translation>Verbindung über %1 nicht möglich: Er ist nicht verbunden.</translation>
    </message>
    <message>
        <source>Cannot connect through a context that does not exist.</source>
        <translation>Verbindung über einen Kontext, den es nicht gibt, ist nicht möglich.</translation>
    </message>
</context>
<context>
    <name>Econtext::Session</name>
    <message>
        <source>Automatic reconnect stopped.</source>
        <translation>Automatisches Neuverbinden beendet.</translation>
    </message>
    <message>
        <source>Cannot reconnect %1: it is reached through %2, which is not connected.</source>
        <translation>%1 kann nicht neu verbunden werden: Der Kontext %2, über den er erreicht wird, ist nicht verbunden.</translation>
    </message>
    <message>
        <source>Cannot reconnect %1: the context it was reached through was removed from the list.</source>
        <translation>%1 kann nicht neu verbunden werden: Der Kontext, über den er erreicht wurde, wurde aus der Liste entfernt.</translation>
    </message>
    <message>
        <source>Reconnecting %1 first: this context is reached through it.</source>
        <translation>Zuerst wird %1 neu verbunden: Über ihn wird dieser Kontext erreicht.</translation>
    </message>
    <message>
        <source>it was removed from the list</source>
        <translation>er wurde aus der Liste entfernt</translation>
    </message>
    <message>
        <source>Reconnect attempt %1 (%2 is back).</source>
        <translation>Versuch %1, neu zu verbinden (%2 ist wieder da).</translation>
    </message>
    <message>
        <source>Will reconnect once %1, which it is reached through, is back.</source>
        <translation>Wird neu verbunden, sobald %1, über den er erreicht wird, wieder da ist.</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s (attempt %1) because: %2</source>
        <translation>
            <numerusform>Neue Verbindung in %n s (Versuch %1), weil: %2</numerusform>
            <numerusform>Neue Verbindung in %n s (Versuch %1), weil: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnect attempt %1 (%2).</source>
        <translation>Versuch %1, neu zu verbinden (%2).</translation>
    </message>
    <message>
        <source>Could not restore %1: it is reached through %2, which did not connect.</source>
        <translation>%1 konnte nicht wiederhergestellt werden: Der Kontext %2, über den er erreicht wird, konnte nicht verbunden werden.</translation>
    </message>
    <message>
        <source>Cannot reconnect %1: it is reached through %2, which is not connected (%3).</source>
        <translation>%1 kann nicht neu verbunden werden: Der Kontext %2, über den er erreicht wird, ist nicht verbunden (%3).</translation>
    </message>
</context>
<context>
    <name>Econtext::SessionCapture</name>
    <message>
        <source>Cannot open the capture file %1: %2.</source>
        <translation>Die Aufzeichnungsdatei %1 kann nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>The capture</source>
        <translation>Die Aufzeichnung</translation>
    </message>
    <message>
        <source>%1 is empty: it holds no recorded session.</source>
        <translation>%1 ist leer: Sie enthält keine aufgezeichnete Sitzung.</translation>
    </message>
    <message>
        <source>%1 ends inside its header: the recording wrote nothing that can be read.</source>
        <translation>%1 endet innerhalb des Kopfes: Die Aufzeichnung hat nichts Lesbares geschrieben.</translation>
    </message>
    <message>
        <source>%1 is not an Econtext session capture (its first line is not a capture header).</source>
        <translation>%1 ist keine Econtext-Sitzungsaufzeichnung (die erste Zeile ist kein Aufzeichnungskopf).</translation>
    </message>
    <message>
        <source>%1 is a capture of format version %2, but this version of Econtext reads version %3 only.</source>
        <translation>%1 ist eine Aufzeichnung der Formatversion %2, diese Version von Econtext liest aber nur Version %3.</translation>
    </message>
    <message>
        <source>Line %1 of %2 is damaged (%3), so the capture cannot be read.</source>
        <translation>Zeile %1 von %2 ist beschädigt (%3), daher kann die Aufzeichnung nicht gelesen werden.</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
</context>
<context>
    <name>Econtext::SessionRecorder</name>
    <message>
        <source>A session is already being recorded to %1; stop it first.</source>
        <translation>Es wird bereits eine Sitzung nach %1 aufgezeichnet; beenden Sie diese zuerst.</translation>
    </message>
    <message>
        <source>There is no broker to record.</source>
        <translation>Es gibt keinen Broker, der aufgezeichnet werden kann.</translation>
    </message>
    <message>
        <source>Cannot create the capture file %1: %2.</source>
        <translation>Die Aufzeichnungsdatei %1 kann nicht angelegt werden: %2.</translation>
    </message>
    <message>
        <source>Cannot write the capture file %1.</source>
        <translation>Die Aufzeichnungsdatei %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot write the capture file %1: %2; the recording has stopped.</source>
        <translation>Die Aufzeichnungsdatei %1 kann nicht geschrieben werden: %2; die Aufzeichnung wurde beendet.</translation>
    </message>
</context>
<context>
    <name>Econtext::SessionRecordingControl</name>
    <message>
        <source>&amp;Record Session…</source>
        <translation>Sitzung &amp;aufzeichnen …</translation>
    </message>
    <message>
        <source>Record what every context reports to a capture file</source>
        <translation>Aufzeichnen, was jeder Kontext meldet, in eine Aufzeichnungsdatei</translation>
    </message>
    <message>
        <source>S&amp;top Recording</source>
        <translation>Aufzeichnung b&amp;eenden</translation>
    </message>
    <message>
        <source>Open &amp;Capture…</source>
        <translation>Aufzeichnung ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Show a recorded session</source>
        <translation>Eine aufgezeichnete Sitzung anzeigen</translation>
    </message>
    <message>
        <source>Recording the session to %1</source>
        <translation>Sitzung wird nach %1 aufgezeichnet</translation>
    </message>
    <message>
        <source>Session saved to %1</source>
        <translation>Sitzung in %1 gespeichert</translation>
    </message>
    <message>
        <source>Record Session</source>
        <translation>Sitzung aufzeichnen</translation>
    </message>
    <message>
        <source>Session captures (*.jsonl)</source>
        <translation>Sitzungsaufzeichnungen (*.jsonl)</translation>
    </message>
    <message>
        <source>● REC</source>
        <translation>● REC</translation>
    </message>
    <message>
        <source>Recording the session</source>
        <translation>Die Sitzung wird aufgezeichnet</translation>
    </message>
    <message>
        <source>Recording the session to %1 — click to stop</source>
        <translation>Die Sitzung wird in %1 aufgezeichnet – klicken zum Beenden</translation>
    </message>
</context>
<context>
    <name>Econtext::SshConfig</name>
    <message>
        <source>Cannot read the ssh configuration %1: %2.</source>
        <translation>Die ssh-Konfiguration %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1:%2: Include nested too deeply; ignored.</source>
        <translation>%1:%2: Include zu tief verschachtelt; ignoriert.</translation>
    </message>
    <message>
        <source>%1:%2: %3 is included twice; ignored.</source>
        <translation>%1:%2: %3 wird zweimal eingebunden; ignoriert.</translation>
    </message>
    <message>
        <source>%1:%2: cannot read %3: %4.</source>
        <translation>%1:%2: %3 kann nicht gelesen werden: %4.</translation>
    </message>
</context>
<context>
    <name>Econtext::SshTransport</name>
    <message numerus="yes">
        <source>the remote command did not finish within %n s after its input was closed</source>
        <translation>
            <numerusform>der entfernte Befehl wurde nicht innerhalb von %n s nach dem Schließen seiner Eingabe beendet</numerusform>
            <numerusform>der entfernte Befehl wurde nicht innerhalb von %n s nach dem Schließen seiner Eingabe beendet</numerusform>
        </translation>
    </message>
    <message>
        <source>the remote command closed its output</source>
        <translation>der entfernte Befehl hat seine Ausgabe geschlossen</translation>
    </message>
    <message>
        <source>econtext: neither python3 nor python was found on %1</source>
        <translation>econtext: weder python3 noch python wurde auf %1 gefunden</translation>
    </message>
    <message>
        <source>No host given for the ssh connection.</source>
        <translation>Für die ssh-Verbindung wurde kein Host angegeben.</translation>
    </message>
    <message>
        <source>Cannot create an ssh session (libssh is out of memory).</source>
        <translation>Eine ssh-Sitzung kann nicht erzeugt werden (libssh hat keinen Speicher mehr).</translation>
    </message>
    <message>
        <source>Cannot use the ssh configuration%1 for %2: %3.</source>
        <translation>Die ssh-Konfiguration%1 kann für %2 nicht verwendet werden: %3.</translation>
    </message>
    <message>
        <source>tcp connect</source>
        <translation>TCP-Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Could not connect to %1: cannot resolve the host name %2 (%3).</source>
        <translation>Verbindung zu %1 nicht möglich: Der Hostname %2 kann nicht aufgelöst werden (%3).</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2.</source>
        <translation>Verbindung zu %1 nicht möglich: %2.</translation>
    </message>
    <message>
        <source>key exchange</source>
        <translation>Schlüsselaustausch</translation>
    </message>
    <message>
        <source>the connection to %1 was closed before the command started</source>
        <translation>die Verbindung zu %1 wurde geschlossen, bevor der Befehl gestartet wurde</translation>
    </message>
    <message>
        <source>killed by the master</source>
        <translation>vom Master beendet</translation>
    </message>
    <message>
        <source>The connection to %1 was cancelled.</source>
        <translation>Die Verbindung zu %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Timed out after %1 s waiting for %2 on host %3.</source>
        <translation>Zeitüberschreitung nach %1 s beim Warten auf „%2“ auf Host %3.</translation>
    </message>
    <message>
        <source>The connection to %1 was lost during %2: %3.</source>
        <translation>Die Verbindung zu %1 ging im Schritt „%2“ verloren: %3.</translation>
    </message>
    <message>
        <source>host key check</source>
        <translation>Host-Schlüsselprüfung</translation>
    </message>
    <message>
        <source>The host key of %1 is unknown (%2 %3); connection refused. Check the fingerprint and connect again with --accept-new-host-key to trust it.</source>
        <translation>Der Host-Schlüssel von %1 ist unbekannt (%2 %3); Verbindung abgelehnt. Prüfen Sie den Fingerabdruck und verbinden Sie sich erneut mit --accept-new-host-key, um ihm zu vertrauen.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>no method</source>
        <translation>keine Methode</translation>
    </message>
    <message>
        <source>channel open</source>
        <translation>Kanalöffnung</translation>
    </message>
    <message>
        <source>%1 (partial success)</source>
        <translation>%1 (teilweise erfolgreich)</translation>
    </message>
    <message>
        <source>%1 (refused)</source>
        <translation>%1 (abgelehnt)</translation>
    </message>
    <message>
        <source>authentication (none)</source>
        <translation>Authentifizierung (none)</translation>
    </message>
    <message>
        <source>authentication (publickey)</source>
        <translation>Authentifizierung (publickey)</translation>
    </message>
    <message>
        <source>publickey with the keys of ssh-agent</source>
        <translation>publickey mit den Schlüsseln von ssh-agent</translation>
    </message>
    <message>
        <source>Authentication as %1 on %2 failed: tried %3; the server offers %4.</source>
        <translation>Die Authentifizierung als %1 auf %2 ist fehlgeschlagen: versucht wurde %3; der Server bietet %4 an.</translation>
    </message>
    <message>
        <source>publickey with %1 (%2)</source>
        <translation>publickey mit %1 (%2)</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>wrong passphrase</source>
        <translation>falsche Passphrase</translation>
    </message>
    <message>
        <source>needs a passphrase</source>
        <translation>benötigt eine Passphrase</translation>
    </message>
    <message>
        <source>Wrong passphrase. Passphrase for %1:</source>
        <translation>Falsche Passphrase. Passphrase für %1:</translation>
    </message>
    <message>
        <source>Passphrase for %1:</source>
        <translation>Passphrase für %1:</translation>
    </message>
    <message>
        <source>publickey with %1</source>
        <translation>publickey mit %1</translation>
    </message>
    <message>
        <source>authentication (keyboard-interactive)</source>
        <translation>Authentifizierung (keyboard-interactive)</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2.</source>
        <translation>Die Passwortdatei %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>keyboard-interactive (no answer for &quot;%1&quot;)</source>
        <translation>keyboard-interactive (keine Antwort auf „%1“)</translation>
    </message>
    <message>
        <source>keyboard-interactive (too many questions)</source>
        <translation>keyboard-interactive (zu viele Fragen)</translation>
    </message>
    <message>
        <source>authentication (password)</source>
        <translation>Authentifizierung (password)</translation>
    </message>
    <message>
        <source>Permission denied, please try again. Password for %1:</source>
        <translation>Zugriff verweigert, bitte versuchen Sie es erneut. Passwort für %1:</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Passwort für %1:</translation>
    </message>
    <message>
        <source>password (no password given)</source>
        <translation>password (kein Passwort angegeben)</translation>
    </message>
    <message>
        <source>password from %1 (refused)</source>
        <translation>password aus %1 (abgelehnt)</translation>
    </message>
    <message numerus="yes">
        <source>password (refused %n times)</source>
        <translation>
            <numerusform>password (%n-mal abgelehnt)</numerusform>
            <numerusform>password (%n-mal abgelehnt)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create an ssh channel: %1.</source>
        <translation>Ein ssh-Kanal kann nicht erzeugt werden: %1.</translation>
    </message>
    <message>
        <source>Cannot open a session channel on %1: %2.</source>
        <translation>Auf %1 kann kein Sitzungskanal geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>exec</source>
        <translation>exec</translation>
    </message>
    <message>
        <source>The server %1 refused to run the command: %2.</source>
        <translation>Der Server %1 hat die Ausführung des Befehls verweigert: %2.</translation>
    </message>
    <message>
        <source>connection to %1 lost</source>
        <translation>Verbindung zu %1 verloren</translation>
    </message>
    <message>
        <source>the channel to %1 failed: %2</source>
        <translation>der Kanal zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the remote command was killed by signal %1</source>
        <translation>der entfernte Befehl wurde durch Signal %1 beendet</translation>
    </message>
    <message>
        <source>the remote command exited with status %1</source>
        <translation>der entfernte Befehl wurde mit Status %1 beendet</translation>
    </message>
    <message>
        <source>the channel to %1 was closed</source>
        <translation>der Kanal zu %1 wurde geschlossen</translation>
    </message>
    <message>
        <source>The host key of %1 is unknown (%2 %3); connection refused.</source>
        <translation>Der Host-Schlüssel von %1 ist unbekannt (%2 %3); Verbindung abgelehnt.</translation>
    </message>
    <message>
        <source>publickey with %1 (passphrase not given)</source>
        <translation>publickey mit %1 (keine Passphrase angegeben)</translation>
    </message>
    <message>
        <source>keyboard-interactive (cancelled)</source>
        <translation>keyboard-interactive (abgebrochen)</translation>
    </message>
    <message>
        <source>password (cancelled)</source>
        <translation>password (abgebrochen)</translation>
    </message>
    <message>
        <source>Could not connect to %1: the server closed the connection before the SSH handshake (%2) on all %3 attempts; its sshd may be turning away connections beyond its MaxStartups limit.</source>
        <translation>Verbindung zu %1 nicht möglich: Der Server hat die Verbindung bei allen %3 Versuchen vor dem SSH-Handshake geschlossen (%2); sein sshd weist womöglich Verbindungen jenseits seiner MaxStartups-Grenze ab.</translation>
    </message>
    <message>
        <source>Could not connect to %1: the server closed the connection before the SSH handshake (%2); its sshd may be turning away connections beyond its MaxStartups limit.</source>
        <translation>Verbindung zu %1 nicht möglich: Der Server hat die Verbindung vor dem SSH-Handshake geschlossen (%2); sein sshd weist womöglich Verbindungen jenseits seiner MaxStartups-Grenze ab.</translation>
    </message>
    <message>
        <source>tcp connect (attempt %1 of %2)</source>
        <translation>TCP-Verbindungsaufbau (Versuch %1 von %2)</translation>
    </message>
</context>
<context>
    <name>Econtext::StacksPane</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Ask the context for the stacks of all its threads (answered by its I/O thread, even while a call blocks)</source>
        <translation>Den Kontext nach den Stacks aller seiner Threads fragen (sein E/A-Thread antwortet, auch während ein Aufruf blockiert)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop waiting for the stacks</source>
        <translation>Nicht länger auf die Stacks warten</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the latest stacks to the clipboard</source>
        <translation>Die neuesten Stacks in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Press Refresh (or Context ▸ Dump Stacks) to see what every thread of the context is doing.</source>
        <translation>Drücken Sie Aktualisieren (oder Kontext ▸ Stacks ausgeben), um zu sehen, was jeder Thread des Kontexts gerade tut.</translation>
    </message>
    <message>
        <source>Stopped waiting for the stacks.</source>
        <translation>Das Warten auf die Stacks wurde beendet.</translation>
    </message>
    <message>
        <source>The call was dropped.</source>
        <translation>Der Aufruf wurde verworfen.</translation>
    </message>
    <message>
        <source>Stacks at %1 (answered in %2 ms).</source>
        <translation>Stacks um %1 (Antwort nach %2 ms).</translation>
    </message>
    <message>
        <source>Could not get the stacks at %1: %2</source>
        <translation>Die Stacks konnten um %1 nicht abgerufen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for the stacks for %n s…</source>
        <translation>
            <numerusform>Warte seit %n s auf die Stacks …</numerusform>
            <numerusform>Warte seit %n s auf die Stacks …</numerusform>
        </translation>
    </message>
    <message>
        <source>No stacks taken yet.</source>
        <translation>Noch keine Stacks abgerufen.</translation>
    </message>
    <message>
        <source>The context is gone.</source>
        <translation>Der Kontext existiert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>Econtext::StopLadder</name>
    <message>
        <source>signal %1</source>
        <translation>Signal %1</translation>
    </message>
    <message>
        <source>%1, then %2</source>
        <translation>%1, dann %2</translation>
    </message>
    <message>
        <source>interrupted (SIGINT)</source>
        <translation>unterbrochen (SIGINT)</translation>
    </message>
    <message>
        <source>terminated (SIGTERM)</source>
        <translation>beendet (SIGTERM)</translation>
    </message>
    <message>
        <source>killed (SIGKILL)</source>
        <translation>zwangsweise beendet (SIGKILL)</translation>
    </message>
    <message>
        <source>killed by %1</source>
        <translation>durch %1 beendet</translation>
    </message>
</context>
<context>
    <name>Econtext::Target</name>
    <message>
        <source>host, user@host:2222, ssh://user@host, [::1]:22</source>
        <translation>host, user@host:2222, ssh://user@host, [::1]:22</translation>
    </message>
    <message>
        <source>local, local:/usr/bin/python3, local:python3.11</source>
        <translation>local, local:/usr/bin/python3, local:python3.11</translation>
    </message>
    <message>
        <source>sudo, sudo:postgres</source>
        <translation>sudo, sudo:postgres</translation>
    </message>
    <message>
        <source>local, local:/usr/bin/python3, sudo:postgres, user@host:2222, ssh://host, an alias from ~/.ssh/config</source>
        <translation>local, local:/usr/bin/python3, sudo:postgres, user@host:2222, ssh://host, ein Alias aus ~/.ssh/config</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid target: %2. Examples: %3.</source>
        <translation>„%1“ ist kein gültiges Ziel: %2. Beispiele: %3.</translation>
    </message>
    <message>
        <source>the port after &apos;:&apos; is missing</source>
        <translation>der Port nach „:“ fehlt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a port number (1 to 65535)</source>
        <translation>„%1“ ist keine Portnummer (1 bis 65535)</translation>
    </message>
    <message>
        <source>port %1 is out of range (1 to 65535)</source>
        <translation>Port %1 liegt außerhalb des Bereichs (1 bis 65535)</translation>
    </message>
    <message>
        <source>the user name before &apos;@&apos; is empty</source>
        <translation>der Benutzername vor „@“ ist leer</translation>
    </message>
    <message>
        <source>a password does not belong in a target (the &apos;:&apos; before &apos;@&apos;)</source>
        <translation>ein Passwort gehört nicht in ein Ziel (der „:“ vor „@“)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid user name</source>
        <translation>„%1“ ist kein gültiger Benutzername</translation>
    </message>
    <message>
        <source>the host after &apos;@&apos; is missing</source>
        <translation>der Host nach „@“ fehlt</translation>
    </message>
    <message>
        <source>the &apos;[&apos; before the IPv6 address is not closed</source>
        <translation>die „[“ vor der IPv6-Adresse wird nicht geschlossen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an IPv6 address</source>
        <translation>„%1“ ist keine IPv6-Adresse</translation>
    </message>
    <message>
        <source>only &apos;:PORT&apos; may follow the IPv6 address in brackets</source>
        <translation>auf die IPv6-Adresse in Klammern darf nur „:PORT“ folgen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an IPv6 address (a port needs [address]:port)</source>
        <translation>„%1“ ist keine IPv6-Adresse (ein Port braucht [Adresse]:Port)</translation>
    </message>
    <message>
        <source>the host name is missing</source>
        <translation>der Hostname fehlt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a host name (letters, digits, &apos;-&apos;, &apos;.&apos; and &apos;_&apos;)</source>
        <translation>„%1“ ist kein Hostname (Buchstaben, Ziffern, „-“, „.“ und „_“)</translation>
    </message>
    <message>
        <source>A target is needed. Examples: %1.</source>
        <translation>Ein Ziel wird benötigt. Beispiele: %1.</translation>
    </message>
    <message>
        <source>the interpreter after &apos;local:&apos; is missing</source>
        <translation>der Interpreter nach „local:“ fehlt</translation>
    </message>
    <message>
        <source>the method &apos;%1&apos; is not supported yet; a host of that name is written ssh://%1</source>
        <translation>die Methode „%1“ wird noch nicht unterstützt; ein Host dieses Namens wird ssh://%1 geschrieben</translation>
    </message>
    <message>
        <source>&apos;%1://&apos; is not a known method</source>
        <translation>„%1://“ ist keine bekannte Methode</translation>
    </message>
    <message>
        <source>it contains a space</source>
        <translation>es enthält ein Leerzeichen</translation>
    </message>
    <message>
        <source>the user after &apos;sudo:&apos; is missing</source>
        <translation>der Benutzer nach „sudo:“ fehlt</translation>
    </message>
    <message>
        <source>ssh is written ssh://HOST</source>
        <translation>ssh wird ssh://HOST geschrieben</translation>
    </message>
    <message>
        <source>only a host may follow &apos;ssh://&apos;</source>
        <translation>auf „ssh://“ darf nur ein Host folgen</translation>
    </message>
</context>
<context>
    <name>Econtext::TerminalFindBar</name>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung</translation>
    </message>
    <message>
        <source>Find in terminal</source>
        <translation>Im Terminal suchen</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Nächster Treffer (Eingabe)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>Kein Treffer</translation>
    </message>
</context>
<context>
    <name>Econtext::TerminalWidget</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen …</translation>
    </message>
    <message>
        <source>Clear Scrollback</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation>Originalgröße</translation>
    </message>
</context>
<context>
    <name>Econtext::TimelineChart</name>
    <message>
        <source>No bootstrap stages yet.</source>
        <translation>Noch keine Bootstrap-Stufen.</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 ms (+%2)</source>
        <translation>%1 ms (+%2)</translation>
    </message>
    <message>
        <source>+%1 s</source>
        <translation>+%1 s</translation>
    </message>
</context>
<context>
    <name>Econtext::TimelinePane</name>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Stop connecting this context</source>
        <translation>Den Verbindungsaufbau dieses Kontexts abbrechen</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>At (ms)</source>
        <translation>Bei (ms)</translation>
    </message>
    <message>
        <source>Delta (ms)</source>
        <translation>Delta (ms)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %1 for %n s.</source>
        <translation>
            <numerusform>Wartet seit %n s auf %1.</numerusform>
            <numerusform>Wartet seit %n s auf %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindungsaufbau …</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Failed after &quot;%1&quot; while waiting for %2: %3</source>
        <translation>Fehlgeschlagen nach „%1“ beim Warten auf %2: %3</translation>
    </message>
    <message>
        <source>Failed after &quot;%1&quot;: %2</source>
        <translation>Fehlgeschlagen nach „%1“: %2</translation>
    </message>
    <message>
        <source>Failed before the first stage: %1</source>
        <translation>Fehlgeschlagen vor der ersten Stufe: %1</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>Connected in %1 ms.</source>
        <translation>Verbunden nach %1 ms.</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Getrennt: %1</translation>
    </message>
    <message>
        <source>stalled waiting for %1</source>
        <translation>hängt beim Warten auf %1</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message numerus="yes">
        <source>+%n s</source>
        <translation>
            <numerusform>+%n s</numerusform>
            <numerusform>+%n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Econtext::Transport</name>
    <message>
        <source>%1 needs a context to start from; connect through one.</source>
        <translation>%1 braucht einen Kontext, von dem es startet; verbinden Sie über einen.</translation>
    </message>
</context>
<context>
    <name>EcontextCli</name>
    <message>
        <source>target %1 (Python %2), medians of %3 runs
  bootstrap to first call  %4 ms
  sequential calls         %5 /s
  pipelined calls          %6 /s
  bulk throughput          %7 MB/s
</source>
        <translation>Ziel %1 (Python %2), Median aus %3 Durchläufen
  Bootstrap bis zum ersten Aufruf  %4 ms
  sequenzielle Aufrufe             %5 /s
  Aufrufe im Pipelining            %6 /s
  Massendurchsatz                  %7 MB/s
</translation>
    </message>
    <message>
        <source>Unknown log level &quot;%1&quot;.</source>
        <translation>Unbekannte Log-Stufe „%1“.</translation>
    </message>
    <message>
        <source>The timeout must be a positive number of seconds.</source>
        <translation>Das Zeitlimit muss eine positive Anzahl Sekunden sein.</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>Der Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
    <message>
        <source>No command given; see econtext-cli --help.</source>
        <translation>Kein Befehl angegeben; siehe econtext-cli --help.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;; see econtext-cli --help.</source>
        <translation>Unbekannter Befehl „%1“; siehe econtext-cli --help.</translation>
    </message>
    <message>
        <source>run needs a command after &quot;--&quot;, for example: econtext-cli run local -- hostname</source>
        <translation>run benötigt nach „--“ ein Programm, zum Beispiel: econtext-cli run local -- hostname</translation>
    </message>
    <message>
        <source>eval needs a Python expression.</source>
        <translation>eval benötigt einen Python-Ausdruck.</translation>
    </message>
    <message>
        <source>call needs MODULE.FUNCTION.</source>
        <translation>call benötigt MODUL.FUNKTION.</translation>
    </message>
    <message>
        <source>import needs at least one module name.</source>
        <translation>import benötigt mindestens einen Modulnamen.</translation>
    </message>
    <message>
        <source>No target given; use local, ssh://HOST or an ssh alias.</source>
        <translation>Kein Ziel angegeben; verwenden Sie local, ssh://HOST oder einen ssh-Alias.</translation>
    </message>
    <message>
        <source>[%1] %2 ms: %3</source>
        <translation>[%1] %2 ms: %3</translation>
    </message>
    <message>
        <source>via %1: %2</source>
        <translation>über %1: %2</translation>
    </message>
    <message>
        <source>econtext-cli: %1</source>
        <translation>econtext-cli: %1</translation>
    </message>
    <message>
        <source>econtext-cli: %1: %2</source>
        <translation>econtext-cli: %1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 targets succeeded.</source>
        <translation>%1 von %2 Zielen erfolgreich.</translation>
    </message>
    <message>
        <source>%1imported %2: %3 roundtrips, %4 modules sent (%5 ahead), %6 cache hits, %7 bytes (%8 compressed), %9 ms</source>
        <translation>%1%2 importiert: %3 Roundtrips, %4 Module gesendet (%5 im Voraus), %6 Cache-Treffer, %7 Bytes (%8 komprimiert), %9 ms</translation>
    </message>
    <message>
        <source>The authenticity of host %1 can&apos;t be established.
%2 key fingerprint is %3.
Trust it and remember it in known_hosts (yes/no/once)? </source>
        <translation>Die Echtheit des Hosts %1 kann nicht festgestellt werden.
Der Fingerabdruck des %2-Schlüssels ist %3.
Ihm vertrauen und ihn in known_hosts speichern (yes/no/once)? </translation>
    </message>
    <message>
        <source>Passphrase for %1: </source>
        <translation>Passphrase für %1: </translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
    <message>
        <source>, %1 requests answered by the parent context (%2 modules)</source>
        <translation>, %1 Anfragen vom Elternkontext beantwortet (%2 Module)</translation>
    </message>
    <message>
        <source>scaling (1 s each):</source>
        <translation>Skalierung (je 1 s):</translation>
    </message>
    <message>
        <source>  argument of %1 bytes: %2 calls/s, %3 MB/s</source>
        <translation>  Argument mit %1 Bytes: %2 Aufrufe/s, %3 MB/s</translation>
    </message>
    <message>
        <source>  %1 contexts at once: %2 calls/s in all</source>
        <translation>  %1 Kontexte gleichzeitig: insgesamt %2 Aufrufe/s</translation>
    </message>
    <message>
        <source>  depth %1: %2 calls/s, %3 MB/s of 1 MB arguments</source>
        <translation>  Tiefe %1: %2 Aufrufe/s, %3 MB/s mit Argumenten von 1 MB</translation>
    </message>
    <message>
        <source>%1 is not a module name.</source>
        <translation>%1 ist kein Modulname.</translation>
    </message>
    <message>
        <source>  bare pipe roundtrips     %1 /s (this machine&apos;s floor for one call at a time)</source>
        <translation>  reine Pipe-Umläufe       %1 /s (die Untergrenze dieses Rechners für einen Aufruf nach dem anderen)</translation>
    </message>
    <message>
        <source>  import %1: %2</source>
        <translation>  Import %1: %2</translation>
    </message>
    <message>
        <source>  import %1  %2 ms (first %3 ms; %4 roundtrips, %5 of %6 modules sent compiled)</source>
        <translation>  Import %1  %2 ms (zuerst %3 ms; %4 Umläufe, %5 von %6 Modulen kompiliert gesendet)</translation>
    </message>
    <message>
        <source>The connect attempts must be a number from 1 to 100.</source>
        <translation>Die Zahl der Verbindungsversuche muss zwischen 1 und 100 liegen.</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 und %2 weitere</translation>
    </message>
    <message>
        <source>econtext-cli: %1 of %2 targets failed (%3 could not be reached): %4.</source>
        <translation>econtext-cli: %1 von %2 Zielen fehlgeschlagen (%3 nicht erreichbar): %4.</translation>
    </message>
    <message>
        <source>econtext-cli: %1 of %2 targets failed: %3.</source>
        <translation>econtext-cli: %1 von %2 Zielen fehlgeschlagen: %3.</translation>
    </message>
    <message>
        <source>exit status %1</source>
        <translation>Exit-Status %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not MODULE.FUNCTION.</source>
        <translation>„%1“ ist nicht MODUL.FUNKTION.</translation>
    </message>
    <message>
        <source>econtext-cli: %1: the command timed out after %2 s (%3).</source>
        <translation>econtext-cli: %1: Zeitlimit des Programms nach %2 s überschritten (%3).</translation>
    </message>
    <message>
        <source>The command line to run, after &quot;--&quot;.</source>
        <translation>Die auszuführende Befehlszeile, nach „--“.</translation>
    </message>
    <message>
        <source>Runs a command in every target, streams its output live and exits with its status.</source>
        <translation>Führt einen Befehl in jedem Ziel aus, gibt seine Ausgabe laufend weiter und endet mit seinem Status.</translation>
    </message>
    <message>
        <source>A Python expression, after &quot;--&quot; (or right after a single target).</source>
        <translation>Ein Python-Ausdruck, nach „--“ (oder direkt nach einem einzelnen Ziel).</translation>
    </message>
    <message>
        <source>Evaluates a Python expression in every target and prints its repr() as the target computed it.</source>
        <translation>Wertet einen Python-Ausdruck in jedem Ziel aus und gibt sein repr() aus, wie das Ziel es berechnet hat.</translation>
    </message>
    <message>
        <source>The function to call and its arguments as JSON, after &quot;--&quot; (or right after a single target).</source>
        <translation>Die aufzurufende Funktion und ihre Argumente als JSON, nach „--“ (oder direkt nach einem einzelnen Ziel).</translation>
    </message>
    <message>
        <source>Calls a function in every target with JSON arguments and prints the result as JSON.</source>
        <translation>Ruft in jedem Ziel eine Funktion mit JSON-Argumenten auf und gibt das Ergebnis als JSON aus.</translation>
    </message>
    <message>
        <source>The modules to import, after &quot;--&quot; (or right after a single target).</source>
        <translation>Die zu importierenden Module, nach „--“ (oder direkt nach einem einzelnen Ziel).</translation>
    </message>
    <message>
        <source>Imports modules in every target and prints the import statistics.</source>
        <translation>Importiert Module in jedem Ziel und gibt die Import-Statistik aus.</translation>
    </message>
    <message>
        <source>Measures bootstrap, call rates and throughput on one target (default local).</source>
        <translation>Misst Bootstrap, Aufrufraten und Durchsatz auf einem Ziel (Standard: local).</translation>
    </message>
    <message>
        <source>Shows this help; after a command, that command&apos;s help.</source>
        <translation>Zeigt diese Hilfe; nach einem Befehl die Hilfe dieses Befehls.</translation>
    </message>
    <message>
        <source>Shows the version.</source>
        <translation>Zeigt die Version.</translation>
    </message>
    <message>
        <source>The interpreter to start for targets that name none (default python3; over ssh python3, then python).</source>
        <translation>Der zu startende Interpreter für Ziele, die keinen nennen (Standard: python3; über ssh python3, dann python).</translation>
    </message>
    <message>
        <source>Serves modules from DIR first (repeatable).</source>
        <translation>Stellt Module zuerst aus DIR bereit (wiederholbar).</translation>
    </message>
    <message>
        <source>Then serves modules from the sys.path of PATH (default python3).</source>
        <translation>Stellt danach Module aus dem sys.path von PATH bereit (Standard: python3).</translation>
    </message>
    <message>
        <source>Forwards remote logging at LEVEL (debug, info, warning, error, critical or a number) to stderr.</source>
        <translation>Leitet entferntes Logging ab LEVEL (debug, info, warning, error, critical oder eine Zahl) nach stderr weiter.</translation>
    </message>
    <message>
        <source>ssh: tries when a server closes the connection before the handshake, as sshd does beyond MaxStartups (default 3).</source>
        <translation>ssh: Versuche, wenn ein Server die Verbindung vor dem Handshake schließt, wie sshd jenseits von MaxStartups (Standard: 3).</translation>
    </message>
    <message>
        <source>Machine-readable output.</source>
        <translation>Maschinenlesbare Ausgabe.</translation>
    </message>
    <message>
        <source>ssh private key.</source>
        <translation>Privater ssh-Schlüssel.</translation>
    </message>
    <message>
        <source>ssh port for targets that name none.</source>
        <translation>ssh-Port für Ziele, die keinen nennen.</translation>
    </message>
    <message>
        <source>ssh user for targets that name none.</source>
        <translation>ssh-Benutzer für Ziele, die keinen nennen.</translation>
    </message>
    <message>
        <source>ssh known_hosts file.</source>
        <translation>known_hosts-Datei für ssh.</translation>
    </message>
    <message>
        <source>Trusts and remembers an unknown ssh host key.</source>
        <translation>Vertraut einem unbekannten ssh-Host-Schlüssel und speichert ihn.</translation>
    </message>
    <message>
        <source>Reads the ssh or sudo password from the first line of FILE.</source>
        <translation>Liest das ssh- oder sudo-Passwort aus der ersten Zeile von FILE.</translation>
    </message>
    <message>
        <source>Reaches the targets through TARGET; repeat for a chain, outermost first: --via ssh://gw --via sudo.</source>
        <translation>Erreicht die Ziele über TARGET; für eine Kette wiederholen, äußerstes zuerst: --via ssh://gw --via sudo.</translation>
    </message>
    <message>
        <source>Prints the bootstrap timeline.</source>
        <translation>Gibt den zeitlichen Ablauf des Bootstraps aus.</translation>
    </message>
    <message>
        <source>bench: also how figures scale with message size, number of contexts and depth of the context tree.</source>
        <translation>bench: zusätzlich, wie die Werte mit der Nachrichtengröße, der Zahl der Kontexte und der Tiefe des Kontextbaums skalieren.</translation>
    </message>
    <message>
        <source>bench: the module imported into fresh contexts (default pygments.lexers.python; none: skip).</source>
        <translation>bench: das in frische Kontexte importierte Modul (Standard: pygments.lexers.python; none: auslassen).</translation>
    </message>
    <message>
        <source>Targets:
  local                      a Python interpreter on this machine (see --python)
  local:PYTHON               a given interpreter on this machine
  sudo, sudo:USER            sudo to root or USER, started by the last --via
                             context (else by a local one)
  HOST, USER@HOST:PORT,      ssh; HOST is a host name, an address or an alias
  ssh://[USER@]HOST[:PORT]   from ~/.ssh/config; IPv6 with a port: [ADDRESS]:PORT
&quot;local&quot; and &quot;sudo&quot; are never host names: a host called so is ssh://local.

Targets and arguments: every word between the command and &quot;--&quot; is a target;
the arguments (the command line of run, the expression of eval, MODULE.FUNCTION
and JSON of call, the modules of import) follow &quot;--&quot;. With a single target,
eval, call and import also take them right after it (eval web1 1+1), unless
the next word is a target too (local, sudo, METHOD:..., ...://..., USER@HOST,
HOST:PORT or an alias from ~/.ssh/config): then &quot;--&quot; is needed.
Options may stand anywhere before &quot;--&quot;.
</source>
        <translation>Ziele:
  local                      ein Python-Interpreter auf diesem Rechner (siehe --python)
  local:PYTHON               ein bestimmter Interpreter auf diesem Rechner
  sudo, sudo:USER            sudo zu root oder USER, gestartet vom letzten
                             --via-Kontext (sonst von einem lokalen)
  HOST, USER@HOST:PORT,      ssh; HOST ist ein Hostname, eine Adresse oder ein
  ssh://[USER@]HOST[:PORT]   Alias aus ~/.ssh/config; IPv6 mit Port: [ADRESSE]:PORT
„local“ und „sudo“ sind nie Hostnamen: ein so genannter Host ist ssh://local.

Ziele und Argumente: jedes Wort zwischen dem Befehl und „--“ ist ein Ziel; die
Argumente (die Befehlszeile von run, der Ausdruck von eval, MODULE.FUNCTION und
JSON von call, die Module von import) folgen nach „--“. Mit einem einzelnen Ziel
nehmen eval, call und import sie auch direkt danach (eval web1 1+1), außer das
nächste Wort ist ebenfalls ein Ziel (local, sudo, METHODE:..., ...://...,
USER@HOST, HOST:PORT oder ein Alias aus ~/.ssh/config): dann ist „--“ nötig.
Optionen dürfen überall vor „--“ stehen.
</translation>
    </message>
    <message>
        <source>The target to measure.</source>
        <translation>Das zu messende Ziel.</translation>
    </message>
    <message>
        <source>Where: one or more targets, see Targets below.</source>
        <translation>Wo: ein oder mehrere Ziele, siehe Ziele unten.</translation>
    </message>
    <message>
        <source>Starts Python contexts on this machine, over ssh or through sudo, with nothing installed there, and runs commands, expressions and calls in them.</source>
        <translation>Startet Python-Kontexte auf diesem Rechner, über ssh oder mit sudo, ohne dort etwas zu installieren, und führt darin Befehle, Ausdrücke und Aufrufe aus.</translation>
    </message>
    <message>
        <source>run, eval, call, import or bench; econtext-cli COMMAND --help tells more.</source>
        <translation>run, eval, call, import oder bench; econtext-cli COMMAND --help sagt mehr.</translation>
    </message>
    <message>
        <source>What the command needs, after &quot;--&quot;.</source>
        <translation>Was der Befehl braucht, nach „--“.</translation>
    </message>
    <message>
        <source>Commands:
</source>
        <translation>Befehle:
</translation>
    </message>
    <message>
        <source>bench takes no arguments after &quot;--&quot;.</source>
        <translation>bench nimmt nach „--“ keine Argumente.</translation>
    </message>
    <message>
        <source>bench measures one target at a time.</source>
        <translation>bench misst ein Ziel auf einmal.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; after the target &apos;%2&apos; is a target too; put -- before the arguments: econtext-cli %3 %2 %1 -- %4</source>
        <translation>„%1“ nach dem Ziel „%2“ ist ebenfalls ein Ziel; setzen Sie -- vor die Argumente: econtext-cli %3 %2 %1 -- %4</translation>
    </message>
    <message>
        <source>run: stops the command after SECONDS (SIGINT, then SIGTERM, then SIGKILL; default: no limit); eval, call, import: the time each call may take (default 30).</source>
        <translation>run: beendet das Programm nach SEKUNDEN (SIGINT, dann SIGTERM, dann SIGKILL; Standard: ohne Limit); eval, call, import: die Zeit, die jeder Aufruf dauern darf (Standard: 30).</translation>
    </message>
    <message>
        <source>Connecting and starting Python, each (default 30).</source>
        <translation>Verbinden und Starten von Python, jeweils (Standard: 30).</translation>
    </message>
    <message>
        <source>Exit status with one target: run exits with the command&apos;s own status; the other
commands 0 ok, 1 the remote raised; 2 the target could not be connected or
bootstrapped, or bad usage; 124 the command or a call timed out.
With several targets the command runs on every target that connected; each
failure has its own line and a summary ends the run. Exit status: 0 all
succeeded, 1 the command failed (non-zero status or an exception) on some,
2 some could not be reached or were lost.
</source>
        <translation>Exit-Status mit einem Ziel: run endet mit dem Status des ausgeführten Programms; die
anderen Befehle 0 OK, 1 Ausnahme auf der Gegenseite; 2 das Ziel war nicht zu verbinden
oder zu bootstrappen, oder falscher Aufruf; 124 Zeitlimit des Programms oder eines
Aufrufs überschritten.
Mit mehreren Zielen läuft der Befehl auf jedem Ziel, das verbunden wurde; jeder Fehler
steht in einer eigenen Zeile, eine Zusammenfassung beendet den Lauf. Exit-Status: 0 alle
erfolgreich, 1 der Befehl schlug auf einigen fehl (Status ungleich null oder eine
Ausnahme), 2 einige waren nicht erreichbar oder gingen verloren.
</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitlimit überschritten</translation>
    </message>
    <message>
        <source>The largest argument, result or log record in MiB (default 256); one over it fails alone, naming the limit.</source>
        <translation>Das größte Argument, Ergebnis oder Log-Ereignis in MiB (Standard: 256); eines darüber schlägt allein fehl und nennt die Grenze.</translation>
    </message>
    <message>
        <source>The value limit must be a number of MiB from 1 to 4096.</source>
        <translation>Die Grenze für einen Wert muss eine Zahl von 1 bis 4096 MiB sein.</translation>
    </message>
    <message>
        <source>the argument %1 is not valid JSON: %2.</source>
        <translation>das Argument %1 ist kein gültiges JSON: %2.</translation>
    </message>
</context>
<context>
    <name>SshHostKeyCheck</name>
    <message>
        <source>Cannot read the host key of %1: %2.</source>
        <translation>Der Host-Schlüssel von %1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The host key of %1 (%2 %3) is marked as revoked in %4 line %5; refusing to connect: someone may be using a stolen key to pose as the host.</source>
        <translation>Der Host-Schlüssel von %1 (%2 %3) ist in %4 Zeile %5 als widerrufen markiert; die Verbindung wird verweigert: Jemand könnte sich mit einem gestohlenen Schlüssel als dieser Host ausgeben.</translation>
    </message>
    <message>
        <source>The host key of %1 has changed: the server offered %2 %3 but %4 line %5 says %6 %7; refusing to connect. If the change is expected, remove that line.</source>
        <translation>Der Host-Schlüssel von %1 hat sich geändert: Der Server bot %2 %3 an, aber %4 Zeile %5 nennt %6 %7; die Verbindung wird verweigert. Wenn die Änderung erwartet ist, entfernen Sie diese Zeile.</translation>
    </message>
    <message>
        <source>The host key of %1 has changed: the server offered %2 %3, which does not match %4; refusing to connect.</source>
        <translation>Der Host-Schlüssel von %1 hat sich geändert: Der Server bot %2 %3 an, was nicht zu %4 passt; die Verbindung wird verweigert.</translation>
    </message>
    <message>
        <source>Cannot check the host key of %1 against %2: %3.</source>
        <translation>Der Host-Schlüssel von %1 kann nicht mit %2 abgeglichen werden: %3.</translation>
    </message>
    <message>
        <source>Cannot save the host key of %1 in %2: %3; connection refused.</source>
        <translation>Der Host-Schlüssel von %1 kann nicht in %2 gespeichert werden: %3; die Verbindung wird verweigert.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Starts Python interpreters locally and on remote hosts and shows them live.</source>
        <translation>Startet Python-Interpreter lokal und auf entfernten Hosts und zeigt sie live an.</translation>
    </message>
    <message>
        <source>Do not connect the local context on start.</source>
        <translation>Beim Start keinen lokalen Kontext verbinden.</translation>
    </message>
    <message>
        <source>Targets to connect: local, user@host:port or an alias.</source>
        <translation>Zu verbindende Ziele: local, user@host:port oder ein Alias.</translation>
    </message>
</context>
</TS>
