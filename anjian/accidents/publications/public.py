"""The public 曝光台 (no login): typical accidents as redacted summaries, no personal data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from anjian.accidents.models import Publication

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
    rows = Publication.objects.live().order_by("-published_at", "-id")
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


class PublicListView(View):
    """The public 曝光台: typical accidents, redacted; no login needed."""

    def get(self, request):
        page = Paginator(list(public_entries()), 20).get_page(request.GET.get("page"))
        return render(request, "accidents/public_list.html", {"page_obj": page, "entries": page})


class PublicDetailView(View):
    """One entry of the public 曝光台."""

    def get(self, request, pk: int):
        entry = next(public_entries(pk), None)
        if entry is None:
            raise Http404("没有这条曝光信息。")
        return render(request, "accidents/public_detail.html", {"entry": entry})
