"""Serializers of the duties API: the list rows (``lists.py``), a period's detail with the
steps open to the caller, and each action's body."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.api_base import ScopedPrimaryKeyRelatedField
from anjian.core.models import Department, Region
from anjian.duties import lists
from anjian.duties.models import Occurrence, UnitRole
from anjian.duties.workflows import OCCURRENCE_FLOW

NoticeSerializer = lists.NOTICE_LIST.serializer()
ObligationSerializer = lists.OBLIGATION_LIST.serializer()
IndicatorSerializer = lists.INDICATOR_LIST.serializer()
OccurrenceSerializer = lists.OCCURRENCE_LIST.serializer()
ProgressReportSerializer = lists.REPORT_LIST.serializer()
NotificationSerializer = lists.NOTIFICATION_LIST.serializer()


class OccurrenceDetailSerializer(OccurrenceSerializer):
    """A period and the steps the caller may take on it now (the transition table)."""

    available_actions = serializers.SerializerMethodField(
        help_text="the steps the caller may take now: submit, accept, return"
    )

    class Meta(OccurrenceSerializer.Meta):
        fields = [*OccurrenceSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields

    def get_available_actions(self, occurrence: Occurrence) -> list[str]:
        request = self.context.get("request")
        return OCCURRENCE_FLOW.available(getattr(request, "user", None), occurrence)


class NoticeUploadSerializer(serializers.Serializer):
    """multipart: the notice file, the issuing region and optionally the work year."""

    file = serializers.FileField()
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class UnitMapSerializer(serializers.Serializer):
    """An unresolved unit name and the department it means (remembered as an alias)."""

    name = serializers.CharField(max_length=200)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all())


class AssignSerializer(serializers.Serializer):
    """Departments to make responsible, their role, and the pending name they stand for."""

    departments = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), many=True)
    role = serializers.ChoiceField(choices=UnitRole.choices, default=UnitRole.LEAD)
    name = serializers.CharField(required=False, allow_blank=True, default="")


class ProgressSubmitSerializer(serializers.Serializer):
    """multipart: the progress text and any evidence files."""

    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReturnSerializer(serializers.Serializer):
    """The reason the department must act on."""

    reason = serializers.CharField()


class IndicatorRecordSerializer(serializers.Serializer):
    """A value towards the target, with a note."""

    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
