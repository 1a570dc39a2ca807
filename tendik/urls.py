from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from tendik.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("tendik.accounts.urls")),
    path("territories/", include("tendik.geography.urls")),
    path("audit/", include("tendik.audit.urls")),
    path("files/", include("tendik.jobs.urls")),
    path("plans/", include("tendik.plans.urls")),
    path("consultations/", include("tendik.consultations.urls")),
    path("protection/", include("tendik.protection.urls")),
    path("participation/", include("tendik.participation.urls")),
    path("api/v1/", include("tendik.api.urls")),
    # The portal (front page, task home, dashboards, public pages) reads every module; lower layers reverse "home".
    path("", include("tendik.portal.urls")),
    path("", include("tendik.core.urls")),
]

# Uploaded files are never served from /media/, in any mode: each is streamed by a view that checks permission
# (plans:evidence, consultations:attachment, jobs:download ...).
