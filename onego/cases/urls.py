"""Case pages: the applicant's side (urls_applicant) and the staff side (urls_staff), one namespace."""

from django.urls import path

from onego.cases import urls_applicant, urls_staff, views_documents, views_receipt

app_name = "cases"

urlpatterns = [
    *urls_applicant.urlpatterns,
    *urls_staff.urlpatterns,
    path("documents/<str:number>/", views_documents.case_documents, name="documents"),
    path("documents/<str:number>/decision.pdf", views_documents.decision_pdf, name="decision_pdf"),
    path("receipt/<str:number>/", views_receipt.receipt, name="receipt"),
    path("receipt/<str:number>/pdf/", views_receipt.receipt_pdf, name="receipt_pdf"),
]
