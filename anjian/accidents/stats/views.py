"""The statistics page (charts and tables) and its Excel export."""

from __future__ import annotations

from django.views import View
from django.views.generic import TemplateView

from anjian.accidents.stats import exports, params
from anjian.core.views_base import PermissionRequiredSomewhere

CHARTS = ("by_region", "by_sector", "by_category", "by_grade", "monthly")


class StatisticsView(PermissionRequiredSomewhere, TemplateView):
    """Accidents and deaths by region, sector, category, grade and month; 同比, 环比, 两下降."""

    permission = "accident.view"
    template_name = "accidents/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = params.bound(self.request.GET, self.request.user)
        stats = params.statistics(form, self.request.user)
        context.update(
            form=form,
            stats=stats,
            querystring=self.request.GET.urlencode(),
            chart_data={key: stats[key] for key in CHARTS},
        )
        return context


class StatisticsExportView(PermissionRequiredSomewhere, View):
    """The statistics as .xlsx, for the same parameters as the page."""

    permission = "accident.export"

    def get(self, request):
        form = params.bound(request.GET, request.user)
        return exports.statistics_response(params.statistics(form, request.user))
