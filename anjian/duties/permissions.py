"""What each role may do with notices and obligations (the ``duties`` table of docs/roles.md).

Department staff (部门监管人员, the regulator role) report their department's progress;
inspectors see their department's tasks; 安委办 (coordinator) and administrators upload
notices, assign units and review progress; leaders see everything and the dashboard.
"""

from anjian.core.roles import Role

_VIEW = {
    "notice.view",
    "obligation.view",
    "occurrence.view",
    "progressreport.view",
    "indicator.view",
    "notification.view",
}
_GOVERN = {
    "notice.add",
    "notice.change",
    "obligation.change",
    "obligation.dashboard",
    "occurrence.review",
    "indicator.change",
}

PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: _VIEW | _GOVERN,
    Role.COORDINATOR: _VIEW | _GOVERN,
    Role.REGULATOR: _VIEW | {"occurrence.submit", "indicator.change"},
    Role.INSPECTOR: set(_VIEW),
    Role.LEADER: _VIEW | {"obligation.dashboard"},
    Role.ENTERPRISE_MANAGER: set(),
    Role.ENTERPRISE_EMPLOYEE: set(),
}
