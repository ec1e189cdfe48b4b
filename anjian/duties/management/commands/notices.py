"""``anjian notices parse FILE [--json]``: parse a notice file and show its outline of tasks."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.duties.parsing import NoticeError, parse_notice
from anjian.duties.schedule import PERIOD_NAMES


def render_outline(doc: dict) -> str:
    """A readable outline of a parsed notice: document fields, then each item with its facts."""
    tasks = sum(1 for item in doc["items"] if item["is_task"])
    lines = [
        doc.get("title") or "(无标题)",
        f"文号: {doc.get('doc_number') or '-'}  发文机关: {doc.get('issuer') or '-'}  "
        f"日期: {doc.get('date') or '-'}  年度: {doc.get('year') or '-'}",
        f"{len(doc['items'])} items, {tasks} tasks",
        "",
    ]
    for item in doc["items"]:
        indent = "  " * (len(item["path"]) - 1)
        label = item["path"][-1]
        title = item["heading"] or item.get("text", "").replace("\n", "")[:40]
        mark = "[task] " if item["is_task"] else ""
        lines.append(f"{indent}{label}  {mark}{title}")
        pad = indent + " " * (len(label) + 2)
        if item["units"]:
            lines.append(f"{pad}units: {'、'.join(item['units'])}")
        for d in item["deadlines"]:
            lines.append(f"{pad}deadline: {d['date']} ({d['phrase']})")
        for r in item["recurrences"]:
            lines.append(
                f"{pad}recurrence: {PERIOD_NAMES.get(r['period'], r['period'])} ≥{r['min_count']} "
                f"({r['phrase']})"
            )
        for t in item["targets"]:
            lines.append(f"{pad}target: {t['value']}{t['unit']} ({t['phrase']})")
    return "\n".join(lines)


class Command(BaseCommand):
    """``notices parse FILE [--json]``; exits with code 2 naming the problem for a bad file."""

    help = "解析政策文件（TXT、DOCX、PDF、HTML），输出条目大纲或交换格式 JSON。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        parse = sub.add_parser("parse", help="parse a notice file into its numbered items")
        parse.add_argument("file", help="path of the notice (.txt, .docx, .pdf, .html)")
        parse.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print the interchange JSON instead of an outline",
        )

    def handle(self, *args, subcommand, file, as_json=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {path}", returncode=2)
        if not path.is_file():
            raise CommandError(f"not a file: {path}", returncode=2)
        try:
            doc = parse_notice(path)
        except NoticeError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        if as_json:
            self.stdout.write(_dumps(doc))
        else:
            self.stdout.write(render_outline(doc))


def _dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)
