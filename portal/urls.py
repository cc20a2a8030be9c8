"""URL map (design §5). Each app and gatherer brings its own urls.py, included by its dotted
name: the root URL conf wires the project together without importing an app, so the core
imports no app or gatherer (the import-linter contracts in pyproject.toml hold without
exceptions)."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import staff_views, views
from portal.operations import health, metrics

# The Django admin is for operators (superusers) only, and its login goes through allauth
# (rate limits, second factor) instead of Django's own form.
# Replacing the admin site's methods is the point here (mypy forbids it by default).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.has_permission = (  # type: ignore[method-assign]
    lambda request: request.user.is_active and request.user.is_superuser
)

urlpatterns = [
    path("", views.home, name="home"),
    # Answered by portal.operations.health.ProbeMiddleware first; named here for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path("dashboard/", include("dashboard.urls")),
    path("profile/", views.profile, name="profile"),
    path("context/", views.switch_context, name="switch_context"),
    path("staff/", staff_views.staff_list, name="staff_list"),
    path("staff/<int:pk>/role/", staff_views.staff_role_change, name="staff_role_change"),
    path("staff/<int:pk>/remove/", staff_views.staff_remove, name="staff_remove"),
    path(
        "staff/invitations/<int:pk>/revoke/",
        staff_views.staff_invitation_revoke,
        name="staff_invitation_revoke",
    ),
    path(
        "invitations/<str:token>/",
        staff_views.staff_invitation_accept,
        name="staff_invitation_accept",
    ),
    path("consulting/", include("consulting.urls")),
    path("assessments/", include("assessments.urls")),
    path("events/", include("events.urls")),
    path("economics/", include("economics.urls")),
    path("labs/", include("labs.urls")),
    # practice serves /practice/ and /network/ (and its feed), so it is included at the root.
    path("", include("practice.urls")),
    path("reports/", include("reports.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
