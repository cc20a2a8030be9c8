"""Walking the project's URL patterns: list them, fill their parameters, check the answers."""

from __future__ import annotations

import itertools
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal import tenancy
from tests.security.world import World


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, for messages
    name: str  # namespaced url name for reverse(), or "" for an unnamed pattern
    params: tuple[str, ...]


def all_patterns() -> list[Pattern]:
    """Every named URL pattern of the project, with the parameters of its whole chain."""

    def walk(resolver: URLResolver, prefix: str, namespace: str, params: tuple) -> Iterator:
        for entry in resolver.url_patterns:
            own = _params_of(entry)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), ns, params + own)
            elif isinstance(entry, URLPattern):
                # Unnamed patterns (the admin's old object URLs) are built from their route.
                name = (
                    ""
                    if not entry.name
                    else f"{namespace}:{entry.name}"
                    if namespace
                    else entry.name
                )
                yield Pattern(prefix + str(entry.pattern), name, params + own)

    return list(walk(get_resolver(), "", "", ()))


def _params_of(entry: URLPattern | URLResolver) -> tuple[str, ...]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


class Secret(str):
    """A value whose possession is the permission (an e-mailed token): checked for 500s only."""

    __slots__ = ()


Fill = Callable[[World], list[Any]]


def _a(name: str) -> Fill:
    return lambda w: [w.a.rows[name].pk]


# Which rows of tenant A fill which parameters. A new URL pattern with parameters needs a line
# here (test_every_pattern_with_parameters_can_be_filled says so), so the walk stays complete.
FILLS: dict[tuple[str, str], Fill] = {
    ("partner_detail", "slug"): lambda w: [w.a.partner.slug, "no-such-partner"],
    ("staff_role_change", "pk"): _a("consultant_membership"),
    ("staff_remove", "pk"): _a("consultant_membership"),
    ("staff_invitation_revoke", "pk"): _a("staff_invitation"),
    ("staff_invitation_accept", "token"): lambda w: [
        Secret(w.a.rows["staff_invitation"].token),
        "not-a-token",
    ],
    ("consulting:join_company", "token"): lambda w: [
        Secret(w.a.rows["company_invitation"].token),
        "not-a-token",
    ],
    ("consulting:company_detail", "pk"): _a("company"),
    ("consulting:company_edit", "pk"): _a("company"),
    ("consulting:contact_create", "pk"): _a("company"),
    ("consulting:contact_edit", "pk"): _a("company"),
    ("consulting:contact_edit", "contact_pk"): _a("contact"),
    ("consulting:company_share", "pk"): _a("company"),
    ("consulting:share_revoke", "pk"): _a("company"),
    ("consulting:share_revoke", "share_pk"): _a("share"),
    ("consulting:slot_withdraw", "pk"): _a("slot"),
    ("consulting:request_detail", "pk"): _a("request"),
    ("consulting:request_assign", "pk"): _a("request"),
    ("consulting:request_schedule", "pk"): _a("request"),
    ("consulting:request_decline", "pk"): _a("request"),
    ("consulting:request_route", "pk"): _a("request"),
    ("consulting:request_cancel", "pk"): _a("request"),
    ("consulting:request_reschedule", "pk"): _a("request"),
    ("consulting:session_detail", "pk"): _a("session"),
    ("consulting:follow_up_done", "pk"): _a("follow_up"),
    ("assessments:result", "pk"): _a("assessment"),
    ("assessments:answer", "pk"): _a("assessment"),
    ("assessments:answer", "step"): lambda w: [1, 99],
    ("assessments:review", "pk"): _a("assessment"),
    ("assessments:report_request", "pk"): _a("assessment"),
    ("assessments:report_status", "pk"): _a("report"),
    ("assessments:report_download", "pk"): _a("report"),
    ("events:feed", "token"): lambda w: [Secret(w.a.rows["feed"].token), "not-a-token"],
    ("events:registration", "pk"): _a("registration"),
    ("events:registration_cancel", "pk"): _a("registration"),
    ("events:certificate_request", "pk"): _a("attended"),
    ("events:certificate_download", "pk"): _a("attended"),
    ("events:feedback", "pk"): _a("attended"),
    ("events:manage_toggle_check_in", "pk"): _a("registration"),
    ("events:manage_registration_cancel", "pk"): _a("registration"),
    **{
        (f"events:{name}", "slug"): (lambda w: [w.a.rows["published"].slug, w.a.rows["draft"].slug])
        for name in (
            "manage_detail",
            "manage_edit",
            "manage_publish",
            "manage_cancel",
            "manage_capacity",
            "manage_check_in",
            "manage_export",
            "detail",
            "register",
            "ics",
        )
    },
    ("economics:detail", "pk"): _a("evaluation"),
    ("economics:compare", "pk"): _a("evaluation"),
    ("economics:export", "pk"): _a("evaluation"),
    ("economics:export", "kind"): lambda w: ["csv", "xlsx", "pdf"],
    ("economics:report_request", "pk"): _a("evaluation"),
    ("economics:report_status", "pk"): _a("evaluation_report"),
    ("economics:report_download", "pk"): _a("evaluation_report"),
    ("economics:template_edit", "pk"): _a("measure_template"),
    **{
        (f"labs:{name}", "pk"): _a("trial")
        for name in (
            "trial_detail",
            "trial_approve",
            "trial_propose",
            "trial_accept",
            "trial_decline",
            "trial_cancel",
            "trial_outcome",
            "trial_no_show",
            "trial_ics",
        )
    },
    ("labs:lab_edit", "pk"): lambda w: [w.a.rows["lab"].pk, w.a.rows["hidden_lab"].pk],
    ("labs:blackout_add", "pk"): _a("lab"),
    ("labs:blackout_remove", "pk"): _a("blackout"),
    ("labs:lab_detail", "slug"): lambda w: [w.a.rows["lab"].slug, w.a.rows["hidden_lab"].slug],
    ("labs:trial_request", "slug"): lambda w: [w.a.rows["lab"].slug, w.a.rows["hidden_lab"].slug],
    ("labs:guide_feed", "token"): lambda w: [
        w.a.consultant.lab_guide_feed.token,
        "not-a-token",
    ],
    ("privacy:legal_edit", "key"): lambda w: ["privacy", "no-such-page"],
    ("privacy:my_data_export", "pk"): _a("company"),
    ("privacy:my_data_erase", "pk"): _a("company"),
    # The consortium's quarterly PDFs (reports, being built): no row of them in the world
    # yet, so only the 404 answer of a missing one is walked.
    ("reports:pdf_status", "pk"): lambda w: [2_000_000_000],
    ("reports:pdf_download", "pk"): lambda w: [2_000_000_000],
    **{
        (f"practice:{name}", "pk"): lambda w: [
            w.a.rows["case_published"].pk,
            w.a.rows["case_draft"].pk,
            w.a.rows["case_awaiting"].pk,
        ]
        for name in (
            "manage_detail",
            "manage_edit",
            "manage_move",
            "company_case",
            "withdraw_permission",
        )
    },
    ("practice:manage_move", "move"): lambda w: ["submit", "publish", "withdraw", "nothing"],
    ("practice:case_detail", "slug"): lambda w: [
        w.a.rows["case_published"].slug,
        w.a.rows["case_draft"].slug,
        "no-such-case",
    ],
    ("practice:approve_link", "token"): lambda w: [
        Secret(_approval_token(w.a.rows["case_awaiting"])),
        "not-a-token",
    ],
    ("practice:referral_detail", "pk"): _a("referral"),
    ("practice:network_detail", "slug"): lambda w: [_network_partner().slug, "no-such-partner"],
    ("practice:network_edit", "slug"): lambda w: [_network_partner().slug, "no-such-partner"],
    ("account_confirm_email", "key"): lambda w: ["not-a-key"],
    ("account_reset_password_from_key", "uidb36"): lambda w: ["1z"],
    ("account_reset_password_from_key", "key"): lambda w: ["not-a-key"],
}


def _approval_token(case: Any) -> str:
    from practice.services.cases import approval_token

    return approval_token(case, name="Kontakt", email="kontakt@example.org")


def _network_partner() -> Any:
    from tests.practice.factories import NetworkPartnerFactory

    return NetworkPartnerFactory(slug="walk-network")


def _admin_fill(world: World, pattern: Pattern, param: str) -> list[Any] | None:
    """The Django admin's parameters: the first registered model, tenant A's company."""
    if not pattern.route.startswith("admin/"):
        return None
    company = world.a.rows["company"]
    if param == "app_label":
        return [company._meta.app_label]
    if param == "object_id":
        return [str(company.pk)]
    if param == "content_type_id":
        with tenancy.unscoped("security walk: the content type of a company"):
            return [ContentType.objects.get_for_model(type(company)).pk]
    if param == "id":  # the admin's password change of a user
        return [str(world.a.sme.pk)]
    if param == "url":
        return ["nothing/"]
    return None


def fill_values(world: World, pattern: Pattern, param: str) -> list[Any] | None:
    fill = FILLS.get((pattern.name, param))
    if fill is not None:
        return fill(world)
    return _admin_fill(world, pattern, param)


def urls_for(world: World, pattern: Pattern, *, strict: bool = True) -> list[tuple[str, bool]]:
    """(url, secret) for every combination of the parameter values of a pattern.

    Not strict, a parameter without a rule gets a value that matches no row, so that a pattern
    added since still gets walked (test_every_pattern_with_parameters_can_be_filled flags it).
    """
    if not pattern.params:
        return [(_url(pattern, {}), False)]
    choices = []
    for param in pattern.params:
        values = fill_values(world, pattern, param)
        if values is None and not strict:
            values = ["2000000000"]
        if values is None:
            raise AssertionError(f"no values for {param!r} of {pattern.name} ({pattern.route})")
        choices.append([(param, value) for value in values])
    urls = []
    for combination in itertools.product(*choices):
        kwargs = dict(combination)
        secret = any(isinstance(value, Secret) for value in kwargs.values())
        urls.append((_url(pattern, {k: str(v) for k, v in kwargs.items()}), secret))
    return urls


def _url(pattern: Pattern, kwargs: dict[str, str]) -> str:
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], pattern.route)


# --- checks of one answer -------------------------------------------------------------------

TEXT_TYPES = re.compile(r"^(text/|application/(json|xml|javascript)|application/vnd\.openxml)")


def body_text(response: Any) -> str | None:
    """The answer as text, or None for binary answers (PDF, images)."""
    content_type = response.get("Content-Type", "")
    if not TEXT_TYPES.match(content_type):
        return None
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if "openxml" in content_type:
        return _xlsx_text(content)
    return content.decode("utf-8", errors="replace")


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    cells = [
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    workbook.close()
    return "\n".join(cells)


class InlineCodeFinder(HTMLParser):
    """What a CSP without 'unsafe-inline' would refuse: inline scripts, styles and handlers."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        data_block = (names.get("type") or "").lower() in self.DATA_SCRIPT_TYPES
        if tag == "script" and not names.get("src") and not data_block:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            elif name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}> at line {self.getpos()[0]}")
            elif name.removeprefix("data-").startswith("hx-on") or name.removeprefix("data-") in {
                "hx-vars"
            }:
                self.problems.append(f"{name}= (evaluated by htmx) on <{tag}>")
            elif value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def fetch(client: Client, method: str, url: str) -> tuple[Any, str | None]:
    """The answer, or the traceback of an exception the view raised (a 500)."""
    try:
        response = client.post(url, {}) if method == "POST" else client.get(url)
    except Exception:  # any exception of a view is what the walk looks for
        return None, traceback.format_exc(limit=-3)
    return response, None
