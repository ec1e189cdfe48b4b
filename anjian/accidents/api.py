"""REST API of accidents: reports, figures, grade, the reporting chain, statistics, export."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.accidents import exports, filters, selectors
from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    AccidentReport,
    AccidentRevision,
)
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.services import accidents as services
from anjian.core.api import FirstRendererNegotiation
from anjian.core.api_base import ScopedCreateUpdateViewSet, ScopedModelSerializer
from anjian.core.models import Department, Enterprise, Region
from anjian.core.spreadsheets import XLSX_CONTENT_TYPE
from anjian.core.statistics import validate_statistics_day


class AccidentReportSerializer(serializers.ModelSerializer):
    """One report of the chain."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AccidentReport
        fields = [
            "id",
            "level",
            "level_display",
            "reported_at",
            "reporting_unit",
            "recipient",
            "note",
        ]


class AccidentRevisionSerializer(serializers.ModelSerializer):
    """One step of the grade history."""

    grade_before = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grade_after = serializers.SlugRelatedField(slug_field="code", read_only=True)
    computed_grade = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AccidentRevision
        fields = [
            "id",
            "kind",
            "at",
            "figures",
            "grade_before",
            "grade_after",
            "computed_grade",
            "within_window",
            "reason",
        ]


class LevelStatusSerializer(serializers.Serializer):
    """A level of the reporting chain: due time, report time, 迟报 (late) and 未报 (missing)."""

    level = serializers.CharField()
    required = serializers.BooleanField()
    due = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()
    missing = serializers.BooleanField()


class AccidentSerializer(serializers.ModelSerializer):
    """An accident as listed: facts, figures and the grade (computed, never typed)."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    grade = serializers.SlugRelatedField(slug_field="code", read_only=True)
    grade_name = serializers.CharField(source="grade.name", read_only=True)
    computed_grade = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Accident
        fields = [
            "id",
            "title",
            "occurred_at",
            "place",
            "region",
            "region_name",
            "enterprise",
            "enterprise_name",
            "sector",
            "sector_name",
            "department",
            "category",
            "category_name",
            "is_road_traffic",
            "deaths",
            "missing",
            "serious_injuries",
            "minor_injuries",
            "direct_loss",
            "grade",
            "grade_name",
            "computed_grade",
            "grade_overridden",
            "version",
            "is_demo",
        ]
        read_only_fields = fields


class AccidentDetailSerializer(AccidentSerializer):
    """An accident with its narrative, reporting chain, timeliness and grade history."""

    reports = AccidentReportSerializer(many=True, read_only=True)
    revisions = AccidentRevisionSerializer(many=True, read_only=True)
    timeliness = serializers.SerializerMethodField()
    casualty_window_last_day = serializers.SerializerMethodField()

    class Meta(AccidentSerializer.Meta):
        fields = [
            *AccidentSerializer.Meta.fields,
            "narrative",
            "measures_taken",
            "reports",
            "revisions",
            "timeliness",
            "casualty_window_last_day",
        ]
        read_only_fields = fields

    def get_timeliness(self, obj) -> list[dict]:
        book = self.context.get("rulebook") or load_rulebook()
        return LevelStatusSerializer(book.schedule(obj, now=timezone.now()), many=True).data

    def get_casualty_window_last_day(self, obj) -> dt.date:
        book = self.context.get("rulebook") or load_rulebook()
        return book.casualty_window_last_day(obj)


class AccidentCreateSerializer(ScopedModelSerializer):
    """What a report needs; the enterprise's sector and department fill in when left out."""

    unit_reported_at = serializers.DateTimeField(
        required=False, help_text="When the unit reported to the county (default: now)."
    )
    reporting_unit = serializers.CharField(required=False, allow_blank=True, max_length=100)

    class Meta:
        model = Accident
        fields = [
            "title",
            "occurred_at",
            "place",
            "region",
            "enterprise",
            "sector",
            "department",
            "category",
            "is_road_traffic",
            "deaths",
            "missing",
            "serious_injuries",
            "minor_injuries",
            "direct_loss",
            "narrative",
            "measures_taken",
            "unit_reported_at",
            "reporting_unit",
        ]
        extra_kwargs = {
            "sector": {"required": False},
            "department": {"required": False},
            "region": {"required": False},  # an enterprise's accident takes its town
        }

    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.none(), required=False)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            enterprises = Enterprise.objects.visible_to(user)
            self.fields["enterprise"].queryset = enterprises
            # What the caller sees, plus the town and department of its own enterprises
            # (an enterprise's staff may name them; the service checks they match).
            self.fields["region"].queryset = Region.objects.filter(
                Q(pk__in=Region.objects.visible_to(user).values("pk"))
                | Q(pk__in=enterprises.values("region"))
            )
            self.fields["department"].queryset = Department.objects.filter(
                Q(pk__in=Department.objects.visible_to(user).values("pk"))
                | Q(pk__in=enterprises.values("supervising_department"))
            )


class AccidentUpdateSerializer(serializers.ModelSerializer):
    """Descriptive fields only; ``version`` guards concurrent edits (409 when stale)."""

    version = serializers.IntegerField(required=False)

    class Meta:
        model = Accident
        fields = [
            "title",
            "place",
            "category",
            "is_road_traffic",
            "narrative",
            "measures_taken",
            "version",
        ]


class FiguresSerializer(serializers.Serializer):
    """Changed casualties or loss (补报); omitted fields keep their value."""

    deaths = serializers.IntegerField(min_value=0, required=False)
    missing = serializers.IntegerField(min_value=0, required=False)
    serious_injuries = serializers.IntegerField(min_value=0, required=False)
    minor_injuries = serializers.IntegerField(min_value=0, required=False)
    direct_loss = serializers.DecimalField(
        max_digits=15, decimal_places=2, min_value=0, required=False
    )
    reason = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class OverrideSerializer(serializers.Serializer):
    """An authorised grade decision with its reason."""

    grade = serializers.SlugRelatedField(slug_field="code", queryset=AccidentGrade.objects.all())
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class ReportUpwardSerializer(serializers.Serializer):
    """The next level's report: who reported, when, to whom."""

    reporting_unit = serializers.CharField(max_length=100)
    reported_at = serializers.DateTimeField(required=False)
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True)


class TimelinessSerializer(serializers.Serializer):
    """An accident with a late (迟报) or missing (未报) report."""

    accident = AccidentSerializer()
    late = serializers.BooleanField()
    missing = serializers.BooleanField()
    levels = LevelStatusSerializer(many=True)


class StatisticsQuerySerializer(serializers.Serializer):
    """The period (default: this year to date) and the region to break down."""

    start = serializers.DateField(required=False, validators=[validate_statistics_day])
    end = serializers.DateField(required=False, validators=[validate_statistics_day])
    region = serializers.IntegerField(required=False)


STATISTICS_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description="first day (default 1 January)"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="last day (default today)"),
    OpenApiParameter(
        "region", OpenApiTypes.INT, description="region to break down by its children"
    ),
]


def statistics_for(request, queryset) -> dict:
    """Parse the statistics query and compute on the scoped accidents."""
    query = StatisticsQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    today = timezone.localdate()
    start = query.validated_data.get("start") or today.replace(month=1, day=1)
    end = query.validated_data.get("end") or today
    if end < start:
        raise serializers.ValidationError({"end": "结束日期不能早于开始日期。"})
    root = None
    if query.validated_data.get("region"):
        root = (
            Region.objects.visible_to(request.user)
            .filter(pk=query.validated_data["region"])
            .first()
        )
    return selectors.accident_statistics(queryset, selectors.Period(start, end), root=root)


@extend_schema_view(
    create=extend_schema(
        request=AccidentCreateSerializer, responses={201: AccidentDetailSerializer}
    ),
    update=extend_schema(request=AccidentUpdateSerializer, responses=AccidentDetailSerializer),
    partial_update=extend_schema(
        request=AccidentUpdateSerializer, responses=AccidentDetailSerializer
    ),
)
class AccidentViewSet(ScopedCreateUpdateViewSet):
    """Accidents (生产安全事故) in the caller's jurisdiction; the platform computes the grade."""

    queryset = Accident.objects.select_related(
        "region", "enterprise", "sector", "category", "grade", "computed_grade"
    )
    serializer_class = AccidentSerializer
    filterset_class = filters.AccidentFilterSet
    search_fields = ["title", "place"]
    ordering_fields = ["occurred_at", "deaths", "id"]
    ordering = ["-occurred_at", "-id"]
    action_permissions = {
        "update_figures": "change",
        "override_grade": "override",
        "report_upward": "change",
        "timeliness": "view",
        "statistics": "view",
        "export": "view",
    }

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            qs = qs.prefetch_related(
                "reports",
                "revisions__grade_before",
                "revisions__grade_after",
                "revisions__computed_grade",
            )
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return AccidentCreateSerializer
        if self.action in ("update", "partial_update"):
            return AccidentUpdateSerializer
        if self.action == "list":
            return AccidentSerializer
        return AccidentDetailSerializer

    def _detail(self, accident, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=accident.pk)
        context = {**self.get_serializer_context(), "rulebook": load_rulebook()}
        return Response(AccidentDetailSerializer(fresh, context=context).data, status=code)

    def create(self, request, *args, **kwargs):
        body = AccidentCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        unit_reported_at = data.pop("unit_reported_at", None)
        reporting_unit = data.pop("reporting_unit", "")
        accident = services.accident_report(
            by=request.user,
            data=data,
            unit_reported_at=unit_reported_at,
            reporting_unit=reporting_unit,
        )
        return self._detail(accident, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        accident = self.get_object()
        body = AccidentUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expected = data.pop("version", None)
        accident = services.accident_update(
            by=request.user, accident=accident, data=data, expected_version=expected
        )
        return self._detail(accident)

    @extend_schema(request=FiguresSerializer, responses=AccidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="update-figures")
    def update_figures(self, request, pk=None):
        """Record changed casualties or loss; the grade follows them only inside the window."""
        body = FiguresSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        reason, expected = data.pop("reason", ""), data.pop("version", None)
        accident = services.accident_update_figures(
            by=request.user,
            accident=self.get_object(),
            figures=data,
            reason=reason,
            expected_version=expected,
        )
        return self._detail(accident)

    @extend_schema(request=OverrideSerializer, responses=AccidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="override-grade")
    def override_grade(self, request, pk=None):
        """Set the grade by an authorised decision with a reason (安委办)."""
        body = OverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        accident = services.accident_override_grade(
            by=request.user,
            accident=self.get_object(),
            grade=body.validated_data["grade"],
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return self._detail(accident)

    @extend_schema(request=ReportUpwardSerializer, responses={201: AccidentReportSerializer})
    @action(detail=True, methods=["post"], url_path="report-upward")
    def report_upward(self, request, pk=None):
        """Record the next level's report up the chain (县 → 市 → 省 → 国务院有关部门)."""
        body = ReportUpwardSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_upward(
            by=request.user, accident=self.get_object(), **body.validated_data
        )
        return Response(AccidentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TimelinessSerializer(many=True), filters=True)
    @action(detail=False, methods=["get"])
    def timeliness(self, request):
        """Accidents with a late (迟报) or missing (未报，疑似瞒报/漏报) report (newest 500)."""
        book = load_rulebook()
        rows = selectors.flagged_accidents(self.filter_queryset(self.get_queryset()), book)
        data = [
            {
                "accident": row.accident,
                "late": row.late,
                "missing": row.missing,
                "levels": row.levels,
            }
            for row in rows
        ]
        return Response(TimelinessSerializer(data, many=True).data)

    @extend_schema(responses=OpenApiTypes.OBJECT, parameters=STATISTICS_PARAMETERS, filters=False)
    @action(detail=False, methods=["get"], filter_backends=[])
    def statistics(self, request):
        """Accidents and deaths by region, sector, category, grade and month; 同比, 环比, 两下降."""
        return Response(statistics_for(request, self.get_queryset()))

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}, filters=True)
    @action(detail=False, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def export(self, request):
        """The filtered, scoped accident list as .xlsx."""
        return exports.accident_export_response(
            self.filter_queryset(self.get_queryset()), load_rulebook()
        )
