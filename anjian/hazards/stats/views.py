"""Hazard statistics by region and sector, and 动态清零 (open major hazards), with Excel export.

Both pages count only the user's hazards; the breakdown by region rolls up to the children
of the user's region (see ``selectors.statistics_root``), or of a region inside it chosen in
the filter (``params``).
"""

from __future__ import annotations

from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from anjian.core.pagination import BoundedPaginator
from anjian.core.views_base import PermissionRequiredSomewhere
from anjian.hazards.lists import CLEARANCE_LIST
from anjian.hazards.stats import exports, params, selectors


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class StatisticsView(PermissionRequiredSomewhere, TemplateView):
    """Hazards found, closed, closure rate, overdue, major open and listed, by region and sector."""

    permission = "hazard.view"
    template_name = "hazards/stats/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = params.bound(params.StatisticsFilterForm, self.request.GET, self.request.user)
        stats = params.statistics(form, self.request.user)
        context.update(
            form=form,
            stats=stats,
            querystring=_querystring(self.request),
            chart_data={"by_region": stats["by_region"], "by_sector": stats["by_sector"]},
        )
        return context


class StatisticsExportView(PermissionRequiredSomewhere, View):
    """The statistics tables as .xlsx, for the same filters as the page."""

    permission = "hazard.export"

    def get(self, request):
        form = params.bound(params.StatisticsFilterForm, request.GET, request.user)
        return exports.statistics_response(params.statistics(form, request.user))


class ClearanceView(PermissionRequiredSomewhere, TemplateView):
    """动态清零: every open major hazard with its age, overdue and listed, counts per region."""

    permission = "hazard.view"
    template_name = "hazards/stats/clearance.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = params.bound(params.RegionFilterForm, self.request.GET, self.request.user)
        hazards = params.open_major(form, self.request.user)
        counts = params.clearance_counts(form, self.request.user)
        paginator = BoundedPaginator(hazards, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            counts=counts,
            object_list=list(selectors.clearance_rows(page.object_list)),
            columns=CLEARANCE_LIST.page_columns,
            empty_text=CLEARANCE_LIST.empty_text,
            page_obj=page,
            paginator=paginator,
            querystring=_querystring(self.request),
            chart_data=counts["by_region"],
            today=timezone.localdate(),
        )
        return context


class ClearanceExportView(PermissionRequiredSomewhere, View):
    """动态清零 as .xlsx: the counts per region, then every open major hazard."""

    permission = "hazard.export"

    def get(self, request):
        form = params.bound(params.RegionFilterForm, request.GET, request.user)
        hazards = params.open_major(form, request.user)
        counts = params.clearance_counts(form, request.user)
        return exports.clearance_response(hazards.iterator(chunk_size=500), counts)
