from django.urls import path

from onego.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.guide_list, name="guide_list"),
    path("item/<str:code>/", views.item_guide, name="item_guide"),
    path("item/<str:code>/process.svg", views.process_svg, name="process_svg"),
    path("bundle/<slug:code>/", views.bundle_guide, name="bundle_guide"),
]
