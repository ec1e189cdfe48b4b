"""曝光台 administration: the entries of the user's jurisdiction, publish and withdraw."""

from __future__ import annotations

from anjian.accidents import forms
from anjian.accidents.lists import PUBLICATION_LIST
from anjian.accidents.models import Accident, Publication
from anjian.accidents.services import publications as services
from anjian.core.views_base import ObjectActionView, ScopedListView

LESSONS = "各单位要深刻吸取事故教训，举一反三，全面排查整治同类隐患。"


class PublicationListView(ScopedListView):
    """The 曝光台 entries of the user's jurisdiction."""

    list_spec = PUBLICATION_LIST
    permission = "publication.view"
    template_name = "accidents/publication_list.html"


class PublishView(ObjectActionView):
    """Publish a typical accident; the draft is built from facts only, and checked again."""

    model = Accident
    permission = "publication.add"
    form_class = forms.PublishForm
    title = "发布到曝光台"
    submit_label = "发布"
    success_message = "已发布到曝光台。"

    def get_initial(self):
        return {**services.publication_draft(self.target), "lessons": LESSONS}

    def run_service(self, form):
        return services.publish(by=self.request.user, accident=self.target, **form.cleaned_data)


class WithdrawView(ObjectActionView):
    """Take an entry off the public page."""

    model = Publication
    permission = "publication.change"
    object_action = "change"
    form_class = forms.WithdrawForm
    title = "从曝光台撤回"
    success_message = "已撤回。"

    def run_service(self, form):
        return services.publication_withdraw(
            by=self.request.user, publication=self.target, **form.cleaned_data
        )
