"""Obligations (任务) made from a notice's task items, their units and their indicators."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedModel, ScopeSpec


class UnitRole(models.TextChoices):
    """Whether a department leads a task or supports the lead (牵头 / 配合)."""

    LEAD = "lead", _("牵头")
    SUPPORT = "support", _("配合")


class Obligation(ScopedModel):
    """A task (任务): of a notice (one per task item), or assigned on its own by another
    module (an accident investigation's 转为责任事项), with ``origin`` saying where from.

    ``pending_units`` holds the unit names the platform could not turn into departments:
    ``{"name": ..., "reason": "vague" | "unresolved"}``; the coordinator assigns or maps them.
    """

    notice = ref(
        "duties.Notice",
        _("政策文件"),
        optional=True,
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    item = models.OneToOneField(
        "duties.NoticeItem",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="obligation",
        verbose_name=_("条目"),
    )
    origin = models.CharField(_("来源"), max_length=200, blank=True)
    origin_url = models.CharField(_("来源链接"), max_length=200, blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    region = ref("core.Region", _("行政区划"))
    number = models.PositiveIntegerField(_("序号"))
    text = models.TextField(_("任务内容"))
    deadline_text = models.CharField(_("完成时限"), max_length=200, blank=True)
    pending_units = models.JSONField(_("待指定单位"), default=list, blank=True)

    scope = ScopeSpec(region="region", department="units__department")
    # A department reaches an obligation through each of its units: without duplicates.
    scope_distinct = True
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="obligation_number"),
            models.CheckConstraint(
                condition=models.Q(notice__isnull=False) | ~models.Q(origin=""),
                name="obligation_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("duties:obligation_detail", args=[self.pk])

    @property
    def source_title(self) -> str:
        """The notice's title, or where an obligation made outside a notice came from."""
        return self.notice.title if self.notice_id else self.origin


class ObligationUnit(models.Model):
    """A department responsible for an obligation, as lead or support, and the name it came from."""

    obligation = ref(Obligation, _("任务"), on_delete=models.CASCADE, related_name="units")
    department = ref("core.Department", _("部门"), related_name="obligation_units")
    role = models.CharField(_("分工"), max_length=10, choices=UnitRole.choices)
    source_name = models.CharField(_("原文单位名称"), max_length=200, blank=True)

    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["obligation", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "department"], name="obligation_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}（{self.get_role_display()}）"


class Indicator(ScopedModel):
    """A quantified target of an obligation (覆盖率达到100%), with its latest recorded value."""

    obligation = ref(Obligation, _("任务"), on_delete=models.CASCADE, related_name="indicators")
    target_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    phrase = models.CharField(_("原文"), max_length=300, blank=True)
    current_value = models.DecimalField(
        _("当前值"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    scope = ScopeSpec(region="obligation__region", department="obligation__units__department")
    scope_distinct = True
    audit_exclude = frozenset()

    class Meta:
        verbose_name = _("量化指标")
        verbose_name_plural = _("量化指标")
        ordering = ["obligation", "id"]

    def __str__(self) -> str:
        return f"{self.phrase or self.target_value}{self.unit}"

    @property
    def percent(self) -> int | None:
        if self.current_value is None or not self.target_value:
            return None
        return min(100, int(self.current_value * 100 / self.target_value))


class IndicatorValue(models.Model):
    """A progress value recorded for an indicator; the latest one is the indicator's current."""

    indicator = ref(Indicator, _("量化指标"), on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    department = ref("core.Department", _("填报部门"), optional=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    by = user_ref(_("填报人"))
    recorded_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    audit_exclude = frozenset({"recorded_at"})

    class Meta:
        verbose_name = _("指标进展")
        verbose_name_plural = _("指标进展")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
