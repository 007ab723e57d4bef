from django.urls import path

from onego.prereview import views

app_name = "prereview"
urlpatterns = [
    path("", views.queue, name="queue"),  # 待复核: pre-reviewed claims by risk
    path("figures/", views.figures_page, name="figures"),  # 预审数据
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("<int:claim_id>/", views.claim_page, name="claim"),  # a card per person
    path("<int:claim_id>/decide/", views.decide, name="decide"),  # one person: confirm or override
    path("<int:claim_id>/confirm-all/", views.confirm_all, name="confirm_all"),
    path("<int:claim_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
