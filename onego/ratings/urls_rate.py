"""urls_rate: see onego/ratings/urls.py. The pad and the token link need no login (the key, the token); the
case form is the signed-in applicant's."""

from django.urls import path

from onego.ratings import views_rate

urlpatterns = [
    path("pad/<str:key>/", views_rate.pad_page, name="pad"),
    path("pad/<str:key>/state/", views_rate.pad_state, name="pad_state"),
    path("pad/<str:key>/rate/", views_rate.pad_rate, name="pad_rate"),
    path("r/<str:token>/", views_rate.rate, name="rate"),
    path("case/<str:number>/", views_rate.rate_case, name="rate_case"),
]
