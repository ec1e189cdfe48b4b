"""One FilterSet per model, shared by the list pages, the API and the Excel export."""

from collections.abc import Callable

import django_filters
from django import forms
from django.db import models
from django.db.models import Q

from anjian.core.access import access_for
from anjian.core.models import (
    AuditEvent,
    Department,
    DepartmentKind,
    Enterprise,
    EnterpriseScale,
    Region,
    RegionLevel,
    Sector,
    StandardisationLevel,
    SupervisionClass,
    User,
)


def scoped(model: type[models.Model]) -> Callable[[object], models.QuerySet]:
    """A filter's ``queryset=``: the rows of ``model`` the request's user may see (none
    without a user), so a filter never offers or accepts a row outside the user's scope."""

    def rows(request) -> models.QuerySet:
        user = getattr(request, "user", None)
        if user is None:
            return model._default_manager.none()
        return access_for(user).scope(model)

    return rows


# The names other apps' filters import; new code writes ``scoped(Model)``.


class SearchFilter(django_filters.CharFilter):
    """The list's search box: rows where any of ``lookups`` matches the text typed."""

    def __init__(self, *lookups: str, **kwargs):
        self.lookups = lookups
        super().__init__(label="搜索", **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        qs = qs.filter(Q.create([(lookup, value) for lookup in self.lookups], connector=Q.OR))
        return qs.distinct() if self.distinct else qs


class RegionSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter on a region and everything below it (one prefix predicate on the path)."""

    def __init__(self, *args, region_lookup: str = "region", **kwargs):
        self.region_lookup = region_lookup
        kwargs.setdefault("queryset", scoped(Region))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.region_lookup}__path__startswith": value.path})


class EnterpriseFilterSet(django_filters.FilterSet):
    """Filters of the enterprise list: search, sector, town (with subtree), department…"""

    q = SearchFilter(
        "name__icontains",
        "credit_code__istartswith",
        "principal_name__icontains",
        "address__icontains",
    )
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label="行业领域")
    region = RegionSubtreeFilter(label="属地(含下级)")
    supervising_department = django_filters.ModelChoiceFilter(
        queryset=scoped(Department), label="行业监管部门"
    )
    scale = django_filters.ChoiceFilter(choices=EnterpriseScale.choices, label="企业规模")
    standardisation_level = django_filters.ChoiceFilter(
        choices=StandardisationLevel.choices, label="标准化等级"
    )
    supervision_class = django_filters.ChoiceFilter(
        choices=SupervisionClass.choices, label="监管类别"
    )
    high_risk = django_filters.BooleanFilter(
        field_name="sector__is_high_risk",
        label="高危行业",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )

    class Meta:
        model = Enterprise
        fields = [
            "q",
            "sector",
            "region",
            "supervising_department",
            "scale",
            "standardisation_level",
            "supervision_class",
            "high_risk",
        ]


class DepartmentFilterSet(django_filters.FilterSet):
    """Filters of the department list."""

    q = SearchFilter("name__icontains", "aliases__name__icontains", distinct=True)
    region = RegionSubtreeFilter(label="区划(含下级)")
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label="类别")

    class Meta:
        model = Department
        fields = ["q", "region", "kind"]


class RegionFilterSet(django_filters.FilterSet):
    """Filters of the region tree."""

    q = SearchFilter("name__icontains", "code__startswith")
    parent = django_filters.ModelChoiceFilter(queryset=scoped(Region), label="上级")
    within = django_filters.ModelChoiceFilter(
        queryset=scoped(Region), method="filter_within", label="区划(含下级)"
    )
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label="层级")

    class Meta:
        model = Region
        fields = ["q", "parent", "within", "level"]

    def filter_within(self, qs, name, value: Region):
        return qs.filter(path__startswith=value.path) if value else qs


class UserFilterSet(django_filters.FilterSet):
    """Filters of the user list."""

    q = SearchFilter("username__icontains", "display_name__icontains")
    region = RegionSubtreeFilter(label="区划(含下级)")
    is_active = django_filters.BooleanFilter(
        label="启用",
        widget=forms.Select(choices=[("", "全部"), ("true", "启用"), ("false", "停用")]),
    )

    class Meta:
        model = User
        fields = ["q", "region", "is_active"]


class AuditEventFilterSet(django_filters.FilterSet):
    """Filters of the audit log."""

    action = django_filters.CharFilter(lookup_expr="startswith", label="操作")
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象标识")
    region = RegionSubtreeFilter(label="区划(含下级)")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "region"]
