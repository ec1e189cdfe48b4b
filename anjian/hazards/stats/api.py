"""REST API of hazard statistics and 动态清零: the same parameters (``params``) and figures as
the pages; a region outside the caller's area answers 404, a role that may not view hazards
403, a bad parameter 400 naming it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from anjian.core.api_base import ScopedViewSetMixin, form_parameters
from anjian.hazards.lists import CLEARANCE_LIST
from anjian.hazards.models import Hazard
from anjian.hazards.stats import params, selectors

# ---- responses -------------------------------------------------------------------------------


class HazardFiguresSerializer(serializers.Serializer):
    """Counts of one row: found/closed in the period, the rest as of today."""

    found = serializers.IntegerField(help_text="found in the period")
    closed = serializers.IntegerField(help_text="closed (销号) in the period")
    found_closed = serializers.IntegerField(help_text="found in the period and closed by now")
    closure_rate = serializers.FloatField(
        allow_null=True, help_text="found_closed / found in %, null when nothing was found"
    )
    overdue = serializers.IntegerField(help_text="open and past the deadline (or marked overdue)")
    major_open = serializers.IntegerField(help_text="open major hazards")
    listed = serializers.IntegerField(help_text="under supervision listing (挂牌督办)")


class HazardRegionFiguresSerializer(HazardFiguresSerializer):
    region_id = serializers.IntegerField()
    name = serializers.CharField(help_text="child region; '<root>(本级)' for the root itself")


class HazardSectorFiguresSerializer(HazardFiguresSerializer):
    sector_id = serializers.IntegerField()
    name = serializers.CharField()


class HazardPeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class HazardRootSerializer(serializers.Serializer):
    """The region whose children the figures are broken down by (null: the whole tree)."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class HazardStatisticsSerializer(serializers.Serializer):
    """Hazard figures in total, by child region of the root and by sector."""

    period = HazardPeriodSerializer()
    root = HazardRootSerializer(allow_null=True)
    totals = HazardFiguresSerializer()
    by_region = HazardRegionFiguresSerializer(many=True)
    by_sector = HazardSectorFiguresSerializer(many=True)


class HazardClearanceRegionSerializer(serializers.Serializer):
    region_id = serializers.IntegerField()
    name = serializers.CharField()
    open_major = serializers.IntegerField()
    overdue = serializers.IntegerField()
    listed = serializers.IntegerField()
    oldest_days = serializers.IntegerField(
        allow_null=True, help_text="age in days of the oldest open major hazard"
    )


class HazardClearanceTotalsSerializer(serializers.Serializer):
    open_major = serializers.IntegerField()
    overdue = serializers.IntegerField()
    listed = serializers.IntegerField()


class HazardClearanceCountsSerializer(serializers.Serializer):
    """Open major hazards per child region of the root (zero means 已清零)."""

    root = HazardRootSerializer(allow_null=True)
    totals = HazardClearanceTotalsSerializer()
    by_region = HazardClearanceRegionSerializer(many=True)


# ---- views -----------------------------------------------------------------------------------


class _HazardFiguresViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    queryset = Hazard.objects.all()
    filter_backends: list = []

    def form(self, form_class):
        """The page's own parameters: 400 naming a bad one, 404 for a region outside the area."""
        form = params.bound(form_class, self.request.query_params, self.request.user)
        if form.is_bound and form.errors:
            raise serializers.ValidationError(
                {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            )
        return form


class HazardStatisticsViewSet(_HazardFiguresViewSet):
    """Hazard statistics (隐患统计) of the caller's area, by child region and by sector."""

    serializer_class = HazardStatisticsSerializer
    pagination_class = None
    action_permissions = {"summary": "view"}

    @extend_schema(
        parameters=form_parameters(params.StatisticsFilterForm),
        responses=HazardStatisticsSerializer,
    )
    def summary(self, request):
        """Found, closed, closure rate, overdue, open major and listed hazards."""
        stats = params.statistics(self.form(params.StatisticsFilterForm), request.user)
        return Response(HazardStatisticsSerializer(stats).data)


class HazardClearanceViewSet(_HazardFiguresViewSet):
    """动态清零: the caller's open major hazards, oldest first, and their counts by region."""

    serializer_class = CLEARANCE_LIST.serializer()
    action_permissions = {"by_region": "view"}

    @extend_schema(
        parameters=form_parameters(params.RegionFilterForm),
        responses=CLEARANCE_LIST.serializer()(many=True),
    )
    def list(self, request):
        """Open major hazards, oldest first, with their age in days, overdue and listed."""
        hazards = params.open_major(self.form(params.RegionFilterForm), request.user)
        page = self.paginate_queryset(hazards)
        rows = list(selectors.clearance_rows(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        parameters=form_parameters(params.RegionFilterForm),
        responses=HazardClearanceCountsSerializer,
    )
    def by_region(self, request):
        """Open major hazards per child region: how many, overdue, listed, the oldest's age."""
        counts = params.clearance_counts(self.form(params.RegionFilterForm), request.user)
        return Response(HazardClearanceCountsSerializer(counts).data)
