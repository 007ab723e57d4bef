from django.urls import path

from onego.inspection import views

app_name = "inspection"
urlpatterns = [
    path("case/<str:number>/record/", views.record, name="record"),
]
