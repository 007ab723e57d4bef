"""urls_figures: see onego/ratings/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
