"""Duties pages: notices and their 任务分工表, tasks, periods with their progress, 进展审核, the
dashboard and 我的提醒. A detail page takes its steps as forms posted back to it."""

from __future__ import annotations

from functools import cached_property

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.views import View
from django.views.generic import FormView, TemplateView

from anjian.core.errors import OutOfScope
from anjian.core.lists import ListSpec
from anjian.core.views_base import (
    PermissionRequiredSomewhere,
    ScopedDetailView,
    ScopedListView,
    ServiceFormMixin,
    add_service_errors,
)
from anjian.core.workflows import Workflow
from anjian.duties import exports, forms, selectors
from anjian.duties.lists import NOTICE_LIST, NOTIFICATION_LIST, OCCURRENCE_LIST, TASK_TABLE
from anjian.duties.models import (
    Evidence,
    Notice,
    Obligation,
    Occurrence,
    ProgressReport,
)
from anjian.duties.services import notices as notice_services
from anjian.duties.services import progress as progress_services
from anjian.duties.services.units import Status
from anjian.duties.workflows import OCCURRENCE_FLOW


def table(spec: ListSpec, rows) -> dict:
    """The context of ``includes/list_table.html`` for ``rows`` in ``spec``'s page columns."""
    return {"columns": spec.page_columns, "empty_text": spec.empty_text, "object_list": rows}


class StepDetailView(ScopedDetailView):
    """A detail page whose step forms post back to it (``action=<step>``).

    Outside scope is 404; a step the user may not take on this very object is 403 (the
    ``flow``'s table, or ``step_actions``: the action each step needs on the object); the
    service then checks state and input, and a refusal shows the page again with the bound
    form and its errors (400), so nothing typed is lost. ``steps`` are the steps the user
    may take now: the forms the page shows.
    """

    flow: Workflow | None = None
    step_actions: dict[str, str] = {}
    step_forms: dict[str, type[django_forms.Form]] = {}

    @cached_property
    def steps(self) -> list[str]:
        if self.flow is not None:
            return self.flow.available(self.request.user, self.object)
        allows = self.access.allows
        return [s for s, action in self.step_actions.items() if allows(action, self.object)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, steps=self.steps)
        for name in self.steps:  # a blank form for each step open now; a refused one stays
            context.setdefault(f"{name}_form", self.build_form(name))
        return context

    def require_step(self, name: str) -> None:
        if self.flow is not None:
            self.flow.require_allowed(self.request.user, self.object, name)
        elif not self.access.allows(self.step_actions[name], self.object):
            raise PermissionDenied("您的角色无权执行此操作。")

    def build_form(self, name: str, data=None, files=None) -> django_forms.Form:
        return self.step_forms[name](data, files)

    def run_step(self, name: str, form) -> str:  # pragma: no cover - per subclass
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        name = request.POST.get("action", "")
        known = self.flow.transitions if self.flow is not None else self.step_actions
        if name not in known:
            return HttpResponseBadRequest("未知的操作。")
        self.require_step(name)
        form = self.build_form(name, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                message = self.run_step(name, form)
            except ValidationError as error:
                add_service_errors(form, error)
            except OutOfScope as error:
                raise Http404(str(error)) from error
            else:
                messages.success(request, message)
                return HttpResponseRedirect(request.path)
        context = self.get_context_data(object=self.object, **{f"{name}_form": form})
        return self.render_to_response(context, status=400)


class NoticeListView(ScopedListView):
    """政策文件 with their task counts."""

    list_spec = NOTICE_LIST
    permission = "notice.view"
    page_permissions = {"can_upload": "notice.add"}
    template_name = "duties/notice_list.html"

    def get_queryset(self):
        return super().get_queryset().with_task_count()


class NoticeUploadView(PermissionRequiredSomewhere, ServiceFormMixin, FormView):
    """Upload a notice: parsed, stored with its tasks, or refused with the reason."""

    permission = "notice.add"
    form_class = forms.NoticeUploadForm
    template_name = "duties/notice_upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_service(self, form):
        return notice_services.notice_upload(by=self.request.user, **form.cleaned_data)

    @property
    def success_message(self) -> str:
        count = self.object.obligations.count()
        return f"已导入《{self.object.title}》，生成{count}项任务。"

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class NoticeDetailView(StepDetailView):
    """The 任务分工表: 序号, 任务内容, 责任单位 (lead/support, pending marked), 完成时限, 进展;
    the coordinator maps an unresolved unit name to a department (learned as an alias)."""

    model = Notice
    permission = "notice.view"
    template_name = "duties/notice_detail.html"
    step_actions = {"map": "change"}

    def build_form(self, name, data=None, files=None):
        return forms.UnitMapForm(data, region=self.object.region, user=self.request.user)

    def run_step(self, name, form):
        by, data = self.request.user, form.cleaned_data
        count = notice_services.unit_map(by=by, notice=self.object, **data)
        return f"已将“{data['name']}”对应为{data['department']}，更新{count}项任务，以后自动识别。"

    def get_context_data(self, **kwargs):
        context, user = super().get_context_data(**kwargs), self.request.user
        pending = selectors.pending_names(self.object)
        failed = kwargs.get("map_form")
        for row in pending:
            if "map" in self.steps and row["reason"] == Status.UNRESOLVED:
                row["form"] = forms.UnitMapForm(
                    initial={"name": row["name"]}, region=self.object.region, user=user
                )
            if failed is not None and row["name"] == failed.data.get("name"):
                row["form"] = failed
        rows = selectors.task_rows(self.object, self.access)
        return {**context, **table(TASK_TABLE, rows), "pending": pending}


class NoticeExportView(PermissionRequiredSomewhere, View):
    """The 任务分工表 as .xlsx or .docx, with the rows the user may see."""

    permission = "notice.view"
    kind = "xlsx"

    def get(self, request, pk):
        notice = self.access.get(Notice, pk=pk)
        rows = selectors.task_rows(notice, self.access)
        if self.kind == "docx":
            return exports.docx_export(notice, rows)
        return exports.xlsx_export(notice, rows)


class ObligationDetailView(StepDetailView):
    """One task: its units, periods, indicators; the coordinator assigns, units record values."""

    model = Obligation
    permission = "obligation.view"
    template_name = "duties/obligation_detail.html"
    # An indicator has its task's scope: who may record one may record each.
    step_actions = {"assign": "change", "indicator": "indicator.change"}

    def get_queryset(self):
        return Obligation.objects.select_related("notice", "item", "region").prefetch_related(
            selectors.UNITS
        )

    def build_form(self, name, data=None, files=None):
        if name == "assign":
            return forms.AssignForm(data, obligation=self.object, user=self.request.user)
        return forms.IndicatorForm(data)

    def run_step(self, name, form):
        by, data = self.request.user, dict(form.cleaned_data)
        if name == "assign":
            notice_services.obligation_assign(by=by, obligation=self.object, **data)
            return "已指定责任单位，并生成各周期任务。"
        indicator = self.access.get(self.object.indicators.all(), pk=data.pop("indicator"))
        progress_services.indicator_record(by=by, indicator=indicator, **data)
        return "已记录指标进展。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obligation = self.object
        occurrences = self.access.scope(Occurrence).filter(obligation=obligation)
        occurrences = occurrences.select_related(*OCCURRENCE_LIST.related)
        context.update(
            table(OCCURRENCE_LIST, occurrences.order_by("due_date", "department__name")),
            cells=selectors.unit_cells(obligation),
            indicators=self.access.scope(obligation.indicators.all()).prefetch_related("values"),
        )
        return context


class OccurrenceListView(ScopedListView):
    """我的任务: the periods of the user's department (or jurisdiction), soonest first."""

    list_spec = OCCURRENCE_LIST
    permission = "occurrence.view"
    template_name = "duties/occurrence_list.html"
    extra_context = {"title": "我的任务"}


class ReviewQueueView(OccurrenceListView):
    """进展审核: the periods the user may review that wait for a decision."""

    permission = "occurrence.review"
    extra_context = {"title": "进展审核"}

    def get_queryset(self):
        waiting = OCCURRENCE_FLOW.sources_of("accept")
        return self.access.scope(super().get_queryset(), "review").filter(status__in=waiting)


class OccurrenceDetailView(StepDetailView):
    """One period: the task, the reports so far, and the steps the user may take now."""

    model = Occurrence
    permission = "occurrence.view"
    template_name = "duties/occurrence_detail.html"
    flow = OCCURRENCE_FLOW

    step_forms = {
        "submit": forms.ProgressForm,
        "accept": django_forms.Form,
        "return": forms.ReturnForm,
    }
    services = {
        "submit": (progress_services.progress_submit, "进展已提交，等待安委办审核。"),
        "accept": (progress_services.progress_accept, "已审核通过。"),
        "return": (progress_services.progress_return, "已退回，并通知责任单位。"),
    }

    def get_queryset(self):
        return Occurrence.objects.select_related("obligation__notice", "department")

    def run_step(self, name, form):
        service, done = self.services[name]
        service(by=self.request.user, occurrence=self.object, **form.cleaned_data)
        return done

    def get_context_data(self, **kwargs):
        reports = self.access.scope(ProgressReport).filter(occurrence=self.object)
        reports = reports.select_related("reported_by", "decided_by").prefetch_related("evidence")
        return super().get_context_data(**kwargs, reports=reports)


class EvidenceDownloadView(PermissionRequiredSomewhere, View):
    """An evidence file, for those who may see its report."""

    permission = "progressreport.view"

    def get(self, request, pk):
        reports = self.access.scope(ProgressReport)
        evidence = Evidence.objects.filter(report__in=reports, pk=pk).first()
        if evidence is None:
            raise Http404("文件不存在或不在您的管辖范围内。")
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


class DashboardView(PermissionRequiredSomewhere, TemplateView):
    """任务督办: by department (on-time rate, overdue, returned), by notice, upcoming deadlines."""

    permission = "obligation.dashboard"
    page_permissions = {"can_review": "occurrence.review"}
    template_name = "duties/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = selectors.by_department(self.access)
        notices = selectors.by_notice(self.access)
        context.update(
            departments=departments,
            notices=notices,
            **table(OCCURRENCE_LIST, selectors.upcoming(self.access)),
            chart={
                "departments": [d["department__name"] for d in departments],
                "rates": [d["rate"] if d["rate"] is not None else 0 for d in departments],
                "overdue": [d["overdue"] for d in departments],
                "returned": [d["returned"] for d in departments],
                "notices": [n["obligation__notice__title"][:24] for n in notices],
                "done": [n["done"] for n in notices],
                "open": [n["total"] - n["done"] for n in notices],
            },
        )
        return context


class NotificationListView(ScopedListView):
    """我的提醒: reminders, overdue notices and returned reports of the user's department."""

    list_spec = NOTIFICATION_LIST
    permission = "notification.view"
    template_name = "duties/notification_list.html"
