"""After erasure, no column of any table and no session names the erased people (issue #11).

The search is generic: every column of every table the database has (tables of apps added later
too), read as text, and every stored session, decoded. Before erasing, the people's names and
addresses are put where the review found them left behind: a follow-up's title, a share's
reason, a colleague invited by address, a company list export searched by surname, the
accessibility feedback, another browser's login session, the Django admin's log.
"""

from __future__ import annotations

import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from consulting.models import AdvisorySession
from portal.tenancy import unscoped
from privacy.models import LegalPage
from tests.access import client_for
from tests.consulting.factories import FollowUpFactory
from tests.factories import PASSWORD, CompanyShareFactory, UserFactory

# The erased people (company A's SME user and contact, the colleague invited by address) and
# the company's name. Each is distinctive in the test world, so a hit is a leftover.
TERMS = [
    "Amsel",  # Anna Amsel, company A's SME user
    "anna.alpha@alpha.example",
    "Clara Chef",  # company A's contact
    "chef@alpha.example",
    "kurt.kranich@alpha.example",  # the colleague Anna invited
    "Alpha Fräserei",
]


def _forms(term: str) -> set[str]:
    """The term as stored: plain, and as JSON escapes non-ASCII letters (SQLite's JSON)."""
    return {term.lower(), json.dumps(term)[1:-1].lower()}


def database_hits(terms: list[str]) -> list[str]:
    """(table.column: value) for every cell of every table that contains a term."""
    text = "CAST({} AS TEXT)"  # SQLite and PostgreSQL alike
    hits = []
    # every row of every tenant, past row-level security on PostgreSQL
    with unscoped("test: search every table for the erased names"), connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == Session._meta.db_table:
                continue  # encoded: searched decoded below
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            quote = connection.ops.quote_name
            for column in columns:
                expression = "LOWER(" + text.format(quote(column)) + ")"
                patterns = sorted({form for term in terms for form in _forms(term)})
                where = " OR ".join(f"{expression} LIKE %s" for _ in patterns)
                cursor.execute(
                    f"SELECT {text.format(quote(column))} FROM {quote(table)} WHERE {where}",  # noqa: S608
                    [f"%{pattern}%" for pattern in patterns],
                )
                hits += [f"{table}.{column}: {row[0]!r:.120}" for row in cursor.fetchall()]
    return hits


def session_hits(terms: list[str]) -> list[str]:
    hits = []
    for session in Session.objects.all():
        data = json.dumps(SessionStore().decode(session.session_data), ensure_ascii=False).lower()
        hits += [f"session {session.pk[:8]}…: {term}" for term in terms if term.lower() in data]
    return hits


def leave_traces(world) -> Client:
    """The places the review found; returns another browser where Anna is signed in."""
    with unscoped("test: the partner's notes about company A"):
        logged = AdvisorySession.objects.filter(company=world.company_a).first()
        FollowUpFactory(session=logged, owner=world.consultant_a, title="Call Anna Amsel back")
        CompanyShareFactory(
            company=world.company_a,
            partner=world.partner_b,
            reason="Clara Chef asked for GFE's lab",
            granted_by=world.admin_a,
        )
    # Anna invites a colleague by address.
    client_for(world.sme_a).post(
        "/consulting/colleagues/invite/", {"email": "kurt.kranich@alpha.example"}
    )
    # A consultant searches the company list by Anna's surname and exports it.
    client_for(world.consultant_a).get("/consulting/companies/", {"q": "Amsel", "export": "csv"})
    # Anna reports a barrier, naming herself and her company.
    LegalPage.objects.get_or_create(
        key="accessibility",
        defaults={"title_de": "B", "title_en": "A", "body_de": "-", "body_en": "-"},
    )
    Client().post(
        "/accessibility/",
        {
            "name": "Anna Amsel",
            "email": "anna.alpha@alpha.example",
            "message": "Anna Amsel of Alpha Fräserei cannot use the calendar with a keyboard.",
        },
    )
    # The operator once corrected the company in the Django admin.
    LogEntry.objects.create(
        user=UserFactory(is_superuser=True, is_staff=True),
        content_type=ContentType.objects.get_for_model(world.company_a),
        object_id=str(world.company_a.pk),
        object_repr=str(world.company_a.name),
        action_flag=CHANGE,
        change_message="Changed phone for Clara Chef.",
    )
    # Anna is signed in in another browser too (allauth keeps the address in the session).
    other_browser = Client()
    response = other_browser.post(
        "/accounts/login/", {"login": "anna.alpha@alpha.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    return other_browser


def test_erasure_leaves_no_name_or_address_in_any_table_or_session(world):
    other_browser = leave_traces(world)
    before = database_hits(TERMS) + session_hits(TERMS)
    for where in (
        "consulting_followup.title",
        "portal_auditentry.data",
        "privacy_accessibilityfeedback.email",
        "django_admin_log.object_repr",
        "session",
    ):
        assert any(hit.startswith(where) for hit in before), f"the test put nothing in {where}"

    response = client_for(world.sme_a).post(
        f"/my-data/{world.company_a.pk}/erase/", {"confirm": "on", "password": PASSWORD}
    )
    assert response.status_code == 302

    leftovers = database_hits(TERMS) + session_hits(TERMS)
    assert leftovers == [], "\n".join(leftovers)
    assert other_browser.get("/dashboard/").status_code == 302  # signed out there too


def test_the_search_finds_what_it_looks_for(world):
    """The generic search can fail: company B's name is in its table and its sessions."""
    Client().post("/accounts/login/", {"login": "bernd.beta@beta.example", "password": PASSWORD})
    hits = database_hits(["Beta Optik"]) + session_hits(["bernd.beta@beta.example"])
    assert any(hit.startswith("consulting_company.name") for hit in hits)
    assert any(hit.startswith("session") for hit in hits)
