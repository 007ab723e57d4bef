"""/ratings/: one module of routes per part, joined here (the rating forms and the pad; work orders; figures)."""

from onego.ratings import urls_figures, urls_rate, urls_workorders

app_name = "ratings"
urlpatterns = [*urls_rate.urlpatterns, *urls_workorders.urlpatterns, *urls_figures.urlpatterns]
