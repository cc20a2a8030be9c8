from django.urls import path  # noqa: F401 - views follow

app_name = "privacy"
urlpatterns: list = []
