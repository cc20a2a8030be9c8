"""What the centre offers SMEs (the home page's cards). Our own words, translated like any text."""

from django.utils.translation import gettext_lazy as _

CENTRE_OFFERS = [
    {
        "icon": "lab",
        "title": _("Try it in our labs"),
        "text": _(
            "Test your own technical developments and interfaces to products or customers in the "
            "partners' labs and demonstrators, guided by experienced engineers."
        ),
    },
    {
        "icon": "practice",
        "title": _("Good-practice examples"),
        "text": _(
            "See how other manufacturers in Thuringia went digital, in examples that are easy "
            "to imitate."
        ),
    },
    {
        "icon": "business",
        "title": _("Business models"),
        "text": _(
            "Find out what digitalisation can bring to your business model and your customers."
        ),
    },
    {
        "icon": "qualification",
        "title": _("Information and qualification"),
        "text": _(
            "Workshops and events that inform your staff about Industry 4.0 and qualify them "
            "for new tasks."
        ),
    },
    {
        "icon": "evaluation",
        "title": _("Investment and IT security"),
        "text": _(
            "Help with judging what an Industry 4.0 investment is worth and what it means for "
            "the security of your IT."
        ),
    },
]
