from django.urls import path

from onego.certificates import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("v/<str:identifier>/", views.verify_link, name="verify_link"),
    path("mine/", views.my_licences, name="my_licences"),
    path("issued/", views.issued, name="issued"),
    path("public/", views.public_register, name="public_register"),
    path("<str:identifier>/revoke/", views.revoke, name="revoke"),
    path("<str:identifier>.pdf", views.licence_pdf, name="pdf"),
]
