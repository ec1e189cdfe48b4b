"""The duties API: scoped lists and details, and each step as an explicit action that calls
its service (the object is looked up first: 404 outside scope before the body is read)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from anjian.core.access import access_for
from anjian.core.api_base import ScopedReadOnlyViewSet, ServiceViewSetMixin
from anjian.duties import lists
from anjian.duties.api import serializers
from anjian.duties.models import (
    Indicator,
    Notice,
    Notification,
    Obligation,
    Occurrence,
    ProgressReport,
)
from anjian.duties.selectors import UNITS
from anjian.duties.services import notices as notice_services
from anjian.duties.services import progress as progress_services


class StepViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """A scoped read-only viewset whose actions are steps on one object (its ``subject``)."""

    subject = ""

    def step(self, service, body=None):
        """Find the object (404 outside scope, before the body is read), read the body, run
        the service and answer with the object as it is now."""
        obj = self.get_object()
        data = self.body(body) if body is not None else {}
        service(by=self.request.user, **{self.subject: obj}, **data)
        return self.answer(obj)


class NoticeViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """Notices (政策文件) of the caller's jurisdiction; upload one as multipart."""

    queryset = Notice.objects.select_related(*lists.NOTICE_LIST.related).with_task_count()
    serializer_class = serializers.NoticeSerializer
    filterset_class = lists.NOTICE_LIST.filterset_class
    ordering = lists.NOTICE_LIST.order_by
    action_permissions = {"upload": "add", "map_unit": "change"}

    @extend_schema(
        request={"multipart/form-data": serializers.NoticeUploadSerializer},
        responses={201: serializers.NoticeSerializer},
        description="Parse and store a notice; its task items become obligations. "
        "A bad file answers 400 naming the problem, and nothing is stored.",
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        data = self.body(serializers.NoticeUploadSerializer)
        notice = notice_services.notice_upload(by=request.user, **data)
        return self.answer(notice, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.UnitMapSerializer, responses={200: None})
    @action(detail=True, methods=["post"], url_path="map-unit")
    def map_unit(self, request, pk=None):
        """Map an unresolved unit name to a department (learned as an alias)."""
        notice = self.get_object()
        data = self.body(serializers.UnitMapSerializer)
        count = notice_services.unit_map(by=request.user, notice=notice, **data)
        return Response({"obligations": count})


class ObligationViewSet(StepViewSet):
    """Obligations (任务) the caller may see; the coordinator assigns units."""

    queryset = Obligation.objects.prefetch_related(UNITS, "indicators")
    serializer_class = serializers.ObligationSerializer
    filterset_class = lists.OBLIGATION_LIST.filterset_class
    ordering = lists.OBLIGATION_LIST.order_by
    action_permissions = {"assign": "change"}
    subject = "obligation"

    @extend_schema(request=serializers.AssignSerializer, responses=serializers.ObligationSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Make departments responsible (lead or support), for a pending unit name or extra."""
        return self.step(notice_services.obligation_assign, serializers.AssignSerializer)


class OccurrenceViewSet(StepViewSet):
    """Periods of work; departments submit progress, the coordinator accepts or returns it."""

    queryset = Occurrence.objects.select_related(*lists.OCCURRENCE_LIST.related)
    serializer_class = serializers.OccurrenceSerializer
    filterset_class = lists.OCCURRENCE_LIST.filterset_class
    ordering = lists.OCCURRENCE_LIST.order_by
    action_permissions = {
        "submit": "submit",
        "accept": "review",
        "return_": "review",
        "reports": "view",
    }
    subject = "occurrence"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OccurrenceDetailSerializer
        return super().get_serializer_class()

    def answer(self, obj, code=status.HTTP_200_OK):
        self.serializer_class = serializers.OccurrenceDetailSerializer
        return super().answer(obj, code)

    @extend_schema(
        request={"multipart/form-data": serializers.ProgressSubmitSerializer},
        responses={201: serializers.ProgressReportSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def submit(self, request, pk=None):
        """Submit progress (text and evidence files) for an open or returned period."""
        occurrence = self.get_object()
        data = {"text": request.data.get("text", ""), "files": request.FILES.getlist("files")}
        body = serializers.ProgressSubmitSerializer(data=data)
        body.is_valid(raise_exception=True)
        report = progress_services.progress_submit(
            by=request.user, occurrence=occurrence, **body.validated_data
        )
        return Response(
            serializers.ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=serializers.OccurrenceDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the submitted progress."""
        return self.step(progress_services.progress_accept)

    @extend_schema(
        request=serializers.ReturnSerializer, responses=serializers.OccurrenceDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return the submitted progress with a reason."""
        return self.step(progress_services.progress_return, serializers.ReturnSerializer)

    @extend_schema(responses=serializers.ProgressReportSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def reports(self, request, pk=None):
        """The period's progress reports, newest first."""
        reports = access_for(request.user).scope(ProgressReport)
        reports = reports.filter(occurrence=self.get_object()).prefetch_related("evidence")
        return Response(serializers.ProgressReportSerializer(reports, many=True).data)


class IndicatorViewSet(StepViewSet):
    """Quantified targets; responsible departments and the coordinator record values."""

    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    ordering = lists.INDICATOR_LIST.order_by
    action_permissions = {"record": "change"}
    subject = "indicator"

    @extend_schema(
        request=serializers.IndicatorRecordSerializer, responses=serializers.IndicatorSerializer
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the current value towards the target."""
        return self.step(progress_services.indicator_record, serializers.IndicatorRecordSerializer)


class NotificationViewSet(ScopedReadOnlyViewSet):
    """我的提醒: reminders, overdue notices and returns for the caller's departments."""

    queryset = Notification.objects.select_related(*lists.NOTIFICATION_LIST.related)
    serializer_class = serializers.NotificationSerializer
    filterset_class = lists.NOTIFICATION_LIST.filterset_class
    ordering = lists.NOTIFICATION_LIST.order_by
