"""The hazards app's API routes (mounted under /api/ by the project)."""

from rest_framework.routers import SimpleRouter

from anjian.hazards import api

router = SimpleRouter()
router.register("hazards", api.HazardViewSet)
router.register("hazard-extensions", api.DeadlineExtensionViewSet)
router.register("hazard-listings", api.HazardListingViewSet)
router.register("hazard-notifications", api.HazardNotificationViewSet)

urlpatterns = router.urls
