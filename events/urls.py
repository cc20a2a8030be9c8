from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("archive/", views.event_archive, name="archive"),
    path("mine/", views.my_workshops, name="mine"),
    path("feed/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registrations/<int:pk>/certificate/",
        views.certificate_request,
        name="certificate_request",
    ),
    path(
        "registrations/<int:pk>/certificate.pdf",
        views.certificate_download,
        name="certificate_download",
    ),
    path("registrations/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("manage/", views.manage_list, name="manage"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path(
        "manage/registrations/<int:pk>/check-in/",
        views.manage_toggle_check_in,
        name="manage_toggle_check_in",
    ),
    path(
        "manage/registrations/<int:pk>/cancel/",
        views.manage_registration_cancel,
        name="manage_registration_cancel",
    ),
    path("manage/<slug:slug>/", views.manage_detail, name="manage_detail"),
    path("manage/<slug:slug>/edit/", views.manage_edit, name="manage_edit"),
    path("manage/<slug:slug>/publish/", views.manage_publish, name="manage_publish"),
    path("manage/<slug:slug>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("manage/<slug:slug>/capacity/", views.manage_capacity, name="manage_capacity"),
    path("manage/<slug:slug>/check-in/", views.manage_check_in, name="manage_check_in"),
    path("manage/<slug:slug>/participants.csv", views.manage_export, name="manage_export"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
]
