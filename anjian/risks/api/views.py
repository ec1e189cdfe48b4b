"""Viewsets of the risks API: the register (each step an explicit endpoint, through the
services) and the reference tables."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core.api_base import (
    ReferenceReadOnlyViewSet,
    ScopedCreateUpdateViewSet,
    ScopedReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceViewSetMixin,
)
from anjian.core.imports.api import SpreadsheetImportMixin
from anjian.risks import sheets
from anjian.risks.api import serializers as s
from anjian.risks.lists import MEASURE_LIST, RISK_POINT_LIST
from anjian.risks.models import (
    ControlMeasure,
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterionList,
    RiskBand,
    RiskPoint,
)
from anjian.risks.services import measures, risk_points

# ---- the register ------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.RiskPointWriteSerializer, responses={201: s.RiskPointDetailSerializer}
    ),
    update=extend_schema(
        request=s.RiskPointUpdateSerializer, responses=s.RiskPointDetailSerializer
    ),
    partial_update=extend_schema(
        request=s.RiskPointUpdateSerializer, responses=s.RiskPointDetailSerializer
    ),
)
class RiskPointViewSet(SpreadsheetImportMixin, ServiceCreateMixin, ScopedCreateUpdateViewSet):
    """Risk points (风险点) in the caller's jurisdiction; the platform computes the level."""

    queryset = RiskPoint.objects.select_related(*RISK_POINT_LIST.related).prefetch_related(
        "hazard_factors", "accident_types"
    )
    serializer_class = s.RiskPointDetailSerializer
    create_serializer_class = s.RiskPointWriteSerializer
    filterset_class = RISK_POINT_LIST.filterset_class
    import_spec = sheets.RISK_POINTS
    search_fields = ["name", "place", "activity", "enterprise__name"]
    ordering_fields = ["severity", "score", "next_review_on", "updated_at", "name", "id"]
    ordering = ["severity", "-score", "id"]
    action_permissions = {"deactivate": "change", "reassess": "change", "add_measure": "change"}

    def get_queryset(self):
        queryset = super().get_queryset().with_severity()
        if self.action not in ("list", "export"):
            queryset = queryset.prefetch_related("measures")
        return queryset

    def get_serializer_class(self):
        return s.RiskPointSerializer if self.action == "list" else super().get_serializer_class()

    def create_from(self, data):
        data.pop("version", None)
        return risk_points.risk_point_create(by=self.request.user, data=data)

    def update(self, request, *args, **kwargs):
        point = self.get_object()
        data = self.body(s.RiskPointUpdateSerializer)
        version = data.pop("version", None)
        return self.answer(
            risk_points.risk_point_update(
                by=request.user, risk_point=point, data=data, expected_version=version
            )
        )

    @extend_schema(request=s.DeactivateSerializer, responses=s.RiskPointDetailSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Take the risk point out of use, with a reason."""
        point = self.get_object()
        data = self.body(s.DeactivateSerializer)
        return self.answer(
            risk_points.risk_point_deactivate(
                by=request.user,
                risk_point=point,
                reason=data["reason"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=s.ReassessSerializer, responses=s.RiskPointDetailSerializer)
    @action(detail=True, methods=["post"])
    def reassess(self, request, pk=None):
        """Record a new assessment; score, level and colour are recomputed."""
        point = self.get_object()
        data = self.body(s.ReassessSerializer)
        return self.answer(
            risk_points.risk_point_reassess(
                by=request.user,
                risk_point=point,
                method=data.pop("method", None),
                next_review_on=data.pop("next_review_on", None),
                expected_version=data.pop("version", None),
                inputs=data,
            )
        )

    @extend_schema(
        request=s.MeasureCreateSerializer, responses={201: s.ControlMeasureDetailSerializer}
    )
    @action(detail=True, methods=["post"], url_path="measures")
    def add_measure(self, request, pk=None):
        """Add a control measure to the risk point."""
        point = self.get_object()
        data = self.body(s.MeasureCreateSerializer)
        measure = measures.measure_add(by=request.user, risk_point=point, **data)
        body = s.ControlMeasureDetailSerializer(measure, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)


class ControlMeasureViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """Control measures of the risk points in the caller's jurisdiction."""

    queryset = ControlMeasure.objects.select_related("risk_point__enterprise__region")
    serializer_class = s.ControlMeasureDetailSerializer
    filterset_class = MEASURE_LIST.filterset_class
    ordering_fields = ["id", "created_at"]
    ordering = list(MEASURE_LIST.order_by)
    action_permissions = {"remove": "change"}

    def get_serializer_class(self):
        if self.action == "list":
            return s.ControlMeasureSerializer
        return super().get_serializer_class()

    @extend_schema(request=None, responses=s.ControlMeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take the measure off its risk point (the record and its history stay)."""
        return self.answer(measures.measure_remove(by=request.user, measure=self.get_object()))


# ---- reference tables --------------------------------------------------------------------


class _Reference(ReferenceReadOnlyViewSet):
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []


class LecFactorViewSet(_Reference):
    """LEC factor tables (L, E, C), reference data."""

    queryset = LecFactor.objects.all()
    serializer_class = s.LecFactorSerializer


class LsScaleViewSet(_Reference):
    """LS matrix scales (L, S 1–5), reference data."""

    queryset = LsScale.objects.all()
    serializer_class = s.LsScaleSerializer


class RiskBandViewSet(_Reference):
    """Score bands of LEC and LS → 重大/较大/一般/低 and 红/橙/黄/蓝, reference data."""

    queryset = RiskBand.objects.all()
    serializer_class = s.RiskBandSerializer


class HazardFactorCategoryViewSet(_Reference):
    """GB/T 13861 hazard-factor categories, reference data."""

    queryset = HazardFactorCategory.objects.all()
    serializer_class = s.HazardFactorCategorySerializer


class MajorHazardCriterionListViewSet(_Reference):
    """重大事故隐患判定标准 per industry; the detail lists its criteria."""

    queryset = MajorHazardCriterionList.objects.annotate(criteria_count=Count("criteria"))
    serializer_class = s.MajorHazardCriterionListSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            return qs.prefetch_related("criteria")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.MajorHazardCriterionListDetailSerializer
        return s.MajorHazardCriterionListSerializer
