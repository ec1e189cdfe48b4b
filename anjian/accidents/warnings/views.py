"""Pages of same-industry warnings (一厂出事故、万厂受教育) and the enterprises' answers."""

from __future__ import annotations

from anjian.accidents import forms
from anjian.accidents.lists import ACKNOWLEDGEMENT_LIST, WARNING_LIST
from anjian.accidents.models import Accident, IndustryWarning, WarningAcknowledgement
from anjian.accidents.services import warnings as services
from anjian.accidents.workflows import ACKNOWLEDGEMENT_FLOW
from anjian.core.views_base import ObjectActionView, ScopedDetailView, ScopedListView


class WarningListView(ScopedListView):
    """Warnings of the user's jurisdiction with how many answered."""

    list_spec = WARNING_LIST
    permission = "industrywarning.view"
    template_name = "accidents/warning_list.html"

    def get_queryset(self):
        return super().get_queryset().with_rates()


class WarningDetailView(ScopedDetailView):
    """A warning with every enterprise's answer and the acknowledgement rate."""

    model = IndustryWarning
    permission = "industrywarning.view"
    template_name = "accidents/warning_detail.html"

    def get_queryset(self):
        return IndustryWarning.objects.select_related(*WARNING_LIST.related).with_rates()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = self.object.acknowledgements.select_related("enterprise")
        context["answers"] = answers.order_by("enterprise__name")
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
        return {
            "region": a.region.county.pk,
            "title": f"关于{a.sector.name}行业{a.category.name}事故的警示通报",
            "content": (
                f"{a.sector.name}行业发生一起{a.category.name}事故。"
                "各单位要举一反三，立即开展自查自改。"
            ),
        }

    def run_service(self, form):
        return services.warning_issue(
            by=self.request.user, accident=self.target, **form.cleaned_data
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class AcknowledgementListView(ScopedListView):
    """Warnings an enterprise has received (or, for regulators, every answer in scope)."""

    list_spec = ACKNOWLEDGEMENT_LIST
    permission = "warningacknowledgement.view"
    template_name = "accidents/acknowledgement_list.html"


class AcknowledgementDetailView(ScopedDetailView):
    """One enterprise's answer: the warning, its receipt and self-inspection, and the next step."""

    model = WarningAcknowledgement
    permission = "warningacknowledgement.view"
    template_name = "accidents/acknowledgement_detail.html"

    def get_queryset(self):
        return WarningAcknowledgement.objects.select_related(*ACKNOWLEDGEMENT_LIST.related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = ACKNOWLEDGEMENT_FLOW.available(self.request.user, self.object)
        context["inspection_form"] = forms.SelfInspectionForm()
        return context


class AcknowledgeView(ObjectActionView):
    """确认收到警示."""

    model = WarningAcknowledgement
    permission = "warningacknowledgement.change"
    object_action = "change"
    form_class = forms.ConfirmForm
    title = "确认收到警示"
    success_message = "已确认收到警示，请组织自查并登记自查情况。"

    def run_service(self, form):
        return services.warning_acknowledge(by=self.request.user, acknowledgement=self.target)


class SelfInspectionView(ObjectActionView):
    """登记自查情况."""

    model = WarningAcknowledgement
    permission = "warningacknowledgement.change"
    object_action = "change"
    form_class = forms.SelfInspectionForm
    title = "登记自查情况"
    success_message = "已登记自查情况。"

    def run_service(self, form):
        return services.warning_record_self_inspection(
            by=self.request.user, acknowledgement=self.target, **form.cleaned_data
        )
