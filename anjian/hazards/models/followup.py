"""What follows a hazard: deadline extensions, 挂牌督办 listings and notifications."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import ScopedRecord
from anjian.core.models.fields import ref, user_ref
from anjian.hazards.models.hazards import Hazard


class ExtensionStatus(models.TextChoices):
    """Where a deadline-extension request stands."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class DeadlineExtension(ScopedRecord):
    """A request to move a hazard's deadline, and the decision on it (history kept)."""

    hazard = ref(Hazard, _("隐患"), related_name="extensions")
    previous_deadline = models.DateField(_("原整改期限"))
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    requested_by = user_ref(_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    status = models.CharField(
        _("审批状态"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = user_ref(_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    scope = Hazard.scope.under("hazard")

    class Meta:
        verbose_name = _("整改延期申请")
        verbose_name_plural = _("整改延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hazard"],
                condition=models.Q(status="pending"),
                name="hazard_one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hazard_id} 延至 {self.requested_deadline}"


class HazardListing(ScopedRecord):
    """挂牌督办: a government level lists a major hazard; only that level closes the listing."""

    hazard = ref(Hazard, _("隐患"), related_name="listings")
    authority = ref("core.Region", _("挂牌督办机关(行政区划)"))
    document_number = models.CharField(_("督办文号"), max_length=100, blank=True)
    responsible_leader = models.CharField(_("包保责任领导"), max_length=50)
    supervising_unit = ref("core.Department", _("督办单位"))
    deadline = models.DateField(_("督办期限"))
    listed_by = user_ref(_("挂牌人"))
    listed_at = models.DateTimeField(_("挂牌时间"), default=timezone.now)
    closed_by = user_ref(_("摘牌人"))
    closed_at = models.DateTimeField(_("摘牌时间"), null=True, blank=True)
    closing_note = models.TextField(_("摘牌意见"), blank=True)

    scope = Hazard.scope.under("hazard")

    class Meta:
        verbose_name = _("挂牌督办")
        verbose_name_plural = _("挂牌督办")
        ordering = ["-listed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hazard"],
                condition=models.Q(closed_at__isnull=True),
                name="hazard_one_open_listing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority.name}挂牌督办：{self.hazard}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class HazardNotificationKind(models.TextChoices):
    """Why someone is told about a hazard."""

    ASSIGNED = "assigned", _("交办")
    OVERDUE = "overdue", _("逾期")
    ESCALATED = "escalated", _("逾期上报")
    RETURNED = "returned", _("退回整改")
    DOUBLE_REPORT_LATE = "double_report_late", _("双报告超期")
    EXTENSION = "extension", _("延期申请")


class HazardNotification(ScopedRecord):
    """An in-app message about a hazard to its owner, its enterprise or its department."""

    hazard = ref(Hazard, _("隐患"), related_name="notifications")
    recipient = user_ref(_("接收人"))
    department = ref("core.Department", _("接收部门"), optional=True)
    kind = models.CharField(_("类别"), max_length=20, choices=HazardNotificationKind.choices)
    message = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    scope = Hazard.scope.under("hazard")

    class Meta:
        verbose_name = _("隐患提醒")
        verbose_name_plural = _("隐患提醒")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message[:40]
