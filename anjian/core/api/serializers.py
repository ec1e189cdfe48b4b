"""Serializers of the core API. A list row is its list's API columns (``core.tables``); the
detail of a writable model is that row, writable, its related ids limited to the caller's
scope (``ScopedModelSerializer``)."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.api_base import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from anjian.core.models import (
    AccidentCategory,
    Department,
    Enterprise,
    Region,
    RoleAssignment,
    Sector,
)
from anjian.core.roles import Role
from anjian.core.tables import AUDIT_LIST, DEPARTMENT_LIST, ENTERPRISE_LIST, REGION_LIST, USER_LIST

RegionSerializer = REGION_LIST.serializer()
AuditEventSerializer = AUDIT_LIST.serializer()
EnterpriseListSerializer = ENTERPRISE_LIST.serializer()
DepartmentListSerializer = DEPARTMENT_LIST.serializer()


class SectorSerializer(serializers.ModelSerializer):
    """An industry sector."""

    class Meta:
        model = Sector
        fields = ["id", "code", "name", "is_high_risk"]


class AccidentCategorySerializer(serializers.ModelSerializer):
    """A GB 6441 category."""

    class Meta:
        model = AccidentCategory
        fields = ["id", "code", "name", "is_fire"]


class DepartmentSerializer(ScopedModelSerializer, DepartmentListSerializer):
    """A government unit, its supervised sectors and aliases; what a create or edit sends."""

    sectors = serializers.PrimaryKeyRelatedField(
        queryset=Sector.objects.all(), many=True, required=False
    )

    class Meta(DepartmentListSerializer.Meta):
        read_only_fields = ()


class EnterpriseSerializer(ScopedModelSerializer, EnterpriseListSerializer):
    """An enterprise with the names of what it points to; ``version`` guards concurrent edits."""

    version = serializers.IntegerField(
        required=False,
        help_text="The version you read; if the record changed since, the update answers 409.",
    )

    class Meta(EnterpriseListSerializer.Meta):
        read_only_fields = ["updated_at"]


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


UserRowSerializer = USER_LIST.serializer()


class UserSerializer(ScopedModelSerializer, UserRowSerializer):
    """A login, where it belongs and the roles it holds (list rows and detail alike)."""

    role_assignments = RoleAssignmentSerializer(many=True, read_only=True)
    password = serializers.CharField(
        write_only=True, required=True, style={"input_type": "password"}
    )

    class Meta(UserRowSerializer.Meta):
        fields = [*UserRowSerializer.Meta.fields, "role_assignments", "password"]
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
