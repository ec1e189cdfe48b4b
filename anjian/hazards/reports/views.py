"""群众举报, the handlers' side: list, detail, 受理, 查证属实 (→ hazards), 不予立案, 奖励.

Scope is the report's region: the regulators and coordinators of that region see it;
anyone else gets 404. The reporter's contact is shown only on request (a POST), only to
``publicreport.contact``, and each showing is audited by the service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views import View

from anjian.core.errors import Conflict, OutOfScope
from anjian.core.views_base import (
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    add_service_errors,
)
from anjian.hazards.models import HazardLevel, PublicReport, PublicReportStatus, RewardStatus
from anjian.hazards.reports import forms
from anjian.hazards.reports import services as reports
from anjian.hazards.reports.filters import PublicReportFilterSet
from anjian.hazards.reports.workflows import REPORT_FLOW


class ReportListView(ScopedListView):
    """Reports of the user's jurisdiction, newest first."""

    model = PublicReport
    permission = "publicreport.view"
    filterset_class = PublicReportFilterSet
    template_name = "hazards/reports/report_list.html"
    partial_template_name = "hazards/reports/_report_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "enterprise")


class ReportDetailView(ScopedDetailView):
    """One report: what was reported, its photos, the check and its hazards, the reward."""

    model = PublicReport
    permission = "publicreport.view"
    template_name = "hazards/reports/report_detail.html"

    def get_queryset(self):
        return PublicReport.objects.select_related(
            "region", "enterprise", "accepted_by", "decided_by", "reward_decided_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        steps = REPORT_FLOW.available(self.request.user, report)
        context.update(
            photos=report.photos.all(),
            hazards=report.hazards.select_related("enterprise"),
            steps=steps,
            can_contact="contact" in steps,
            reward_statuses=RewardStatus,
            statuses=PublicReportStatus,
        )
        return context


class ReportContactView(ReportDetailView):
    """POST: the detail page with the reporter's contact opened (audited, never cached)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            contact = reports.report_contact(by=request.user, report=self.object)
        except OutOfScope as error:
            raise Http404(str(error)) from error
        context = self.get_context_data(object=self.object, contact=contact)
        response = render(request, self.template_name, context)
        add_never_cache_headers(response)
        return response


class ReportPhotoView(PermissionRequiredSomewhere, View):
    """A report's photo, to its handlers only (not under the public media address)."""

    permission = "publicreport.view"

    def get(self, request, pk: int, photo_id: int):
        report = self.access.get(PublicReport, pk=pk)
        photo = get_object_or_404(report.photos, pk=photo_id)
        response = FileResponse(photo.image.open("rb"), filename=photo.name)
        add_never_cache_headers(response)
        return response


class ReportStepView(ObjectActionView):
    """One step of handling a report: its form (with the report's text above it), its service."""

    flow = REPORT_FLOW
    object_action = "change"
    template_name = "hazards/reports/action_form.html"
    service = None

    def get_queryset(self):
        return PublicReport.objects.select_related("region")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.target, "user": self.request.user}

    def run_service(self, form):
        return type(self).service(by=self.request.user, report=self.target, **form.cleaned_data)


class AcceptView(ReportStepView):
    """受理."""

    action, form_class = "accept", forms.AcceptForm
    service = reports.report_accept
    title = "受理举报"
    submit_label = "受理"
    success_message = "已受理。"


class DismissView(ReportStepView):
    """不予立案, with the reason the reporter will see."""

    action, form_class = "dismiss", forms.DismissForm
    service = reports.report_dismiss
    success_message = "已不予立案。"


class RewardView(ReportStepView):
    """举报奖励: 拟奖励, 已发放 or 不予奖励."""

    action, object_action, form_class = "reward", "reward", forms.RewardForm
    service = reports.report_reward
    title = "举报奖励"
    submit_label = "保存奖励决定"
    success_message = "已保存奖励决定。"


class VerifyView(ReportStepView):
    """查证属实: the finding and up to ten hazards, entered in the ledger with source 群众举报."""

    action, form_class = "verify", forms.VerifyForm
    template_name = "hazards/reports/verify_form.html"
    title = "查证属实并登记隐患"
    submit_label = "查证属实"
    success_message = "已查证属实，隐患已登记。"

    def formset(self):
        enterprises = forms.enterprises_near(self.target, self.request.user)
        initial = [{"enterprise": self.target.enterprise_id, "level": HazardLevel.GENERAL}]
        return forms.HazardRowFormSet(
            self.request.POST or None,
            prefix="hazards",
            initial=initial,
            form_kwargs={"enterprises": enterprises},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.formset())
        return context

    def post(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 or 403 before the forms are read
        form, formset = self.get_form(), self.formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        findings = [
            reports.HazardFinding(
                enterprise=row.cleaned_data["enterprise"],
                place=row.cleaned_data["place"],
                description=row.cleaned_data["description"],
                level=row.cleaned_data["level"],
            )
            for row in formset
            if not row.is_blank
        ]
        try:
            reports.report_verify(
                by=request.user, report=self.target, hazards=findings, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Conflict as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, self.success_message)
            return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
