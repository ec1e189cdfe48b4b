"""Jurisdiction scope: ``Model.objects.visible_to(user, action)`` for every scoped model.

A scoped model declares, once, how its rows hang off the three anchors a role can be
assigned on (region, department, enterprise). ``visible_to`` turns the user's role
assignments into one SQL filter: a region subtree is a prefix match on the region's
materialised path (an indexed predicate), never a Python list of ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from anjian.core.roles import AnchorKind, role_allows


@dataclass(frozen=True)
class ScopeSpec:
    """Lookups from a model to its anchors; ``"pk"`` means the row is the anchor itself.

    region: lookup to the Region the row belongs to (required).
    department: lookup to the supervising Department, if the row has one.
    enterprise: lookup to the Enterprise the row belongs to, if any.
    sector: lookup to the Sector, so a department also sees the sectors it supervises
        inside its own region (三管三必须).
    """

    region: str
    department: str | None = None
    enterprise: str | None = None
    sector: str | None = None


def _region_q(spec: ScopeSpec, region, recursive: bool) -> Q:
    if spec.region == "pk":
        return Q(path__startswith=region.path) if recursive else Q(pk=region.pk)
    if recursive:
        return Q(**{f"{spec.region}__path__startswith": region.path})
    return Q(**{spec.region: region.pk})


def anchor_q(spec: ScopeSpec, assignment) -> Q | None:
    """The rows one role assignment reaches, or None when it reaches none of this model."""
    kind = assignment.anchor_kind
    if kind == AnchorKind.REGION:
        return _region_q(spec, assignment.region, assignment.include_descendants)
    if kind == AnchorKind.DEPARTMENT:
        department = assignment.department
        if spec.department is None:
            # Rows with no supervising department: the department sees its own region.
            return _region_q(spec, department.region, recursive=True)
        q = Q(**{spec.department: department.pk})
        sector_ids = assignment.department_sector_ids
        if spec.sector and sector_ids:
            q |= _region_q(spec, department.region, recursive=True) & Q(
                **{f"{spec.sector}__in": sector_ids}
            )
        return q
    if kind == AnchorKind.ENTERPRISE and spec.enterprise is not None:
        return Q(**{spec.enterprise: assignment.enterprise_id})
    return None


def assignments_of(user) -> list:
    """The user's active role assignments, loaded once per user object."""
    cached = getattr(user, "_anjian_assignments", None)
    if cached is None:
        from anjian.core.models import RoleAssignment

        cached = list(
            RoleAssignment.objects.filter(user=user)
            .select_related("region", "department__region", "enterprise")
            .prefetch_related("department__sectors")
        )
        for a in cached:
            a.department_sector_ids = (
                [s.pk for s in a.department.sectors.all()] if a.department_id else []
            )
        user._anjian_assignments = cached
    return cached


def scope_filter(model, user, action: str = "view", anchor_kinds=None) -> Q | None:
    """The Q that limits ``model`` to what ``user`` may ``action``; None means everything.

    ``anchor_kinds`` narrows which assignments count (e.g. only region and department
    ones, to tell a regulator's full edit from an enterprise's edit of itself).
    """
    if user.is_superuser:
        return None
    permission = f"{model._meta.model_name}.{action}"
    q = Q(pk__in=[])
    for assignment in assignments_of(user):
        if not role_allows(assignment.role, permission):
            continue
        if anchor_kinds is not None and assignment.anchor_kind not in anchor_kinds:
            continue
        reach = anchor_q(model.scope, assignment)
        if reach is not None:
            q |= reach
    return q


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's jurisdiction."""

    def visible_to(self, user, action: str = "view", anchor_kinds=None):
        """Rows ``user`` may ``action`` ("view", "change", …): one SQL filter, deny by default."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        q = scope_filter(self.model, user, action, anchor_kinds)
        return self if q is None else self.filter(q)


class ScopedModel(models.Model):
    """Mixin for every model whose rows belong to a jurisdiction; set ``scope`` on the class."""

    scope: ScopeSpec

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
