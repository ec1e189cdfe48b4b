"""Page routes of the duties app (mounted under /duties/)."""

from django.urls import path

from anjian.duties import views, views_tracking

app_name = "duties"

urlpatterns = [
    path("", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/upload/", views.NoticeUploadView.as_view(), name="notice_upload"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path(
        "notices/<int:pk>/export.xlsx",
        views.NoticeExportView.as_view(kind="xlsx"),
        name="notice_export_xlsx",
    ),
    path(
        "notices/<int:pk>/export.docx",
        views.NoticeExportView.as_view(kind="docx"),
        name="notice_export_docx",
    ),
    path("obligations/<int:pk>/", views.ObligationDetailView.as_view(), name="obligation_detail"),
    path("tasks/", views_tracking.OccurrenceListView.as_view(), name="my_tasks"),
    path(
        "tasks/<int:pk>/", views_tracking.OccurrenceDetailView.as_view(), name="occurrence_detail"
    ),
    path("review/", views_tracking.ReviewQueueView.as_view(), name="review_queue"),
    path("dashboard/", views_tracking.DashboardView.as_view(), name="dashboard"),
    path("notifications/", views_tracking.NotificationListView.as_view(), name="notification_list"),
    path(
        "evidence/<int:pk>/",
        views_tracking.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
]
