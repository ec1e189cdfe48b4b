"""Registering and editing enterprises (生产经营单位)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from anjian.core.access import GOVERNMENT, access_for
from anjian.core.errors import PermissionDenied
from anjian.core.models import Enterprise, User
from anjian.core.roles import AnchorKind
from anjian.core.services.common import (
    check_version,
    create_audited,
    locked,
    require,
    update_audited,
)
from anjian.core.validators import normalise_credit_code, normalise_phone

EDITABLE_FIELDS = frozenset(
    f.name
    for f in Enterprise._meta.concrete_fields
    if f.editable and f.name not in {"id", "is_demo"}
)


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
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
def enterprise_create(
    *, by: User | None, data: dict[str, Any], is_demo: bool = False
) -> Enterprise:
    """Register an enterprise inside the caller's jurisdiction; audited."""
    enterprise = Enterprise(**_clean_data(data), is_demo=is_demo)
    return create_audited(by=by, obj=enterprise, action="enterprise.create")


def may_reassign_supervision(*, by: User | None, enterprise: Enterprise) -> bool:
    """Only a region's coordinator or administrator decides which department supervises a unit.

    Under 三管三必须 a dispute over who supervises goes to the 安委办; a department may not
    hand one of its enterprises to another department by itself.
    """
    return access_for(by).allows("change", enterprise, kinds={AnchorKind.REGION})


def self_edit_only(*, by: User | None, enterprise: Enterprise) -> bool:
    """True when ``by`` may change this enterprise only as its own staff (limited fields)."""
    return not access_for(by).allows("change", enterprise, kinds=GOVERNMENT)


@transaction.atomic
def enterprise_update(
    *,
    by: User | None,
    enterprise: Enterprise,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Enterprise:
    """Change an enterprise's record; its own staff may change contact and licence fields only.

    ``expected_version`` is the version the caller read; if someone saved in between, the
    change is refused with ``Conflict`` and nothing is written.
    """
    require(by, "change", enterprise)
    data = _clean_data(data)
    row = locked(enterprise)
    check_version(row, expected_version)
    # Judge what actually changes, so a full PUT that repeats unchanged values is fine.
    changed = {k: v for k, v in data.items() if getattr(row, k) != v}
    if self_edit_only(by=by, enterprise=row):
        forbidden = sorted(set(changed) - Enterprise.self_editable_fields)
        if forbidden:
            labels = "、".join(str(Enterprise._meta.get_field(f).verbose_name) for f in forbidden)
            raise PermissionDenied(f"企业用户不能修改：{labels}。")
    if "supervising_department" in changed and not may_reassign_supervision(by=by, enterprise=row):
        raise PermissionDenied("行业监管部门的调整须由属地安委办决定，部门不能自行移交监管。")
    if not changed:
        return row
    changed["version"] = row.version + 1
    return update_audited(by=by, obj=row, changes=changed, action="enterprise.update")
