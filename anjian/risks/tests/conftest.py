"""Risk fixtures: the reference tables loaded through the audited loader, and a register.

``register`` extends the shared ``world`` (county A inside, county B outside) with a risk
point and a control measure at enterprise_a, a risk point at enterprise_a2 and the same at
enterprise_b in county B, all made through the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anjian.core.models import AccidentCategory
from anjian.core.services import reference
from anjian.core.tests.factories import accident_categories
from anjian.risks.models import HazardFactorCategory, LecFactor, LsScale, RiskBand
from anjian.risks.reference_data import DATA_DIR
from anjian.risks.services import measures, risk_points


@pytest.fixture
def risk_scales(db):
    """The LEC and LS factor tables and bands, as ``anjian load-reference`` loads them."""
    call_command("load_reference", "risks.lec", "risks.ls", stdout=StringIO())


def _rows(path) -> list[dict]:
    doc, _digest = reference.read_dataset(path)
    return [dict(zip(doc["columns"], values, strict=True)) for values in doc["rows"]]


@pytest.fixture
def risk_reference(db):
    """The risk reference tables (see ``load_risk_reference``)."""
    load_risk_reference()


def load_risk_reference() -> None:
    """Scales, bands, GB/T 13861 hazard factors and GB 6441 categories from the shipped files.

    Inserted in bulk, like the core factories: test data. The audited loader itself is tested
    in test_reference.py; the bulk insert keeps each test's set-up cheap.
    """
    factors, scales, bands = [], [], []
    for filename in ("lec.json", "ls.json"):
        method = "LEC" if filename == "lec.json" else "LS"
        for row in _rows(DATA_DIR / filename):
            if row["kind"] == "band":
                bands.append(
                    RiskBand(
                        code=row["code"],
                        method=method,
                        lower_bound=Decimal(row["value"]),
                        level=row["level"],
                        level_name=row["level_name"],
                        colour=row["colour"],
                        description=row["description"],
                        source=row["source"],
                    )
                )
            elif method == "LEC":
                factors.append(
                    LecFactor(
                        code=row["code"],
                        factor=row["axis"],
                        score=Decimal(row["value"]),
                        description=row["description"],
                    )
                )
            else:
                scales.append(
                    LsScale(
                        code=row["code"],
                        axis=row["axis"],
                        value=int(row["value"]),
                        description=row["description"],
                    )
                )
    LecFactor.objects.bulk_create(factors)
    LsScale.objects.bulk_create(scales)
    RiskBand.objects.bulk_create(bands)
    HazardFactorCategory.objects.bulk_create(
        HazardFactorCategory(
            code=r["code"], name=r["name"], parent_code=r["parent_code"], level=r["level"]
        )
        for r in _rows(DATA_DIR / "hazard_factors.json")
    )
    accident_categories()


def point_data(enterprise, **overrides) -> dict:
    """A valid new LEC risk point (6 × 6 × 7 = 252, 较大) of ``enterprise``."""
    data = {
        "enterprise": enterprise,
        "name": "液氨储罐区",
        "place": "储罐区",
        "activity": "液氨储存",
        "hazard_factors": list(HazardFactorCategory.objects.filter(code__in=["22", "2101"])),
        "accident_types": list(AccidentCategory.objects.filter(code__in=["19", "08"])),
        "method": "LEC",
        "lec_l": Decimal(6),
        "lec_e": Decimal(6),
        "lec_c": Decimal(7),
        "responsible_name": "张三",
        "responsible_phone": "13800138000",
        "next_review_on": timezone.localdate() + dt.timedelta(days=180),
    }
    data.update(overrides)
    return data


def make_point(enterprise, by=None, **overrides):
    return risk_points.risk_point_create(by=by, data=point_data(enterprise, **overrides))


def add_measure(point, by=None, **overrides):
    values = {
        "kind": "engineering",
        "control_level": "company",
        "text": "设置可燃有毒气体检测报警装置",
        "responsible": "张三",
    }
    values.update(overrides)
    return measures.measure_add(by=by, risk_point=point, **values)


@pytest.fixture
def register(world, risk_reference):
    """The world plus risk points and measures in county A (``a``) and county B (``b``)."""
    return build_register(world)


def build_register(world):
    """Add to ``world`` a risk register in each county (the reference tables loaded first)."""
    world.a = {"point": make_point(world.enterprise_a, name="甲一液氨储罐区")}
    world.a["measure"] = add_measure(world.a["point"])
    world.b = {"point": make_point(world.enterprise_b, name="乙一液氨储罐区")}
    world.b["measure"] = add_measure(world.b["point"], text="乙一储罐区喷淋装置")
    world.point_a2 = make_point(
        world.enterprise_a2,
        name="甲二配电室",
        method="LS",
        lec_l=None,
        lec_e=None,
        lec_c=None,
        ls_l=2,
        ls_s=3,
    )
    return world
