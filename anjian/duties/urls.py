"""Every page route of the duties app, under /duties/ (mounted at the site root)."""

from django.urls import include, path

from anjian.duties import views

pages = [
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
    path("tasks/", views.OccurrenceListView.as_view(), name="my_tasks"),
    path("tasks/<int:pk>/", views.OccurrenceDetailView.as_view(), name="occurrence_detail"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
]

urlpatterns = [path("duties/", include((pages, "duties")))]
