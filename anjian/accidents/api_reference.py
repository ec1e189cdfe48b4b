"""REST API of the accident reference data: grades and escalation rules."""

from rest_framework import serializers

from anjian.accidents.models import AccidentGrade, EscalationRule
from anjian.core.api_base import ReferenceReadOnlyViewSet


class AccidentGradeSerializer(serializers.ModelSerializer):
    """An accident grade with its thresholds and what it requires."""

    class Meta:
        model = AccidentGrade
        fields = [
            "code",
            "name",
            "rank",
            "min_deaths",
            "min_serious_injuries",
            "min_direct_loss",
            "report_up_to",
            "investigated_by",
            "reply_days",
        ]


class EscalationRuleSerializer(serializers.ModelSerializer):
    """An escalation rule: grade ≥, count ≥, window in months."""

    min_grade = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EscalationRule
        fields = [
            "code",
            "name",
            "min_grade",
            "min_count",
            "window_months",
            "region_levels",
            "task_kind",
        ]


class AccidentGradeViewSet(ReferenceReadOnlyViewSet):
    """Accident grades (国务院令第493号第三条), reference data."""

    queryset = AccidentGrade.objects.all()
    serializer_class = AccidentGradeSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []


class EscalationRuleViewSet(ReferenceReadOnlyViewSet):
    """Escalation rules (data, not code)."""

    queryset = EscalationRule.objects.select_related("min_grade")
    serializer_class = EscalationRuleSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []
