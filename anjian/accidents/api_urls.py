"""The accidents app's API routes (mounted under /api/ by the project)."""

from rest_framework.routers import SimpleRouter

from anjian.accidents import api, api_followup, api_investigations, api_reference

router = SimpleRouter()
router.register("accident-grades", api_reference.AccidentGradeViewSet)
router.register("accident-escalation-rules", api_reference.EscalationRuleViewSet)
router.register("accidents", api.AccidentViewSet)
router.register("accident-investigations", api_investigations.InvestigationViewSet)
router.register("supervision-tasks", api_investigations.SupervisionTaskViewSet)
router.register("industry-warnings", api_followup.IndustryWarningViewSet)
router.register("warning-acknowledgements", api_followup.WarningAcknowledgementViewSet)
router.register("enterprise-sanctions", api_followup.EnterpriseSanctionViewSet)
router.register("accident-publications", api_followup.PublicationViewSet)

urlpatterns = router.urls
