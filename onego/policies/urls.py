from django.urls import path

from onego.policies import views_public, views_staff

app_name = "policies"
urlpatterns = [
    # public and enterprise pages (views_public)
    path("", views_public.catalogue, name="catalogue"),  # every published policy, filter by tags
    path("finder/", views_public.finder, name="finder"),  # 我能享受什么: the signed-in enterprise's results
    path("offers/", views_public.offers, name="offers"),  # 免申即享 offers, confirm in one click
    path("offers/<int:offer_id>/confirm/", views_public.confirm_offer, name="confirm_offer"),
    path("offers/<int:offer_id>/decline/", views_public.decline_offer, name="decline_offer"),
    path("publicity/", views_public.publicity, name="publicity"),  # 公示名单, anyone may object
    path("publicity/<int:entry_id>/object/", views_public.object_to, name="object"),
    path("p/<slug:code>/", views_public.detail, name="detail"),  # a policy's standard elements
    # policy officer pages (views_staff)
    path("manage/", views_staff.manage, name="manage"),  # policies, matching runs
    path("manage/run/", views_staff.start_run, name="start_run"),
    path("manage/runs/<int:run_id>/", views_staff.run_detail, name="run_detail"),
    path(
        "manage/runs/<int:run_id>/progress/", views_staff.run_progress, name="run_progress"
    ),  # HTMX fragment
    path("manage/cases/<str:number>/", views_staff.policy_case, name="policy_case"),  # assessment, publicity
    path("manage/objections/<int:objection_id>/", views_staff.handle_objection, name="handle_objection"),
    path("payouts/", views_staff.payouts, name="payouts"),  # pending payments, batches, totals
    path("payouts/batches/new/", views_staff.create_batch, name="create_batch"),
    path("payouts/batches/<int:batch_id>/", views_staff.batch_detail, name="batch_detail"),
    path("payouts/batches/<int:batch_id>/approve/", views_staff.approve_batch, name="approve_batch"),
    path("payouts/batches/<int:batch_id>/bank-file/", views_staff.bank_file, name="bank_file"),
    path("payouts/batches/<int:batch_id>/reconcile/", views_staff.reconcile, name="reconcile"),
]
