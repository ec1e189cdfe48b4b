"""REST API of the duties app: thin serializers and viewsets that call the services."""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from anjian.core.api_base import (
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
)
from anjian.core.models import Department, Region
from anjian.duties import filters
from anjian.duties.models import (
    Indicator,
    Notice,
    Notification,
    Obligation,
    ObligationUnit,
    Occurrence,
    ProgressReport,
    UnitRole,
)
from anjian.duties.services import notices as notice_services
from anjian.duties.services import progress as progress_services


class NoticeSerializer(serializers.ModelSerializer):
    """A notice with its task count."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "doc_number",
            "issuer",
            "date",
            "year",
            "region",
            "region_name",
            "status",
            "source_name",
            "task_count",
            "created_at",
        ]


class NoticeUploadSerializer(serializers.Serializer):
    """multipart: the notice file, the issuing region and optionally the work year."""

    file = serializers.FileField()
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class UnitMapSerializer(serializers.Serializer):
    """An unresolved unit name and the department it means (remembered as an alias)."""

    name = serializers.CharField(max_length=200)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all())


class ObligationUnitSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ObligationUnit
        fields = ["department", "department_name", "role", "source_name"]


class IndicatorSerializer(serializers.ModelSerializer):
    """A target and its current value."""

    class Meta:
        model = Indicator
        fields = ["id", "obligation", "target_value", "unit", "phrase", "current_value"]


class ObligationSerializer(serializers.ModelSerializer):
    """A task with its units (lead/support), pending unit names and indicators."""

    units = ObligationUnitSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "notice",
            "number",
            "text",
            "deadline_text",
            "units",
            "pending_units",
            "indicators",
        ]


class AssignSerializer(serializers.Serializer):
    """Departments to make responsible, their role, and the pending name they stand for."""

    departments = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), many=True)
    role = serializers.ChoiceField(choices=UnitRole.choices, default=UnitRole.LEAD)
    name = serializers.CharField(required=False, allow_blank=True, default="")


class OccurrenceSerializer(ScopedModelSerializer):
    """One period of one department's work on a task."""

    obligation_number = serializers.IntegerField(source="obligation.number", read_only=True)
    notice = serializers.IntegerField(source="obligation.notice_id", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "obligation",
            "obligation_number",
            "notice",
            "department",
            "department_name",
            "role",
            "period",
            "due_date",
            "status",
            "overdue",
            "submitted_at",
            "accepted_at",
            "on_time",
        ]
        read_only_fields = fields


class ProgressSubmitSerializer(serializers.Serializer):
    """multipart: the progress text and any evidence files."""

    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ProgressReportSerializer(serializers.ModelSerializer):
    """A submitted report, its decision and evidence file names."""

    evidence = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    by = serializers.IntegerField(source="reported_by_id", read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "occurrence",
            "department",
            "text",
            "by",
            "submitted_at",
            "decision",
            "reason",
            "decided_by",
            "decided_at",
            "evidence",
        ]


class IndicatorRecordSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "department", "occurrence", "kind", "message", "created_at"]


class NoticeViewSet(ScopedReadOnlyViewSet):
    """Notices (政策文件) of the caller's jurisdiction; upload one as multipart."""

    queryset = (
        Notice.objects.select_related("region")
        .annotate(task_count=Count("obligations"))
        .order_by("-year", "-id")
    )
    serializer_class = NoticeSerializer
    filterset_class = filters.NoticeFilterSet
    ordering = ["-year", "-id"]
    action_permissions = {"upload": "add", "map_unit": "change"}

    @extend_schema(
        request={"multipart/form-data": NoticeUploadSerializer},
        responses={201: NoticeSerializer},
        description="Parse and store a notice; its task items become obligations. "
        "A bad file answers 400 naming the problem, and nothing is stored.",
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        body = NoticeUploadSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        notice = notice_services.notice_upload(by=request.user, **body.validated_data)
        notice.task_count = notice.obligations.count()
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnitMapSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="map-unit")
    def map_unit(self, request, pk=None):
        """Map an unresolved unit name to a department (learned as an alias)."""
        body = UnitMapSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        count = notice_services.unit_map(
            by=request.user, notice=self.get_object(), **body.validated_data
        )
        return Response({"obligations": count})


class ObligationViewSet(ScopedReadOnlyViewSet):
    """Obligations (任务) the caller may see; the coordinator assigns units."""

    queryset = Obligation.objects.prefetch_related(
        Prefetch("units", queryset=ObligationUnit.objects.select_related("department")),
        "indicators",
    )
    serializer_class = ObligationSerializer
    filterset_class = filters.ObligationFilterSet
    ordering = ["notice", "number"]
    action_permissions = {"assign": "change"}

    @extend_schema(request=AssignSerializer, responses=ObligationSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Make departments responsible (lead or support), for a pending unit name or extra."""
        body = AssignSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        obligation = notice_services.obligation_assign(
            by=request.user, obligation=self.get_object(), **body.validated_data
        )
        return Response(ObligationSerializer(self.get_queryset().get(pk=obligation.pk)).data)


class OccurrenceViewSet(ScopedReadOnlyViewSet):
    """Periods of work; departments submit progress, the coordinator accepts or returns it."""

    queryset = Occurrence.objects.select_related("obligation", "department")
    serializer_class = OccurrenceSerializer
    filterset_class = filters.OccurrenceFilterSet
    ordering = ["due_date", "id"]
    action_permissions = {
        "submit": "submit",
        "accept": "review",
        "return_": "review",
        "reports": "view",
    }

    @extend_schema(
        request={"multipart/form-data": ProgressSubmitSerializer},
        responses={201: ProgressReportSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def submit(self, request, pk=None):
        """Submit progress (text and evidence files) for an open or returned period."""
        data = {"text": request.data.get("text", ""), "files": request.FILES.getlist("files")}
        body = ProgressSubmitSerializer(data=data)
        body.is_valid(raise_exception=True)
        report = progress_services.progress_submit(
            by=request.user, occurrence=self.get_object(), **body.validated_data
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OccurrenceSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the submitted progress."""
        occurrence = progress_services.progress_accept(
            by=request.user, occurrence=self.get_object()
        )
        return Response(OccurrenceSerializer(occurrence).data)

    @extend_schema(request=ReturnSerializer, responses=OccurrenceSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return the submitted progress with a reason."""
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        occurrence = progress_services.progress_return(
            by=request.user, occurrence=self.get_object(), **body.validated_data
        )
        return Response(OccurrenceSerializer(occurrence).data)

    @extend_schema(responses=ProgressReportSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def reports(self, request, pk=None):
        """The period's progress reports, newest first."""
        reports = (
            ProgressReport.objects.visible_to(request.user)
            .filter(occurrence=self.get_object())
            .prefetch_related("evidence")
        )
        return Response(ProgressReportSerializer(reports, many=True).data)


class IndicatorViewSet(ScopedReadOnlyViewSet):
    """Quantified targets; responsible departments and the coordinator record values."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    ordering = ["obligation", "id"]
    action_permissions = {"record": "change"}

    @extend_schema(request=IndicatorRecordSerializer, responses=IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the current value towards the target."""
        body = IndicatorRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        indicator = self.get_object()
        progress_services.indicator_record(
            by=request.user, indicator=indicator, **body.validated_data
        )
        indicator.refresh_from_db()
        return Response(IndicatorSerializer(indicator).data)


class NotificationViewSet(ScopedReadOnlyViewSet):
    """我的提醒: reminders, overdue notices and returns for the caller's departments."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = filters.NotificationFilterSet
    ordering = ["-created_at", "-id"]
