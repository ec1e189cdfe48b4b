"""What each role may do with accidents (rendered as the ``accidents`` table of docs/roles.md)."""

from anjian.core.roles import Role

_VIEW = {
    "accident.view",
    "investigation.view",
    "supervisiontask.view",
    "industrywarning.view",
    "warningacknowledgement.view",
    "enterprisesanction.view",
    "publication.view",
}
_MANAGE = {
    "accident.add",
    "accident.change",
    "investigation.add",
    "investigation.change",
    "industrywarning.add",
    "enterprisesanction.add",
    "enterprisesanction.change",
}
# 安委办 (and administrators) also override a grade, close supervision tasks and run 曝光台.
_GOVERN = {"accident.override", "supervisiontask.change", "publication.add", "publication.change"}

PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: _VIEW | _MANAGE | _GOVERN,
    Role.COORDINATOR: _VIEW | _MANAGE | _GOVERN,
    Role.REGULATOR: _VIEW | _MANAGE,
    Role.INSPECTOR: set(_VIEW),
    Role.LEADER: set(_VIEW),
    # An enterprise reports its own accidents, answers warnings, and sees its sanctions.
    Role.ENTERPRISE_MANAGER: {
        "accident.view",
        "accident.add",
        "warningacknowledgement.view",
        "warningacknowledgement.change",
        "enterprisesanction.view",
    },
    Role.ENTERPRISE_EMPLOYEE: set(),
}
