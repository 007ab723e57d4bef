from django.urls import path

from onego.inspection import views

app_name = "inspection"
urlpatterns = [
    path("case/<str:number>/record/", views.record, name="record"),
    path("case/<str:number>/review/", views.review, name="review"),
    path("figures/", views.figures, name="figures"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("video/<uuid:upload_id>/", views.video_file, name="video"),
    path("video/<uuid:upload_id>/thumb/<int:index>.jpg", views.thumbnail, name="thumbnail"),
]
