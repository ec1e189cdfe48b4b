"""What each role may do with hazards (rendered as the ``hazards`` table of docs/roles.md).

Who verifies and closes a given hazard is narrower than ``hazard.verify``: the service
also checks the hazard's authority (enterprise for its own general findings, the
supervising department otherwise, the listing level for a listed one).
"""

from anjian.core.roles import Role

_VIEW = {
    "hazard.view",
    "hazardphoto.view",
    "hazardevent.view",
    "deadlineextension.view",
    "hazardlisting.view",
    "hazardnotification.view",
}
_REGULATE = {
    "hazard.add",
    "hazard.assign",
    "hazard.verify",
    "hazard.doublereport",
    "hazardphoto.add",
    "deadlineextension.change",
}
_LIST = {"hazardlisting.add", "hazardlisting.change"}

# 群众举报: the government of the report's region handles it; enterprises never see reports.
# The reporter's contact (publicreport.contact) is for the handlers who may need to call
# back, not for the platform's technical administrators (举报人信息保密).
_REPORTS_READ = {"publicreport.view"}
_REPORTS_HANDLE = _REPORTS_READ | {
    "publicreport.change",
    "publicreport.contact",
    "publicreport.reward",
}

PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: _VIEW | _REGULATE | _LIST | _REPORTS_READ | {"publicreport.change"},
    Role.COORDINATOR: _VIEW | _REGULATE | _LIST | _REPORTS_HANDLE,
    Role.REGULATOR: _VIEW | _REGULATE | _REPORTS_HANDLE,
    Role.INSPECTOR: _VIEW | {"hazard.add", "hazard.assign", "hazard.verify", "hazardphoto.add"},
    # 领导检查: a leader records what they found, and reads everything else.
    Role.LEADER: _VIEW | {"hazard.add", "hazardphoto.add"} | _REPORTS_READ,
    # The enterprise runs its own ledger: finds, assigns, rectifies, reports, asks for time.
    Role.ENTERPRISE_MANAGER: _VIEW
    | {
        "hazard.add",
        "hazard.assign",
        "hazard.rectify",
        "hazard.verify",
        "hazard.doublereport",
        "hazardphoto.add",
        "deadlineextension.add",
        "deadlineextension.change",
    },
    # 随手拍: an employee reports what they see and follows their enterprise's hazards.
    Role.ENTERPRISE_EMPLOYEE: {"hazard.view", "hazard.add", "hazardphoto.view", "hazardphoto.add"},
}
