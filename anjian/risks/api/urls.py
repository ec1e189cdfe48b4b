"""Every API route of the risks app (mounted under /api/ by the project)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from anjian.risks.api import views
from anjian.risks.stats.api import RiskDistributionViewSet

router = SimpleRouter()
router.register("risk-points", views.RiskPointViewSet)
router.register("risk-control-measures", views.ControlMeasureViewSet)
router.register("lec-factors", views.LecFactorViewSet)
router.register("ls-scales", views.LsScaleViewSet)
router.register("risk-bands", views.RiskBandViewSet)
router.register("hazard-factor-categories", views.HazardFactorCategoryViewSet)
router.register("major-hazard-criteria", views.MajorHazardCriterionListViewSet)

urlpatterns = [
    # Before the router's risk-points/<pk>/, which would take "summary" for an id.
    path(
        "risk-points/summary/",
        RiskDistributionViewSet.as_view({"get": "summary"}),
        name="riskpoint-summary",
    ),
    *router.urls,
]
