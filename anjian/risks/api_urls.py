"""The risks app's API routes (mounted under /api/ by the project)."""

from rest_framework.routers import SimpleRouter

from anjian.risks import api, api_reference

router = SimpleRouter()
router.register("lec-factors", api_reference.LecFactorViewSet)
router.register("ls-scales", api_reference.LsScaleViewSet)
router.register("risk-bands", api_reference.RiskBandViewSet)
router.register("hazard-factor-categories", api_reference.HazardFactorCategoryViewSet)
router.register("major-hazard-criteria", api_reference.MajorHazardCriterionListViewSet)
router.register("risk-points", api.RiskPointViewSet)
router.register("risk-control-measures", api.ControlMeasureViewSet)

urlpatterns = router.urls
