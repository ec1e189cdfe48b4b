"""REST API of what follows an accident: same-industry warnings, sanctions, 曝光台."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from anjian.accidents import filters, selectors
from anjian.accidents.api_mixins import ServiceCreateMixin, ServiceViewSetMixin
from anjian.accidents.models import (
    EnterpriseSanction,
    IndustryWarning,
    Publication,
    WarningAcknowledgement,
)
from anjian.accidents.services import publications, sanctions, warnings
from anjian.core.api_base import ScopedModelSerializer, ScopedReadOnlyViewSet
from anjian.core.statistics import rate

# ---- warnings -------------------------------------------------------------------------------


class IndustryWarningSerializer(serializers.ModelSerializer):
    """A same-industry warning with its acknowledgement and self-inspection rates."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    recipients = serializers.IntegerField(read_only=True)
    acknowledged = serializers.IntegerField(read_only=True)
    inspected = serializers.IntegerField(read_only=True)
    acknowledgement_rate = serializers.SerializerMethodField()

    class Meta:
        model = IndustryWarning
        fields = [
            "id",
            "accident",
            "region",
            "region_name",
            "sector",
            "sector_name",
            "title",
            "content",
            "issued_at",
            "ack_due",
            "recipients",
            "acknowledged",
            "inspected",
            "acknowledgement_rate",
        ]
        read_only_fields = fields

    def get_acknowledgement_rate(self, obj) -> float | None:
        return rate(obj.acknowledged, obj.recipients)


class WarningIssueSerializer(ScopedModelSerializer):
    class Meta:
        model = IndustryWarning
        fields = ["accident", "region", "sector", "title", "content", "ack_due"]
        extra_kwargs = {"sector": {"required": False}, "ack_due": {"required": False}}


@extend_schema_view(
    create=extend_schema(request=WarningIssueSerializer, responses={201: IndustryWarningSerializer})
)
class IndustryWarningViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Same-industry warnings (一厂出事故、万厂受教育) with acknowledgement rates."""

    queryset = selectors.warnings_with_rates(
        IndustryWarning.objects.select_related("region", "sector")
    )
    serializer_class = IndustryWarningSerializer
    create_serializer_class = WarningIssueSerializer
    filterset_class = filters.IndustryWarningFilterSet
    ordering = ["-issued_at", "-id"]

    def create_from(self, data):
        return warnings.warning_issue(by=self.request.user, **data)


class AcknowledgementSerializer(serializers.ModelSerializer):
    """One enterprise's answer to a warning."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    warning_title = serializers.CharField(source="warning.title", read_only=True)
    warning_content = serializers.CharField(source="warning.content", read_only=True)
    ack_due = serializers.DateField(source="warning.ack_due", read_only=True)

    class Meta:
        model = WarningAcknowledgement
        fields = [
            "id",
            "warning",
            "warning_title",
            "warning_content",
            "ack_due",
            "enterprise",
            "enterprise_name",
            "acknowledged_at",
            "self_inspected_at",
            "self_inspection",
            "hazards_found",
        ]
        read_only_fields = fields


class SelfInspectionSerializer(serializers.Serializer):
    findings = serializers.CharField()
    hazards_found = serializers.IntegerField(min_value=0, default=0)


class WarningAcknowledgementViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """Warnings enterprises received; each acknowledges and records its self-inspection."""

    queryset = WarningAcknowledgement.objects.select_related("warning", "enterprise")
    serializer_class = AcknowledgementSerializer
    filterset_class = filters.WarningAcknowledgementFilterSet
    ordering = ["-warning__issued_at", "id"]
    action_permissions = {"acknowledge": "change", "self_inspection": "change"}

    @extend_schema(request=None, responses=AcknowledgementSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Confirm receipt of the warning."""
        return self.answer(
            warnings.warning_acknowledge(by=request.user, acknowledgement=self.get_object())
        )

    @extend_schema(request=SelfInspectionSerializer, responses=AcknowledgementSerializer)
    @action(detail=True, methods=["post"], url_path="self-inspection")
    def self_inspection(self, request, pk=None):
        """Record the self-inspection the warning asked for."""
        row = warnings.warning_record_self_inspection(
            by=request.user,
            acknowledgement=self.get_object(),
            **self.body(SelfInspectionSerializer),
        )
        return self.answer(row)


# ---- sanctions ------------------------------------------------------------------------------


class SanctionSerializer(serializers.ModelSerializer):
    """A consequence on the enterprise with its 复工复产 checklist."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnterpriseSanction
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "accident",
            "kind",
            "status",
            "reason",
            "previous_level",
            "checklist",
            "imposed_at",
            "lifted_at",
            "lift_note",
            "version",
        ]
        read_only_fields = fields


class SanctionImposeSerializer(ScopedModelSerializer):
    class Meta:
        model = EnterpriseSanction
        fields = ["enterprise", "accident", "kind", "reason"]


class CheckItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    done = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)


class LiftSerializer(serializers.Serializer):
    note = serializers.CharField()


@extend_schema_view(
    create=extend_schema(request=SanctionImposeSerializer, responses={201: SanctionSerializer})
)
class EnterpriseSanctionViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Sanctions after accidents: standardisation revoked, licence or production suspended."""

    queryset = EnterpriseSanction.objects.select_related("enterprise")
    serializer_class = SanctionSerializer
    create_serializer_class = SanctionImposeSerializer
    filterset_class = filters.EnterpriseSanctionFilterSet
    ordering = ["-imposed_at", "-id"]
    action_permissions = {"check_item": "change", "lift": "change"}

    def create_from(self, data):
        return sanctions.sanction_impose(by=self.request.user, **data)

    @extend_schema(request=CheckItemSerializer, responses=SanctionSerializer)
    @action(detail=True, methods=["post"], url_path="check-item")
    def check_item(self, request, pk=None):
        """Tick or untick one 复工复产 checklist item."""
        row = sanctions.sanction_check_item(
            by=request.user, sanction=self.get_object(), **self.body(CheckItemSerializer)
        )
        return self.answer(row)

    @extend_schema(request=LiftSerializer, responses=SanctionSerializer)
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Approve 复工复产 (refused until every checklist item is ticked)."""
        row = sanctions.sanction_lift(
            by=request.user, sanction=self.get_object(), **self.body(LiftSerializer)
        )
        return self.answer(row)


# ---- 曝光台 ---------------------------------------------------------------------------------


class PublicationSerializer(serializers.ModelSerializer):
    """A 曝光台 entry (redacted)."""

    class Meta:
        model = Publication
        fields = [
            "id",
            "accident",
            "title",
            "summary",
            "lessons",
            "name_enterprise",
            "published_at",
            "withdrawn_at",
        ]
        read_only_fields = fields


class PublishSerializer(ScopedModelSerializer):
    class Meta:
        model = Publication
        fields = ["accident", "title", "summary", "lessons", "name_enterprise"]
        # A withdrawn entry is republished by the service; no uniqueness check before it.
        extra_kwargs = {"accident": {"validators": []}}


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema_view(
    create=extend_schema(request=PublishSerializer, responses={201: PublicationSerializer})
)
class PublicationViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """曝光台 entries of the caller's jurisdiction; publishing refuses personal data."""

    queryset = Publication.objects.select_related("accident")
    serializer_class = PublicationSerializer
    create_serializer_class = PublishSerializer
    filterset_class = filters.PublicationFilterSet
    ordering = ["-published_at", "-id"]
    action_permissions = {"withdraw": "change"}

    def create_from(self, data):
        return publications.publish(by=self.request.user, **data)

    @extend_schema(request=WithdrawSerializer, responses=PublicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the entry off the public page."""
        row = publications.publication_withdraw(
            by=request.user, publication=self.get_object(), **self.body(WithdrawSerializer)
        )
        return self.answer(row)
