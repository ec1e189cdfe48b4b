"""The parameters of the statistics and 动态清零 pages and API, declared once as forms.

The page shows a form's errors next to its fields and counts with the valid ones; the API
answers 400 naming each bad parameter. A region outside the
user's area is 404 on both.
"""

from __future__ import annotations

from django import forms
from django.http import Http404

from anjian.core.access import access_for
from anjian.core.forms import DateInput
from anjian.core.models import Region, Sector
from anjian.core.statistics import validate_statistics_day
from anjian.hazards.models import Hazard, HazardLevel
from anjian.hazards.stats import selectors


class RegionFilterForm(forms.Form):
    """The region to break down by: the user's own (default) or one just below it."""

    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False)
    sector = forms.ModelChoiceField(
        label="行业领域", queryset=Sector.objects.order_by("sort_order", "code"), required=False
    )

    def __init__(self, *args, root: Region | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = root
        self.fields["region"].queryset = selectors.drill_down_regions(root).order_by("path")
        self.fields["region"].empty_label = root.name if root is not None else "全部"

    def clean_region(self):
        return self.cleaned_data.get("region") or self.root


class StatisticsFilterForm(RegionFilterForm):
    """The period (default this year to date), the region to break down, sector and level."""

    start = forms.DateField(
        label="开始日期", required=False, widget=DateInput(), validators=[validate_statistics_day]
    )
    end = forms.DateField(
        label="结束日期", required=False, widget=DateInput(), validators=[validate_statistics_day]
    )
    level = forms.ChoiceField(
        label="隐患等级", choices=[("", "全部"), *HazardLevel.choices], required=False
    )
    field_order = ["start", "end", "region", "sector", "level"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "结束日期不能早于开始日期。")
        return data


def bound(form_class, data, user):
    """The form over ``data``, valid or with its errors; a region outside the area is 404."""
    form = form_class(data or None, root=selectors.statistics_root(user))
    if form.is_bound and not form.is_valid() and "region" in form.errors:
        raise Http404("没有这个区划，或不在您的管辖范围内。")
    return form


def hazards_of(form, user):
    """The user's hazards with the form's valid filters (an invalid date keeps the sector),
    and the region the figures break down by."""
    data = form.cleaned_data if form.is_bound else {}
    qs = access_for(user).scope(Hazard)
    if data.get("sector"):
        qs = qs.filter(sector=data["sector"])
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    return qs, data.get("region") or form.root


def statistics(form, user) -> dict:
    """The figures the statistics form asks for, on the user's hazards."""
    qs, root = hazards_of(form, user)
    data = form.cleaned_data if form.is_bound else {}
    period = selectors.Period.this_year()
    start, end = data.get("start") or period.start, data.get("end") or period.end
    if end < start:  # a start after today (or a refused end): count from start to start
        end = start
    return selectors.hazard_statistics(qs, selectors.Period(start, end), root=root)


def open_major(form, user):
    """The open major hazards, oldest first (a queryset: nothing is read yet)."""
    qs, root = hazards_of(form, user)
    return selectors.open_major(qs, root=root)


def clearance_counts(form, user) -> dict:
    """Open major hazards per child region: how many, overdue, listed, the oldest's age."""
    qs, root = hazards_of(form, user)
    return selectors.clearance_by_region(qs, root=root)
