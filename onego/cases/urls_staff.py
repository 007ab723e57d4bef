"""The staff pages of cases (namespace `cases`, see onego.cases.urls)."""

from django.urls import path

from onego.cases import views_staff as views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("case/<str:number>/", views.case_page, name="case"),
    path("case/<str:number>/act/", views.case_act, name="case_act"),
    path("case/<str:number>/visit/", views.case_visit, name="case_visit"),
    path("case/<str:number>/terminate/", views.case_terminate, name="case_terminate"),
    path("case/<str:number>/materials/<int:material_id>/", views.material_file, name="material_file"),
    path("case/<str:number>/signature/", views.signature_file, name="signature_file"),
    path("window/", views.window_intake, name="window_intake"),
    path("window/accept/<str:number>/", views.window_accept, name="window_accept"),
    path("board/", views.deadline_board, name="deadline_board"),
]
