"""Accident pages: list, report, detail with the reporting chain and grade history, each step
on an accident, 迟报/未报, and the supervision tasks escalation opens."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from anjian.accidents import forms
from anjian.accidents.lists import ACCIDENT_LIST, TASK_LIST, TIMELINESS_LIST
from anjian.accidents.models import (
    Accident,
    EnterpriseSanction,
    IndustryWarning,
    SupervisionTask,
)
from anjian.accidents.rulebook import flagged, load_rulebook, with_timeliness
from anjian.accidents.services import accidents as services
from anjian.accidents.services.escalation import supervision_task_close
from anjian.accidents.workflows import ACCIDENT_FLOW, TASK_FLOW
from anjian.core.models import StandardisationLevel
from anjian.core.views_base import (
    ListExportView,
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)


class AccidentListView(ScopedListView):
    """Accidents of the user's jurisdiction with their grade and 迟报/未报 flags."""

    list_spec = ACCIDENT_LIST
    permission = "accident.view"
    page_permissions = {
        "can_add": "accident.add",
        "view_investigations": "investigation.view",
        "view_sanctions": "enterprisesanction.view",
        "view_publications": "publication.view",
    }
    template_name = "accidents/accident_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = list(with_timeliness(context["object_list"]))
        return context


class AccidentExportView(ListExportView):
    """The accident list as .xlsx, filtered exactly like the list page, within scope."""

    list_spec = ACCIDENT_LIST


class TimelinessView(ScopedListView):
    """Accidents with late (迟报) or missing (未报，疑似瞒报/漏报) reports, newest first."""

    list_spec = TIMELINESS_LIST
    permission = "accident.view"
    paginate_by = None
    template_name = "accidents/timeliness_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = flagged(context["object_list"])
        return context


class AccidentDetailView(ScopedDetailView):
    """One accident: facts, the reporting chain with due times, grade history and what followed."""

    model = Accident
    permission = "accident.view"
    template_name = "accidents/accident_detail.html"
    page_permissions = {
        "view_investigation": "investigation.view",
        "view_warnings": "industrywarning.view",
        "view_sanctions": "enterprisesanction.view",
        "view_tasks": "supervisiontask.view",
    }

    def get_queryset(self):
        return Accident.objects.with_chain().select_related("department", "computed_grade")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accident, scope = self.object, self.access.scope
        book = load_rulebook()
        reports = {r.level: r for r in accident.reports.all()}
        context.update(
            levels=[
                (lv, reports.get(lv.level)) for lv in book.schedule(accident, now=timezone.now())
            ],
            steps=ACCIDENT_FLOW.available(self.request.user, accident),
            revisions=accident.revisions.select_related(
                "grade_before", "grade_after", "computed_grade"
            ),
            window_days=book.casualty_window_days(accident),
            window_last_day=book.casualty_window_last_day(accident),
            investigation=getattr(accident, "investigation", None),
            publication=getattr(accident, "publication", None),
            # What followed, each as far as the user may see it (a city's task stays the city's).
            warnings=scope(IndustryWarning.objects.filter(accident=accident))
            .with_rates()
            .select_related("region"),
            sanctions=scope(EnterpriseSanction.objects.filter(accident=accident)),
            tasks=scope(SupervisionTask.objects.filter(accidents=accident)),
            revoke_hint=(
                accident.enterprise_id
                and accident.deaths >= book.params["standardisation_revoke_min_deaths"]
                and accident.enterprise.standardisation_level != StandardisationLevel.NONE
            ),
        )
        return context


class AccidentCreateView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """Report an accident (快报): the unit's report is recorded with it."""

    permission = "accident.add"
    form_class = forms.AccidentForm
    template_name = "action_form.html"
    success_message = "已登记事故，事故等级由平台按伤亡和损失自动确定。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="事故快报",
            submit_label="登记",
            back_url=reverse("accidents:accident_list"),
            **kwargs,
        )

    def run_service(self, form):
        return services.accident_report(
            by=self.request.user,
            data=form.service_data(),
            unit_reported_at=form.cleaned_data.get("unit_reported_at"),
            reporting_unit=form.cleaned_data.get("reporting_unit") or "",
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AccidentStepView(ObjectActionView):
    """One step on an accident: its form, then its service (which checks the table)."""

    model = Accident
    permission = "accident.change"
    object_action = "change"

    def run_service(self, form):
        self.step(by=self.request.user, accident=self.target, **form.cleaned_data)
        return self.target

    def step(self, **kwargs):  # pragma: no cover - every subclass defines it or run_service
        raise NotImplementedError


class AccidentEditView(AccidentStepView):
    """Correct the description of an accident."""

    form_class = forms.AccidentEditForm
    title = "修改事故信息"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.target}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        expected = data.pop("expected_version", None)
        return services.accident_update(
            by=self.request.user, accident=self.target, data=data, expected_version=expected
        )


class AccidentFiguresView(AccidentStepView):
    """补报: changed casualties or loss; the grade follows them only inside the window."""

    form_class = forms.FiguresForm
    title = "补报伤亡/损失"
    success_message = "已记录伤亡和损失的变化。"

    def get_initial(self):
        a = self.target
        return {f: getattr(a, f) for f in Accident.figure_fields} | {"expected_version": a.version}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        reason, expected = data.pop("reason"), data.pop("expected_version", None)
        return services.accident_update_figures(
            by=self.request.user,
            accident=self.target,
            figures=data,
            reason=reason,
            expected_version=expected,
        )


class AccidentOverrideView(AccidentStepView):
    """An authorised decision on the grade, with its reason."""

    permission = "accident.override"
    object_action = "override"
    form_class = forms.OverrideForm
    title = "认定事故等级"
    success_message = "已认定事故等级。"

    step = staticmethod(services.accident_override_grade)

    def get_initial(self):
        return {"grade": self.target.grade_id, "expected_version": self.target.version}


class ReportUpwardView(AccidentStepView):
    """Record the next level's report up the chain."""

    form_class = forms.ReportUpwardForm
    title = "登记逐级上报"
    success_message = "已登记上报。"

    step = staticmethod(services.report_upward)

    def get_initial(self):
        user = self.request.user
        return {"reporting_unit": user.department.name if user.department_id else ""}


# ---- supervision tasks (opened by the escalation rules) ---------------------------------------


class TaskListView(ScopedListView):
    """Supervision tasks of the user's jurisdiction, newest first."""

    list_spec = TASK_LIST
    permission = "supervisiontask.view"
    template_name = "accidents/task_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("accidents")


class TaskDetailView(ScopedDetailView):
    """A supervision task with the accidents that tripped its rule (those the user may see)."""

    model = SupervisionTask
    permission = "supervisiontask.view"
    template_name = "accidents/task_detail.html"

    def get_queryset(self):
        return SupervisionTask.objects.select_related(*TASK_LIST.related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context["steps"] = TASK_FLOW.available(self.request.user, task)
        context["accidents"] = self.access.scope(
            Accident.objects.filter(supervision_tasks=task)
        ).select_related("grade", "region")
        return context


class TaskCloseView(ObjectActionView):
    """办结 a supervision task with its conclusion."""

    model = SupervisionTask
    permission = "supervisiontask.change"
    object_action = "change"
    form_class = forms.ConclusionForm
    title = "办结专项督导"

    def run_service(self, form):
        return supervision_task_close(by=self.request.user, task=self.target, **form.cleaned_data)
