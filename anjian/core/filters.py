"""One FilterSet per model, shared by the list pages, the API and the Excel export."""

import django_filters
from django import forms
from django.db.models import Q

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


def visible_regions(request):
    """Choices for region filters: the regions the user can see."""
    return Region.objects.visible_to(getattr(request, "user", None))


def visible_departments(request):
    """Choices for department filters: the departments the user can see."""
    return Department.objects.visible_to(getattr(request, "user", None))


class RegionSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter on a region and everything below it (one prefix predicate on the path)."""

    def __init__(self, *args, region_lookup: str = "region", **kwargs):
        self.region_lookup = region_lookup
        kwargs.setdefault("queryset", visible_regions)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.region_lookup}__path__startswith": value.path})


class EnterpriseFilterSet(django_filters.FilterSet):
    """Filters of the enterprise list: search, sector, town (with subtree), department…"""

    q = django_filters.CharFilter(method="search", label="搜索")
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label="行业领域")
    region = RegionSubtreeFilter(label="属地(含下级)")
    supervising_department = django_filters.ModelChoiceFilter(
        queryset=visible_departments, label="行业监管部门"
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

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value)
            | Q(credit_code__istartswith=value.upper())
            | Q(principal_name__icontains=value)
            | Q(address__icontains=value)
        )


class DepartmentFilterSet(django_filters.FilterSet):
    """Filters of the department list."""

    q = django_filters.CharFilter(method="search", label="搜索")
    region = RegionSubtreeFilter(label="区划(含下级)")
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label="类别")

    class Meta:
        model = Department
        fields = ["q", "region", "kind"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(aliases__name__icontains=value)).distinct()


class RegionFilterSet(django_filters.FilterSet):
    """Filters of the region tree."""

    q = django_filters.CharFilter(method="search", label="搜索")
    parent = django_filters.ModelChoiceFilter(queryset=visible_regions, label="上级")
    within = django_filters.ModelChoiceFilter(
        queryset=visible_regions, method="filter_within", label="区划(含下级)"
    )
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label="层级")

    class Meta:
        model = Region
        fields = ["q", "parent", "within", "level"]

    def filter_within(self, qs, name, value: Region):
        return qs.filter(path__startswith=value.path) if value else qs

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else qs


class UserFilterSet(django_filters.FilterSet):
    """Filters of the user list."""

    q = django_filters.CharFilter(method="search", label="搜索")
    region = RegionSubtreeFilter(label="区划(含下级)")
    is_active = django_filters.BooleanFilter(
        label="启用",
        widget=forms.Select(choices=[("", "全部"), ("true", "启用"), ("false", "停用")]),
    )

    class Meta:
        model = User
        fields = ["q", "region", "is_active"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(username__icontains=value) | Q(display_name__icontains=value))


class AuditEventFilterSet(django_filters.FilterSet):
    """Filters of the audit log."""

    action = django_filters.CharFilter(lookup_expr="startswith", label="操作")
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象标识")
    region = RegionSubtreeFilter(label="区划(含下级)")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "region"]
