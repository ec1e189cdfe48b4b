"""群众举报, the handlers' side: list, detail, 受理, 查证属实 (→ hazards), 不予立案, 奖励.

Scope is the report's region: the regulators and coordinators of that region see it;
anyone else gets 404. The reporter's contact is shown only on request (a POST), only to
``publicreport.contact``, and each showing is audited by the service.
"""

from __future__ import annotations

from functools import cached_property

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import FormView

from anjian.core.errors import Conflict, OutOfScope
from anjian.core.filters import RegionSubtreeFilter
from anjian.core.models import Enterprise
from anjian.core.views_base import (
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
    add_service_errors,
)
from anjian.hazards.models import (
    HazardLevel,
    PublicReport,
    PublicReportStatus,
    RewardStatus,
)
from anjian.hazards.services import reports

DATE = forms.DateInput(attrs={"type": "date"})


def may(user, action: str, report: PublicReport) -> bool:
    return PublicReport.objects.visible_to(user, action).filter(pk=report.pk).exists()


class PublicReportFilterSet(django_filters.FilterSet):
    """Filters of the report list, shared by the page and the API."""

    q = django_filters.CharFilter(method="search", label="搜索")
    status = django_filters.ChoiceFilter(choices=PublicReportStatus.choices, label="状态")
    region = RegionSubtreeFilter(label="地区(含下级)")
    reward_status = django_filters.ChoiceFilter(choices=RewardStatus.choices, label="奖励决定")
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label="举报日期自", widget=DATE
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="举报日期至", widget=DATE
    )

    class Meta:
        model = PublicReport
        fields = ["q", "status", "region", "reward_status"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(description__icontains=value)
            | Q(enterprise_name__icontains=value)
            | Q(address__icontains=value)
            | Q(enterprise__name__icontains=value)
        )


class ReportListView(ScopedListView):
    """Reports of the user's jurisdiction, newest first."""

    model = PublicReport
    permission = "publicreport.view"
    filterset_class = PublicReportFilterSet
    template_name = "hazards/reports/report_list.html"
    partial_template_name = "hazards/reports/_report_table.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "enterprise")


class ReportDetailView(ScopedDetailView):
    """One report: what was reported, its photos, the check and its hazards, the reward."""

    model = PublicReport
    permission = "publicreport.view"
    template_name = "hazards/reports/report_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "region", "enterprise", "accepted_by", "decided_by", "reward_decided_by"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, report = self.request.user, self.object
        context.update(
            photos=report.photos.all(),
            hazards=report.hazards.select_related("enterprise"),
            can_change=may(user, "change", report),
            can_contact=may(user, "contact", report),
            can_reward=may(user, "reward", report),
            reward_statuses=RewardStatus,
            statuses=PublicReportStatus,
        )
        return context


class ReportContactView(ReportDetailView):
    """POST: the detail page with the reporter's contact opened (audited, never cached)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            contact = reports.report_contact(by=request.user, report=self.object)
        except OutOfScope as error:
            raise Http404(str(error)) from error
        context = self.get_context_data(object=self.object, contact=contact)
        response = render(request, self.template_name, context)
        add_never_cache_headers(response)
        return response


class ReportPhotoView(PermissionRequiredSomewhere, View):
    """A report's photo, to its handlers only (not under the public media address)."""

    permission = "publicreport.view"

    def get(self, request, pk: int, photo_id: int):
        report = get_object_or_404(PublicReport.objects.visible_to(request.user), pk=pk)
        photo = get_object_or_404(report.photos, pk=photo_id)
        response = FileResponse(photo.image.open("rb"), filename=photo.name)
        add_never_cache_headers(response)
        return response


# ---- workflow steps -----------------------------------------------------------------------------


class ReportActionView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """GET shows a step's form, POST runs its service; 404 outside scope, 403 without the right."""

    permission = "publicreport.change"
    object_action = "change"
    template_name = "hazards/reports/action_form.html"
    title = ""
    submit_label = "提交"
    success_message = "已保存。"

    @cached_property
    def target(self) -> PublicReport:
        user = self.request.user
        report = get_object_or_404(
            PublicReport.objects.visible_to(user).select_related("region"), pk=self.kwargs["pk"]
        )
        if not may(user, self.object_action, report):
            raise PermissionDenied("您没有对该举报执行此操作的权限。")
        return report

    def get(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 or 403 before anything is shown
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.target  # noqa: B018
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.target, "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            target=self.target,
            submit_label=self.submit_label,
            back_url=self.target.get_absolute_url(),
        )
        return context

    def get_success_url(self) -> str:
        return self.target.get_absolute_url()


class _StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: PublicReport, user, **kwargs):
        kwargs.setdefault("initial", {})["version"] = report.version
        super().__init__(*args, **kwargs)
        self.report, self.user = report, user


def enterprises_near(report: PublicReport, user):
    """Enterprises the user can see in the report's county (the match and hazard choices)."""
    county = report.region.county
    return (
        Enterprise.objects.visible_to(user)
        .filter(region__path__startswith=county.path)
        .order_by("name")
    )


class AcceptForm(_StepForm):
    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(),
        required=False,
        label="对应生产经营单位",
        help_text="举报涉及平台上已登记的单位时请选择；不确定可留空。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises_near(self.report, self.user)
        self.fields["enterprise"].initial = self.report.enterprise_id


class AcceptView(ReportActionView):
    form_class = AcceptForm
    title = "受理举报"
    submit_label = "受理"
    success_message = "已受理。"

    def run_service(self, form):
        return reports.report_accept(by=self.request.user, report=self.target, **form.cleaned_data)


class DismissForm(_StepForm):
    reason = forms.CharField(
        label="不予立案理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写不予立案的理由（举报人凭回执码可以看到）。"},
        help_text="举报人凭回执码可以看到这段理由，请勿写入举报人或其他人员的个人信息。",
    )


class DismissView(ReportActionView):
    form_class = DismissForm
    title = "不予立案"
    submit_label = "不予立案"
    success_message = "已不予立案。"

    def run_service(self, form):
        return reports.report_dismiss(by=self.request.user, report=self.target, **form.cleaned_data)


class RewardForm(_StepForm):
    status = forms.ChoiceField(label="奖励决定", choices=RewardStatus.choices)
    amount = forms.DecimalField(
        label="奖励金额(元)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "奖励金额请填写数字（元）。"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不予奖励时请写明理由；发放时可注明发放方式和凭证。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = self.report.reward_status or RewardStatus.PROPOSED
        self.fields["amount"].initial = self.report.reward_amount


class RewardView(ReportActionView):
    permission = "publicreport.reward"
    object_action = "reward"
    form_class = RewardForm
    title = "举报奖励"
    submit_label = "保存奖励决定"
    success_message = "已保存奖励决定。"

    def run_service(self, form):
        return reports.report_reward(by=self.request.user, report=self.target, **form.cleaned_data)


class VerifyForm(_StepForm):
    finding = forms.CharField(
        label="核查情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写核查情况。"},
    )
    copy_photos = forms.BooleanField(
        label="把举报照片附到隐患上",
        required=False,
        help_text="隐患及其照片对被举报单位可见；照片可能暴露举报人时请不要勾选。",
    )


class HazardRowForm(forms.Form):
    """One confirmed hazard; a row left blank is skipped."""

    enterprise = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(), required=False, label="隐患单位"
    )
    place = forms.CharField(label="隐患部位", required=False, max_length=200)
    description = forms.CharField(
        label="隐患描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="被举报单位可以看到，请勿写入举报人信息。",
    )
    level = forms.ChoiceField(
        label="隐患等级", choices=HazardLevel.choices, initial=HazardLevel.GENERAL
    )

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises

    @property
    def is_blank(self) -> bool:
        """Nothing typed (the enterprise alone is only the preselected match)."""
        return not (self.cleaned_data.get("place") or self.cleaned_data.get("description"))


HazardRowFormSet = forms.formset_factory(HazardRowForm, extra=3, max_num=10)


class VerifyView(ReportActionView):
    """查证属实: the finding and up to ten hazards, entered in the ledger with source 群众举报."""

    form_class = VerifyForm
    template_name = "hazards/reports/verify_form.html"
    title = "查证属实并登记隐患"
    submit_label = "查证属实"
    success_message = "已查证属实，隐患已登记。"

    def formset(self):
        enterprises = enterprises_near(self.target, self.request.user)
        initial = [{"enterprise": self.target.enterprise_id, "level": HazardLevel.GENERAL}]
        return HazardRowFormSet(
            self.request.POST or None,
            prefix="hazards",
            initial=initial,
            form_kwargs={"enterprises": enterprises},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.formset())
        return context

    def post(self, request, *args, **kwargs):
        self.target  # noqa: B018 - 404 or 403 before the forms are read
        form, formset = self.get_form(), self.formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        findings = [
            reports.HazardFinding(
                enterprise=row.cleaned_data["enterprise"],
                place=row.cleaned_data["place"],
                description=row.cleaned_data["description"],
                level=row.cleaned_data["level"],
            )
            for row in formset
            if not row.is_blank
        ]
        try:
            reports.report_verify(
                by=request.user, report=self.target, hazards=findings, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Conflict as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, self.success_message)
            return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
