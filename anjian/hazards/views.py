"""Hazard pages: the ledger, report, detail with its timeline, and each lifecycle step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.views import View
from django.views.generic import FormView

from anjian.core.views_base import (
    ListExportView,
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)
from anjian.hazards import forms
from anjian.hazards.lists import HAZARD_LIST
from anjian.hazards.models import (
    DeadlineExtension,
    ExtensionStatus,
    Hazard,
    HazardListing,
    HazardPhoto,
)
from anjian.hazards.services import followup
from anjian.hazards.services import hazards as services
from anjian.hazards.workflows import EXTENSION_FLOW, HAZARD_FLOW, pending_extension


class HazardListView(ScopedListView):
    """The hazard ledger of the user's jurisdiction, overdue and listed ones flagged."""

    list_spec = HAZARD_LIST
    permission = "hazard.view"
    page_permissions = {"can_add": "hazard.add"}
    template_name = "hazards/hazard_list.html"


class HazardExportView(ListExportView):
    """The hazard ledger as .xlsx, filtered exactly like the list page, within scope."""

    list_spec = HAZARD_LIST


class HazardDetailView(ScopedDetailView):
    """One hazard: facts, photos, timeline, extensions, listings, and the steps open to you."""

    model = Hazard
    permission = "hazard.view"
    template_name = "hazards/hazard_detail.html"

    def get_queryset(self):
        return Hazard.objects.select_related(
            *HAZARD_LIST.related, "department", "category", "accident_type", "criterion"
        ).prefetch_related(
            Prefetch(
                "extensions",
                DeadlineExtension.objects.select_related("requested_by", "decided_by"),
            ),
            Prefetch(
                "listings", HazardListing.objects.select_related("authority", "supervising_unit")
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard, user = self.object, self.request.user
        pending = pending_extension(hazard)
        context.update(
            steps=HAZARD_FLOW.available(user, hazard),
            pending_extension=pending,
            can_decide=pending is not None and "decide" in EXTENSION_FLOW.available(user, pending),
            events=hazard.events.select_related("actor"),
            photos=hazard.photos.all(),
            extensions=hazard.extensions.all(),
            listings=hazard.listings.all(),
        )
        if hazard.is_major:
            try:
                context["double_report_due"] = followup.double_report_due(hazard)
            except ValidationError:  # the rule parameters are not loaded: the page says so
                context["double_report_due"] = None
        return context


class HazardReportView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """Report a hazard (on a phone: photos straight from the camera)."""

    permission = "hazard.add"
    form_class = forms.HazardReportForm
    template_name = "action_form.html"
    success_message = "隐患已登记。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, title="登记隐患", submit_label="登记")

    def run_service(self, form):
        data = dict(form.cleaned_data)
        data["photos"] = self.request.FILES.getlist("photos")
        return services.hazard_report(by=self.request.user, **data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class HazardStepView(ObjectActionView):
    """One step on a hazard: its form, then its service (which checks the table again)."""

    flow = HAZARD_FLOW
    uploads = False

    def get_initial(self):
        return {"version": self.target.version}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        if self.uploads:
            data["photos"] = self.request.FILES.getlist("photos")
        return self.step(by=self.request.user, hazard=self.target, **data)

    def step(self, **kwargs):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class HazardAssignView(HazardStepView):
    """交办整改: owner, measures, funds and deadline (the hazard's authority)."""

    action, form_class = "assign", forms.AssignForm
    step = staticmethod(services.hazard_assign)


class HazardStartView(HazardStepView):
    """开始整改 (the enterprise)."""

    action, form_class = "start", forms.StartForm
    step = staticmethod(services.hazard_start)


class HazardSubmitView(HazardStepView):
    """提交验收 with after photos (the enterprise)."""

    action, form_class, uploads = "submit", forms.SubmitForm, True
    step = staticmethod(services.hazard_submit)


class HazardCloseView(HazardStepView):
    """验收销号 (the hazard's authority)."""

    action, form_class = "close", forms.CloseForm
    step = staticmethod(services.hazard_close)


class HazardReturnView(HazardStepView):
    """退回整改 with a reason (the hazard's authority)."""

    action, form_class = "return", forms.ReturnForm
    step = staticmethod(services.hazard_return)


class HazardReclassifyView(HazardStepView):
    """认定等级 (the supervising department; a criterion makes it 重大)."""

    action, form_class = "reclassify", forms.ReclassifyForm
    step = staticmethod(services.hazard_reclassify)


class ExtensionRequestView(HazardStepView):
    """申请延期 (the enterprise, with a reason)."""

    action, form_class = "extension", forms.ExtensionRequestForm
    success_message = "延期申请已提交。"
    step = staticmethod(followup.extension_request)

    def get_initial(self):
        return {}


class DoubleReportView(HazardStepView):
    """登记重大隐患双报告 (监管部门 and 职代会 dates)."""

    action, form_class = "double_report", forms.DoubleReportForm
    success_message = "双报告已登记。"
    step = staticmethod(followup.double_report_record)

    def get_initial(self):
        return {
            "department_on": self.target.reported_to_department_on,
            "congress_on": self.target.reported_to_congress_on,
        }


class ListingView(HazardStepView):
    """挂牌督办 an open major hazard."""

    action, form_class = "list", forms.ListingForm
    success_message = "已挂牌督办。"
    step = staticmethod(followup.hazard_list)

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "hazard": self.target}


class ExtensionDecideView(ObjectActionView):
    """审批延期 (whoever set the deadline)."""

    flow, action, form_class = EXTENSION_FLOW, "decide", forms.ExtensionDecisionForm
    success_message = "已审批。"

    def get_queryset(self):
        return super().get_queryset().filter(status=ExtensionStatus.PENDING)

    def run_service(self, form):
        return followup.extension_decide(
            by=self.request.user, extension=self.target, **form.cleaned_data
        )

    def target_url(self):
        return self.target.hazard.get_absolute_url()


class HazardPhotoView(PermissionRequiredSomewhere, View):
    """A hazard photo, for those who may see the hazard."""

    permission = "hazard.view"

    def get(self, request, pk):
        photo = self.access.get(HazardPhoto, pk=pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as error:
            raise Http404("照片文件已不存在。") from error
        return FileResponse(handle, filename=photo.name)
