"""Risk register pages: list with the four-colour summary, detail, forms, 四色分布, Excel."""

from __future__ import annotations

import copy
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic import FormView, TemplateView

from anjian.core.access import access_for
from anjian.core.audit import changed_field_labels
from anjian.core.imports.workbook import export_response
from anjian.core.models import AuditEvent
from anjian.core.views_base import (
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)
from anjian.core.views_excel import filter_problems
from anjian.risks import filters, forms, selectors, sheets
from anjian.risks.models import ControlMeasure, RiskPoint
from anjian.risks.services import measures as measure_services
from anjian.risks.services import risk_points as services
from anjian.risks.services.assessment import ALL_INPUT_FIELDS
from anjian.risks.workflows import MEASURE_FLOW, RISK_POINT_FLOW

LIST_SELECT = ("enterprise__sector", "enterprise__region")


def _scoped_points(request):
    return RiskPoint.objects.visible_to(request.user, "view")


def _filtered(request, queryset):
    filterset = filters.RiskPointFilterSet(request.GET or None, queryset=queryset, request=request)
    return filterset


class RiskPointListView(ScopedListView):
    """The risk register of the user's jurisdiction with its four-colour summary."""

    model = RiskPoint
    permission = "riskpoint.view"
    filterset_class = filters.RiskPointFilterSet
    template_name = "risks/riskpoint_list.html"
    partial_template_name = "risks/_riskpoint_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_severity()
            .select_related(*LIST_SELECT)
            .order_by("severity", "-score", "id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["summary"] = selectors.level_counts(self.filterset.qs)
        context["can_add"] = access_for(user).holds("riskpoint.add")
        context["can_import"] = access_for(user).holds("riskpoint.import")
        return context


class RiskPointDetailView(ScopedDetailView):
    """One risk point: assessment, hazards, measures and its audit history."""

    model = RiskPoint
    permission = "riskpoint.view"
    template_name = "risks/riskpoint_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(*LIST_SELECT, "enterprise__supervising_department")
            .prefetch_related("hazard_factors", "accident_types")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point, user = self.object, self.request.user
        context["steps"] = RISK_POINT_FLOW.available(user, point)
        context["measures"] = list(access_for(user).scope(point.measures.all()))
        for measure in context["measures"]:
            measure.steps = MEASURE_FLOW.available(user, measure)
        context["show_history"] = access_for(user).holds("auditevent.view")
        if context["show_history"]:
            measure_ids = [str(m.pk) for m in context["measures"]]
            events = (
                AuditEvent.objects.visible_to(user)
                .filter(
                    object_type__in=["risks.riskpoint", "risks.controlmeasure"],
                    object_id__in=[str(point.pk), *measure_ids],
                )
                .order_by("-seq")[:40]
            )
            context["history"] = [
                (
                    ev,
                    changed_field_labels(
                        RiskPoint if ev.object_type == "risks.riskpoint" else ControlMeasure, ev
                    ),
                )
                for ev in events
                if ev.object_type != "risks.controlmeasure" or ev.object_id in measure_ids
                if ev.object_type != "risks.riskpoint" or ev.object_id == str(point.pk)
            ]
        return context


class AssessmentPreviewView(PermissionRequiredSomewhere, View):
    """HTMX: the score, level and colour the form's method and inputs would give."""

    permission = "riskpoint.view"

    def get(self, request):
        form = forms.AssessmentFields(request.GET)
        form.is_valid()
        errors = [m for name in ("method", *ALL_INPUT_FIELDS) for m in form.errors.get(name, [])]
        context = {"assessment": form.assessment, "error": "；".join(errors)}
        return render(request, "risks/_assessment.html", context)


class RiskPointFormMixin(ServiceFormMixin):
    template_name = "risks/riskpoint_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class RiskPointCreateView(PermissionRequiredSomewhere, RiskPointFormMixin, FormView):
    """Register a risk point; the level is computed from the method's inputs."""

    permission = "riskpoint.add"
    form_class = forms.RiskPointForm
    success_message = "已登记风险点，风险等级由平台按分值表计算。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="登记风险点", **kwargs)

    def run_service(self, form):
        return services.risk_point_create(by=self.request.user, data=form.service_data())


class RiskPointEditView(PermissionRequiredSomewhere, RiskPointFormMixin, FormView):
    """Correct a risk point; changed inputs recompute its level."""

    permission = "riskpoint.change"
    form_class = forms.RiskPointForm
    success_message = "已保存修改。"

    @cached_property
    def target(self):
        obj = get_object_or_404(
            RiskPoint.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if not RiskPoint.objects.visible_to(self.request.user, "change").filter(pk=obj.pk).exists():
            raise PermissionDenied("您没有修改该风险点的权限。")
        return obj

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access_for(request.user).holds(self.permission):
            self.target  # noqa: B018 - 404 or 403 before anything is shown
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # A copy: the form validates the row with the typed values, the service changes it.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.target)}

    def get_initial(self):
        return {"expected_version": self.target.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="修改风险点", target=self.target, assessment=self.target, **kwargs
        )

    def run_service(self, form):
        return services.risk_point_update(
            by=self.request.user,
            risk_point=self.target,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )


class RiskActionView(ObjectActionView):
    """A workflow step on one risk point (scope first, then the service)."""

    model = RiskPoint
    permission = "riskpoint.change"
    object_action = "change"
    template_name = "risks/action_form.html"


class ReassessView(RiskActionView):
    """定期评估: record a new assessment and the next review date."""

    form_class = forms.ReassessForm
    title = "重新评估"
    success_message = "已记录评估结果。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "point": self.target}

    def get_initial(self):
        return {"expected_version": self.target.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.target, **kwargs)

    def run_service(self, form):
        data = form.cleaned_data
        return services.risk_point_reassess(
            by=self.request.user,
            risk_point=self.target,
            method=data["method"],
            inputs={name: data[name] for name in ALL_INPUT_FIELDS},
            next_review_on=form.cleaned_data.get("next_review_on"),
            expected_version=form.cleaned_data.get("expected_version"),
        )


class DeactivateView(RiskActionView):
    """Take a risk point out of use, with a reason."""

    form_class = forms.DeactivateForm
    title = "停用风险点"
    submit_label = "停用"
    success_message = "已停用该风险点。"

    def get_initial(self):
        return {"expected_version": self.target.version}

    def run_service(self, form):
        return services.risk_point_deactivate(
            by=self.request.user,
            risk_point=self.target,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("expected_version"),
        )


class MeasureAddView(RiskActionView):
    """Add a control measure to a risk point."""

    form_class = forms.MeasureForm
    title = "添加管控措施"
    success_message = "已添加管控措施。"

    def run_service(self, form):
        measure_services.measure_add(
            by=self.request.user, risk_point=self.target, **form.cleaned_data
        )
        return self.target


class MeasureRemoveView(RiskActionView):
    """Take a control measure off its risk point."""

    form_class = Form
    title = "撤销管控措施"
    submit_label = "撤销"
    success_message = "已撤销该管控措施。"

    @cached_property
    def measure(self):
        return get_object_or_404(
            ControlMeasure.objects.visible_to(self.request.user).filter(risk_point=self.target),
            pk=self.kwargs["measure_id"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.measure.text, **kwargs)

    def run_service(self, form):
        measure_services.measure_remove(by=self.request.user, measure=self.measure)
        return self.target


class DistributionView(PermissionRequiredSomewhere, TemplateView):
    """四色分布: active risk points by level, sector and town; 重大 enterprises first."""

    permission = "riskpoint.view"
    template_name = "risks/distribution.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = _filtered(self.request, _scoped_points(self.request))
        for name in ("level", "colour", "is_active", "q"):
            filterset.form.fields.pop(name, None)
        context["filter"] = filterset
        context["stats"] = selectors.distribution(filterset.qs)
        query = self.request.GET.copy()
        context["querystring"] = query.urlencode()
        return context


class RiskPointExportView(PermissionRequiredSomewhere, View):
    """The filtered risk register as .xlsx in the import template's columns, with measures."""

    permission = "riskpoint.export"

    def get(self, request):
        filterset = _filtered(
            request,
            _scoped_points(request).with_severity().order_by("severity", "-score", "id"),
        )
        if filterset.is_bound and not filterset.is_valid():
            return filter_problems(filterset)
        return export_response(sheets.RISK_POINTS, filterset.qs)
