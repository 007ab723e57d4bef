"""Case pages: the applicant's side (urls_applicant) and the staff side (urls_staff), one namespace."""

from onego.cases import urls_applicant, urls_staff

app_name = "cases"

urlpatterns = [*urls_applicant.urlpatterns, *urls_staff.urlpatterns]
