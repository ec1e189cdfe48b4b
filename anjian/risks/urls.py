"""Every page route of the risks app: the register and 四色分布, with their own prefix and
namespace. Mounted at the site root by the project."""

from django.urls import include, path

from anjian.core.imports.views import import_urls
from anjian.risks import views
from anjian.risks.sheets import RISK_POINTS
from anjian.risks.stats import views as stats

register = [
    path("", views.RiskPointListView.as_view(), name="riskpoint_list"),
    path("new/", views.RiskPointCreateView.as_view(), name="riskpoint_create"),
    path("export/", views.RiskPointExportView.as_view(), name="riskpoint_export"),
    *import_urls(RISK_POINTS),
    path("distribution/", stats.DistributionView.as_view(), name="distribution"),
    path("assess-preview/", views.AssessmentPreviewView.as_view(), name="assess_preview"),
    path("<int:pk>/", views.RiskPointDetailView.as_view(), name="riskpoint_detail"),
    path("<int:pk>/edit/", views.RiskPointEditView.as_view(), name="riskpoint_update"),
    path("<int:pk>/reassess/", views.ReassessView.as_view(), name="riskpoint_reassess"),
    path("<int:pk>/deactivate/", views.DeactivateView.as_view(), name="riskpoint_deactivate"),
    path("<int:pk>/measures/new/", views.MeasureAddView.as_view(), name="measure_add"),
    path(
        "<int:pk>/measures/<int:measure_id>/remove/",
        views.MeasureRemoveView.as_view(),
        name="measure_remove",
    ),
]

urlpatterns = [path("risks/", include((register, "risks")))]
