"""REST API of 群众举报: the public submit and lookup (no login, rate-limited), and the handlers'
list, detail and workflow steps (受理, 查证属实, 不予立案, 奖励, 查看联系方式) as explicit actions.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from anjian.core.api_base import (
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ServiceViewSetMixin,
)
from anjian.core.models import Enterprise, Region
from anjian.hazards.models import HazardLevel, PublicReport, PublicReportStatus, RewardStatus
from anjian.hazards.reports import services as reports
from anjian.hazards.reports.filters import PublicReportFilterSet
from anjian.hazards.reports.limits import LOOKUP_LIMIT, NOT_FOUND, SUBMIT_LIMIT

# ---- the public side ----------------------------------------------------------------------------


class PublicRegionSerializer(serializers.ModelSerializer):
    """A county or town the public may choose."""

    class Meta:
        model = Region
        fields = ["id", "name", "full_name", "level", "parent"]
        read_only_fields = fields


class PublicSubmitSerializer(serializers.Serializer):
    """A report from the public (multipart when it carries photos)."""

    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.none(),
        error_messages={
            "required": "请选择隐患所在的县（市、区）或乡镇（街道）。",
            "does_not_exist": "请选择隐患所在的县（市、区）或乡镇（街道）。",
            "incorrect_type": "请选择隐患所在的县（市、区）或乡镇（街道）。",
            "null": "请选择隐患所在的县（市、区）或乡镇（街道）。",
        },
    )
    description = serializers.CharField(
        allow_blank=True, error_messages={"required": "请填写举报内容。"}
    )
    enterprise_name = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=20
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = reports.reportable_regions()


class ReceiptSerializer(serializers.Serializer):
    """Shown once: the code to follow the report with. It cannot be retrieved again."""

    receipt_code = serializers.CharField()
    message = serializers.CharField()


class LookupSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, error_messages={"required": "请输入回执码。"})


class ReceiptStatusSerializer(serializers.Serializer):
    """All the public is told: the status, and the dismissal reason or the hazards created."""

    status = serializers.ChoiceField(choices=PublicReportStatus.choices)
    status_label = serializers.CharField()
    message = serializers.CharField()
    dismiss_reason = serializers.CharField()
    hazards_created = serializers.IntegerField()


def _too_many(limit) -> Response:
    response = Response({"detail": limit.message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    response["Retry-After"] = str(limit.window)
    response["Cache-Control"] = "no-store"
    return response


class PublicReportSubmitViewSet(viewsets.ViewSet):
    """群众举报 without an account: file a report, follow it by receipt code (rate-limited)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": PublicSubmitSerializer,
            "application/json": PublicSubmitSerializer,
        },
        responses={
            201: ReceiptSerializer,
            400: OpenApiResponse(description="字段错误，按字段说明"),
            429: OpenApiResponse(description="同一网络每小时提交次数超过上限"),
        },
        auth=[],
    )
    def create(self, request):
        """File a report; the answer carries the receipt code, shown this once only."""
        if SUBMIT_LIMIT.exceeded(request):
            return _too_many(SUBMIT_LIMIT)
        body = PublicSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _report, code = reports.public_report_submit(**body.validated_data)
        SUBMIT_LIMIT.hit(request)
        answer = {
            "receipt_code": code,
            "message": "举报已提交。请记下回执码：它只显示这一次，凭它可以查询处理结果。",
        }
        response = Response(ReceiptSerializer(answer).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        request=LookupSerializer,
        responses={
            200: ReceiptStatusSerializer,
            404: OpenApiResponse(description="没有与该回执码对应的举报（错码与格式不对的码一样）"),
            429: OpenApiResponse(description="同一网络每小时查询次数超过上限"),
        },
        auth=[],
    )
    @action(detail=False, methods=["post"])
    def lookup(self, request):
        """The status of a report by its receipt code; a wrong code answers "not found"."""
        if LOOKUP_LIMIT.exceeded(request):
            return _too_many(LOOKUP_LIMIT)
        LOOKUP_LIMIT.hit(request)
        body = LookupSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = reports.receipt_lookup(body.validated_data["code"])
        if result is None:
            response = Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
        else:
            data = {**result.__dict__, "message": result.message}
            response = Response(ReceiptStatusSerializer(data).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(responses=PublicRegionSerializer(many=True), auth=[])
    @action(detail=False, methods=["get"])
    def regions(self, request):
        """The counties and towns a report may be filed under."""
        rows = reports.reportable_regions()
        return Response(PublicRegionSerializer(rows, many=True).data)


# ---- the handlers' side -------------------------------------------------------------------------


class PublicReportPhotoSerializer(serializers.Serializer):
    """A photo of the report, downloadable by its handlers only."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField()


class PublicReportSerializer(serializers.ModelSerializer):
    """A report as its handlers see it; the contact only through the ``contact`` action."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    enterprise_display = serializers.CharField(source="enterprise.name", read_only=True, default="")
    has_contact = serializers.BooleanField(read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = PublicReport
        fields = [
            "id",
            "region",
            "region_name",
            "enterprise_name",
            "enterprise",
            "enterprise_display",
            "address",
            "description",
            "has_contact",
            "photos",
            "status",
            "submitted_at",
            "accepted_at",
            "accepted_by",
            "decided_at",
            "decided_by",
            "finding",
            "dismiss_reason",
            "hazards",
            "reward_status",
            "reward_amount",
            "reward_note",
            "reward_decided_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(PublicReportPhotoSerializer(many=True))
    def get_photos(self, obj) -> list[dict]:
        return [
            {
                "id": photo.pk,
                "name": photo.name,
                "url": reverse("hazard_reports:report_photo", args=[obj.pk, photo.pk]),
            }
            for photo in obj.photos.all()
        ]


class AcceptSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    version = serializers.IntegerField(required=False)


class HazardFindingSerializer(serializers.Serializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    place = serializers.CharField(max_length=200)
    description = serializers.CharField()
    level = serializers.ChoiceField(choices=HazardLevel.choices, default=HazardLevel.GENERAL)


class VerifySerializer(serializers.Serializer):
    finding = serializers.CharField()
    hazards = HazardFindingSerializer(many=True)
    copy_photos = serializers.BooleanField(default=False)
    version = serializers.IntegerField(required=False)


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class RewardSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RewardStatus.choices)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class ContactSerializer(serializers.Serializer):
    """The reporter's contact (empty when anonymous). Each call is recorded in the audit chain."""

    name = serializers.CharField()
    phone = serializers.CharField()


class PublicReportViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """Public reports of the caller's jurisdiction and their handling."""

    queryset = PublicReport.objects.select_related("region", "enterprise").prefetch_related(
        "hazards", "photos"
    )
    serializer_class = PublicReportSerializer
    filterset_class = PublicReportFilterSet
    ordering = ["-submitted_at", "-id"]
    action_permissions = {
        "accept": "change",
        "verify": "change",
        "dismiss": "change",
        "reward": "reward",
        "contact": "contact",
    }

    @extend_schema(request=AcceptSerializer, responses=PublicReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """受理: take the report on, naming the enterprise it concerns when known."""
        report = reports.report_accept(
            by=request.user, report=self.get_object(), **self.body(AcceptSerializer)
        )
        return self.answer(report)

    @extend_schema(request=VerifySerializer, responses=PublicReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """查证属实: record the finding and enter each hazard in the ledger (source 群众举报)."""
        report = self.get_object()  # 404 outside scope before the body is read
        data = self.body(VerifySerializer)
        findings = [reports.HazardFinding(**row) for row in data.pop("hazards")]
        report = reports.report_verify(by=request.user, report=report, hazards=findings, **data)
        return self.answer(report)

    @extend_schema(request=DismissSerializer, responses=PublicReportSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """不予立案, with the reason the reporter will see."""
        report = reports.report_dismiss(
            by=request.user, report=self.get_object(), **self.body(DismissSerializer)
        )
        return self.answer(report)

    @extend_schema(request=RewardSerializer, responses=PublicReportSerializer)
    @action(detail=True, methods=["post"])
    def reward(self, request, pk=None):
        """The reward decision: 拟奖励 with an amount, 已发放, or 不予奖励 with a reason."""
        report = reports.report_reward(
            by=request.user, report=self.get_object(), **self.body(RewardSerializer)
        )
        return self.answer(report)

    @extend_schema(request=None, responses=ContactSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """The reporter's contact, decrypted; every call is audited (POST: it leaves a record)."""
        contact = reports.report_contact(by=request.user, report=self.get_object())
        response = Response(ContactSerializer(contact).data)
        response["Cache-Control"] = "no-store"
        return response
