"""Bulk fixtures for benchmarks: two counties, departments, inspectors and N enterprises.

Benchmark data is written with bulk_create, not through services: it is throw-away data in
a throw-away database, and timing the audit chain is not what these benchmarks measure.
"""

from __future__ import annotations

import random

from anjian.core.models import Department, Enterprise, Region, RoleAssignment, Sector, User
from anjian.core.validators import CREDIT_CODE_CHARSET, credit_code_check_char


def _region(code, name, level, parent):
    path = (parent.path if parent else "") + code + "/"
    region, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": level, "parent": parent, "path": path, "full_name": name},
    )
    return region


def _credit_code(n: int) -> str:
    chars = []
    for _ in range(9):
        n, r = divmod(n, len(CREDIT_CODE_CHARSET))
        chars.append(CREDIT_CODE_CHARSET[r])
    first17 = "9198" + "0101" + "".join(reversed(chars))
    return first17 + credit_code_check_char(first17)


def fill(rows: int):
    """Make sure ``rows`` bench enterprises exist; return (county-A coordinator, a sector)."""
    province = _region("980000", "基准省", 1, None)
    counties = [_region(f"98010{i}", f"基准县{i}", 3, province) for i in (1, 2)]
    towns = [
        _region(f"{c.code}{100 + t}", f"{c.name}{t}镇", 4, c) for c in counties for t in range(20)
    ]
    sectors = list(Sector.objects.all())
    if not sectors:
        sectors = [Sector.objects.create(code=f"s{i}", name=f"基准行业{i}") for i in range(17)]
    departments, inspectors = [], []
    for county in counties:
        for k in range(5):
            dept, _ = Department.objects.get_or_create(
                region=county, name=f"{county.name}部门{k}", defaults={"kind": "industry_regulator"}
            )
            departments.append(dept)
            user, _ = User.objects.get_or_create(
                username=f"bench_insp_{dept.pk}", defaults={"department": dept, "region": county}
            )
            inspectors.append(user)
    coordinator, created = User.objects.get_or_create(
        username="bench_coordinator", defaults={"region": counties[0]}
    )
    if created:
        RoleAssignment.objects.create(user=coordinator, role="coordinator", region=counties[0])
    have = Enterprise.objects.filter(credit_code__startswith="91980101").count()
    rng = random.Random(7)
    batch = []
    for n in range(have, rows):
        town = towns[rng.randrange(len(towns))]
        county_index = 0 if town.path.startswith(counties[0].path) else 1
        k = rng.randrange(5)
        batch.append(
            Enterprise(
                credit_code=_credit_code(n),
                name=f"基准企业{n}有限公司",
                sector=sectors[rng.randrange(len(sectors))],
                scale="small",
                employee_count=10,
                address="基准地址",
                region=town,
                supervising_department=departments[county_index * 5 + k],
                responsible_inspector=inspectors[county_index * 5 + k],
                principal_name="张三",
                principal_phone="13800138000",
            )
        )
        if len(batch) == 5000:
            Enterprise.objects.bulk_create(batch)
            batch = []
    if batch:
        Enterprise.objects.bulk_create(batch)
    if have < rows:
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
    return coordinator, sectors[0]
