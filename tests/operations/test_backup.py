"""The restore drill: seed, back up, drop everything, restore; the data and the figures are back."""

from __future__ import annotations

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from portal.models import User
from portal.tenancy import unscoped
from reports.forms import Period
from reports.selectors import report_for

pytestmark = pytest.mark.django_db(transaction=True)


def _table_digests() -> dict[str, str]:
    digests = {}
    with unscoped("test: read every table"):
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            rows = model._base_manager.order_by("pk").values_list()
            digests[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def _figures() -> list:
    with unscoped("test: find the demo consortium admin"):
        admin = User.objects.get(email="admin@m40.example")
    period = Period(date(2020, 1, 1), date(2030, 12, 31), "drill")
    report = report_for(viewer=admin, period=period, consortium=True, partner=None)
    return [(table.slug, table.rows) for table in report.tables]


def _drop_everything() -> None:
    if connection.vendor == "postgresql":
        # As the tables' owner (the suite's connection acts as the app's role, which may not).
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
            password=db["PASSWORD"] or None, dbname=db["NAME"], autocommit=True,
        ) as owner:  # fmt: skip
            tables = owner.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            for (table,) in tables:
                owner.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    else:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE "{table}"')
    for name in _media():
        default_storage.delete(name)


def _media(folder: str = "") -> dict[str, bytes]:
    """Every file of the store and its content."""
    folders, files = default_storage.listdir(folder) if default_storage.exists(folder) else ([], [])
    found = {}
    for name in files:
        path = f"{folder}/{name}" if folder else name
        with default_storage.open(path, "rb") as handle:
            found[path] = handle.read()
    for sub in folders:
        found.update(_media(f"{folder}/{sub}" if folder else sub))
    return found


def test_restore_drill(tmp_path, settings):
    """On the test run's database: PostgreSQL (pg_dump/pg_restore) in CI, SQLite without it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    pdf = b"%PDF-1.7 drill " + bytes(range(256))
    default_storage.save("drill/report-1.pdf", ContentFile(pdf))
    figures = _figures()
    tables = _table_digests()
    media = _media()
    assert figures
    assert "drill/report-1.pdf" in media

    out = StringIO()
    call_command("backup", "--to", str(tmp_path / "backup"), stdout=out)
    assert f"{len(media)} media file(s)" in out.getvalue()

    _drop_everything()
    assert _media() == {}

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=out)
    assert "every table has its rows back" in out.getvalue()
    assert _table_digests() == tables
    assert _media() == media
    assert _figures() == figures


def test_restore_asks_for_confirmation_and_changes_nothing(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path))


def test_restore_of_a_folder_without_a_backup_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(tmp_path), "--yes")


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--to", str(tmp_path))
