"""One FilterSet per model, shared by the list pages, the API and the Excel export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from anjian.core.filters import RegionSubtreeFilter, scoped
from anjian.core.models import Department, Sector
from anjian.hazards.models import (
    OPEN_STATUSES,
    DeadlineExtension,
    ExtensionStatus,
    Hazard,
    HazardLevel,
    HazardListing,
    HazardNotification,
    HazardSource,
    HazardStatus,
)

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


class HazardFilterSet(django_filters.FilterSet):
    """Filters of the hazard ledger: search, status, level, source, place, overdue, listed."""

    q = django_filters.CharFilter(method="search", label="搜索")
    status = django_filters.ChoiceFilter(choices=HazardStatus.choices, label="状态")
    open = django_filters.BooleanFilter(method="filter_open", label="未销号", widget=YES_NO)
    level = django_filters.ChoiceFilter(choices=HazardLevel.choices, label="等级")
    source = django_filters.ChoiceFilter(choices=HazardSource.choices, label="发现方式")
    region = RegionSubtreeFilter(label="属地(含下级)")
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label="行业领域")
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label="监管部门")
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label="企业ID")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期", widget=YES_NO)
    listed = django_filters.BooleanFilter(field_name="is_listed", label="挂牌督办", widget=YES_NO)
    repeat = django_filters.BooleanFilter(
        field_name="repeat_of", lookup_expr="isnull", exclude=True, label="重复隐患", widget=YES_NO
    )
    double_report_late = django_filters.BooleanFilter(label="双报告超期", widget=YES_NO)
    found_from = django_filters.DateFilter(
        field_name="found_at", lookup_expr="date__gte", label="发现日期自", widget=DATE
    )
    found_to = django_filters.DateFilter(
        field_name="found_at", lookup_expr="date__lte", label="发现日期至", widget=DATE
    )
    ordering = django_filters.OrderingFilter(
        fields=(("found_at", "found_at"), ("deadline", "deadline"), ("id", "id")),
        label="排序",
    )

    class Meta:
        model = Hazard
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(place__icontains=value)
            | Q(description__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(status__in=OPEN_STATUSES)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(status__in=OPEN_STATUSES) & (
            Q(overdue_since__isnull=False) | Q(deadline__lt=timezone.localdate())
        )
        return queryset.filter(q) if value else queryset.exclude(q)


class DeadlineExtensionFilterSet(django_filters.FilterSet):
    """Filters of the extension requests: status, hazard."""

    status = django_filters.ChoiceFilter(choices=ExtensionStatus.choices, label="审批状态")
    hazard = django_filters.NumberFilter(field_name="hazard_id", label="隐患ID")

    class Meta:
        model = DeadlineExtension
        fields = []


class HazardListingFilterSet(django_filters.FilterSet):
    """Filters of the 挂牌督办 list: open or closed, authority."""

    open = django_filters.BooleanFilter(
        field_name="closed_at", lookup_expr="isnull", label="督办中", widget=YES_NO
    )

    class Meta:
        model = HazardListing
        fields = []


class HazardNotificationFilterSet(django_filters.FilterSet):
    """Filters of the hazard notifications: kind."""

    kind = django_filters.CharFilter(label="类别")

    class Meta:
        model = HazardNotification
        fields = []
