"""The applicant's case pages and the public progress query (namespace `cases`, see onego.cases.urls)."""

from django.urls import path

from onego.cases import views_applicant as views

urlpatterns = [
    path("apply/item/<str:code>/", views.apply_item, name="apply_item"),
    path("apply/bundle/<slug:code>/", views.apply_bundle, name="apply_bundle"),
    path("apply/done/<uuid:key>/", views.apply_done, name="apply_done"),
    path("mine/", views.my_cases, name="my_cases"),
    path("mine/<str:number>/", views.my_case, name="my_case"),
    path("mine/<str:number>/correct/", views.correct, name="correct"),
    path("mine/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("mine/<str:number>/generated/<int:material_id>/", views.generated_file, name="generated_file"),
    path("progress/", views.progress, name="progress"),
]
