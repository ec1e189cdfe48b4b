"""``anjian jobs run [--once] [--force]`` and ``anjian jobs list``: the scheduled jobs."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anjian.core import jobs
from anjian.core.models import JobRun


class Command(BaseCommand):
    help = "运行到期的定时任务（逾期标记、提醒等）；--once 只运行一轮。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="run due jobs every minute (or once)")
        run.add_argument("--once", action="store_true", help="run one round and exit")
        run.add_argument("--force", action="store_true", help="run every job now, due or not")
        run.add_argument("--interval", type=int, default=60, help="seconds between rounds")
        sub.add_parser("list", help="registered jobs and their last run")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "list":
            runs = {r.name: r for r in JobRun.objects.all()}
            for job in jobs.REGISTRY.values():
                run = runs.get(job.name)
                last = run.last_started_at.isoformat() if run and run.last_started_at else "never"
                self.stdout.write(f"{job.name:<40} every {job.every}  last {last}")
            return
        while True:
            for line in jobs.run_due(force=options["force"]):
                self.stdout.write(line)
            if options["once"]:
                return
            time.sleep(options["interval"])
