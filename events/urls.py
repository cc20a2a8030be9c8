from django.urls import path  # noqa: F401 - the events issue adds its views here

app_name = "events"
urlpatterns: list = []
