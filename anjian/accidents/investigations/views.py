"""Investigation pages: the list, the detail with its step forms, and each step."""

from __future__ import annotations

from functools import cached_property

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from anjian.accidents import forms
from anjian.accidents.lists import INVESTIGATION_LIST
from anjian.accidents.models import Accident, Investigation
from anjian.accidents.services import investigations as services
from anjian.accidents.workflows import INVESTIGATION_FLOW
from anjian.core.views_base import ObjectActionView, ScopedDetailView, ScopedListView


class InvestigationListView(ScopedListView):
    """The investigations of the user's jurisdiction, newest first."""

    list_spec = INVESTIGATION_LIST
    permission = "investigation.view"
    template_name = "accidents/investigation_list.html"


class InvestigationDetailView(ScopedDetailView):
    """An investigation with its deadlines, findings, measures, 四不放过 and the step forms."""

    model = Investigation
    permission = "investigation.view"
    template_name = "accidents/investigation_detail.html"

    def get_queryset(self):
        return Investigation.objects.select_related("accident__grade", "accident__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inv, today = self.object, timezone.localdate()
        context.update(
            steps=INVESTIGATION_FLOW.available(self.request.user, inv),
            findings=inv.findings.all(),
            measures=inv.measures.all(),
            report_overdue=inv.report_overdue_on(today),
            reply_overdue=inv.reply_overdue_on(today),
            forms={
                "finding": forms.FindingForm(),
                "measure": forms.MeasureForm(user=self.request.user),
                "checklist": forms.ChecklistForm(initial=ChecklistView.initial_of(inv)),
                "report": forms.SubmitReportForm(initial={"causes": inv.causes}),
                "reply": forms.ReplyForm(),
            },
        )
        return context


class InvestigationOpenView(ObjectActionView):
    """Form the investigation team of an accident."""

    model = Accident
    permission = "investigation.add"
    form_class = forms.InvestigationOpenForm
    title = "成立事故调查组"
    success_message = "已成立调查组。"

    def get_initial(self):
        return {"led_by": self.target.grade.get_investigated_by_display()}

    def run_service(self, form):
        return services.investigation_open(
            by=self.request.user, accident=self.target, **form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class InvestigationStepView(ObjectActionView):
    """One step of an investigation: its form, then its service (which checks the table)."""

    model = Investigation
    permission = "investigation.change"
    object_action = "change"

    def run_service(self, form):
        return self.step(by=self.request.user, investigation=self.target, **form.cleaned_data)

    def step(self, **kwargs):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class FindingView(InvestigationStepView):
    form_class = forms.FindingForm
    title = "登记责任认定"
    step = staticmethod(services.finding_add)


class MeasureView(InvestigationStepView):
    form_class = forms.MeasureForm
    title = "登记整改措施"
    step = staticmethod(services.measure_add)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ChecklistView(InvestigationStepView):
    form_class = forms.ChecklistForm
    title = "“四不放过”核查"

    @staticmethod
    def initial_of(investigation: Investigation) -> dict:
        return {name: getattr(investigation, name) for name in Investigation.checklist_fields}

    def get_initial(self):
        return self.initial_of(self.target)

    def run_service(self, form):
        return services.investigation_set_checklist(
            by=self.request.user, investigation=self.target, flags=form.cleaned_data
        )


class SubmitReportView(InvestigationStepView):
    form_class = forms.SubmitReportForm
    title = "提交调查报告"
    step = staticmethod(services.investigation_submit_report)


class ReplyView(InvestigationStepView):
    form_class = forms.ReplyForm
    title = "登记批复"
    step = staticmethod(services.investigation_record_reply)


class CloseView(InvestigationStepView):
    form_class = forms.ConfirmForm
    title = "结案"
    step = staticmethod(services.investigation_close)


STEPS = {
    "finding": FindingView.as_view(),
    "measure": MeasureView.as_view(),
    "checklist": ChecklistView.as_view(),
    "report": SubmitReportView.as_view(),
    "reply": ReplyView.as_view(),
    "close": CloseView.as_view(),
}


def investigation_step(request, pk: int, step: str):
    """The step named in the address (one route for the six steps)."""
    if step not in STEPS:
        raise Http404("没有这个步骤。")
    return STEPS[step](request, pk=pk)


class MeasureCompleteView(ObjectActionView):
    """Mark one rectification measure done."""

    model = Investigation
    permission = "investigation.change"
    object_action = "change"
    form_class = forms.ConfirmForm
    title = "整改措施完成"

    @cached_property
    def measure(self):
        return get_object_or_404(self.target.measures, pk=self.kwargs["measure_id"])

    def run_service(self, form):
        return services.measure_complete(by=self.request.user, measure=self.measure)
