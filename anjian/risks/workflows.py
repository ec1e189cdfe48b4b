"""The register's transition tables: a risk point is 在用 until 停用 (reassessed and given new
measures only while in use; corrected in any state), a control measure 有效 until 撤销.

Services check them (``begin``/``finish``), the detail page draws its buttons from them and
the API details list them as ``available_actions``: one copy of each rule.
"""

from __future__ import annotations

from anjian.core.workflows import Transition, Workflow
from anjian.risks.models import ControlMeasure, RiskPoint

ACTIVE = frozenset({True})
CHANGE = "riskpoint.change"

RISK_POINT_FLOW = Workflow(
    RiskPoint,
    [
        Transition("reassess", "重新评估", ACTIVE, permission=CHANGE),
        Transition("add_measure", "添加管控措施", ACTIVE, permission=CHANGE),
        Transition("update", "修改", permission=CHANGE),
        Transition("deactivate", "停用", ACTIVE, False, permission=CHANGE),
    ],
    state="is_active",
)

MEASURE_FLOW = Workflow(
    ControlMeasure,
    [Transition("remove", "撤销", ACTIVE, False, permission="controlmeasure.change")],
    state="is_active",
)
