"""The duties app's API routes (mounted under /api/ by the project)."""

from rest_framework.routers import DefaultRouter

from anjian.duties import api

router = DefaultRouter()
router.register("notices", api.NoticeViewSet)
router.register("obligations", api.ObligationViewSet)
router.register("occurrences", api.OccurrenceViewSet)
router.register("indicators", api.IndicatorViewSet)
router.register("notifications", api.NotificationViewSet)

urlpatterns = router.urls
