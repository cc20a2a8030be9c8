"""The demo's cases and network partners (texts only; practice/demo.py writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from practice.models import CaseSource, CaseStatus, InvestmentRange, NetworkPartner

S = CaseStatus


@dataclass(frozen=True)
class DemoCase:
    slug: str
    company: str  # a demo SME's e-mail (sme1@...) or a district key: a company of that district
    title: str
    summary: str
    starting_point: str
    approach: str
    result: str
    lessons: str
    topics: tuple[str, ...]
    technologies: tuple[str, ...]
    investment: str
    months: int
    figures: list[dict[str, Any]]
    named: bool = True
    status: str = S.PUBLISHED
    days_ago: int = 30
    source: str = CaseSource.SESSION
    involved: tuple[str, ...] = field(default=())


def fig(label: str, unit: str, before: float, after: float) -> dict[str, Any]:
    return {"label": label, "unit": unit, "before": before, "after": after}


CASES = [
    DemoCase(
        "ruestzeiten-halbiert-digitale-ruestanweisung",
        "sme1@example.com",
        "Rüstzeiten halbiert: digitale Rüstanweisung an der CNC-Fräse",
        "Ein Zulieferer von Präzisionsteilen hat Papier-Rüstblätter durch Tablets mit Fotos, "
        "Werkzeuglisten und Voreinstelldaten ersetzt und rüstet seither in der halben Zeit.",
        "Der Betrieb fertigt Losgrößen von 5 bis 200 Teilen auf sechs Fräszentren. Jedes Rüsten "
        "dauerte im Mittel 95 Minuten; ein Drittel davon ging für das Suchen von Werkzeugen und "
        "das Nachmessen an der Maschine verloren. Die Rüstblätter waren oft veraltet.",
        "Im Labor des Fachgebiets Fertigungstechnik wurde der Rüstvorgang gefilmt und in interne "
        "und externe Schritte zerlegt (SMED). Die Werkzeuge werden jetzt an einem "
        "Voreinstellgerät vermessen, die Daten gehen direkt an die Steuerung. Jede Maschine hat "
        "ein Tablet mit der Rüstanweisung, die der Einrichter nach jedem Auftrag ergänzt.",
        "Die Rüstzeit sank in sechs Monaten von 95 auf 45 Minuten. Die Maschinen laufen pro "
        "Woche rund 20 Stunden länger, und der erste Teil ist häufiger gleich in Ordnung.",
        "Die ersten Tablets standen ungeschützt an der Maschine und waren nach zwei Wochen "
        "verschmutzt; erst robuste Geräte mit Halterung wurden angenommen. Die Einrichter wollten "
        "die Anweisungen selbst pflegen – das hat am meisten gebracht.",
        ("automation-robotics", "qualification"),
        ("machine_data",),
        InvestmentRange.UNDER_50K,
        6,
        [fig("Rüstzeit je Auftrag", "min", 95, 45), fig("Erstteil in Ordnung", "%", 72, 93)],
        days_ago=120,
    ),
    DemoCase(
        "3d-gedruckte-greifer-spritzguss",
        "sme2@example.com",
        "Greifer aus dem 3D-Drucker für die Entnahme an der Spritzgießmaschine",
        "Statt gefräster Aluminiumgreifer druckt ein Kunststoffverarbeiter die Greiferfinger "
        "für neue Artikel jetzt selbst – in zwei Tagen statt drei Wochen.",
        "Für jeden neuen Artikel brauchte das Entnahmehandling neue Greiferfinger. Der externe "
        "Werkzeugbau lieferte sie nach drei Wochen für rund 1.200 Euro; Anläufe neuer Werkzeuge "
        "verzögerten sich dadurch regelmäßig.",
        "Im Versuch am Demonstrator wurden drei Werkstoffe (PA12, PETG, faserverstärktes PA) auf "
        "Steifigkeit und Verschleiß geprüft. Die Konstruktion wurde für den Druck angepasst "
        "(Gitterstrukturen, eingeklebte Gewindeeinsätze). Zwei Mitarbeiter wurden an einem "
        "Filamentdrucker geschult.",
        "Greiferfinger entstehen jetzt in 2 Tagen für etwa 90 Euro Material. Das neue Werkzeug "
        "für einen Gehäusedeckel lief eine Woche früher an als geplant.",
        "Die ersten Finger aus PETG verformten sich in der Nähe des warmen Werkzeugs. Erst mit "
        "faserverstärktem PA hielten sie eine Schicht durch.",
        ("additive-manufacturing",),
        ("additive",),
        InvestmentRange.UNDER_10K,
        3,
        [
            fig("Lieferzeit Greiferfinger", "Tage", 21, 2),
            fig("Kosten je Greifersatz", "EUR", 1200, 90),
        ],
        named=False,
        days_ago=95,
        source=CaseSource.LAB_TRIAL,
        involved=("gfe",),
    ),
    DemoCase(
        "werkzeugbruch-erkennen-koerperschall",
        "sme3@example.com",
        "Werkzeugbruch sofort erkennen: Körperschallsensor an der Tieflochbohrmaschine",
        "Ein Werkzeugbauer überwacht das Tieflochbohren mit einem nachgerüsteten "
        "Körperschallsensor und stoppt die Maschine, bevor ein Bruch das Werkstück zerstört.",
        "Beim Tieflochbohren von Formplatten brachen im Jahr etwa 14 Bohrer. Jeder Bruch kostete "
        "im Mittel 2.300 Euro Ausschuss und Nacharbeit, weil er erst beim Ausfahren bemerkt wurde.",
        "Die GFE hat im eigenen Labor Bohrversuche mit einem Körperschallsensor und einem "
        "Wirkleistungsmessgerät aufgezeichnet und Schwellen für verschleißtypische Muster "
        "bestimmt. Ein kleiner Industrie-PC vergleicht die Signale im Betrieb und löst über die "
        "Steuerung einen Vorschubstopp aus.",
        "Im ersten Jahr wurden 11 von 12 Brüchen rechtzeitig erkannt; Ausschuss durch "
        "Werkzeugbruch ging um 80 Prozent zurück. Die Investition hat sich nach sieben Monaten "
        "bezahlt gemacht.",
        "Anfangs löste der Sensor bei jedem Werkstoffwechsel Fehlalarme aus. Die Schwellen "
        "werden jetzt je Werkstoffgruppe hinterlegt.",
        ("sensors-iot", "data-ai"),
        ("sensors", "machine_data"),
        InvestmentRange.UNDER_50K,
        5,
        [
            fig("Brüche mit Ausschuss je Jahr", "", 14, 1),
            fig("Kosten durch Werkzeugbruch", "EUR/Jahr", 32000, 6500),
        ],
        days_ago=80,
        source=CaseSource.LAB_TRIAL,
    ),
    DemoCase(
        "mes-einfuehrung-optikfertigung",
        "sme4@example.com",
        "Vom Laufzettel zum MES: Betriebsdatenerfassung in der Optikfertigung",
        "Ein Hersteller optischer Baugruppen hat ein schlankes MES eingeführt und weiß jetzt zu "
        "jeder Zeit, wo ein Auftrag steht.",
        "Aufträge liefen mit Papier-Laufzetteln durch 14 Arbeitsgänge. Rückfragen zum Stand "
        "kosteten die Arbeitsvorbereitung täglich rund zwei Stunden; die Durchlaufzeit lag bei "
        "18 Arbeitstagen, die Liefertreue bei 78 Prozent.",
        "Mit der EAH Jena wurden Anforderungen aufgenommen, drei Anbieter verglichen und die "
        "Einführung in zwei Stufen geplant: zuerst Rückmeldungen per Barcode an jedem "
        "Arbeitsplatz, dann die Feinplanung. Die Beschäftigten wurden in kurzen Einheiten am "
        "Arbeitsplatz geschult.",
        "Die Durchlaufzeit sank auf 11 Arbeitstage, die Liefertreue stieg auf 94 Prozent. Die "
        "Arbeitsvorbereitung spart täglich fast zwei Stunden Suchen und Nachfragen.",
        "Die Schnittstelle zum ERP war aufwendiger als angeboten; ein Puffer von zwei Monaten im "
        "Zeitplan hat den Start gerettet.",
        ("erp-mes", "qualification"),
        ("erp_mes", "rfid"),
        InvestmentRange.UNDER_250K,
        10,
        [
            fig("Durchlaufzeit", "Arbeitstage", 18, 11),
            fig("Liefertreue", "%", 78, 94),
        ],
        days_ago=60,
    ),
    DemoCase(
        "netz-segmentiert-elektronikfertigung",
        "sme5@example.com",
        "Fertigungsnetz abgetrennt: IT-Sicherheit für einen Kleinstbetrieb",
        "Ein Elektronikfertiger mit neun Beschäftigten hat Büro- und Maschinennetz getrennt und "
        "Fernwartung nur noch über einen gesicherten Zugang erlaubt.",
        "Bestückungsautomat, Lötofen und Büro-PCs hingen im selben Netz; der Hersteller des "
        "Automaten wartete per dauerhaft offenem Fernzugang. Ein Schadprogramm auf einem "
        "Büro-PC hätte die Fertigung stillgelegt.",
        "Das IMMS hat die Netzwerkgeräte aufgenommen, Schutzbedarfe bewertet und eine "
        "Segmentierung mit einer Firewall geplant. Fernwartung läuft jetzt über einen "
        "Zugang, den der Betrieb je Termin freischaltet. Ein Notfallplan liegt ausgedruckt bereit.",
        "Kein Fertigungsgerät ist mehr vom Büro oder aus dem Internet erreichbar. Der "
        "Selbstcheck IT-Sicherheit stieg von 2 auf 4 von 5 Punkten; die Versicherung gewährte "
        "einen Nachlass.",
        "Die erste Firewall-Regel sperrte versehentlich die Lizenzprüfung der "
        "Programmiersoftware; eine Testwoche vor dem Umschalten hätte das früher gezeigt.",
        ("it-security",),
        ("security",),
        InvestmentRange.UNDER_10K,
        2,
        [fig("Offene Fernzugänge", "", 3, 0), fig("IT-Sicherheit (Selbstcheck)", "von 5", 2, 4)],
        named=False,
        days_ago=45,
    ),
    DemoCase(
        "energiemonitoring-metallbau-funksensoren",
        "sme6@example.com",
        "Energie sichtbar gemacht: Funk-Stromzähler im Metallbau",
        "Ein Metallbaubetrieb misst den Strom seiner großen Verbraucher mit nachgerüsteten "
        "Funksensoren und hat so Leerlauf und Lastspitzen gesenkt.",
        "Die Stromrechnung stieg in zwei Jahren um 60 Prozent, aber niemand wusste, welche "
        "Maschine wie viel verbraucht. Kompressor und Absaugung liefen auch in den Pausen.",
        "Mit dem IMMS wurden zwölf Funk-Stromsensoren an Kompressor, Absaugung, Laser und "
        "Schweißplätzen installiert; ein Dashboard zeigt die Werte je Schicht. Kompressor und "
        "Absaugung schalten jetzt nach Zeitplan ab.",
        "Der Stromverbrauch sank um 17 Prozent, die Lastspitze um ein Viertel. Die Sensoren "
        "haben sich in gut einem Jahr bezahlt gemacht.",
        "Die Funkreichweite in der Halle aus Stahl war schlechter als gedacht; ein zusätzlicher "
        "Empfänger war nötig.",
        ("sensors-iot", "investment-evaluation"),
        ("sensors", "cloud"),
        InvestmentRange.UNDER_10K,
        4,
        [
            fig("Stromverbrauch", "MWh/Jahr", 310, 257),
            fig("Lastspitze", "kW", 240, 180),
        ],
        days_ago=30,
        source=CaseSource.EVALUATION,
    ),
    DemoCase(
        "cobot-maschinenbeladung-kleinserie",
        "16054",
        "Cobot belädt den Prüfplatz – auch bei kleinen Losen",
        "Ein Hersteller optoelektronischer Baugruppen lässt einen kollaborierenden Roboter den "
        "Prüfplatz in der Spätschicht beladen; umgerüstet wird per Vorlage in zehn Minuten.",
        "Der automatische Prüfplatz stand nach der Frühschicht still, weil für die Spätschicht "
        "Personal fehlte. Lose von 50 bis 500 Baugruppen schienen zu klein für eine "
        "Automatisierung.",
        "Am Demonstrator der TU Ilmenau wurde die Beladung mit einem Cobot und einer einfachen "
        "Schubladen-Palette erprobt und die Sicherheit nach Norm bewertet. Für jede "
        "Baugruppenfamilie gibt es eine Programmvorlage, die der Bediener ergänzt.",
        "Der Prüfplatz läuft jetzt 13 statt 8 Stunden am Tag. Ein Mitarbeiter betreut nebenbei "
        "eine zweite Anlage.",
        "Die Greiferbacken mussten zweimal neu konstruiert werden, bis auch Baugruppen mit "
        "empfindlichen Linsen sicher gegriffen wurden.",
        ("automation-robotics",),
        ("cobot",),
        InvestmentRange.UNDER_250K,
        7,
        [fig("Laufzeit des Prüfplatzes", "h/Tag", 8, 13)],
        days_ago=25,
        involved=("tu-ilmenau",),
    ),
    DemoCase(
        "kamera-pruefung-spritzgussteile",
        "16052",
        "Kamera statt Sichtprüfung: Spritzgussteile zu 100 Prozent geprüft",
        "Ein Kunststoffverarbeiter prüft jetzt jedes Teil mit einer Kamera am Band; "
        "Reklamationen wegen Graten und Fehlstellen sind fast verschwunden.",
        "Stichproben fanden Grate und unvollständig gefüllte Teile zu spät: im Jahr vor dem "
        "Projekt gab es 9 Reklamationen eines Automobilzulieferers, jede mit Sortieraktion.",
        "Mit der EAH Jena wurden Beleuchtung und Kamera im Labor ausgewählt und ein Prüfprogramm "
        "mit klassischen Bildverarbeitungsschritten aufgebaut; ein Lernverfahren wurde verglichen "
        "und verworfen, weil zu wenige Fehlerbilder vorlagen.",
        "Seit der Einführung gab es eine Reklamation statt neun; die Sichtprüfung am Ende der "
        "Linie entfällt.",
        "Reflexionen auf glänzenden Oberflächen führten zu Pseudofehlern, bis eine diffuse "
        "Kuppelbeleuchtung eingesetzt wurde.",
        ("data-ai", "automation-robotics"),
        ("vision", "ai"),
        InvestmentRange.UNDER_50K,
        5,
        [fig("Reklamationen je Jahr", "", 9, 1), fig("Prüfaufwand", "h/Woche", 12, 2)],
        named=False,
        days_ago=18,
    ),
    DemoCase(
        "digitale-auftragsmappe-baubetrieb",
        "16067",
        "Die digitale Auftragsmappe: vom Aufmaß bis zur Rechnung ohne Abtippen",
        "Ein Bauunternehmen erfasst Aufmaße und Stunden auf der Baustelle per App; "
        "die Daten landen ohne Abtippen in Angebot und Rechnung.",
        "Aufmaße und Stundenzettel kamen auf Papier ins Büro und wurden abgetippt. Rechnungen "
        "gingen im Mittel 23 Tage nach Abschluss raus.",
        "Mit der EAH Jena wurden Abläufe aufgenommen und eine Branchensoftware mit mobiler App "
        "ausgewählt. Die Einführung wurde mit dem Digitalbonus des Landes gefördert.",
        "Rechnungen gehen jetzt nach 5 Tagen raus; das Büro spart 6 Stunden Abtippen je Woche.",
        "Zwei ältere Monteure wollten die App zuerst nicht nutzen; ein Kollege als Pate hat "
        "mehr geholfen als die Schulung.",
        ("erp-mes", "funding", "business-models"),
        ("erp_mes", "cloud"),
        InvestmentRange.UNDER_10K,
        3,
        [fig("Zeit bis zur Rechnung", "Tage", 23, 5), fig("Abtippen im Büro", "h/Woche", 6, 0)],
        days_ago=12,
    ),
    DemoCase(
        "instandhaltung-zustandsueberwachung-pumpen",
        "16062",
        "Pumpen melden sich, bevor sie ausfallen: Zustandsüberwachung in der Instandhaltung",
        "Ein Betrieb der Lebensmittelverarbeitung überwacht seine kritischen Pumpen mit "
        "Schwingungssensoren und plant Reparaturen, statt auf Ausfälle zu reagieren.",
        "Ungeplante Ausfälle von Pumpen kosteten 2022 insgesamt 61 Stunden Stillstand. Die "
        "Instandhaltung arbeitete fast nur reaktiv.",
        "Das IMMS hat Schwingungssensoren an acht Pumpen gesetzt und Grenzwerte aus den ersten "
        "Wochen abgeleitet. Die Instandhalter lernten in einem Workshop, die Trends zu lesen.",
        "Ungeplanter Stillstand ging auf 14 Stunden im Jahr zurück; zwei Lagerschäden wurden "
        "Wochen vorher erkannt.",
        "Die Sensoren an einer Pumpe mit stark wechselnder Last gaben ständig Warnungen; dort "
        "wird jetzt nur der Trend ausgewertet.",
        ("sensors-iot", "qualification"),
        ("sensors", "cloud"),
        InvestmentRange.UNDER_50K,
        6,
        [fig("Ungeplanter Stillstand", "h/Jahr", 61, 14)],
        days_ago=6,
        involved=("eah-jena",),
    ),
    DemoCase(
        "digitaler-zwilling-montagelinie-entwurf",
        "16073",
        "Montagelinie erst im Rechner: Simulation vor dem Umbau",
        "Ein Kunststoffverarbeiter hat den Umbau seiner Montage erst simuliert.",
        "Die Montagelinie sollte für eine neue Produktvariante umgebaut werden.",
        "Ein Simulationsmodell der Linie wurde mit Zeiten aus der Fertigung aufgebaut.",
        "Noch offen: die Auswertung läuft.",
        "",
        ("digital-twin",),
        ("simulation",),
        InvestmentRange.UNDER_50K,
        4,
        [],
        status=S.DRAFT,
        days_ago=3,
    ),
    DemoCase(
        "schulung-datenkompetenz-im-review",
        "16071",
        "Datenkompetenz für Schichtleiter: ein Qualifizierungsprogramm",
        "Die Schichtleiter eines Logistikbetriebs lernen in sechs Modulen, Kennzahlen aus "
        "Scannerdaten selbst auszuwerten.",
        "Scannerdaten wurden gesammelt, aber nur die IT konnte sie auswerten.",
        "Sechs Module zu je einem halben Tag, mit Daten aus dem eigenen Betrieb.",
        "Die Schichtleiter erstellen ihre Auswertung jetzt selbst.",
        "",
        ("qualification", "data-ai"),
        ("machine_data",),
        InvestmentRange.UNDER_10K,
        3,
        [fig("Auswertungen durch die IT", "je Woche", 12, 3)],
        status=S.IN_REVIEW,
        days_ago=4,
    ),
    DemoCase(
        "rfid-werkzeugverwaltung-wartet-auf-freigabe",
        "16076",
        "Werkzeuge mit RFID: nie mehr suchen",
        "Ein Elektroanlagenbauer kennzeichnet Werkzeuge und Messgeräte mit RFID und findet sie "
        "sofort.",
        "Die Werkzeugsuche kostete jeden Tag rund eine Stunde.",
        "Werkzeuge erhielten RFID-Chips, die Lagerplätze Lesegeräte.",
        "Die Suchzeit ging auf wenige Minuten am Tag zurück.",
        "",
        ("sensors-iot", "erp-mes"),
        ("rfid",),
        InvestmentRange.UNDER_10K,
        2,
        [fig("Suchzeit", "min/Tag", 60, 5)],
        status=S.AWAITING_COMPANY,
        days_ago=2,
    ),
]


@dataclass(frozen=True)
class DemoNetworkPartner:
    slug: str
    name: str
    kind: str
    city: str
    website: str
    description: str
    description_en: str
    topics: tuple[str, ...]
    districts: tuple[str, ...] = ()


K = NetworkPartner.Kind

NETWORK = [
    DemoNetworkPartner(
        "kompetenzzentrum-wirtschaft-40-erfurt",
        "Kompetenzzentrum „Wirtschaft 4.0“ Erfurt",
        K.COMPETENCE_CENTRE,
        "Erfurt",
        "",
        "Das Kompetenzzentrum in Erfurt unterstützt Unternehmen aller Branchen bei der "
        "Digitalisierung von Geschäftsprozessen, Handel und Dienstleistung. Wir arbeiten eng "
        "zusammen und vermitteln Anfragen, die dort besser aufgehoben sind.",
        "The competence centre in Erfurt helps companies of all sectors digitalise their "
        "business processes, trade and services. We work closely together and pass on requests "
        "that are better placed there.",
        ("business-models", "erp-mes", "qualification"),
    ),
    DemoNetworkPartner(
        "ihk-suedthueringen",
        "IHK Südthüringen",
        K.CHAMBER,
        "Suhl",
        "https://www.suhl.ihk.de/",
        "Die Industrie- und Handelskammer berät ihre Mitglieder zu Förderung, Fachkräften und "
        "Außenwirtschaft und bietet Lehrgänge zur Digitalisierung an.",
        "The chamber of industry and commerce advises its members on funding, skilled staff and "
        "foreign trade, and offers courses on digitalisation.",
        ("funding", "qualification"),
        ("16054", "16066", "16069", "16072", "16070"),
    ),
    DemoNetworkPartner(
        "handwerkskammer-erfurt",
        "Handwerkskammer Erfurt",
        K.CHAMBER,
        "Erfurt",
        "https://www.hwk-erfurt.de/",
        "Die Handwerkskammer hat Beauftragte für Innovation und Technologie, die Betriebe bei "
        "digitalen Werkzeugen und der Förderung begleiten.",
        "The chamber of crafts has innovation and technology advisers who accompany businesses "
        "with digital tools and funding.",
        ("funding", "erp-mes"),
        ("16051", "16055", "16067", "16068", "16071", "16061", "16062", "16064", "16065"),
    ),
    DemoNetworkPartner(
        "optonet-jena",
        "OptoNet e. V.",
        K.NETWORK,
        "Jena",
        "https://www.optonet-jena.de/",
        "Das Netzwerk der Photonik-Branche in Thüringen verbindet Unternehmen und Forschung und "
        "organisiert Arbeitskreise, etwa zur Bildverarbeitung.",
        "The network of Thuringia's photonics industry connects companies and research and runs "
        "working groups, for example on image processing.",
        ("data-ai", "sensors-iot"),
    ),
    DemoNetworkPartner(
        "automotive-thueringen",
        "automotive thüringen e. V.",
        K.NETWORK,
        "Erfurt",
        "https://www.automotive-thueringen.de/",
        "Das Netzwerk der Thüringer Automobilzulieferer bietet Erfahrungsaustausch zu "
        "Automatisierung, Qualität und Transformation.",
        "The network of Thuringia's automotive suppliers offers exchange on automation, quality "
        "and transformation.",
        ("automation-robotics", "qualification"),
    ),
    DemoNetworkPartner(
        "thueringer-aufbaubank",
        "Thüringer Aufbaubank",
        K.FUNDING,
        "Erfurt",
        "https://www.aufbaubank.de/",
        "Die Förderbank des Landes berät zu Zuschüssen und Darlehen für Digitalisierung und "
        "Investitionen, etwa zum Digitalbonus.",
        "The state's development bank advises on grants and loans for digitalisation and "
        "investment, for example the digital bonus.",
        ("funding", "investment-evaluation"),
    ),
]
