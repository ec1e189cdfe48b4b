"""Base page views: login required, scope applied, service errors shown as clear messages.

Every list and detail page of every app builds on these, so a new page cannot forget scope:
an object outside the user's jurisdiction answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.views.generic import DetailView
from django_filters.views import FilterView

from anjian.core.errors import Conflict, OutOfScope
from anjian.core.navigation import user_can_somewhere
from anjian.core.pagination import BoundedPaginator


class PermissionRequiredSomewhere(LoginRequiredMixin):
    """The page needs ``permission`` on at least one of the user's anchors (else 403)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission and not user_can_somewhere(request.user, self.permission):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)


class ScopedListView(PermissionRequiredSomewhere, FilterView):
    """A filtered, paginated list of what the user may see; HTMX requests get the table only."""

    paginate_by = 25
    paginator_class = BoundedPaginator
    strict = False
    partial_template_name: str = ""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user, "view")

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class ScopedDetailView(PermissionRequiredSomewhere, DetailView):
    """One object the user may see; anything else is 404."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user, "view")


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error.messages)


class ServiceFormMixin:
    """Run a service from a valid form; turn its errors into form errors instead of losing input."""

    def form_valid(self, form):
        try:
            self.object = self.run_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except Conflict as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except OutOfScope as error:
            raise Http404(str(error)) from error
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def run_service(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError
