from django.urls import path

from events.views import calendar, check_in, feeds, manage, participation

app_name = "events"
urlpatterns = [
    path("", calendar.event_list, name="list"),
    path("archive/", calendar.event_archive, name="archive"),
    path("mine/", participation.my_workshops, name="mine"),
    path("feed/", feeds.feed_create, name="feed_create"),
    path("feed/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", feeds.feed, name="feed"),
    path("registrations/<int:pk>/", participation.registration_detail, name="registration"),
    path(
        "registrations/<int:pk>/cancel/",
        participation.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "registrations/<int:pk>/certificate/",
        participation.certificate_request,
        name="certificate_request",
    ),
    path(
        "registrations/<int:pk>/certificate.pdf",
        participation.certificate_download,
        name="certificate_download",
    ),
    path("registrations/<int:pk>/feedback/", participation.feedback, name="feedback"),
    path("manage/", manage.manage_list, name="manage"),
    path("manage/new/", manage.manage_create, name="manage_create"),
    path(
        "manage/registrations/<int:pk>/check-in/",
        check_in.manage_toggle_check_in,
        name="manage_toggle_check_in",
    ),
    path(
        "manage/registrations/<int:pk>/cancel/",
        check_in.manage_registration_cancel,
        name="manage_registration_cancel",
    ),
    path("manage/<slug:slug>/", manage.manage_detail, name="manage_detail"),
    path("manage/<slug:slug>/edit/", manage.manage_edit, name="manage_edit"),
    path("manage/<slug:slug>/publish/", manage.manage_publish, name="manage_publish"),
    path("manage/<slug:slug>/cancel/", manage.manage_cancel, name="manage_cancel"),
    path("manage/<slug:slug>/capacity/", manage.manage_capacity, name="manage_capacity"),
    path("manage/<slug:slug>/check-in/", check_in.manage_check_in, name="manage_check_in"),
    path("manage/<slug:slug>/participants.csv", check_in.manage_export, name="manage_export"),
    path("<slug:slug>/", calendar.event_detail, name="detail"),
    path("<slug:slug>/register/", calendar.register, name="register"),
    path("<slug:slug>/calendar.ics", feeds.event_ics, name="ics"),
]
