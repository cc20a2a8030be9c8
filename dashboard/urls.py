from django.urls import path

from dashboard.views import dashboard
from dashboard.week import my_week, my_week_ics

# No app namespace: the dashboard is reversed as "dashboard" everywhere.
urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("week/", my_week, name="my_week"),
    path("week.ics", my_week_ics, name="my_week_ics"),
]
