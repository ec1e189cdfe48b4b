"""REST API of the risk reference data: LEC and LS scales, bands, hazard factors, criteria."""

from django.db.models import Count
from rest_framework import serializers

from anjian.core.api_base import ReferenceReadOnlyViewSet
from anjian.risks.models import (
    HazardFactorCategory,
    LecFactor,
    LsScale,
    MajorHazardCriterion,
    MajorHazardCriterionList,
    RiskBand,
)


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


class _Reference(ReferenceReadOnlyViewSet):
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []


class LecFactorViewSet(_Reference):
    """LEC factor tables (L, E, C), reference data."""

    queryset = LecFactor.objects.all()
    serializer_class = LecFactorSerializer


class LsScaleViewSet(_Reference):
    """LS matrix scales (L, S 1–5), reference data."""

    queryset = LsScale.objects.all()
    serializer_class = LsScaleSerializer


class RiskBandViewSet(_Reference):
    """Score bands of LEC and LS → 重大/较大/一般/低 and 红/橙/黄/蓝, reference data."""

    queryset = RiskBand.objects.all()
    serializer_class = RiskBandSerializer


class HazardFactorCategoryViewSet(_Reference):
    """GB/T 13861 hazard-factor categories, reference data."""

    queryset = HazardFactorCategory.objects.all()
    serializer_class = HazardFactorCategorySerializer


class MajorHazardCriterionListViewSet(_Reference):
    """重大事故隐患判定标准 per industry; the detail lists its criteria."""

    queryset = MajorHazardCriterionList.objects.annotate(criteria_count=Count("criteria"))
    serializer_class = MajorHazardCriterionListSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            return qs.prefetch_related("criteria")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MajorHazardCriterionListDetailSerializer
        return MajorHazardCriterionListSerializer
