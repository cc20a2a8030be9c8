"""Tenancy fails closed: no scope raises, each scope sees its own rows, exits are explicit."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory

from consulting.models import Company, CompanyMember, Contact
from portal import tenancy
from portal.middleware import TenancyMiddleware
from portal.models import AuditEntry, PartnerInstitution, User
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    CompanyShareFactory,
    ContactFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"portal", "consulting", "assessments", "events"}
# Models with a tenant column that are deliberately not scoped, and why.
NOT_SCOPED = {
    "portal.membership": "read by the middleware to find the scope; views filter by active partner",
}


def _owned_by_tenant(model: type[models.Model]) -> bool:
    """A model is partner-owned if it points at a partner or at another scoped model."""
    for field in model._meta.get_fields():
        if not (field.is_relation and field.many_to_one and field.concrete):
            continue
        target = field.related_model
        if target is PartnerInstitution or tenancy.is_scoped(target):
            return True
    return False


def _project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_partner_owned_model_is_scoped_as_default_and_base_manager():
    unscoped_owned = [
        m._meta.label_lower
        for m in _project_models()
        if _owned_by_tenant(m)
        and not tenancy.is_scoped(m)
        and m._meta.label_lower not in NOT_SCOPED
    ]
    assert unscoped_owned == []


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if tenancy.is_scoped(m)], ids=lambda m: m._meta.label
)
def test_scoped_model_raises_without_a_scope(model):
    with pytest.raises(tenancy.ScopeError):
        model.objects.count()
    with pytest.raises(tenancy.ScopeError):
        list(model.objects.all())
    with pytest.raises(tenancy.ScopeError):
        model.objects.filter(pk=1).exists()
    with pytest.raises(tenancy.ScopeError):
        model.objects.filter(pk=1).update()
    with pytest.raises(tenancy.ScopeError):
        model.objects.filter(pk=1).delete()


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if tenancy.is_scoped(m)], ids=lambda m: m._meta.label
)
@pytest.mark.parametrize("kind", list(tenancy.ScopeKind))
def test_scoped_model_answers_every_scope_kind(model, kind):
    scope = tenancy.Scope(kind, partner_id=1 if kind is tenancy.ScopeKind.PARTNER else None)
    with tenancy.activate(scope):
        assert model.objects.count() == 0


def test_scoped_model_says_what_anonymous_sees():
    from django.contrib.auth.models import AnonymousUser

    for model in (m for m in apps.get_models() if tenancy.is_scoped(m)):
        assert list(model.objects.visible_to(AnonymousUser())) == []


def test_queryset_built_without_scope_stays_closed_when_evaluated_later():
    company = CompanyFactory()
    early = Company.objects.filter(pk=company.pk)  # e.g. a class-level form choice
    with tenancy.partner_scope(company.lead_partner), pytest.raises(tenancy.ScopeError):
        list(early)


def test_partner_scope_sees_own_and_shared_companies_only():
    own = CompanyFactory()
    partner = own.lead_partner
    other = CompanyFactory()
    shared = CompanyShareFactory(partner=partner).company
    revoked = CompanyShareFactory(partner=partner, revoked_at="2026-01-01T00:00Z").company
    with tenancy.partner_scope(partner):
        assert set(Company.objects.all()) == {own, shared}
        assert not Company.objects.filter(pk__in=[other.pk, revoked.pk]).exists()


def test_following_a_foreign_key_is_scoped():
    contact = ContactFactory()
    stranger = PartnerFactory()
    with tenancy.partner_scope(contact.company.lead_partner):
        assert Contact.objects.get(pk=contact.pk).company == contact.company
    with tenancy.partner_scope(stranger):
        assert not Contact.objects.filter(pk=contact.pk).exists()
    with tenancy.unscoped("load the row as system code"):
        loaded = Contact.objects.get(pk=contact.pk)
    with tenancy.partner_scope(stranger), pytest.raises(Company.DoesNotExist):
        _ = loaded.company  # the base manager is scoped too


def test_company_scope_sees_only_its_company():
    member = CompanyMemberFactory()
    CompanyFactory()
    with tenancy.company_scope(member.company_id):
        assert list(Company.objects.all()) == [member.company]
    with tenancy.company_scope(None):
        assert Company.objects.count() == 0


def test_public_scope_sees_no_company():
    CompanyFactory()
    with tenancy.public_scope():
        assert Company.objects.count() == 0


def test_unscoped_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        tenancy.unscoped("  ")


def test_scope_is_reset_after_an_exception():
    partner = PartnerFactory()
    with pytest.raises(RuntimeError), tenancy.partner_scope(partner):
        raise RuntimeError("boom")
    assert tenancy.active_scope() is None


def test_consortium_scope_requires_the_role():
    with pytest.raises(PermissionDenied):
        tenancy.consortium_scope(UserFactory(), purpose="figures").__enter__()


def test_consortium_scope_sees_all_and_writes_an_audit_entry():
    admin = UserFactory(is_consortium_admin=True)
    CompanyFactory.create_batch(2)
    with tenancy.consortium_scope(admin, purpose="quarterly figures"):
        assert Company.objects.count() == 2
    with tenancy.unscoped("read the audit log in a test"):
        entry = AuditEntry.objects.get(action="portal.consortium_scope.entered")
    assert entry.actor == admin
    assert entry.data == {"purpose": "quarterly figures"}


class TestVisibleTo:
    def test_works_without_any_scope(self):
        member = CompanyMemberFactory()
        assert list(Company.objects.visible_to(member.user)) == [member.company]

    def test_consultant_sees_lead_and_shared_companies(self):
        membership = MembershipFactory()
        own = CompanyFactory(lead_partner=membership.partner)
        shared = CompanyShareFactory(partner=membership.partner).company
        CompanyFactory()
        assert set(Company.objects.visible_to(membership.user)) == {own, shared}

    def test_is_intersected_with_the_active_scope(self):
        first = MembershipFactory()
        second = MembershipFactory(user=first.user)
        in_first = CompanyFactory(lead_partner=first.partner)
        in_second = CompanyFactory(lead_partner=second.partner)
        assert set(Company.objects.visible_to(first.user)) == {in_first, in_second}
        with tenancy.partner_scope(second.partner):
            assert list(Company.objects.visible_to(first.user)) == [in_second]

    def test_sme_user_sees_own_company_and_colleagues_only(self):
        member = CompanyMemberFactory()
        colleague = CompanyMemberFactory(company=member.company)
        CompanyMemberFactory()
        assert set(CompanyMember.objects.visible_to(member.user)) == {member, colleague}

    def test_consortium_admin_sees_unrouted_companies_not_partner_records(self):
        admin = UserFactory(is_consortium_admin=True)
        unrouted = CompanyFactory(lead_partner=None)
        CompanyFactory()
        assert list(Company.objects.visible_to(admin)) == [unrouted]

    def test_inactive_user_sees_nothing(self):
        member = CompanyMemberFactory(user=UserFactory(is_active=False))
        assert not Company.objects.visible_to(member.user).exists()


class TestMiddleware:
    def _request(self, user: User):
        request = RequestFactory().get("/somewhere/")
        request.user = user
        request.session = {}
        return request

    def test_template_response_is_rendered_inside_the_scope(self):
        member = CompanyMemberFactory()
        template = engines["django"].from_string("{% for c in companies %}{{ c.name }}{% endfor %}")

        def view(request):
            # Lazy: the queryset is evaluated only when the template renders.
            response = TemplateResponse(request, template, {"companies": Company.objects.all()})
            response.template_name = template
            return response

        response = TenancyMiddleware(view)(self._request(member.user))
        assert response.content.decode() == member.company.name
        assert tenancy.active_scope() is None

    def test_scope_is_reset_when_the_view_raises(self):
        membership = MembershipFactory()

        def view(request):
            assert tenancy.active_scope().partner_id == membership.partner_id
            raise RuntimeError("view failed")

        with pytest.raises(RuntimeError):
            TenancyMiddleware(view)(self._request(membership.user))
        assert tenancy.active_scope() is None

    def test_anonymous_gets_the_public_scope(self):
        from django.contrib.auth.models import AnonymousUser

        seen = {}

        def view(request):
            seen["scope"] = tenancy.active_scope()
            return HttpResponse("ok")

        TenancyMiddleware(view)(self._request(AnonymousUser()))
        assert seen["scope"].kind is tenancy.ScopeKind.PUBLIC


class TestScopedTask:
    def test_runs_inside_the_owners_scope_and_resets(self):
        from celery import shared_task

        from portal.tasking import ScopedTask

        company = CompanyFactory()
        seen = {}

        @shared_task(base=ScopedTask, scope_model="consulting.Company", scope_arg="company_id")
        def probe(*, company_id: int) -> None:
            seen["scope"] = tenancy.active_scope()
            seen["names"] = list(Company.objects.values_list("name", flat=True))

        CompanyFactory()  # another partner's company must stay invisible
        probe.delay(company_id=company.pk)
        assert seen["scope"].partner_id == company.lead_partner_id
        assert seen["names"] == [company.name]
        assert tenancy.active_scope() is None

    def test_missing_row_is_a_no_op(self):
        from portal.tasks import deliver_staff_invitation

        assert deliver_staff_invitation.delay(invitation_id=987654).get() is None

    def test_requires_the_id_as_keyword(self):
        from portal.tasks import deliver_staff_invitation

        with pytest.raises(TypeError, match="positional"):
            deliver_staff_invitation.delay(1)


class TestViewHelpers:
    def test_get_visible_or_404_answers_404_for_another_tenant(self):
        from django.http import Http404

        from portal.access import get_visible_or_404

        membership = MembershipFactory()
        own = CompanyFactory(lead_partner=membership.partner)
        foreign = CompanyFactory()
        assert get_visible_or_404(Company, membership.user, pk=own.pk) == own
        for lookup in ({"pk": foreign.pk}, {"pk": 999999}, {"pk": "not-a-number"}):
            with pytest.raises(Http404):
                get_visible_or_404(Company, membership.user, **lookup)

    def test_visible_objects_mixin_builds_the_queryset_from_the_selector(self):
        from django.views.generic import DetailView

        from portal.access import VisibleObjectsMixin

        class CompanyView(VisibleObjectsMixin, DetailView):
            model = Company

        membership = MembershipFactory()
        own = CompanyFactory(lead_partner=membership.partner)
        CompanyFactory()
        view = CompanyView()
        view.request = RequestFactory().get("/")
        view.request.user = membership.user
        assert list(view.get_queryset()) == [own]
