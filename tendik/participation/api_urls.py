"""/api/v1/participation/: each sub-domain registers its viewsets on this router."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

from tendik.participation.api import vawp  # noqa: E402

urlpatterns = router.urls
urlpatterns += vawp.urlpatterns
