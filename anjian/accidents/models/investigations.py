"""Accident investigation (事故调查): team, causes, findings, measures, 四不放过, reply (批复)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.accidents.models.accidents import Accident
from anjian.accidents.models.reference import InvestigationLevel
from anjian.core.models.base import ScopedRecord, VersionedModel
from anjian.core.models.fields import ref, user_ref


class InvestigationStatus(models.TextChoices):
    """Where an investigation stands."""

    OPEN = "open", _("调查中")
    REPORTED = "reported", _("已提交调查报告")
    REPLIED = "replied", _("已批复")
    CLOSED = "closed", _("已结案")


class Investigation(ScopedRecord, VersionedModel):
    """The investigation of one accident, at the level its grade requires (第十九条)."""

    accident = models.OneToOneField(
        "accidents.Accident",
        models.PROTECT,
        related_name="investigation",
        verbose_name=_("事故"),
    )
    level = models.CharField(_("调查组织"), max_length=20, choices=InvestigationLevel.choices)
    led_by = models.CharField(_("牵头单位"), max_length=200)
    team = models.TextField(_("调查组组成"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.OPEN,
    )
    opened_at = models.DateTimeField(_("成立时间"))
    report_due = models.DateField(_("调查报告期限"))
    report_submitted_at = models.DateTimeField(_("调查报告提交时间"), null=True, blank=True)
    causes = models.TextField(_("事故原因"), blank=True)
    reply_due = models.DateField(_("批复期限"), null=True, blank=True)
    replied_at = models.DateTimeField(_("批复时间"), null=True, blank=True)
    reply_document = models.CharField(_("批复文号"), max_length=100, blank=True)
    cause_found = models.BooleanField(_("事故原因已查清"), default=False)
    responsible_dealt_with = models.BooleanField(_("责任人员已处理"), default=False)
    measures_in_place = models.BooleanField(_("整改措施已落实"), default=False)
    people_educated = models.BooleanField(_("有关人员已受到教育"), default=False)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    scope = Accident.scope.under("accident")
    checklist_fields = (
        "cause_found",
        "responsible_dealt_with",
        "measures_in_place",
        "people_educated",
    )

    class Meta:
        verbose_name = _("事故调查")
        verbose_name_plural = _("事故调查")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.accident}调查"

    def get_absolute_url(self) -> str:
        return reverse("accidents:investigation_detail", args=[self.pk])

    @property
    def checklist_complete(self) -> bool:
        """四不放过: all four must hold before the case is closed."""
        return all(getattr(self, name) for name in self.checklist_fields)

    def checklist(self) -> list[tuple[str, bool]]:
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.checklist_fields
        ]

    def report_overdue_on(self, today: dt.date) -> bool:
        """The report is not in and its 60 days are over."""
        return self.report_submitted_at is None and today > self.report_due

    def reply_overdue_on(self, today: dt.date) -> bool:
        """The report is in, the reply (批复) is not, and its 15 (30) days are over."""
        return self.reply_due is not None and self.replied_at is None and today > self.reply_due

    @property
    def expected_level(self) -> str | None:
        """Who should investigate now when the grade has changed since opening (第二十条)."""
        expected = self.accident.grade.investigated_by
        return InvestigationLevel(expected).label if expected != self.level else None


class SubjectKind(models.TextChoices):
    """Whom a responsibility finding is about."""

    PERSON = "person", _("个人")
    UNIT = "unit", _("单位")


class ResponsibilityFinding(ScopedRecord):
    """A responsibility finding for a person or a unit, and how it is to be handled."""

    investigation = ref(Investigation, _("事故调查"), related_name="findings")
    subject_kind = models.CharField(_("对象类别"), max_length=10, choices=SubjectKind.choices)
    subject = models.CharField(_("责任人或责任单位"), max_length=100)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    responsibility = models.CharField(_("责任认定"), max_length=200)
    handling = models.TextField(_("处理建议或结果"))

    scope = Investigation.scope.under("investigation")

    class Meta:
        verbose_name = _("责任认定")
        verbose_name_plural = _("责任认定")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject}：{self.responsibility}"


class MeasureKind(models.TextChoices):
    """What a rectification measure becomes in the other modules."""

    MEASURE = "measure", _("整改措施")
    HAZARD = "hazard", _("转为隐患")
    OBLIGATION = "obligation", _("转为责任事项")


class RectificationMeasure(ScopedRecord):
    """A rectification measure the investigation requires; 转为隐患 makes it a hazard of the
    enterprise, 转为责任事项 a tracked obligation of the responsible department."""

    investigation = ref(Investigation, _("事故调查"), related_name="measures")
    description = models.TextField(_("整改措施"))
    kind = models.CharField(
        _("类型"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.MEASURE
    )
    responsible = models.CharField(_("责任单位"), max_length=200)
    enterprise = ref("core.Enterprise", _("整改单位"), optional=True)
    department = ref("core.Department", _("责任部门"), optional=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    hazard = ref("hazards.Hazard", _("转为的隐患"), optional=True)
    obligation = ref("duties.Obligation", _("转为的责任事项"), optional=True)
    recorded_by = user_ref(_("录入人"))

    scope = Investigation.scope.under("investigation")

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:40]

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
