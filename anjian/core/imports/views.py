"""The import pages every spec gets: upload → preview → confirm, the template, job progress.

``import_urls(spec)`` gives an app the two routes (``<model>_import`` and
``<model>_import_template``); the progress page of background jobs is core's
``import_job``. One view class and one template serve every model.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.module_loading import import_string
from django.views import View

from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.imports import jobs
from anjian.core.imports.cells import FILE, RowError
from anjian.core.imports.pipeline import preview, read
from anjian.core.imports.result import summary
from anjian.core.imports.spec import ImportSpec
from anjian.core.imports.workbook import template_response
from anjian.core.models import ImportJob, ImportJobStatus
from anjian.core.views_base import PermissionRequiredSomewhere


class SpecViewMixin(PermissionRequiredSomewhere):
    """A page of one import spec: the spec's import permission is required."""

    spec: ImportSpec[Any] | None = None  # as_view(spec=...): see import_urls

    @property
    def import_spec(self) -> ImportSpec[Any]:
        if self.spec is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs as_view(spec=...)")
        return self.spec

    @property
    def permission(self) -> str:  # type: ignore[override]
        return self.import_spec.permission


class SpreadsheetImportView(SpecViewMixin, View):
    """Upload an .xlsx; see every error, or the rows to be written; confirm to write them.

    Nothing is written before the confirmation, and then all rows or none. A file of more
    rows than ANJIAN_IMPORT_BACKGROUND_ROWS is written by a background job whose progress
    page the confirmation leads to; smaller files are written at once.
    """

    template_name = "core/import.html"

    def render(self, **context: Any) -> HttpResponse:
        spec = self.import_spec
        context |= {
            "spec": spec,
            "title": f"批量导入{spec.verbose_name}",
            "urls": spec.url_names,
            "max_rows": settings.ANJIAN_MAX_IMPORT_ROWS,
            "background_rows": settings.ANJIAN_IMPORT_BACKGROUND_ROWS,
            "hint": spec.page_hint,
        }
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render()

    def post(self, request: HttpRequest) -> HttpResponse:
        if "job" in request.POST:
            return self.confirm(request)
        spec, by = self.import_spec, jobs.signed_in(request.user)
        upload = request.FILES.get("file")
        filename = getattr(upload, "name", "")
        sheets, errors = read(spec, upload)
        if errors or upload is None:  # a missing file is among the errors
            return self.render(errors=errors, filename=filename)
        result = preview(spec, by=by, sheets=sheets)
        if not result.ok:
            return self.render(errors=result.errors, filename=filename)
        job = jobs.import_job_stash(by=by, spec=spec, file=upload, total_rows=result.total)
        background = jobs.in_background(result.total)
        return self.render(result=result, job=job, filename=filename, background=background)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        spec, by = self.import_spec, jobs.signed_in(request.user)
        job = get_object_or_404(
            ImportJob,
            pk=request.POST.get("job") or 0,
            created_by=by,
            spec=spec.path(),
        )
        try:
            job, result = jobs.import_job_confirm(by=by, job=job)
        except (TransitionNotAllowed, PermissionDenied) as error:
            return self.render(errors=[RowError(None, FILE, " ".join(_messages(error)))])
        if result is None:
            return HttpResponseRedirect(reverse("core:import_job", args=[job.pk]))
        if not result.ok:
            return self.render(errors=result.errors, filename=job.filename)
        messages.success(request, result.summary(spec.unit))
        return HttpResponseRedirect(reverse(spec.url_names["list"]))


def _messages(error: Exception) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])


class ImportTemplateView(SpecViewMixin, View):
    """The import template: headers, an example row and the values this user may use."""

    def get(self, request: HttpRequest) -> FileResponse:
        return template_response(self.import_spec, jobs.signed_in(request.user))


class ImportJobView(PermissionRequiredSomewhere, View):
    """A background import's progress (polled by HTMX every 2 s) and then its result."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(jobs.import_jobs_for(request.user), pk=pk)
        spec: ImportSpec[Any] = import_string(job.spec)()
        context = {
            "job": job,
            "spec": spec,
            "urls": spec.url_names,
            "errors": jobs.job_errors(job),
            "summary": _summary(job, spec),
        }
        partial = getattr(request, "htmx", False)
        template = "core/_import_job.html" if partial else "core/import_job.html"
        return render(request, template, context)


def _summary(job: ImportJob, spec: ImportSpec[Any]) -> str:
    return summary(job.result, spec.unit) if job.status == ImportJobStatus.DONE else ""


def import_urls(spec: ImportSpec[Any], prefix: str = "") -> list[URLPattern]:
    """The spec's page routes: ``<prefix>import/`` and ``<prefix>import/template/``."""
    return [
        path(
            f"{prefix}import/",
            SpreadsheetImportView.as_view(spec=spec),
            name=f"{spec.name}_import",
        ),
        path(
            f"{prefix}import/template/",
            ImportTemplateView.as_view(spec=spec),
            name=f"{spec.name}_import_template",
        ),
    ]
