"""URL map (design §5). Each app brings its own urls.py."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import staff_views, views
from portal.dashboard.views import dashboard

# The Django admin is for operators (superusers) only, and its login goes through allauth
# (rate limits, second factor) instead of Django's own form.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner_detail"),
    path("dashboard/", dashboard, name="dashboard"),
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
    path("reports/", include("portal.reports.urls")),
    path("", include("portal.privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
