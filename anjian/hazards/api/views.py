"""The hazard ledger API: scoped lists, and every lifecycle step as an explicit endpoint."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from anjian.core.api_base import ScopedReadOnlyViewSet, ServiceCreateMixin, ServiceViewSetMixin
from anjian.hazards import filters
from anjian.hazards.api.serializers import (
    DeadlineExtensionSerializer,
    DoubleReportSerializer,
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    HazardAssignSerializer,
    HazardCloseSerializer,
    HazardDetailSerializer,
    HazardListingSerializer,
    HazardNotificationSerializer,
    HazardPhotoSerializer,
    HazardReclassifySerializer,
    HazardReportSerializer,
    HazardReturnSerializer,
    HazardSerializer,
    HazardStartSerializer,
    HazardSubmitSerializer,
    ListingRequestSerializer,
    PhotoUploadSerializer,
)
from anjian.hazards.lists import HAZARD_LIST
from anjian.hazards.models import DeadlineExtension, Hazard, HazardListing, HazardNotification
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services


@extend_schema_view(
    create=extend_schema(request=HazardReportSerializer, responses={201: HazardDetailSerializer})
)
class HazardViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """事故隐患: list, detail with its timeline, report, and each lifecycle step."""

    queryset = Hazard.objects.select_related(*HAZARD_LIST.related)
    serializer_class = HazardSerializer
    create_serializer_class = HazardReportSerializer
    filterset_class = HAZARD_LIST.filterset_class
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
            queryset = queryset.prefetch_related(
                "events__actor",
                "photos",
                Prefetch("extensions", DeadlineExtension.objects.all()),
                Prefetch("listings", HazardListing.objects.all()),
            )
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
