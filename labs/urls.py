"""URLs of labs (design §5): the public directory and lab pages, trials, the partner's side."""

from django.urls import URLPattern, URLResolver, path

from labs.views import directory, manage, trials

app_name = "labs"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", directory.directory, name="directory"),
    path("trials/", trials.trial_list, name="trial_list"),
    path("trials/<int:pk>/", trials.trial_detail, name="trial_detail"),
    path("trials/<int:pk>/approve/", trials.trial_approve, name="trial_approve"),
    path("trials/<int:pk>/propose/", trials.trial_propose, name="trial_propose"),
    path("trials/<int:pk>/accept/", trials.trial_accept, name="trial_accept"),
    path("trials/<int:pk>/decline/", trials.trial_decline, name="trial_decline"),
    path("trials/<int:pk>/cancel/", trials.trial_cancel, name="trial_cancel"),
    path("trials/<int:pk>/outcome/", trials.trial_outcome, name="trial_outcome"),
    path("trials/<int:pk>/no-show/", trials.trial_no_show, name="trial_no_show"),
    path("trials/<int:pk>/calendar.ics", trials.trial_ics, name="trial_ics"),
    path("manage/", manage.lab_manage, name="manage"),
    path("manage/new/", manage.lab_edit, name="lab_create"),
    path("manage/<int:pk>/", manage.lab_edit, name="lab_edit"),
    path("manage/<int:pk>/blackouts/", manage.blackout_add, name="blackout_add"),
    path("manage/blackouts/<int:pk>/remove/", manage.blackout_remove, name="blackout_remove"),
    path("calendar/", manage.calendar, name="calendar"),
    path("feed/new/", manage.feed_create, name="feed_create"),
    path("feed/revoke/", manage.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", manage.guide_feed, name="guide_feed"),
    path("<slug:slug>/", directory.lab_detail, name="lab_detail"),
    path("<slug:slug>/request/", directory.trial_request, name="trial_request"),
]
