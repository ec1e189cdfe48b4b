"""The core API: regions, sectors and accident categories (reference data), departments,
enterprises (with their spreadsheet import and export), users and the audit log, all scoped."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core.api import serializers
from anjian.core.api_base import (
    ReferenceReadOnlyViewSet,
    ScopedCreateUpdateViewSet,
    ScopedReadOnlyViewSet,
    ServiceViewSetMixin,
)
from anjian.core.imports.api import SpreadsheetImportMixin
from anjian.core.models import (
    AccidentCategory,
    AuditEvent,
    Department,
    DepartmentAlias,
    Enterprise,
    Region,
    RoleAssignment,
    Sector,
    User,
)
from anjian.core.services import departments as department_services
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services import users as user_services
from anjian.core.services.enterprise_import import ENTERPRISES
from anjian.core.tables import AUDIT_LIST, DEPARTMENT_LIST, ENTERPRISE_LIST, REGION_LIST, USER_LIST


class ListRowsMixin:
    """The list answers its list's rows (``list_serializer_class``); the rest the detail."""

    list_serializer_class = None

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return super().get_serializer_class()


class RegionViewSet(ScopedReadOnlyViewSet):
    """Administrative divisions the caller's jurisdiction covers (reference data: read-only)."""

    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    filterset_class = REGION_LIST.filterset_class
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "level"]
    ordering = list(REGION_LIST.order_by)


class SectorViewSet(ReferenceReadOnlyViewSet):
    """Industry sectors (reference data)."""

    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    pagination_class = None
    filter_backends: list = []


class AccidentCategoryViewSet(ReferenceReadOnlyViewSet):
    """GB 6441-1986 accident categories, reference data."""

    queryset = AccidentCategory.objects.all()
    serializer_class = serializers.AccidentCategorySerializer
    pagination_class = None
    filter_backends: list = []


class DepartmentViewSet(ListRowsMixin, ScopedCreateUpdateViewSet):
    """Government units in the caller's jurisdiction."""

    queryset = Department.objects.select_related(*DEPARTMENT_LIST.related).prefetch_related(
        "sectors", Prefetch("aliases", queryset=DepartmentAlias.objects.order_by("name"))
    )
    serializer_class = serializers.DepartmentSerializer
    list_serializer_class = serializers.DepartmentListSerializer
    filterset_class = DEPARTMENT_LIST.filterset_class
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "kind"]
    ordering = list(DEPARTMENT_LIST.order_by)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", [])
        serializer.instance = department_services.department_create(
            by=self.request.user, data=data, sectors=sectors
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", None)
        serializer.instance = department_services.department_update(
            by=self.request.user, department=serializer.instance, data=data, sectors=sectors
        )


class EnterpriseViewSet(ListRowsMixin, SpreadsheetImportMixin, ScopedCreateUpdateViewSet):
    """Enterprises (生产经营单位) in the caller's jurisdiction."""

    queryset = Enterprise.objects.select_related(*ENTERPRISE_LIST.related)
    serializer_class = serializers.EnterpriseSerializer
    list_serializer_class = serializers.EnterpriseListSerializer
    filterset_class = ENTERPRISE_LIST.filterset_class
    search_fields = ["name", "credit_code", "principal_name"]
    ordering_fields = ["name", "credit_code", "employee_count", "updated_at", "id"]
    ordering = list(ENTERPRISE_LIST.order_by)
    import_spec = ENTERPRISES

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = enterprise_services.enterprise_create(by=self.request.user, data=data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected = data.pop("version", None)
        serializer.instance = enterprise_services.enterprise_update(
            by=self.request.user,
            enterprise=serializer.instance,
            data=data,
            expected_version=expected,
        )


class UserViewSet(ServiceViewSetMixin, ScopedCreateUpdateViewSet):
    """User administration: create logins, enable or disable them, grant and revoke roles."""

    queryset = User.objects.select_related("region").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("region", "department", "enterprise"),
        )
    )
    serializer_class = serializers.UserSerializer
    filterset_class = USER_LIST.filterset_class
    search_fields = ["username", "display_name"]
    ordering_fields = ["username"]
    ordering = list(USER_LIST.order_by)
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"set_active": "change", "grant_role": "change", "revoke_role": "change"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = user_services.user_create(by=self.request.user, **data)

    @extend_schema(request=serializers.ActiveSerializer, responses=serializers.UserSerializer)
    @action(detail=True, methods=["post"], url_path="set-active")
    def set_active(self, request, pk=None):
        """Enable or disable the login (users are never deleted)."""
        user = self.get_object()  # 404 outside scope before the body is read
        active = self.body(serializers.ActiveSerializer)["is_active"]
        return self.answer(user_services.user_set_active(by=request.user, user=user, active=active))

    @extend_schema(
        request=serializers.GrantRoleSerializer,
        responses={201: serializers.RoleAssignmentSerializer},
    )
    @action(detail=True, methods=["post"], url_path="grant-role")
    def grant_role(self, request, pk=None):
        """Grant a role on exactly one region, department or enterprise."""
        user = self.get_object()  # 404 outside scope before the body is read
        assignment = user_services.role_grant(
            by=request.user, user=user, **self.body(serializers.GrantRoleSerializer)
        )
        return Response(
            serializers.RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path=r"revoke-role/(?P<assignment_id>\d+)")
    def revoke_role(self, request, pk=None, assignment_id=None):
        """Revoke one of the user's role assignments."""
        user = self.get_object()
        assignment = user.role_assignments.filter(pk=assignment_id).first()
        if assignment is None:
            return Response(
                {"detail": "该用户没有这项角色授权。"}, status=status.HTTP_404_NOT_FOUND
            )
        user_services.role_revoke(by=request.user, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit log of the caller's jurisdiction (append-only; no writes here)."""

    queryset = AuditEvent.objects.all()
    serializer_class = serializers.AuditEventSerializer
    filterset_class = AUDIT_LIST.filterset_class
    ordering_fields = ["seq"]
    ordering = list(AUDIT_LIST.order_by)
    lookup_field = "seq"
