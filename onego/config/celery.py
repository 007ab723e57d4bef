"""The Celery application. Tasks live in each app's tasks.py and have explicit names."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")

app = Celery("onego")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
