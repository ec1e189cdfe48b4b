"""Notices (政策文件) as uploaded, and the numbered items the parser found in them."""

from __future__ import annotations

from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import DemoMarkedModel, ReportedByModel, ScopedRecord, TimestampedModel
from anjian.core.models.fields import ref
from anjian.core.scope import ScopedModel, ScopedQuerySet, ScopeSpec
from anjian.duties.schedule import iso_date


class NoticeStatus(models.TextChoices):
    """Whether the notice's tasks are being followed up."""

    ACTIVE = "active", _("执行中")
    ARCHIVED = "archived", _("已归档")


class NoticeQuerySet(ScopedQuerySet):
    """Notices with how many tasks each has."""

    def with_task_count(self) -> NoticeQuerySet:
        return self.annotate(task_count=Count("obligations"))


class Notice(ScopedRecord, TimestampedModel, ReportedByModel, DemoMarkedModel):
    """A work-safety notice of a region, stored with its source file and parsed outline."""

    region = ref("core.Region", _("发文区划"), related_name="notices")
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    date = models.DateField(_("成文日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("工作年度"))
    source_file = models.FileField(_("原文件"), upload_to="duties/notices/%Y/", max_length=300)
    source_name = models.CharField(_("原文件名"), max_length=255)
    source_sha256 = models.CharField(_("原文件SHA-256"), max_length=64)
    parsed = models.JSONField(_("解析结果"), default=dict)
    status = models.CharField(
        _("状态"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.ACTIVE
    )

    scope = ScopeSpec(region="region")
    objects = NoticeQuerySet.as_manager()
    # The parsed outline is derived from the source file, whose hash is audited.
    audit_exclude = frozenset({"created_at", "updated_at", "parsed", "source_file"})

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source_sha256"], name="notice_unique_source_in_region"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("duties:notice_detail", args=[self.pk])


class NoticeItem(ScopedModel):
    """One numbered item of a notice (一、/(一)/1.), as parsed; immutable once stored."""

    notice = ref(Notice, _("政策文件"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("顺序"))
    path = models.JSONField(_("编号路径"), default=list)
    heading = models.TextField(_("标题"), blank=True)
    text = models.TextField(_("内容"), blank=True)
    is_task = models.BooleanField(_("是否任务"), default=False)
    units = models.JSONField(_("责任单位(原文)"), default=list, blank=True)
    deadlines = models.JSONField(_("完成时限"), default=list, blank=True)
    recurrences = models.JSONField(_("周期要求"), default=list, blank=True)
    targets = models.JSONField(_("量化目标"), default=list, blank=True)

    scope = Notice.scope.under("notice")

    class Meta:
        verbose_name = _("文件条目")
        verbose_name_plural = _("文件条目")
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "position"], name="notice_item_position")
        ]

    def __str__(self) -> str:
        return "/".join(self.path)

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    def work_deadlines(self) -> list[dict]:
        """The item's deadlines in its notice's work year: a notice applied to another year
        than its text speaks of keeps its month-and-day deadlines in that year."""
        shift = self.notice.year - int(self.notice.parsed.get("year") or self.notice.year)
        if not shift:
            return self.deadlines
        moved = []
        for deadline in self.deadlines:
            due = iso_date(deadline.get("date"))
            if due is not None:
                day = min(due.day, 28) if due.month == 2 else due.day
                moved_to = due.replace(year=due.year + shift, day=day)
                deadline = {**deadline, "date": moved_to.isoformat()}
            moved.append(deadline)
        return moved
