from django.urls import path

from onego.staffstars import views

app_name = "staffstars"
urlpatterns = [
    path("", views.index, name="index"),  # the centres and their quarters
    # the hall notice: public, approved rankings only
    path("hall/", views.hall, name="hall"),
    path("hall/display/", views.hall_display, name="hall_display"),
    path("hall/<slug:code>/", views.hall, name="hall"),
    path("hall/<slug:code>/display/", views.hall_display, name="hall_display"),
    path("certificates/<int:entry_id>.pdf", views.certificate_file, name="certificate"),
    path("centre/<slug:code>/complaints/", views.complaints, name="complaints"),
    path("centre/<slug:code>/complaints/import/", views.complaints_import, name="complaints_import"),
    path(
        "centre/<slug:code>/complaints/template.xlsx", views.complaints_template, name="complaints_template"
    ),
    path("centre/<slug:code>/<str:q>/", views.ranking_page, name="ranking"),  # the draft or approved ranking
    path("centre/<slug:code>/<str:q>/sheet/", views.sheet, name="sheet"),  # the scoring sheet (GET, POST)
    path("centre/<slug:code>/<str:q>/sheet.xlsx", views.sheet_template, name="sheet_template"),
    path("centre/<slug:code>/<str:q>/import/", views.sheet_import, name="sheet_import"),
    path("centre/<slug:code>/<str:q>/approve/", views.approve, name="approve"),
]
