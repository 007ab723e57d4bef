"""The staff pages of cases (namespace `cases`, see onego.cases.urls)."""

from django.urls import path

from onego.cases import views_queue
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
    # the queue (叫号) and the hall's ticket machine (取号, public)
    path("queue/", views_queue.queue_page, name="queue"),
    path("queue/open/", views_queue.queue_open, name="queue_open"),
    path("queue/leave/", views_queue.queue_leave, name="queue_leave"),
    path("queue/call/", views_queue.queue_call, name="queue_call"),
    path("queue/done/", views_queue.queue_done, name="queue_done"),
    path("queue/no-show/", views_queue.queue_no_show, name="queue_no_show"),
    path("queue/pad-key/", views_queue.queue_pad_key, name="queue_pad_key"),
    path("ticket/<slug:centre>/", views_queue.take_ticket, name="take_ticket"),
]
