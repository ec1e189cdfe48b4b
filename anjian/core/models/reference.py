"""Reference data loaded from versioned files: sectors, GB 6441 accident categories, the
holiday calendar and the record of each load."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """An industry sector used for supervision (煤矿, 危险化学品, 建筑施工…), loaded as data."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("行业领域"), max_length=50, unique=True)
    is_high_risk = models.BooleanField(_("高危行业"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    source = models.CharField(_("依据"), max_length=300, blank=True)

    audit_exclude: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class AccidentCategory(models.Model):
    """A GB 6441-1986 accident category (accidents, risks and hazards name it); fire (08) has
    the 7-day casualty window."""

    code = models.CharField(_("代码"), max_length=2, unique=True)
    name = models.CharField(_("事故类别"), max_length=20, unique=True)
    is_fire = models.BooleanField(_("火灾事故(7日补报期)"), default=False)

    audit_exclude: ClassVar[frozenset[str]] = frozenset()
    # Filed under accidents until the categories moved down to core (0.2): history stays.
    audit_previous_labels = ("accidents.accidentcategory",)

    class Meta:
        verbose_name = _("事故类别")
        verbose_name_plural = _("事故类别")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ReferenceDataset(models.Model):
    """Which version of a reference data file is loaded, so a reload of the same file is a no-op."""

    name = models.CharField(_("数据集"), max_length=80, unique=True)
    version = models.CharField(_("版本"), max_length=40)
    sha256 = models.CharField(max_length=64)
    source = models.TextField(_("来源"), blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("参考数据集")
        verbose_name_plural = _("参考数据集")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class CalendarDayKind(models.TextChoices):
    """What an official calendar row changes: a weekday off, or a weekend day worked (调休)."""

    HOLIDAY = "holiday", _("法定节假日(放假)")
    WORKDAY = "workday", _("调休上班")


class CalendarDay(models.Model):
    """A day the State Council's holiday schedule moves off the plain Monday–Friday week."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日"), max_length=20)
    source = models.CharField(_("依据"), max_length=200)

    audit_exclude: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"
