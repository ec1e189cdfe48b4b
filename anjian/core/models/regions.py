"""Administrative divisions (行政区划, GB/T 2260 and the statistics codes below county)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import DemoMarkedModel, ScopedRecord
from anjian.core.models.fields import ref
from anjian.core.scope import ScopeSpec


class RegionLevel(models.IntegerChoices):
    """Depth of a division in the national tree."""

    PROVINCE = 1, _("省级")
    PREFECTURE = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWN = 4, _("乡级")
    VILLAGE = 5, _("村级")


class Region(ScopedRecord, DemoMarkedModel):
    """A node of the administrative tree; ``path`` makes "this and everything below" one prefix."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    full_name = models.CharField(_("全称"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    parent = ref("self", _("上级"), optional=True, related_name="children")
    path = models.CharField(_("路径"), max_length=200, editable=False)
    historical_codes = models.JSONField(_("历史代码"), default=list, blank=True)

    scope = ScopeSpec(region="pk")
    audit_exclude = frozenset({"path", "full_name"})

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL answer ``path LIKE 'x/%'`` from the index
            # whatever the database collation; other databases ignore the opclass.
            models.Index(
                fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(path__endswith="/"), name="region_path_ends_with_slash"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", args=[self.pk])

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    def compute_full_name(self) -> str:
        if self.parent_id and self.parent.level >= RegionLevel.PROVINCE:
            return f"{self.parent.full_name or self.parent.name}{self.name}"
        return self.name

    @property
    def long_name(self) -> str:
        """The full name (天镇县玉泉镇), or the name where none was loaded."""
        return self.full_name or self.name

    @property
    def county(self) -> Region:
        """The county-level division this region lies in (itself at county level or above)."""
        region = self
        while region.level > RegionLevel.COUNTY and region.parent_id:
            region = region.parent
        return region

    def ancestors(self) -> models.QuerySet[Region]:
        codes = [c for c in self.path.split("/") if c and c != self.code]
        return Region.objects.filter(code__in=codes).order_by(Length("path"))

    def descendants(self, include_self: bool = True) -> models.QuerySet[Region]:
        qs = Region.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)
