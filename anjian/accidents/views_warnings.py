"""Pages of same-industry warnings (一厂出事故、万厂受教育) and the enterprises' answers."""

from __future__ import annotations

from anjian.accidents import filters, forms, selectors
from anjian.accidents.models import (
    Accident,
    IndustryWarning,
    WarningAcknowledgement,
)
from anjian.accidents.services import warnings
from anjian.accidents.views import may
from anjian.core.statistics import rate
from anjian.core.views_base import ObjectActionView, ScopedDetailView, ScopedListView

# ---- warnings ---------------------------------------------------------------------------------


class WarningListView(ScopedListView):
    model = IndustryWarning
    permission = "industrywarning.view"
    filterset_class = filters.IndustryWarningFilterSet
    template_name = "accidents/warning_list.html"
    partial_template_name = "accidents/_warning_table.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related("region", "sector").order_by("-issued_at", "-id")
        return selectors.warnings_with_rates(qs)


class WarningDetailView(ScopedDetailView):
    """A warning with every enterprise's answer and the acknowledgement rate."""

    model = IndustryWarning
    permission = "industrywarning.view"
    template_name = "accidents/warning_detail.html"

    def get_queryset(self):
        return selectors.warnings_with_rates(
            super().get_queryset().select_related("region", "sector")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        w = self.object
        context["answers"] = w.acknowledgements.select_related("enterprise").order_by(
            "enterprise__name"
        )
        context["ack_rate"] = rate(w.acknowledged, w.recipients)
        context["inspect_rate"] = rate(w.inspected, w.recipients)
        return context


class WarningIssueView(ObjectActionView):
    """Warn every enterprise of the accident's sector in a region."""

    model = Accident
    permission = "industrywarning.add"
    form_class = forms.WarningForm
    title = "发布同行业警示"
    success_message = "已向同行业单位发布警示。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        a = self.target
        county = a.region.county
        return {
            "region": county.pk,
            "title": f"关于{a.sector.name}行业{a.category.name}事故的警示通报",
            "content": (
                f"{a.sector.name}行业发生一起{a.category.name}事故。"
                "各单位要举一反三，立即开展自查自改。"
            ),
        }

    def run_service(self, form):
        return warnings.warning_issue(
            by=self.request.user, accident=self.target, **form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AcknowledgementListView(ScopedListView):
    """Warnings an enterprise has received (or, for regulators, every answer in scope)."""

    model = WarningAcknowledgement
    permission = "warningacknowledgement.view"
    filterset_class = filters.WarningAcknowledgementFilterSet
    template_name = "accidents/acknowledgement_list.html"
    partial_template_name = "accidents/_acknowledgement_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("warning", "enterprise")
            .order_by("-warning__issued_at", "id")
        )


class AcknowledgementDetailView(ScopedDetailView):
    model = WarningAcknowledgement
    permission = "warningacknowledgement.view"
    template_name = "accidents/acknowledgement_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("warning", "enterprise")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_answer"] = may(
            self.request.user, WarningAcknowledgement, "change", self.object
        )
        context["inspection_form"] = forms.SelfInspectionForm()
        return context


class AcknowledgeView(ObjectActionView):
    model = WarningAcknowledgement
    permission = "warningacknowledgement.change"
    object_action = "change"
    form_class = forms.ConfirmForm
    title = "确认收到警示"
    success_message = "已确认收到警示，请组织自查并登记自查情况。"

    def run_service(self, form):
        return warnings.warning_acknowledge(by=self.request.user, acknowledgement=self.target)


class SelfInspectionView(ObjectActionView):
    model = WarningAcknowledgement
    permission = "warningacknowledgement.change"
    object_action = "change"
    form_class = forms.SelfInspectionForm
    title = "登记自查情况"
    success_message = "已登记自查情况。"

    def run_service(self, form):
        return warnings.warning_record_self_inspection(
            by=self.request.user, acknowledgement=self.target, **form.cleaned_data
        )
