"""Filters of the public report list, shared by the handlers' page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from anjian.core.filters import RegionSubtreeFilter
from anjian.hazards.models import PublicReport, PublicReportStatus, RewardStatus

DATE = forms.DateInput(attrs={"type": "date"})


class PublicReportFilterSet(django_filters.FilterSet):
    """Filters of the report list, shared by the page and the API."""

    q = django_filters.CharFilter(method="search", label="搜索")
    status = django_filters.ChoiceFilter(choices=PublicReportStatus.choices, label="状态")
    region = RegionSubtreeFilter(label="地区(含下级)")
    reward_status = django_filters.ChoiceFilter(choices=RewardStatus.choices, label="奖励决定")
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label="举报日期自", widget=DATE
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="举报日期至", widget=DATE
    )

    class Meta:
        model = PublicReport
        fields = ["q", "status", "region", "reward_status"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(description__icontains=value)
            | Q(enterprise_name__icontains=value)
            | Q(address__icontains=value)
            | Q(enterprise__name__icontains=value)
        )
