"""Pages of the follow-up: 我的任务, a period with its progress, 进展审核, dashboard, 我的提醒."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from anjian.core.access import access_for
from anjian.core.views_base import PermissionRequiredSomewhere, ScopedListView
from anjian.duties import filters, forms, selectors
from anjian.duties.models import (
    Evidence,
    Notification,
    Occurrence,
    OccurrenceStatus,
    ProgressReport,
)
from anjian.duties.services import progress as progress_services
from anjian.duties.views_base import ActionDetailView


class OccurrenceListView(ScopedListView):
    """我的任务: the periods of the user's department (or jurisdiction), soonest first."""

    model = Occurrence
    permission = "occurrence.view"
    filterset_class = filters.OccurrenceFilterSet
    template_name = "duties/occurrence_list.html"
    partial_template_name = "duties/_occurrence_table.html"
    title = "我的任务"
    scope_action = "view"

    def get_queryset(self):
        qs = Occurrence.objects.visible_to(self.request.user, self.scope_action)
        return qs.select_related("obligation__notice", "department").order_by("due_date", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["today"] = timezone.localdate()
        return context


class ReviewQueueView(OccurrenceListView):
    """进展审核: submitted periods awaiting the coordinator."""

    permission = "occurrence.review"
    title = "进展审核"
    scope_action = "review"

    def get_queryset(self):
        return super().get_queryset().filter(status=OccurrenceStatus.SUBMITTED)


class OccurrenceDetailView(ActionDetailView):
    """One period: the task, the reports so far, and the step the user may take now."""

    model = Occurrence
    permission = "occurrence.view"
    template_name = "duties/occurrence_detail.html"
    actions = {
        "submit": "occurrence.submit",
        "accept": "occurrence.review",
        "return": "occurrence.review",
    }

    def get_queryset(self):
        return super().get_queryset().select_related("obligation__notice", "department")

    def build_form(self, name, data=None, files=None):
        if name == "submit":
            return forms.ProgressForm(data, files)
        if name == "return":
            return forms.ReturnForm(data)
        return forms.EmptyForm(data)

    def run_action(self, name, form):
        user, occurrence = self.request.user, self.object
        if name == "submit":
            progress_services.progress_submit(
                by=user,
                occurrence=occurrence,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
            return "进展已提交，等待安委办审核。"
        if name == "accept":
            progress_services.progress_accept(by=user, occurrence=occurrence)
            return "已审核通过。"
        progress_services.progress_return(
            by=user, occurrence=occurrence, reason=form.cleaned_data["reason"]
        )
        return "已退回，并通知责任单位。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, occurrence = self.request.user, self.object
        waiting = occurrence.status in {OccurrenceStatus.OPEN, OccurrenceStatus.RETURNED}
        can_submit = waiting and (
            Occurrence.objects.visible_to(user, "submit").filter(pk=occurrence.pk).exists()
        )
        can_review = occurrence.status == OccurrenceStatus.SUBMITTED and (
            Occurrence.objects.visible_to(user, "review").filter(pk=occurrence.pk).exists()
        )
        reports = (
            ProgressReport.objects.visible_to(user)
            .filter(occurrence=occurrence)
            .select_related("reported_by", "decided_by")
            .prefetch_related("evidence")
        )
        context.update(
            reports=reports,
            can_submit=can_submit,
            can_review=can_review,
            submit_form=kwargs.get("submit_form") or (forms.ProgressForm() if can_submit else None),
            return_form=kwargs.get("return_form") or (forms.ReturnForm() if can_review else None),
        )
        return context


class EvidenceDownloadView(PermissionRequiredSomewhere, TemplateView):
    """An evidence file, for those who may see its report."""

    permission = "progressreport.view"

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence, pk=pk)
        reports = ProgressReport.objects.visible_to(request.user)
        if not reports.filter(pk=evidence.report_id).exists():
            raise Http404("文件不存在或不在您的管辖范围内。")
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


class DashboardView(PermissionRequiredSomewhere, TemplateView):
    """任务督办: by department (on-time rate, overdue, returned), by notice, upcoming deadlines."""

    permission = "obligation.dashboard"
    template_name = "duties/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        departments = selectors.by_department(access_for(user))
        notices = selectors.by_notice(access_for(user))
        context.update(
            departments=departments,
            notices=notices,
            upcoming=list(selectors.upcoming(access_for(user))),
            chart={
                "departments": [d["department__name"] for d in departments],
                "rates": [d["rate"] if d["rate"] is not None else 0 for d in departments],
                "overdue": [d["overdue"] for d in departments],
                "returned": [d["returned"] for d in departments],
                "notices": [n["obligation__notice__title"][:24] for n in notices],
                "done": [n["done"] for n in notices],
                "open": [n["total"] - n["done"] for n in notices],
            },
            can_review=access_for(user).holds("occurrence.review"),
        )
        return context


class NotificationListView(ScopedListView):
    """我的提醒: reminders, overdue notices and returned reports of the user's department."""

    model = Notification
    permission = "notification.view"
    filterset_class = filters.NotificationFilterSet
    template_name = "duties/notification_list.html"
    partial_template_name = "duties/_notification_table.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("department", "occurrence__obligation")
            .order_by("-created_at", "-id")
        )
