"""Base page views: login required, scope applied, service errors shown as clear messages.

Every list and detail page of every app builds on these, so a new page cannot forget scope:
an object outside the user's jurisdiction answers 404. ``self.access`` (see ``core.access``)
answers every other question a page asks: ``self.access.scope(Model)`` for related rows,
``self.access.allows("change", obj)`` for a button, ``self.access.holds(permission)`` for a
link to another page.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from anjian.core.access import Access, access_for
from anjian.core.errors import Conflict, OutOfScope
from anjian.core.lists import ListSpec
from anjian.core.pagination import BoundedPaginator
from anjian.core.workflows import Workflow


class PermissionRequiredSomewhere(LoginRequiredMixin):
    """The page needs ``permission`` on at least one of the user's anchors (else 403).

    ``page_permissions`` maps context names to permissions the page shows links or buttons
    for (``{"can_add": "hazard.add"}``): each is True when the user holds it somewhere.
    """

    permission: str = ""
    page_permissions: dict[str, str] = {}

    @cached_property
    def access(self) -> Access:
        return access_for(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission and not self.access.holds(self.permission):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, permission in self.page_permissions.items():
            context[name] = self.access.holds(permission)
        return context


class ScopedListView(PermissionRequiredSomewhere, FilterView):
    """A filtered, paginated list of what the user may see; HTMX requests get the table only.

    With a ``list_spec`` (``core.lists.ListSpec``) the model, filters, order, related rows
    and the table's columns come from it, and the table is ``includes/list_table.html``.
    """

    paginate_by = 25
    paginator_class = BoundedPaginator
    strict = False
    partial_template_name: str = ""
    list_spec: ListSpec | None = None

    def get_filterset_class(self):
        if self.list_spec is not None:
            return self.list_spec.filterset_class
        return super().get_filterset_class()

    def get_queryset(self):
        if self.list_spec is not None:
            return self.list_spec.queryset(self.access)
        return self.access.scope(super().get_queryset())

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            if self.partial_template_name:
                return [self.partial_template_name]
            if self.list_spec is not None:
                return ["includes/list_table.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        if self.list_spec is not None:
            context["columns"] = self.list_spec.page_columns
            context["empty_text"] = self.list_spec.empty_text
        return context


class ListExportView(PermissionRequiredSomewhere, View):
    """A list's Excel export: the rows its page shows for the same filters, in the export
    columns of its ``list_spec``; a filter that is wrong is named and nothing is exported."""

    list_spec: ListSpec

    def dispatch(self, request, *args, **kwargs):
        self.permission = self.permission or f"{self.list_spec.model._meta.model_name}.export"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.list_spec.export_filtered(self.access, request)


class ScopedDetailView(PermissionRequiredSomewhere, DetailView):
    """One object the user may see (else 404), and may ``object_action`` (else 403)."""

    object_action = "view"

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        return self.access.get(queryset, self.object_action, pk=self.kwargs[self.pk_url_kwarg])


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


class ObjectActionView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """GET shows the step's form, POST runs its service; outside scope 404, no right 403.

    ``permission`` is the role right the step needs somewhere; ``object_action`` is what the
    user must be able to do on this very object ("view", "change", "override"…). A step of a
    transition table names its ``flow`` and ``action``: the model, the permission and the
    page's title come from the table unless the view says otherwise (the service still
    checks the table when the form is posted).
    """

    model = None
    object_action = "view"
    template_name = "action_form.html"
    title = ""
    submit_label = "提交"
    success_message = "已保存。"
    flow: Workflow | None = None
    action = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.flow is None or not cls.action:
            return
        transition = cls.flow[cls.action]
        own = cls.__dict__
        if cls.model is None:
            cls.model = cls.flow.model
        if "permission" not in own and transition.permission:
            cls.permission = transition.permission
        if not cls.title:
            cls.title = transition.label
        if "submit_label" not in own:
            cls.submit_label = cls.title
        if "success_message" not in own:
            cls.success_message = f"{cls.title}：已完成。"

    def get_queryset(self):
        return self.model._default_manager.all()

    @cached_property
    def target(self):
        return self.access.get(self.get_queryset(), self.object_action, pk=self.kwargs["pk"])

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
