"""Pages of notices and obligations: list, upload, the 任务分工表 with unit mapping, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import FormView

from anjian.core.access import access_for
from anjian.core.views_base import PermissionRequiredSomewhere, ScopedListView
from anjian.duties import exports, filters, forms, selectors
from anjian.duties.models import Indicator, Notice, Obligation, ObligationUnit, Occurrence
from anjian.duties.services import notices as notice_services
from anjian.duties.services import progress as progress_services
from anjian.duties.views_base import ActionDetailView


class NoticeListView(ScopedListView):
    """政策文件 list with task counts."""

    model = Notice
    permission = "notice.view"
    filterset_class = filters.NoticeFilterSet
    template_name = "duties/notice_list.html"
    partial_template_name = "duties/_notice_table.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related("region")
        return qs.annotate(tasks=Count("obligations")).order_by("-year", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_upload"] = access_for(self.request.user).holds("notice.add")
        return context


class NoticeUploadView(PermissionRequiredSomewhere, FormView):
    """Upload a notice: parsed, stored with its tasks, or refused with the reason."""

    permission = "notice.add"
    form_class = forms.NoticeUploadForm
    template_name = "duties/notice_upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.notice = notice_services.notice_upload(
                by=self.request.user,
                region=form.cleaned_data["region"],
                file=form.cleaned_data["file"],
                year=form.cleaned_data.get("year"),
            )
        except ValidationError as error:
            for field, msgs in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, msgs)
            return self.form_invalid(form)
        count = self.notice.obligations.count()
        messages.success(self.request, f"已导入《{self.notice.title}》，生成{count}项任务。")
        return HttpResponseRedirect(self.notice.get_absolute_url())


class NoticeDetailView(ActionDetailView):
    """The 任务分工表: 序号, 任务内容, 责任单位 (lead/support, pending marked), 完成时限, 进展."""

    model = Notice
    permission = "notice.view"
    template_name = "duties/notice_detail.html"
    actions = {"map": "notice.change"}

    def build_form(self, name, data=None, files=None):
        return forms.UnitMapForm(data, region=self.object.region, user=self.request.user)

    def run_action(self, name, form):
        count = notice_services.unit_map(
            by=self.request.user,
            notice=self.object,
            name=form.cleaned_data["name"],
            department=form.cleaned_data["department"],
        )
        department = form.cleaned_data["department"]
        name = form.cleaned_data["name"]
        return f"已将“{name}”对应为{department}，更新{count}项任务，以后自动识别。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_map = access_for(user).holds("notice.change")
        pending = selectors.pending_names(self.object)
        for row in pending:
            if can_map and row["reason"] == "unresolved":
                row["form"] = forms.UnitMapForm(
                    initial={"name": row["name"]}, region=self.object.region, user=user
                )
        failed = kwargs.get("map_form")
        if failed is not None:
            for row in pending:
                if row["name"] == failed.data.get("name"):
                    row["form"] = failed
        context.update(
            rows=selectors.task_rows(self.object, access_for(user)),
            pending=pending,
            can_map=can_map,
        )
        return context


class NoticeExportView(PermissionRequiredSomewhere, View):
    """The 任务分工表 as .xlsx or .docx, with the rows the user may see."""

    permission = "notice.view"
    kind = "xlsx"

    def get(self, request, pk):
        notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
        rows = selectors.task_rows(notice, access_for(request.user))
        if self.kind == "docx":
            return exports.docx_export(notice, rows)
        return exports.xlsx_export(notice, rows)


class ObligationDetailView(ActionDetailView):
    """One task: its units, periods, indicators; the coordinator assigns, units record values."""

    model = Obligation
    permission = "obligation.view"
    template_name = "duties/obligation_detail.html"
    actions = {"assign": "obligation.change", "indicator": "indicator.change"}

    def get_queryset(self):
        return super().get_queryset().select_related("notice", "item", "region")

    def build_form(self, name, data=None, files=None):
        if name == "assign":
            return forms.AssignForm(data, obligation=self.object, user=self.request.user)
        return forms.IndicatorForm(data)

    def run_action(self, name, form):
        user, data = self.request.user, form.cleaned_data
        if name == "assign":
            notice_services.obligation_assign(
                by=user,
                obligation=self.object,
                departments=data["departments"],
                role=data["role"],
                name=data["name"],
            )
            return "已指定责任单位，并生成各周期任务。"
        indicator = get_object_or_404(
            Indicator.objects.visible_to(user).filter(obligation=self.object),
            pk=data["indicator"],
        )
        progress_services.indicator_record(
            by=user, indicator=indicator, value=data["value"], note=data["note"]
        )
        return "已记录指标进展。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, obligation = self.request.user, self.object
        prefetch_related_objects(
            [obligation],
            Prefetch("units", queryset=ObligationUnit.objects.select_related("department")),
        )
        context.update(
            cells=selectors.unit_cells(obligation),
            occurrences=Occurrence.objects.visible_to(user)
            .filter(obligation=obligation)
            .select_related("department", "obligation")
            .order_by("due_date", "department__name"),
            indicators=Indicator.objects.visible_to(user)
            .filter(obligation=obligation)
            .prefetch_related("values"),
            can_assign=access_for(user).holds("obligation.change"),
            can_record=Indicator.objects.visible_to(user, "change")
            .filter(obligation=obligation)
            .exists(),
        )
        if context["can_assign"]:
            context.setdefault(
                "assign_form",
                kwargs.get("assign_form") or forms.AssignForm(obligation=obligation, user=user),
            )
        context["indicator_form"] = kwargs.get("indicator_form")
        return context
