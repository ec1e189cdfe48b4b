"""Big imports run as background jobs: progress, result, the progress page and who sees a job."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from anjian.core import audit, tasks
from anjian.core.imports import jobs, pipeline
from anjian.core.models import AuditEvent, Enterprise, ImportJob
from anjian.core.tests.factories import RoleAssignmentFactory, UserFactory
from anjian.core.tests.test_enterprise_import import IMPORT_URL, good_row, upload

API_IMPORT_URL = "/api/enterprises/import/"


@pytest.fixture
def small_threshold(settings):
    settings.ANJIAN_IMPORT_BACKGROUND_ROWS = 2


def submit(user, rows) -> dict:
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(API_IMPORT_URL, {"file": upload(rows)}, format="multipart")
    assert response.status_code == 202, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
def test_background_job_runs_and_reports_progress_and_result(world, small_threshold, monkeypatch):
    monkeypatch.setattr(pipeline, "PROGRESS_EVERY", 1)
    seen_while_running = []
    real_write = jobs.write

    def write_and_look(plan):
        job = ImportJob.objects.get()
        seen_while_running.append((job.status, job.processed_rows, job.total_rows))
        return real_write(plan)

    monkeypatch.setattr(jobs, "write", write_and_look)
    coordinator = world.user("coordinator")
    rows = [good_row(world) for _ in range(3)]

    queued = submit(coordinator, rows)

    assert queued["status"] == "queued" and queued["total_rows"] == 3
    assert queued["url"] == f"/api/import-jobs/{queued['job']}/"
    assert tasks.wait(60), "the background import did not finish"
    assert seen_while_running == [("running", 3, 3)]  # every row checked before writing
    api = APIClient()
    api.force_authenticate(coordinator)
    job = api.get(queued["url"]).json()
    assert job["status"] == "done" and job["status_display"] == "已完成"
    assert (job["processed_rows"], job["total_rows"]) == (3, 3)
    assert job["result"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert job["started_at"] and job["finished_at"]
    codes = [r["统一社会信用代码"] for r in rows]
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 3
    assert AuditEvent.objects.filter(action="enterprise.create").count() == 3
    assert audit.verify_chain().ok


def test_a_failed_background_job_records_every_error_and_writes_nothing(world, small_threshold):
    rows = [good_row(world), good_row(world, 企业规模="超大型"), good_row(world, 属地="无此镇")]
    queued = submit(world.user("coordinator"), rows)  # on commit: not yet started in this test

    jobs.import_job_run(job_id=queued["job"])

    job = ImportJob.objects.get(pk=queued["job"])
    assert job.status == "failed" and job.finished
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "企业规模"), (4, "属地")]
    assert not Enterprise.objects.filter(credit_code=rows[0]["统一社会信用代码"]).exists()
    jobs.import_job_run(job_id=queued["job"])  # run twice: a finished job is left alone
    assert ImportJob.objects.get(pk=queued["job"]).result == job.result


def test_big_file_confirmed_on_the_page_leads_to_a_polling_progress_page(
    client, world, small_threshold
):
    client.force_login(world.user("coordinator"))
    preview = client.post(IMPORT_URL, {"file": upload([good_row(world) for _ in range(3)])})
    assert "确认后将在后台导入" in preview.content.decode()

    confirmed = client.post(IMPORT_URL, {"job": preview.context["job"].pk})

    job = ImportJob.objects.get(pk=preview.context["job"].pk)
    assert job.status == "queued"
    assert confirmed["Location"] == f"/imports/{job.pk}/"
    waiting = client.get(confirmed["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "排队中" in waiting
    jobs.import_job_run(job_id=job.pk)
    done = client.get(confirmed["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "已导入3家单位。" in done
    assert "<html" not in done  # the partial only


def test_an_import_job_is_seen_by_its_importer_and_their_supervisors_only(world, small_threshold):
    outsider = UserFactory(username="coord_b", region=world.county_b)
    RoleAssignmentFactory(user=outsider, role="coordinator", region=world.county_b)
    queued = submit(world.user("regulator"), [good_row(world) for _ in range(3)])
    api = APIClient()
    for user, expected in [
        (world.user("regulator"), 200),  # the importer
        (world.user("coordinator"), 200),  # the county's coordinator sees the county's staff
        (world.user("leader"), 200),
        (world.user("inspector"), 404),  # a colleague without user.view
        (world.user("enterprise_manager"), 404),
        (outsider, 404),  # another county
    ]:
        api.force_authenticate(user)
        assert api.get(queued["url"]).status_code == expected, user.username
    api.force_authenticate(None)
    assert api.get(queued["url"]).status_code in (401, 403)
