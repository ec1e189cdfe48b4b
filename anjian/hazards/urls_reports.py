"""Page routes of 群众举报.

``public_urlpatterns`` need no login (mounted at /report/, namespace ``public_reports``);
``urlpatterns`` are the handlers' pages (mounted at /hazards/reports/, ``hazard_reports``).
"""

from django.urls import path

from anjian.hazards import views_public, views_reports

public_urlpatterns = [
    path("", views_public.PublicReportView.as_view(), name="submit"),
    path("lookup/", views_public.ReceiptLookupView.as_view(), name="lookup"),
]

app_name = "hazard_reports"

urlpatterns = [
    path("", views_reports.ReportListView.as_view(), name="report_list"),
    path("<int:pk>/", views_reports.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/contact/", views_reports.ReportContactView.as_view(), name="report_contact"),
    path(
        "<int:pk>/photos/<int:photo_id>/",
        views_reports.ReportPhotoView.as_view(),
        name="report_photo",
    ),
    path("<int:pk>/accept/", views_reports.AcceptView.as_view(), name="report_accept"),
    path("<int:pk>/verify/", views_reports.VerifyView.as_view(), name="report_verify"),
    path("<int:pk>/dismiss/", views_reports.DismissView.as_view(), name="report_dismiss"),
    path("<int:pk>/reward/", views_reports.RewardView.as_view(), name="report_reward"),
]
