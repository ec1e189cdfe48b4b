"""REST API of hazard statistics and 动态清零, with its routes (included under /api/).

The same selectors as the pages, on ``Hazard.objects.visible_to(caller)``: a region
outside the caller's area answers 404, a role that may not view hazards 403.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from anjian.core.api_base import ScopedViewSetMixin
from anjian.core.models import Sector
from anjian.core.statistics import validate_statistics_day
from anjian.hazards import selectors
from anjian.hazards.models import Hazard, HazardLevel

# ---- query parameters ------------------------------------------------------------------------


class HazardAreaQuerySerializer(serializers.Serializer):
    """Which region to break down by (default the caller's own) and which sector."""

    region = serializers.IntegerField(
        required=False, help_text="a region in the caller's area to break down by its children"
    )
    sector = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), required=False, help_text="only this sector"
    )


class HazardStatisticsQuerySerializer(HazardAreaQuerySerializer):
    """The period (default: 1 January to today), the region, sector and level."""

    start = serializers.DateField(
        required=False, validators=[validate_statistics_day], help_text="first day"
    )
    end = serializers.DateField(
        required=False, validators=[validate_statistics_day], help_text="last day"
    )
    level = serializers.ChoiceField(
        choices=HazardLevel.choices, required=False, help_text="only this level"
    )

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError({"end": "结束日期不能早于开始日期。"})
        return attrs


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


class HazardClearanceRowSerializer(serializers.ModelSerializer):
    """An open major hazard with its age in days and its overdue and listed flags."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.full_name", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    age_days = serializers.IntegerField(read_only=True, help_text="days since found")
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "region",
            "region_name",
            "sector",
            "sector_name",
            "place",
            "description",
            "status",
            "status_display",
            "found_at",
            "deadline",
            "age_days",
            "overdue",
            "is_listed",
        ]
        read_only_fields = fields


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
    query_serializer_class: type[serializers.Serializer] = HazardAreaQuerySerializer

    def query(self) -> tuple[dict, object]:
        """The validated parameters (400 naming the field) and the root region (404 outside)."""
        params = self.query_serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        root = selectors.statistics_root(self.request.user)
        if data.get("region") is not None:
            root = selectors.drill_down_regions(root).filter(pk=data["region"]).first()
            if root is None:
                raise NotFound("没有这个区划，或不在您的管辖范围内。")
        return data, root

    def filtered(self, data: dict):
        qs = self.get_queryset()
        if data.get("sector") is not None:
            qs = qs.filter(sector=data["sector"])
        if data.get("level"):
            qs = qs.filter(level=data["level"])
        return qs


class HazardStatisticsViewSet(_HazardFiguresViewSet):
    """Hazard statistics (隐患统计) of the caller's area, by child region and by sector."""

    serializer_class = HazardStatisticsSerializer
    pagination_class = None
    query_serializer_class = HazardStatisticsQuerySerializer
    action_permissions = {"summary": "view"}

    @extend_schema(
        parameters=[HazardStatisticsQuerySerializer], responses=HazardStatisticsSerializer
    )
    def summary(self, request):
        """Found, closed, closure rate, overdue, open major and listed hazards."""
        data, root = self.query()
        period = selectors.Period.this_year()
        start, end = data.get("start") or period.start, data.get("end") or period.end
        period = selectors.Period(start, max(start, end))
        stats = selectors.hazard_statistics(self.filtered(data), period, root=root)
        return Response(HazardStatisticsSerializer(stats).data)


class HazardClearanceViewSet(_HazardFiguresViewSet):
    """动态清零: the caller's open major hazards, oldest first, and their counts by region."""

    serializer_class = HazardClearanceRowSerializer
    action_permissions = {"by_region": "view"}

    @extend_schema(
        parameters=[HazardAreaQuerySerializer], responses=HazardClearanceRowSerializer(many=True)
    )
    def list(self, request):
        """Open major hazards, oldest first, with their age in days, overdue and listed."""
        data, root = self.query()
        page = self.paginate_queryset(selectors.open_major(self.filtered(data), root=root))
        rows = list(selectors.clearance_rows(page))
        return self.get_paginated_response(HazardClearanceRowSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[HazardAreaQuerySerializer], responses=HazardClearanceCountsSerializer
    )
    def by_region(self, request):
        """Open major hazards per child region: how many, overdue, listed, the oldest's age."""
        data, root = self.query()
        counts = selectors.clearance_by_region(self.filtered(data), root=root)
        return Response(HazardClearanceCountsSerializer(counts).data)


# Routes, included by the project under /api/ (outside the prefix of the hazards router).
urlpatterns = [
    path(
        "hazard-statistics/",
        HazardStatisticsViewSet.as_view({"get": "summary"}),
        name="hazard-statistics",
    ),
    path(
        "hazard-clearance/",
        HazardClearanceViewSet.as_view({"get": "list"}),
        name="hazard-clearance-list",
    ),
    path(
        "hazard-clearance/by-region/",
        HazardClearanceViewSet.as_view({"get": "by_region"}),
        name="hazard-clearance-by-region",
    ),
]
