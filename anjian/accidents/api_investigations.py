"""REST API of accident investigations (事故调查) and the supervision tasks escalation opens."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.accidents import filters
from anjian.accidents.api_mixins import ServiceCreateMixin, ServiceViewSetMixin
from anjian.accidents.models import (
    Accident,
    Investigation,
    RectificationMeasure,
    ResponsibilityFinding,
    SupervisionTask,
)
from anjian.accidents.services import escalation, investigations
from anjian.core.api_base import (
    ScopedCreateUpdateViewSet,
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
)

# ---- investigation ------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    """A responsibility finding for a person or unit."""

    class Meta:
        model = ResponsibilityFinding
        fields = ["id", "subject_kind", "subject", "position", "responsibility", "handling"]


class MeasureSerializer(serializers.ModelSerializer):
    """A rectification measure; kind hazard/obligation becomes a hazard or task elsewhere."""

    class Meta:
        model = RectificationMeasure
        fields = [
            "id",
            "description",
            "kind",
            "responsible",
            "enterprise",
            "department",
            "due_date",
            "completed_at",
            "hazard",
            "obligation",
        ]
        read_only_fields = ["completed_at", "hazard", "obligation"]


class InvestigationSerializer(serializers.ModelSerializer):
    """An investigation with its team, deadlines, findings, measures and 四不放过."""

    accident_title = serializers.CharField(source="accident.title", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    checklist_complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = Investigation
        fields = [
            "id",
            "accident",
            "accident_title",
            "level",
            "led_by",
            "team",
            "status",
            "opened_at",
            "report_due",
            "report_submitted_at",
            "causes",
            "reply_due",
            "replied_at",
            "reply_document",
            *Investigation.checklist_fields,
            "checklist_complete",
            "closed_at",
            "version",
            "findings",
            "measures",
        ]
        read_only_fields = fields


class InvestigationOpenSerializer(serializers.Serializer):
    """Which accident, who leads, who is on the team."""

    accident = ScopedPrimaryKeyRelatedField(queryset=Accident.objects.all())
    led_by = serializers.CharField(max_length=200)
    team = serializers.CharField()


class InvestigationUpdateSerializer(serializers.Serializer):
    """Team, lead unit and causes so far."""

    led_by = serializers.CharField(max_length=200, required=False)
    team = serializers.CharField(required=False)
    causes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class ChecklistSerializer(serializers.Serializer):
    """四不放过 items to set."""

    cause_found = serializers.BooleanField(required=False)
    responsible_dealt_with = serializers.BooleanField(required=False)
    measures_in_place = serializers.BooleanField(required=False)
    people_educated = serializers.BooleanField(required=False)


class SubmitReportSerializer(serializers.Serializer):
    causes = serializers.CharField()
    submitted_at = serializers.DateTimeField(required=False)


class ReplySerializer(serializers.Serializer):
    reply_document = serializers.CharField(max_length=100)
    replied_at = serializers.DateTimeField(required=False)


class MeasureInputSerializer(ScopedModelSerializer):
    class Meta:
        model = RectificationMeasure
        fields = ["description", "kind", "responsible", "enterprise", "department", "due_date"]


@extend_schema_view(
    create=extend_schema(
        request=InvestigationOpenSerializer, responses={201: InvestigationSerializer}
    ),
    update=extend_schema(request=InvestigationUpdateSerializer),
    partial_update=extend_schema(request=InvestigationUpdateSerializer),
)
class InvestigationViewSet(ServiceCreateMixin, ScopedCreateUpdateViewSet):
    """Accident investigations (事故调查) in the caller's jurisdiction."""

    queryset = Investigation.objects.select_related("accident").prefetch_related(
        "findings", "measures"
    )
    serializer_class = InvestigationSerializer
    create_serializer_class = InvestigationOpenSerializer
    filterset_class = filters.InvestigationFilterSet
    ordering = ["-opened_at", "-id"]
    action_permissions = {
        name: "change"
        for name in (
            "add_finding",
            "add_measure",
            "complete_measure",
            "checklist",
            "submit_report",
            "reply",
            "close",
        )
    }

    def create_from(self, data):
        return investigations.investigation_open(by=self.request.user, **data)

    def update(self, request, *args, **kwargs):
        data = self.body(InvestigationUpdateSerializer)
        expected = data.pop("version", None)
        obj = investigations.investigation_update(
            by=request.user, investigation=self.get_object(), data=data, expected_version=expected
        )
        return self.answer(obj)

    @extend_schema(request=FindingSerializer, responses={201: InvestigationSerializer})
    @action(detail=True, methods=["post"], url_path="findings")
    def add_finding(self, request, pk=None):
        """Record a responsibility finding (person or unit) and its handling."""
        investigations.finding_add(
            by=request.user, investigation=self.get_object(), **self.body(FindingSerializer)
        )
        return self.answer(self.get_object(), status.HTTP_201_CREATED)

    @extend_schema(request=MeasureInputSerializer, responses={201: InvestigationSerializer})
    @action(detail=True, methods=["post"], url_path="measures")
    def add_measure(self, request, pk=None):
        """Record a rectification measure (it may become a hazard or an obligation)."""
        investigations.measure_add(
            by=request.user, investigation=self.get_object(), **self.body(MeasureInputSerializer)
        )
        return self.answer(self.get_object(), status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_id>\d+)/complete")
    def complete_measure(self, request, pk=None, measure_id=None):
        """Mark one rectification measure done."""
        investigation = self.get_object()
        measure = investigation.measures.filter(pk=measure_id).first()
        if measure is None:
            return Response(
                {"detail": "该调查没有这项整改措施。"}, status=status.HTTP_404_NOT_FOUND
            )
        investigations.measure_complete(by=request.user, measure=measure)
        return self.answer(investigation)

    @extend_schema(request=ChecklistSerializer, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        """Set the 四不放过 items."""
        obj = investigations.investigation_set_checklist(
            by=request.user, investigation=self.get_object(), flags=self.body(ChecklistSerializer)
        )
        return self.answer(obj)

    @extend_schema(request=SubmitReportSerializer, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"], url_path="submit-report")
    def submit_report(self, request, pk=None):
        """Submit the investigation report (due 60 days after the accident)."""
        obj = investigations.investigation_submit_report(
            by=request.user, investigation=self.get_object(), **self.body(SubmitReportSerializer)
        )
        return self.answer(obj)

    @extend_schema(request=ReplySerializer, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Record the reply (批复), due 15 days after the report (30 for 特别重大)."""
        obj = investigations.investigation_record_reply(
            by=request.user, investigation=self.get_object(), **self.body(ReplySerializer)
        )
        return self.answer(obj)

    @extend_schema(request=None, responses=InvestigationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the case; refused until the reply is in and 四不放过 is complete."""
        obj = investigations.investigation_close(by=request.user, investigation=self.get_object())
        return self.answer(obj)


# ---- supervision tasks ----------------------------------------------------------------------


class SupervisionTaskSerializer(serializers.ModelSerializer):
    """A 专项巡查/督导 opened by an escalation rule."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    notified_region_name = serializers.CharField(
        source="notified_region.name", read_only=True, default=None
    )

    class Meta:
        model = SupervisionTask
        fields = [
            "id",
            "title",
            "kind",
            "region",
            "region_name",
            "rule",
            "accidents",
            "status",
            "notified_region",
            "notified_region_name",
            "created_at",
            "closed_at",
            "conclusion",
        ]
        read_only_fields = fields


class CloseTaskSerializer(serializers.Serializer):
    conclusion = serializers.CharField()


class SupervisionTaskViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """Supervision tasks in the caller's jurisdiction (opened by the platform, closed by 安委办)."""

    queryset = SupervisionTask.objects.select_related(
        "region", "rule", "notified_region"
    ).prefetch_related("accidents")
    serializer_class = SupervisionTaskSerializer
    filterset_class = filters.SupervisionTaskFilterSet
    ordering = ["-created_at", "-id"]
    action_permissions = {"close": "change"}

    @extend_schema(request=CloseTaskSerializer, responses=SupervisionTaskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the task with its conclusion."""
        task = escalation.supervision_task_close(
            by=request.user, task=self.get_object(), **self.body(CloseTaskSerializer)
        )
        return self.answer(task)
