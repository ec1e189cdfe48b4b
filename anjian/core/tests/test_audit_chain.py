"""The audit chain: service changes verify, and every kind of tampering is found and named."""

from __future__ import annotations

import threading
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from anjian.core import audit
from anjian.core.models import AppendOnlyError, AuditEvent, AuditHead, Region, Sector
from anjian.core.services import departments as department_services
from anjian.core.services import enterprises as enterprise_services
from anjian.core.services import users as user_services
from anjian.core.services.reference import dataset_load, region_upsert
from anjian.core.tests.audit_triggers import audit_triggers_lifted
from anjian.core.tests.factories import valid_credit_code


def build_audited_records() -> SimpleNamespace:
    """Reference data, a department, an inspector and an enterprise, all made by services."""
    for name in ("core.regions", "core.sectors"):
        dataset_load(by=None, name=name)
    county = Region.objects.get(code="140222")
    chem = Sector.objects.get(code="hazardous_chemicals")
    department = department_services.department_create(
        by=None,
        data={"region": county, "name": "天镇县应急管理局", "kind": "emergency"},
        sectors=[chem],
        aliases=["应急局"],
    )
    inspector = user_services.user_create(
        by=None, username="insp", password="x", department=department, validate=False
    )
    enterprise = enterprise_services.enterprise_create(
        by=None,
        data={
            "credit_code": valid_credit_code(1),
            "name": "天镇县测试化工有限公司",
            "sector": chem,
            "scale": "small",
            "address": "玉泉镇1号",
            "longitude": Decimal("114.12"),  # fewer places than the column keeps
            "latitude": Decimal("40.5"),
            "region": county,
            "supervising_department": department,
            "responsible_inspector": inspector,
            "principal_name": "张三",
            "principal_phone": "13800138000",
        },
    )
    enterprise = enterprise_services.enterprise_update(
        by=None, enterprise=enterprise, data={"employee_count": 30}
    )
    return SimpleNamespace(county=county, department=department, enterprise=enterprise)


@pytest.fixture
def records(db):
    return build_audited_records()


def run_verify(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()


# ---- an intact chain ------------------------------------------------------------------


def test_chain_made_by_services_verifies_and_links_every_event_to_the_one_before(records):
    report = audit.verify_chain()
    assert report.ok, report.problem
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert report.checked == report.head_seq == len(events)
    assert events[0].prev_hash == audit.GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert report.head_hash == events[-1].hash


def test_business_rows_made_by_services_match_their_audited_state(records):
    assert list(audit.verify_state()) == []


def test_update_event_carries_before_and_after(records):
    event = AuditEvent.objects.filter(action="enterprise.update").get()
    assert event.before["employee_count"] == 0 and event.after["employee_count"] == 30
    assert event.after["version"] == event.before["version"] + 1


def test_audit_verify_command_exits_0_when_the_chain_is_intact(records):
    code, out = run_verify()
    assert code == 0
    assert f"audit chain OK: {last_seq()} events" in out


def test_audit_verify_state_exits_0_when_rows_match(records):
    code, out = run_verify("--state")
    assert code == 0
    assert "business rows match their audited state" in out


# ---- tampering with the chain ---------------------------------------------------------


def test_modified_event_is_detected_and_named_by_its_seq(records):
    with audit_triggers_lifted():
        raw("UPDATE core_auditevent SET object_repr = %s WHERE seq = %s", ["伪造", 5])
    report = audit.verify_chain()
    assert not report.ok
    assert report.problem.startswith("seq 5: content does not match its hash")
    assert report.checked == 4


def test_modified_event_with_a_recomputed_hash_breaks_the_link_to_the_next_one(records):
    event = AuditEvent.objects.get(seq=7)
    event.object_repr = "伪造"
    forged_hash = audit.compute_hash(event)
    with audit_triggers_lifted():
        raw(
            "UPDATE core_auditevent SET object_repr = %s, hash = %s WHERE seq = %s",
            ["伪造", forged_hash, 7],
        )
    report = audit.verify_chain()
    assert report.problem.startswith("seq 8: prev_hash does not match the hash of seq 7")


def test_deleted_event_is_detected_and_named_by_its_seq(records):
    with audit_triggers_lifted():
        raw("DELETE FROM core_auditevent WHERE seq = %s", [3])
    report = audit.verify_chain()
    assert report.problem.startswith("seq 3: missing — the chain jumps to seq 4")


def test_deleted_last_event_is_detected_against_the_head(records):
    last = last_seq()
    with audit_triggers_lifted():
        raw("DELETE FROM core_auditevent WHERE seq = %s", [last])
    report = audit.verify_chain()
    assert report.problem.startswith(f"seq {last}: the chain ends at seq {last - 1}")


def forged_event(seq: int, prev_hash: str) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        at=AuditEvent.objects.get(seq=1).at,
        actor_name="system",
        action="enterprise.update",
        object_type="core.enterprise",
        object_id="1",
        object_repr="伪造",
        before={},
        after={"name": "伪造"},
        request_id="forged",
        prev_hash=prev_hash,
    )
    event.hash = audit.compute_hash(event)
    return event


def test_forged_event_appended_with_a_valid_hash_is_detected_past_the_head(records):
    head = AuditHead.objects.get(pk=1)
    forged_event(head.seq + 1, head.hash).save()
    report = audit.verify_chain()
    assert report.problem.startswith(f"seq {head.seq + 1}: the chain runs past its recorded head")


def test_forged_event_with_a_made_up_link_is_detected_at_its_seq(records):
    head = AuditHead.objects.get(pk=1)
    forged_event(head.seq + 1, "f" * 64).save()
    report = audit.verify_chain()
    assert report.problem.startswith(f"seq {head.seq + 1}: prev_hash does not match")


def test_audit_verify_command_exits_1_and_prints_the_broken_link(records):
    with audit_triggers_lifted():
        raw("UPDATE core_auditevent SET action = %s WHERE seq = %s", ["forged", 2])
    code, out = run_verify()
    assert code == 1
    assert "audit chain BROKEN after 1 good events: seq 2: content does not match" in out


# ---- append-only, in the ORM and in the database --------------------------------------


def test_orm_refuses_to_save_an_existing_event(records):
    event = AuditEvent.objects.get(seq=1)
    event.object_repr = "改"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_orm_refuses_to_delete_an_event(records):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.get(seq=1).delete()


@pytest.mark.parametrize(
    "write",
    [
        lambda: AuditEvent.objects.filter(seq=1).update(object_repr="改"),
        lambda: AuditEvent.objects.update(object_repr="改"),
        lambda: AuditEvent.objects.filter(seq=1).delete(),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.bulk_update(
            [AuditEvent.objects.get(seq=1)], fields=["object_repr"]
        ),
    ],
    ids=["filter-update", "manager-update", "filter-delete", "all-delete", "bulk-update"],
)
def test_orm_refuses_queryset_updates_and_deletes(records, write):
    with pytest.raises(AppendOnlyError), transaction.atomic():
        write()
    assert audit.verify_chain().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET object_repr = 'x' WHERE seq = 1",
        "DELETE FROM core_auditevent WHERE seq = 1",
    ],
    ids=["update", "delete"],
)
def test_database_trigger_refuses_raw_update_and_delete(records, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert audit.verify_chain().ok


def test_database_trigger_refuses_truncate_on_postgresql(records):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses first: pending FK checks
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("TRUNCATE core_auditevent CASCADE")


# ---- business rows changed behind the platform's back ---------------------------------


def test_verify_state_names_a_field_edited_with_raw_sql(records):
    pk = records.enterprise.pk
    raw("UPDATE core_enterprise SET name = %s WHERE id = %s", ["改名有限公司", pk])
    code, out = run_verify("--state")
    assert code == 1
    assert "audit chain OK" in out
    assert f"state MISMATCH core.enterprise:{pk} — changed outside the platform fields: name" in out


def test_verify_state_reports_a_row_inserted_behind_the_platforms_back(records):
    sector = Sector.objects.create(code="smuggled", name="私加行业")
    code, out = run_verify("--state")
    assert code == 1
    assert f"core.sector:{sector.pk} — no audit event: created outside the platform" in out


def test_verify_state_reports_a_row_deleted_behind_the_platforms_back(records):
    tobacco = Sector.objects.get(code="tobacco")
    raw("DELETE FROM core_sector WHERE id = %s", [tobacco.pk])
    code, out = run_verify("--state")
    assert code == 1
    assert f"core.sector:{tobacco.pk} — row removed outside the platform" in out


def test_verify_state_reports_a_many_to_many_change_behind_the_platforms_back(records):
    records.department.sectors.add(Sector.objects.get(code="tobacco"))
    mismatches = list(audit.verify_state())
    assert [(m.object_type, m.object_id, m.fields) for m in mismatches] == [
        ("core.department", str(records.department.pk), ["sectors"])
    ]


def test_a_column_added_or_removed_by_a_migration_is_not_tampering_but_a_shared_one_is(records):
    """An event recorded before a migration lacks the new column and keeps the dropped one."""
    enterprise = records.enterprise
    after = audit.snapshot(enterprise)
    after.pop("industry_code")  # as if the column came later
    after["fax"] = "0351-1234567"  # as if a column was dropped since
    with transaction.atomic():
        audit.record(actor=None, action="test", obj=enterprise, before=None, after=after)
    assert list(audit.verify_state()) == []
    raw("UPDATE core_enterprise SET address = %s WHERE id = %s", ["改过的地址", enterprise.pk])
    assert [m.fields for m in audit.verify_state()] == [["address"]]


def test_a_model_moved_between_apps_keeps_its_history(records, monkeypatch):
    """GB 6441 categories moved from accidents to core: events filed under the old label count."""
    from anjian.core.models import AccidentCategory

    category = AccidentCategory.objects.create(code="01", name="物体打击")
    monkeypatch.setattr(audit, "object_label", lambda obj: "accidents.accidentcategory")
    with transaction.atomic():
        audit.record(
            actor=None,
            action="category.create",
            obj=category,
            before=None,
            after=audit.snapshot(category),
        )
    monkeypatch.undo()
    assert AuditEvent.objects.filter(object_type="accidents.accidentcategory").count() == 1
    assert list(audit.verify_state()) == []
    raw("UPDATE core_accidentcategory SET name = %s WHERE id = %s", ["改名", category.pk])
    assert [m.fields for m in audit.verify_state()] == [["name"]]


def test_decimal_typed_with_fewer_places_is_not_mistaken_for_tampering(records):
    enterprise = enterprise_services.enterprise_update(
        by=None, enterprise=records.enterprise, data={"latitude": Decimal("40.25")}
    )
    assert enterprise.latitude == Decimal("40.25")
    assert list(audit.verify_state()) == []


# ---- appends outside and across transactions ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_raises():
    region = Region(code="990000", name="测试省", level=1, path="990000/")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(actor=None, action="region.create", obj=region, before=None, after={})
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_committed_transactions_append_consecutive_linked_events():
    region_upsert(by=None, code="990000", name="测试省", level=1, parent=None)
    first = AuditEvent.objects.order_by("-seq").first()
    region_upsert(by=None, code="990100", name="测试市", level=2, parent=None)
    second = AuditEvent.objects.order_by("-seq").first()
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in memory serialises writers; the race needs PostgreSQL")
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            region_upsert(by=None, code=f"99{n:04d}", name=f"并发{n}", level=1, parent=None)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + threads_count))
    report = audit.verify_chain()
    assert report.ok, report.problem


def test_append_only_triggers_are_back_after_the_flush_of_transactional_tests(records):
    # Runs after the transactional tests above, whose teardown lifts the triggers to flush.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM core_auditevent")
    assert audit.verify_chain().ok
