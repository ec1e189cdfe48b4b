"""Every API route of the duties app (mounted under /api/ by the project)."""

from rest_framework.routers import DefaultRouter

from anjian.duties.api import views

router = DefaultRouter()
router.register("notices", views.NoticeViewSet)
router.register("obligations", views.ObligationViewSet)
router.register("occurrences", views.OccurrenceViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("notifications", views.NotificationViewSet)

urlpatterns = router.urls
