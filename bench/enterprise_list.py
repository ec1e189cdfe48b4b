"""Benchmark: the scoped enterprise list API page against the raw SQL that returns the same page.

    .venv/bin/python bench/enterprise_list.py [--rows N] [--repeat R] [--database-url URL]

Fills a throw-away database (default: PostgreSQL ``anjian_bench`` when it answers on
127.0.0.1:5432, else a SQLite file in var/) with N enterprises over two counties, then
times, in the same run, (a) GET /api/enterprises/?sector=…&page_size=50 as a county
coordinator (middleware, auth, scope filter, bounded count, serialisation) and (b) raw
SQL for the same 50 rows plus the same bounded count. Prints p50/p95 and their ratio.
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


def _default_url() -> str:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2):
            return "postgres://postgres@127.0.0.1:5432/anjian_bench"
    except Exception:
        return f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def _ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        (ROOT / "var").mkdir(exist_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="enterprises (default 200000 PG)")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or _default_url()
    rows = args.rows or (200_000 if url.startswith("postgres") else 20_000)
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
    from bench.fixtures import fill

    coordinator, sector = fill(rows)
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    api_url = f"/api/enterprises/?sector={sector.pk}&page_size=50"
    county_path = coordinator.role_assignments.get().region.path
    raw_page = """
        SELECT e.*, s.name, r.full_name, d.name, u.username, u.display_name
        FROM core_enterprise e
        JOIN core_sector s ON s.id = e.sector_id
        JOIN core_region r ON r.id = e.region_id
        JOIN core_department d ON d.id = e.supervising_department_id
        JOIN core_user u ON u.id = e.responsible_inspector_id
        WHERE r.path LIKE %s AND e.sector_id = %s
        ORDER BY e.id DESC LIMIT 50"""
    raw_count = """
        SELECT COUNT(*) FROM (SELECT e.id FROM core_enterprise e
        JOIN core_region r ON r.id = e.region_id
        WHERE r.path LIKE %s AND e.sector_id = %s LIMIT 10001) t"""

    def time_api() -> float:
        t = time.perf_counter()
        response = client.get(api_url)
        assert response.status_code == 200, response.content[:300]
        return time.perf_counter() - t

    def time_raw() -> float:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(raw_count, [county_path + "%", sector.pk])
            cur.fetchone()
            cur.execute(raw_page, [county_path + "%", sector.pk])
            cur.fetchall()
        return time.perf_counter() - t

    api_body = client.get(api_url).json()
    for _ in range(10):  # warm caches
        time_api()
        time_raw()
    api, raw = [], []
    for _ in range(args.repeat):  # interleaved, so machine noise hits both alike
        api.append(time_api())
        raw.append(time_raw())

    def pct(values, p):
        return statistics.quantiles(values, n=100)[p - 1] * 1000

    print(f"database: {connection.vendor}  enterprises: {rows}  repeat: {args.repeat}")
    print(
        f"page: {len(api_body['results'])} rows, count={api_body['count']} "
        f"exact={api_body['count_exact']}"
    )
    print(f"api  p50 {pct(api, 50):8.2f} ms   p95 {pct(api, 95):8.2f} ms")
    print(f"raw  p50 {pct(raw, 50):8.2f} ms   p95 {pct(raw, 95):8.2f} ms")
    print(
        f"ratio api/raw  p50 {pct(api, 50) / pct(raw, 50):6.2f}   "
        f"p95 {pct(api, 95) / pct(raw, 95):6.2f}"
    )


if __name__ == "__main__":
    main()
