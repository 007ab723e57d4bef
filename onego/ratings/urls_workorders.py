"""urls_workorders: see onego/ratings/urls.py. Bad-review work orders (差评工单): the list, one order, one POST
route per step."""

from django.urls import path

from onego.ratings import views_workorders as views

urlpatterns = [
    path("orders/", views.order_list, name="work_orders"),
    path("orders/<str:number>/", views.order_page, name="work_order"),
    path("orders/<str:number>/verify/", views.verify, name="work_order_verify"),
    path("orders/<str:number>/rectify/", views.rectify, name="work_order_rectify"),
    path("orders/<str:number>/rectified/", views.rectified, name="work_order_rectified"),
    path("orders/<str:number>/callback/", views.call_back, name="work_order_callback"),
    path("orders/<str:number>/appeal/", views.appeal, name="work_order_appeal"),
    path("orders/<str:number>/appeal/decide/", views.decide_appeal, name="work_order_decide"),
]
