"""Abstract bases every app's models build on, so a new model declares only what differs.

- ``AuditedModel``: rows change only through audited services (``anjian audit verify
  --state`` compares them with the chain); ``audit_exclude`` names derived columns.
- ``ScopedRecord``: an audited row of a jurisdiction (``scope`` = its ``ScopeSpec``).
- ``VersionedModel``: a ``version`` the services bump on each change; a caller holding an
  older version gets 409 instead of overwriting someone else's work.
- ``TimestampedModel``: ``created_at`` and ``updated_at`` (never audited: the audit event
  carries its own time).
- ``DemoMarkedModel``: ``is_demo``, shown as 演示 wherever the row shows.
- ``ReportedByModel``: the user who registered the row.
- ``AnchoredModel``: a scoped row that carries its own region, supervising department,
  enterprise and sector (copied from the enterprise when it is registered), with the
  ``ScopeSpec`` over them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedModel, ScopeSpec

if TYPE_CHECKING:
    from anjian.core.models import Enterprise


class AuditedModel(models.Model):
    """A table whose rows change only through audited services."""

    audit_exclude: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True


class ScopedRecord(AuditedModel, ScopedModel):
    """A row of a jurisdiction (``scope`` says how) changed only through audited services."""

    class Meta:
        abstract = True


class VersionedModel(AuditedModel):
    """A row edited by several people: services bump ``version``; a stale one answers 409."""

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    """When the row was registered and last saved."""

    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class DemoMarkedModel(models.Model):
    """A row the demo made (演示), never mistaken for a real one."""

    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        abstract = True


class ReportedByModel(models.Model):
    """A row someone registered: who."""

    reported_by = user_ref(_("登记人"))

    class Meta:
        abstract = True


ANCHORS = ScopeSpec(
    region="region", department="department", enterprise="enterprise", sector="sector"
)


class AnchoredModel(ScopedRecord):
    """A row found at an enterprise that keeps the enterprise's anchors as they were then.

    ``anchor_to(enterprise)`` copies them; the row stays where it was found even if the
    enterprise later moves or changes its supervisor.
    """

    enterprise = ref("core.Enterprise", _("单位"), related_name="%(class)ss")
    region = ref("core.Region", _("属地"), related_name="%(class)ss")
    department = ref("core.Department", _("监管部门"), optional=True, related_name="%(class)ss")
    sector = ref("core.Sector", _("行业领域"), related_name="%(class)ss")

    scope = ANCHORS

    class Meta:
        abstract = True

    def anchor_to(self, enterprise: Enterprise) -> None:
        """Copy the enterprise and its region, supervising department and sector."""
        self.enterprise = enterprise
        self.region_id = enterprise.region_id
        self.department_id = enterprise.supervising_department_id
        self.sector_id = enterprise.sector_id
