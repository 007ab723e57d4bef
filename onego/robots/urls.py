from django.urls import path

from onego.robots import views

app_name = "robots"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:robot_id>/run/", views.run_now, name="run_now"),
    path("<int:robot_id>/switch/", views.kill_switch, name="kill_switch"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("items/<int:item_id>/retry/", views.retry_item, name="retry_item"),
    path("items/<int:item_id>/screenshot/", views.item_screenshot, name="item_screenshot"),
    path("items/<int:item_id>/html/", views.item_html, name="item_html"),
    path("writebacks/<int:writeback_id>/resolve/", views.resolve, name="resolve"),
]
