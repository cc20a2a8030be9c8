"""The one way to refuse (portal/access.py, portal/permissions.py): 404 for what the user may
not see, 403 for a role too low, the login page for visitors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from portal.access import active_context_or_404, one_or_404
from portal.active_context import ActiveContext
from portal.models import PartnerInstitution
from portal.permissions import requires_permission
from tests.factories import MembershipFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

ROWS = {1: "mine", 2: "theirs"}


def _lookup(request, pk):
    if pk not in ROWS:
        raise Http404
    return ROWS[pk]


def _may_change(user, row):
    return row == "mine"


@requires_permission(_may_change, lookup=_lookup)
def change(request, row, part):
    return HttpResponse(f"{row}/{part}")


@requires_permission(_may_change, lookup=_lookup, hide=True)
def change_hidden(request, row, part):
    return HttpResponse(row)


def _request(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


def test_the_view_gets_the_row_and_the_url_parameters_the_lookup_did_not_use():
    response = change(_request(UserFactory()), pk=1, part="a")
    assert response.content == b"mine/a"


def test_a_row_the_lookup_does_not_find_is_404_and_a_failed_predicate_403_or_hidden_404():
    user = UserFactory()
    with pytest.raises(Http404):
        change(_request(user), pk=3, part="a")
    with pytest.raises(PermissionDenied):
        change(_request(user), pk=2, part="a")
    with pytest.raises(Http404):
        change_hidden(_request(user), pk=2, part="a")


def test_visitors_are_sent_to_the_login_page_before_any_lookup():
    response = change(_request(AnonymousUser()), pk=3, part="a")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_one_or_404_answers_the_same_for_missing_and_malformed_ids():
    partner = PartnerFactory()
    assert one_or_404(PartnerInstitution.objects.all(), pk=partner.pk) == partner
    for bad in (partner.pk + 1000, "x", None):
        with pytest.raises(Http404):
            one_or_404(PartnerInstitution.objects.all(), pk=bad)


def test_active_context_or_404_lets_only_the_named_hats_through():
    membership = MembershipFactory()
    request = _request(membership.user)
    request.active_context = ActiveContext(membership=membership, memberships=[membership])
    assert active_context_or_404(request, partner=True).partner == membership.partner
    for hats in ({"partner_admin": True}, {"consortium": True}, {"sme": True}):
        with pytest.raises(Http404):
            active_context_or_404(request, **hats)
