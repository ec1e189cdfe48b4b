"""Pages of the core app: home, enterprises, departments, regions, users, audit log."""

from django.db.models import Count, Q
from django.views.generic import CreateView, TemplateView, UpdateView

from anjian.core.audit import changed_field_labels
from anjian.core.forms import EnterpriseForm
from anjian.core.models import AuditEvent, Department, Enterprise, Region, User
from anjian.core.services import enterprises as enterprise_services
from anjian.core.tables import AUDIT_LIST, DEPARTMENT_LIST, ENTERPRISE_LIST, REGION_LIST, USER_LIST
from anjian.core.views_base import (
    ListExportView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)


class HomeView(PermissionRequiredSomewhere, TemplateView):
    """The start page: what the user's jurisdiction holds, by sector."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        enterprises = self.access.scope(Enterprise)
        by_sector = enterprises.values("sector__name").annotate(n=Count("id"))
        return super().get_context_data(
            enterprise_count=enterprises.count(),
            high_risk_count=enterprises.filter(sector__is_high_risk=True).count(),
            by_sector=list(by_sector.order_by("-n", "sector__name")),
            assignments=self.access.assignments,
            **kwargs,
        )


# ---- enterprises ---------------------------------------------------------------------------


class EnterpriseListView(ScopedListView):
    """生产经营单位 list: filters, search, pagination, Excel export of the filtered list."""

    list_spec = ENTERPRISE_LIST
    permission = "enterprise.view"
    page_permissions = {"can_add": "enterprise.add", "can_import": "enterprise.import"}
    template_name = "core/enterprise_list.html"


class EnterpriseExportView(ListExportView):
    """The enterprise list as the import workbook, filtered exactly like the list page."""

    list_spec = ENTERPRISE_LIST


class EnterpriseDetailView(ScopedDetailView):
    """One enterprise: registry data, who supervises it, its audit history."""

    model = Enterprise
    permission = "enterprise.view"
    page_permissions = {"show_history": "auditevent.view"}
    template_name = "core/enterprise_detail.html"

    def get_queryset(self):
        return Enterprise.objects.select_related(*ENTERPRISE_LIST.related)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise = self.object
        context["can_change"] = self.access.allows("change", enterprise)
        if context["show_history"]:
            events = (
                self.access.scope(AuditEvent)
                .filter(object_type="core.enterprise", object_id=str(enterprise.pk))
                .order_by("-seq")[:20]
            )
            context["history"] = [(ev, changed_field_labels(Enterprise, ev)) for ev in events]
        return context


class EnterpriseFormMixin(PermissionRequiredSomewhere, ServiceFormMixin):
    """The enterprise form, its choices limited to what the user may see."""

    model = Enterprise
    form_class = EnterpriseForm
    template_name = "core/enterprise_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class EnterpriseCreateView(EnterpriseFormMixin, CreateView):
    """Register an enterprise inside the user's jurisdiction."""

    permission = "enterprise.add"
    success_message = "已登记该生产经营单位。"

    def run_service(self, form):
        return enterprise_services.enterprise_create(by=self.request.user, data=form.service_data())


class EnterpriseUpdateView(EnterpriseFormMixin, UpdateView):
    """Edit an enterprise; its own staff see only the fields they may change."""

    permission = "enterprise.change"
    success_message = "已保存修改。"

    def get_object(self, queryset=None):
        enterprise = self.access.get(Enterprise, pk=self.kwargs["pk"])  # 404 outside scope
        self.access.require("change", enterprise, "您没有修改该单位的权限。")
        return enterprise

    def get_form_kwargs(self):
        only_own = enterprise_services.self_edit_only(by=self.request.user, enterprise=self.object)
        return {**super().get_form_kwargs(), "self_edit_only": only_own}

    def run_service(self, form):
        return enterprise_services.enterprise_update(
            by=self.request.user,
            enterprise=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )


# ---- departments, regions, users, the audit log --------------------------------------------


class DepartmentListView(ScopedListView):
    """Government units of the user's jurisdiction, with how many of their enterprises the
    user sees."""

    list_spec = DEPARTMENT_LIST
    permission = "department.view"
    template_name = "core/department_list.html"

    def get_queryset(self):
        visible = self.access.scope(Enterprise).values("pk")
        supervised = Q(supervised_enterprises__in=visible)
        return (
            super()
            .get_queryset()
            .annotate(enterprise_count=Count("supervised_enterprises", filter=supervised))
        )


class DepartmentDetailView(ScopedDetailView):
    """One department with the sectors and enterprises it supervises."""

    model = Department
    permission = "department.view"
    template_name = "core/department_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enterprises"] = (
            self.access.scope(Enterprise)
            .filter(supervising_department=self.object)
            .select_related("region", "sector")[:50]
        )
        return context


class RegionListView(ScopedListView):
    """The administrative tree of the user's jurisdiction."""

    list_spec = REGION_LIST
    permission = "region.view"
    template_name = "core/region_list.html"
    paginate_by = 50


class RegionDetailView(ScopedDetailView):
    """One region, its children and what it holds."""

    model = Region
    permission = "region.view"
    template_name = "core/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["children"] = self.access.scope(Region).filter(parent=region)
        context["enterprise_count"] = (
            self.access.scope(Enterprise).filter(region__path__startswith=region.path).count()
        )
        return context


class UserListView(ScopedListView):
    """Logins of the user's jurisdiction with their roles."""

    list_spec = USER_LIST
    permission = "user.view"
    template_name = "core/user_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("role_assignments")


class UserDetailView(ScopedDetailView):
    """One login and its role assignments."""

    model = User
    permission = "user.view"
    template_name = "core/user_detail.html"
    context_object_name = "account"


class AuditEventListView(ScopedListView):
    """The audit log of the user's jurisdiction."""

    list_spec = AUDIT_LIST
    permission = "auditevent.view"
    template_name = "core/audit_list.html"
