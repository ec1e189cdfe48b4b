"""A page that runs one workflow step on one object: scope first, then the service."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from anjian.core.views_base import PermissionRequiredSomewhere, ServiceFormMixin


class ObjectActionView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """GET shows the step's form, POST runs its service; outside scope 404, no right 403.

    ``permission`` is the role right the step needs somewhere; ``object_action`` is what the
    user must be able to do on this very object ("view", "change", "override"…).
    """

    model = None
    object_action = "view"
    template_name = "accidents/action_form.html"
    title = ""
    submit_label = "提交"
    success_message = "已保存。"

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, "view")

    @cached_property
    def target(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if self.object_action != "view" and not (
            self.model.objects.visible_to(self.request.user, self.object_action)
            .filter(pk=obj.pk)
            .exists()
        ):
            raise PermissionDenied("您没有对该记录执行此操作的权限。")
        return obj

    def get(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 or 403 before anything is shown
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.target  # noqa: B018
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            target=self.target,
            submit_label=self.submit_label,
            back_url=self.target_url(),
        )
        return context

    def target_url(self) -> str:
        return self.target.get_absolute_url()

    def get_success_url(self) -> str:
        return self.target_url()
