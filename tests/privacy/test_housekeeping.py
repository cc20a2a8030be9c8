"""The daily housekeeping job (issue #11): expired sessions are deleted (Django never does it by
itself, and they hold who was signed in), and so are sign-ups never confirmed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.celery import app as celery_app
from privacy import tasks


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["account_login_email"] = "someone@firma.example"
    store.set_expiry(expires_in)
    store.create()
    if expires_in.total_seconds() < 0:  # create() refuses nothing: move it into the past
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() + expires_in
        )
    return store.session_key


def test_expired_sessions_are_deleted_and_live_ones_kept(db):
    expired, live = session(timedelta(days=-1)), session(timedelta(days=1))
    tasks.housekeeping()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live


def test_the_job_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["privacy.housekeeping"]
    assert entry["task"] == "privacy.housekeeping"
    assert entry["schedule"] <= 24 * 60 * 60
