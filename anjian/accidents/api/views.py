"""The accidents API: scoped lists and details, and every workflow step as an explicit action.

Actions look up their row first (404 outside scope), then read the body (400), then call
the service, which checks the transition table (403, then 400 for the state).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from anjian.accidents.api import serializers as s
from anjian.accidents.lists import (
    ACCIDENT_LIST,
    ACKNOWLEDGEMENT_LIST,
    INVESTIGATION_LIST,
    PUBLICATION_LIST,
    SANCTION_LIST,
    TASK_LIST,
    TIMELINESS_LIST,
    WARNING_LIST,
)
from anjian.accidents.models import (
    Accident,
    AccidentGrade,
    EnterpriseSanction,
    EscalationRule,
    IndustryWarning,
    Investigation,
    Publication,
    SupervisionTask,
    WarningAcknowledgement,
)
from anjian.accidents.rulebook import flagged
from anjian.accidents.services import accidents as accident_services
from anjian.accidents.services import escalation, investigations, publications, sanctions, warnings
from anjian.accidents.stats import params
from anjian.core.api_base import (
    ReferenceReadOnlyViewSet,
    ScopedCreateUpdateViewSet,
    ScopedReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceViewSetMixin,
    form_parameters,
)
from anjian.core.imports.api import FirstRendererNegotiation
from anjian.core.spreadsheets import XLSX_CONTENT_TYPE


class DetailAnswers(ServiceViewSetMixin):
    """Rows as the list declares them; one row, and every step's answer, as its detail."""

    detail_serializer_class: type[serializers.Serializer]
    row_name: str  # the service's keyword for the row

    def get_serializer_class(self):
        return self.serializer_class if self.action == "list" else self.detail_serializer_class

    def answer(self, obj, code=status.HTTP_200_OK) -> Response:
        self.serializer_class = self.detail_serializer_class
        return super().answer(obj, code)

    def step(self, service, body=None, code=status.HTTP_200_OK) -> Response:
        """Look the row up (404), read the body (400), run the service; answer the row."""
        row = self.get_object()
        data = self.body(body) if body else {}
        service(by=self.request.user, **{self.row_name: row}, **data)
        return self.answer(row, code)


# ---- accidents ----------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.AccidentCreateSerializer, responses={201: s.AccidentDetailSerializer}
    ),
    update=extend_schema(request=s.AccidentUpdateSerializer, responses=s.AccidentDetailSerializer),
    partial_update=extend_schema(
        request=s.AccidentUpdateSerializer, responses=s.AccidentDetailSerializer
    ),
)
class AccidentViewSet(ServiceCreateMixin, DetailAnswers, ScopedCreateUpdateViewSet):
    """Accidents (生产安全事故) in the caller's jurisdiction; the platform computes the grade."""

    queryset = Accident.objects.select_related(*ACCIDENT_LIST.related)
    serializer_class = s.AccidentSerializer
    detail_serializer_class = s.AccidentDetailSerializer
    create_serializer_class = s.AccidentCreateSerializer
    row_name = "accident"
    filterset_class = ACCIDENT_LIST.filterset_class
    search_fields = ["title", "place"]
    ordering_fields = ["occurred_at", "deaths", "id"]
    ordering = list(ACCIDENT_LIST.order_by)
    action_permissions = {
        "update_figures": "change",
        "override_grade": "override",
        "report_upward": "change",
        "timeliness": "view",
        "statistics": "view",
        "export": "view",
    }

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            return qs
        return qs.prefetch_related(
            "reports",
            "revisions__grade_before",
            "revisions__grade_after",
            "revisions__computed_grade",
        )

    def get_serializer_class(self):
        if self.action == "create":
            return s.AccidentCreateSerializer
        if self.action in ("update", "partial_update"):
            return s.AccidentUpdateSerializer
        return super().get_serializer_class()

    def create_from(self, data):
        extra = {
            key: data.pop(key) for key in ("unit_reported_at", "reporting_unit") if key in data
        }
        return accident_services.accident_report(by=self.request.user, data=data, **extra)

    def update(self, request, *args, **kwargs):
        accident = self.get_object()
        body = s.AccidentUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        expected = data.pop("expected_version", None)
        accident_services.accident_update(
            by=request.user, accident=accident, data=data, expected_version=expected
        )
        return self.answer(accident)

    @extend_schema(request=s.FiguresSerializer, responses=s.AccidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="update-figures")
    def update_figures(self, request, pk=None):
        """Record changed casualties or loss; the grade follows them only inside the window."""
        accident = self.get_object()
        data = self.body(s.FiguresSerializer)
        reason, expected = data.pop("reason", ""), data.pop("expected_version", None)
        accident_services.accident_update_figures(
            by=request.user,
            accident=accident,
            figures=data,
            reason=reason,
            expected_version=expected,
        )
        return self.answer(accident)

    @extend_schema(request=s.OverrideSerializer, responses=s.AccidentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="override-grade")
    def override_grade(self, request, pk=None):
        """Set the grade by an authorised decision with a reason (安委办)."""
        return self.step(accident_services.accident_override_grade, s.OverrideSerializer)

    @extend_schema(request=s.ReportUpwardSerializer, responses={201: s.AccidentReportSerializer})
    @action(detail=True, methods=["post"], url_path="report-upward")
    def report_upward(self, request, pk=None):
        """Record the next level's report up the chain (县 → 市 → 省 → 国务院有关部门)."""
        accident = self.get_object()
        report = accident_services.report_upward(
            by=request.user, accident=accident, **self.body(s.ReportUpwardSerializer)
        )
        return Response(s.AccidentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TIMELINESS_LIST.serializer()(many=True), filters=True)
    @action(detail=False, methods=["get"])
    def timeliness(self, request):
        """Accidents with a late (迟报) or missing (未报，疑似瞒报/漏报) report (newest 500)."""
        rows = flagged(self.filter_queryset(self.get_queryset()))
        return Response(TIMELINESS_LIST.serializer()(rows, many=True).data)

    @extend_schema(
        parameters=form_parameters(params.StatisticsForm),
        responses=OpenApiTypes.OBJECT,
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def statistics(self, request):
        """Accidents and deaths by region, sector, category, grade and month; 同比, 环比, 两下降."""
        form = params.bound(request.query_params, request.user)
        if form.errors:
            raise serializers.ValidationError(
                {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            )
        return Response(params.statistics(form, request.user))

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY}, filters=True)
    @action(detail=False, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def export(self, request):
        """The filtered, scoped accident list as .xlsx."""
        return ACCIDENT_LIST.export(self.filter_queryset(self.get_queryset()))


# ---- investigations and supervision tasks -------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.InvestigationOpenSerializer, responses={201: s.InvestigationDetailSerializer}
    ),
    update=extend_schema(request=s.InvestigationUpdateSerializer),
    partial_update=extend_schema(request=s.InvestigationUpdateSerializer),
)
class InvestigationViewSet(ServiceCreateMixin, DetailAnswers, ScopedCreateUpdateViewSet):
    """Accident investigations (事故调查) in the caller's jurisdiction."""

    queryset = Investigation.objects.select_related("accident")
    serializer_class = s.InvestigationSerializer
    detail_serializer_class = s.InvestigationDetailSerializer
    row_name = "investigation"
    create_serializer_class = s.InvestigationOpenSerializer
    filterset_class = INVESTIGATION_LIST.filterset_class
    ordering = list(INVESTIGATION_LIST.order_by)
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

    def get_queryset(self):
        qs = super().get_queryset()
        return qs if self.action == "list" else qs.prefetch_related("findings", "measures")

    def create_from(self, data):
        return investigations.investigation_open(by=self.request.user, **data)

    def update(self, request, *args, **kwargs):
        investigation = self.get_object()
        data = self.body(s.InvestigationUpdateSerializer)
        expected = data.pop("expected_version", None)
        investigations.investigation_update(
            by=request.user, investigation=investigation, data=data, expected_version=expected
        )
        return self.answer(investigation)

    @extend_schema(request=s.FindingSerializer, responses={201: s.InvestigationDetailSerializer})
    @action(detail=True, methods=["post"], url_path="findings")
    def add_finding(self, request, pk=None):
        """Record a responsibility finding (person or unit) and its handling."""
        return self.step(investigations.finding_add, s.FindingSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MeasureInputSerializer, responses={201: s.InvestigationDetailSerializer}
    )
    @action(detail=True, methods=["post"], url_path="measures")
    def add_measure(self, request, pk=None):
        """Record a rectification measure (it may become a hazard or an obligation)."""
        return self.step(investigations.measure_add, s.MeasureInputSerializer, 201)

    @extend_schema(request=None, responses=s.InvestigationDetailSerializer)
    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_id>\d+)/complete")
    def complete_measure(self, request, pk=None, measure_id=None):
        """Mark one rectification measure done."""
        investigation = self.get_object()
        measure = get_object_or_404(investigation.measures, pk=measure_id)
        investigations.measure_complete(by=request.user, measure=measure)
        return self.answer(investigation)

    @extend_schema(request=s.ChecklistSerializer, responses=s.InvestigationDetailSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        """Set the 四不放过 items."""
        investigation = self.get_object()
        flags = self.body(s.ChecklistSerializer)
        investigations.investigation_set_checklist(
            by=request.user, investigation=investigation, flags=flags
        )
        return self.answer(investigation)

    @extend_schema(request=s.SubmitReportSerializer, responses=s.InvestigationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="submit-report")
    def submit_report(self, request, pk=None):
        """Submit the investigation report (due 60 days after the accident)."""
        return self.step(investigations.investigation_submit_report, s.SubmitReportSerializer)

    @extend_schema(request=s.ReplySerializer, responses=s.InvestigationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Record the reply (批复), due 15 days after the report (30 for 特别重大)."""
        return self.step(investigations.investigation_record_reply, s.ReplySerializer)

    @extend_schema(request=None, responses=s.InvestigationDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the case; refused until the reply is in and 四不放过 is complete."""
        return self.step(investigations.investigation_close)


class SupervisionTaskViewSet(DetailAnswers, ScopedReadOnlyViewSet):
    """Supervision tasks in the caller's jurisdiction (opened by the platform, closed by 安委办)."""

    queryset = SupervisionTask.objects.select_related(*TASK_LIST.related).prefetch_related(
        "accidents"
    )
    serializer_class = s.SupervisionTaskSerializer
    detail_serializer_class = s.SupervisionTaskDetailSerializer
    row_name = "task"
    filterset_class = TASK_LIST.filterset_class
    ordering = list(TASK_LIST.order_by)
    action_permissions = {"close": "change"}

    @extend_schema(request=s.CloseTaskSerializer, responses=s.SupervisionTaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the task with its conclusion."""
        return self.step(escalation.supervision_task_close, s.CloseTaskSerializer)


# ---- warnings, sanctions, 曝光台 ------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=s.WarningIssueSerializer, responses={201: s.IndustryWarningSerializer}
    )
)
class IndustryWarningViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Same-industry warnings (一厂出事故、万厂受教育) with acknowledgement rates."""

    queryset = IndustryWarning.objects.select_related(*WARNING_LIST.related).with_rates()
    serializer_class = s.IndustryWarningSerializer
    create_serializer_class = s.WarningIssueSerializer
    filterset_class = WARNING_LIST.filterset_class
    ordering = list(WARNING_LIST.order_by)

    def create_from(self, data):
        return warnings.warning_issue(by=self.request.user, **data)


class WarningAcknowledgementViewSet(DetailAnswers, ScopedReadOnlyViewSet):
    """Warnings enterprises received; each acknowledges and records its self-inspection."""

    queryset = WarningAcknowledgement.objects.select_related(*ACKNOWLEDGEMENT_LIST.related)
    serializer_class = s.AcknowledgementSerializer
    detail_serializer_class = s.AcknowledgementDetailSerializer
    row_name = "acknowledgement"
    filterset_class = ACKNOWLEDGEMENT_LIST.filterset_class
    ordering = list(ACKNOWLEDGEMENT_LIST.order_by)
    action_permissions = {"acknowledge": "change", "self_inspection": "change"}

    @extend_schema(request=None, responses=s.AcknowledgementDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Confirm receipt of the warning."""
        return self.step(warnings.warning_acknowledge)

    @extend_schema(request=s.SelfInspectionSerializer, responses=s.AcknowledgementDetailSerializer)
    @action(detail=True, methods=["post"], url_path="self-inspection")
    def self_inspection(self, request, pk=None):
        """Record the self-inspection the warning asked for."""
        return self.step(warnings.warning_record_self_inspection, s.SelfInspectionSerializer)


@extend_schema_view(
    create=extend_schema(
        request=s.SanctionImposeSerializer, responses={201: s.SanctionDetailSerializer}
    )
)
class EnterpriseSanctionViewSet(ServiceCreateMixin, DetailAnswers, ScopedReadOnlyViewSet):
    """Sanctions after accidents: standardisation revoked, licence or production suspended."""

    queryset = EnterpriseSanction.objects.select_related(*SANCTION_LIST.related)
    serializer_class = s.SanctionSerializer
    detail_serializer_class = s.SanctionDetailSerializer
    row_name = "sanction"
    create_serializer_class = s.SanctionImposeSerializer
    filterset_class = SANCTION_LIST.filterset_class
    ordering = list(SANCTION_LIST.order_by)
    action_permissions = {"check_item": "change", "lift": "change"}

    def create_from(self, data):
        return sanctions.sanction_impose(by=self.request.user, **data)

    @extend_schema(request=s.CheckItemSerializer, responses=s.SanctionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="check-item")
    def check_item(self, request, pk=None):
        """Tick or untick one 复工复产 checklist item."""
        return self.step(sanctions.sanction_check_item, s.CheckItemSerializer)

    @extend_schema(request=s.LiftSerializer, responses=s.SanctionDetailSerializer)
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Approve 复工复产 (refused until every checklist item is ticked)."""
        return self.step(sanctions.sanction_lift, s.LiftSerializer)


@extend_schema_view(
    create=extend_schema(
        request=s.PublishSerializer, responses={201: s.PublicationDetailSerializer}
    )
)
class PublicationViewSet(ServiceCreateMixin, DetailAnswers, ScopedReadOnlyViewSet):
    """曝光台 entries of the caller's jurisdiction; publishing refuses personal data."""

    queryset = Publication.objects.select_related(*PUBLICATION_LIST.related)
    serializer_class = s.PublicationSerializer
    detail_serializer_class = s.PublicationDetailSerializer
    row_name = "publication"
    create_serializer_class = s.PublishSerializer
    filterset_class = PUBLICATION_LIST.filterset_class
    ordering = list(PUBLICATION_LIST.order_by)
    action_permissions = {"withdraw": "change"}

    def create_from(self, data):
        return publications.publish(by=self.request.user, **data)

    @extend_schema(request=s.WithdrawSerializer, responses=s.PublicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the entry off the public page."""
        return self.step(publications.publication_withdraw, s.WithdrawSerializer)


# ---- reference data -----------------------------------------------------------------------


class _ReferenceViewSet(ReferenceReadOnlyViewSet):
    lookup_field = "code"
    pagination_class = None
    filter_backends: list = []


class AccidentGradeViewSet(_ReferenceViewSet):
    """Accident grades (国务院令第493号第三条), reference data."""

    queryset = AccidentGrade.objects.all()
    serializer_class = s.AccidentGradeSerializer


class EscalationRuleViewSet(_ReferenceViewSet):
    """Escalation rules (data, not code)."""

    queryset = EscalationRule.objects.select_related("min_grade")
    serializer_class = s.EscalationRuleSerializer
