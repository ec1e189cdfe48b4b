"""Every page route of the hazards app: the ledger, public reports (the handlers' pages and
the public's no-login pages) and statistics. Mounted at the site root by the project."""

from django.urls import include, path

from anjian.hazards import views
from anjian.hazards.reports import public
from anjian.hazards.reports import views as reports
from anjian.hazards.stats import views as stats

ledger = [
    path("", views.HazardListView.as_view(), name="hazard_list"),
    path("new/", views.HazardReportView.as_view(), name="hazard_create"),
    path("export/", views.HazardExportView.as_view(), name="hazard_export"),
    path("<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("<int:pk>/assign/", views.HazardAssignView.as_view(), name="hazard_assign"),
    path("<int:pk>/start/", views.HazardStartView.as_view(), name="hazard_start"),
    path("<int:pk>/submit/", views.HazardSubmitView.as_view(), name="hazard_submit"),
    path("<int:pk>/close/", views.HazardCloseView.as_view(), name="hazard_close"),
    path("<int:pk>/return/", views.HazardReturnView.as_view(), name="hazard_return"),
    path("<int:pk>/level/", views.HazardReclassifyView.as_view(), name="hazard_reclassify"),
    path("<int:pk>/extension/", views.ExtensionRequestView.as_view(), name="extension_request"),
    path("<int:pk>/double-report/", views.DoubleReportView.as_view(), name="double_report"),
    path("<int:pk>/list/", views.ListingView.as_view(), name="hazard_listing"),
    path(
        "extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension_decide"
    ),
    path("photos/<int:pk>/", views.HazardPhotoView.as_view(), name="photo"),
]

handling = [
    path("", reports.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/contact/", reports.ReportContactView.as_view(), name="report_contact"),
    path("<int:pk>/photos/<int:photo_id>/", reports.ReportPhotoView.as_view(), name="report_photo"),
    path("<int:pk>/accept/", reports.AcceptView.as_view(), name="report_accept"),
    path("<int:pk>/verify/", reports.VerifyView.as_view(), name="report_verify"),
    path("<int:pk>/dismiss/", reports.DismissView.as_view(), name="report_dismiss"),
    path("<int:pk>/reward/", reports.RewardView.as_view(), name="report_reward"),
]

statistics = [
    path("", stats.StatisticsView.as_view(), name="statistics"),
    path("export/", stats.StatisticsExportView.as_view(), name="statistics_export"),
    path("clearance/", stats.ClearanceView.as_view(), name="clearance"),
    path("clearance/export/", stats.ClearanceExportView.as_view(), name="clearance_export"),
]

# No login: 群众举报 and the receipt lookup.
anyone = [
    path("", public.PublicReportView.as_view(), name="submit"),
    path("lookup/", public.ReceiptLookupView.as_view(), name="lookup"),
]

urlpatterns = [
    path("hazards/stats/", include((statistics, "hazard_stats"))),
    path("hazards/reports/", include((handling, "hazard_reports"))),
    path("hazards/", include((ledger, "hazards"))),
    path("report/", include((anyone, "public_reports"))),
]
