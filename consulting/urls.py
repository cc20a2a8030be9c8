from django.urls import path

from consulting.views import accounts, booking, inbox, records, sessions

app_name = "consulting"
urlpatterns = [
    path("colleagues/invite/", accounts.invite_colleague, name="invite_colleague"),
    path("join/<str:token>/", accounts.join_company, name="join_company"),
    path("companies/", records.company_list, name="company_list"),
    path("companies/import/", records.company_import, name="company_import"),
    path("companies/mine/", records.my_company, name="my_company"),
    path("companies/<int:pk>/", records.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", records.company_edit, name="company_edit"),
    path("companies/<int:pk>/contacts/new/", records.contact_edit, name="contact_create"),
    path(
        "companies/<int:pk>/contacts/<int:contact_pk>/",
        records.contact_edit,
        name="contact_edit",
    ),
    path("companies/<int:pk>/share/", records.company_share, name="company_share"),
    path(
        "companies/<int:pk>/shares/<int:share_pk>/revoke/",
        records.share_revoke,
        name="share_revoke",
    ),
    path("slots/", booking.slot_list, name="slot_list"),
    path("slots/<int:pk>/withdraw/", booking.slot_withdraw, name="slot_withdraw"),
    path("book/", booking.book, name="book"),
    path("requests/", inbox.request_list, name="request_list"),
    path("requests/<int:pk>/", inbox.request_detail, name="request_detail"),
    path("requests/<int:pk>/assign/", inbox.request_assign, name="request_assign"),
    path("requests/<int:pk>/schedule/", inbox.request_schedule, name="request_schedule"),
    path("requests/<int:pk>/decline/", inbox.request_decline, name="request_decline"),
    path("requests/<int:pk>/route/", inbox.request_route, name="request_route"),
    path("requests/<int:pk>/cancel/", inbox.request_cancel, name="request_cancel"),
    path("requests/<int:pk>/reschedule/", inbox.request_reschedule, name="request_reschedule"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("follow-ups/<int:pk>/done/", sessions.follow_up_done, name="follow_up_done"),
]
