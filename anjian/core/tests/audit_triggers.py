"""Lift and restore the audit table's append-only triggers, for tamper tests and test flushes."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

from django.db import connection

AUDIT_TABLE = "core_auditevent"
_migration = importlib.import_module("anjian.core.migrations.0002_audit_append_only")


def lift_statements(vendor: str) -> list[str]:
    """SQL that switches the append-only triggers off (the table owner can always do this)."""
    if vendor == "postgresql":
        return [f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER"]
    if vendor == "sqlite":
        return list(_migration.SQLITE_DOWN)
    return []


def restore_statements(vendor: str) -> list[str]:
    """SQL that puts the append-only triggers back exactly as the migration made them."""
    if vendor == "postgresql":
        return [f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER"]
    if vendor == "sqlite":
        # Dropping first makes restoring twice harmless (e.g. two wrappers around one flush).
        return [*_migration.SQLITE_DOWN, *_migration.SQLITE_UP]
    return []


@contextmanager
def audit_triggers_lifted():
    """Let raw SQL rewrite or delete audit rows inside the block, as an attacker with DB access.

    On PostgreSQL the foreign-key checks are made immediate first: ALTER TABLE refuses to run
    while deferred trigger events on the table are pending in the same transaction.
    """
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in lift_statements(vendor):
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in restore_statements(vendor):
                cursor.execute(sql)
            if vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def patch_flush_to_lift_audit_triggers(ops_class) -> object:
    """Make ``flush`` (run after every transactional test) able to empty the audit table.

    The triggers refuse DELETE and, on PostgreSQL, TRUNCATE, so without this every test using
    ``transactional_db`` or ``live_server`` fails in its teardown. Returns the original method.
    """
    original = ops_class.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if AUDIT_TABLE not in tables or not statements:
            return statements
        vendor = self.connection.vendor
        return [*lift_statements(vendor), *statements, *restore_statements(vendor)]

    ops_class.sql_flush = sql_flush
    return original
