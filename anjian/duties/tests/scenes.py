"""Objects in county A (inside) and county B (outside) for the duties scope tests."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.duties.models import Evidence, Notice, Obligation, Occurrence
from anjian.duties.services import progress

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
# Names of county-B objects: no page or answer may show any of them to a county-A user.
OUTSIDE_NAMES = ["乙县人民政府关于", "乙县应急管理局", "乙一镇人民政府", "乙县住建局"]


@dataclass
class Side:
    notice: Notice
    obligation: Obligation
    occurrence: Occurrence  # task 1, first half, submitted with evidence
    returned: Occurrence  # task 1, second half, returned (a notification)
    evidence: Evidence


def side(notice: Notice, coordinator=None) -> Side:
    obligation = notice.obligations.get(number=1)
    first, second = obligation.occurrences.order_by("due_date")[:2]
    photo = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    report = progress.progress_submit(by=None, occurrence=first, text="已开会", files=[photo])
    progress.progress_submit(by=None, occurrence=second, text="计划中")
    progress.progress_return(by=None, occurrence=second, reason="请补充纪要")
    return Side(notice, obligation, first, second, report.evidence.get())


def build(duties, notice_b):
    return side(duties.notice), side(notice_b)
