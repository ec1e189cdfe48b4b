"""The statistics parameters, declared once as a form for the page and the API.

The page shows the form's errors next to its fields and counts with the valid ones; the API
answers 400 naming each bad parameter (``form_parameters`` documents them).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from anjian.accidents.models import Accident
from anjian.accidents.stats.selectors import Period, accident_statistics
from anjian.core.access import access_for
from anjian.core.forms import DateInput, ScopedChoicesMixin
from anjian.core.models import Region, RegionLevel
from anjian.core.statistics import validate_statistics_day


def day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput(), validators=[validate_statistics_day]
    )


class StatisticsForm(ScopedChoicesMixin, forms.Form):
    """The period (default: this year to date) and a region the user sees to break down."""

    start = day("开始日期")
    end = day("结束日期")
    region = forms.ModelChoiceField(
        label="区划",
        queryset=Region.objects.filter(level__lte=RegionLevel.COUNTY),
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and start > (end or timezone.localdate()):
            self.add_error("end", "结束日期不能早于开始日期（不填为今天）。")
        return data

    def period(self) -> Period:
        """The valid dates asked for; this year to date where none were."""
        data = self.cleaned_data if self.is_bound else {}
        default = Period.this_year()
        start, end = data.get("start") or default.start, data.get("end") or default.end
        return Period(start, max(start, end))


def bound(query, user) -> StatisticsForm:
    """The form over a request's query (unbound when empty), validated."""
    form = StatisticsForm(query or None, user=user)
    form.is_valid()
    return form


def statistics(form: StatisticsForm, user) -> dict:
    """The figures the form asks for, counted on the accidents ``user`` may see."""
    root = form.cleaned_data.get("region") if form.is_bound else None
    return accident_statistics(access_for(user).scope(Accident), form.period(), root=root)
