"""The duties transition table: a period's progress, submitted by the responsible
department's staff, then accepted or returned (with a reason) by the coordinator.

Services frame each step with ``OCCURRENCE_FLOW.begin``/``finish`` (whose hook decides the
report awaiting review); the period's page draws its forms from ``available`` and the API
detail lists the same as ``available_actions``. Notices and obligations have no states of
their own: mapping a unit name, assigning departments and recording an indicator are checked
on the row's scope.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from anjian.core.errors import TransitionNotAllowed
from anjian.core.services.common import update_audited
from anjian.core.workflows import Transition, Workflow
from anjian.duties.models import WAITING, Occurrence, OccurrenceStatus, ProgressDecision

S = OccurrenceStatus
REVIEW_REFUSAL = "只有安委办协调员可以审核进展。"
DECISION_OF = {"accept": ProgressDecision.ACCEPTED, "return": ProgressDecision.RETURNED}


def record_decision(by: Any, row: Occurrence, transition: Transition, previous: str, note: str):
    """Accepting or returning a period decides its report awaiting review (``note``: the
    reason it was returned), audited."""
    if transition.action not in DECISION_OF:
        return
    report = row.reports.filter(decision=ProgressDecision.PENDING).order_by("-id").first()
    if report is None:  # pragma: no cover - a submitted period always has a pending report
        raise TransitionNotAllowed("没有待审核的进展报告。")
    decision = DECISION_OF[transition.action]
    changes = {"decision": decision, "decided_by": by, "decided_at": timezone.now(), "reason": note}
    update_audited(
        check_scope=False,
        by=by,
        obj=report,
        changes=changes,
        action=f"progress.{transition.action}",
    )


OCCURRENCE_FLOW = Workflow(
    Occurrence,
    [
        Transition(
            "submit",
            "提交进展",
            WAITING,
            S.SUBMITTED,
            permission="occurrence.submit",
            refusal="只有该任务责任单位的工作人员可以提交进展。",
        ),
        Transition(
            "accept",
            "审核通过",
            frozenset({S.SUBMITTED}),
            S.ACCEPTED,
            permission="occurrence.review",
            refusal=REVIEW_REFUSAL,
        ),
        Transition(
            "return",
            "退回",
            frozenset({S.SUBMITTED}),
            S.RETURNED,
            permission="occurrence.review",
            refusal=REVIEW_REFUSAL,
        ),
    ],
    on_step=record_decision,
)
