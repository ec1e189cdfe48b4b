"""API routes of 群众举报 (mounted under /api/ by the project)."""

from rest_framework.routers import SimpleRouter

from anjian.hazards import api_reports

router = SimpleRouter()
router.register(
    "public/hazard-reports", api_reports.PublicReportSubmitViewSet, basename="public-hazard-report"
)
router.register("hazard-public-reports", api_reports.PublicReportViewSet)

urlpatterns = router.urls
