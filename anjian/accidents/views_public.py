"""曝光台 (public, no login, no personal data) and its administration; statistics pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from anjian.accidents import exports, filters, forms, selectors
from anjian.accidents.models import Accident, Publication
from anjian.accidents.services import publications
from anjian.core.views_base import ObjectActionView, PermissionRequiredSomewhere, ScopedListView

# What the public page may show of an accident: no names, phones, addresses or narrative.
PUBLIC_FIELDS = (
    "title",
    "summary",
    "lessons",
    "name_enterprise",
    "published_at",
    "accident__occurred_at",
    "accident__deaths",
    "accident__missing",
    "accident__serious_injuries",
    "accident__minor_injuries",
    "accident__direct_loss",
    "accident__grade__name",
    "accident__category__name",
    "accident__sector__name",
    "accident__region__name",
    "accident__region__level",
    "accident__region__parent__name",
    "accident__enterprise__name",
)


def public_entries(pk: int | None = None):
    """Published, not withdrawn entries as plain dicts of the public fields only."""
    rows = Publication.objects.filter(withdrawn_at__isnull=True).order_by("-published_at", "-id")
    if pk is not None:
        rows = rows.filter(pk=pk)
    for row in rows.values("pk", *PUBLIC_FIELDS):
        county = row["accident__region__name"]
        if row["accident__region__level"] > 3 and row["accident__region__parent__name"]:
            county = row["accident__region__parent__name"]
        yield {
            "pk": row["pk"],
            "title": row["title"],
            "summary": row["summary"],
            "lessons": row["lessons"],
            "published_at": row["published_at"],
            "occurred_month": timezone.localtime(row["accident__occurred_at"]).strftime("%Y年%m月"),
            "county": county,
            "sector": row["accident__sector__name"],
            "category": row["accident__category__name"],
            "grade": row["accident__grade__name"],
            "deaths": row["accident__deaths"],
            "missing": row["accident__missing"],
            "serious_injuries": row["accident__serious_injuries"],
            "minor_injuries": row["accident__minor_injuries"],
            "direct_loss_wan": row["accident__direct_loss"] / 10000,
            "enterprise": row["accident__enterprise__name"] if row["name_enterprise"] else "",
        }


def public_list(request):
    """The public 曝光台: typical accidents, redacted; no login needed."""
    page = Paginator(list(public_entries()), 20).get_page(request.GET.get("page"))
    return render(request, "accidents/public_list.html", {"page_obj": page, "entries": page})


def public_detail(request, pk: int):
    entry = next(public_entries(pk), None)
    if entry is None:
        raise Http404("没有这条曝光信息。")
    return render(request, "accidents/public_detail.html", {"entry": entry})


class PublicationListView(ScopedListView):
    """Administration of the 曝光台 entries of the user's jurisdiction."""

    model = Publication
    permission = "publication.view"
    filterset_class = filters.PublicationFilterSet
    template_name = "accidents/publication_list.html"
    partial_template_name = "accidents/_publication_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related("accident").order_by("-published_at", "-id")


class PublishView(ObjectActionView):
    """Publish a typical accident; the draft is built from facts only, and checked again."""

    model = Accident
    permission = "publication.add"
    form_class = forms.PublishForm
    title = "发布到曝光台"
    submit_label = "发布"
    success_message = "已发布到曝光台。"

    def get_initial(self):
        draft = publications.publication_draft(self.target)
        return {**draft, "lessons": "各单位要深刻吸取事故教训，举一反三，全面排查整治同类隐患。"}

    def run_service(self, form):
        return publications.publish(by=self.request.user, accident=self.target, **form.cleaned_data)


class WithdrawView(ObjectActionView):
    model = Publication
    permission = "publication.change"
    object_action = "change"
    form_class = forms.WithdrawForm
    title = "从曝光台撤回"
    success_message = "已撤回。"

    def run_service(self, form):
        return publications.publication_withdraw(
            by=self.request.user, publication=self.target, **form.cleaned_data
        )


# ---- statistics -------------------------------------------------------------------------------


def statistics_of(request) -> tuple[forms.StatisticsForm, dict]:
    form = forms.StatisticsForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    start, end, root = today.replace(month=1, day=1), today, None
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        root = form.cleaned_data["region"]
        if end < start:
            start, end = end, start
    qs = Accident.objects.visible_to(request.user)
    return form, selectors.accident_statistics(qs, selectors.Period(start, end), root=root)


class StatisticsView(PermissionRequiredSomewhere, TemplateView):
    """Accidents and deaths by region, sector, category, grade and month; 同比, 环比, 两下降."""

    permission = "accident.view"
    template_name = "accidents/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, stats = statistics_of(self.request)
        context.update(form=form, stats=stats, querystring=self.request.GET.urlencode())
        context["chart_data"] = {
            key: [{k: v for k, v in row.items()} for row in stats[key]]
            for key in ("by_region", "by_sector", "by_category", "by_grade", "monthly")
        }
        return context


class StatisticsExportView(PermissionRequiredSomewhere, View):
    permission = "accident.export"

    def get(self, request):
        _form, stats = statistics_of(request)
        return exports.statistics_export_response(stats)
