"""群众举报, the public side: report a hazard without logging in, and follow it by receipt code.

Both pages are rate-limited per client address (see ``limits``), sharing their limits with
the public API.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views import View

from anjian.core.views_base import add_service_errors
from anjian.hazards.reports import services as reports
from anjian.hazards.reports.forms import LookupForm, PublicReportForm
from anjian.hazards.reports.limits import LOOKUP_LIMIT, NOT_FOUND, SUBMIT_LIMIT, private


class PublicReportView(View):
    """The public form (no login): GET shows it, POST files the report and shows the code once."""

    template_name = "hazards/reports/public_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PublicReportForm()})

    def post(self, request):
        if SUBMIT_LIMIT.exceeded(request):
            response = render(
                request,
                self.template_name,
                {"form": PublicReportForm(), "limited": SUBMIT_LIMIT.message},
                status=429,
            )
            response["Retry-After"] = str(SUBMIT_LIMIT.window)
            return response
        form = PublicReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            region = reports.reportable_regions().filter(pk=data.pop("region")).first()
            try:
                _report, code = reports.public_report_submit(region=region, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                SUBMIT_LIMIT.hit(request)
                response = render(request, "hazards/reports/public_receipt.html", {"code": code})
                return private(response)
        return render(request, self.template_name, {"form": form}, status=400)


class ReceiptLookupView(View):
    """查询: the status of one report by its receipt code, and nothing else."""

    template_name = "hazards/reports/public_lookup.html"

    def get(self, request):
        return private(render(request, self.template_name, {"form": LookupForm()}))

    def post(self, request):
        if LOOKUP_LIMIT.exceeded(request):
            context = {"form": LookupForm(), "limited": LOOKUP_LIMIT.message}
            return private(render(request, self.template_name, context, status=429))
        LOOKUP_LIMIT.hit(request)
        form = LookupForm(request.POST)
        context = {"form": LookupForm()}
        if form.is_valid():
            result = reports.receipt_lookup(form.cleaned_data["code"])
            context.update(searched=True, result=result, not_found=NOT_FOUND)
        else:
            context["form"] = form
        return private(render(request, self.template_name, context))
