"""Enterprises (生产经营单位) in spreadsheets: the import spec, and the import service.

One spec serves the template, the import and the export, so an exported file imports back
unchanged. A row is keyed by its 统一社会信用代码: a code already registered in the
importer's jurisdiction updates that enterprise (its version goes up, audited before and
after); a code registered elsewhere is an error, as it was; any other code registers a new
enterprise. All rows or none (``anjian.core.imports``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from anjian.core.access import Access
from anjian.core.imports import EXAMPLE_MARK, Column, ImportResult, ImportSpec, Row, run_import
from anjian.core.imports.lookups import (
    DepartmentLookup,
    RegionLookup,
    SectorLookup,
    StaffLookup,
    visible,
)
from anjian.core.models import (
    Department,
    Enterprise,
    EnterpriseScale,
    Region,
    RegionLevel,
    Sector,
    StandardisationLevel,
    SupervisionClass,
    User,
)
from anjian.core.roles import AnchorKind
from anjian.core.validators import normalise_credit_code, normalise_phone

DATE_NOTE = "Excel日期或YYYY-MM-DD"
PHONE_NOTE = "11位手机号或“区号-号码”"


class EnterpriseSpec(ImportSpec):
    """The enterprise sheet: every editable field, keyed by 统一社会信用代码."""

    model = Enterprise
    sheet = "生产经营单位"
    key = "credit_code"
    unit = "家单位"
    scope_column = "（整行）"
    scope_hint = "请检查属地、行业领域和行业监管部门。"
    columns = (
        Column(
            "统一社会信用代码",
            "credit_code",
            required=True,
            normalise=normalise_credit_code,
            note="18位；已在平台登记的单位按此代码更新",
            width=24,
        ),
        Column("单位名称", "name", required=True, width=30),
        Column(
            "行业领域",
            "sector",
            "lookup",
            required=True,
            lookup=SectorLookup,
            note="填写行业领域名称",
        ),
        Column("国民经济行业代码", "industry_code", note="GB/T 4754-2017，如C2614"),
        Column("企业规模", "scale", "choice", required=True, choices=EnterpriseScale),
        Column("从业人数", "employee_count", "int", note="整数，空白按0计"),
        Column(
            "属地",
            "region",
            "lookup",
            required=True,
            aliases=("属地(乡镇)",),
            lookup=RegionLookup,
            note="乡镇名称、全称或区划代码，须在您的管辖范围内",
        ),
        Column("地址", "address", required=True, width=36),
        Column("经度", "longitude", "decimal", note="小数，最多6位小数"),
        Column("纬度", "latitude", "decimal", note="小数，最多6位小数"),
        Column(
            "行业监管部门",
            "supervising_department",
            "lookup",
            required=True,
            lookup=DepartmentLookup,
            note="部门全称、简称或别名，须在您的管辖范围内",
            width=20,
        ),
        Column(
            "监管责任人",
            "responsible_inspector",
            "lookup",
            required=True,
            lookup=StaffLookup,
            note="用户名（登录名），须为行业监管部门的在岗工作人员",
        ),
        Column("主要负责人", "principal_name", required=True),
        Column(
            "主要负责人电话",
            "principal_phone",
            required=True,
            normalise=normalise_phone,
            note=PHONE_NOTE,
        ),
        Column("安全管理人员", "safety_manager_name"),
        Column(
            "安全管理人员电话", "safety_manager_phone", normalise=normalise_phone, note=PHONE_NOTE
        ),
        Column("安全生产许可证号", "licence_number", width=22),
        Column("许可证有效期至", "licence_expiry", "date", note=DATE_NOTE),
        Column(
            "标准化等级",
            "standardisation_level",
            "choice",
            choices=StandardisationLevel,
            note="空白按未定级计",
        ),
        Column("标准化有效期至", "standardisation_expiry", "date", note=DATE_NOTE),
        Column(
            "监管类别",
            "supervision_class",
            "choice",
            choices=SupervisionClass,
            aliases=("分类分级监管类别",),
        ),
        Column("已投保安全生产责任保险", "has_liability_insurance", "bool", aliases=("安责险",)),
        Column("责任保险有效期至", "liability_insurance_expiry", "date", note=DATE_NOTE),
    )
    notes = (
        "日期填写Excel日期或YYYY-MM-DD（如2026-12-31）；是否类填写“是”或“否”。",
        "行业领域、属地、行业监管部门只能填写上表列出的（您管辖范围内的）；"
        "监管责任人填写该部门在岗工作人员的用户名。",
        "统一社会信用代码已在平台登记且在您管辖范围内的行，更新该单位（选填列留空即清空该项）；"
        "其余行登记为新单位。导出的文件可直接修改后导入。",
    )

    def existing_queryset(self):
        return super().existing_queryset().select_related("supervising_department__region")

    def refuse_existing(self, obj: Enterprise, access: Access) -> str | None:
        if not access.allows("view", obj):
            return "该统一社会信用代码已在平台登记（不在您的管辖范围内）。"
        if not access.allows("change", obj):
            return f"该统一社会信用代码已登记为“{obj.name}”，您没有修改该单位的权限。"
        return None

    def build(self, row: Row, ctx: dict, access: Access) -> None:
        try:
            super().build(row, ctx, access)
        finally:  # also when the row has other problems: every problem is reported at once
            if (
                row.existing is not None
                and "supervising_department" in row.changes
                and not access.allows("change", row.existing, kinds={AnchorKind.REGION})
            ):
                # 三管三必须: a department may not hand one of its enterprises to another.
                row.fail(
                    "行业监管部门", "行业监管部门的调整须由属地安委办决定，部门不能自行移交监管。"
                )

    def example(self, by) -> dict:
        refs = example_references(by=by)
        return {
            "credit_code": f"{EXAMPLE_MARK}91140222MA0L2K3H4F",
            "name": "某某化工有限公司",
            "sector": refs["sector"].name if refs["sector"] else "危险化学品",
            "industry_code": "C2614",
            "scale": "小型",
            "employee_count": 50,
            "region": refs["region"].name if refs["region"] else "某某镇",
            "address": "某某镇某某路1号",
            "longitude": Decimal("112.550000"),
            "latitude": Decimal("37.870000"),
            "supervising_department": refs["department"].name if refs["department"] else "某某局",
            "responsible_inspector": (
                refs["inspector"].username if refs["inspector"] else "zhangsan"
            ),
            "principal_name": "张三",
            "principal_phone": "13800138000",
            "safety_manager_name": "李四",
            "safety_manager_phone": "0351-1234567",
            "licence_number": "（晋）WH安许证字〔2024〕000001号",
            "licence_expiry": dt.date(2027, 12, 31),
            "standardisation_level": "三级",
            "standardisation_expiry": dt.date(2027, 6, 30),
            "supervision_class": "B类",
            "has_liability_insurance": "是",
            "liability_insurance_expiry": dt.date(2026, 12, 31),
        }

    def export_queryset(self, queryset):
        return queryset.select_related(
            "sector", "region", "supervising_department", "responsible_inspector"
        )


ENTERPRISES = EnterpriseSpec()


def example_references(*, by: User | None) -> dict[str, Any]:
    """A real sector, town, department and inspector the user could name, for the example row."""
    departments = visible(Department, by)
    inspector = (
        visible(User, by)
        .filter(is_active=True, department__in=departments)
        .select_related("department__region")
        .order_by("pk")
        .first()
    )
    department = inspector.department if inspector else departments.order_by("pk").first()
    towns = visible(Region, by).filter(level=RegionLevel.TOWN).order_by("path")
    if department is not None:
        towns = towns.filter(path__startswith=department.region.path)
    sectors = Sector.objects.order_by("sort_order", "code")
    if department is not None and department.sectors.exists():
        sectors = department.sectors.order_by("sort_order", "code")
    return {
        "sector": sectors.first(),
        "region": towns.first(),
        "department": department,
        "inspector": inspector,
    }


def enterprise_import(*, by: User | None, file: UploadedFile) -> ImportResult:
    """Import an .xlsx of enterprises: every row (new or updated) or, on any problem, none."""
    return run_import(ENTERPRISES, by=by, file=file)
