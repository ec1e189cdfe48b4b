"""The hazards app's pages (mounted under /hazards/)."""

from django.urls import path

from anjian.hazards import views

app_name = "hazards"

urlpatterns = [
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
