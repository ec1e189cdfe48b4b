"""Benchmark: a spreadsheet import of N enterprises against executemany and COPY of the same rows.

    .venv/bin/python bench/import.py [--rows 5000] [--repeat 3] [--database-url URL]

Fills a throw-away PostgreSQL database (default ``anjian_bench_import`` on 127.0.0.1:5432;
never your own) with the regions, departments, inspectors and county coordinator of
``bench/fixtures.py``, writes an .xlsx of N new enterprises in the import template's columns
and times, in the same run and interleaved:

- pipeline: the whole import as the page and the API run it (read the file, resolve names,
  full_clean and scope-check every row, bulk insert, one audit event per row appended under
  one lock of the chain's head), split into check and write;
- executemany: INSERT of the same N rows, already parsed, with ``cursor.executemany``;
- COPY: the same rows through ``COPY core_enterprise … FROM STDIN``.

Each run is one transaction rolled back at its end, so every run starts from the same
database; the audit chain is verified inside the pipeline's transaction (not timed). Prints
rows/s of each, the ratios, and whether the target (≥ 1,000 rows/s, 5,000 rows ≤ 5 s) holds.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_ROWS_PER_S = 1000
TARGET_SECONDS_FOR_5000 = 5.0


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _workbook(rows: int, start: int, town, department, inspector, sector) -> bytes:
    from openpyxl import Workbook

    from anjian.core.services.enterprise_import import ENTERPRISES
    from bench.fixtures import _credit_code

    headers = [c.header for c in ENTERPRISES.columns]
    values = {
        "单位名称": None,
        "行业领域": sector.name,
        "国民经济行业代码": "C2614",
        "企业规模": "小型",
        "从业人数": 30,
        "属地": town.code,
        "地址": "基准镇工业路1号",
        "经度": 112.551234,
        "纬度": 37.87,
        "行业监管部门": department.name,
        "监管责任人": inspector.username,
        "主要负责人": "王五",
        "主要负责人电话": "13800138001",
        "安全管理人员": "李四",
        "安全管理人员电话": "0351-1234567",
        "标准化等级": "三级",
        "监管类别": "B类",
        "已投保安全生产责任保险": "是",
    }
    wb = Workbook()  # not write-only: like a file saved by Excel, it records its dimensions
    ws = wb.active
    ws.title = ENTERPRISES.sheet
    ws.append(headers)
    for n in range(rows):
        row = values | {"统一社会信用代码": _credit_code(start + n), "单位名称": f"导入基准{n}号"}
        ws.append([row.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/anjian_bench_import"
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("bench/import.py compares with COPY: it needs a PostgreSQL --database-url")
    _ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("ANJIAN_MODE", "embedded")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from anjian.core import audit
    from anjian.core.imports.pipeline import check
    from anjian.core.imports.writer import write
    from anjian.core.models import Department, Enterprise, Region, User
    from anjian.core.services.enterprise_import import ENTERPRISES
    from bench.fixtures import fill

    settings.ANJIAN_MAX_IMPORT_ROWS = max(settings.ANJIAN_MAX_IMPORT_ROWS, args.rows)
    settings.ANJIAN_MAX_SPREADSHEET_BYTES = 100 * 1024 * 1024
    call_command("migrate", verbosity=0)
    coordinator, sector = fill(200)
    county = coordinator.role_assignments.get().region
    town = Region.objects.filter(parent=county).order_by("code").first()
    department = Department.objects.filter(region=county).order_by("pk").first()
    inspector = User.objects.get(username=f"bench_insp_{department.pk}")
    content = _workbook(args.rows, 5_000_000, town, department, inspector, sector)
    fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    insert = f"INSERT INTO core_enterprise ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"

    def run_pipeline() -> tuple[float, float, list]:
        with transaction.atomic():
            started = time.perf_counter()
            file = SimpleUploadedFile("基准.xlsx", content)
            plan = check(ENTERPRISES, by=coordinator, file=file)
            checked = time.perf_counter()
            result = write(plan)
            done = time.perf_counter()
            assert result.ok and len(result.created) == args.rows, result.errors[:5]
            report = audit.verify_chain()
            assert report.ok and report.checked >= args.rows, report.problem
            transaction.set_rollback(True)
        return checked - started, done - checked, result.created

    def db_rows(objs) -> list[tuple]:
        now = timezone.now()
        return [
            tuple(
                now if f.name in ("created_at", "updated_at") else
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                for f in fields
            )
            for obj in objs
        ]  # fmt: skip

    def run_executemany(rows) -> float:
        with transaction.atomic():
            started = time.perf_counter()
            with connection.cursor() as cur:
                cur.executemany(insert, rows)
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    def run_copy(rows) -> float:
        with transaction.atomic():
            started = time.perf_counter()
            with connection.cursor() as cur:
                raw = cur.cursor  # psycopg's own cursor: COPY is not in the DB-API
                with raw.copy(f"COPY core_enterprise ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    check_s, write_s, created = run_pipeline()  # warm-up; its rows feed the baselines
    rows = db_rows(created)
    run_executemany(rows)
    run_copy(rows)
    pipeline, checks, writes, many, copies = [], [], [], [], []
    for _ in range(args.repeat):  # interleaved, so machine noise hits all three alike
        check_s, write_s, _created = run_pipeline()
        checks.append(check_s)
        writes.append(write_s)
        pipeline.append(check_s + write_s)
        many.append(run_executemany(rows))
        copies.append(run_copy(rows))

    n = args.rows
    med = statistics.median
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}  rows: {n}  "
          f"repeat: {args.repeat} (median)")  # fmt: skip
    print(f"xlsx: {len(content) / 1024:.0f} KB, {len(ENTERPRISES.columns)} columns")
    for label, values in (
        ("pipeline (read+check+write+audit)", pipeline),
        ("  of which read+check", checks),
        ("  of which write+audit", writes),
        ("executemany INSERT", many),
        ("COPY FROM STDIN", copies),
    ):
        print(f"{label:36s} {med(values):7.3f} s   {n / med(values):9.0f} rows/s")
    print(f"ratio pipeline/executemany {med(pipeline) / med(many):6.1f}")
    print(f"ratio pipeline/COPY        {med(pipeline) / med(copies):6.1f}")
    rate, per_5000 = n / med(pipeline), med(pipeline) * 5000 / n
    met = rate >= TARGET_ROWS_PER_S and per_5000 <= TARGET_SECONDS_FOR_5000
    print(
        f"target ≥ {TARGET_ROWS_PER_S} rows/s and 5,000 rows ≤ {TARGET_SECONDS_FOR_5000:.0f} s: "
        f"{'met' if met else 'MISSED'} ({rate:.0f} rows/s, {per_5000:.2f} s per 5,000 rows)"
    )


if __name__ == "__main__":
    main()
