"""Excel pages of the enterprise registry: import template, all-or-nothing import, export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from anjian.core import filters
from anjian.core.models import Enterprise
from anjian.core.services import enterprise_import as enterprise_sheets
from anjian.core.spreadsheets import xlsx_response
from anjian.core.views_base import PermissionRequiredSomewhere


class SpreadsheetImportView(PermissionRequiredSomewhere, View):
    """Upload an .xlsx: all rows are registered, or none and every error listed on the page.

    Subclasses name the ``template_name``, the ``success_url_name`` and the
    ``success_message`` (with ``{count}``), and run their import service in ``run_import``.
    """

    success_url_name = ""
    success_message = "已导入{count}行。"

    def run_import(self, user, upload):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get(self, request):
        return render(request, self.template_name, {"max_rows": settings.ANJIAN_MAX_IMPORT_ROWS})

    def post(self, request):
        upload = request.FILES.get("file")
        result = self.run_import(request.user, upload)
        if result.ok:
            messages.success(request, self.success_message.format(count=result.count))
            return HttpResponseRedirect(reverse(self.success_url_name))
        context = {
            "errors": result.errors,
            "filename": getattr(upload, "name", ""),
            "max_rows": settings.ANJIAN_MAX_IMPORT_ROWS,
        }
        return render(request, self.template_name, context)


class EnterpriseImportView(SpreadsheetImportView):
    """Upload an .xlsx of enterprises: all rows are registered, or none and every error listed."""

    permission = "enterprise.import"
    template_name = "core/enterprise_import.html"
    success_url_name = "core:enterprise_list"
    success_message = "已导入{count}家单位。"

    def run_import(self, user, upload):
        return enterprise_sheets.enterprise_import(by=user, file=upload)


class EnterpriseImportTemplateView(PermissionRequiredSomewhere, View):
    """The import template: headers, an example row and the values this user may use."""

    permission = "enterprise.import"

    def get(self, request):
        sheets = enterprise_sheets.template_sheets(request.user)
        return xlsx_response(*sheets, stem="生产经营单位导入模板")


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
            # Export nothing rather than more than asked: name the filter that is wrong.
            problems = "；".join(
                f"{filterset.form.fields[name].label}：{'、'.join(errors)}"
                for name, errors in filterset.errors.items()
            )
            return HttpResponseBadRequest(
                f"筛选条件有误，未导出。{problems}", content_type="text/plain; charset=utf-8"
            )
        return enterprise_sheets.export_response(filterset.qs)
