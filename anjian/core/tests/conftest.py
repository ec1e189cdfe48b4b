"""Test-session plumbing for the core tests: transactional tests can flush the audit table."""

import pytest
from django.db import connection

from anjian.core.tests.audit_triggers import patch_flush_to_lift_audit_triggers


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_audit_triggers():
    ops_class = type(connection.ops)
    original = patch_flush_to_lift_audit_triggers(ops_class)
    yield
    ops_class.sql_flush = original
