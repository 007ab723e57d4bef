from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from onego.config.api import api

if settings.ONEGO_ADMIN_REQUIRES_OTP:
    from django_otp.admin import OTPAdminSite

    admin.site.__class__ = OTPAdminSite
admin.site.site_header = "白云区一网通办 OneGo 管理后台"
admin.site.site_title = "OneGo"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("guides/", include("onego.catalog.urls")),
    path("cases/", include("onego.cases.urls")),
    path("licences/", include("onego.certificates.urls")),
    path("archive/", include("onego.archive.urls")),
    path("inspection/", include("onego.inspection.urls")),
    path("policies/", include("onego.policies.urls")),
    path("robots/", include("onego.robots.urls")),
    path("prereview/", include("onego.prereview.urls")),
    path("ratings/", include("onego.ratings.urls")),
    path("stars/", include("onego.staffstars.urls")),
    path("supervision/", include("onego.supervision.urls")),
    path("stats/", include("onego.stats.urls")),
    path("", include("onego.portal.urls")),
]

handler403 = "onego.portal.views.error_403"
handler404 = "onego.portal.views.error_404"
handler500 = "onego.portal.views.error_500"
