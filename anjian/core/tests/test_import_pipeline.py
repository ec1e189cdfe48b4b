"""The import pipeline's rules, on enterprises: bulk, audited, scoped, previewed, re-importable."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from anjian.core import audit
from anjian.core.imports.pipeline import preview
from anjian.core.models import AuditEvent, Enterprise, ImportJob, ImportJobStatus
from anjian.core.services.enterprise_import import ENTERPRISES, enterprise_import
from anjian.core.tests.factories import RoleAssignmentFactory, UserFactory
from anjian.core.tests.test_enterprise_import import IMPORT_URL, good_row, upload

EXPORT_URL = reverse("core:enterprise_export")


def export_file(client, user) -> io.BytesIO:
    client.force_login(user)
    content = b"".join(client.get(EXPORT_URL).streaming_content)
    return io.BytesIO(content)


def as_upload(wb, name="导出.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_bulk_import_writes_one_audit_event_per_row_and_the_chain_verifies(world):
    rows = [good_row(world, 单位名称=f"批量导入{n}号有限公司") for n in range(12)]
    events_before = AuditEvent.objects.count()

    result = enterprise_import(by=world.user("coordinator"), file=upload(rows))

    assert result.ok, result.errors
    created = Enterprise.objects.filter(credit_code__in=[r["统一社会信用代码"] for r in rows])
    events = AuditEvent.objects.filter(action="enterprise.create").order_by("seq")
    assert AuditEvent.objects.count() == events_before + 12
    assert [e.object_id for e in events.filter(seq__gt=events_before)] == [
        str(e.pk) for e in result.created
    ]
    assert {e.object_id for e in events} >= {str(e.pk) for e in created}
    assert {e.actor_id for e in events.filter(seq__gt=events_before)} == {
        world.user("coordinator").pk
    }
    report = audit.verify_chain()
    assert report.ok, report.problem
    assert mismatches(created) == []


def mismatches(objs) -> list:
    """``verify_state`` findings about these rows (the fixture's own rows are not audited)."""
    keys = {(audit.object_label(o), str(o.pk)) for o in objs}
    return [m for m in audit.verify_state() if (m.object_type, m.object_id) in keys]


def test_import_queries_do_not_grow_with_the_number_of_rows(world):
    def queries_for(n: int) -> int:
        rows = [good_row(world) for _ in range(n)]
        with CaptureQueriesContext(connection) as queries:
            assert enterprise_import(by=world.user("coordinator"), file=upload(rows)).ok
        return len(queries)

    queries_for(2)  # the first append also creates the chain's head
    few, many = queries_for(2), queries_for(40)
    # 38 more rows, at most one more batch of the bulk inserts (SQLite: 999 parameters each).
    assert few <= many <= few + 2


def test_a_row_outside_scope_is_refused_with_row_column_reason_and_nothing_is_written(world):
    # A town coordinator who, as a county leader, can see the whole county.
    importer = UserFactory(username="town_coord", region=world.town_a1)
    RoleAssignmentFactory(user=importer, role="coordinator", region=world.town_a1)
    RoleAssignmentFactory(user=importer, role="leader", region=world.county_a)
    rows = [good_row(world), good_row(world, 属地=world.town_a2.name)]
    before, events = Enterprise.objects.count(), AuditEvent.objects.count()

    result = enterprise_import(by=importer, file=upload(rows))

    reason = "不能在您的管辖范围之外新建生产经营单位。请检查属地、行业领域和行业监管部门。"
    assert [e.as_dict() for e in result.errors] == [
        {"row": 3, "column": "（整行）", "reason": reason}
    ]
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == (before, events)


def test_reimport_of_an_export_changes_nothing_and_records_nothing(client, world):
    coordinator = world.user("coordinator")
    file = SimpleUploadedFile("导出.xlsx", export_file(client, coordinator).getvalue())
    events, versions = (
        AuditEvent.objects.count(),
        dict(Enterprise.objects.values_list("pk", "version")),
    )

    result = enterprise_import(by=coordinator, file=file)

    assert result.ok, result.errors
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.count() == events
    assert dict(Enterprise.objects.values_list("pk", "version")) == versions


def test_reimport_with_a_changed_cell_updates_that_row_only(client, world):
    coordinator = world.user("coordinator")
    wb = load_workbook(export_file(client, coordinator))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    code_col, phone_col = headers.index("统一社会信用代码"), headers.index("主要负责人电话")
    for row in ws.iter_rows(min_row=2):
        if row[code_col].value == world.enterprise_a.credit_code:
            row[phone_col].value = "0351-7654321"
    events_before = AuditEvent.objects.count()

    response = client.post(IMPORT_URL, {"file": as_upload(wb)})
    assert response.status_code == 200
    [preview_row] = [r for r in response.context["result"].rows if r.action == "update"]
    assert preview_row.changed == ["主要负责人电话"]
    confirmed = client.post(IMPORT_URL, {"job": response.context["job"].pk})

    assert confirmed.status_code == 302
    page = client.get(confirmed["Location"]).content.decode()
    assert "导入完成：新建0家单位，更新1家单位，1家单位无变化。" in page
    updated = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert (updated.principal_phone, updated.version) == ("0351-7654321", 2)
    assert Enterprise.objects.get(pk=world.enterprise_a2.pk).version == 1
    [event] = AuditEvent.objects.filter(seq__gt=events_before)
    assert (event.action, event.object_id) == ("enterprise.update", str(updated.pk))
    changed = {k for k in event.after if event.after[k] != event.before.get(k)}
    assert changed == {"principal_phone", "version"}
    assert audit.verify_chain().ok and mismatches([updated]) == []


def test_a_department_cannot_hand_its_enterprise_to_another_department_by_import(client, world):
    regulator = world.user("regulator")  # 甲县应急管理局
    wb = load_workbook(export_file(client, regulator))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("行业监管部门") + 1, value=world.dept_a_other.name)
    ws.cell(row=2, column=headers.index("监管责任人") + 1, value="insp_a_other")

    result = enterprise_import(by=regulator, file=as_upload(wb))

    assert (2, "行业监管部门") in {(e.row, e.column) for e in result.errors}
    assert "须由属地安委办决定" in " ".join(e.reason for e in result.errors)
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).supervising_department == world.dept_a


def test_preview_writes_nothing_and_shows_the_rows_to_be_written(client, world):
    client.force_login(world.user("coordinator"))
    rows = [good_row(world), good_row(world, 单位名称="预览二号有限公司")]
    before, events = Enterprise.objects.count(), AuditEvent.objects.count()

    response = client.post(IMPORT_URL, {"file": upload(rows)})

    assert response.status_code == 200
    result = response.context["result"]
    assert [(r.number, r.action) for r in result.rows] == [(2, "create"), (3, "create")]
    assert result.rows[1].cells[result.headers.index("单位名称")] == "预览二号有限公司"
    body = response.content.decode()
    assert "确认导入" in body and "全部2行校验通过：将新建2家单位" in body
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == (before, events)
    job = response.context["job"]
    assert (job.status, job.total_rows, job.created_by) == ("pending", 2, world.user("coordinator"))
    assert not preview(ENTERPRISES, by=world.user("coordinator"), file=upload(rows)).errors
    assert Enterprise.objects.count() == before

    assert client.post(IMPORT_URL, {"job": job.pk}).status_code == 302
    assert Enterprise.objects.count() == before + 2
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"created": 2, "updated": 0, "unchanged": 0})
    again = client.post(IMPORT_URL, {"job": job.pk})  # a second click writes nothing more
    assert "该导入已确认过" in again.content.decode()
    assert Enterprise.objects.count() == before + 2


def test_only_the_uploader_may_confirm_a_preview(client, world):
    client.force_login(world.user("coordinator"))
    job = client.post(IMPORT_URL, {"file": upload([good_row(world)])}).context["job"]
    client.force_login(world.user("regulator"))  # may import too, but did not upload it
    assert client.post(IMPORT_URL, {"job": job.pk}).status_code == 404
    assert ImportJob.objects.get(pk=job.pk).status == ImportJobStatus.PENDING


def test_api_preview_answers_what_would_be_written_and_writes_nothing(world):
    api = APIClient()
    api.force_authenticate(world.user("coordinator"))
    rows = [good_row(world), good_row(world, 统一社会信用代码=world.enterprise_a.credit_code)]
    before = Enterprise.objects.count()

    response = api.post(
        "/api/enterprises/import/", {"file": upload(rows), "preview": "true"}, format="multipart"
    )

    assert response.status_code == 200, response.data
    data = response.json()
    assert (data["created"], data["updated"], data["unchanged"], data["total"]) == (1, 1, 0, 2)
    assert [r["action"] for r in data["rows"]] == ["create", "update"]
    assert "单位名称" in data["rows"][1]["changed"]
    assert Enterprise.objects.count() == before
    duplicate = [good_row(world, 统一社会信用代码=rows[0]["统一社会信用代码"]), rows[0]]
    response = api.post(
        "/api/enterprises/import/",
        {"file": upload(duplicate), "preview": "true"},
        format="multipart",
    )
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [
        (2, "统一社会信用代码"),
        (3, "统一社会信用代码"),
    ]
