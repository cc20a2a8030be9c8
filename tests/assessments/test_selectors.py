"""Benchmarks, recommendations and comparisons."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments import selectors
from consulting.models import Company
from portal.tenancy import unscoped
from tests.assessments.factories import completed, scope_of, sme_user
from tests.events.factories import EventFactory
from tests.factories import PartnerFactory, TopicFactory

pytestmark = pytest.mark.django_db

LOW = {
    "strategy": 1,
    "smart_factory": 4,
    "smart_operations": 4,
    "smart_products": 4,
    "data_services": 2,
    "employees": 4,
}


def test_benchmark_is_withheld_below_five_companies_and_shown_from_five():
    users = [sme_user(sector_section="F", sector_division="", employees=30) for _ in range(5)]
    for user in users[:4]:
        completed(user, level=2)
    _a, result = completed(users[4], level=4)
    by_sector = selectors.benchmarks_for(result)[0]
    assert by_sector.count == 5
    assert by_sector.overall == pytest.approx((4 * 2 + 4) / 5)
    assert by_sector.dimensions["strategy"] == pytest.approx(2.4)
    # Another sector with only one company: no numbers, just the count.
    lonely = sme_user(sector_section="J", sector_division="", employees=30)
    _b, other = completed(lonely, level=3)
    sector, size = selectors.benchmarks_for(other)
    assert (sector.count, sector.overall, sector.dimensions) == (1, None, {})
    assert size.count == 6  # the size class (small) spans both sectors
    assert size.overall is not None


def test_benchmark_counts_each_companys_latest_result_once():
    users = [sme_user(sector_section="F", sector_division="") for _ in range(4)]
    for user in users:
        completed(user, level=1)
    _a, result = completed(users[0], level=5)  # a second assessment of the same company
    assert selectors.benchmarks_for(result)[0].overall is None  # still only four companies


def test_recommendations_name_weak_dimensions_workshops_partners_and_booking():
    with unscoped("test: topics of the weak dimensions"):
        business = TopicFactory(slug="business-models")
        data = TopicFactory(slug="data-ai")
        TopicFactory(slug="funding")
    partner = PartnerFactory()
    partner.competences.set([data])
    workshop = EventFactory(topics=[business])
    user = sme_user()
    _a, result = completed(user, level=LOW)
    with scope_of(user):
        recs = selectors.recommendations_for(viewer=user, result=result)
    assert [r.dimension.key for r in recs] == ["strategy", "data_services"]  # weakest first
    strategy, services = recs
    assert workshop in strategy.events
    assert strategy.booking_url == "/consulting/book/?topics=business-models,funding"
    assert partner in services.partners
    assert partner not in strategy.partners


def test_result_view_orders_dimensions_weakest_first_and_compare_shows_the_change():
    user = sme_user()
    _a, before = completed(user, level=LOW)
    _b, after = completed(user, level=3)
    with scope_of(user):
        view = selectors.result_view(after.assessment)
    assert view.level_name == "Experienced"
    with translation.override("en"):
        changes = {c.name: c.delta for c in selectors.compare(before, after)}
    assert changes["Strategy & organisation"] == 2
    assert changes["Smart factory"] == -1
    assert changes["Overall"] == pytest.approx(float(after.overall_score - before.overall_score))


def test_a_consultant_sees_only_assessments_of_companies_their_partner_may_see():
    user = sme_user()
    other = sme_user()
    mine, _r = completed(user)
    completed(other)
    with unscoped("test"):
        lead = Company.objects.get(pk=mine.company_id).lead_partner
    from tests.factories import MembershipFactory

    consultant = MembershipFactory(partner=lead).user
    with scope_of(consultant):
        assert list(selectors.assessments_for(viewer=consultant)) == [mine]


def test_a_strong_result_still_gets_advice_for_its_weakest_dimension():
    user = sme_user()
    _a, strong = completed(user, level={**dict.fromkeys(LOW, 4), "employees": 3})
    with scope_of(user):
        recs = selectors.recommendations_for(viewer=user, result=strong)
        assert [r.dimension.key for r in recs] == ["employees"]
        _b, top = completed(user, level=5)
        assert selectors.recommendations_for(viewer=user, result=top) == []
