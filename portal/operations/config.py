"""Settings that depend on the environment in more than one line, as plain functions.

portal/settings.py calls these; they import nothing of Django's settings, so they can be
tested with any environment.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis' default `databases 16`: numbers 0-15


class ConfigurationError(ValueError):
    """A setting from the environment cannot work; the message says which and why."""


def redis_db(url: str) -> int:
    """The database number of a redis:// URL (its path, `/0` when missing)."""
    path = urlsplit(url).path.strip("/")
    if not path:
        return 0
    if not path.isdigit():
        raise ConfigurationError(f"Redis URL {_safe(url)}: the path must be a database number")
    return int(path)


def with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def broker_url_for(redis_url: str, explicit: str = "") -> str:
    """The broker's URL: CELERY_BROKER_URL if given, else a neighbour of REDIS_URL's database.

    The cache (REDIS_URL) and the broker must not share a database: a cache clear (FLUSHDB)
    would drop the queued tasks. The neighbour is the next database, or the previous one for
    the last (15): CI runs on database 15, so "+1" alone would name a database Redis lacks.
    """
    if explicit:
        if explicit.startswith(("redis://", "rediss://")) and _same_database(explicit, redis_url):
            raise ConfigurationError(
                "CELERY_BROKER_URL names the same Redis database as REDIS_URL (the cache): "
                "a cache clear would drop the queued tasks. Give the broker its own database."
            )
        return explicit
    db = redis_db(redis_url)
    if not 0 <= db < REDIS_DATABASES:
        raise ConfigurationError(f"REDIS_URL {_safe(redis_url)}: Redis has databases 0-15 only")
    return with_redis_db(redis_url, db + 1 if db < REDIS_DATABASES - 1 else db - 1)


def _same_database(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    where_a = (pa.hostname, pa.port or 6379, redis_db(a))
    return where_a == (pb.hostname, pb.port or 6379, redis_db(b))


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def default_storage_from_env(env: Any) -> dict[str, Any]:
    """STORAGES["default"]: the filesystem under MEDIA_ROOT, or S3-compatible object storage.

    Object storage is on when AWS_STORAGE_BUCKET_NAME is set (django-storages' own variable
    names, so its documentation applies). Files are private: no ACL, signed URLs only (none
    are handed out today, downloads go through the views that check the scope), never
    overwritten, addressed by path (MinIO and most S3 services accept that).
    """
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "location": env.str("AWS_LOCATION", default=""),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        "file_overwrite": False,
        # django-storages reads addressing and signature from here once a client_config is
        # given. A hung store must not hold a web worker or the readiness probe for boto's 60 s.
        "client_config": Config(
            signature_version="s3v4",
            s3={"addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path")},
            connect_timeout=3,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """One line per record on stderr; JSON (with the request id) in production."""
    formatter = "json" if json else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.operations.observability.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "portal.operations.observability.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Our access log (portal.operations.observability) replaces gunicorn's.
            "django.server": {"level": "WARNING"},
            "gunicorn.access": {"level": "WARNING"},
        },
    }
