"""Append to and verify the audit chain.

Each event's hash is SHA-256 over a canonical JSON form of the event that includes the
previous event's hash, so a changed, removed or inserted row breaks the chain at a
point ``verify_chain`` can name. Appends serialise on the single ``AuditHead`` row;
``record_many`` appends a batch (a bulk import) under one lock of it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from anjian.core.models import AuditEvent, AuditHead, Region, User

GENESIS_HASH = "0" * 64
Snapshot = dict[str, Any]
"""A row's audited state: attribute name → JSON value (``snapshot``)."""
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "anjian_request_id", default=""
)


def current_request_id() -> str:
    """The id of the web request (or command run) being served, for the audit row."""
    rid = request_id_var.get()
    if not rid:
        rid = f"cli-{uuid.uuid4().hex[:16]}"
        request_id_var.set(rid)
    return rid


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> Snapshot:
    """The audited state of a row: its concrete fields and many-to-many ids, JSON-safe."""
    exclude: Collection[str] = getattr(type(obj), "audit_exclude", frozenset())
    data: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.DecimalField) and isinstance(value, decimal.Decimal):
            # As the column stores it: Decimal("40.25") typed in and "40.250000" read back
            # are the same value, and must not look like a change made behind our back.
            value = value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
        if isinstance(value, FieldFile):
            value = value.name  # the stored name; content is audited by the row's own hash
        data[field.attname] = _json_value(value)
    for field in obj._meta.many_to_many:
        if field.name in exclude:
            continue
        data[field.attname] = sorted(o.pk for o in field.value_from_object(obj)) if obj.pk else []
    return data


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_fields(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, in canonical form."""
    return {
        "seq": event.seq,
        "at": _json_value(event.at),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "region_id": event.region_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event_fields(event))).hexdigest()


def object_label(obj_or_model: models.Model | type[models.Model]) -> str:
    return obj_or_model._meta.label_lower


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: Snapshot | None,
    after: Snapshot | None,
    region: Region | None = None,
) -> AuditEvent:
    """Append one event to the chain; must run inside the transaction that made the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    head = _locked_head()
    if region is None:
        region = _region_of(obj)
    actor_name = "system" if actor is None else actor.get_username()
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name,
        action=action,
        object_type=object_label(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        region=region,
        before=before,
        after=after,
        request_id=current_request_id(),
        prev_hash=head.hash,
    )
    event.hash = compute_hash(event)
    event.save()
    AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class Change:
    """One change for ``record_many``: the action, the row, its snapshots and where it files."""

    action: str
    obj: models.Model
    before: Snapshot | None
    after: Snapshot | None
    region: Region | None = None


def record_many(
    *, actor: User | None, changes: Sequence[Change], batch_size: int = 1000
) -> list[AuditEvent]:
    """Append one event per change, in order, under a single lock of the head.

    The same chain as ``record`` called N times (each event's hash covers the previous one),
    but the head is locked and moved once and the events go in with bulk inserts, so a bulk
    import of thousands of rows costs a few statements instead of three per row.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many must run inside the transaction of the changes")
    if not changes:
        return []
    head = _locked_head()
    actor_id = actor.pk if actor is not None and actor.pk else None
    actor_name = "system" if actor is None else actor.get_username()
    at, request_id = timezone.now(), current_request_id()
    seq, prev_hash = head.seq, head.hash
    events = []
    for change in changes:
        region = change.region if change.region is not None else _region_of(change.obj)
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=change.action,
            object_type=object_label(change.obj),
            object_id=str(change.obj.pk),
            object_repr=str(change.obj)[:200],
            region_id=region.pk if region is not None else None,
            before=change.before,
            after=change.after,
            request_id=request_id,
            prev_hash=prev_hash,
        )
        event.hash = prev_hash = compute_hash(event)
        events.append(event)
    _insert(events, batch_size)
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev_hash)
    return events


def _insert(events: list[AuditEvent], batch_size: int) -> None:
    """Insert the events in bulk; on PostgreSQL with COPY.

    Django's bulk insert on PostgreSQL binds each column as one array, and psycopg quotes a
    jsonb array in Python, character by character: for the before/after snapshots of a big
    import that is slower than writing the rows themselves. COPY sends each row as it is.
    """
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
        return
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(_column(f)) for f in fields)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = f"COPY {table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for event in events:
            copy.write_row(
                [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
            )


def _column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column (concrete means it has one; the stubs allow None)."""
    if field.column is None:
        raise ValueError(f"{field} has no column")
    return field.column


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # Two first appends may race to create the head: the loser's insert is ignored.
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, seq=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _region_of(obj: models.Model) -> Region | None:
    from anjian.core.models import Region

    if isinstance(obj, Region):
        return obj
    region_id = getattr(obj, "region_id", None)
    return Region(pk=region_id) if region_id else None


# ---- verification -------------------------------------------------------------------


@dataclass
class ChainReport:
    """What ``verify_chain`` found: the number of events checked and the first broken link."""

    checked: int
    head_seq: int
    head_hash: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the chain in sequence order and name the first changed, removed or inserted row."""
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            kind = "removed" if event.seq > expected_seq else "duplicated"
            return ChainReport(
                checked,
                head_seq,
                head_hash,
                f"seq {expected_seq}: missing — the chain jumps to seq {event.seq} "
                f"(a row was {kind})",
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                checked,
                head_seq,
                head_hash,
                f"seq {event.seq}: prev_hash does not match the hash of seq {event.seq - 1} "
                "(a row was inserted, removed or rewritten before it)",
            )
        if compute_hash(event) != event.hash:
            return ChainReport(
                checked,
                head_seq,
                head_hash,
                f"seq {event.seq}: content does not match its hash (the row was modified: "
                f"{event.action} {event.object_type}:{event.object_id})",
            )
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if checked != head_seq or prev_hash != head_hash:
        last = expected_seq - 1
        if checked > head_seq:
            problem = (
                f"seq {head_seq + 1}: the chain runs past its recorded head "
                f"(a row was inserted after seq {head_seq})"
            )
        else:
            problem = (
                f"seq {last + 1}: the chain ends at seq {last} but its head records "
                f"seq {head_seq} (rows were removed)"
            )
        return ChainReport(checked, head_seq, head_hash, problem)
    return ChainReport(checked, head_seq, head_hash)


def audited_models() -> list[type[models.Model]]:
    """Models whose rows may change only through audited services (they define audit_exclude)."""
    return [m for m in apps.get_models() if hasattr(m, "audit_exclude")]


@dataclass
class StateMismatch:
    """A business row whose current values differ from its last audited state."""

    object_type: str
    object_id: str
    reason: str
    fields: list[str]


def verify_state() -> Iterator[StateMismatch]:
    """Compare every audited model's rows with the ``after`` of their latest audit event."""
    for model in audited_models():
        label = object_label(model)
        # A model that moved between apps keeps the events filed under its old label.
        labels = [*getattr(model, "audit_previous_labels", ()), label]
        latest: dict[str, Snapshot | None] = {}
        events = (
            AuditEvent.objects.filter(object_type__in=labels)
            .order_by("object_id", "seq")
            .values_list("object_id", "after")
        )
        for object_id, after in events.iterator(chunk_size=5000):
            latest[object_id] = after
        seen: set[str] = set()
        for obj in _iter_rows(model):
            key = str(obj.pk)
            seen.add(key)
            if key not in latest:
                yield StateMismatch(label, key, "no audit event: created outside the platform", [])
                continue
            recorded = latest[key]
            if recorded is None:
                yield StateMismatch(label, key, "audited as deleted but the row exists", [])
                continue
            current = snapshot(obj)
            # Columns a migration added or removed since the event are a schema change, not a
            # change behind the platform's back: compare the fields both snapshots have.
            changed = sorted(k for k in set(current) & set(recorded) if current[k] != recorded[k])
            if changed:
                yield StateMismatch(label, key, "changed outside the platform", changed)
        for key, after in latest.items():
            if key not in seen and after is not None:
                yield StateMismatch(label, key, "row removed outside the platform", [])


def _iter_rows(model: type[models.Model]) -> Iterator[models.Model]:
    qs = model._default_manager.all().order_by("pk")
    if model._meta.many_to_many:
        qs = qs.prefetch_related(*[f.name for f in model._meta.many_to_many])
        return qs.iterator(chunk_size=2000)
    return qs.iterator(chunk_size=5000)


def changed_field_labels(model: type[models.Model], event: AuditEvent) -> list[str]:
    """The verbose names of the fields an update event changed, for history tables."""
    before, after = event.before or {}, event.after or {}
    labels = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) == after.get(key) or key == "version":
            continue
        try:
            field = next(
                f
                for f in model._meta.get_fields()
                if isinstance(f, models.Field) and f.attname == key
            )
            labels.append(str(field.verbose_name))
        except StopIteration:
            labels.append(key)
    return labels
