"""Uploading a notice: all or nothing, with a clear reason for a bad file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.core.errors import PermissionDenied
from anjian.core.models import AuditEvent
from anjian.duties.models import Notice, NoticeItem, Obligation, Occurrence
from anjian.duties.services.notices import notice_upload
from anjian.duties.tests.conftest import NOTICE_TEXT, notice_file

pytestmark = pytest.mark.django_db


def stored_files():
    try:
        _dirs, files = default_storage.listdir("duties/notices/2025")
    except FileNotFoundError:
        return []
    return files


def nothing_stored(before_files):
    assert not Notice.objects.exists()
    assert not NoticeItem.objects.exists()
    assert not Obligation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="notice").exists()
    assert stored_files() == before_files


def test_upload_stores_items_obligations_occurrences_and_audits(world):
    notice = notice_upload(by=world.user("coordinator"), region=world.county_a, file=notice_file())
    assert notice.title == "甲县人民政府关于做好2025年安全生产工作的通知"
    assert notice.doc_number == "甲政发〔2025〕1号" and notice.year == 2025
    assert notice.items.count() == 8 and notice.obligations.count() == 5
    assert Occurrence.objects.filter(obligation__notice=notice).exists()
    assert AuditEvent.objects.filter(action="notice.upload", object_id=str(notice.pk)).exists()
    assert notice.source_file.read().decode("utf-8") == NOTICE_TEXT


@pytest.mark.parametrize(
    ("upload", "needle"),
    [
        (SimpleUploadedFile("notice.doc", b"\xd0\xcf\x11\xe0 old word"), "文件类型不支持"),
        (SimpleUploadedFile("notice.pdf", b"not a pdf at all"), "内容不是PDF"),
        (SimpleUploadedFile("notice.txt", b""), "空文件"),
        (SimpleUploadedFile("notice.docx", b"PK\x03\x04broken zip"), "无法读取"),
        (SimpleUploadedFile("notice.txt", "只有一段话，没有编号的任务。".encode()), "没有找到编号"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_nothing_is_stored(world, upload, needle):
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        notice_upload(by=world.user("coordinator"), region=world.county_a, file=upload)
    assert needle in " ".join(error.value.messages)
    nothing_stored(before)


def test_a_failure_after_the_file_was_written_removes_it(world, monkeypatch):
    from anjian.duties.services import notices

    def boom(**kwargs):
        raise RuntimeError("disk full")

    before = stored_files()
    monkeypatch.setattr(notices, "_create_obligation", boom)
    with pytest.raises(RuntimeError):
        notice_upload(by=world.user("coordinator"), region=world.county_a, file=notice_file())
    nothing_stored(before)


def test_the_same_file_twice_is_refused(duties):
    w = duties.world
    with pytest.raises(ValidationError, match="已上传过"):
        notice_upload(by=w.user("coordinator"), region=w.county_a, file=notice_file())
    assert Notice.objects.count() == 1


@pytest.mark.parametrize("role", ["regulator", "inspector", "leader", "enterprise_manager"])
def test_only_coordinators_upload(world, role):
    with pytest.raises(PermissionDenied):
        notice_upload(by=world.user(role), region=world.county_a, file=notice_file())
    assert not Notice.objects.exists()


def test_uploading_for_a_region_outside_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        notice_upload(by=world.user("coordinator"), region=world.county_b, file=notice_file())
    assert not Notice.objects.exists()


def test_a_work_year_override_moves_deadlines_into_that_year(world):
    notice = notice_upload(by=None, region=world.county_a, file=notice_file(), year=2026)
    dues = set(
        Occurrence.objects.filter(obligation__notice=notice).values_list("due_date", flat=True)
    )
    assert {d.year for d in dues} == {2026}
