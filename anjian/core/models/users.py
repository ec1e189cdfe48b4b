"""People who use Anjian and the roles they hold on regions, departments and enterprises."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core.models.base import AuditedModel, DemoMarkedModel
from anjian.core.models.fields import ref
from anjian.core.roles import ROLE_ANCHORS, AnchorKind, Role
from anjian.core.scope import ScopedQuerySet, ScopeSpec

if TYPE_CHECKING:
    from anjian.core.models.enterprises import Enterprise
    from anjian.core.models.organisations import Department
    from anjian.core.models.regions import Region

    # The class ``from_queryset`` builds below. The plugin cannot build it here: this module
    # and Django's auth models import each other (AUTH_USER_MODEL), so it meets the call
    # before it knows ``UserManager``.
    class _ScopedUserManagerBase(UserManager["User"]):
        def visible_to(
            self, user: Any, action: str = "view", anchor_kinds: Iterable[str] | None = None
        ) -> models.QuerySet[Any]: ...

else:
    _ScopedUserManagerBase = UserManager.from_queryset(ScopedQuerySet)


class ScopedUserManager(_ScopedUserManagerBase):
    """Django's user manager with ``visible_to``."""


class User(AuditedModel, DemoMarkedModel, AbstractUser):
    """A person with a login; their jurisdiction comes from their role assignments."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=30, blank=True)
    region = ref("core.Region", _("所属区划"), optional=True)
    department = ref("core.Department", _("所属部门"), optional=True, related_name="staff")
    enterprise = ref("core.Enterprise", _("所属企业"), optional=True, related_name="staff")

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()
    scope = ScopeSpec(region="region", department="department", enterprise="enterprise")
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"password", "last_login"})

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("core:user_detail", args=[self.pk])

    @property
    def home(self) -> Enterprise | Department | Region | None:
        """The enterprise, department or region the login belongs to (None if none)."""
        anchor: Enterprise | Department | Region | None = (
            self.enterprise or self.department or self.region
        )
        return anchor


class RoleAssignment(AuditedModel):
    """A role held on one anchor: a region (maybe its subtree), a department or enterprise."""

    user = ref(User, _("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    region = ref("core.Region", _("区划"), optional=True)
    include_descendants = models.BooleanField(_("含下级区划"), default=True)
    department = ref("core.Department", _("部门"), optional=True)
    enterprise = ref("core.Enterprise", _("企业"), optional=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                name="role_assignment_exactly_one_anchor",
                condition=(
                    models.Q(region__isnull=False, department__isnull=True, enterprise__isnull=True)
                    | models.Q(
                        region__isnull=True, department__isnull=False, enterprise__isnull=True
                    )
                    | models.Q(
                        region__isnull=True, department__isnull=True, enterprise__isnull=False
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.anchor}"

    @property
    def anchor_kind(self) -> str:
        if self.region_id:
            return AnchorKind.REGION
        if self.department_id:
            return AnchorKind.DEPARTMENT
        return AnchorKind.ENTERPRISE

    @property
    def anchor(self) -> Region | Department | Enterprise | None:
        anchor: Region | Department | Enterprise | None  # ``ref`` fields read as Any
        anchor = self.region or self.department or self.enterprise
        return anchor

    def clean(self) -> None:
        anchors = [a for a in (self.region_id, self.department_id, self.enterprise_id) if a]
        if len(anchors) != 1:
            raise ValidationError("角色须且只能授予在一个区划、部门或企业上。")
        if self.anchor_kind not in ROLE_ANCHORS[self.role]:
            allowed = "、".join(str(AnchorKind(k).label) for k in ROLE_ANCHORS[self.role])
            raise ValidationError({"role": f"角色“{Role(self.role).label}”只能授予在{allowed}上。"})
