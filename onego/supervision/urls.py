from django.urls import path

from onego.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.spot_checks, name="spot_checks"),  # 双随机抽查: matters, my checks, draws
    path("draws/new/", views.new_draw, name="new_draw"),  # a supervisor draws
    path("draws/<str:number>/", views.draw_page, name="draw"),  # the draw with its log and checks
    path("checks/<int:check_id>/", views.check_page, name="check"),  # one check; its inspectors record
    path("public/", views.public, name="public"),  # 一公开: draws and results
    path("public/<str:number>/", views.public_draw, name="public_draw"),
    path("public/<str:number>/inputs.json", views.draw_inputs, name="draw_inputs"),
]
