"""Public hazard reports (群众举报 / 吹哨人): what the public saw, where, and what came of it.

A report belongs to the town or county the reporter chose; the regulators and coordinators
of that region handle it (enterprise staff never see reports about them). The reporter's
contact is stored sealed (core.crypto) and the receipt code only as its SHA-256.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import ScopedRecord, VersionedModel
from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopeSpec


class PublicReportStatus(models.TextChoices):
    """Where a public report stands: received, accepted for handling, then verified or not."""

    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    VERIFIED = "verified", _("查证属实")
    DISMISSED = "dismissed", _("不予立案")


class RewardStatus(models.TextChoices):
    """The reward decision (《安全生产领域举报奖励办法》)."""

    PROPOSED = "proposed", _("拟奖励")
    PAID = "paid", _("已发放")
    REFUSED = "refused", _("不予奖励")


class PublicReport(VersionedModel, ScopedRecord):
    """A hazard reported by a member of the public, possibly anonymously, with a receipt code."""

    region = ref("core.Region", _("举报地区"), related_name="public_reports")
    enterprise_name = models.CharField(_("被举报单位名称"), max_length=200, blank=True)
    enterprise = ref(
        "core.Enterprise", _("对应生产经营单位"), optional=True, related_name="public_reports"
    )
    address = models.CharField(_("具体地点"), max_length=200, blank=True)
    description = models.TextField(_("举报内容"))
    # Sealed by core.crypto ("enc1:…"); read only through reports.services.report_contact.
    contact_name_sealed = models.TextField(_("举报人姓名(加密)"), blank=True, editable=False)
    contact_phone_sealed = models.TextField(_("举报人电话(加密)"), blank=True, editable=False)
    receipt_hash = models.CharField(_("回执码摘要"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=PublicReportStatus.choices,
        default=PublicReportStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("举报时间"), default=timezone.now)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = user_ref(_("受理人"))
    decided_at = models.DateTimeField(_("核查结论时间"), null=True, blank=True)
    decided_by = user_ref(_("核查人"))
    finding = models.TextField(_("核查情况"), blank=True)
    dismiss_reason = models.TextField(_("不予立案理由"), blank=True)
    hazards = models.ManyToManyField(
        "hazards.Hazard", blank=True, related_name="public_reports", verbose_name=_("立案隐患")
    )
    reward_status = models.CharField(
        _("奖励决定"), max_length=10, choices=RewardStatus.choices, blank=True, default=""
    )
    reward_amount = models.DecimalField(
        _("奖励金额(元)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reward_note = models.TextField(_("奖励说明"), blank=True)
    reward_decided_at = models.DateTimeField(_("奖励决定时间"), null=True, blank=True)
    reward_decided_by = user_ref(_("奖励决定人"))
    # No department, enterprise or sector anchor: a report is handled by the government of
    # its region (a department sees its own region subtree), never by the enterprise named.
    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("群众举报")
        verbose_name_plural = _("群众举报")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["region", "status", "submitted_at"], name="publicreport_region"),
            models.Index(fields=["status", "submitted_at"], name="publicreport_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reward_amount__isnull=True) | models.Q(reward_amount__gte=0),
                name="publicreport_reward_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"群众举报 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("hazard_reports:report_detail", args=[self.pk])

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name_sealed or self.contact_phone_sealed)

    @property
    def is_open(self) -> bool:
        return self.status in (PublicReportStatus.SUBMITTED, PublicReportStatus.ACCEPTED)


class PublicReportPhoto(ScopedRecord):
    """A photo attached to a public report (shown only to the report's handlers)."""

    report = ref(PublicReport, _("举报"), related_name="photos")
    image = models.FileField(_("照片"), upload_to="hazards/reports/%Y/%m/", max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    scope = PublicReport.scope.under("report")

    class Meta:
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
