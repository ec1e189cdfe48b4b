"""Pages of the core app: home, enterprises, departments, regions, users, audit log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import CreateView, UpdateView

from anjian.core import filters
from anjian.core.access import access_for
from anjian.core.audit import changed_field_labels
from anjian.core.forms import EnterpriseForm
from anjian.core.models import AuditEvent, Department, Enterprise, Region, User
from anjian.core.services import enterprises as enterprise_services
from anjian.core.views_base import (
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)


@login_required
def home(request):
    """The start page: what the user's jurisdiction holds, by sector."""
    enterprises = Enterprise.objects.visible_to(request.user)
    by_sector = (
        enterprises.values("sector__name").annotate(n=Count("id")).order_by("-n", "sector__name")
    )
    context = {
        "enterprise_count": enterprises.count(),
        "high_risk_count": enterprises.filter(sector__is_high_risk=True).count(),
        "by_sector": list(by_sector),
        "assignments": access_for(request.user).assignments,
    }
    return render(request, "core/home.html", context)


class EnterpriseListView(ScopedListView):
    """生产经营单位 list: filters, search, pagination, Excel export of the filtered list."""

    model = Enterprise
    permission = "enterprise.view"
    filterset_class = filters.EnterpriseFilterSet
    template_name = "core/enterprise_list.html"
    partial_template_name = "core/_enterprise_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("sector", "region", "supervising_department", "responsible_inspector")
            .order_by("-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = access_for(self.request.user).holds("enterprise.add")
        context["can_import"] = access_for(self.request.user).holds("enterprise.import")
        return context


class EnterpriseDetailView(ScopedDetailView):
    """One enterprise: registry data, who supervises it, its audit history."""

    model = Enterprise
    permission = "enterprise.view"
    template_name = "core/enterprise_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("sector", "region", "supervising_department", "responsible_inspector")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["can_change"] = (
            Enterprise.objects.visible_to(self.request.user, "change").filter(pk=obj.pk).exists()
        )
        context["show_history"] = access_for(self.request.user).holds("auditevent.view")
        if context["show_history"]:
            events = (
                AuditEvent.objects.visible_to(self.request.user)
                .filter(object_type="core.enterprise", object_id=str(obj.pk))
                .order_by("-seq")[:20]
            )
            context["history"] = [(ev, changed_field_labels(Enterprise, ev)) for ev in events]
        return context


class EnterpriseCreateView(PermissionRequiredSomewhere, ServiceFormMixin, CreateView):
    """Register an enterprise inside the user's jurisdiction."""

    model = Enterprise
    form_class = EnterpriseForm
    permission = "enterprise.add"
    template_name = "core/enterprise_form.html"
    success_message = "已登记该生产经营单位。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_service(self, form):
        return enterprise_services.enterprise_create(by=self.request.user, data=form.service_data())

    def get_success_url(self):
        return reverse("core:enterprise_detail", args=[self.object.pk])


class EnterpriseUpdateView(PermissionRequiredSomewhere, ServiceFormMixin, UpdateView):
    """Edit an enterprise; its own staff see only the fields they may change."""

    model = Enterprise
    form_class = EnterpriseForm
    permission = "enterprise.change"
    template_name = "core/enterprise_form.html"
    success_message = "已保存修改。"

    def get_object(self, queryset=None):
        obj = get_object_or_404(
            Enterprise.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if (
            not Enterprise.objects.visible_to(self.request.user, "change")
            .filter(pk=obj.pk)
            .exists()
        ):
            raise PermissionDenied("您没有修改该单位的权限。")
        return obj

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "self_edit_only": enterprise_services.self_edit_only(by=self.request.user, enterprise=self.object),
        }

    def run_service(self, form):
        return enterprise_services.enterprise_update(
            by=self.request.user,
            enterprise=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )

    def get_success_url(self):
        return reverse("core:enterprise_detail", args=[self.object.pk])


class DepartmentListView(ScopedListView):
    """Government units of the user's jurisdiction."""

    model = Department
    permission = "department.view"
    filterset_class = filters.DepartmentFilterSet
    template_name = "core/department_list.html"
    partial_template_name = "core/_department_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region")
            .annotate(
                enterprise_count=Count(
                    "supervised_enterprises",
                    filter=Q(
                        supervised_enterprises__in=Enterprise.objects.visible_to(
                            self.request.user
                        ).values("pk")
                    ),
                )
            )
            .order_by("region__path", "name")
        )


class DepartmentDetailView(ScopedDetailView):
    """One department with the sectors and enterprises it supervises."""

    model = Department
    permission = "department.view"
    template_name = "core/department_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enterprises"] = (
            Enterprise.objects.visible_to(self.request.user)
            .filter(supervising_department=self.object)
            .select_related("region", "sector")[:50]
        )
        return context


class RegionListView(ScopedListView):
    """The administrative tree of the user's jurisdiction."""

    model = Region
    permission = "region.view"
    filterset_class = filters.RegionFilterSet
    template_name = "core/region_list.html"
    partial_template_name = "core/_region_table.html"
    paginate_by = 50


class RegionDetailView(ScopedDetailView):
    """One region, its children and what it holds."""

    model = Region
    permission = "region.view"
    template_name = "core/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["children"] = Region.objects.visible_to(user).filter(parent=self.object)
        context["enterprise_count"] = (
            Enterprise.objects.visible_to(user)
            .filter(region__path__startswith=self.object.path)
            .count()
        )
        return context


class UserListView(ScopedListView):
    """Logins of the user's jurisdiction with their roles."""

    model = User
    permission = "user.view"
    filterset_class = filters.UserFilterSet
    template_name = "core/user_list.html"
    partial_template_name = "core/_user_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "department", "enterprise")
            .prefetch_related("role_assignments")
            .order_by("username")
        )


class UserDetailView(ScopedDetailView):
    """One login and its role assignments."""

    model = User
    permission = "user.view"
    template_name = "core/user_detail.html"
    context_object_name = "account"


class AuditEventListView(ScopedListView):
    """The audit log of the user's jurisdiction."""

    model = AuditEvent
    permission = "auditevent.view"
    filterset_class = filters.AuditEventFilterSet
    template_name = "core/audit_list.html"
    partial_template_name = "core/_audit_table.html"

    def get_queryset(self):
        return super().get_queryset().order_by("-seq")
