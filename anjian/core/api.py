"""REST API of the core app: regions, departments, enterprises and users, all scoped."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from anjian.core import filters
from anjian.core.api_base import (
    ReferenceReadOnlyViewSet,
    ScopedCreateUpdateViewSet,
    ScopedModelSerializer,
    ScopedPrimaryKeyRelatedField,
    ScopedReadOnlyViewSet,
)
from anjian.core.imports.api import (  # noqa: F401  FirstRendererNegotiation: re-exported
    FirstRendererNegotiation,
    SpreadsheetImportMixin,
)
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
from anjian.core.roles import Role
from anjian.core.services import departments as department_services
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services import users as user_services
from anjian.core.services.enterprise_import import ENTERPRISES


class RegionSerializer(serializers.ModelSerializer):
    """A region with its level and parent."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = [
            "id",
            "code",
            "name",
            "full_name",
            "level",
            "level_display",
            "parent",
            "path",
            "historical_codes",
        ]


class RegionViewSet(ScopedReadOnlyViewSet):
    """Administrative divisions the caller's jurisdiction covers (reference data: read-only)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "level"]
    ordering = ["path"]


class SectorSerializer(serializers.ModelSerializer):
    """An industry sector."""

    class Meta:
        model = Sector
        fields = ["id", "code", "name", "is_high_risk"]


class SectorViewSet(ReferenceReadOnlyViewSet):
    """Industry sectors (reference data)."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    pagination_class = None
    filter_backends: list = []


class AccidentCategorySerializer(serializers.ModelSerializer):
    """A GB 6441 category."""

    class Meta:
        model = AccidentCategory
        fields = ["id", "code", "name", "is_fire"]


class AccidentCategoryViewSet(ReferenceReadOnlyViewSet):
    """GB 6441-1986 accident categories, reference data."""

    queryset = AccidentCategory.objects.all()
    serializer_class = AccidentCategorySerializer
    pagination_class = None
    filter_backends: list = []


class DepartmentSerializer(ScopedModelSerializer):
    """A government unit, its supervised sectors and aliases."""

    region_name = serializers.CharField(source="region.name", read_only=True)
    sectors = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), many=True, required=False
    )
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Department
        fields = [
            "id",
            "region",
            "region_name",
            "name",
            "short_name",
            "kind",
            "sectors",
            "phone",
            "aliases",
        ]


class DepartmentViewSet(ScopedCreateUpdateViewSet):
    """Government units in the caller's jurisdiction."""

    queryset = Department.objects.select_related("region").prefetch_related(
        "sectors", Prefetch("aliases", queryset=DepartmentAlias.objects.order_by("name"))
    )
    serializer_class = DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "kind"]
    ordering = ["region__path", "name"]

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


class EnterpriseSerializer(ScopedModelSerializer):
    """An enterprise with the names of what it points to; ``version`` guards concurrent edits."""

    sector_name = serializers.CharField(source="sector.name", read_only=True)
    region_name = serializers.CharField(source="region.full_name", read_only=True)
    supervising_department_name = serializers.CharField(
        source="supervising_department.name", read_only=True
    )
    responsible_inspector_name = serializers.CharField(
        source="responsible_inspector.__str__", read_only=True
    )
    version = serializers.IntegerField(
        required=False,
        help_text="The version you read; if the record changed since, the update answers 409.",
    )

    class Meta:
        model = Enterprise
        exclude = ["is_demo", "created_at"]
        read_only_fields = ["updated_at"]


class EnterpriseViewSet(SpreadsheetImportMixin, ScopedCreateUpdateViewSet):
    """Enterprises (生产经营单位) in the caller's jurisdiction."""

    queryset = Enterprise.objects.select_related(
        "sector", "region", "supervising_department", "responsible_inspector"
    )
    serializer_class = EnterpriseSerializer
    filterset_class = filters.EnterpriseFilterSet
    search_fields = ["name", "credit_code", "principal_name"]
    ordering_fields = ["name", "credit_code", "employee_count", "updated_at", "id"]
    ordering = ["-id"]
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


class RoleAssignmentSerializer(ScopedModelSerializer):
    """A role on a region, department or enterprise."""

    role_display = serializers.CharField(source="get_role_display", read_only=True)
    anchor_name = serializers.CharField(source="anchor.__str__", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "role",
            "role_display",
            "region",
            "include_descendants",
            "department",
            "enterprise",
            "anchor_name",
        ]


class UserSerializer(ScopedModelSerializer):
    """A login, where it belongs and the roles it holds."""

    role_assignments = RoleAssignmentSerializer(many=True, read_only=True)
    password = serializers.CharField(
        write_only=True, required=True, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "phone",
            "region",
            "department",
            "enterprise",
            "is_active",
            "role_assignments",
            "password",
        ]
        read_only_fields = ["is_active"]


class GrantRoleSerializer(serializers.Serializer):
    """Which role to grant, on which one anchor."""

    role = serializers.ChoiceField(choices=Role.choices)
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False)
    include_descendants = serializers.BooleanField(default=True)


class ActiveSerializer(serializers.Serializer):
    """Enable or disable a login."""

    is_active = serializers.BooleanField()


class UserViewSet(ScopedCreateUpdateViewSet):
    """User administration: create logins, enable or disable them, grant and revoke roles."""

    queryset = User.objects.select_related("region").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("region", "department", "enterprise"),
        )
    )
    serializer_class = UserSerializer
    filterset_class = filters.UserFilterSet
    search_fields = ["username", "display_name"]
    ordering_fields = ["username"]
    ordering = ["username"]
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"set_active": "change", "grant_role": "change", "revoke_role": "change"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = user_services.user_create(by=self.request.user, **data)

    @extend_schema(request=ActiveSerializer, responses=UserSerializer)
    @action(detail=True, methods=["post"], url_path="set-active")
    def set_active(self, request, pk=None):
        """Enable or disable the login (users are never deleted)."""
        user = self.get_object()  # 404 outside scope before the body is read
        body = ActiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = user_services.user_set_active(
            by=request.user, user=user, active=body.validated_data["is_active"]
        )
        return Response(UserSerializer(user).data)

    @extend_schema(request=GrantRoleSerializer, responses={201: RoleAssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="grant-role")
    def grant_role(self, request, pk=None):
        """Grant a role on exactly one region, department or enterprise."""
        user = self.get_object()  # 404 outside scope before the body is read
        body = GrantRoleSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        assignment = user_services.role_grant(by=request.user, user=user, **body.validated_data)
        return Response(RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

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


class AuditEventSerializer(serializers.ModelSerializer):
    """One audit event (read-only)."""

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "region",
            "before",
            "after",
            "request_id",
            "prev_hash",
            "hash",
        ]


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit log of the caller's jurisdiction (append-only; no writes here)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = filters.AuditEventFilterSet
    ordering_fields = ["seq"]
    ordering = ["-seq"]
    lookup_field = "seq"
