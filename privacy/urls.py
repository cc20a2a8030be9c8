from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_policy, name="privacy"),
    path("imprint/", views.imprint, name="imprint"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("legal/<slug:key>/edit/", views.legal_edit, name="legal_edit"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/<int:pk>/export/", views.my_data_export, name="my_data_export"),
    path("my-data/<int:pk>/erase/", views.my_data_erase, name="my_data_erase"),
    path("audit/", views.audit_log, name="audit_log"),
]
