"""The 四色分布 page: charts and tables of the user's risk points in use."""

from __future__ import annotations

from django.views.generic import TemplateView

from anjian.core.views_base import PermissionRequiredSomewhere
from anjian.risks.filters import DistributionFilterSet
from anjian.risks.models import RiskPoint
from anjian.risks.stats.selectors import distribution


class DistributionView(PermissionRequiredSomewhere, TemplateView):
    """四色分布: active risk points by level, sector and town; 重大 enterprises first."""

    permission = "riskpoint.view"
    template_name = "risks/distribution.html"

    def get_context_data(self, **kwargs):
        request = self.request
        filterset = DistributionFilterSet(
            request.GET or None, queryset=self.access.scope(RiskPoint), request=request
        )
        return super().get_context_data(
            filter=filterset,
            stats=distribution(filterset.qs),
            querystring=request.GET.urlencode(),
            **kwargs,
        )
