"""A partner admin's measure templates: list, new, edit (their partner's only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from economics import selectors, services
from economics.forms import TemplateForm
from economics.models import MeasureTemplate
from portal.access import active_context_or_404, one_or_404
from portal.errors import BusinessRuleError
from portal.http import SignedInRequest
from portal.models import PartnerInstitution


def _partner(request: SignedInRequest) -> PartnerInstitution:
    partner = active_context_or_404(request, partner_admin=True).partner
    if partner is None:  # a partner admin has one; says so to the type checker too
        raise Http404
    return partner


@login_required
@require_GET
def template_list(request: SignedInRequest) -> HttpResponse:
    partner = _partner(request)
    templates = selectors.managed_templates(viewer=request.user, partner_id=partner.pk)
    return render(
        request, "economics/template_list.html", {"templates": templates, "partner": partner}
    )


def _edit(request: SignedInRequest, template: MeasureTemplate | None) -> HttpResponse:
    partner = _partner(request)
    initial = TemplateForm.initial_for(template) if template else {"is_published": True}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(
                actor=request.user,
                partner=partner,
                fields=form.template_fields(),
                data=form.version_data(),
                template=template,
            )
        except BusinessRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("economics:template_list")
    return render(
        request,
        "economics/template_form.html",
        {"form": form, "template": template, "partner": partner},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: SignedInRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _partner(request)
    template = one_or_404(
        selectors.managed_templates(viewer=request.user, partner_id=partner.pk), pk=pk
    )
    return _edit(request, template)
