"""Reads: the SQL size class matches the Python rule; list budgets; navigation; SME panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from consulting import selectors, services
from consulting.models import Company
from consulting.size_class import size_class
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import RequestFactory, SlotFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

money = st.one_of(
    st.none(),
    st.sampled_from(
        [
            0,
            2_000_000,
            2_000_001,
            10_000_000,
            10_000_001,
            43_000_000,
            43_000_001,
            50_000_000,
            50_000_001,
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    employees=st.sampled_from([1, 9, 10, 49, 50, 249, 250, 1000]),
    turnover=money,
    balance=money,
)
def test_sql_size_class_matches_python_rule(employees, turnover, balance):
    with unscoped("test"):
        company = CompanyFactory(
            employees=employees,
            annual_turnover=None if turnover is None else Decimal(turnover),
            balance_sheet_total=None if balance is None else Decimal(balance),
        )
        annotated = Company.objects.annotate(sc=selectors.size_class_expression()).get(
            pk=company.pk
        )
        company.delete()
    assert annotated.sc == size_class(
        employees, annotated.annual_turnover, annotated.balance_sheet_total
    )


def test_inbox_query_budget(world, django_assert_max_num_queries):
    for _ in range(20):
        RequestFactory(company=world.company_a)
    client = client_for(world.consultant_a)
    client.get(reverse("consulting:request_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("consulting:request_list"))
    assert len(response.context["items"]) == 20


def test_navigation_by_role(world):
    def labels(user):
        response = client_for(user).get(reverse("dashboard"))
        return {str(item["label"]) for item in response.context["nav_items"]}

    assert {"Book a consultation", "My requests"} <= labels(world.sme_a)
    assert "Companies" not in labels(world.sme_a)
    assert {"Companies", "Requests"} <= labels(world.consultant_a)
    assert "Book a consultation" not in labels(world.consultant_a)


def test_sme_dashboard_lists_open_requests(world):
    slot = SlotFactory(partner=world.partner_a, consultant=world.consultant_a)
    booked = services.book_consultation(
        actor=world.sme_a, topics=[world.sensors], description="x", slot=slot
    )
    body = client_for(world.sme_a).get(reverse("dashboard")).content.decode()
    assert booked.get_absolute_url() in body
    assert (
        client_for(world.sme_b)
        .get(reverse("dashboard"))
        .content.decode()
        .count(booked.get_absolute_url())
        == 0
    )


def test_company_page_query_budget(world, django_assert_max_num_queries):
    from tests.consulting.factories import FollowUpFactory, SessionFactory

    for _ in range(10):
        RequestFactory(company=world.company_a).topics.set([world.sensors])
        session = SessionFactory(company=world.company_a)
        session.topics.set([world.sensors, world.erp])
        FollowUpFactory(session=session, owner=world.consultant_a)
    client = client_for(world.consultant_a)
    client.get(world.company_a.get_absolute_url())
    with django_assert_max_num_queries(30):
        response = client.get(world.company_a.get_absolute_url())
    assert len(response.context["timeline"]) == 30
