"""/api/v1/: each app contributes its routes from its own api_urls module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("geography/", include("tendik.geography.api_urls")),
    path("accounts/", include("tendik.accounts.api_urls")),
    path("audit/", include("tendik.audit.api_urls")),
    path("plans/", include("tendik.plans.api_urls")),
    path("consultations/", include("tendik.consultations.api_urls")),
    path("protection/", include("tendik.protection.api_urls")),
    path("participation/", include("tendik.participation.api_urls")),
    path("portal/", include("tendik.portal.api_urls")),
]
