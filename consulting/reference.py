"""Reference lists for company records, copied from shared/data (public classifications).

Thuringia's 22 districts and district-free cities with their official keys (as of the 2021
merger of Eisenach into the Wartburgkreis), and the WZ 2008 sections and manufacturing divisions.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

OUTSIDE_THURINGIA = "outside"

# (official key, name, kind): names are proper nouns and stay untranslated.
THURINGIA_DISTRICTS: list[tuple[str, str, str]] = [
    ("16051", "Erfurt", "kreisfreie Stadt"),
    ("16052", "Gera", "kreisfreie Stadt"),
    ("16053", "Jena", "kreisfreie Stadt"),
    ("16054", "Suhl", "kreisfreie Stadt"),
    ("16055", "Weimar", "kreisfreie Stadt"),
    ("16061", "Eichsfeld", "Landkreis"),
    ("16062", "Nordhausen", "Landkreis"),
    ("16063", "Wartburgkreis", "Landkreis"),
    ("16064", "Unstrut-Hainich-Kreis", "Landkreis"),
    ("16065", "Kyffhäuserkreis", "Landkreis"),
    ("16066", "Schmalkalden-Meiningen", "Landkreis"),
    ("16067", "Gotha", "Landkreis"),
    ("16068", "Sömmerda", "Landkreis"),
    ("16069", "Hildburghausen", "Landkreis"),
    ("16070", "Ilm-Kreis", "Landkreis"),
    ("16071", "Weimarer Land", "Landkreis"),
    ("16072", "Sonneberg", "Landkreis"),
    ("16073", "Saalfeld-Rudolstadt", "Landkreis"),
    ("16074", "Saale-Holzland-Kreis", "Landkreis"),
    ("16075", "Saale-Orla-Kreis", "Landkreis"),
    ("16076", "Greiz", "Landkreis"),
    ("16077", "Altenburger Land", "Landkreis"),
]

DISTRICT_CHOICES = [
    *[(key, f"{name} ({kind})") for key, name, kind in THURINGIA_DISTRICTS],
    (OUTSIDE_THURINGIA, _("outside Thuringia")),
]

# (section, division range, German name, English name)
WZ_SECTIONS: list[tuple[str, str, str, str]] = [
    ("A", "01-03", "Land- und Forstwirtschaft, Fischerei", "Agriculture, forestry and fishing"),
    ("B", "05-09", "Bergbau und Gewinnung von Steinen und Erden", "Mining and quarrying"),
    ("C", "10-33", "Verarbeitendes Gewerbe", "Manufacturing"),
    ("D", "35", "Energieversorgung", "Electricity, gas, steam and air conditioning supply"),
    (
        "E",
        "36-39",
        "Wasserversorgung; Abwasser- und Abfallentsorgung und Beseitigung von Umweltverschmutzungen",
        "Water supply; sewerage, waste management and remediation",
    ),
    ("F", "41-43", "Baugewerbe", "Construction"),
    (
        "G",
        "45-47",
        "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
        "Wholesale and retail trade; repair of motor vehicles",
    ),
    ("H", "49-53", "Verkehr und Lagerei", "Transportation and storage"),
    ("I", "55-56", "Gastgewerbe", "Accommodation and food service activities"),
    ("J", "58-63", "Information und Kommunikation", "Information and communication"),
    (
        "K",
        "64-66",
        "Erbringung von Finanz- und Versicherungsdienstleistungen",
        "Financial and insurance activities",
    ),
    ("L", "68", "Grundstücks- und Wohnungswesen", "Real estate activities"),
    (
        "M",
        "69-75",
        "Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen",
        "Professional, scientific and technical activities",
    ),
    (
        "N",
        "77-82",
        "Erbringung von sonstigen wirtschaftlichen Dienstleistungen",
        "Administrative and support service activities",
    ),
    (
        "O",
        "84",
        "Öffentliche Verwaltung, Verteidigung; Sozialversicherung",
        "Public administration and defence; compulsory social security",
    ),
    ("P", "85", "Erziehung und Unterricht", "Education"),
    ("Q", "86-88", "Gesundheits- und Sozialwesen", "Human health and social work activities"),
    ("R", "90-93", "Kunst, Unterhaltung und Erholung", "Arts, entertainment and recreation"),
    ("S", "94-96", "Erbringung von sonstigen Dienstleistungen", "Other service activities"),
    (
        "T",
        "97-98",
        "Private Haushalte mit Hauspersonal; Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte für den Eigenbedarf",
        "Activities of households as employers and for own use",
    ),
    (
        "U",
        "99",
        "Exterritoriale Organisationen und Körperschaften",
        "Activities of extraterritorial organisations and bodies",
    ),
]

# Divisions of section C (manufacturing): (division, German name, English name)
WZ_MANUFACTURING_DIVISIONS: list[tuple[str, str, str]] = [
    ("10", "Herstellung von Nahrungs- und Futtermitteln", "Manufacture of food products"),
    ("11", "Getränkeherstellung", "Manufacture of beverages"),
    ("12", "Tabakverarbeitung", "Manufacture of tobacco products"),
    ("13", "Herstellung von Textilien", "Manufacture of textiles"),
    ("14", "Herstellung von Bekleidung", "Manufacture of wearing apparel"),
    (
        "15",
        "Herstellung von Leder, Lederwaren und Schuhen",
        "Manufacture of leather and related products",
    ),
    (
        "16",
        "Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)",
        "Manufacture of wood and of products of wood and cork, except furniture",
    ),
    (
        "17",
        "Herstellung von Papier, Pappe und Waren daraus",
        "Manufacture of paper and paper products",
    ),
    (
        "18",
        "Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- und Datenträgern",
        "Printing and reproduction of recorded media",
    ),
    (
        "19",
        "Kokerei und Mineralölverarbeitung",
        "Manufacture of coke and refined petroleum products",
    ),
    (
        "20",
        "Herstellung von chemischen Erzeugnissen",
        "Manufacture of chemicals and chemical products",
    ),
    (
        "21",
        "Herstellung von pharmazeutischen Erzeugnissen",
        "Manufacture of basic pharmaceutical products and preparations",
    ),
    (
        "22",
        "Herstellung von Gummi- und Kunststoffwaren",
        "Manufacture of rubber and plastic products",
    ),
    (
        "23",
        "Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden",
        "Manufacture of other non-metallic mineral products",
    ),
    ("24", "Metallerzeugung und -bearbeitung", "Manufacture of basic metals"),
    (
        "25",
        "Herstellung von Metallerzeugnissen",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    (
        "26",
        "Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen",
        "Manufacture of computer, electronic and optical products",
    ),
    ("27", "Herstellung von elektrischen Ausrüstungen", "Manufacture of electrical equipment"),
    ("28", "Maschinenbau", "Manufacture of machinery and equipment n.e.c."),
    (
        "29",
        "Herstellung von Kraftwagen und Kraftwagenteilen",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    ("30", "Sonstiger Fahrzeugbau", "Manufacture of other transport equipment"),
    ("31", "Herstellung von Möbeln", "Manufacture of furniture"),
    ("32", "Herstellung von sonstigen Waren", "Other manufacturing"),
    (
        "33",
        "Reparatur und Installation von Maschinen und Ausrüstungen",
        "Repair and installation of machinery and equipment",
    ),
]


def _pick_language(german: str, english: str) -> str:
    return english if (get_language() or "de").startswith("en") else german


# Both names are in the official lists, so the label follows the active language lazily.
bilingual = lazy(_pick_language, str)

SECTION_CHOICES = [
    (section, bilingual(f"{section} – {de}", f"{section} – {en}"))
    for section, _range, de, en in WZ_SECTIONS
]
MANUFACTURING_DIVISION_CHOICES = [
    (division, bilingual(f"{division} – {de}", f"{division} – {en}"))
    for division, de, en in WZ_MANUFACTURING_DIVISIONS
]
