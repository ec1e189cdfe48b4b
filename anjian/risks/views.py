"""Risk register pages: list with the four-colour summary, detail, forms, Excel."""

from __future__ import annotations

import copy
from functools import cached_property

from django.db.models import Q
from django.forms import Form
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from anjian.core.audit import changed_field_labels
from anjian.core.models import AuditEvent
from anjian.core.views_base import (
    ListExportView,
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)
from anjian.risks import forms
from anjian.risks.lists import MEASURE_LIST, RISK_POINT_LIST
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.services import measures, risk_points
from anjian.risks.services.assessment import ALL_INPUT_FIELDS
from anjian.risks.stats.selectors import level_counts
from anjian.risks.workflows import MEASURE_FLOW, RISK_POINT_FLOW

FORM_TEMPLATE = "risks/riskpoint_form.html"


class RiskPointListView(ScopedListView):
    """The risk register of the user's jurisdiction with its four-colour summary."""

    list_spec = RISK_POINT_LIST
    permission = "riskpoint.view"
    page_permissions = {"can_add": "riskpoint.add", "can_import": "riskpoint.import"}
    template_name = "risks/riskpoint_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=level_counts(self.filterset.qs), **kwargs)


class RiskPointExportView(ListExportView):
    """The filtered risk register as .xlsx in the import template's columns, with measures."""

    list_spec = RISK_POINT_LIST


class RiskPointDetailView(ScopedDetailView):
    """One risk point: assessment, hazards, measures, the steps open to you and its history."""

    model = RiskPoint
    permission = "riskpoint.view"
    template_name = "risks/riskpoint_detail.html"

    def get_queryset(self):
        return RiskPoint.objects.select_related(*RISK_POINT_LIST.related).prefetch_related(
            "hazard_factors", "accident_types"
        )

    def get_context_data(self, **kwargs):
        point, user = self.object, self.request.user
        measures = list(self.access.scope(point.measures.all()))
        for measure in measures:
            measure.steps = MEASURE_FLOW.available(user, measure)
        show_history = self.access.holds("auditevent.view")
        return super().get_context_data(
            steps=RISK_POINT_FLOW.available(user, point),
            measures=measures,
            measure_columns=MEASURE_LIST.page_columns,
            measure_empty=MEASURE_LIST.empty_text,
            show_history=show_history,
            history=self.history(point, measures) if show_history else [],
            **kwargs,
        )

    def history(self, point: RiskPoint, measures: list[ControlMeasure]) -> list:
        """The latest 40 audit events of the risk point and its measures, with what changed."""
        events = (
            self.access.scope(AuditEvent)
            .filter(
                Q(object_type="risks.riskpoint", object_id=str(point.pk))
                | Q(object_type="risks.controlmeasure", object_id__in=[str(m.pk) for m in measures])
            )
            .order_by("-seq")[:40]
        )
        return [
            (
                ev,
                changed_field_labels(
                    RiskPoint if ev.object_type == "risks.riskpoint" else ControlMeasure, ev
                ),
            )
            for ev in events
        ]


class AssessmentPreviewView(PermissionRequiredSomewhere, View):
    """HTMX: the score, level and colour the form's method and inputs would give."""

    permission = "riskpoint.view"

    def get(self, request):
        form = forms.AssessmentFields(request.GET)
        form.is_valid()
        errors = [m for name in ("method", *ALL_INPUT_FIELDS) for m in form.errors.get(name, [])]
        context = {"assessment": form.assessment, "error": "；".join(errors)}
        return render(request, "risks/_assessment.html", context)


class RiskPointCreateView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """Register a risk point; the level is computed from the method's inputs."""

    permission = "riskpoint.add"
    form_class = forms.RiskPointForm
    template_name = FORM_TEMPLATE
    success_message = "已登记风险点，风险等级由平台按分值表计算。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="登记风险点",
            submit_label="保存",
            back_url=reverse("risks:riskpoint_list"),
            **kwargs,
        )

    def run_service(self, form):
        return risk_points.risk_point_create(by=self.request.user, data=form.service_data())

    def get_success_url(self):
        return self.object.get_absolute_url()


class RiskPointStepView(ObjectActionView):
    """A step on one risk point: 404 outside scope, 403 without the right, then the service
    (which checks the transition table)."""

    model = RiskPoint
    permission = "riskpoint.change"
    object_action = "change"
    template_name = FORM_TEMPLATE

    def get_initial(self):
        return {"expected_version": self.target.version}

    def version(self, form) -> int | None:
        return form.cleaned_data.get("expected_version")


class RiskPointEditView(RiskPointStepView):
    """Correct a risk point; changed inputs recompute its level."""

    form_class = forms.RiskPointForm
    title = "修改风险点"
    submit_label = "保存"
    success_message = "已保存修改。"

    def get_form_kwargs(self):
        # A copy: the form validates the row with the typed values, the service changes it.
        instance = copy.copy(self.target)
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": instance}

    def run_service(self, form):
        return risk_points.risk_point_update(
            by=self.request.user,
            risk_point=self.target,
            data=form.service_data(),
            expected_version=self.version(form),
        )


class ReassessView(RiskPointStepView):
    """定期评估: record a new assessment and the next review date."""

    form_class = forms.ReassessForm
    title = "重新评估"
    success_message = "已记录评估结果。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "point": self.target}

    def run_service(self, form):
        data = form.cleaned_data
        return risk_points.risk_point_reassess(
            by=self.request.user,
            risk_point=self.target,
            method=data["method"],
            inputs={name: data[name] for name in ALL_INPUT_FIELDS},
            next_review_on=data.get("next_review_on"),
            expected_version=self.version(form),
        )


class DeactivateView(RiskPointStepView):
    """Take a risk point out of use, with a reason."""

    form_class = forms.DeactivateForm
    title = "停用风险点"
    submit_label = "停用"
    success_message = "已停用该风险点。"

    def run_service(self, form):
        return risk_points.risk_point_deactivate(
            by=self.request.user,
            risk_point=self.target,
            reason=form.cleaned_data["reason"],
            expected_version=self.version(form),
        )


class MeasureAddView(RiskPointStepView):
    """Add a control measure to a risk point."""

    form_class = forms.MeasureForm
    title = "添加管控措施"
    success_message = "已添加管控措施。"

    def run_service(self, form):
        measures.measure_add(by=self.request.user, risk_point=self.target, **form.cleaned_data)
        return self.target


class MeasureRemoveView(RiskPointStepView):
    """Take a control measure off its risk point."""

    form_class = Form
    title = "撤销管控措施"
    submit_label = "撤销"
    success_message = "已撤销该管控措施。"

    @cached_property
    def measure(self) -> ControlMeasure:
        return self.access.get(self.target.measures.all(), pk=self.kwargs["measure_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.measure.text, **kwargs)

    def run_service(self, form):
        measures.measure_remove(by=self.request.user, measure=self.measure)
        return self.target
