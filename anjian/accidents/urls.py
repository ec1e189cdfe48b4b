"""Every page route of the accidents app, under /accidents/ (mounted at the site root by the
project): accidents, investigations, supervision tasks, warnings, sanctions, 曝光台 (its
public pages need no login) and statistics."""

from django.urls import include, path

from anjian.accidents import views
from anjian.accidents.investigations import views as investigations
from anjian.accidents.publications import public
from anjian.accidents.publications import views as publications
from anjian.accidents.sanctions import views as sanctions
from anjian.accidents.stats import views as stats
from anjian.accidents.warnings import views as warnings

routes = [
    path("", views.AccidentListView.as_view(), name="accident_list"),
    path("new/", views.AccidentCreateView.as_view(), name="accident_create"),
    path("export/", views.AccidentExportView.as_view(), name="accident_export"),
    path("timeliness/", views.TimelinessView.as_view(), name="timeliness"),
    path("statistics/", stats.StatisticsView.as_view(), name="statistics"),
    path("statistics/export/", stats.StatisticsExportView.as_view(), name="statistics_export"),
    path("<int:pk>/", views.AccidentDetailView.as_view(), name="accident_detail"),
    path("<int:pk>/edit/", views.AccidentEditView.as_view(), name="accident_update"),
    path("<int:pk>/figures/", views.AccidentFiguresView.as_view(), name="accident_figures"),
    path("<int:pk>/grade/", views.AccidentOverrideView.as_view(), name="accident_override"),
    path("<int:pk>/report-upward/", views.ReportUpwardView.as_view(), name="report_upward"),
    path(
        "<int:pk>/investigation/",
        investigations.InvestigationOpenView.as_view(),
        name="investigation_open",
    ),
    path("<int:pk>/warning/", warnings.WarningIssueView.as_view(), name="warning_issue"),
    path("<int:pk>/sanction/", sanctions.SanctionImposeView.as_view(), name="sanction_impose"),
    path("<int:pk>/publish/", publications.PublishView.as_view(), name="publish"),
    path(
        "investigations/",
        investigations.InvestigationListView.as_view(),
        name="investigation_list",
    ),
    path(
        "investigations/<int:pk>/",
        investigations.InvestigationDetailView.as_view(),
        name="investigation_detail",
    ),
    path(
        "investigations/<int:pk>/measures/<int:measure_id>/complete/",
        investigations.MeasureCompleteView.as_view(),
        name="measure_complete",
    ),
    path(
        "investigations/<int:pk>/<slug:step>/",
        investigations.investigation_step,
        name="investigation_step",
    ),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/close/", views.TaskCloseView.as_view(), name="task_close"),
    path("warnings/", warnings.WarningListView.as_view(), name="warning_list"),
    path("warnings/<int:pk>/", warnings.WarningDetailView.as_view(), name="warning_detail"),
    path(
        "acknowledgements/",
        warnings.AcknowledgementListView.as_view(),
        name="acknowledgement_list",
    ),
    path(
        "acknowledgements/<int:pk>/",
        warnings.AcknowledgementDetailView.as_view(),
        name="acknowledgement_detail",
    ),
    path(
        "acknowledgements/<int:pk>/acknowledge/",
        warnings.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
    path(
        "acknowledgements/<int:pk>/self-inspection/",
        warnings.SelfInspectionView.as_view(),
        name="self_inspection",
    ),
    path("sanctions/", sanctions.SanctionListView.as_view(), name="sanction_list"),
    path("sanctions/<int:pk>/", sanctions.SanctionDetailView.as_view(), name="sanction_detail"),
    path(
        "sanctions/<int:pk>/check/",
        sanctions.SanctionCheckItemView.as_view(),
        name="sanction_check",
    ),
    path("sanctions/<int:pk>/lift/", sanctions.SanctionLiftView.as_view(), name="sanction_lift"),
    path("publications/", publications.PublicationListView.as_view(), name="publication_list"),
    path(
        "publications/<int:pk>/withdraw/",
        publications.WithdrawView.as_view(),
        name="publication_withdraw",
    ),
    # No login: the public 曝光台.
    path("public/", public.PublicListView.as_view(), name="public_list"),
    path("public/<int:pk>/", public.PublicDetailView.as_view(), name="public_detail"),
]

# One namespace for every page of the app: accidents:<name>.
urlpatterns = [path("accidents/", include((routes, "accidents")))]
