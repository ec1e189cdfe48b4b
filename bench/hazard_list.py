"""Benchmark: the scoped hazard list page (status=rectifying) against the raw SQL for that page.

    .venv/bin/python bench/hazard_list.py [--rows N] [--repeat R] [--database-url URL] [--drop]

Fills a throw-away database (default: PostgreSQL ``anjian_bench_hazards`` when it answers
on 127.0.0.1:5432, else a SQLite file in var/; never the developer's own database) with N
hazards (default 1,000,000 on PostgreSQL) spread over the bench enterprises of two
counties, statuses mixed, then times in the same run, interleaved:

(a) the scoped page for a county-A coordinator: GET /api/hazards/?status=rectifying
    &page_size=50 once that route resolves; until then the queryset it will run,
    ``Hazard.objects.visible_to(user).filter(status=...).select_related(...)``, through the
    bounded paginator (bounded count + a page of 50), for a user loaded afresh each time
    (as each request does), and
(b) raw SQL for the same 50 rows plus the same bounded count.

Prints p50/p95 of both and their ratio, and the PostgreSQL plan of the scoped page query.
PostgreSQL rows go in with INSERT … SELECT over generate_series (then VACUUM ANALYZE);
SQLite with bulk_create in batches. A rerun reuses the rows already there; ``--drop``
drops the database at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_NAME = "anjian_bench_hazards"
ENTERPRISES = 20_000
PAGE_SIZE = 50
SELECT_RELATED = ("enterprise", "region", "sector", "department")


def _default_url() -> str:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2):
            return f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}"
    except Exception:
        return f"sqlite:///{ROOT / 'var' / 'bench_hazards.sqlite3'}"


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"


def _ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        (ROOT / "var").mkdir(exist_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    if not url.startswith("postgres"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Status by g % 20: 8 closed, 2 reported, 2 assigned, 5 rectifying, 3 submitted.
_STATUS_SQL = """CASE
    WHEN g %% 20 < 8 THEN 'closed' WHEN g %% 20 < 10 THEN 'reported'
    WHEN g %% 20 < 12 THEN 'assigned' WHEN g %% 20 < 17 THEN 'rectifying'
    ELSE 'submitted' END"""

_INSERT_SQL = f"""
WITH ent AS (
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, region_id,
           supervising_department_id, sector_id
    FROM core_enterprise WHERE credit_code LIKE '91980101%%'
), rows AS (
    SELECT g, {_STATUS_SQL} AS status,
           now() - (g %% 730) * interval '1 day' - (g %% 86400) * interval '1 second' AS found_at
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
)
INSERT INTO hazards_hazard (
    enterprise_id, region_id, department_id, sector_id, source, found_at, place, description,
    level, status, owner_name, measures, funds, deadline, deadline_party, rectification_note,
    closed_at, overdue_since, double_report_late, is_listed, is_demo, version,
    created_at, updated_at)
SELECT e.id, e.region_id, e.supervising_department_id, e.sector_id,
       CASE WHEN rows.g %% 3 = 0 THEN 'self_check' ELSE 'department' END,
       rows.found_at, '基准部位' || rows.g, '基准隐患描述',
       CASE WHEN rows.g %% 50 = 0 THEN 'major' ELSE 'general' END,
       rows.status, '', '', 0,
       CASE WHEN rows.status <> 'reported' THEN (rows.found_at + interval '30 days')::date END,
       '', '',
       CASE WHEN rows.status = 'closed' THEN rows.found_at + interval '20 days' END,
       CASE WHEN rows.status IN ('assigned', 'rectifying') AND rows.g %% 730 > 30
            THEN (rows.found_at + interval '31 days')::date END,
       false, rows.status <> 'closed' AND rows.g %% 250 = 0, false, 1, rows.found_at, now()
FROM rows JOIN ent e ON e.n = (rows.g * 7919) %% (SELECT count(*) FROM ent)
"""


def _fill_postgresql(have: int, rows: int) -> None:
    from django.db import connection

    step = 250_000
    with connection.cursor() as cur:
        for first in range(have + 1, rows + 1, step):
            last = min(first + step - 1, rows)
            cur.execute(_INSERT_SQL, {"first": first, "last": last})
            print(f"  inserted hazards {first}…{last}", flush=True)
        # Steady state, as autovacuum leaves it: statistics and the visibility map (without
        # the latter no plan can be index-only right after a bulk load).
        cur.execute("VACUUM ANALYZE hazards_hazard")
        cur.execute("ANALYZE")


def _fill_in_batches(have: int, rows: int) -> None:
    import datetime as dt

    from django.utils import timezone

    from anjian.core.models import Enterprise
    from anjian.hazards.models import Hazard

    enterprises = list(
        Enterprise.objects.filter(credit_code__startswith="91980101").values_list(
            "id", "region_id", "supervising_department_id", "sector_id"
        )
    )
    statuses = ["closed"] * 8 + ["reported"] * 2 + ["assigned"] * 2 + ["rectifying"] * 5
    statuses += ["submitted"] * 3
    now = timezone.now()
    batch = []
    for g in range(have + 1, rows + 1):
        ent, region, department, sector = enterprises[(g * 7919) % len(enterprises)]
        status = statuses[g % 20]
        found = now - dt.timedelta(days=g % 730, seconds=g % 86400)
        batch.append(
            Hazard(
                enterprise_id=ent,
                region_id=region,
                department_id=department,
                sector_id=sector,
                source="self_check" if g % 3 == 0 else "department",
                found_at=found,
                place=f"基准部位{g}",
                description="基准隐患描述",
                level="major" if g % 50 == 0 else "general",
                status=status,
                deadline=(found + dt.timedelta(days=30)).date() if status != "reported" else None,
                closed_at=found + dt.timedelta(days=20) if status == "closed" else None,
                is_listed=status != "closed" and g % 250 == 0,
            )
        )
        if len(batch) == 10_000:
            Hazard.objects.bulk_create(batch)
            batch = []
    if batch:
        Hazard.objects.bulk_create(batch)


def fill(rows: int):
    """Make sure ``rows`` bench hazards exist; return the county-A coordinator."""
    from django.db import connection

    from anjian.hazards.models import Hazard
    from bench.fixtures import fill as fill_enterprises

    coordinator, _sector = fill_enterprises(ENTERPRISES)
    have = Hazard.objects.count()
    if have < rows:
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            _fill_postgresql(have, rows)
        else:
            _fill_in_batches(have, rows)
        print(f"filled {rows - have} hazards in {time.perf_counter() - started:.1f} s")
    return coordinator


def _api_resolves() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/hazards/")
    except Resolver404:
        return False
    return True


RAW_PAGE = """
    SELECT h.*, e.name, r.full_name, s.name, d.name
    FROM hazards_hazard h
    JOIN core_enterprise e ON e.id = h.enterprise_id
    JOIN core_region r ON r.id = h.region_id
    JOIN core_sector s ON s.id = h.sector_id
    LEFT JOIN core_department d ON d.id = h.department_id
    WHERE r.path LIKE %s AND h.status = %s
    ORDER BY h.found_at DESC, h.id DESC LIMIT 50"""
RAW_COUNT = """
    SELECT COUNT(*) FROM (SELECT h.id FROM hazards_hazard h
    JOIN core_region r ON r.id = h.region_id
    WHERE r.path LIKE %s AND h.status = %s LIMIT 10001) t"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="hazards (default 1000000 PG)")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    args = parser.parse_args()
    url = args.database_url or _default_url()
    rows = args.rows or (1_000_000 if url.startswith("postgres") else 100_000)
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ANJIAN_MODE", "embedded")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        run(url, rows, args.repeat)
    finally:
        if args.drop:
            from django.db import connections

            connections.close_all()
            _drop_database(url)
            print(f"dropped {url}")


def run(url: str, rows: int, repeat: int) -> None:
    from django.db import connection
    from django.test import Client

    from anjian.core.models import User
    from anjian.core.pagination import BoundedPaginator
    from anjian.hazards.models import Hazard

    coordinator = fill(rows)
    status = "rectifying"
    county_path = coordinator.role_assignments.get().region.path
    use_api = _api_resolves()
    client = Client()
    client.force_login(coordinator)
    api_url = f"/api/hazards/?status={status}&page_size={PAGE_SIZE}"

    def scoped_page():
        user = User.objects.get(pk=coordinator.pk)  # as a request does: scope read afresh
        qs = Hazard.objects.visible_to(user).filter(status=status).select_related(*SELECT_RELATED)
        paginator = BoundedPaginator(qs.order_by("-found_at", "-id"), PAGE_SIZE)
        page = paginator.page(1)
        return len(page.object_list), paginator.count, paginator.count_is_exact

    def time_scoped() -> float:
        t = time.perf_counter()
        if use_api:
            response = client.get(api_url)
            assert response.status_code == 200, response.content[:300]
        else:
            scoped_page()
        return time.perf_counter() - t

    def raw_page():
        with connection.cursor() as cur:
            cur.execute(RAW_COUNT, [county_path + "%", status])
            count = cur.fetchone()[0]
            cur.execute(RAW_PAGE, [county_path + "%", status])
            return cur.fetchall(), count

    def time_raw() -> float:
        t = time.perf_counter()
        raw_page()
        return time.perf_counter() - t

    if use_api:
        body = client.get(api_url).json()
        shown = (len(body["results"]), body["count"], body["count_exact"])
        ids = [r["id"] for r in body["results"]]
    else:
        shown = scoped_page()
        user = User.objects.get(pk=coordinator.pk)
        qs = Hazard.objects.visible_to(user).filter(status=status).order_by("-found_at", "-id")
        ids = list(qs.values_list("id", flat=True)[:PAGE_SIZE])
    raw_rows, raw_count = raw_page()
    assert ids == [r[0] for r in raw_rows], "the scoped page and the raw SQL differ"
    assert min(raw_count, 10_001) == shown[1] or not shown[2], (raw_count, shown)
    for _ in range(10):  # warm caches
        time_scoped()
        time_raw()
    scoped, raw = [], []
    for _ in range(repeat):  # interleaved, so machine noise hits both alike
        scoped.append(time_scoped())
        raw.append(time_raw())

    def pct(values, p):
        return statistics.quantiles(values, n=100)[p - 1] * 1000

    label = "api   " if use_api else "orm   "
    print(f"database: {connection.vendor}  hazards: {Hazard.objects.count()}  repeat: {repeat}")
    print(
        "timed: "
        + (
            f"GET {api_url}"
            if use_api
            else "visible_to(user).filter(status).select_related() + bounded count (no API yet)"
        )
    )
    print(f"page: {shown[0]} rows, count={min(shown[1], 10_000)} exact={shown[2]}")
    print(f"{label}p50 {pct(scoped, 50):8.2f} ms   p95 {pct(scoped, 95):8.2f} ms")
    print(f"raw   p50 {pct(raw, 50):8.2f} ms   p95 {pct(raw, 95):8.2f} ms")
    print(
        f"ratio {label.strip()}/raw  p50 {pct(scoped, 50) / pct(raw, 50):6.2f}   "
        f"p95 {pct(scoped, 95) / pct(raw, 95):6.2f}"
    )
    if connection.vendor == "postgresql":
        explain_scoped(scoped_page)


def explain_scoped(scoped_page) -> None:
    """EXPLAIN ANALYZE the very SQL the scoped page ran: the bounded count, then the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        scoped_page()
    for query in ctx.captured_queries:
        sql = query["sql"]
        if "hazards_hazard" not in sql:
            continue
        kind = "bounded count" if sql.lstrip().upper().startswith("SELECT COUNT") else "page"
        print(f"plan of the scoped {kind}:")
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(row[0] for row in cur.fetchall()))


if __name__ == "__main__":
    main()
