"""Serializers of the risks API: list rows and details (from ``lists``), each step's body, and
the reference tables."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.api_base import ScopedModelSerializer
from anjian.core.models import AccidentCategory
from anjian.risks.lists import MEASURE_LIST, RISK_POINT_LIST
from anjian.risks.models import (
    ControlMeasure,
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterion,
    MajorHazardCriterionList,
    RiskBand,
    RiskPoint,
)
from anjian.risks.services.assessment import ALL_INPUT_FIELDS
from anjian.risks.services.risk_points import REGISTER_FIELDS
from anjian.risks.workflows import MEASURE_FLOW, RISK_POINT_FLOW

# ---- the register ------------------------------------------------------------------------

ControlMeasureSerializer = MEASURE_LIST.serializer()
RiskPointSerializer = RISK_POINT_LIST.serializer()


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


class RiskPointDetailSerializer(RiskPointSerializer):
    """A risk point with its control measures and what the caller may do with it."""

    measures = ControlMeasureSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(help_text=AVAILABLE)

    class Meta(RiskPointSerializer.Meta):
        fields = [*RiskPointSerializer.Meta.fields, "measures", "available_actions"]
        read_only_fields = fields

    def get_available_actions(self, point: RiskPoint) -> list[str]:
        return RISK_POINT_FLOW.available(_user(self), point)


def _codes(model, help_text: str):
    return serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=model.objects.all(), help_text=help_text
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
    """Corrections, any of the fields (PUT as PATCH); the enterprise stays. A new method or
    inputs recompute the level."""

    class Meta(RiskPointWriteSerializer.Meta):
        fields = [f for f in RiskPointWriteSerializer.Meta.fields if f != "enterprise"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "partial": True})


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


# ---- reference tables --------------------------------------------------------------------


class LecFactorSerializer(serializers.ModelSerializer):
    """One value of an LEC factor table."""

    class Meta:
        model = LecFactor
        fields = ["code", "factor", "score", "description", "alternative", "status"]


class LsScaleSerializer(serializers.ModelSerializer):
    """One step of an LS axis."""

    class Meta:
        model = LsScale
        fields = ["code", "axis", "value", "description", "alternative", "status"]


class RiskBandSerializer(serializers.ModelSerializer):
    """A score band of a method: level and colour from the inclusive lower bound up."""

    class Meta:
        model = RiskBand
        fields = [
            "code",
            "method",
            "lower_bound",
            "level",
            "level_name",
            "colour",
            "description",
            "source",
            "status",
        ]


class HazardFactorCategorySerializer(serializers.ModelSerializer):
    """A GB/T 13861 hazard-factor category."""

    class Meta:
        model = HazardFactorCategory
        fields = ["id", "code", "name", "parent_code", "level", "note", "status"]


class MajorHazardCriterionSerializer(serializers.ModelSerializer):
    """One item of a 重大事故隐患判定标准."""

    class Meta:
        model = MajorHazardCriterion
        fields = ["code", "article", "heading", "text", "note", "status", "sort_order"]


class MajorHazardCriterionListSerializer(serializers.ModelSerializer):
    """A 重大事故隐患判定标准 and how many of its items are shipped."""

    criteria_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MajorHazardCriterionList
        fields = [
            "code",
            "industry",
            "title",
            "document_number",
            "issued_on",
            "effective_on",
            "stated_count",
            "complete",
            "source",
            "criteria_count",
        ]


class MajorHazardCriterionListDetailSerializer(MajorHazardCriterionListSerializer):
    """A criteria list with its items."""

    criteria = MajorHazardCriterionSerializer(many=True, read_only=True)

    class Meta(MajorHazardCriterionListSerializer.Meta):
        fields = [*MajorHazardCriterionListSerializer.Meta.fields, "criteria"]
