"""Pages of sanctions after accidents and their 复工复产 checklist."""

from __future__ import annotations

from anjian.accidents import forms
from anjian.accidents.lists import SANCTION_LIST
from anjian.accidents.models import Accident, EnterpriseSanction
from anjian.accidents.services import sanctions as services
from anjian.accidents.workflows import SANCTION_FLOW
from anjian.core.views_base import ObjectActionView, ScopedDetailView, ScopedListView


class SanctionListView(ScopedListView):
    """Sanctions of the user's jurisdiction, newest first."""

    list_spec = SANCTION_LIST
    permission = "enterprisesanction.view"
    template_name = "accidents/sanction_list.html"


class SanctionDetailView(ScopedDetailView):
    """A sanction with its 复工复产 checklist."""

    model = EnterpriseSanction
    permission = "enterprisesanction.view"
    template_name = "accidents/sanction_detail.html"

    def get_queryset(self):
        return EnterpriseSanction.objects.select_related(*SANCTION_LIST.related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sanction = self.object
        context["steps"] = SANCTION_FLOW.available(self.request.user, sanction)
        context["may_operate"] = services.may_operate(sanction.enterprise)
        return context


class SanctionImposeView(ObjectActionView):
    """A consequence of this accident on its enterprise."""

    model = Accident
    permission = "enterprisesanction.add"
    form_class = forms.SanctionForm
    title = "事故后处置措施"
    success_message = "已登记处置措施。"

    def run_service(self, form):
        return services.sanction_impose(
            by=self.request.user,
            enterprise=self.target.enterprise,
            accident=self.target,
            **form.cleaned_data,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


class SanctionStepView(ObjectActionView):
    """One step on a sanction: its form, then its service (which checks the table)."""

    model = EnterpriseSanction
    permission = "enterprisesanction.change"
    object_action = "change"

    def run_service(self, form):
        return self.step(by=self.request.user, sanction=self.target, **form.cleaned_data)

    def step(self, **kwargs):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class SanctionCheckItemView(SanctionStepView):
    form_class = forms.CheckItemForm
    title = "复工复产核查"
    step = staticmethod(services.sanction_check_item)


class SanctionLiftView(SanctionStepView):
    form_class = forms.LiftForm
    title = "批准复工复产"
    success_message = "已解除，准予复工复产。"
    step = staticmethod(services.sanction_lift)
