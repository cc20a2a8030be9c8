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
