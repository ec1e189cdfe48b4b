"""``anjian audit verify [--state]``: check the audit chain, and optionally the business rows."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anjian.core import audit


class Command(BaseCommand):
    help = "校验审计链；--state 同时检查业务数据是否与最后一次审计的状态一致。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="walk the hash chain and name the first broken link")
        verify.add_argument(
            "--state",
            action="store_true",
            help="also list rows whose current values differ from their last audited state",
        )
        verify.add_argument("--limit", type=int, default=50, help="most state mismatches to print")

    def handle(
        self, *args: Any, subcommand: str, state: bool = False, limit: int = 50, **options: Any
    ) -> None:
        report = audit.verify_chain()
        failed = False
        if report.ok:
            self.stdout.write(
                f"audit chain OK: {report.checked} events, head seq {report.head_seq} "
                f"hash {report.head_hash}"
            )
        else:
            failed = True
            self.stdout.write(
                f"audit chain BROKEN after {report.checked} good events: {report.problem}"
            )
        if state:
            mismatches = 0
            for m in audit.verify_state():
                mismatches += 1
                if mismatches <= limit:
                    fields = f" fields: {', '.join(m.fields)}" if m.fields else ""
                    self.stdout.write(
                        f"state MISMATCH {m.object_type}:{m.object_id} — {m.reason}{fields}"
                    )
            if mismatches:
                failed = True
                self.stdout.write(f"{mismatches} rows differ from their audited state")
            else:
                self.stdout.write("business rows match their audited state")
        if failed:
            raise SystemExit(1)
