# ruff: noqa: E501 - content tables read better one option per line
"""Questionnaire content, version 1: written by the competence centre in German and English.

The six dimensions and their default weights follow the published IMPULS readiness study:
Lichtblau, K. et al. (2015): "Industrie 4.0-Readiness", IMPULS-Stiftung des VDMA, Aachen/Köln
(weights: strategy & organisation 25, smart factory 14, smart operations 10, smart products 19,
data-driven services 14, employees 18). The wording of fields, questions and options is our own.

The IT-security module is modelled in the manner of DIN SPEC 27076 ("CyberRisikoCheck"): a short
list of requirements in six areas, each met / not met / not relevant, some critical. The
requirement texts are our own, not the standard's.

Each option is (level, German, English); a question has one option per level 0-5.
"""

from __future__ import annotations

from typing import Any

WEIGHT_SOURCE = (
    "IMPULS-Stiftung des VDMA: Industrie 4.0-Readiness (Lichtblau et al., 2015), "
    "dimension weights 25/14/10/19/14/18"
)


def _q(key: str, de: str, en: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    assert len(options) == 6, key  # noqa: S101 - content is checked when it is loaded
    return {
        "key": key,
        "text_de": de,
        "text_en": en,
        "options": [(level, o_de, o_en) for level, (o_de, o_en) in enumerate(options)],
    }


DIMENSIONS: list[dict[str, Any]] = [
    {
        "key": "strategy",
        "name_de": "Strategie & Organisation",
        "name_en": "Strategy & organisation",
        "weight": 25,
        "topics": ["business-models", "investment-evaluation", "funding"],
        "advice_de": "Formulieren Sie eine Digitalstrategie mit messbaren Zielen, einem Budget "
        "und einer verantwortlichen Person, und prüfen Sie Fördermöglichkeiten.",
        "advice_en": "Write down a digital strategy with measurable goals, a budget and one "
        "person in charge, and check which funding programmes fit.",
        "fields": [
            {
                "key": "strategy_plan",
                "name_de": "Digitalstrategie",
                "name_en": "Digital strategy",
                "weight": 2,
                "questions": [
                    _q(
                        "strategy_plan",
                        "Wie weit ist Ihre Strategie für die Digitalisierung der Produktion?",
                        "How far has your strategy for digitalising production come?",
                        [
                            (
                                "Digitalisierung ist bei uns kein Thema.",
                                "Digitalisation is not a topic for us.",
                            ),
                            (
                                "Einzelne Ideen, aber nichts aufgeschrieben.",
                                "Some ideas, nothing written down.",
                            ),
                            (
                                "Erste Ziele sind schriftlich festgehalten.",
                                "First goals are written down.",
                            ),
                            (
                                "Eine Strategie mit Maßnahmen ist beschlossen.",
                                "A strategy with measures has been adopted.",
                            ),
                            (
                                "Die Strategie wird umgesetzt und jährlich überprüft.",
                                "The strategy is being implemented and reviewed every year.",
                            ),
                            (
                                "Die Strategie steuert alle Bereiche, Kennzahlen werden verfolgt.",
                                "The strategy steers every department and its indicators are tracked.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "investment",
                "name_de": "Investitionen",
                "name_en": "Investment",
                "weight": 1,
                "questions": [
                    _q(
                        "investment",
                        "Wie viel haben Sie in den letzten zwei Jahren in Digitalisierung investiert?",
                        "How much have you invested in digitalisation over the last two years?",
                        [
                            ("Nichts.", "Nothing."),
                            (
                                "Nur Ersatz bestehender Rechner und Software.",
                                "Only replacing existing computers and software.",
                            ),
                            ("Ein einzelnes Pilotprojekt.", "One pilot project."),
                            (
                                "Mehrere Projekte in einem Bereich.",
                                "Several projects in one department.",
                            ),
                            (
                                "Regelmäßige Investitionen in mehreren Bereichen.",
                                "Regular investment in several departments.",
                            ),
                            (
                                "Ein fester Anteil des Umsatzes fließt planmäßig in Digitalisierung.",
                                "A fixed share of turnover goes into digitalisation as planned.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "innovation",
                "name_de": "Innovationsmanagement",
                "name_en": "Innovation management",
                "weight": 1,
                "questions": [
                    _q(
                        "innovation",
                        "Wie entstehen neue digitale Lösungen in Ihrem Unternehmen?",
                        "How do new digital solutions come about in your company?",
                        [
                            ("Gar nicht.", "Not at all."),
                            (
                                "Zufällig, wenn ein Lieferant etwas anbietet.",
                                "By chance, when a supplier offers something.",
                            ),
                            (
                                "Einzelne Beschäftigte probieren Neues aus.",
                                "Individual staff try out new things.",
                            ),
                            (
                                "Ideen werden gesammelt und bewertet.",
                                "Ideas are collected and evaluated.",
                            ),
                            (
                                "Ein festes Team erprobt neue Lösungen mit Partnern.",
                                "A standing team tests new solutions with partners.",
                            ),
                            (
                                "Innovation ist ein gesteuerter Prozess mit Budget und Erfolgsmessung.",
                                "Innovation is a managed process with a budget and measured results.",
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    {
        "key": "smart_factory",
        "name_de": "Smart Factory",
        "name_en": "Smart factory",
        "weight": 14,
        "topics": ["sensors-iot", "automation-robotics", "digital-twin"],
        "advice_de": "Vernetzen Sie zuerst die Engpassmaschinen und erfassen Sie deren Zustand "
        "automatisch; ein Test im Labor eines Partners senkt das Risiko.",
        "advice_en": "Connect your bottleneck machines first and record their state "
        "automatically; a trial in a partner's lab lowers the risk.",
        "fields": [
            {
                "key": "connectivity",
                "name_de": "Vernetzung der Anlagen",
                "name_en": "Machine connectivity",
                "weight": 1,
                "questions": [
                    _q(
                        "connectivity",
                        "Wie sind Ihre Maschinen und Anlagen vernetzt?",
                        "How are your machines and plants connected?",
                        [
                            ("Keine Maschine ist vernetzt.", "No machine is connected."),
                            (
                                "Programme werden per USB-Stick übertragen.",
                                "Programs are transferred by USB stick.",
                            ),
                            (
                                "Einige neue Maschinen hängen am Firmennetz.",
                                "Some new machines are on the company network.",
                            ),
                            (
                                "Die meisten Maschinen sind vernetzt, mit Insellösungen.",
                                "Most machines are connected, with isolated solutions.",
                            ),
                            (
                                "Alle Maschinen sind über einheitliche Schnittstellen vernetzt.",
                                "All machines are connected through uniform interfaces.",
                            ),
                            (
                                "Anlagen tauschen Daten untereinander und mit der IT selbstständig aus.",
                                "Plants exchange data with each other and with IT on their own.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "data_collection",
                "name_de": "Datenerfassung",
                "name_en": "Data collection",
                "weight": 1,
                "questions": [
                    _q(
                        "machine_data",
                        "Wie werden Maschinen- und Prozessdaten erfasst?",
                        "How are machine and process data recorded?",
                        [
                            ("Gar nicht.", "Not at all."),
                            ("Auf Papier.", "On paper."),
                            ("Von Hand in Tabellen.", "By hand in spreadsheets."),
                            (
                                "Teilweise automatisch an einzelnen Maschinen.",
                                "Partly automatically at some machines.",
                            ),
                            (
                                "Automatisch an allen wichtigen Anlagen.",
                                "Automatically at every important plant.",
                            ),
                            (
                                "Automatisch und in Echtzeit über die ganze Fertigung.",
                                "Automatically and in real time across the whole shop floor.",
                            ),
                        ],
                    ),
                    _q(
                        "traceability",
                        "Können Sie nachvollziehen, wie ein Teil gefertigt wurde?",
                        "Can you trace how a part was made?",
                        [
                            ("Nein.", "No."),
                            (
                                "Nur über die Erinnerung der Beschäftigten.",
                                "Only from what staff remember.",
                            ),
                            ("Über Laufkarten auf Papier.", "Through paper routing cards."),
                            ("Für einzelne Aufträge digital.", "Digitally for some orders."),
                            (
                                "Für alle Aufträge digital bis zur Charge.",
                                "Digitally for every order, down to the batch.",
                            ),
                            (
                                "Für jedes Teil digital mit Prozessdaten.",
                                "Digitally for every part, with process data.",
                            ),
                        ],
                    ),
                ],
            },
            {
                "key": "data_usage",
                "name_de": "Datennutzung",
                "name_en": "Use of data",
                "weight": 1,
                "questions": [
                    _q(
                        "data_usage",
                        "Wofür nutzen Sie die erfassten Daten?",
                        "What do you use the recorded data for?",
                        [
                            ("Für nichts.", "For nothing."),
                            ("Nur bei Reklamationen.", "Only for complaints."),
                            ("Für monatliche Auswertungen.", "For monthly reports."),
                            (
                                "Zur Steuerung der laufenden Fertigung.",
                                "To steer current production.",
                            ),
                            (
                                "Für vorbeugende Wartung und Qualitätsregelung.",
                                "For preventive maintenance and quality control.",
                            ),
                            (
                                "Für vorausschauende Entscheidungen, teils automatisiert.",
                                "For predictive decisions, partly automated.",
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    {
        "key": "smart_operations",
        "name_de": "Smart Operations",
        "name_en": "Smart operations",
        "weight": 10,
        "topics": ["erp-mes", "it-security"],
        "advice_de": "Verbinden Sie Auftragsabwicklung, Planung und Fertigung über ein ERP- "
        "oder MES-System, damit Daten nur einmal erfasst werden.",
        "advice_en": "Link order handling, planning and production through an ERP or MES so "
        "that data is entered only once.",
        "fields": [
            {
                "key": "integration",
                "name_de": "Durchgängiger Informationsfluss",
                "name_en": "Integrated information flow",
                "weight": 1,
                "questions": [
                    _q(
                        "integration",
                        "Wie gelangen Auftragsdaten vom Vertrieb in die Fertigung?",
                        "How does order data get from sales to production?",
                        [
                            ("Mündlich.", "By word of mouth."),
                            ("Auf ausgedruckten Auftragszetteln.", "On printed order sheets."),
                            ("Per E-Mail und Tabellen.", "By e-mail and spreadsheets."),
                            (
                                "Über ein ERP-System, in der Fertigung noch auf Papier.",
                                "Through an ERP system, still on paper in production.",
                            ),
                            ("ERP und Fertigung sind gekoppelt.", "ERP and production are linked."),
                            (
                                "Auch Kunden und Lieferanten sind digital angebunden.",
                                "Customers and suppliers are connected digitally too.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "autonomy",
                "name_de": "Selbststeuernde Prozesse",
                "name_en": "Self-controlling processes",
                "weight": 1,
                "questions": [
                    _q(
                        "planning",
                        "Wie wird die Fertigung geplant und umgeplant?",
                        "How is production planned and re-planned?",
                        [
                            ("Nach Zuruf.", "On request, by shouting."),
                            ("Mit einer Plantafel.", "With a planning board."),
                            ("Mit Tabellen, einmal pro Woche.", "With spreadsheets, once a week."),
                            (
                                "Mit einer Planungssoftware, täglich.",
                                "With planning software, daily.",
                            ),
                            (
                                "Die Software plant bei Störungen selbst um.",
                                "The software re-plans by itself when something goes wrong.",
                            ),
                            (
                                "Aufträge steuern sich weitgehend selbst durch die Fertigung.",
                                "Orders largely steer themselves through production.",
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    {
        "key": "smart_products",
        "name_de": "Smart Products",
        "name_en": "Smart products",
        "weight": 19,
        "topics": ["sensors-iot", "business-models"],
        "advice_de": "Prüfen Sie, welche Daten Ihre Produkte im Einsatz liefern könnten und "
        "welchen Nutzen sie Ihren Kunden bringen; Sensorik kann oft nachgerüstet werden.",
        "advice_en": "Find out which data your products could deliver in use and what it is "
        "worth to your customers; sensors can often be retrofitted.",
        "fields": [
            {
                "key": "product_ict",
                "name_de": "Digitale Zusatzfunktionen",
                "name_en": "Digital add-on functions",
                "weight": 1,
                "questions": [
                    _q(
                        "product_ict",
                        "Haben Ihre Produkte Sensoren, Kennungen oder Kommunikation?",
                        "Do your products have sensors, identifiers or communication?",
                        [
                            ("Nein, und das ist nicht geplant.", "No, and none is planned."),
                            (
                                "Nein, aber wir denken darüber nach.",
                                "No, but we are thinking about it.",
                            ),
                            (
                                "Sie tragen eine maschinenlesbare Kennung (z. B. QR-Code).",
                                "They carry a machine-readable identifier (e.g. a QR code).",
                            ),
                            ("Einzelne Produkte haben Sensoren.", "Some products have sensors."),
                            ("Viele Produkte senden Daten.", "Many products send data."),
                            (
                                "Unsere Produkte kommunizieren und lassen sich fernwarten.",
                                "Our products communicate and can be serviced remotely.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "product_data",
                "name_de": "Nutzung von Produktdaten",
                "name_en": "Use of product data",
                "weight": 1,
                "questions": [
                    _q(
                        "product_data",
                        "Nutzen Sie Daten aus dem Einsatz Ihrer Produkte?",
                        "Do you use data from your products in use?",
                        [
                            ("Nein.", "No."),
                            (
                                "Nur Rückmeldungen bei Reklamationen.",
                                "Only feedback on complaints.",
                            ),
                            ("Gelegentlich für die Entwicklung.", "Occasionally for development."),
                            ("Regelmäßig für die Entwicklung.", "Regularly for development."),
                            (
                                "Für Entwicklung, Service und Vertrieb.",
                                "For development, service and sales.",
                            ),
                            (
                                "Laufend, als Grundlage neuer Angebote.",
                                "Continuously, as the basis of new offers.",
                            ),
                        ],
                    )
                ],
            },
        ],
    },
    {
        "key": "data_services",
        "name_de": "Datengetriebene Dienste",
        "name_en": "Data-driven services",
        "weight": 14,
        "topics": ["data-ai", "business-models"],
        "advice_de": "Entwickeln Sie aus vorhandenen Daten eine erste Dienstleistung, etwa eine "
        "Zustandsüberwachung, und testen Sie sie mit einem Stammkunden.",
        "advice_en": "Build a first service from data you already have, such as condition "
        "monitoring, and test it with a regular customer.",
        "fields": [
            {
                "key": "services_offer",
                "name_de": "Datenbasierte Angebote",
                "name_en": "Data-based offers",
                "weight": 1,
                "questions": [
                    _q(
                        "services_offer",
                        "Bieten Sie Dienstleistungen an, die auf Daten beruhen?",
                        "Do you offer services that are based on data?",
                        [
                            ("Nein.", "No."),
                            ("Ideen, aber kein Angebot.", "Ideas, but no offer."),
                            (
                                "Ein Pilotangebot für einzelne Kunden.",
                                "A pilot offer for some customers.",
                            ),
                            (
                                "Ein festes Angebot ohne Datenintegration beim Kunden.",
                                "A standard offer without data integration at the customer.",
                            ),
                            (
                                "Mehrere Angebote mit Datenaustausch mit Kunden.",
                                "Several offers with data exchange with customers.",
                            ),
                            (
                                "Datenbasierte Dienste sind ein eigenes Geschäftsfeld.",
                                "Data-based services are a business line of their own.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "services_revenue",
                "name_de": "Umsatzanteil",
                "name_en": "Share of turnover",
                "weight": 1,
                "questions": [
                    _q(
                        "services_revenue",
                        "Welcher Anteil Ihres Umsatzes stammt aus datenbasierten Diensten?",
                        "What share of your turnover comes from data-based services?",
                        [
                            ("Keiner.", "None."),
                            ("Unter 1 %.", "Below 1 %."),
                            ("1 bis 2,5 %.", "1 to 2.5 %."),
                            ("2,5 bis 7,5 %.", "2.5 to 7.5 %."),
                            ("7,5 bis 10 %.", "7.5 to 10 %."),
                            ("Über 10 %.", "Over 10 %."),
                        ],
                    )
                ],
            },
        ],
    },
    {
        "key": "employees",
        "name_de": "Mitarbeiterinnen & Mitarbeiter",
        "name_en": "Employees",
        "weight": 18,
        "topics": ["qualification"],
        "advice_de": "Ermitteln Sie, welche digitalen Kompetenzen fehlen, und planen Sie "
        "Schulungen; Workshops der Partner sind ein guter Einstieg.",
        "advice_en": "Find out which digital skills are missing and plan training; the "
        "partners' workshops are a good way in.",
        "fields": [
            {
                "key": "skills",
                "name_de": "Digitale Kompetenzen",
                "name_en": "Digital skills",
                "weight": 1,
                "questions": [
                    _q(
                        "skills",
                        "Wie sicher gehen Ihre Beschäftigten mit digitalen Systemen um?",
                        "How confident are your staff with digital systems?",
                        [
                            (
                                "Kaum jemand arbeitet mit Rechnern.",
                                "Hardly anyone works with computers.",
                            ),
                            ("Nur die Verwaltung.", "Only the office."),
                            (
                                "Einzelne Fachleute in der Fertigung.",
                                "A few specialists in production.",
                            ),
                            (
                                "Die meisten beherrschen die eingesetzten Systeme.",
                                "Most master the systems in use.",
                            ),
                            (
                                "Viele verbessern die Systeme selbst.",
                                "Many improve the systems themselves.",
                            ),
                            (
                                "Alle, und wir haben eigene Fachleute für Daten und Automatisierung.",
                                "Everyone, and we have our own data and automation experts.",
                            ),
                        ],
                    )
                ],
            },
            {
                "key": "learning",
                "name_de": "Weiterbildung",
                "name_en": "Further training",
                "weight": 1,
                "questions": [
                    _q(
                        "learning",
                        "Wie bilden Sie Ihre Beschäftigten für die Digitalisierung weiter?",
                        "How do you train your staff for digitalisation?",
                        [
                            ("Gar nicht.", "Not at all."),
                            (
                                "Nur Einweisungen bei neuen Maschinen.",
                                "Only briefings on new machines.",
                            ),
                            ("Einzelne Schulungen auf Nachfrage.", "Single courses on request."),
                            ("Ein jährlicher Schulungsplan.", "A yearly training plan."),
                            (
                                "Ein Plan nach ermitteltem Bedarf für alle.",
                                "A plan for everyone, based on assessed needs.",
                            ),
                            (
                                "Lernen ist Teil der Arbeit, mit Zeit und Budget für alle.",
                                "Learning is part of the job, with time and budget for all.",
                            ),
                        ],
                    )
                ],
            },
        ],
    },
]

# (area key, German, English, [(requirement key, critical, German, English)])
SECURITY_AREAS: list[tuple[str, str, str, list[tuple[str, bool, str, str]]]] = [
    (
        "organisation",
        "Organisation & Sensibilisierung",
        "Organisation & awareness",
        [
            (
                "sec_owner",
                True,
                "Eine Person ist für IT-Sicherheit verantwortlich.",
                "One person is responsible for IT security.",
            ),
            (
                "sec_training",
                False,
                "Alle Beschäftigten werden jährlich zu Phishing und Passwörtern geschult.",
                "All staff are trained on phishing and passwords every year.",
            ),
            (
                "sec_incident",
                True,
                "Es gibt einen Notfallplan mit Kontaktdaten für Cyberangriffe.",
                "There is an emergency plan with contacts for cyber attacks.",
            ),
            (
                "sec_inventory",
                False,
                "Ein aktuelles Verzeichnis aller IT-Geräte und Programme liegt vor.",
                "An up-to-date list of all IT devices and software exists.",
            ),
        ],
    ),
    (
        "identity",
        "Identitäten & Zugriffe",
        "Identity & access",
        [
            (
                "sec_admin_separate",
                True,
                "Administratorkonten werden nur für Verwaltungsaufgaben genutzt.",
                "Administrator accounts are used for administration only.",
            ),
            (
                "sec_mfa",
                True,
                "Fernzugänge und E-Mail sind mit einem zweiten Faktor geschützt.",
                "Remote access and e-mail are protected with a second factor.",
            ),
            (
                "sec_leavers",
                False,
                "Zugänge ausgeschiedener Beschäftigter werden sofort gesperrt.",
                "Accounts of staff who leave are locked at once.",
            ),
            (
                "sec_passwords",
                False,
                "Es gibt Regeln für starke, nicht wiederverwendete Passwörter.",
                "There are rules for strong passwords that are not reused.",
            ),
        ],
    ),
    (
        "backup",
        "Datensicherung",
        "Backup",
        [
            (
                "sec_backup",
                True,
                "Wichtige Daten werden regelmäßig automatisch gesichert.",
                "Important data is backed up automatically and regularly.",
            ),
            (
                "sec_backup_offline",
                True,
                "Eine Sicherung wird getrennt vom Netz aufbewahrt.",
                "One backup is kept disconnected from the network.",
            ),
            (
                "sec_restore",
                False,
                "Die Wiederherstellung wird mindestens jährlich geprobt.",
                "Restoring is rehearsed at least once a year.",
            ),
        ],
    ),
    (
        "patch",
        "Updates & Änderungen",
        "Patch & change",
        [
            (
                "sec_updates",
                True,
                "Sicherheitsupdates werden zeitnah eingespielt.",
                "Security updates are installed promptly.",
            ),
            (
                "sec_eol",
                False,
                "Systeme ohne Herstellerunterstützung sind abgeschottet oder ersetzt.",
                "Systems without vendor support are isolated or replaced.",
            ),
            (
                "sec_change",
                False,
                "Änderungen an Maschinensteuerungen werden dokumentiert.",
                "Changes to machine controls are documented.",
            ),
        ],
    ),
    (
        "malware",
        "Schutz vor Schadsoftware",
        "Malware protection",
        [
            (
                "sec_antivirus",
                True,
                "Alle Rechner haben einen aktuellen Virenschutz.",
                "Every computer has up-to-date malware protection.",
            ),
            (
                "sec_mail_filter",
                False,
                "E-Mails werden auf Schadsoftware und Spam gefiltert.",
                "E-mail is filtered for malware and spam.",
            ),
            (
                "sec_usb",
                False,
                "Der Gebrauch fremder USB-Datenträger ist geregelt.",
                "The use of external USB media is regulated.",
            ),
        ],
    ),
    (
        "network",
        "Systeme & Netzwerke",
        "Systems & networks",
        [
            (
                "sec_firewall",
                True,
                "Das Firmennetz ist durch eine Firewall vom Internet getrennt.",
                "A firewall separates the company network from the internet.",
            ),
            (
                "sec_segments",
                False,
                "Produktions- und Büronetz sind getrennt.",
                "Production and office networks are separated.",
            ),
            (
                "sec_wifi",
                False,
                "Das WLAN ist verschlüsselt und Gäste haben ein eigenes Netz.",
                "Wi-fi is encrypted and guests have a network of their own.",
            ),
            (
                "sec_remote",
                False,
                "Fernwartungszugänge von Lieferanten sind nur bei Bedarf offen.",
                "Suppliers' remote maintenance access is opened only when needed.",
            ),
        ],
    ),
]

VERSION_1: dict[str, Any] = {
    "version": 1,
    "title_de": "Industrie 4.0-Readiness-Check",
    "title_en": "Industry 4.0 readiness check",
    "weight_source": WEIGHT_SOURCE,
    "dimensions": DIMENSIONS,
    "security_areas": SECURITY_AREAS,
}
