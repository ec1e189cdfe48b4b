"""Accident pages: list, report, detail with its timeline, figures, grade, reports up the chain."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from anjian.accidents import exports, filters, forms, selectors
from anjian.accidents.models import Accident, EnterpriseSanction, IndustryWarning, SupervisionTask
from anjian.accidents.rulebook import load_rulebook
from anjian.accidents.rules import DESTINATION, DESTINATION_LABELS
from anjian.accidents.services import accidents as services
from anjian.core.access import access_for
from anjian.core.models import StandardisationLevel
from anjian.core.views_base import (
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)


def can(user, permission: str) -> bool:
    return access_for(user).holds(permission)


def may(user, model, action: str, obj) -> bool:
    return model.objects.visible_to(user, action).filter(pk=obj.pk).exists()


class AccidentListView(ScopedListView):
    """Accidents of the user's jurisdiction with their grade and 迟报/未报 flags."""

    model = Accident
    permission = "accident.view"
    filterset_class = filters.AccidentFilterSet
    template_name = "accidents/accident_list.html"
    partial_template_name = "accidents/_accident_table.html"

    def get_queryset(self):
        return selectors.with_chain(super().get_queryset()).order_by("-occurred_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        book = load_rulebook()
        context["rows"] = selectors.timeliness(context["object_list"], book)
        user = self.request.user
        context["can_add"] = can(user, "accident.add")
        context["links"] = [
            (label, reverse(name))
            for label, name, permission in [
                ("迟报/未报", "accidents:timeliness", "accident.view"),
                ("事故调查", "accidents:investigation_list", "investigation.view"),
                ("处置与复工复产", "accidents:sanction_list", "enterprisesanction.view"),
                ("曝光台管理", "accidents:publication_list", "publication.view"),
                ("曝光台(公开)", "accidents:public_list", ""),
            ]
            if not permission or can(user, permission)
        ]
        return context


class AccidentDetailView(ScopedDetailView):
    """One accident: facts, the reporting chain with due times, grade history and what followed."""

    model = Accident
    permission = "accident.view"
    template_name = "accidents/accident_detail.html"

    def get_queryset(self):
        return selectors.with_chain(super().get_queryset()).select_related(
            "department", "reported_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accident, user = self.object, self.request.user
        book = load_rulebook()
        levels = book.schedule(accident, now=timezone.now())
        reports = {r.level: r for r in accident.reports.all()}
        context["levels"] = [
            {
                "status": lv,
                "destination": DESTINATION_LABELS[DESTINATION[lv.level]],
                "report": reports.get(lv.level),
            }
            for lv in levels
        ]
        context["revisions"] = selectors.revisions_of(accident)
        context["window_days"] = book.casualty_window_days(accident)
        context["window_last_day"] = book.casualty_window_last_day(accident)
        context["investigation"] = getattr(accident, "investigation", None)
        # What followed, each as far as the user may see it (a city's task stays the city's).
        context["warnings"] = selectors.warnings_with_rates(
            IndustryWarning.objects.visible_to(user).filter(accident=accident)
        ).select_related("region")
        context["sanctions"] = EnterpriseSanction.objects.visible_to(user).filter(accident=accident)
        context["tasks"] = SupervisionTask.objects.visible_to(user).filter(accidents=accident)
        context["publication"] = getattr(accident, "publication", None)
        context["revoke_hint"] = (
            accident.enterprise_id
            and accident.deaths >= book.params["standardisation_revoke_min_deaths"]
            and accident.enterprise.standardisation_level != StandardisationLevel.NONE
        )
        context["county"] = accident.region.county
        context["can"] = {
            "change": may(user, Accident, "change", accident),
            "override": may(user, Accident, "override", accident),
            "investigate": can(user, "investigation.add") and context["investigation"] is None,
            "view_investigation": can(user, "investigation.view"),
            "view_warnings": can(user, "industrywarning.view"),
            "view_sanctions": can(user, "enterprisesanction.view"),
            "view_tasks": can(user, "supervisiontask.view"),
            "warn": can(user, "industrywarning.add"),
            "sanction": can(user, "enterprisesanction.add") and accident.enterprise_id,
            "publish": can(user, "publication.add")
            and (context["publication"] is None or context["publication"].withdrawn_at is not None),
        }
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


class AccidentEditView(ObjectActionView):
    """Correct the description of an accident."""

    model = Accident
    permission = "accident.change"
    object_action = "change"
    form_class = forms.AccidentEditForm
    title = "修改事故信息"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.target}

    def run_service(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "expected_version"}
        return services.accident_update(
            by=self.request.user,
            accident=self.target,
            data=data,
            expected_version=form.cleaned_data.get("expected_version"),
        )


class AccidentFiguresView(ObjectActionView):
    """补报: changed casualties or loss; the grade follows them only inside the window."""

    model = Accident
    permission = "accident.change"
    object_action = "change"
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


class AccidentOverrideView(ObjectActionView):
    """An authorised decision on the grade, with its reason."""

    model = Accident
    permission = "accident.override"
    object_action = "override"
    form_class = forms.OverrideForm
    title = "认定事故等级"
    success_message = "已认定事故等级。"

    def get_initial(self):
        return {"grade": self.target.grade_id, "expected_version": self.target.version}

    def run_service(self, form):
        return services.accident_override_grade(
            by=self.request.user,
            accident=self.target,
            grade=form.cleaned_data["grade"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("expected_version"),
        )


class ReportUpwardView(ObjectActionView):
    """Record the next level's report up the chain."""

    model = Accident
    permission = "accident.change"
    object_action = "change"
    form_class = forms.ReportUpwardForm
    title = "登记逐级上报"
    success_message = "已登记上报。"

    def get_initial(self):
        user = self.request.user
        return {"reporting_unit": user.department.name if user.department_id else ""}

    def run_service(self, form):
        services.report_upward(by=self.request.user, accident=self.target, **form.cleaned_data)
        return self.target


class TimelinessView(PermissionRequiredSomewhere, TemplateView):
    """Accidents with late (迟报) or missing (未报，疑似瞒报/漏报) reports."""

    permission = "accident.view"
    template_name = "accidents/timeliness_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        qs = Accident.objects.visible_to(self.request.user)
        filterset = filters.AccidentFilterSet(
            self.request.GET or None, queryset=qs, request=self.request
        )
        context["filter"] = filterset
        context["rows"] = selectors.flagged_accidents(filterset.qs, load_rulebook())
        return context


class AccidentExportView(PermissionRequiredSomewhere, View):
    """The accident list as .xlsx, filtered exactly like the list page, within scope."""

    permission = "accident.export"

    def get(self, request):
        filterset = filters.AccidentFilterSet(
            request.GET or None,
            queryset=Accident.objects.visible_to(request.user).order_by("-occurred_at", "-id"),
            request=request,
        )
        return exports.accident_export_response(filterset.qs, load_rulebook())
