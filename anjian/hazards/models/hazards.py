"""Hazards (事故隐患): what was found where, its level, and its rectification lifecycle."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import (
    AnchoredModel,
    DemoMarkedModel,
    ReportedByModel,
    ScopedRecord,
    TimestampedModel,
    VersionedModel,
)
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedQuerySet


class HazardSource(models.TextChoices):
    """How a hazard was found (四查一倒追)."""

    SELF_CHECK = "self_check", _("企业自查")
    DEPARTMENT = "department", _("部门检查")
    LEADER = "leader", _("领导检查")
    EXPERT = "expert", _("专家抽查")
    PUBLIC = "public", _("群众举报")
    ACCIDENT = "accident", _("事故倒查")


class HazardLevel(models.TextChoices):
    """一般事故隐患 or 重大事故隐患."""

    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardStatus(models.TextChoices):
    """Where a hazard is in its rectification lifecycle."""

    REPORTED = "reported", _("已上报")
    ASSIGNED = "assigned", _("已交办")
    RECTIFYING = "rectifying", _("整改中")
    SUBMITTED = "submitted", _("待验收")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = frozenset(
    {
        HazardStatus.REPORTED,
        HazardStatus.ASSIGNED,
        HazardStatus.RECTIFYING,
        HazardStatus.SUBMITTED,
    }
)


class DeadlineParty(models.TextChoices):
    """Who set a hazard's deadline, and so who decides an extension."""

    ENTERPRISE = "enterprise", _("企业")
    GOVERNMENT = "government", _("监管部门")


class HazardQuerySet(ScopedQuerySet):
    """Hazards with the rules that say which are open and which are overdue, in SQL."""

    def open(self) -> HazardQuerySet:
        return self.filter(Hazard.open_q())

    def overdue(self, today: dt.date | None = None) -> HazardQuerySet:
        return self.filter(Hazard.overdue_q(today))

    def major(self) -> HazardQuerySet:
        return self.filter(level=HazardLevel.MAJOR)


class Hazard(
    AnchoredModel,
    VersionedModel,
    TimestampedModel,
    DemoMarkedModel,
    ReportedByModel,
):
    """A hazard found at an enterprise (its anchors copied when found, so it stays where it
    was found), with its owner, deadline and rectification state."""

    source = models.CharField(_("发现方式"), max_length=20, choices=HazardSource.choices)
    found_by_department = ref("core.Department", _("发现部门"), optional=True)
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    place = models.CharField(_("隐患部位"), max_length=200)
    description = models.TextField(_("隐患描述"))
    category = ref("risks.HazardFactorCategory", _("隐患类别(GB/T 13861)"), optional=True)
    accident_type = ref("core.AccidentCategory", _("可能导致的事故类型"), optional=True)
    level = models.CharField(
        _("隐患等级"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL
    )
    criterion = ref("risks.MajorHazardCriterion", _("重大隐患判定依据"), optional=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=HazardStatus.choices, default=HazardStatus.REPORTED
    )
    owner_name = models.CharField(_("整改责任人"), max_length=50, blank=True)
    owner = user_ref(_("整改责任人账号"))
    measures = models.TextField(_("整改措施"), blank=True)
    funds = models.DecimalField(_("整改资金(元)"), max_digits=14, decimal_places=2, default=0)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    deadline_party = models.CharField(
        _("期限设定方"), max_length=12, choices=DeadlineParty.choices, blank=True
    )
    assigned_by = user_ref(_("交办人"))
    rectification_note = models.TextField(_("整改情况"), blank=True)
    submitted_at = models.DateTimeField(_("提交验收时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = user_ref(_("验收销号人"))
    overdue_since = models.DateField(_("逾期起始日"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期上报监管部门时间"), null=True, blank=True)
    reported_to_department_on = models.DateField(_("报告监管部门日期"), null=True, blank=True)
    reported_to_congress_on = models.DateField(_("报告职代会日期"), null=True, blank=True)
    double_report_late = models.BooleanField(_("双报告超期"), default=False)
    repeat_of = ref("self", _("重复出现(前一次)"), optional=True, related_name="repeats")
    is_listed = models.BooleanField(_("挂牌督办中"), default=False)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("事故隐患")
        verbose_name_plural = _("事故隐患")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(fields=["status", "found_at"], name="hazard_status_found"),
            models.Index(fields=["region", "status", "found_at"], name="hazard_region_status"),
            models.Index(fields=["enterprise", "found_at"], name="hazard_enterprise_found"),
            models.Index(fields=["found_at"], name="hazard_found"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.place}"

    def get_absolute_url(self) -> str:
        return reverse("hazards:hazard_detail", args=[self.pk])

    # ---- the rules, once: in SQL for querysets, in Python for a loaded row ---------------

    @staticmethod
    def open_q() -> Q:
        return Q(status__in=OPEN_STATUSES)

    @staticmethod
    def overdue_q(today: dt.date | None = None) -> Q:
        """Open and past its deadline (at once, before the hourly job marks it), or marked."""
        today = today or timezone.localdate()
        return Hazard.open_q() & (Q(deadline__lt=today) | Q(overdue_since__isnull=False))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, today: dt.date) -> bool:
        return self.is_open and bool(
            (self.deadline and self.deadline < today) or self.overdue_since
        )

    def days_since_found(self, today: dt.date) -> int:
        """Whole days since the hazard was found (local dates)."""
        return (today - timezone.localtime(self.found_at).date()).days

    @property
    def is_overdue(self) -> bool:
        """Past its deadline and not closed (true at once, before the hourly job marks it)."""
        return self.overdue_on(timezone.localdate())

    @property
    def is_major(self) -> bool:
        return self.level == HazardLevel.MAJOR


class PhotoStage(models.TextChoices):
    """Whether a photo shows the hazard as found or after rectification."""

    BEFORE = "before", _("整改前")
    AFTER = "after", _("整改后")


class HazardPhoto(ScopedRecord):
    """A photo of a hazard before or after rectification (taken with a phone camera)."""

    hazard = ref(Hazard, _("隐患"), related_name="photos")
    stage = models.CharField(_("阶段"), max_length=10, choices=PhotoStage.choices)
    image = models.FileField(_("照片"), upload_to="hazards/photos/%Y/%m/", max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = user_ref(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    scope = Hazard.scope.under("hazard")

    class Meta:
        verbose_name = _("隐患照片")
        verbose_name_plural = _("隐患照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class HazardEventKind(models.TextChoices):
    """A step in a hazard's timeline."""

    REPORTED = "reported", _("上报")
    ASSIGNED = "assigned", _("交办")
    STARTED = "started", _("开始整改")
    SUBMITTED = "submitted", _("提交验收")
    RETURNED = "returned", _("退回整改")
    CLOSED = "closed", _("验收销号")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_APPROVED = "extension_approved", _("批准延期")
    EXTENSION_REFUSED = "extension_refused", _("不予延期")
    OVERDUE = "overdue", _("逾期")
    ESCALATED = "escalated", _("逾期上报监管部门")
    DOUBLE_REPORT = "double_report", _("重大隐患双报告")
    DOUBLE_REPORT_LATE = "double_report_late", _("双报告超期")
    LISTED = "listed", _("挂牌督办")
    DELISTED = "delisted", _("摘牌")
    REPEAT = "repeat", _("重复隐患")
    LEVEL_CHANGED = "level_changed", _("等级变更")


class HazardEvent(ScopedRecord):
    """One step of a hazard's timeline: who did what, when, and why."""

    hazard = ref(Hazard, _("隐患"), related_name="events")
    kind = models.CharField(_("事项"), max_length=30, choices=HazardEventKind.choices)
    actor = user_ref(_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, blank=True)
    note = models.TextField(_("说明"), blank=True)

    scope = Hazard.scope.under("hazard")

    class Meta:
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
