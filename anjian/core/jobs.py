"""Scheduled jobs: apps register them; ``anjian jobs run`` runs those that are due.

In the embedded mode one process (`anjian jobs run`, started by `make run`) runs the due
jobs every minute; a scaled deployment can call the same ``run_due`` from Celery beat.
Each job is a plain function ``fn(now) -> str`` that does its work through services and
returns a one-line summary; it must be safe to run twice (idempotent), because a crash
between its work and the bookkeeping below runs it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from anjian.core.models import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A registered job: run ``fn`` at most once every ``every``."""

    name: str
    every: dt.timedelta
    fn: Callable[[dt.datetime], str]


REGISTRY: dict[str, Job] = {}


def register(name: str, every: dt.timedelta, fn: Callable[[dt.datetime], str]) -> None:
    """Register a scheduled job (apps call this in ``AppConfig.ready``)."""
    REGISTRY[name] = Job(name, every, fn)


def _is_due(job: Job, run: JobRun | None, now: dt.datetime) -> bool:
    return run is None or run.last_started_at is None or now - run.last_started_at >= job.every


def run_due(now: dt.datetime | None = None, *, force: bool = False) -> list[str]:
    """Run every job that is due (or all with ``force``); return one summary line per job run."""
    now = now or timezone.now()
    lines = []
    for job in REGISTRY.values():
        with transaction.atomic():
            run, _ = JobRun.objects.select_for_update().get_or_create(name=job.name)
            if not force and not _is_due(job, run, now):
                continue
            run.last_started_at = now
            run.save(update_fields=["last_started_at"])
        try:
            result = job.fn(now)
            error = ""
        except Exception:  # a failing job must not stop the others; it is recorded and retried
            result, error = "", traceback.format_exc()
            log.exception("scheduled job %s failed", job.name)
        JobRun.objects.filter(pk=run.pk).update(
            last_finished_at=timezone.now(), last_result=result[:2000], last_error=error[-4000:]
        )
        lines.append(f"{job.name}: {'FAILED' if error else result}")
    return lines
