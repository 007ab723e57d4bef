from django.urls import path

from onego.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),  # 数据看板
    path("export/<slug:key>.xlsx", views.export, name="export"),  # one table as Excel
]
