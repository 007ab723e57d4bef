from django.urls import path

from onego.archive import views

app_name = "archive"
urlpatterns = [
    path("case/<str:number>.zip", views.case_zip, name="case_zip"),
]
