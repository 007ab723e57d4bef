from django.urls import URLPattern

app_name = "staffstars"
urlpatterns: list[URLPattern] = []
