"""Write a checked plan in one transaction: bulk inserts and updates, one batch of audit events.

The rows a plan updates are locked and compared with what was checked; a row someone changed
in between, or a key someone registered in between, refuses the whole file (all or nothing).
Inserts and updates go in with ``bulk_create`` / ``bulk_update`` and many-to-many rows with
one insert per relation; the audit events are appended with ``audit.record_many`` under one
lock of the chain's head, one event per row created or changed, none for unchanged rows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from anjian.core import audit
from anjian.core.imports.cells import FILE, RowError
from anjian.core.imports.pipeline import Plan
from anjian.core.imports.result import ImportResult
from anjian.core.imports.spec import ImportSpec, M, Row, set_m2m_cache

BATCH = 1000


class _Refused(Exception):
    """Something changed between the check and the write; nothing is written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def write(plan: Plan[Any]) -> ImportResult:
    """Write a clean plan, or nothing: the result names every row it refused."""
    if plan.errors:
        return plan.result()
    spec = plan.spec
    try:
        with transaction.atomic():
            _recheck(spec, [r for r in plan.rows if r.action == "update"])
            changes = _write_rows(spec, plan.rows)
            for child, rows in plan.children:
                changes += _write_rows(child, rows)
            audit.record_many(actor=plan.by, changes=changes)
    except _Refused as refused:
        return ImportResult(errors=refused.errors, total=plan.total)
    return plan.result()


def _write_rows(spec: ImportSpec[M], rows: list[Row[M]]) -> list[audit.Change]:
    created = [r for r in rows if r.action == "create"]
    updated = [r for r in rows if r.action == "update"]
    _insert(spec, created)
    _update(spec, updated)
    changes: list[audit.Change] = []
    for row in rows:
        before: audit.Snapshot | None
        if row.action == "create":
            action, before = spec.create_action(), None
        elif row.action == "update":
            action, before = spec.update_action(), row.before
        else:
            continue
        obj = row.built
        set_m2m_cache(obj, _m2m_after(row))
        region = spec.audit_region(obj)
        changes.append(audit.Change(action, obj, before, audit.snapshot(obj), region))
    return changes


def _m2m_after(row: Row[Any]) -> dict[str, list[models.Model]]:
    if row.existing is None:
        return row.m2m
    return {name: rows for name, rows in row.m2m.items() if name in row.changes}


def _recheck(spec: ImportSpec[M], rows: list[Row[M]]) -> None:
    """Lock the rows to update; refuse if one changed since it was checked."""
    if not rows:
        return
    model = spec.model
    m2m = [f.name for f in model._meta.many_to_many]
    locked = {
        obj.pk: obj
        for obj in model._default_manager.select_for_update()
        .filter(pk__in=[r.stored.pk for r in rows])
        .prefetch_related(*m2m)
    }
    header = spec.declared_column(spec.key_field).header
    stale = [
        RowError(r.number, header, f"该{spec.verbose_name}在校验之后已被他人修改，请重新导入。")
        for r in rows
        if r.stored.pk not in locked or audit.snapshot(locked[r.stored.pk]) != r.before
    ]
    if stale:
        raise _Refused(stale)


def _insert(spec: ImportSpec[M], rows: list[Row[M]]) -> None:
    if not rows:
        return
    try:
        with transaction.atomic():
            spec.model._default_manager.bulk_create([r.built for r in rows], batch_size=BATCH)
    except IntegrityError as error:
        raise _Refused(_taken(spec, rows)) from error
    _add_m2m(spec.model, rows, replace=False)


def _taken(spec: ImportSpec[M], rows: list[Row[M]]) -> list[RowError]:
    """Which new rows lost their key to someone registering it meanwhile."""
    if spec.key is not None and spec.key_creates:
        key = spec.key
        header = spec.declared_column(key).header
        taken = spec.load_existing({r.values[key] for r in rows if key in r.values})
        errors = [
            RowError(r.number, header, f"该{header}刚被他人登记，请重新导入。", r.sheet)
            for r in rows
            if r.values.get(key) in taken
        ]
        if errors:
            return errors
    return [RowError(None, FILE, "数据与平台中刚保存的记录冲突，未导入任何数据，请重新导入。")]


def _update(spec: ImportSpec[M], rows: list[Row[M]]) -> None:
    if not rows:
        return
    model = spec.model
    concrete = {f.name: f for f in model._meta.concrete_fields}
    names = {n for r in rows for n in r.changes if n in concrete}
    now = timezone.now()
    version = concrete.get("version")
    for row in rows:
        obj = row.built
        if version is not None:  # one more than the version that was checked
            setattr(obj, version.attname, version.value_from_object(row.stored) + 1)
            row.changes.add("version")
        for f in concrete.values():
            if getattr(f, "auto_now", False):
                setattr(obj, f.attname, now)
                names.add(f.name)
    if "version" in concrete:
        names.add("version")
    if names:
        model._default_manager.bulk_update([r.built for r in rows], sorted(names), batch_size=500)
    _add_m2m(model, rows, replace=True)


def _add_m2m(model: type[models.Model], rows: list[Row[Any]], *, replace: bool) -> None:
    """Insert the many-to-many rows (an update first removes the old ones it replaces)."""
    for f in model._meta.many_to_many:
        owners = [r for r in rows if f.name in r.m2m and (not replace or f.name in r.changes)]
        if not owners:
            continue
        through = f.remote_field.through
        if through is None:  # Django gives every many-to-many field it has prepared one
            raise ImproperlyConfigured(f"{f} has no through model")
        source, target = f"{f.m2m_field_name()}_id", f"{f.m2m_reverse_field_name()}_id"
        if replace:
            through._default_manager.filter(
                **{f"{source}__in": [r.built.pk for r in owners]}
            ).delete()
        links = {(r.built.pk, t.pk) for r in owners for t in r.m2m[f.name]}
        through._default_manager.bulk_create(
            [through(**{source: a, target: b}) for a, b in sorted(links)], batch_size=BATCH
        )
