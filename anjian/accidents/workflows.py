"""The accidents app's transition tables: which step, from which state, by whom, when.

Services check them (``begin``, and ``finish`` where the row has a state column), the
detail pages draw their buttons from them and the API details list them as
``available_actions``: one copy of each rule.

An accident, a warning's answer and a 曝光台 entry have no state column: what they allow
follows from their facts (the reports made so far, the investigation, the answer times,
the withdrawal), so their steps carry guards instead of source states.
"""

from __future__ import annotations

from anjian.accidents.models import (
    Accident,
    EnterpriseSanction,
    Investigation,
    InvestigationStatus,
    Publication,
    SanctionStatus,
    SupervisionTask,
    TaskStatus,
    WarningAcknowledgement,
)
from anjian.core.workflows import Transition, Workflow

# ---- 曝光台 ----------------------------------------------------------------------------------

PUBLICATION_FLOW = Workflow(
    Publication,
    [
        Transition(
            "withdraw",
            "从曝光台撤回",
            permission="publication.change",
            guard=lambda entry: "该条已撤回。" if entry.is_withdrawn else None,
        ),
        Transition(
            "republish",
            "重新发布",
            permission="publication.change",
            guard=lambda entry: None if entry.is_withdrawn else "该事故已在曝光台发布。",
        ),
    ],
    state=None,
)

# ---- the accident ----------------------------------------------------------------------------


def _chain_open(accident: Accident) -> str | None:
    return None if accident.next_report_level else "已报至国务院有关部门，没有更高的报告层级。"


def _not_investigated(accident: Accident) -> str | None:
    return "该事故已成立调查组。" if getattr(accident, "investigation", None) else None


def _has_enterprise(accident: Accident) -> str | None:
    return None if accident.enterprise_id else "该事故没有事故单位。"


def _not_published(accident: Accident) -> str | None:
    entry = getattr(accident, "publication", None)
    return None if entry is None else PUBLICATION_FLOW.blocked(entry, "republish")


ACCIDENT_FLOW = Workflow(
    Accident,
    [
        Transition("update_figures", "补报伤亡/损失", permission="accident.change"),
        Transition(
            "report_upward", "登记逐级上报", permission="accident.change", guard=_chain_open
        ),
        Transition("update", "修改信息", permission="accident.change"),
        Transition(
            "override_grade",
            "认定等级",
            permission="accident.override",
            refusal="只有安委办可以认定事故等级。",
        ),
        Transition(
            "investigate", "成立调查组", permission="investigation.add", guard=_not_investigated
        ),
        Transition("warn", "发布同行业警示", permission="industrywarning.add"),
        Transition(
            "sanction", "登记处置措施", permission="enterprisesanction.add", guard=_has_enterprise
        ),
        Transition("publish", "发布到曝光台", permission="publication.add", guard=_not_published),
    ],
    state=None,
)

# ---- the investigation -----------------------------------------------------------------------

S = InvestigationStatus
UNCLOSED = frozenset({S.OPEN, S.REPORTED, S.REPLIED})


def _four_nots(investigation: Investigation) -> str | None:
    """四不放过: every item must hold before the case closes."""
    missing = "、".join(label for label, done in investigation.checklist() if not done)
    return f"“四不放过”未完成，不能结案：{missing}。" if missing else None


def _investigation_step(action: str, label: str, sources=UNCLOSED, target=None, **kw):
    return Transition(
        action,
        label,
        None if sources is None else frozenset(sources),
        target,
        permission="investigation.change",
        refusal="您没有办理该事故调查的权限。",
        **kw,
    )


INVESTIGATION_FLOW = Workflow(
    Investigation,
    [
        _investigation_step("update", "修改调查组和事故原因"),
        _investigation_step("finding", "登记责任认定"),
        _investigation_step("measure", "登记整改措施"),
        _investigation_step("checklist", "“四不放过”核查"),
        _investigation_step("submit_report", "提交调查报告", {S.OPEN}, S.REPORTED),
        _investigation_step("reply", "登记批复（须先提交调查报告）", {S.REPORTED}, S.REPLIED),
        _investigation_step(
            "close", "结案（须在调查报告批复后）", {S.REPLIED}, S.CLOSED, guard=_four_nots
        ),
        # A measure may be marked done at any time, also once the case is closed.
        _investigation_step("complete_measure", "完成整改措施", sources=None),
    ],
)

# ---- what follows ----------------------------------------------------------------------------

TASK_FLOW = Workflow(
    SupervisionTask,
    [
        Transition(
            "close",
            "办结",
            frozenset({TaskStatus.OPEN}),
            TaskStatus.CLOSED,
            permission="supervisiontask.change",
            refusal="只有安委办可以办结专项督导任务。",
        ),
    ],
)


def _inspectable(answer: WarningAcknowledgement) -> str | None:
    if not answer.is_acknowledged:
        return "请先确认收到警示，再登记自查情况。"
    return "已登记自查情况。" if answer.is_inspected else None


ACKNOWLEDGEMENT_FLOW = Workflow(
    WarningAcknowledgement,
    [
        Transition(
            "acknowledge",
            "确认收到警示",
            permission="warningacknowledgement.change",
            refusal="只有收到警示的单位可以确认。",
            guard=lambda answer: "已确认收到该警示。" if answer.is_acknowledged else None,
        ),
        Transition(
            "self_inspection",
            "登记自查情况",
            permission="warningacknowledgement.change",
            refusal="只有收到警示的单位可以登记自查情况。",
            guard=_inspectable,
        ),
    ],
    state=None,
)


def _reopening(sanction: EnterpriseSanction) -> str | None:
    if sanction.needs_reopening_check:
        return None
    return "撤销标准化等级没有复工复产核查，企业须在期满后重新申请定级。"


def _reopening_complete(sanction: EnterpriseSanction) -> str | None:
    missing = sanction.unchecked_items
    return _reopening(sanction) or (
        "复工复产核查未完成：" + "；".join(missing) + "。" if missing else None
    )


ACTIVE = frozenset({SanctionStatus.ACTIVE})

SANCTION_FLOW = Workflow(
    EnterpriseSanction,
    [
        Transition(
            "check_item",
            "复工复产核查",
            ACTIVE,
            permission="enterprisesanction.change",
            guard=_reopening,
        ),
        Transition(
            "lift",
            "批准复工复产",
            ACTIVE,
            SanctionStatus.LIFTED,
            permission="enterprisesanction.change",
            guard=_reopening_complete,
        ),
    ],
)
