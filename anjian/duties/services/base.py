"""Shared steps of the duties services: permission checks with Chinese messages, audited inserts."""

from __future__ import annotations

from functools import partial

from anjian.core.services import workflow
from anjian.core.services.workflow import require_action  # noqa: F401  re-exported

# Duties rows are built from checked data: no model validation on the way in.
insert_audited = partial(workflow.insert_audited, validate=False)
change_audited = partial(workflow.change_audited, validate=False)
