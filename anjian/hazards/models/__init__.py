"""Hazard ledger: hazards, their photos and timeline, extensions, listings, notifications."""

from anjian.hazards.models.followup import (
    DeadlineExtension,
    ExtensionStatus,
    HazardListing,
    HazardNotification,
    HazardNotificationKind,
)
from anjian.hazards.models.hazards import (
    OPEN_STATUSES,
    DeadlineParty,
    Hazard,
    HazardEvent,
    HazardEventKind,
    HazardLevel,
    HazardPhoto,
    HazardSource,
    HazardStatus,
    PhotoStage,
)
from anjian.hazards.models.reference import HazardParameter
from anjian.hazards.models.reports import (
    PublicReport,
    PublicReportPhoto,
    PublicReportStatus,
    RewardStatus,
)

__all__ = [
    "OPEN_STATUSES",
    "DeadlineExtension",
    "DeadlineParty",
    "ExtensionStatus",
    "Hazard",
    "HazardEvent",
    "HazardEventKind",
    "HazardLevel",
    "HazardListing",
    "HazardNotification",
    "HazardNotificationKind",
    "HazardParameter",
    "HazardPhoto",
    "HazardSource",
    "HazardStatus",
    "PhotoStage",
    "PublicReport",
    "PublicReportPhoto",
    "PublicReportStatus",
    "RewardStatus",
]
