"""Object access: what one user may do to which rows, answered in one place.

``access_for(user)`` loads the user's role assignments once and answers every question a
page, an endpoint, an export or a service asks about them:

- ``scope(model_or_queryset, action)``: the rows the user may ``action``, as one SQL filter
  (the only loop that turns role assignments into a query);
- ``get(model_or_queryset, pk, action)``: one row, or 404 when it is not visible, then 403
  when it is visible but the action is not allowed;
- ``allows(action, obj)``: the same answer for a row already loaded, computed from the
  loaded assignments without a query (a page's buttons, a service's check);
- ``require(action, obj)``: the service form of ``get``: ``OutOfScope`` or
  ``PermissionDenied`` with a message naming what is refused;
- ``holds(permission)``: whether some role of the user carries the permission anywhere
  (menus, page-level 403).

``user=None`` is the platform itself (reference loading, demo data, jobs): no scope applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.http import Http404

from anjian.core.errors import OutOfScope, PermissionDenied
from anjian.core.roles import AnchorKind, role_allows
from anjian.core.scope import ScopeSpec, anchor_q

if TYPE_CHECKING:
    from anjian.core.models import RoleAssignment

GOVERNMENT = frozenset({AnchorKind.REGION, AnchorKind.DEPARTMENT})
ENTERPRISE = frozenset({AnchorKind.ENTERPRISE})

ACTION_LABELS = {"change": "修改", "delete": "删除", "add": "新建", "import": "导入"}

_UNKNOWN = object()  # a lookup that crosses a to-many relation: only SQL can answer


def permission_name(action: str, model: type[models.Model] | models.Model) -> str:
    """``"change"`` on a Hazard is ``"hazard.change"``; a full name is kept as it is."""
    return action if "." in action else f"{model._meta.model_name}.{action}"


class Access:
    """One user's access: role assignments loaded once, every scope question answered here."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._assignments: list[RoleAssignment] | None = None
        self._region_paths: dict[int, str] = {}
        self._sectors: dict[int, frozenset[int]] = {}  # department → sectors it supervises

    # ---- who ---------------------------------------------------------------------------

    @property
    def is_platform(self) -> bool:
        """The platform itself (``user=None``): everything is allowed."""
        return self.user is None

    @property
    def is_active(self) -> bool:
        user = self.user
        return user is not None and user.is_authenticated and user.is_active

    @property
    def unrestricted(self) -> bool:
        """The platform, or a superuser: no scope filter applies."""
        return self.user is None or (self.is_active and self.user.is_superuser)

    @property
    def assignments(self) -> list[RoleAssignment]:
        """The user's role assignments with their anchors, loaded once."""
        if self._assignments is None:
            self._assignments = self._load_assignments() if self.is_active else []
        return self._assignments

    def _load_assignments(self) -> list[RoleAssignment]:
        from anjian.core.models import RoleAssignment

        rows = list(
            RoleAssignment.objects.filter(user=self.user)
            .select_related("region", "department__region", "enterprise")
            .prefetch_related("department__sectors")
        )
        for a in rows:
            if a.department is not None:
                self._sectors[a.department.pk] = frozenset(s.pk for s in a.department.sectors.all())
            if a.region is not None:
                self._region_paths[a.region.pk] = a.region.path
        return rows

    def forget(self) -> None:
        """Drop the loaded assignments (after a grant or a revoke)."""
        self._assignments = None
        self._region_paths.clear()
        self._sectors.clear()

    def sectors_of(self, assignment: RoleAssignment) -> frozenset[int]:
        """The sectors a department assignment's department supervises (三管三必须)."""
        return self._sectors.get(assignment.department_id or 0, frozenset())

    def holds(self, permission: str) -> bool:
        """Whether one of the user's roles carries ``permission`` somewhere."""
        if self.unrestricted:
            return True
        return any(role_allows(a.role, permission) for a in self.assignments)

    def anchor_kinds(self, permission: str) -> set[str]:
        """On which kinds of anchor (region, department, enterprise) the user holds it."""
        return {a.anchor_kind for a in self.assignments if role_allows(a.role, permission)}

    def _granting(self, permission: str, kinds: Iterable[str] | None) -> Iterable[RoleAssignment]:
        for assignment in self.assignments:
            if kinds is not None and assignment.anchor_kind not in kinds:
                continue
            if role_allows(assignment.role, permission):
                yield assignment

    # ---- rows, in SQL ------------------------------------------------------------------

    def reach(
        self,
        model: type[models.Model],
        permission: str,
        kinds: Iterable[str] | None = None,
        spec: ScopeSpec | None = None,
    ) -> Q | None:
        """The Q of rows of ``model`` the user's assignments reach with ``permission``.

        None means no limit (the platform, a superuser). ``spec`` measures another model's
        permission against this model's anchors (``hazardphoto.add`` over hazards).
        """
        if self.unrestricted:
            return None
        spec = spec or scope_of(model)
        q = Q(pk__in=[])
        for assignment in self._granting(permission, kinds):
            reach = anchor_q(spec, assignment, self.sectors_of(assignment))
            if reach is not None:
                q |= reach
        return q

    def scope(
        self,
        target: type[models.Model] | models.QuerySet[Any],
        action: str = "view",
        kinds: Iterable[str] | None = None,
    ) -> models.QuerySet[Any]:
        """The rows the user may ``action`` ("view", "change", "hazardphoto.add"…)."""
        queryset = _queryset(target)
        if self.user is not None and not self.is_active:
            return queryset.none()
        q = self.reach(queryset.model, permission_name(action, queryset.model), kinds)
        if q is None:
            return queryset
        if getattr(queryset.model, "scope_distinct", False):
            # A to-many anchor (obligation → its units) may match a row more than once.
            return queryset.filter(pk__in=queryset.model._base_manager.filter(q).values("pk"))
        return queryset.filter(q)

    def get(
        self,
        target: type[models.Model] | models.QuerySet[Any],
        action: str = "view",
        **lookup: Any,
    ) -> Any:
        """One visible row (else 404); then 403 unless the user may ``action`` it."""
        queryset = _queryset(target)
        try:
            obj = self.scope(queryset).get(**lookup)
        except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
            name = queryset.model._meta.verbose_name
            raise Http404(f"{name}不存在或不在您的管辖范围内。") from error
        if action != "view" and not self.allows(action, obj):
            raise PermissionDenied("您没有对该记录执行此操作的权限。")
        return obj

    # ---- one row, in Python ------------------------------------------------------------

    def allows(self, action: str, obj: models.Model, kinds: Iterable[str] | None = None) -> bool:
        """Whether the user may ``action`` this loaded row, from the loaded assignments.

        Answers like ``scope`` would for the row as it is in memory (also before it is saved);
        only a scope through a to-many relation asks the database.
        """
        if self.unrestricted:
            return True
        if not self.is_active:
            return False
        permission = permission_name(action, obj)
        spec = scope_of(type(obj))
        for assignment in self._granting(permission, kinds):
            reached = self._reaches(spec, assignment, obj)
            if reached is _UNKNOWN:
                return self._allows_in_sql(permission, obj, kinds)
            if reached:
                return True
        return False

    def _allows_in_sql(
        self, permission: str, obj: models.Model, kinds: Iterable[str] | None
    ) -> bool:
        q = self.reach(type(obj), permission, kinds)
        manager = type(obj)._base_manager
        return q is None or manager.filter(q, pk=obj.pk).exists()

    def require(
        self, action: str, obj: models.Model, refusal: str = "", kinds: Iterable[str] | None = None
    ) -> None:
        """``OutOfScope`` (404) unless the row is visible, then ``PermissionDenied`` (403)
        with ``refusal`` (or a message naming the action) unless ``action`` is allowed."""
        if self.unrestricted:
            return
        if not self.allows("view", obj):
            raise OutOfScope(f"{obj._meta.verbose_name}不存在或不在您的管辖范围内。")
        if (action != "view" or kinds is not None) and not self.allows(action, obj, kinds):
            label = ACTION_LABELS.get(action.rsplit(".", 1)[-1], action)
            raise PermissionDenied(refusal or f"您没有{label}该{obj._meta.verbose_name}的权限。")

    def holds_region(self, region_id: int | None, permission: str) -> bool:
        """Assigned on exactly this region (not above or below it) with ``permission``."""
        if self.unrestricted:
            return True
        return any(
            a.anchor_kind == AnchorKind.REGION and a.region_id == region_id
            for a in self._granting(permission, None)
        )

    # ---- evaluating a ScopeSpec on a loaded row ----------------------------------------

    def _reaches(self, spec: ScopeSpec, assignment: RoleAssignment, obj: models.Model) -> Any:
        kind = assignment.anchor_kind
        if kind == AnchorKind.REGION and assignment.region_id is not None:
            return self._in_region(spec, obj, assignment.region_id, assignment.include_descendants)
        if kind == AnchorKind.DEPARTMENT and assignment.department is not None:
            department = assignment.department
            if spec.department is None:
                return self._in_region(spec, obj, department.region_id, True)
            department_id = _value(obj, spec.department)
            if department_id is _UNKNOWN:
                return _UNKNOWN
            if department_id == department.pk:
                return True
            sectors = self.sectors_of(assignment)
            if spec.sector and sectors:
                sector_id = _value(obj, spec.sector)
                if sector_id is _UNKNOWN:
                    return _UNKNOWN
                if sector_id in sectors:
                    return self._in_region(spec, obj, department.region_id, True)
            return False
        if kind == AnchorKind.ENTERPRISE and spec.enterprise is not None:
            enterprise_id = _value(obj, spec.enterprise)
            if enterprise_id is _UNKNOWN:
                return _UNKNOWN
            return enterprise_id is not None and enterprise_id == assignment.enterprise_id
        return False

    def _in_region(self, spec: ScopeSpec, obj: models.Model, region_id: int, below: bool) -> Any:
        own = _value(obj, spec.region)
        if own is _UNKNOWN:
            return _UNKNOWN
        if own is None:
            return False
        if own == region_id:
            return True
        if not below:
            return False
        return self._path(own, obj, spec.region).startswith(self._path(region_id))

    def _path(self, region_id: int, obj: models.Model | None = None, lookup: str = "") -> str:
        path = self._region_paths.get(region_id)
        if path is None:
            region = _cached_region(obj, lookup) if obj is not None else None
            if region is None or region.pk != region_id:
                from anjian.core.models import Region

                region = Region.objects.only("path").get(pk=region_id)
            path = self._region_paths[region_id] = region.path
        return path


def scope_of(model: type[models.Model]) -> ScopeSpec:
    """The model's ``ScopeSpec`` (every scoped model declares one)."""
    spec: ScopeSpec = getattr(model, "scope")  # noqa: B009 - not every model has one
    return spec


def _queryset(target: type[models.Model] | models.QuerySet[Any]) -> models.QuerySet[Any]:
    if isinstance(target, models.QuerySet):
        return target
    return target._default_manager.all()


def _value(obj: models.Model, lookup: str) -> Any:
    """The id a ScopeSpec lookup names on ``obj`` ("pk", "region", "hazard__department")."""
    if lookup == "pk":
        return obj.pk
    *hops, last = lookup.split("__")
    current: Any = obj
    for hop in hops:
        field = current._meta.get_field(hop)
        if field.many_to_many or field.one_to_many:
            return _UNKNOWN
        current = getattr(current, hop)
        if current is None:
            return None
    field = current._meta.get_field(last)
    if field.many_to_many or field.one_to_many:
        return _UNKNOWN
    if last == "pk" or field.primary_key:
        return current.pk
    return getattr(current, field.attname)


def _cached_region(obj: models.Model, lookup: str) -> Any:
    """The Region object ``lookup`` leads to when every hop is loaded already, else None."""
    if lookup == "pk":
        return obj
    current: Any = obj
    for hop in lookup.split("__"):
        field = current._meta.get_field(hop)
        if not field.is_cached(current):
            return None
        current = getattr(current, hop)
        if current is None:
            return None
    return current


def access_for(user: Any) -> Access:
    """The user's ``Access``, built once per user object (a request's user, a service's ``by``)."""
    if user is None:
        return _PLATFORM
    access = getattr(user, "_anjian_access", None)
    if access is None:
        access = user._anjian_access = Access(user)
    return access


_PLATFORM = Access(None)
