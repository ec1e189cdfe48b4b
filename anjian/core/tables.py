"""The registry's lists, each declared once (``core.lists``, the kit, is the machinery): their
columns are the page table and the API list fields. A column the API carries but the page
does not show is ``api_fields(...)``; one the page shows but the API does not, ``api=False``.

The enterprise list exports the import workbook (``ENTERPRISES``), so an exported file
imports back unchanged.
"""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.filters import (
    AuditEventFilterSet,
    DepartmentFilterSet,
    EnterpriseFilterSet,
    RegionFilterSet,
    UserFilterSet,
)
from anjian.core.lists import Column, ListSpec
from anjian.core.models import AuditEvent, Department, Enterprise, Region, User
from anjian.core.services.enterprise_import import ENTERPRISES

NAME = "core/cells/name.html"  # a link to the row, 演示 for demo rows


def api_fields(names: str = "", **sources: str) -> list[Column]:
    """Fields the API list carries beyond the page's columns (not shown, not exported):
    model fields by name, and ``key="path.on.row"`` for a value read through a relation."""
    keys = {key: "" for key in names.split()} | sources
    return [Column(key, key, source=src, page=False, export=False) for key, src in keys.items()]


ENTERPRISE_LIST = ListSpec(
    model=Enterprise,
    workbook=ENTERPRISES,
    filterset_class=EnterpriseFilterSet,
    related=("sector", "region", "supervising_department", "responsible_inspector"),
    order_by=("-id",),
    empty_text="没有符合条件的单位。",
    columns=[
        *api_fields("id"),
        Column("name", "单位名称", cell=NAME),
        Column("credit_code", "统一社会信用代码", css="small"),
        Column("sector", "行业领域", cell="core/cells/sector.html"),
        Column("region", "属地"),
        Column("supervising_department", "行业监管部门"),
        Column("responsible_inspector", "监管责任人"),
        Column("principal_name", "主要负责人"),
        *api_fields(
            sector_name="sector.name",
            region_name="region.full_name",
            supervising_department_name="supervising_department.name",
            responsible_inspector_name="responsible_inspector.__str__",
        ),
        *api_fields(
            "industry_code scale employee_count address longitude latitude principal_phone"
            " safety_manager_name safety_manager_phone licence_number licence_expiry"
            " standardisation_level standardisation_expiry supervision_class"
            " has_liability_insurance liability_insurance_expiry version updated_at"
        ),
    ],
)

DEPARTMENT_LIST = ListSpec(
    model=Department,
    filterset_class=DepartmentFilterSet,
    related=("region",),
    order_by=("region__path", "name"),
    empty_text="没有符合条件的部门。",
    columns=[
        *api_fields("id"),
        Column("name", "名称", cell=NAME),
        Column("kind", "类别"),
        Column("region", "区划"),
        *api_fields(region_name="region.name"),
        # Counted by the page over the enterprises the reader may see (an annotation).
        Column("enterprise_count", "监管单位数", api=False),
        Column("phone", "电话"),
        *api_fields("short_name sectors"),
        Column(
            "aliases",
            "别名",
            page=False,
            api_field=serializers.SlugRelatedField(slug_field="name", many=True, read_only=True),
        ),
    ],
)

REGION_LIST = ListSpec(
    model=Region,
    name="Region",
    filterset_class=RegionFilterSet,
    order_by=("path",),
    empty_text="没有符合条件的区划。",
    columns=[
        *api_fields("id"),
        Column("code", "代码", css="small"),
        Column("name", "名称", cell=NAME),
        Column("level", "层级"),
        Column(
            "level_display",
            "层级",
            page=False,
            api_field=serializers.CharField(source="get_level_display", read_only=True),
        ),
        Column("full_name", "全称", css="small"),
        *api_fields("parent path historical_codes"),
    ],
)

USER_LIST = ListSpec(
    model=User,
    filterset_class=UserFilterSet,
    related=("region", "department", "enterprise"),
    order_by=("username",),
    empty_text="没有符合条件的用户。",
    columns=[
        *api_fields("id"),
        Column("username", "用户名", cell=NAME),
        Column("display_name", "姓名"),
        Column("home", "所属", api=False),
        # The API lists the assignments themselves (``UserSerializer.role_assignments``).
        Column("roles", "角色", source="pk", cell="core/cells/roles.html", css="small", api=False),
        Column("is_active", "状态", cell="core/cells/active.html"),
        *api_fields("phone region department enterprise"),
    ],
)

AUDIT_LIST = ListSpec(
    model=AuditEvent,
    name="AuditEvent",
    filterset_class=AuditEventFilterSet,
    order_by=("-seq",),
    empty_text="无记录",
    columns=[
        Column("seq", "序号"),
        Column("at", "时间", css="small", cell="core/cells/moment.html"),
        Column("actor_name", "操作人"),
        Column("action", "操作"),
        Column("object_repr", "对象", cell="core/cells/audit_object.html"),
        Column("request_id", "请求", css="small muted", cell="core/cells/request.html"),
        *api_fields("actor object_type object_id region before after prev_hash hash"),
    ],
)
