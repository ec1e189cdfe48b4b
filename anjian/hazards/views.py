"""Hazard pages: the ledger, report, detail with its timeline, and each lifecycle step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from anjian.core.access import access_for
from anjian.core.spreadsheets import SheetSpec, xlsx_response
from anjian.core.views_base import (
    ObjectActionView,
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
)
from anjian.hazards import filters, forms
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

LIST_RELATED = ("enterprise", "region", "sector")


class HazardListView(ScopedListView):
    """The hazard ledger of the user's jurisdiction, overdue and listed ones flagged."""

    model = Hazard
    permission = "hazard.view"
    filterset_class = filters.HazardFilterSet
    template_name = "hazards/hazard_list.html"
    partial_template_name = "hazards/_hazard_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*LIST_RELATED).order_by("-found_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = access_for(self.request.user).holds("hazard.add")
        return context


class HazardDetailView(ScopedDetailView):
    """One hazard: facts, photos, timeline, extensions, listings, and the steps open to you."""

    model = Hazard
    permission = "hazard.view"
    template_name = "hazards/hazard_detail.html"

    def get_queryset(self):
        return Hazard.objects.select_related(
            *LIST_RELATED, "department", "category", "accident_type", "criterion", "repeat_of"
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
            except ValidationError:  # the rule parameters are not loaded: say so on the page
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
    """One lifecycle step on a hazard: its form, then its service."""

    model = Hazard
    permission = "hazard.view"
    service = None
    uploads = False

    def get_initial(self):
        return {"version": self.target.version}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        if self.uploads:
            data["photos"] = self.request.FILES.getlist("photos")
        return type(self).service(by=self.request.user, hazard=self.target, **data)


def step(name, form_class, service, title, *, permission="hazard.view", uploads=False):
    return type(
        f"Hazard{name}View",
        (HazardStepView,),
        {
            "form_class": form_class,
            "service": service,
            "title": title,
            "submit_label": title,
            "success_message": f"{title}：已完成。",
            "permission": permission,
            "uploads": uploads,
            "__doc__": f"{title} (one step of a hazard's lifecycle).",
        },
    )


HazardAssignView = step(
    "Assign", forms.AssignForm, services.hazard_assign, "交办整改", permission="hazard.assign"
)
HazardStartView = step(
    "Start", forms.StartForm, services.hazard_start, "开始整改", permission="hazard.rectify"
)
HazardSubmitView = step(
    "Submit",
    forms.SubmitForm,
    services.hazard_submit,
    "提交验收",
    permission="hazard.rectify",
    uploads=True,
)
HazardCloseView = step(
    "Close", forms.CloseForm, services.hazard_close, "验收销号", permission="hazard.verify"
)
HazardReclassifyView = step(
    "Reclassify",
    forms.ReclassifyForm,
    services.hazard_reclassify,
    "认定等级",
    permission="hazard.verify",
)
HazardReturnView = step(
    "Return", forms.ReturnForm, services.hazard_return, "退回整改", permission="hazard.verify"
)


class ExtensionRequestView(HazardStepView):
    """申请延期 (the enterprise, with a reason)."""

    form_class = forms.ExtensionRequestForm
    permission = "deadlineextension.add"
    title = submit_label = "申请延期"
    success_message = "延期申请已提交。"

    def get_initial(self):
        return {}

    def run_service(self, form):
        return followup.extension_request(
            by=self.request.user, hazard=self.target, **form.cleaned_data
        )


class DoubleReportView(HazardStepView):
    """登记重大隐患双报告 (监管部门 and 职代会 dates)."""

    form_class = forms.DoubleReportForm
    permission = "hazard.doublereport"
    title = submit_label = "登记双报告"
    success_message = "双报告已登记。"

    def get_initial(self):
        return {
            "department_on": self.target.reported_to_department_on,
            "congress_on": self.target.reported_to_congress_on,
        }

    def run_service(self, form):
        return followup.double_report_record(
            by=self.request.user, hazard=self.target, **form.cleaned_data
        )


class ListingView(HazardStepView):
    """挂牌督办 an open major hazard."""

    form_class = forms.ListingForm
    permission = "hazardlisting.add"
    title = submit_label = "挂牌督办"
    success_message = "已挂牌督办。"

    def get_initial(self):
        return {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "hazard": self.target}

    def run_service(self, form):
        return followup.hazard_list(by=self.request.user, hazard=self.target, **form.cleaned_data)


class ExtensionDecideView(ObjectActionView):
    """审批延期 (whoever set the deadline)."""

    model = DeadlineExtension
    permission = "deadlineextension.change"
    form_class = forms.ExtensionDecisionForm
    title = submit_label = "审批延期"
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
        photo = get_object_or_404(HazardPhoto.objects.visible_to(request.user), pk=pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as error:
            raise Http404("照片文件已不存在。") from error
        return FileResponse(handle, filename=photo.name)


EXPORT_HEADERS = [
    "编号", "隐患单位", "属地", "行业领域", "发现方式", "发现时间", "隐患部位", "隐患描述",
    "等级", "状态", "整改责任人", "整改期限", "逾期", "挂牌督办", "重复隐患", "销号时间",
]  # fmt: skip


def _export_rows(qs):
    for h in qs.iterator(chunk_size=1000):
        yield [
            h.pk,
            h.enterprise.name,
            h.region.name,
            h.sector.name,
            h.get_source_display(),
            timezone.localtime(h.found_at).strftime("%Y-%m-%d %H:%M"),
            h.place,
            h.description,
            h.get_level_display(),
            h.get_status_display(),
            h.owner_name,
            h.deadline.isoformat() if h.deadline else "",
            "是" if h.is_overdue else "否",
            "是" if h.is_listed else "否",
            h.repeat_of_id or "",
            timezone.localtime(h.closed_at).strftime("%Y-%m-%d %H:%M") if h.closed_at else "",
        ]


class HazardExportView(PermissionRequiredSomewhere, View):
    """The hazard ledger as .xlsx, filtered exactly like the list page, within scope."""

    permission = "hazard.export"

    def get(self, request):
        filterset = filters.HazardFilterSet(
            request.GET or None,
            queryset=Hazard.objects.visible_to(request.user)
            .select_related(*LIST_RELATED)
            .order_by("-found_at", "-id"),
            request=request,
        )
        sheet = SheetSpec(title="隐患台账", headers=EXPORT_HEADERS, rows=_export_rows(filterset.qs))
        return xlsx_response(sheet, stem="隐患台账")
