"""What each role may do with the risk register (the ``risks`` table of docs/roles.md)."""

from anjian.core.roles import Role

_VIEW = {"riskpoint.view", "controlmeasure.view"}
_MANAGE = {
    "riskpoint.add",
    "riskpoint.change",
    "riskpoint.import",
    "controlmeasure.add",
    "controlmeasure.change",
}

PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: _VIEW | _MANAGE,
    Role.COORDINATOR: _VIEW | _MANAGE,
    Role.REGULATOR: _VIEW | _MANAGE,
    Role.INSPECTOR: set(_VIEW),
    Role.LEADER: set(_VIEW),
    # The enterprise keeps its own register (企业是风险管控的主体).
    Role.ENTERPRISE_MANAGER: _VIEW | _MANAGE,
    # 风险告知: staff see their enterprise's risks and measures, and change nothing.
    Role.ENTERPRISE_EMPLOYEE: set(_VIEW),
}
