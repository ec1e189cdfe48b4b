"""audit.record_many: a batch of events appended in order under one lock of the chain head."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from anjian.core import audit
from anjian.core.models import AuditEvent, AuditHead, Region
from anjian.core.services.reference import region_upsert
from anjian.core.tests.factories import RegionFactory


def changes_for(regions) -> list[audit.Change]:
    return [audit.Change("region.create", r, None, audit.snapshot(r), region=r) for r in regions]


@pytest.mark.django_db
def test_record_many_appends_one_linked_event_per_change_and_the_chain_verifies():
    region_upsert(by=None, code="990000", name="测试省", level=1, parent=None)
    first = AuditEvent.objects.order_by("-seq").first()
    regions = [RegionFactory(code=f"9901{n:02d}", name=f"批量{n}") for n in range(30)]

    with transaction.atomic():
        events = audit.record_many(actor=None, changes=changes_for(regions))
    region_upsert(by=None, code="990200", name="其后", level=2, parent=None)

    stored = list(AuditEvent.objects.filter(seq__gt=first.seq).order_by("seq"))
    assert [e.seq for e in stored] == list(range(first.seq + 1, first.seq + 32))
    assert [e.object_id for e in stored[:30]] == [str(r.pk) for r in regions]
    assert stored[0].prev_hash == first.hash
    assert all(b.prev_hash == a.hash for a, b in zip(stored, stored[1:], strict=False))
    assert [e.hash for e in events] == [e.hash for e in stored[:30]]
    assert stored[-1].action == "region.create" and stored[-1].object_repr == "其后"
    assert AuditHead.objects.get().seq == stored[-1].seq
    report = audit.verify_chain()
    assert report.ok, report.problem
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert f"audit chain OK: {stored[-1].seq} events" in out.getvalue()


@pytest.mark.django_db
def test_record_many_locks_the_head_once_and_inserts_in_bulk_whatever_the_batch_size():
    regions = [RegionFactory(code=f"9903{n:02d}", name=f"计数{n}") for n in range(60)]
    counts = []
    for batch in (regions[:5], regions[5:]):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            audit.record_many(actor=None, changes=changes_for(batch))
        counts.append(len(queries))  # lock the head, insert every event, move the head
        if connection.vendor == "postgresql":
            assert sum("FOR UPDATE" in q["sql"] for q in queries) == 1
    assert counts[0] == counts[1] <= 3
    assert AuditEvent.objects.count() == 60
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_record_many_of_nothing_appends_nothing():
    with transaction.atomic():
        assert audit.record_many(actor=None, changes=[]) == []
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_record_many_outside_a_transaction_raises():
    region = Region(code="990000", name="测试省", level=1, path="990000/")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record_many(actor=None, changes=changes_for([region]))
    assert not AuditEvent.objects.exists()
