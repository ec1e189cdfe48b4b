"""One FilterSet per list: notices, obligations, occurrences (我的任务, 审核), notifications."""

import django_filters
from django.db.models import Q

from anjian.core.access import access_for
from anjian.core.filters import scoped
from anjian.core.models import Department
from anjian.duties.models import (
    Notice,
    NoticeStatus,
    Notification,
    NotificationKind,
    Obligation,
    Occurrence,
    OccurrenceStatus,
)


def visible_notices(request):
    """Choices for notice filters: the notices the user can see."""
    return access_for(getattr(request, "user", None)).scope(Notice)


class NoticeFilterSet(django_filters.FilterSet):
    """Search by title or number, by year and status."""

    q = django_filters.CharFilter(method="search", label="搜索")
    year = django_filters.NumberFilter(label="工作年度")
    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices, label="状态")

    class Meta:
        model = Notice
        fields = ["q", "year", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value))


class ObligationFilterSet(django_filters.FilterSet):
    """Obligations by notice, or by words of their text."""

    notice = django_filters.ModelChoiceFilter(queryset=visible_notices, label="政策文件")
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="搜索")

    class Meta:
        model = Obligation
        fields = ["notice", "q"]


class OccurrenceFilterSet(django_filters.FilterSet):
    """Periods by status, department, notice and whether overdue."""

    status = django_filters.ChoiceFilter(choices=OccurrenceStatus.choices, label="状态")
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label="责任单位")
    notice = django_filters.ModelChoiceFilter(
        field_name="obligation__notice", queryset=visible_notices, label="政策文件"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期")

    class Meta:
        model = Occurrence
        fields = ["status", "department", "notice", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Occurrence.overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class NotificationFilterSet(django_filters.FilterSet):
    """Notifications by kind."""

    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label="类别")

    class Meta:
        model = Notification
        fields = ["kind"]
