"""One FilterSet per model, shared by the list pages, the API and the Excel export (a field
named in ``Meta.fields`` and not declared gets django-filter's filter, labelled by the field)."""

import django_filters
from django import forms
from django.db.models import Q

from anjian.accidents.models import (
    Accident,
    EnterpriseSanction,
    IndustryWarning,
    Investigation,
    Publication,
    SupervisionTask,
    WarningAcknowledgement,
)
from anjian.core.filters import RegionSubtreeFilter, scoped
from anjian.core.models import AccidentCategory, Department

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


class AccidentFilterSet(django_filters.FilterSet):
    """Filters of the accident list: search, region subtree, sector, category, grade, dates."""

    q = django_filters.CharFilter(method="search", label="搜索")
    region = RegionSubtreeFilter(label="属地(含下级)")
    category = django_filters.ModelChoiceFilter(
        queryset=AccidentCategory.objects.all(), label="事故类别"
    )
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label="行业监管部门")
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label="发生日期自", widget=DATE
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label="发生日期至", widget=DATE
    )
    with_deaths = django_filters.BooleanFilter(
        method="filter_deaths", label="有死亡", widget=YES_NO
    )

    class Meta:
        model = Accident
        fields = ["q", "region", "sector", "category", "grade", "department"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_deaths(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(deaths__gt=0) if value else qs.filter(deaths=0)


class InvestigationFilterSet(django_filters.FilterSet):
    """Filters of the investigation list."""

    region = RegionSubtreeFilter(
        label="属地(含下级)", region_lookup="accident__region", field_name="accident__region"
    )

    class Meta:
        model = Investigation
        fields = ["status", "region"]


class SupervisionTaskFilterSet(django_filters.FilterSet):
    """Filters of the supervision task list."""

    region = RegionSubtreeFilter(label="区划(含下级)")

    class Meta:
        model = SupervisionTask
        fields = ["status", "region"]


class IndustryWarningFilterSet(django_filters.FilterSet):
    """Filters of the warning list."""

    region = RegionSubtreeFilter(label="警示范围(含下级)")

    class Meta:
        model = IndustryWarning
        fields = ["sector", "region"]


class WarningAcknowledgementFilterSet(django_filters.FilterSet):
    """Filters of the acknowledgement list: answered or not."""

    acknowledged = django_filters.BooleanFilter(
        field_name="acknowledged_at",
        lookup_expr="isnull",
        exclude=True,
        label="已确认",
        widget=YES_NO,
    )
    inspected = django_filters.BooleanFilter(
        field_name="self_inspected_at",
        lookup_expr="isnull",
        exclude=True,
        label="已自查",
        widget=YES_NO,
    )
    warning = django_filters.NumberFilter(field_name="warning_id", label="警示编号")

    class Meta:
        model = WarningAcknowledgement
        fields = ["acknowledged", "inspected", "warning"]


class EnterpriseSanctionFilterSet(django_filters.FilterSet):
    """Filters of the sanction list."""

    region = RegionSubtreeFilter(
        label="属地(含下级)", region_lookup="enterprise__region", field_name="enterprise__region"
    )

    class Meta:
        model = EnterpriseSanction
        fields = ["kind", "status", "region"]


class PublicationFilterSet(django_filters.FilterSet):
    """Filters of the 曝光台 administration list."""

    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True, label="已撤回", widget=YES_NO
    )

    class Meta:
        model = Publication
        fields = ["withdrawn"]
