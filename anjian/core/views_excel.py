"""The enterprise list as .xlsx; the import pages come from ``anjian.core.imports``."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.views import View

from anjian.core import filters
from anjian.core.imports.workbook import export_response
from anjian.core.models import Enterprise
from anjian.core.services.enterprise_import import ENTERPRISES
from anjian.core.views_base import PermissionRequiredSomewhere


def filter_problems(filterset) -> HttpResponseBadRequest:
    """Export nothing rather than more than asked: name the filter that is wrong."""
    problems = "；".join(
        f"{filterset.form.fields[name].label}：{'、'.join(errors)}"
        for name, errors in filterset.errors.items()
    )
    return HttpResponseBadRequest(
        f"筛选条件有误，未导出。{problems}", content_type="text/plain; charset=utf-8"
    )


class EnterpriseExportView(PermissionRequiredSomewhere, View):
    """The enterprise list as .xlsx, filtered exactly like the list page, within scope."""

    permission = "enterprise.export"

    def get(self, request):
        filterset = filters.EnterpriseFilterSet(
            request.GET or None,
            queryset=Enterprise.objects.visible_to(request.user, "view").order_by("-id"),
            request=request,
        )
        if filterset.is_bound and not filterset.is_valid():
            return filter_problems(filterset)
        return export_response(ENTERPRISES, filterset.qs)
