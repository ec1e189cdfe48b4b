"""Declared workflows: one transition table per workflow model, read by services, pages and API.

A ``Transition`` says from which states an action may be taken, the state it leads to, who
may take it (a permission on the row's scope, optionally only through some kinds of anchor,
or an authority rule of the app's) and a guard on the row's other facts. ``Workflow``:

- ``check`` refuses in the order a person understands: not visible (404), not yours to do
  (403, with the app's message), not possible now (the state or the guard, 400);
- ``begin``/``finish`` wrap a service: check, lock the row, compare versions (409), and at
  the end move the state, bump the version and append the audit event;
- ``available`` lists the actions a user may take on a row now: the buttons of its page and
  the ``available_actions`` of its API detail, from loaded data (no query per button).

There is no second copy of a state rule: a service that needs a state asks the table. A
table over a model without a state column (``state=None``) guards its steps by the row's
other facts only (an acknowledgement answered once, a publication live or withdrawn).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models

from anjian.core.access import Access, access_for
from anjian.core.errors import PermissionDenied, TransitionNotAllowed
from anjian.core.services.common import check_version, locked, update_audited

Guard = Callable[[Any], str | None]
Rule = Callable[[Access, Any], bool]


@dataclass(frozen=True)
class Transition:
    """One action of a workflow: from ``sources`` (None: any state) to ``target`` (None: the
    state stays), allowed to ``permission`` (through ``kinds`` of anchor) or to ``rule``."""

    action: str
    label: str
    sources: frozenset[Any] | None = None
    target: Any = None
    permission: str = ""
    kinds: frozenset[str] | None = None
    rule: Rule | None = None
    refusal: str | Callable[[Any], str] = ""
    guard: Guard | None = None

    def allowed(self, access: Access, obj: Any) -> bool:
        """Whether ``access`` may take this action on ``obj`` (who, not when)."""
        if self.rule is not None:
            return self.rule(access, obj)
        return access.allows(self.permission, obj, self.kinds)

    def refusal_for(self, obj: Any) -> str:
        if callable(self.refusal):
            return self.refusal(obj)
        return self.refusal or f"您没有{self.label}该{obj._meta.verbose_name}的权限。"


class Workflow:
    """The transition table of one model: its state field and its actions."""

    def __init__(
        self,
        model: type[models.Model],
        transitions: Iterable[Transition],
        *,
        state: str | None = "status",
        on_step: Callable[..., Any] | None = None,
    ) -> None:
        self.model = model
        self.state = state
        self.transitions = {t.action: t for t in transitions}
        self.on_step = on_step

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions.values())

    # ---- questions ---------------------------------------------------------------------

    def state_of(self, obj: Any) -> Any:
        """The row's state (a choice, or a flag such as ``is_active``); None for a table
        whose steps depend on the row's facts only."""
        return None if self.state is None else getattr(obj, self.state)

    def blocked(self, obj: Any, action: str) -> str | None:
        """Why ``action`` cannot be taken on ``obj`` now (its state or a guard), or None."""
        transition = self[action]
        if (
            self.state is not None
            and transition.sources is not None
            and self.state_of(obj) not in transition.sources
        ):
            label = obj._get_FIELD_display(obj._meta.get_field(self.state))
            return f"{obj._meta.verbose_name}当前状态为“{label}”，不能{transition.label}。"
        if transition.guard is not None:
            return transition.guard(obj)
        return None

    def available(self, user: Any, obj: Any) -> list[str]:
        """The actions ``user`` may take on ``obj`` now, in table order."""
        access = access_for(user)
        return [
            t.action
            for t in self.transitions.values()
            if self.blocked(obj, t.action) is None and t.allowed(access, obj)
        ]

    def sources_of(self, action: str) -> frozenset[Any] | None:
        return self[action].sources

    # ---- refusals ----------------------------------------------------------------------

    def require_allowed(self, by: Any, obj: Any, action: str) -> Transition:
        """404 outside scope; 403 with the table's message unless ``by`` may take ``action``."""
        transition = self[action]
        access = access_for(by)
        access.require("view", obj)
        if not transition.allowed(access, obj):
            raise PermissionDenied(transition.refusal_for(obj))
        return transition

    def require_possible(self, obj: Any, action: str) -> None:
        """``TransitionNotAllowed`` naming the state or guard that forbids ``action`` now."""
        problem = self.blocked(obj, action)
        if problem:
            raise TransitionNotAllowed(problem, code="state")

    def check(self, by: Any, obj: Any, action: str) -> Transition:
        """Both refusals, in order: who, then when."""
        transition = self.require_allowed(by, obj, action)
        self.require_possible(obj, action)
        return transition

    # ---- the service frame -------------------------------------------------------------

    def begin(self, by: Any, obj: Any, action: str, *, version: int | None = None) -> Any:
        """Check who, lock the row, compare the caller's version, check state and guard.

        Call inside the service's transaction; returns the locked row.
        """
        self.require_allowed(by, obj, action)
        row = locked(obj)
        if version is not None:
            check_version(row, version)
        self.require_possible(row, action)
        return row

    def finish(
        self,
        by: Any,
        row: Any,
        action: str,
        changes: dict[str, Any] | None = None,
        *,
        note: str = "",
        region: Any = None,
    ) -> Any:
        """Apply ``changes`` and the target state, bump the version, audit, run ``on_step``."""
        transition = self[action]
        previous = self.state_of(row)
        changes = dict(changes or {})
        if transition.target is not None and self.state is not None:
            changes[self.state] = transition.target
        if hasattr(row, "version"):
            changes["version"] = row.version + 1
        update_audited(
            by=by,
            obj=row,
            changes=changes,
            action=f"{row._meta.model_name}.{action}",
            region=region,
            check_scope=False,
        )
        if self.on_step is not None:
            self.on_step(by, row, transition, previous, note)
        return row

    # ---- for people --------------------------------------------------------------------

    def rows(self) -> list[dict[str, str]]:
        """The table as text rows (docs, the API schema description)."""
        field = self.model._meta.get_field(self.state) if self.state else None
        labels = dict(getattr(field, "choices", None) or ())
        out = []
        for t in self.transitions.values():
            sources = (
                "任意"
                if t.sources is None
                else "、".join(str(labels.get(s, s)) for s in sorted(t.sources))
            )
            out.append(
                {
                    "action": t.action,
                    "label": t.label,
                    "from": sources,
                    "to": "—" if t.target is None else str(labels.get(t.target, t.target)),
                    "who": t.permission or "(rule)",
                }
            )
        return out
