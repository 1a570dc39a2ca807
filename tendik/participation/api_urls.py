"""/api/v1/participation/: each sub-domain registers its viewsets on this router."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
