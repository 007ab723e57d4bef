"""OneGo (一次办好): a one-stop government service platform."""

from onego.config.celery import app as celery_app

__all__ = ["celery_app"]
