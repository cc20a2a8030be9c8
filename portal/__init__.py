"""Portal 4.0 project package and the core every app uses."""

from portal.celery import app as celery_app

__all__ = ["celery_app"]
