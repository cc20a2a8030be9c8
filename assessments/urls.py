from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.result, name="result"),
    path("<int:pk>/step/<int:step>/", views.answer, name="answer"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/report/", views.report_request, name="report_request"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
