"""urls_figures: see onego/ratings/urls.py."""

from django.urls import URLPattern, path

from onego.ratings import views_figures

urlpatterns: list[URLPattern] = [
    path("figures/", views_figures.figures_page, name="figures"),  # 评价统计 (staff)
    path("figures.csv", views_figures.figures_csv, name="figures_csv"),
    path("public/", views_figures.public_page, name="public"),  # 好差评公开 (everyone)
]
