"""Serializers of the accidents API: list rows (from ``lists``), details with what the caller
may do now (``available_actions``, from ``workflows``), and each step's body."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.utils import timezone
from rest_framework import serializers

from anjian.accidents import lists
from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    AccidentReport,
    AccidentRevision,
    EnterpriseSanction,
    EscalationRule,
    IndustryWarning,
    Investigation,
    Publication,
    RectificationMeasure,
    ResponsibilityFinding,
)
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.workflows import (
    ACCIDENT_FLOW,
    ACKNOWLEDGEMENT_FLOW,
    INVESTIGATION_FLOW,
    PUBLICATION_FLOW,
    SANCTION_FLOW,
    TASK_FLOW,
)
from anjian.core.access import access_for
from anjian.core.api_base import (
    AvailableActions,
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    detail_of,
)
from anjian.core.models import Department, Enterprise, Region

# ---- accidents ----------------------------------------------------------------------------


class VersionSerializer(serializers.Serializer):
    """``version``: the version the caller read; a newer one answers 409 (the services'
    ``expected_version``)."""

    version = serializers.IntegerField(
        source="expected_version",
        required=False,
        help_text="编辑时读取的版本；他人已修改则返回409。",
    )


class AccidentReportSerializer(serializers.ModelSerializer):
    """One report of the chain."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = AccidentReport
        exclude = ["accident", "recorded_by", "created_at"]


class AccidentRevisionSerializer(serializers.ModelSerializer):
    """One step of the grade history."""

    grade_before = lists.code()
    grade_after = lists.code()
    computed_grade = lists.code()

    class Meta:
        model = AccidentRevision
        exclude = ["accident", "by"]


AccidentSerializer = lists.ACCIDENT_LIST.serializer()


class AccidentDetailSerializer(AccidentSerializer):
    """An accident with its narrative, reporting chain, timeliness, grade history and steps."""

    reports = AccidentReportSerializer(many=True, read_only=True)
    revisions = AccidentRevisionSerializer(many=True, read_only=True)
    timeliness = serializers.SerializerMethodField()
    casualty_window_last_day = serializers.SerializerMethodField()
    available_actions = AvailableActions(ACCIDENT_FLOW)

    class Meta(AccidentSerializer.Meta):
        fields = [
            *AccidentSerializer.Meta.fields,
            "narrative",
            "measures_taken",
            "reports",
            "revisions",
            "timeliness",
            "casualty_window_last_day",
            "available_actions",
        ]
        read_only_fields = fields

    @cached_property
    def rules(self):
        return load_rulebook()

    def get_timeliness(self, obj) -> list[dict]:
        levels = self.rules.schedule(obj, now=timezone.now())
        return lists.LevelStatusSerializer(levels, many=True).data

    def get_casualty_window_last_day(self, obj) -> dt.date:
        return self.rules.casualty_window_last_day(obj)


class AccidentCreateSerializer(ScopedModelSerializer):
    """What a report needs; the enterprise's sector and department fill in when left out."""

    unit_reported_at = serializers.DateTimeField(
        required=False, help_text="When the unit reported to the county (default: now)."
    )
    reporting_unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.none(), required=False)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(), required=False
    )

    class Meta:
        model = Accident
        fields = [*Accident.report_fields, "unit_reported_at", "reporting_unit"]
        extra_kwargs = {"sector": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # What the caller sees, plus the town and department of its own enterprises
            # (an enterprise's staff may name them; the service checks they match).
            access = access_for(request.user)
            own = access.scope(Enterprise)
            self.fields["region"].queryset = access.scope(Region) | Region.objects.filter(
                pk__in=own.values("region")
            )
            self.fields["department"].queryset = access.scope(
                Department
            ) | Department.objects.filter(pk__in=own.values("supervising_department"))


class AccidentUpdateSerializer(VersionSerializer, serializers.ModelSerializer):
    """Descriptive fields only; ``version`` guards concurrent edits (409 when stale)."""

    class Meta:
        model = Accident
        fields = [*Accident.descriptive_fields, "version"]


class FiguresSerializer(VersionSerializer, serializers.ModelSerializer):
    """Changed casualties or loss (补报); omitted fields keep their value."""

    reason = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Accident
        fields = [*Accident.figure_fields, "reason", "version"]


class OverrideSerializer(VersionSerializer):
    """An authorised grade decision with its reason."""

    grade = serializers.SlugRelatedField(slug_field="code", queryset=AccidentGrade.objects.all())
    reason = serializers.CharField()


class ReportUpwardSerializer(serializers.Serializer):
    """The next level's report: who reported, when, to whom."""

    reporting_unit = serializers.CharField(max_length=100)
    reported_at = serializers.DateTimeField(required=False)
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True)


# ---- investigations and supervision ---------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    """A responsibility finding for a person or unit."""

    class Meta:
        model = ResponsibilityFinding
        exclude = ["investigation"]


class MeasureSerializer(serializers.ModelSerializer):
    """A rectification measure; kind hazard/obligation becomes a hazard or task elsewhere."""

    class Meta:
        model = RectificationMeasure
        exclude = ["investigation", "recorded_by"]
        read_only_fields = ["completed_at", "hazard", "obligation"]


class MeasureInputSerializer(ScopedModelSerializer):
    """A measure to record (its enterprise and department among those the caller sees)."""

    class Meta:
        model = RectificationMeasure
        fields = ["description", "kind", "responsible", "enterprise", "department", "due_date"]


InvestigationSerializer = lists.INVESTIGATION_LIST.serializer()
InvestigationDetailSerializer = detail_of(
    InvestigationSerializer,
    INVESTIGATION_FLOW,
    findings=FindingSerializer(many=True, read_only=True),
    measures=MeasureSerializer(many=True, read_only=True),
)


class InvestigationOpenSerializer(serializers.Serializer):
    """Which accident, who leads, who is on the team."""

    accident = ScopedPrimaryKeyRelatedField(queryset=Accident.objects.all())
    led_by = serializers.CharField(max_length=200)
    team = serializers.CharField()


class InvestigationUpdateSerializer(VersionSerializer):
    """Team, lead unit and causes so far."""

    led_by = serializers.CharField(max_length=200, required=False)
    team = serializers.CharField(required=False)
    causes = serializers.CharField(required=False, allow_blank=True)


class ChecklistSerializer(serializers.ModelSerializer):
    """四不放过 items to set (omitted ones stay as they are)."""

    class Meta:
        model = Investigation
        fields = Investigation.checklist_fields


class SubmitReportSerializer(serializers.Serializer):
    causes = serializers.CharField()
    submitted_at = serializers.DateTimeField(required=False)


class ReplySerializer(serializers.Serializer):
    reply_document = serializers.CharField(max_length=100)
    replied_at = serializers.DateTimeField(required=False)


SupervisionTaskSerializer = lists.TASK_LIST.serializer()
SupervisionTaskDetailSerializer = detail_of(SupervisionTaskSerializer, TASK_FLOW)


class CloseTaskSerializer(serializers.Serializer):
    conclusion = serializers.CharField()


# ---- warnings, sanctions, 曝光台 ------------------------------------------------------------

IndustryWarningSerializer = lists.WARNING_LIST.serializer()


class WarningIssueSerializer(ScopedModelSerializer):
    class Meta:
        model = IndustryWarning
        fields = ["accident", "region", "sector", "title", "content", "ack_due"]
        extra_kwargs = {"sector": {"required": False}, "ack_due": {"required": False}}


AcknowledgementSerializer = lists.ACKNOWLEDGEMENT_LIST.serializer()
AcknowledgementDetailSerializer = detail_of(AcknowledgementSerializer, ACKNOWLEDGEMENT_FLOW)


class SelfInspectionSerializer(serializers.Serializer):
    findings = serializers.CharField()
    hazards_found = serializers.IntegerField(min_value=0, default=0)


SanctionSerializer = lists.SANCTION_LIST.serializer()
SanctionDetailSerializer = detail_of(SanctionSerializer, SANCTION_FLOW)


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


PublicationSerializer = lists.PUBLICATION_LIST.serializer()
PublicationDetailSerializer = detail_of(PublicationSerializer, PUBLICATION_FLOW)


class PublishSerializer(ScopedModelSerializer):
    class Meta:
        model = Publication
        fields = ["accident", "title", "summary", "lessons", "name_enterprise"]
        # A withdrawn entry is republished by the service; no uniqueness check before it.
        extra_kwargs = {"accident": {"validators": []}}


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


# ---- reference data -----------------------------------------------------------------------


class AccidentGradeSerializer(serializers.ModelSerializer):
    """An accident grade with its thresholds and what it requires."""

    class Meta:
        model = AccidentGrade
        exclude = ["id"]


class EscalationRuleSerializer(serializers.ModelSerializer):
    """An escalation rule: grade ≥, count ≥, window in months."""

    min_grade = lists.code()

    class Meta:
        model = EscalationRule
        exclude = ["id"]
