"""The hazard ledger API: scoped lists, and every lifecycle step as an explicit endpoint."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from anjian.core.api_base import (
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceViewSetMixin,
)
from anjian.core.models import Department, Enterprise, Region
from anjian.hazards import filters
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
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
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


LIST_FIELDS = [
    "id",
    "enterprise",
    "enterprise_name",
    "region",
    "region_name",
    "sector",
    "source",
    "found_at",
    "place",
    "level",
    "status",
    "owner_name",
    "deadline",
    "is_overdue",
    "is_listed",
    "double_report_late",
    "repeat_of",
    "version",
]


class HazardSerializer(serializers.ModelSerializer):
    """A hazard as a ledger row (the list); the detail adds everything else."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hazard
        fields = LIST_FIELDS
        read_only_fields = fields


class HazardDetailSerializer(HazardSerializer):
    """A hazard with all its fields, its timeline and its photos."""

    events = HazardEventSerializer(many=True, read_only=True)
    photos = HazardPhotoSerializer(many=True, read_only=True)

    class Meta(HazardSerializer.Meta):
        fields = [
            *LIST_FIELDS,
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


@extend_schema_view(
    create=extend_schema(request=HazardReportSerializer, responses={201: HazardDetailSerializer})
)
class HazardViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """事故隐患: list, detail with its timeline, report, and each lifecycle step."""

    queryset = Hazard.objects.select_related("enterprise", "region")
    serializer_class = HazardSerializer
    create_serializer_class = HazardReportSerializer
    filterset_class = filters.HazardFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_permissions = {
        "assign": "assign",
        "start": "rectify",
        "submit": "rectify",
        "close": "verify",
        "give_back": "verify",
        "extension": "view",
        "double_report": "doublereport",
        "list_hazard": "view",
        "photo": "view",
        "reclassify": "verify",
    }

    def get_serializer_class(self):
        if self.action == "retrieve":
            return HazardDetailSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__actor", "photos")
        return queryset

    def answer(self, obj, code=200):
        self.serializer_class = HazardDetailSerializer
        return super().answer(obj, code)

    def create_from(self, data):
        return services.hazard_report(by=self.request.user, **data)

    def _step(self, function, serializer_class, **extra):
        hazard = self.get_object()
        data = self.body(serializer_class)
        return self.answer(function(by=self.request.user, hazard=hazard, **data, **extra))

    @extend_schema(request=HazardAssignSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(services.hazard_assign, HazardAssignSerializer)

    @extend_schema(request=HazardStartSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(services.hazard_start, HazardStartSerializer)

    @extend_schema(request=HazardSubmitSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(services.hazard_submit, HazardSubmitSerializer)

    @extend_schema(request=HazardCloseSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(services.hazard_close, HazardCloseSerializer)

    @extend_schema(request=HazardReturnSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def give_back(self, request, pk=None):
        return self._step(services.hazard_return, HazardReturnSerializer)

    @extend_schema(request=HazardReclassifySerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"])
    def reclassify(self, request, pk=None):
        return self._step(services.hazard_reclassify, HazardReclassifySerializer)

    @extend_schema(request=ExtensionRequestSerializer, responses={201: DeadlineExtensionSerializer})
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        hazard = self.get_object()
        data = self.body(ExtensionRequestSerializer)
        row = followup.extension_request(by=request.user, hazard=hazard, **data)
        return self._plain(DeadlineExtensionSerializer, row, 201)

    @extend_schema(request=DoubleReportSerializer, responses=HazardDetailSerializer)
    @action(detail=True, methods=["post"], url_path="double-report")
    def double_report(self, request, pk=None):
        return self._step(followup.double_report_record, DoubleReportSerializer)

    @extend_schema(request=ListingRequestSerializer, responses={201: HazardListingSerializer})
    @action(detail=True, methods=["post"], url_path="list")
    def list_hazard(self, request, pk=None):
        hazard = self.get_object()
        data = self.body(ListingRequestSerializer)
        listing = followup.hazard_list(by=request.user, hazard=hazard, **data)
        return self._plain(HazardListingSerializer, listing, 201)

    @extend_schema(request=PhotoUploadSerializer, responses={201: HazardPhotoSerializer})
    @action(detail=True, methods=["post"])
    def photo(self, request, pk=None):
        hazard = self.get_object()
        data = self.body(PhotoUploadSerializer)
        row = services.hazard_photo_add(
            by=request.user, hazard=hazard, stage=data["stage"], upload=data["image"]
        )
        return self._plain(HazardPhotoSerializer, row, 201)

    def _plain(self, serializer_class, obj, code):
        return Response(serializer_class(obj).data, status=code)


class DeadlineExtensionViewSet(ServiceViewSetMixin, ScopedReadOnlyViewSet):
    """整改延期申请: list, detail, and the decision by whoever set the deadline."""

    queryset = DeadlineExtension.objects.all()
    serializer_class = DeadlineExtensionSerializer
    filterset_class = filters.DeadlineExtensionFilterSet
    action_permissions = {"decide": "change"}

    @extend_schema(request=ExtensionDecisionSerializer, responses=DeadlineExtensionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        row = self.get_object()
        data = self.body(ExtensionDecisionSerializer)
        return self.answer(followup.extension_decide(by=request.user, extension=row, **data))


class HazardListingViewSet(ScopedReadOnlyViewSet):
    """挂牌督办 records (listing is an action on the hazard; closing comes with 销号)."""

    queryset = HazardListing.objects.select_related("authority", "supervising_unit")
    serializer_class = HazardListingSerializer
    filterset_class = filters.HazardListingFilterSet


class HazardNotificationViewSet(ScopedReadOnlyViewSet):
    """Notifications about hazards in the caller's scope (逾期, 退回, 双报告超期…)."""

    queryset = HazardNotification.objects.all()
    serializer_class = HazardNotificationSerializer
    filterset_class = filters.HazardNotificationFilterSet
