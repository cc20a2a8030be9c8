from django.urls import path

from consulting import views

app_name = "consulting"
urlpatterns = [
    path("colleagues/invite/", views.invite_colleague, name="invite_colleague"),
    path("join/<str:token>/", views.join_company, name="join_company"),
]
