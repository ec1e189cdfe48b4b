"""Every API route of the hazards app (mounted under /api/ by the project)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from anjian.hazards.api import views
from anjian.hazards.reports import api as reports
from anjian.hazards.stats import api as stats

router = SimpleRouter()
router.register("hazards", views.HazardViewSet)
router.register("hazard-extensions", views.DeadlineExtensionViewSet)
router.register("hazard-listings", views.HazardListingViewSet)
router.register("hazard-notifications", views.HazardNotificationViewSet)
router.register(
    "public/hazard-reports", reports.PublicReportSubmitViewSet, basename="public-hazard-report"
)
router.register("hazard-public-reports", reports.PublicReportViewSet)

urlpatterns = [
    *router.urls,
    path(
        "hazard-statistics/",
        stats.HazardStatisticsViewSet.as_view({"get": "summary"}),
        name="hazard-statistics",
    ),
    path(
        "hazard-clearance/",
        stats.HazardClearanceViewSet.as_view({"get": "list"}),
        name="hazard-clearance-list",
    ),
    path(
        "hazard-clearance/by-region/",
        stats.HazardClearanceViewSet.as_view({"get": "by_region"}),
        name="hazard-clearance-by-region",
    ),
]
