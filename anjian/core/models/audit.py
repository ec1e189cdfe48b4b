"""The append-only audit chain: every change made through a service, hash-linked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.models.fields import ref, user_ref
from anjian.core.scope import ScopedModel, ScopedQuerySet, ScopeSpec


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit event."""


class AuditEventQuerySet(ScopedQuerySet):
    """Audit events can be read and appended, never updated or deleted in bulk."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能修改。")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能删除。")


if TYPE_CHECKING:
    # The class ``as_manager()`` builds, named for the annotation below.
    AuditEventManager = models.Manager.from_queryset(AuditEventQuerySet)


class AuditEvent(ScopedModel):
    """One audited change: who did what to which object, before and after, hash-linked."""

    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = user_ref(_("操作人"))
    actor_name = models.CharField(_("操作人名称"), max_length=150)
    action = models.CharField(_("操作"), max_length=80)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象标识"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    region = ref("core.Region", _("行政区划"), optional=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    request_id = models.CharField(_("请求标识"), max_length=64, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects: ClassVar[AuditEventManager[AuditEvent]] = AuditEventQuerySet.as_manager()
    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("审计记录只能追加，不能删除。")


class AuditHead(models.Model):
    """The single row holding the chain's last sequence number and hash; locked for each append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"head #{self.seq}"
