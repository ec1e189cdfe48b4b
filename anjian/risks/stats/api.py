"""REST API of 四色分布: the figures and parameters of the page (``DistributionFilterSet``)."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from anjian.core.api_base import ScopedViewSetMixin
from anjian.risks.filters import DistributionFilterSet
from anjian.risks.models import RiskPoint
from anjian.risks.stats.selectors import distribution


class RiskDistributionViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """四色分布 of the caller's risk points (``GET /api/risk-points/summary/``)."""

    queryset = RiskPoint.objects.all()
    filterset_class = DistributionFilterSet
    filter_backends = [DjangoFilterBackend]
    action_permissions = {"summary": "view"}

    @extend_schema(responses=OpenApiTypes.OBJECT, filters=True)
    def summary(self, request):
        """四色分布 of the filtered risk points: by level, sector, town and enterprise."""
        return Response(distribution(self.filter_queryset(self.get_queryset())))
