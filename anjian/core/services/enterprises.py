"""Registering and editing enterprises (生产经营单位)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from anjian.core.errors import Conflict, PermissionDenied
from anjian.core.models import Enterprise, User
from anjian.core.roles import AnchorKind
from anjian.core.services.common import create_audited, require, update_audited
from anjian.core.validators import normalise_credit_code, normalise_phone

EDITABLE_FIELDS = frozenset(
    f.name
    for f in Enterprise._meta.concrete_fields
    if f.editable and f.name not in {"id", "is_demo"}
)


def _clean_data(data: dict) -> dict:
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "该字段不存在或不可修改。" for name in sorted(unknown)})
    data = dict(data)
    if "credit_code" in data:
        data["credit_code"] = normalise_credit_code(data["credit_code"])
    for name in ("principal_phone", "safety_manager_phone"):
        if data.get(name):
            data[name] = normalise_phone(data[name])
    return data


@transaction.atomic
def enterprise_create(*, by: User | None, data: dict, is_demo: bool = False) -> Enterprise:
    """Register an enterprise inside the caller's jurisdiction; audited."""
    enterprise = Enterprise(**_clean_data(data), is_demo=is_demo)
    return create_audited(by=by, obj=enterprise, action="enterprise.create")


def may_reassign_supervision(user: User | None, enterprise: Enterprise) -> bool:
    """Only a region's coordinator or administrator decides which department supervises a unit.

    Under 三管三必须 a dispute over who supervises goes to the 安委办; a department may not
    hand one of its enterprises to another department by itself.
    """
    if user is None or user.is_superuser:
        return True
    return (
        Enterprise.objects.visible_to(user, "change", anchor_kinds={AnchorKind.REGION})
        .filter(pk=enterprise.pk)
        .exists()
    )


def self_edit_only(user: User | None, enterprise: Enterprise) -> bool:
    """True when the user may change this enterprise only as its own staff (limited fields)."""
    if user is None or user.is_superuser:
        return False
    return not (
        Enterprise.objects.visible_to(
            user, "change", anchor_kinds={AnchorKind.REGION, AnchorKind.DEPARTMENT}
        )
        .filter(pk=enterprise.pk)
        .exists()
    )


@transaction.atomic
def enterprise_update(
    *, by: User | None, enterprise: Enterprise, data: dict, expected_version: int | None = None
) -> Enterprise:
    """Change an enterprise's record; its own staff may change contact and licence fields only.

    ``expected_version`` is the version the caller read; if someone saved in between, the
    change is refused with ``Conflict`` and nothing is written.
    """
    require(by, "change", enterprise)
    data = _clean_data(data)
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            f"该单位信息已被他人修改（当前版本{locked.version}，您编辑的是版本{expected_version}），"
            "请刷新后重试。"
        )
    # Judge what actually changes, so a full PUT that repeats unchanged values is fine.
    changed = {k: v for k, v in data.items() if getattr(locked, k) != v}
    if self_edit_only(by, locked):
        forbidden = sorted(set(changed) - Enterprise.self_editable_fields)
        if forbidden:
            labels = "、".join(str(Enterprise._meta.get_field(f).verbose_name) for f in forbidden)
            raise PermissionDenied(f"企业用户不能修改：{labels}。")
    if "supervising_department" in changed and not may_reassign_supervision(by, locked):
        raise PermissionDenied("行业监管部门的调整须由属地安委办决定，部门不能自行移交监管。")
    if not changed:
        return locked
    changed["version"] = locked.version + 1
    return update_audited(by=by, obj=locked, changes=changed, action="enterprise.update")
