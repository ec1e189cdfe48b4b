"""The public report's transition table: 受理, 查证属实, 不予立案, 奖励 and 查看联系方式."""

from __future__ import annotations

from anjian.core.workflows import Transition, Workflow
from anjian.hazards.models import PublicReport, PublicReportStatus, RewardStatus

S = PublicReportStatus
HANDLE_REFUSAL = "您没有处理群众举报的权限。"


def _reward_open(report: PublicReport) -> str | None:
    if report.reward_status == RewardStatus.PAID:
        return "奖励已发放，不能再变更。"
    return None


REPORT_FLOW = Workflow(
    PublicReport,
    [
        Transition(
            "accept",
            "受理",
            frozenset({S.SUBMITTED}),
            S.ACCEPTED,
            permission="publicreport.change",
            refusal=HANDLE_REFUSAL,
        ),
        Transition(
            "verify",
            "查证属实（请先受理）",
            frozenset({S.ACCEPTED}),
            S.VERIFIED,
            permission="publicreport.change",
            refusal=HANDLE_REFUSAL,
        ),
        Transition(
            "dismiss",
            "不予立案",
            frozenset({S.SUBMITTED, S.ACCEPTED}),
            S.DISMISSED,
            permission="publicreport.change",
            refusal=HANDLE_REFUSAL,
        ),
        Transition(
            "reward",
            "决定奖励（只有查证属实的举报才能奖励）",
            frozenset({S.VERIFIED}),
            permission="publicreport.reward",
            refusal="您没有决定举报奖励的权限。",
            guard=_reward_open,
        ),
        Transition(
            "contact",
            "查看举报人联系方式",
            permission="publicreport.contact",
            refusal="您没有查看举报人联系方式的权限。",
        ),
    ],
)
