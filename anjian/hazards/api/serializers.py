"""Serializers of the hazard ledger API: rows, detail with timeline, and each step's body."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.api_base import (
    AvailableActions,
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
)
from anjian.core.models import Department, Enterprise, Region
from anjian.hazards.lists import HAZARD_LIST
from anjian.hazards.models import (
    DeadlineExtension,
    Hazard,
    HazardEvent,
    HazardLevel,
    HazardListing,
    HazardNotification,
    HazardPhoto,
    PhotoStage,
)
from anjian.hazards.workflows import HAZARD_FLOW
from anjian.risks.models import MajorHazardCriterion


class HazardEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.get_full_name", default="", read_only=True)

    class Meta:
        model = HazardEvent
        fields = ["id", "kind", "actor", "actor_name", "at", "from_status", "to_status", "note"]


class HazardPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardPhoto
        fields = ["id", "stage", "name", "sha256", "uploaded_at"]


HazardSerializer = HAZARD_LIST.serializer()


class HazardDetailSerializer(HazardSerializer):
    """A hazard with all its fields, its timeline, its photos and what the caller may do."""

    events = HazardEventSerializer(many=True, read_only=True)
    photos = HazardPhotoSerializer(many=True, read_only=True)
    available_actions = AvailableActions(HAZARD_FLOW)

    class Meta(HazardSerializer.Meta):
        fields = [
            *HazardSerializer.Meta.fields,
            "department",
            "found_by_department",
            "description",
            "category",
            "accident_type",
            "criterion",
            "measures",
            "funds",
            "deadline_party",
            "rectification_note",
            "submitted_at",
            "closed_at",
            "overdue_since",
            "reported_to_department_on",
            "reported_to_congress_on",
            "events",
            "photos",
            "available_actions",
        ]
        read_only_fields = fields


class HazardReportSerializer(ScopedModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    class Meta:
        model = Hazard
        fields = [
            "enterprise",
            "source",
            "found_at",
            "place",
            "description",
            "category",
            "accident_type",
            "level",
            "criterion",
            "photos",
        ]
        extra_kwargs = {"found_at": {"required": False}}


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="编辑时读取的版本；他人已修改则返回409。")


class HazardAssignSerializer(VersionSerializer):
    owner_name = serializers.CharField()
    measures = serializers.CharField()
    deadline = serializers.DateField()
    funds = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, default=0)


class HazardStartSerializer(VersionSerializer):
    owner_name = serializers.CharField(required=False, default="", allow_blank=True)
    measures = serializers.CharField(required=False, default="", allow_blank=True)
    funds = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class HazardSubmitSerializer(VersionSerializer):
    rectification_note = serializers.CharField()
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class HazardCloseSerializer(VersionSerializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class HazardReturnSerializer(VersionSerializer):
    reason = serializers.CharField()


class HazardReclassifySerializer(VersionSerializer):
    level = serializers.ChoiceField(choices=HazardLevel.choices)
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=MajorHazardCriterion.objects.all(), required=False, allow_null=True, default=None
    )
    reason = serializers.CharField()


class ExtensionRequestSerializer(serializers.Serializer):
    requested_deadline = serializers.DateField()
    reason = serializers.CharField()


class DoubleReportSerializer(serializers.Serializer):
    department_on = serializers.DateField(required=False, allow_null=True, default=None)
    congress_on = serializers.DateField(required=False, allow_null=True, default=None)


class ListingRequestSerializer(serializers.Serializer):
    authority = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    responsible_leader = serializers.CharField()
    supervising_unit = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all())
    deadline = serializers.DateField()
    document_number = serializers.CharField(required=False, default="", allow_blank=True)


class PhotoUploadSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=PhotoStage.choices)
    image = serializers.FileField()


class DeadlineExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineExtension
        fields = [
            "id",
            "hazard",
            "previous_deadline",
            "requested_deadline",
            "reason",
            "requested_by",
            "requested_at",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class HazardListingSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardListing
        fields = [
            "id",
            "hazard",
            "authority",
            "document_number",
            "responsible_leader",
            "supervising_unit",
            "deadline",
            "listed_by",
            "listed_at",
            "closed_by",
            "closed_at",
            "closing_note",
        ]
        read_only_fields = fields


class HazardNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardNotification
        fields = ["id", "hazard", "recipient", "department", "kind", "message", "created_at"]
        read_only_fields = fields
