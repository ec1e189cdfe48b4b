"""Import jobs: a checked upload kept until its importer confirms it, and big files run in
the background with their progress recorded.

A job is bookkeeping (who sent which file, how far it got, what it wrote or why not); the
rows it writes are audited through the import itself. Who sees a job: its importer, and
whoever may see the importer's account (``user.view`` over the importer's home region,
department or enterprise): their supervisors.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from anjian.core import tasks
from anjian.core.access import access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.imports.cells import FILE, RowError
from anjian.core.imports.pipeline import check
from anjian.core.imports.result import ImportResult
from anjian.core.imports.spec import ImportSpec
from anjian.core.imports.writer import write
from anjian.core.models import ImportJob, ImportJobStatus, Region, User

log = logging.getLogger(__name__)
RUN_TASK = "anjian.core.imports.jobs.import_job_run"
INTERNAL_ERROR = "导入时发生内部错误，未导入任何数据，请稍后重试或联系管理员。"


def home_region(user: User) -> Region | None:
    """Where a user's work is filed: their region, else their department's or enterprise's."""
    region: Region | None = None  # ``ref`` fields read as Any
    if user.region_id:
        region = user.region
    elif user.department_id:
        region = user.department.region
    elif user.enterprise_id:
        region = user.enterprise.region
    return region


def signed_in(user: User | AnonymousUser) -> User:
    """The request's user on a page or endpoint that requires signing in (anyone else was
    sent to log in, or answered 401, before the view ran)."""
    if not isinstance(user, User):
        raise PermissionDenied("请先登录。")
    return user


def import_jobs_for(user: User | AnonymousUser | None) -> QuerySet[ImportJob]:
    """The jobs ``user`` may see: their own, and those of the people they supervise."""
    access = access_for(user)
    jobs = ImportJob.objects.select_related("created_by")
    if access.unrestricted:
        return jobs
    if not access.is_active:
        return jobs.none()
    reach = access.reach(ImportJob, "user.view")
    if reach is None:  # no limit: only for the unrestricted, answered above
        return jobs
    return jobs.filter(Q(created_by=user) | reach)


def in_background(total_rows: int) -> bool:
    """Files of more rows than ANJIAN_IMPORT_BACKGROUND_ROWS are written by a background job."""
    return total_rows > settings.ANJIAN_IMPORT_BACKGROUND_ROWS


@transaction.atomic
def import_job_stash(
    *, by: User, spec: ImportSpec[Any], file: File[bytes], total_rows: int
) -> ImportJob:
    """Keep a checked upload until its importer confirms it; their older stash of it goes."""
    for old in ImportJob.objects.filter(
        created_by=by, spec=spec.path(), status=ImportJobStatus.PENDING
    ):
        old.file.delete(save=False)
        old.delete()
    job = ImportJob(
        spec=spec.path(),
        created_by=by,
        region=home_region(by),
        filename=(getattr(file, "name", "") or "")[:255],
        total_rows=total_rows,
    )
    file.seek(0)
    job.file.save(f"{uuid.uuid4().hex}.xlsx", file, save=False)
    job.save()
    return job


@transaction.atomic
def import_job_submit(
    *, by: User, spec: ImportSpec[Any], file: File[bytes], total_rows: int
) -> ImportJob:
    """Queue a file for a background import at once (the API's big files: no preview step)."""
    job = import_job_stash(by=by, spec=spec, file=file, total_rows=total_rows)
    job.status = ImportJobStatus.QUEUED
    job.save(update_fields=["status"])
    tasks.enqueue(RUN_TASK, job_id=job.pk)
    return job


def import_job_confirm(*, by: User, job: ImportJob) -> tuple[ImportJob, ImportResult | None]:
    """Write a stashed upload: at once when small (with its result), else queued."""
    if job.created_by_id != getattr(by, "pk", None):
        raise PermissionDenied("只有上传该文件的用户可以确认导入。")
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportJobStatus.PENDING:
            raise TransitionNotAllowed("该导入已确认过，请勿重复提交。")
        background = in_background(locked.total_rows)
        locked.status = ImportJobStatus.QUEUED if background else ImportJobStatus.RUNNING
        locked.started_at = None if background else timezone.now()
        locked.save(update_fields=["status", "started_at"])
        if background:
            tasks.enqueue(RUN_TASK, job_id=locked.pk)
            return locked, None
    return locked, _execute(locked)


def import_job_run(*, job_id: int) -> None:
    """The background task: claim a queued job and run it, recording progress and result."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportJobStatus.QUEUED:
            return
        job.status, job.started_at = ImportJobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    _execute(job)


def _execute(job: ImportJob) -> ImportResult:
    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        spec: ImportSpec[Any] = import_string(job.spec)()
        with job.file.open("rb") as f:
            plan = check(spec, by=job.created_by, file=f, progress=progress)
            result = write(plan)
        job.total_rows = plan.total or job.total_rows
    except PermissionDenied as error:
        result = ImportResult(errors=[RowError(None, FILE, str(error))])
    except Exception:
        log.exception("import job %s failed", job.pk)
        result = ImportResult(errors=[RowError(None, FILE, INTERNAL_ERROR)])
    job.processed_rows = job.total_rows
    job.status = ImportJobStatus.DONE if result.ok else ImportJobStatus.FAILED
    job.result = result.counts() if result.ok else {"errors": [e.as_dict() for e in result.errors]}
    job.finished_at = timezone.now()
    job.save(update_fields=["total_rows", "processed_rows", "status", "result", "finished_at"])
    return result


def job_errors(job: ImportJob) -> list[RowError]:
    """A finished job's problems as ``RowError`` (for the page's error table)."""
    return [RowError(**e) for e in (job.result or {}).get("errors", [])]
