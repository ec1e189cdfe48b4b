"""A detail page whose workflow forms post back to it: scope first, then the service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect

from anjian.core.access import access_for
from anjian.core.errors import OutOfScope
from anjian.core.views_base import ScopedDetailView, add_service_errors


class ActionDetailView(ScopedDetailView):
    """GET shows the object and its forms; POST ``action=<name>`` runs one step.

    ``actions`` maps a step name to the permission it needs somewhere; the service checks the
    object itself inside its transaction. A refused or invalid step re-renders the page with
    the bound form and its errors, so nothing typed is lost.
    """

    actions: dict[str, str] = {}

    def build_form(self, name: str, data=None, files=None):  # pragma: no cover - per subclass
        raise NotImplementedError

    def run_action(self, name: str, form) -> str:  # pragma: no cover - per subclass
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        name = request.POST.get("action", "")
        if name not in self.actions:
            return HttpResponseBadRequest("未知的操作。")
        if not access_for(request.user).holds(self.actions[name]):
            raise PermissionDenied("您的角色无权执行此操作。")
        form = self.build_form(name, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                message = self.run_action(name, form)
            except ValidationError as error:
                add_service_errors(form, error)
            except OutOfScope as error:
                raise Http404(str(error)) from error
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.success_url())
        context = self.get_context_data(object=self.object, **{f"{name}_form": form})
        return self.render_to_response(context, status=400)

    def success_url(self) -> str:
        return self.request.path
