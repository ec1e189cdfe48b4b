"""``anjian load-reference``: load every registered reference data file (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anjian.core.services import reference


class Command(BaseCommand):
    help = "载入参考数据（行政区划、行业领域等）；同一文件重复载入不作任何改动。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="datasets to load (default: all)")
        parser.add_argument("--force", action="store_true", help="reload even if unchanged")

    def handle(self, *args: Any, names: list[str], force: bool, **options: Any) -> None:
        for name in names or list(reference.REGISTRY):
            if name not in reference.REGISTRY:
                known = ", ".join(reference.REGISTRY)
                self.stderr.write(f"unknown dataset {name!r}; known: {known}")
                raise SystemExit(2)
            result = reference.dataset_load(by=None, name=name, force=force)
            state = "unchanged" if result.skipped else f"{result.changed} changed"
            self.stdout.write(f"{result.name} {result.version}: {result.rows} rows, {state}")
