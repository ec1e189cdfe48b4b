"""REST API of the risk register: risk points, control measures, four-colour summary, Excel."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core.api_base import (
    ScopedCreateUpdateViewSet,
    ScopedModelSerializer,
    ScopedReadOnlyViewSet,
)
from anjian.core.imports.api import SpreadsheetImportMixin
from anjian.core.models import AccidentCategory
from anjian.risks import filters, selectors, sheets
from anjian.risks.models import (
    ControlMeasure,
    HazardFactorCategory,
    RiskPoint,
)
from anjian.risks.services import measures as measure_services
from anjian.risks.services import risk_points as services
from anjian.risks.services.assessment import ALL_INPUT_FIELDS
from anjian.risks.services.risk_points import REGISTER_FIELDS
from anjian.risks.workflows import MEASURE_FLOW, RISK_POINT_FLOW


class ControlMeasureSerializer(serializers.ModelSerializer):
    """A control measure of a risk point."""

    is_active = serializers.BooleanField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    control_level_display = serializers.CharField(
        source="get_control_level_display", read_only=True
    )

    class Meta:
        model = ControlMeasure
        fields = [
            "id",
            "risk_point",
            "kind",
            "kind_display",
            "control_level",
            "control_level_display",
            "text",
            "responsible",
            "is_active",
            "created_at",
        ]
        read_only_fields = fields


AVAILABLE = "the steps the caller may take now (the transition table)"


def _user(serializer):
    return getattr(serializer.context.get("request"), "user", None)


class ControlMeasureDetailSerializer(ControlMeasureSerializer):
    """A control measure and what the caller may do with it."""

    available_actions = serializers.SerializerMethodField(help_text=AVAILABLE)

    class Meta(ControlMeasureSerializer.Meta):
        fields = [*ControlMeasureSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields

    def get_available_actions(self, measure: ControlMeasure) -> list[str]:
        return MEASURE_FLOW.available(_user(self), measure)


class RiskPointSerializer(serializers.ModelSerializer):
    """A risk point as listed: where, what, its assessment (computed) and owner."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    sector = serializers.IntegerField(source="enterprise.sector_id", read_only=True)
    sector_name = serializers.CharField(source="enterprise.sector.name", read_only=True)
    region = serializers.IntegerField(source="enterprise.region_id", read_only=True)
    region_name = serializers.CharField(source="enterprise.region.name", read_only=True)
    hazard_factors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    accident_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    colour_display = serializers.CharField(source="get_colour_display", read_only=True)
    review_overdue = serializers.BooleanField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "sector",
            "sector_name",
            "region",
            "region_name",
            "name",
            "place",
            "activity",
            "hazard_factors",
            "accident_types",
            "method",
            "lec_l",
            "lec_e",
            "lec_c",
            "ls_l",
            "ls_s",
            "score",
            "level",
            "level_display",
            "colour",
            "colour_display",
            "assessed_on",
            "next_review_on",
            "review_overdue",
            "responsible_name",
            "responsible_phone",
            "is_active",
            "deactivated_reason",
            "version",
            "is_demo",
            "updated_at",
        ]
        read_only_fields = fields


class RiskPointDetailSerializer(RiskPointSerializer):
    """A risk point with its control measures and what the caller may do with it."""

    measures = ControlMeasureSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(help_text=AVAILABLE)

    class Meta(RiskPointSerializer.Meta):
        fields = [*RiskPointSerializer.Meta.fields, "measures", "available_actions"]
        read_only_fields = fields

    def get_available_actions(self, point: RiskPoint) -> list[str]:
        return RISK_POINT_FLOW.available(_user(self), point)


def _codes(model, help_text: str, required: bool = True):
    return serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=model.objects.all(),
        required=required,
        help_text=help_text,
    )


class RiskPointWriteSerializer(ScopedModelSerializer):
    """What a risk point needs; score, level and colour are computed, never sent."""

    hazard_factors = _codes(HazardFactorCategory, 'GB/T 13861 codes, e.g. ["2101"]')
    accident_types = _codes(AccidentCategory, 'GB 6441 codes, e.g. ["08", "19"]')
    version = serializers.IntegerField(
        required=False,
        help_text="The version you read; if the record changed since, the update answers 409.",
    )

    class Meta:
        model = RiskPoint
        fields = [*REGISTER_FIELDS, "version"]
        extra_kwargs = {"next_review_on": {"required": False}}


class RiskPointUpdateSerializer(RiskPointWriteSerializer):
    """Corrections; the enterprise stays. A new method or inputs recompute the level."""

    class Meta(RiskPointWriteSerializer.Meta):
        fields = [f for f in RiskPointWriteSerializer.Meta.fields if f != "enterprise"]
        extra_kwargs = {"next_review_on": {"required": False}}


class DeactivateSerializer(serializers.Serializer):
    """Why the risk point is no longer in use."""

    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class ReassessSerializer(serializers.ModelSerializer):
    """A new assessment: method (default: the current one), its inputs, next review date."""

    version = serializers.IntegerField(required=False)

    class Meta:
        model = RiskPoint
        fields = ["method", *ALL_INPUT_FIELDS, "next_review_on", "version"]
        extra_kwargs = {f: {"required": False} for f in fields}


class MeasureCreateSerializer(serializers.ModelSerializer):
    """A control measure to add."""

    class Meta:
        model = ControlMeasure
        fields = ["kind", "control_level", "text", "responsible"]


@extend_schema_view(
    create=extend_schema(
        request=RiskPointWriteSerializer, responses={201: RiskPointDetailSerializer}
    ),
    update=extend_schema(request=RiskPointUpdateSerializer, responses=RiskPointDetailSerializer),
    partial_update=extend_schema(
        request=RiskPointUpdateSerializer, responses=RiskPointDetailSerializer
    ),
)
class RiskPointViewSet(SpreadsheetImportMixin, ScopedCreateUpdateViewSet):
    """Risk points (风险点) in the caller's jurisdiction; the platform computes the level."""

    queryset = RiskPoint.objects.select_related(
        "enterprise__sector", "enterprise__region"
    ).prefetch_related("hazard_factors", "accident_types")
    serializer_class = RiskPointSerializer
    filterset_class = filters.RiskPointFilterSet
    import_spec = sheets.RISK_POINTS
    search_fields = ["name", "place", "activity", "enterprise__name"]
    ordering_fields = ["severity", "score", "next_review_on", "updated_at", "name", "id"]
    ordering = ["severity", "-score", "id"]
    action_permissions = {
        "deactivate": "change",
        "reassess": "change",
        "add_measure": "change",
        "summary": "view",
    }

    def get_queryset(self):
        qs = super().get_queryset().with_severity()
        if self.action not in ("list", "summary", "export"):
            qs = qs.prefetch_related("measures")
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return RiskPointWriteSerializer
        if self.action in ("update", "partial_update"):
            return RiskPointUpdateSerializer
        if self.action == "list":
            return RiskPointSerializer
        return RiskPointDetailSerializer

    def _detail(self, point, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=point.pk)
        context = self.get_serializer_context()
        return Response(RiskPointDetailSerializer(fresh, context=context).data, status=code)

    def create(self, request, *args, **kwargs):
        body = RiskPointWriteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("version", None)
        point = services.risk_point_create(by=request.user, data=data)
        return self._detail(point, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        point = self.get_object()
        body = RiskPointUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expected = data.pop("version", None)
        point = services.risk_point_update(
            by=request.user, risk_point=point, data=data, expected_version=expected
        )
        return self._detail(point)

    @extend_schema(request=DeactivateSerializer, responses=RiskPointDetailSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Take the risk point out of use, with a reason."""
        body = DeactivateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        point = services.risk_point_deactivate(
            by=request.user,
            risk_point=self.get_object(),
            reason=body.validated_data["reason"],
            expected_version=body.validated_data.get("version"),
        )
        return self._detail(point)

    @extend_schema(request=ReassessSerializer, responses=RiskPointDetailSerializer)
    @action(detail=True, methods=["post"])
    def reassess(self, request, pk=None):
        """Record a new assessment; score, level and colour are recomputed."""
        body = ReassessSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        method = data.pop("method", None)
        next_review_on = data.pop("next_review_on", None)
        expected = data.pop("version", None)
        point = services.risk_point_reassess(
            by=request.user,
            risk_point=self.get_object(),
            method=method,
            inputs=data,
            next_review_on=next_review_on,
            expected_version=expected,
        )
        return self._detail(point)

    @extend_schema(request=MeasureCreateSerializer, responses={201: ControlMeasureDetailSerializer})
    @action(detail=True, methods=["post"], url_path="measures")
    def add_measure(self, request, pk=None):
        """Add a control measure to the risk point."""
        body = MeasureCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measure = measure_services.measure_add(
            by=request.user, risk_point=self.get_object(), **body.validated_data
        )
        body = ControlMeasureDetailSerializer(measure, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT, filters=True)
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """四色分布 of the filtered risk points: by level, sector, town and enterprise."""
        qs = self.filter_queryset(RiskPoint.objects.visible_to(request.user).with_severity())
        return Response(selectors.distribution(qs))


class ControlMeasureViewSet(ScopedReadOnlyViewSet):
    """Control measures of the risk points in the caller's jurisdiction."""

    queryset = ControlMeasure.objects.select_related("risk_point__enterprise__region")
    serializer_class = ControlMeasureDetailSerializer
    filterset_class = filters.ControlMeasureFilterSet
    ordering_fields = ["id", "created_at"]
    ordering = ["risk_point", "id"]
    action_permissions = {"remove": "change"}

    def get_serializer_class(self):
        if self.action == "list":
            return ControlMeasureSerializer
        return super().get_serializer_class()

    @extend_schema(request=None, responses=ControlMeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take the measure off its risk point (the record and its history stay)."""
        measure = measure_services.measure_remove(by=request.user, measure=self.get_object())
        context = self.get_serializer_context()
        return Response(ControlMeasureDetailSerializer(measure, context=context).data)
