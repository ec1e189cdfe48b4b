"""Pages of what follows an accident: investigation, supervision tasks, sanctions."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from anjian.accidents import filters, forms
from anjian.accidents.models import (
    Accident,
    EnterpriseSanction,
    Investigation,
    ReopeningItem,
    SupervisionTask,
)
from anjian.accidents.services import escalation, investigations, sanctions
from anjian.accidents.views import may
from anjian.core.views_base import ObjectActionView, ScopedDetailView, ScopedListView

# ---- investigation --------------------------------------------------------------------------


class InvestigationListView(ScopedListView):
    model = Investigation
    permission = "investigation.view"
    filterset_class = filters.InvestigationFilterSet
    template_name = "accidents/investigation_list.html"
    partial_template_name = "accidents/_investigation_table.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("accident__grade").order_by("-opened_at", "-id")
        )


class InvestigationDetailView(ScopedDetailView):
    """An investigation with its deadlines, findings, measures, 四不放过 and the step forms."""

    model = Investigation
    permission = "investigation.view"
    template_name = "accidents/investigation_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("accident__grade", "accident__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inv, today = self.object, timezone.localdate()
        context["findings"] = inv.findings.all()
        context["measures"] = inv.measures.all()
        context["can_change"] = may(self.request.user, Investigation, "change", inv)
        context["expected_level"] = (
            forms.INVESTIGATION_LEADS[inv.accident.grade.investigated_by]
            if inv.accident.grade.investigated_by != inv.level
            else None
        )
        context["report_overdue"] = inv.report_submitted_at is None and today > inv.report_due
        context["reply_overdue"] = (
            inv.reply_due is not None and inv.replied_at is None and today > inv.reply_due
        )
        context["forms"] = {
            "finding": forms.FindingForm(),
            "measure": forms.MeasureForm(user=self.request.user),
            "checklist": forms.ChecklistForm(
                initial={f: getattr(inv, f) for f in inv.checklist_fields}
            ),
            "report": forms.SubmitReportForm(initial={"causes": inv.causes}),
            "reply": forms.ReplyForm(),
        }
        return context


class InvestigationOpenView(ObjectActionView):
    """Form the investigation team of an accident."""

    model = Accident
    permission = "investigation.add"
    form_class = forms.InvestigationOpenForm
    title = "成立事故调查组"
    success_message = "已成立调查组。"

    def get_initial(self):
        level = forms.INVESTIGATION_LEADS[self.target.grade.investigated_by]
        return {"led_by": level}

    def run_service(self, form):
        return investigations.investigation_open(
            by=self.request.user, accident=self.target, **form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


STEPS = {
    "finding": (forms.FindingForm, "登记责任认定", investigations.finding_add),
    "measure": (forms.MeasureForm, "登记整改措施", investigations.measure_add),
    "checklist": (forms.ChecklistForm, "“四不放过”核查", None),
    "report": (forms.SubmitReportForm, "提交调查报告", investigations.investigation_submit_report),
    "reply": (forms.ReplyForm, "登记批复", investigations.investigation_record_reply),
    "close": (forms.ConfirmForm, "结案", None),
}


class InvestigationStepView(ObjectActionView):
    """One investigation step (finding, measure, 四不放过, report, reply, close)."""

    model = Investigation
    permission = "investigation.change"
    object_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in STEPS:
            raise Http404("没有这个步骤。")
        self.form_class, self.title, self.service = STEPS[kwargs["step"]]
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class is forms.MeasureForm:
            kwargs["user"] = self.request.user
        return kwargs

    def run_service(self, form):
        by, inv, data = self.request.user, self.target, form.cleaned_data
        step = self.kwargs["step"]
        if step == "checklist":
            return investigations.investigation_set_checklist(by=by, investigation=inv, flags=data)
        if step == "close":
            return investigations.investigation_close(by=by, investigation=inv)
        return self.service(by=by, investigation=inv, **data)


class MeasureCompleteView(ObjectActionView):
    """Mark one rectification measure done."""

    model = Investigation
    permission = "investigation.change"
    object_action = "change"
    form_class = forms.ConfirmForm
    title = "整改措施完成"

    def run_service(self, form):
        measure = self.target.measures.filter(pk=self.kwargs["measure_id"]).first()
        if measure is None:
            raise Http404("没有这项整改措施。")
        return investigations.measure_complete(by=self.request.user, measure=measure)


# ---- supervision tasks ------------------------------------------------------------------------


class TaskListView(ScopedListView):
    model = SupervisionTask
    permission = "supervisiontask.view"
    filterset_class = filters.SupervisionTaskFilterSet
    template_name = "accidents/task_list.html"
    partial_template_name = "accidents/_task_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "rule", "notified_region")
            .prefetch_related("accidents")
            .order_by("-created_at", "-id")
        )


class TaskDetailView(ScopedDetailView):
    model = SupervisionTask
    permission = "supervisiontask.view"
    template_name = "accidents/task_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["accidents"] = (
            Accident.objects.visible_to(user)
            .filter(supervision_tasks=self.object)
            .select_related("grade", "region")
        )
        context["can_close"] = may(user, SupervisionTask, "change", self.object)
        return context


class TaskCloseView(ObjectActionView):
    model = SupervisionTask
    permission = "supervisiontask.change"
    object_action = "change"
    form_class = forms.ConclusionForm
    title = "办结专项督导"

    def run_service(self, form):
        return escalation.supervision_task_close(
            by=self.request.user, task=self.target, **form.cleaned_data
        )


# ---- sanctions --------------------------------------------------------------------------------


class SanctionListView(ScopedListView):
    model = EnterpriseSanction
    permission = "enterprisesanction.view"
    filterset_class = filters.EnterpriseSanctionFilterSet
    template_name = "accidents/sanction_list.html"
    partial_template_name = "accidents/_sanction_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("enterprise", "accident")
            .order_by("-imposed_at", "-id")
        )


class SanctionDetailView(ScopedDetailView):
    """A sanction with its 复工复产 checklist."""

    model = EnterpriseSanction
    permission = "enterprisesanction.view"
    template_name = "accidents/sanction_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise", "accident")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = dict(ReopeningItem.objects.values_list("code", "name"))
        context["items"] = [
            {"code": code, "name": names.get(code, code), **entry}
            for code, entry in self.object.checklist.items()
        ]
        context["can_change"] = may(self.request.user, EnterpriseSanction, "change", self.object)
        context["may_operate"] = sanctions.may_operate(self.object.enterprise)
        return context


class SanctionImposeView(ObjectActionView):
    model = Accident
    permission = "enterprisesanction.add"
    form_class = forms.SanctionForm
    title = "事故后处置措施"
    success_message = "已登记处置措施。"

    def run_service(self, form):
        if not self.target.enterprise_id:
            raise Http404("该事故没有事故单位。")
        return sanctions.sanction_impose(
            by=self.request.user,
            enterprise=self.target.enterprise,
            accident=self.target,
            **form.cleaned_data,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class SanctionCheckItemView(ObjectActionView):
    model = EnterpriseSanction
    permission = "enterprisesanction.change"
    object_action = "change"
    form_class = forms.CheckItemForm
    title = "复工复产核查"

    def run_service(self, form):
        return sanctions.sanction_check_item(
            by=self.request.user, sanction=self.target, **form.cleaned_data
        )


class SanctionLiftView(ObjectActionView):
    model = EnterpriseSanction
    permission = "enterprisesanction.change"
    object_action = "change"
    form_class = forms.LiftForm
    title = "批准复工复产"
    success_message = "已解除，准予复工复产。"

    def run_service(self, form):
        return sanctions.sanction_lift(
            by=self.request.user, sanction=self.target, **form.cleaned_data
        )
