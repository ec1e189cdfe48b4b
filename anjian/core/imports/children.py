"""Second sheets: rows that belong to rows of the main sheet (a risk point's measures).

A child row names its parent by the parent's key (编号), which may be a row of the main
sheet or a stored row the importer may change, or, for a parent created in the same file,
by the columns ``ChildSpec.match`` reads. A child identical to one already stored is left
alone; a new one is added; stored children missing from the file are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models

from anjian.core.access import Access
from anjian.core.imports.cells import WHOLE_ROW, RowError
from anjian.core.imports.spec import ChildSpec, ImportSpec, Row, resolved_relations

if TYPE_CHECKING:
    from anjian.core.imports.pipeline import Plan, Sheets

Identities = dict[Any, set[tuple[Hashable, ...]]]
"""The identities of the children stored under each saved parent, by parent id."""
ModelErrors = Callable[[ImportSpec[Any], Row[Any], ValidationError], None]
"""``pipeline.model_errors``, handed in (the pipeline imports this module)."""


def check_children(
    plan: Plan[Any], sheets: Sheets, access: Access, ctx: dict[str, Any]
) -> list[RowError]:
    """Check every child sheet present in the file; return its header errors."""
    from anjian.core.imports.pipeline import match_headers, model_errors, parse_rows

    header_errors: list[RowError] = []
    for child_class in plan.spec.children:
        child = child_class()
        data = sheets.get(child.sheet)
        if data is None or not data.rows:
            continue
        mapping, errors = match_headers(data.headers, child, sheet=child.sheet)
        if errors:
            header_errors += errors
            continue
        rows = parse_rows(child, plan.by, data, mapping, sheet=child.sheet)
        live = [r for r in rows if not r.action]
        _attach_parents(child, plan.spec, live, plan.rows, access)
        siblings = _siblings(child, live)
        seen: dict[tuple[Hashable, ...], Row[Any]] = {}
        for row in live:
            _build_child(child, row, access, siblings, seen, model_errors)
        plan.children.append((child, rows))
    return header_errors


def _attach_parents(
    child: ChildSpec[Any, Any],
    spec: ImportSpec[Any],
    rows: list[Row[Any]],
    parents: list[Row[Any]],
    access: Access,
) -> None:
    header = child.declared_column(child.parent_key).header
    by_key = {r.existing.pk: r for r in parents if r.existing is not None}
    by_match: dict[tuple[Hashable, ...], list[Row[Any]]] = {}
    for parent in parents:
        match = child.parent_match(parent)
        if match is not None:
            by_match.setdefault(match, []).append(parent)
    wanted = {r.values[child.parent_key] for r in rows if child.parent_key in r.values}
    stored = spec.load_existing(wanted - set(by_key)) if wanted - set(by_key) else {}
    for row in rows:
        key = row.values.get(child.parent_key)
        if key is not None:
            if key in by_key:
                row.parent = by_key[key]
            elif key in stored:
                refusal = spec.refuse_existing(stored[key], access)
                if refusal:
                    row.fail(header, refusal)
                else:
                    row.parent = stored[key]
            else:
                row.fail(header, spec.missing_key(key))
            continue
        match = child.match(row)
        candidates = by_match.get(match, []) if match is not None else []
        if len(candidates) == 1:
            row.parent = candidates[0]
        elif candidates:
            numbers = "、".join(f"第{p.number}行" for p in candidates)
            row.fail(header, f"“{spec.sheet}”工作表的{numbers}都与本行相符，请填写{header}。")
        elif match is not None:
            reason = f"“{spec.sheet}”工作表中没有与本行相符的{spec.verbose_name}，请填写{header}。"
            row.fail(header, reason)
        else:
            row.fail(header, f"请填写{header}，或所属{spec.verbose_name}的名称和单位。")


def _parent_obj(row: Row[Any]) -> models.Model | None:
    """The parent as a model row: a stored row, or a main-sheet row's object (maybe new)."""
    return row.parent.obj if isinstance(row.parent, Row) else row.parent


def _siblings(child: ChildSpec[Any, Any], rows: list[Row[Any]]) -> Identities:
    """Identities of the children already stored, by parent id (one query)."""
    stored: dict[Any, models.Model] = {}
    for row in rows:
        parent = _parent_obj(row)
        if parent is not None and parent.pk is not None:
            stored[parent.pk] = parent
    found = child.siblings(list(stored.values())) if stored else {}
    return {pk: {child.identity(o) for o in objs} for pk, objs in found.items()}


def _build_child(
    child: ChildSpec[Any, Any],
    row: Row[Any],
    access: Access,
    siblings: Identities,
    seen: dict[tuple[Hashable, ...], Row[Any]],
    model_errors: ModelErrors,
) -> None:
    parent = _parent_obj(row)
    fields = {k: v for k, v in row.values.items() if k not in child.reference_fields}
    fields |= {name: child.empty_value(name) for name in row.blank - child.reference_fields}
    row.obj = child.model(**fields)
    if parent is not None:
        setattr(row.obj, child.parent_field, parent)
    exclude = row.failed | resolved_relations(row.obj) | {child.parent_field}
    try:
        row.obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        model_errors(child, row, error)
    if row.errors or parent is None:
        return
    identity = (id(parent), child.identity(row.obj))
    if identity in seen:
        row.fail(WHOLE_ROW, f"与第{seen[identity].number}行的{child.verbose_name}相同。")
        return
    seen[identity] = row
    if parent.pk is not None and child.identity(row.obj) in siblings.get(parent.pk, ()):
        row.action = "unchanged"  # already there: nothing to add, whatever the parent's state
        return
    refusal = child.check_parent(parent, access)
    if refusal:
        row.fail(WHOLE_ROW, refusal)
    elif access.allows("add", row.obj):
        row.action = "create"
    else:
        row.fail(WHOLE_ROW, f"不能在您的管辖范围之外新增{child.verbose_name}。")
