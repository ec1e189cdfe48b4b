"""Jurisdiction scope: ``Model.objects.visible_to(user, action)`` for every scoped model.

A scoped model declares, once, how its rows hang off the three anchors a role can be
assigned on (region, department, enterprise). ``visible_to`` turns the user's role
assignments into one SQL filter: a region subtree is a prefix match on the region's
materialised path (an indexed predicate), never a Python list of ids.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q

from anjian.core.roles import AnchorKind

if TYPE_CHECKING:
    from anjian.core.models import Region, RoleAssignment


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

    def under(self, prefix: str) -> ScopeSpec:
        """The same anchors seen from a row that hangs off this model through ``prefix``:
        ``Hazard.scope.under("hazard")`` is the scope of a hazard's photo."""

        def through(lookup: str | None) -> str | None:
            if lookup is None:
                return None
            return prefix if lookup == "pk" else f"{prefix}__{lookup}"

        return ScopeSpec(
            region=through(self.region) or prefix,
            department=through(self.department),
            enterprise=through(self.enterprise),
            sector=through(self.sector),
        )


def _region_q(spec: ScopeSpec, region: Region, recursive: bool) -> Q:
    if spec.region == "pk":
        return Q(path__startswith=region.path) if recursive else Q(pk=region.pk)
    if recursive:
        return Q(**{f"{spec.region}__path__startswith": region.path})
    return Q(**{spec.region: region.pk})


def anchor_q(
    spec: ScopeSpec, assignment: RoleAssignment, sector_ids: Collection[int] = ()
) -> Q | None:
    """The rows one role assignment reaches, or None when it reaches none of this model.

    ``sector_ids`` are the sectors a department assignment's department supervises.
    """
    kind = assignment.anchor_kind
    if kind == AnchorKind.REGION:
        return _region_q(spec, assignment.region, assignment.include_descendants)
    if kind == AnchorKind.DEPARTMENT:
        department = assignment.department
        if spec.department is None:
            # Rows with no supervising department: the department sees its own region.
            return _region_q(spec, department.region, recursive=True)
        q = Q(**{spec.department: department.pk})
        if spec.sector and sector_ids:
            q |= _region_q(spec, department.region, recursive=True) & Q(
                **{f"{spec.sector}__in": sector_ids}
            )
        return q
    if kind == AnchorKind.ENTERPRISE and spec.enterprise is not None:
        return Q(**{spec.enterprise: assignment.enterprise_id})
    return None


class ScopedQuerySet(models.QuerySet[Any]):
    """A queryset that knows how to restrict itself to a user's jurisdiction."""

    def visible_to(
        self, user: Any, action: str = "view", anchor_kinds: Iterable[str] | None = None
    ) -> models.QuerySet[Any]:
        """Rows ``user`` may ``action`` ("view", "change", …): one SQL filter, deny by default.

        The same as ``access_for(user).scope(queryset, action)``, which pages, endpoints and
        services use; model code and querysets of their own call this. It serves a person:
        ``user=None`` sees nothing here (the platform's own reads use the plain manager).
        """
        from anjian.core.access import access_for

        if user is None:
            return self.none()
        return access_for(user).scope(self, action, anchor_kinds)


class ScopedModel(models.Model):
    """Mixin for every model whose rows belong to a jurisdiction; set ``scope`` on the class."""

    scope: ClassVar[ScopeSpec]

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
