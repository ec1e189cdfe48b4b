"""Page routes of the hazard statistics and 动态清零 (mounted at /hazards/stats/)."""

from django.urls import path

from anjian.hazards import views_stats

app_name = "hazard_stats"

urlpatterns = [
    path("", views_stats.StatisticsView.as_view(), name="statistics"),
    path("export/", views_stats.StatisticsExportView.as_view(), name="statistics_export"),
    path("clearance/", views_stats.ClearanceView.as_view(), name="clearance"),
    path("clearance/export/", views_stats.ClearanceExportView.as_view(), name="clearance_export"),
]
