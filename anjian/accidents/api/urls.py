"""Every API route of the accidents app (mounted under /api/ by the project)."""

from rest_framework.routers import SimpleRouter

from anjian.accidents.api import views

router = SimpleRouter()
router.register("accident-grades", views.AccidentGradeViewSet)
router.register("accident-escalation-rules", views.EscalationRuleViewSet)
router.register("accidents", views.AccidentViewSet)
router.register("accident-investigations", views.InvestigationViewSet)
router.register("supervision-tasks", views.SupervisionTaskViewSet)
router.register("industry-warnings", views.IndustryWarningViewSet)
router.register("warning-acknowledgements", views.WarningAcknowledgementViewSet)
router.register("enterprise-sanctions", views.EnterpriseSanctionViewSet)
router.register("accident-publications", views.PublicationViewSet)

urlpatterns = router.urls
