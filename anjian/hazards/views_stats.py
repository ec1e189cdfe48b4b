"""Hazard statistics by region and sector, and 动态清零 (open major hazards), with Excel export.

Both pages count only ``Hazard.objects.visible_to(user)``; the breakdown by region rolls up
to the children of the user's region (see ``selectors.statistics_root``), or of a region
inside it chosen in the filter.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from anjian.core.forms import DateInput
from anjian.core.models import Region, Sector
from anjian.core.pagination import BoundedPaginator
from anjian.core.spreadsheets import SheetSpec, xlsx_response
from anjian.core.statistics import validate_statistics_day
from anjian.core.views_base import PermissionRequiredSomewhere
from anjian.hazards import selectors
from anjian.hazards.models import Hazard, HazardLevel

# ---- filters ---------------------------------------------------------------------------------


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


def _bound_form(form_class, request, root):
    """The form, valid or with its errors shown; a region outside the user's area is 404."""
    form = form_class(request.GET or None, root=root)
    if form.is_bound and not form.is_valid() and "region" in form.errors:
        raise Http404("没有这个区划，或不在您的管辖范围内。")
    return form


def _filtered(form, qs):
    """Apply the filters that are valid (an invalid date does not drop the sector)."""
    data = form.cleaned_data if form.is_bound else {}
    if data.get("sector"):
        qs = qs.filter(sector=data["sector"])
    if data.get("level"):
        qs = qs.filter(level=data["level"])
    return qs, data.get("region") or form.root


def statistics_of(request) -> tuple[StatisticsFilterForm, dict]:
    """The filter form and the figures it asks for, on the user's scoped hazards."""
    form = _bound_form(StatisticsFilterForm, request, selectors.statistics_root(request.user))
    qs, root = _filtered(form, Hazard.objects.visible_to(request.user))
    period = selectors.Period.this_year()
    data = form.cleaned_data if form.is_bound else {}
    start, end = data.get("start") or period.start, data.get("end") or period.end
    if end < start:  # a start after today (or a refused end): count from start to start
        end = start
    period = selectors.Period(start, end)
    return form, selectors.hazard_statistics(qs, period, root=root)


def clearance_of(request):
    """The filter form, the open major hazards (oldest first) and their counts per region."""
    form = _bound_form(RegionFilterForm, request, selectors.statistics_root(request.user))
    qs, root = _filtered(form, Hazard.objects.visible_to(request.user))
    return form, selectors.open_major(qs, root=root), selectors.clearance_by_region(qs, root=root)


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def hazard_url_pattern() -> str | None:
    """The detail page address with ``0`` for the id, once the hazard pages exist."""
    try:
        return reverse("hazards:hazard_detail", args=[0])
    except NoReverseMatch:
        return None


# ---- pages -----------------------------------------------------------------------------------


class StatisticsView(PermissionRequiredSomewhere, TemplateView):
    """Hazards found, closed, closure rate, overdue, major open and listed, by region and sector."""

    permission = "hazard.view"
    template_name = "hazards/stats/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, stats = statistics_of(self.request)
        context.update(
            form=form,
            stats=stats,
            querystring=_querystring(self.request),
            chart_data={"by_region": stats["by_region"], "by_sector": stats["by_sector"]},
        )
        return context


class StatisticsExportView(PermissionRequiredSomewhere, View):
    """The statistics tables as .xlsx, for the same filters as the page."""

    permission = "hazard.export"

    def get(self, request):
        _form, stats = statistics_of(request)
        return statistics_export_response(stats)


class ClearanceView(PermissionRequiredSomewhere, TemplateView):
    """动态清零: every open major hazard with its age, overdue and listed, counts per region."""

    permission = "hazard.view"
    template_name = "hazards/stats/clearance.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, hazards, counts = clearance_of(self.request)
        paginator = BoundedPaginator(hazards, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        detail = hazard_url_pattern()
        rows = list(selectors.clearance_rows(page.object_list))
        for row in rows:
            row.url = detail.replace("/0/", f"/{row.pk}/") if detail else ""
        context.update(
            form=form,
            counts=counts,
            rows=rows,
            page_obj=page,
            paginator=paginator,
            querystring=_querystring(self.request),
            chart_data=counts["by_region"],
            today=timezone.localdate(),
        )
        return context


class ClearanceExportView(PermissionRequiredSomewhere, View):
    """动态清零 as .xlsx: the counts per region, then every open major hazard."""

    permission = "hazard.export"

    def get(self, request):
        _form, hazards, counts = clearance_of(request)
        return clearance_export_response(hazards.iterator(chunk_size=500), counts)


# ---- Excel -----------------------------------------------------------------------------------

STATISTICS_COLUMNS = [
    ("found", "发现隐患"),
    ("closed", "期内销号"),
    ("found_closed", "期内发现已销号"),
    ("closure_rate", "整改率(%)"),
    ("overdue", "逾期未整改"),
    ("major_open", "重大隐患未销号"),
    ("listed", "挂牌督办中"),
]


def _figures_sheet(title: str, first: str, rows: list[dict], totals: dict) -> SheetSpec:
    keys = [k for k, _label in STATISTICS_COLUMNS]
    return SheetSpec(
        title=title,
        headers=[first, *(label for _k, label in STATISTICS_COLUMNS)],
        rows=[[r["name"], *(r[k] for k in keys)] for r in rows]
        + [["合计", *(totals[k] for k in keys)]],
    )


def statistics_export_response(stats: dict):
    about = SheetSpec(
        title="说明",
        headers=["项目", "内容"],
        rows=[
            ["统计期间", stats["period"]["label"]],
            ["统计区划", stats["root"]["name"] if stats["root"] else "全部"],
            ["整改率", "期内发现且已销号的隐患数 ÷ 期内发现的隐患数"],
            ["逾期、重大未销号、挂牌督办", f"截至{timezone.localdate():%Y-%m-%d}的状态"],
        ],
        widths=[28, 60],
    )
    return xlsx_response(
        _figures_sheet("按区域", "区域", stats["by_region"], stats["totals"]),
        _figures_sheet("按行业", "行业领域", stats["by_sector"], stats["totals"]),
        about,
        stem="隐患统计",
    )


CLEARANCE_HEADERS = [
    "编号",
    "隐患单位",
    "属地",
    "行业领域",
    "隐患部位",
    "隐患描述",
    "发现日期",
    "已存在(天)",
    "整改期限",
    "状态",
    "逾期",
    "挂牌督办",
]


def _clearance_rows(hazards):
    for h in selectors.clearance_rows(hazards):
        yield [
            h.pk,
            h.enterprise.name,
            h.region.full_name or h.region.name,
            h.sector.name,
            h.place,
            h.description,
            f"{timezone.localtime(h.found_at):%Y-%m-%d}",
            h.age_days,
            f"{h.deadline:%Y-%m-%d}" if h.deadline else "",
            h.get_status_display(),
            "是" if h.overdue else "否",
            "是" if h.is_listed else "否",
        ]


def clearance_export_response(hazards, counts: dict):
    by_region = SheetSpec(
        title="按区域",
        headers=["区域", "重大隐患未销号", "其中逾期", "其中挂牌督办", "最久已存在(天)"],
        rows=[
            [r["name"], r["open_major"], r["overdue"], r["listed"], r["oldest_days"]]
            for r in counts["by_region"]
        ]
        + [["合计", *(counts["totals"][k] for k in ("open_major", "overdue", "listed")), None]],
    )
    listing = SheetSpec(
        title="重大隐患清单", headers=CLEARANCE_HEADERS, rows=_clearance_rows(hazards)
    )
    return xlsx_response(by_region, listing, stem="重大隐患动态清零")
