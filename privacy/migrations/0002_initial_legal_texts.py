"""The legal pages' first text, ours; consortium admins keep it up to date in the portal."""

from django.db import migrations

PRIVACY_DE = """Diese Erklärung sagt, welche personenbezogenen Daten das Portal 4.0 des Mittelstand 4.0-Kompetenzzentrums Ilmenau verarbeitet, wozu, und welche Rechte Sie haben.

## Verantwortlicher
Technische Universität Ilmenau, Ehrenbergstraße 29, 98693 Ilmenau, als Leiterin des Konsortiums mit GFE Schmalkalden, der Ernst-Abbe-Hochschule Jena und dem IMMS Ilmenau. Die Partner, die Ihr Unternehmen beraten, verarbeiten dessen Daten in eigener Verantwortung mit.

## Welche Daten, wozu
- Ihr Konto: E-Mail-Adresse, Name, Passwort (nur als Hash), damit Sie sich anmelden können.
- Ihr Unternehmen und seine Ansprechpersonen: damit wir Sie beraten, Termine vereinbaren und Workshops organisieren können.
- Ihre Anfragen, Beratungstermine, Selbstchecks und Workshop-Anmeldungen: um die Angebote zu erbringen.
- Zahlen ohne Personenbezug (Landkreis, Branche, Größenklasse, Anzahl der Beratungen): für die Berichte an den Fördermittelgeber.

## Rechtsgrundlagen
Art. 6 Abs. 1 lit. b DSGVO (Ihre Anfrage und die Beratung), lit. a (Ihre Einwilligung bei der Registrierung, mit der Fassung des Einwilligungstextes gespeichert) und lit. e (Aufgaben der öffentlich geförderten Einrichtungen).

## Cookies
Das Portal setzt nur technisch notwendige Cookies: das Sitzungs-Cookie für die Anmeldung, das CSRF-Cookie zum Schutz der Formulare, das Sprach-Cookie für Ihre Sprachwahl und ein kurzlebiges Hinweis-Cookie, das eine Meldung wie "gespeichert" zur nächsten Seite trägt. Es gibt keine Analyse-, Werbe- oder Tracking-Cookies und keine Inhalte von Dritten: Schriften, Skripte und Bilder kommen vom Portal selbst. Deshalb fragen wir nicht nach einer Cookie-Einwilligung.

## Speicherdauer
Ansprechpersonen von Unternehmen ohne Anfrage und Beratung in den letzten drei Jahren werden automatisch anonymisiert. Das Protokoll der Zugriffe auf Unternehmensdaten bewahren wir auf, um nachweisen zu können, wer was wann getan hat.

## Ihre Rechte
- Auskunft und Datenübertragbarkeit: Unter "Meine Daten" laden Sie alle Daten Ihres Unternehmens als ZIP-Datei (JSON und CSV) herunter.
- Löschung: Unter "Meine Daten" können Sie die Löschung beantragen. Namen und Adressen werden dann sofort anonymisiert; anonyme Zahlen bleiben für die Förderberichte erhalten.
- Berichtigung, Einschränkung, Widerspruch und Widerruf Ihrer Einwilligung: schreiben Sie uns.
- Beschwerde bei der Aufsichtsbehörde: Thüringer Landesbeauftragter für den Datenschutz und die Informationsfreiheit (TLfDI), Erfurt.
"""

PRIVACY_EN = """This statement says which personal data Portal 4.0 of the Mittelstand 4.0 competence centre Ilmenau processes, why, and what your rights are.

## Controller
Technische Universität Ilmenau, Ehrenbergstraße 29, 98693 Ilmenau, Germany, as lead of the consortium with GFE Schmalkalden, Ernst-Abbe-Hochschule Jena and IMMS Ilmenau. The partners advising your company process its data under their own responsibility as well.

## Which data, and why
- Your account: e-mail address, name, password (stored as a hash only), so that you can sign in.
- Your company and its contact persons: so that we can advise you, arrange appointments and organise workshops.
- Your requests, advisory sessions, self-assessments and workshop registrations: to provide these services.
- Figures without personal reference (district, sector, size class, number of consultations): for the reports to the funding body.

## Legal bases
Art. 6(1)(b) GDPR (your request and the consultation), (a) (the consent you gave at sign-up, stored with the version of its text) and (e) (tasks of publicly funded institutions).

## Cookies
The portal sets strictly necessary cookies only: the session cookie for signing in, the CSRF cookie that protects forms, the language cookie for your choice of language, and a short-lived notice cookie that carries a message such as "saved" to the next page. There are no analytics, advertising or tracking cookies and no third-party content: fonts, scripts and images are served by the portal itself. That is why we do not ask for cookie consent.

## How long we keep data
Contact persons of companies without a request or consultation in the last three years are anonymised automatically. We keep the log of who accessed company records, to be able to show who did what and when.

## Your rights
- Access and data portability: under "My data" you download all of your company's data as a ZIP file (JSON and CSV).
- Erasure: under "My data" you can ask for erasure. Names and addresses are anonymised at once; anonymous figures stay for the funding reports.
- Rectification, restriction, objection and withdrawal of your consent: write to us.
- Complaints to the supervisory authority: Thüringer Landesbeauftragter für den Datenschutz und die Informationsfreiheit (TLfDI), Erfurt.
"""

IMPRINT_DE = """## Anbieter (Angaben nach § 5 DDG)
Technische Universität Ilmenau
Ehrenbergstraße 29
98693 Ilmenau

Die Technische Universität Ilmenau ist eine Körperschaft des öffentlichen Rechts. Sie wird durch ihren Präsidenten gesetzlich vertreten.

## Für dieses Portal
Mittelstand 4.0-Kompetenzzentrum Ilmenau, Fachgebiet Fertigungstechnik, Thüringer Zentrum für Maschinenbau (ThZM), in Zusammenarbeit mit GFE Schmalkalden, der Ernst-Abbe-Hochschule Jena und dem IMMS Ilmenau.

## Aufsichtsbehörde
Thüringer Ministerium für Wirtschaft, Wissenschaft und Digitale Gesellschaft, Erfurt.

## Förderung
Das Kompetenzzentrum wird vom Bundesministerium für Wirtschaft und Energie (BMWi) im Rahmen der Förderinitiative "Mittelstand 4.0 – Digitale Produktions- und Arbeitsprozesse" gefördert.
"""

IMPRINT_EN = """## Provider (information under § 5 DDG)
Technische Universität Ilmenau
Ehrenbergstraße 29
98693 Ilmenau
Germany

Technische Universität Ilmenau is a public-law corporation, legally represented by its President.

## For this portal
Mittelstand 4.0 competence centre Ilmenau, production engineering group, Thuringian Centre of Mechanical Engineering (ThZM), together with GFE Schmalkalden, Ernst-Abbe-Hochschule Jena and IMMS Ilmenau.

## Supervisory authority
Thuringian Ministry for Economic Affairs, Science and Digital Society, Erfurt.

## Funding
The competence centre is funded by the Federal Ministry for Economic Affairs and Energy (BMWi) within the funding initiative "Mittelstand 4.0 – Digital production and work processes".
"""

ACCESSIBILITY_DE = """Das Konsortium möchte das Portal 4.0 barrierefrei zugänglich machen, wie es das Thüringer Gesetz zur Inklusion und Gleichstellung von Menschen mit Behinderungen (ThürGIG) und die Thüringer Barrierefreie-Informationstechnik-Verordnung (ThürBITVO) verlangen. Diese Erklärung gilt für das Portal 4.0.

## Stand der Vereinbarkeit
Das Portal ist teilweise mit den Anforderungen der BITV 2.0 (WCAG 2.1, Stufe AA) vereinbar. Es wird mit automatischen Prüfungen und Tastaturtests geprüft; eine vollständige Prüfung durch eine externe Stelle steht noch aus.

## Erstellung dieser Erklärung
Die Erklärung beruht auf einer Selbstbewertung des Konsortiums.

## Barrieren melden
Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie Inhalte in einer anderen Form? Schreiben Sie uns über das Formular unten. Wir antworten so bald wie möglich.

## Durchsetzungsverfahren
Erhalten Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort, können Sie sich an den Beauftragten für Menschen mit Behinderungen des Freistaats Thüringen wenden, der das Durchsetzungsverfahren nach dem ThürGIG führt.
"""

ACCESSIBILITY_EN = """The consortium wants Portal 4.0 to be accessible, as Thuringia's law on the inclusion and equality of people with disabilities (ThürGIG) and its accessible information technology ordinance (ThürBITVO) ask. This statement applies to Portal 4.0.

## Compliance status
The portal is partially compliant with BITV 2.0 (WCAG 2.1, level AA). It is checked with automated tests and keyboard tests; a complete audit by an external body is still to come.

## Preparation of this statement
This statement is based on a self-assessment by the consortium.

## Reporting barriers
Did you meet a barrier, or do you need content in another form? Write to us with the form below. We answer as soon as we can.

## Enforcement procedure
If you do not receive a satisfactory answer to your feedback, you can turn to the Commissioner for People with Disabilities of the Free State of Thuringia, who runs the enforcement procedure under the ThürGIG.
"""

PAGES = [
    ("privacy", "Datenschutzerklärung", "Privacy policy", PRIVACY_DE, PRIVACY_EN),
    ("imprint", "Impressum", "Imprint", IMPRINT_DE, IMPRINT_EN),
    (
        "accessibility",
        "Erklärung zur Barrierefreiheit",
        "Accessibility statement",
        ACCESSIBILITY_DE,
        ACCESSIBILITY_EN,
    ),
]


def load(apps, schema_editor):
    LegalPage = apps.get_model("privacy", "LegalPage")
    for key, title_de, title_en, body_de, body_en in PAGES:
        LegalPage.objects.get_or_create(
            key=key,
            defaults={
                "title_de": title_de,
                "title_en": title_en,
                "body_de": body_de.strip(),
                "body_en": body_en.strip(),
            },
        )


def unload(apps, schema_editor):
    apps.get_model("privacy", "LegalPage").objects.filter(key__in=[p[0] for p in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
