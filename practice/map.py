"""The map of Thuringia: one circle per district at its administrative seat, sized and coloured
by the number of cases (a proportional-symbol map drawn by us: no tiles, no third party).

The seats' coordinates are copied from the reference data (shared/data, WGS 84, about 0.01°);
x is the longitude scaled by cos(latitude), y the latitude, both to SVG units. Pure: no queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext

from practice.wording import district_name

# district key: (seat, latitude, longitude)
SEATS: dict[str, tuple[str, float, float]] = {
    "16051": ("Erfurt", 50.978, 11.029),
    "16052": ("Gera", 50.881, 12.083),
    "16053": ("Jena", 50.928, 11.589),
    "16054": ("Suhl", 50.609, 10.693),
    "16055": ("Weimar", 50.979, 11.330),
    "16061": ("Heilbad Heiligenstadt", 51.378, 10.138),
    "16062": ("Nordhausen", 51.502, 10.791),
    "16063": ("Bad Salzungen", 50.812, 10.233),
    "16064": ("Mühlhausen/Thüringen", 51.209, 10.453),
    "16065": ("Sondershausen", 51.370, 10.870),
    "16066": ("Meiningen", 50.568, 10.416),
    "16067": ("Gotha", 50.949, 10.701),
    "16068": ("Sömmerda", 51.160, 11.116),
    "16069": ("Hildburghausen", 50.426, 10.729),
    "16070": ("Arnstadt", 50.835, 10.947),
    "16071": ("Apolda", 51.024, 11.516),
    "16072": ("Sonneberg", 50.359, 11.174),
    "16073": ("Saalfeld/Saale", 50.648, 11.365),
    "16074": ("Eisenberg", 50.969, 11.898),
    "16075": ("Schleiz", 50.579, 11.811),
    "16076": ("Greiz", 50.655, 12.199),
    "16077": ("Altenburg", 50.985, 12.434),
}

# Districts whose name goes above their circle (their neighbours' names would overlap below).
LABEL_ABOVE = {"16071", "16074", "16065"}

SCALE = 400.0  # SVG units per degree of latitude
PAD = 60.0  # room for the labels around the outermost seats (padded viewBox: nothing clipped)
LAT_MID = 50.93
LON_MIN = min(lon for _s, _lat, lon in SEATS.values())
LAT_MAX = max(lat for _s, lat, _lon in SEATS.values())
LON_SPAN = max(lon for _s, _lat, lon in SEATS.values()) - LON_MIN
LAT_SPAN = LAT_MAX - min(lat for _s, lat, _lon in SEATS.values())
WIDTH = round(LON_SPAN * math.cos(math.radians(LAT_MID)) * SCALE + 2 * PAD)
HEIGHT = round(LAT_SPAN * SCALE + 2 * PAD)


@dataclass(frozen=True)
class District:
    key: str
    name: str
    count: int
    x: str  # SVG attributes: plain strings, never localised
    y: str
    r: str
    label_x: str
    label_y: str
    level: int  # 0 none, 1 one, 2 two or three, 3 four or more (the colour class)
    url: str
    selected: bool

    @property
    def description(self) -> str:
        return ngettext("%(name)s: %(n)d case", "%(name)s: %(n)d cases", self.count) % {
            "name": self.name,
            "n": self.count,
        }


def _level(count: int) -> int:
    return 0 if count == 0 else 1 if count == 1 else 2 if count <= 3 else 3


def position(lat: float, lon: float) -> tuple[float, float]:
    x = (lon - LON_MIN) * math.cos(math.radians(LAT_MID)) * SCALE + PAD
    y = (LAT_MAX - lat) * SCALE + PAD
    return x, y


def thuringia_map(counts: dict[str, int], *, selected: str = "", query: str = "") -> dict:
    """What the map template draws: the districts (by name) and the SVG's size."""
    base = reverse("practice:library")
    extra = f"&{query}" if query else ""
    districts = []
    for key, (_seat, lat, lon) in SEATS.items():
        count = counts.get(key, 0)
        x, y = position(lat, lon)
        r = 9 + 8 * math.sqrt(count)
        districts.append(
            District(
                key=key,
                name=district_name(key),
                count=count,
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                r=f"{r:.1f}",
                label_x=f"{x:.1f}",
                label_y=f"{y - r - 5:.1f}" if key in LABEL_ABOVE else f"{y + r + 14:.1f}",
                level=_level(count),
                url=f"{base}?district={key}{extra}#results",
                selected=key == selected,
            )
        )
    districts.sort(key=lambda d: d.name)
    return {
        "districts": districts,
        "width": WIDTH,
        "height": HEIGHT,
        "total": sum(counts.get(key, 0) for key in SEATS),
    }
