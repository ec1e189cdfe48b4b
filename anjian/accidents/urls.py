"""Page routes of the accidents app (mounted at /accidents/)."""

from django.urls import path

from anjian.accidents import views, views_followup, views_public, views_warnings

app_name = "accidents"

urlpatterns = [
    path("", views.AccidentListView.as_view(), name="accident_list"),
    path("new/", views.AccidentCreateView.as_view(), name="accident_create"),
    path("export/", views.AccidentExportView.as_view(), name="accident_export"),
    path("timeliness/", views.TimelinessView.as_view(), name="timeliness"),
    path("statistics/", views_public.StatisticsView.as_view(), name="statistics"),
    path(
        "statistics/export/",
        views_public.StatisticsExportView.as_view(),
        name="statistics_export",
    ),
    path("<int:pk>/", views.AccidentDetailView.as_view(), name="accident_detail"),
    path("<int:pk>/edit/", views.AccidentEditView.as_view(), name="accident_update"),
    path("<int:pk>/figures/", views.AccidentFiguresView.as_view(), name="accident_figures"),
    path("<int:pk>/grade/", views.AccidentOverrideView.as_view(), name="accident_override"),
    path("<int:pk>/report-upward/", views.ReportUpwardView.as_view(), name="report_upward"),
    path(
        "<int:pk>/investigation/",
        views_followup.InvestigationOpenView.as_view(),
        name="investigation_open",
    ),
    path("<int:pk>/warning/", views_warnings.WarningIssueView.as_view(), name="warning_issue"),
    path("<int:pk>/sanction/", views_followup.SanctionImposeView.as_view(), name="sanction_impose"),
    path("<int:pk>/publish/", views_public.PublishView.as_view(), name="publish"),
    path(
        "investigations/",
        views_followup.InvestigationListView.as_view(),
        name="investigation_list",
    ),
    path(
        "investigations/<int:pk>/",
        views_followup.InvestigationDetailView.as_view(),
        name="investigation_detail",
    ),
    path(
        "investigations/<int:pk>/measures/<int:measure_id>/complete/",
        views_followup.MeasureCompleteView.as_view(),
        name="measure_complete",
    ),
    path(
        "investigations/<int:pk>/<slug:step>/",
        views_followup.InvestigationStepView.as_view(),
        name="investigation_step",
    ),
    path("tasks/", views_followup.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views_followup.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/close/", views_followup.TaskCloseView.as_view(), name="task_close"),
    path("warnings/", views_warnings.WarningListView.as_view(), name="warning_list"),
    path("warnings/<int:pk>/", views_warnings.WarningDetailView.as_view(), name="warning_detail"),
    path(
        "acknowledgements/",
        views_warnings.AcknowledgementListView.as_view(),
        name="acknowledgement_list",
    ),
    path(
        "acknowledgements/<int:pk>/",
        views_warnings.AcknowledgementDetailView.as_view(),
        name="acknowledgement_detail",
    ),
    path(
        "acknowledgements/<int:pk>/acknowledge/",
        views_warnings.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
    path(
        "acknowledgements/<int:pk>/self-inspection/",
        views_warnings.SelfInspectionView.as_view(),
        name="self_inspection",
    ),
    path("sanctions/", views_followup.SanctionListView.as_view(), name="sanction_list"),
    path(
        "sanctions/<int:pk>/", views_followup.SanctionDetailView.as_view(), name="sanction_detail"
    ),
    path(
        "sanctions/<int:pk>/check/",
        views_followup.SanctionCheckItemView.as_view(),
        name="sanction_check",
    ),
    path(
        "sanctions/<int:pk>/lift/", views_followup.SanctionLiftView.as_view(), name="sanction_lift"
    ),
    path("publications/", views_public.PublicationListView.as_view(), name="publication_list"),
    path(
        "publications/<int:pk>/withdraw/",
        views_public.WithdrawView.as_view(),
        name="publication_withdraw",
    ),
    path("public/", views_public.public_list, name="public_list"),
    path("public/<int:pk>/", views_public.public_detail, name="public_detail"),
]
