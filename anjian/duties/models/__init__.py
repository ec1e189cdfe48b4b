"""Tables of the duties app: notices and their items, obligations, occurrences, progress."""

from anjian.duties.models.notices import Notice, NoticeItem, NoticeStatus
from anjian.duties.models.obligations import (
    Indicator,
    IndicatorValue,
    Obligation,
    ObligationUnit,
    UnitRole,
)
from anjian.duties.models.tracking import (
    WAITING,
    Evidence,
    Notification,
    NotificationKind,
    Occurrence,
    OccurrenceStatus,
    ProgressDecision,
    ProgressReport,
)

__all__ = [
    "WAITING",
    "Evidence",
    "Indicator",
    "IndicatorValue",
    "Notice",
    "NoticeItem",
    "NoticeStatus",
    "Notification",
    "NotificationKind",
    "Obligation",
    "ObligationUnit",
    "Occurrence",
    "OccurrenceStatus",
    "ProgressDecision",
    "ProgressReport",
    "UnitRole",
]
