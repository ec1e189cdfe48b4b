"""One FilterSet per list, shared by the list page, the API and the Excel export."""

import django_filters
from django import forms
from django.db.models import Q

from anjian.core.access import access_for
from anjian.core.filters import RegionSubtreeFilter
from anjian.core.models import Enterprise, Sector
from anjian.risks.models import Colour, ControlMeasure, RiskLevel, RiskMethod, RiskPoint

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


def visible_enterprises(request):
    """Choices for the enterprise filter: the enterprises the user can see."""
    return access_for(getattr(request, "user", None)).scope(Enterprise).order_by("name")


class RiskPointFilterSet(django_filters.FilterSet):
    """Filters of the risk register: search, enterprise, level, colour, method, sector, town…"""

    q = django_filters.CharFilter(method="search", label="搜索")
    enterprise = django_filters.ModelChoiceFilter(queryset=visible_enterprises, label="所属单位")
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label="风险等级")
    colour = django_filters.ChoiceFilter(choices=Colour.choices, label="颜色")
    method = django_filters.ChoiceFilter(choices=RiskMethod.choices, label="评价方法")
    sector = django_filters.ModelChoiceFilter(
        field_name="enterprise__sector", queryset=Sector.objects.all(), label="行业领域"
    )
    region = RegionSubtreeFilter(
        label="属地(含下级)", region_lookup="enterprise__region", field_name="enterprise__region"
    )
    is_active = django_filters.BooleanFilter(label="在用", widget=YES_NO)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="评估逾期", widget=YES_NO)

    class Meta:
        model = RiskPoint
        fields = [
            "q",
            "enterprise",
            "level",
            "colour",
            "method",
            "sector",
            "region",
            "is_active",
            "overdue",
        ]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value)
            | Q(place__icontains=value)
            | Q(activity__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_overdue(self, qs, name, value):
        """Risk points in use whose next review date has passed (or not)."""
        if value is None:
            return qs
        return qs.review_overdue() if value else qs.exclude(RiskPoint.review_overdue_q())


class DistributionFilterSet(RiskPointFilterSet):
    """The parameters of 四色分布, page and API alike: which risk points to count (it counts
    those in use by level, so it takes no level, colour, state or search)."""

    q = level = colour = is_active = None

    class Meta(RiskPointFilterSet.Meta):
        fields = ["enterprise", "method", "sector", "region", "overdue"]


class ControlMeasureFilterSet(django_filters.FilterSet):
    """Filters of the control measures: their risk point, kind, level, active."""

    risk_point = django_filters.NumberFilter(field_name="risk_point_id", label="风险点编号")
    is_active = django_filters.BooleanFilter(label="有效", widget=YES_NO)

    class Meta:
        model = ControlMeasure
        fields = ["risk_point", "kind", "control_level", "is_active"]
