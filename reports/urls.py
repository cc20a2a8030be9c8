from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("pdf/", views.pdf_request, name="pdf_request"),
    path("pdf/<int:pk>/status/", views.pdf_status, name="pdf_status"),
    path("pdf/<int:pk>/download/", views.pdf_download, name="pdf_download"),
]
