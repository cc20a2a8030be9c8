"""Hostile form input for the property tests: what a page's form offers, and what it gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from hypothesis import strategies as st

from portal import tenancy


@dataclass
class FormShape:
    """The fields of the first POST form with fields on a page, and the values it offers."""

    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values
    multiple: set[str] = field(default_factory=set)


class _FormReader(HTMLParser):
    IGNORED = {"csrfmiddlewaretoken", "language", "next", "context"}

    def __init__(self, action: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.shape = FormShape()
        self.in_form = False
        self.done = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.done:
            return
        wanted = self.action is None or a.get("action", "") in ("", self.action)
        if tag == "form" and a.get("method", "get").lower() == "post" and wanted:
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name", "")
        if name in self.IGNORED or (not name and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "file"):
            values = self.shape.fields.setdefault(name, [])
            if a.get("value"):
                values.append(a["value"])
            if a.get("type") == "checkbox":
                self.shape.multiple.add(name)
                values.append(a.get("value") or "on")
        elif tag == "textarea":
            self.shape.fields.setdefault(name, [])
        elif tag == "select":
            self.select = name
            self.shape.fields.setdefault(name, [])
            if "multiple" in a:
                self.shape.multiple.add(name)
        elif tag == "option" and self.select:
            self.shape.fields[self.select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form and self.shape.fields:
            self.in_form = False
            self.done = True
        elif tag == "form":
            self.in_form = False


def form_shape(html: str, action: str | None = None) -> FormShape:
    reader = _FormReader(action)
    reader.feed(html)
    reader.close()
    assert reader.shape.fields, "no POST form with fields found on the page"
    return reader.shape


# Values a browser would never send, and some it would.
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=250, max_size=400),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "12.5",
            "2026-02-30",
            "2026-12-01",
            "2026-12-01T10:00",
            "31.12.2026",
            "00:00",
            "25:61",
            "<script>alert(1)</script>",
            "'; DROP TABLE portal_user; --",
            '=HYPERLINK("http://evil.example")',
            "x@example.org",
            "a" * 5000,
            "\u202eevil",
            "../../etc/passwd",
        ]
    ),
)


@st.composite
def form_data(draw: Any, shape: FormShape) -> dict[str, Any]:
    """Per field: one of the offered values, a hostile one, several, or nothing at all."""
    data: dict[str, Any] = {}
    for name, offered in shape.fields.items():
        choice = draw(
            st.sampled_from(
                ["offered", "hostile", "missing"] if offered else ["hostile", "missing"]
            )
        )
        if choice == "missing":
            continue
        if choice == "offered":
            if name in shape.multiple:
                data[name] = draw(st.lists(st.sampled_from(offered), max_size=3, unique=True))
            else:
                data[name] = draw(st.sampled_from(offered))
        else:
            data[name] = draw(hostile_text)
    return data


# Rows that change with every request whatever it does.
SKIPPED_MODELS = {Session, ContentType}
VOLATILE_FIELDS = {"last_login"}


def database_state() -> dict[str, list[tuple]]:
    """Every row of every model, as plain values (the test databases are small)."""
    state = {}
    with tenancy.unscoped("property test: compare the whole database"):
        for model in apps.get_models():
            if model in SKIPPED_MODELS or model._meta.proxy:
                continue
            names = [
                f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE_FIELDS
            ]
            rows = model._base_manager.order_by("pk").values_list(*names)
            state[model._meta.label] = list(rows)
    return state


# --- every form of a page, with values a browser would send -----------------------------------


@dataclass
class PageForm:
    """One <form> of a page: how it is sent, and per field the values a browser would send."""

    method: str  # "GET" or "POST"
    action: str  # a path (with its query), resolved against the page's own URL
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> offered values
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type, select, textarea
    defaults: dict[str, Any] = field(default_factory=dict)  # what the page filled in
    multiple: set[str] = field(default_factory=set)

    def key(self) -> tuple:
        return (self.method, self.action.split("?")[0], tuple(sorted(self.fields)))


class _PageFormsReader(HTMLParser):
    IGNORED = {"csrfmiddlewaretoken"}

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            post = a.get("hx-post") or a.get("data-hx-post")  # htmx reads both spellings
            method = "POST" if post else a.get("method", "get").upper()
            action = post or a.get("action") or self.page_url
            self.form = PageForm(method="POST" if method == "POST" else "GET", action=action)
            return
        form, name = self.form, a.get("name", "")
        if form is None:
            return
        if tag == "option" and self.select:
            value = a.get("value", "")
            form.fields[self.select].append(value)
            if "selected" in a:
                form.defaults[self.select] = value
            return
        if not name or name in self.IGNORED:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and name:  # a named button says which action
                    form.fields.setdefault(name, []).append(a.get("value", ""))
                    form.kinds.setdefault(name, "submit")
                return
            values = form.fields.setdefault(name, [])
            form.kinds.setdefault(name, kind)
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if value or kind in ("checkbox", "radio"):
                values.append(value)
            if kind == "checkbox":
                if len(values) > 1:
                    form.multiple.add(name)
                if "checked" in a:
                    form.defaults.setdefault(name, []).append(value)
            elif kind == "radio":
                if "checked" in a:
                    form.defaults[name] = value
            elif value:
                form.defaults[name] = value
        elif tag == "textarea":
            self.textarea = name
            form.fields.setdefault(name, [])
            form.kinds[name] = "textarea"
        elif tag == "select":
            self.select = name
            form.fields.setdefault(name, [])
            form.kinds[name] = "select"
            if "multiple" in a:
                form.multiple.add(name)

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea and data.strip():
            self.form.defaults[self.textarea] = self.form.defaults.get(self.textarea, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.form is not None:
            if self.form.fields:
                self.forms.append(self.form)
            self.form = None


def page_forms(html: str, page_url: str) -> list[PageForm]:
    """Every form with fields on a page (GET filters too), with what each field offers."""
    reader = _PageFormsReader(page_url)
    reader.feed(html)
    reader.close()
    return reader.forms


def plausible(form: PageForm, name: str, day: Any) -> Any:
    """What a person would most likely send in a field: the page's own value, else one that
    fits the field's type (so that the other fields pass and the hostile one goes deep).
    Dates are `day`; a field named like an end is a little later than one named like a start."""
    default = form.defaults.get(name)
    if default not in (None, "", []):
        if isinstance(default, list) and name not in form.multiple:
            return default[0]
        return default
    offered = [value for value in form.fields.get(name, []) if value]
    kind = form.kinds.get(name, "text")
    if kind in ("select", "radio", "checkbox", "submit") and offered:
        return [offered[0]] if name in form.multiple else offered[0]
    return typed_value(kind, name, day)


def typed_value(kind: str, name: str, day: Any) -> str:
    late = any(word in name for word in ("end", "close", "_to", "until", "due"))
    return {
        "number": "5",
        "date": day.isoformat(),
        "datetime-local": f"{day.isoformat()}T{'12:00' if late else '10:00'}",
        "time": "12:00" if late else "10:00",
        "month": day.isoformat()[:7],
        "email": "fuzz.person@example.org",
        "url": "https://example.org/",
        "tel": "+49 3677 69 0",
        "password": "Fuzz-Pass-2026!x",
        "textarea": "Fuzz text",
        "hidden": "",
    }.get(kind, "Fuzz text")


# The extremes of issue #11: huge numbers, the first and the last year, empty, 100 kB strings,
# digits that are not ASCII; and a few more a browser would never send.
EXTREMES = [
    "",
    " ",
    "0",
    "-1",
    str(10**23),
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0001-01",
    "9999-12",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "9999-12-31 23:59",
    "23:59",
    "x" * 100_000,
    "١٢٣",  # Arabic-Indic digits
    "१२३४५",  # Devanagari digits
    "１２３",  # fullwidth digits
    "²³",
    "\x00",
    "\u202e",
]
extreme_value = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=25),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.text(max_size=30),
)


# Per kind of field, the extremes that kind must survive when everything else is plausible.
TYPED_EXTREMES = {
    "number": [str(10**23), "-" + str(10**23), "１２３", "९९९९९"],
    "date": ["0001-01-01", "9999-12-31"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59"],
    "month": ["0001-01", "9999-12"],
    "time": ["23:59", "24:00"],
    "text": ["x" * 100_000, str(10**23)],
    "textarea": ["x" * 100_000],
    "email": ["x" * 100_000 + "@example.org"],
    "url": ["https://example.org/" + "x" * 100_000],
    "tel": ["9" * 100_000],
    "search": ["x" * 100_000],
    "password": ["x" * 100_000],
    "select": ["9" * 40],
    "radio": ["9" * 40],
    "hidden": ["9" * 40, "9999-12-31"],
}


DATE_KINDS = {"date", "datetime-local", "month"}


def sweep(form: PageForm, today: Any) -> list[dict[str, Any]]:
    """The form as a person would fill it, once for each field and each extreme of its kind;
    and, for a form with dates, once wholly at the start and once at the end of the calendar
    (every date of it then, in order, and every number 5: five weekly slots from 20 December
    9999 ...)."""
    later = type(today).fromordinal(today.toordinal() + 30)
    plain = {name: plausible(form, name, later) for name in form.fields}
    submissions = []
    for name in sorted(form.fields):
        for value in TYPED_EXTREMES.get(form.kinds.get(name, "text"), []):
            submissions.append({**plain, name: value})
    dates = [name for name in form.fields if form.kinds.get(name) in DATE_KINDS | {"number"}]
    if any(form.kinds[name] in DATE_KINDS for name in dates):
        for day in (type(today)(1, 1, 2), type(today)(9999, 12, 20)):
            shifted = {name: typed_value(form.kinds[name], name, day) for name in dates}
            submissions.append({**plain, **shifted})
    return submissions


@st.composite
def extreme_submission(draw: Any, form: PageForm, today: Any) -> dict[str, Any]:
    """The form as a person would fill it, with one to three fields hostile or missing."""
    later = type(today).fromordinal(today.toordinal() + 30)
    data = {name: plausible(form, name, later) for name in form.fields}
    names = sorted(form.fields)
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
        if draw(st.integers(0, 5)) == 0:
            data.pop(name, None)
        else:
            data[name] = draw(extreme_value)
    return data
