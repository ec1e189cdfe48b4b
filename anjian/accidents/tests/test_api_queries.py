"""List endpoints and pages run a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from anjian.accidents.models import SupervisionTask, TaskStatus
from anjian.accidents.services import investigations, publications, sanctions, warnings
from anjian.accidents.services.escalation import supervision_task_close
from anjian.accidents.tests.conftest import report
from anjian.core.models import User
from anjian.core.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.usefixtures("rules")

# Auth and scope, the bounded count, the page, and one query per prefetched relation.
MAX_QUERIES = 6


def accident(world, **kwargs):
    return report(region=world.town_a1, enterprise=world.enterprise_a, **kwargs)


def grow_accidents(world, n):
    for _ in range(n):
        accident(world, minor_injuries=1)


def grow_investigations(world, n):
    for _ in range(n):
        investigations.investigation_open(
            by=None, accident=accident(world), led_by="甲县人民政府", team="应急局"
        )


def grow_tasks(world, n):
    start = timezone.localdate() - dt.timedelta(days=200)
    for i in range(n + 1):
        day = start + dt.timedelta(days=i)
        occurred = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        accident(world, deaths=3, occurred_at=occurred)
        for task in SupervisionTask.objects.filter(status=TaskStatus.OPEN):
            supervision_task_close(by=None, task=task, conclusion="专项巡查已完成")


def grow_warnings(world, n):
    source = accident(world)
    for i in range(n):
        warnings.warning_issue(
            by=None,
            accident=source,
            region=world.county_a,
            title=f"警示{i}",
            content="各单位立即开展自查自改。",
        )


def grow_sanctions(world, n):
    for _ in range(n):
        enterprise = EnterpriseFactory(
            region=world.town_a1,
            sector=world.enterprise_a.sector,
            supervising_department=world.dept_a,
            responsible_inspector=world.enterprise_a.responsible_inspector,
        )
        sanctions.sanction_impose(
            by=None, enterprise=enterprise, kind="production_suspended", reason="停产停业整顿"
        )


def grow_publications(world, n):
    for _ in range(n):
        source = accident(world)
        draft = publications.publication_draft(source)
        publications.publish(
            by=None,
            accident=source,
            title=draft["title"],
            summary=draft["summary"],
            lessons="吸取教训，举一反三。",
        )


GROWERS = {
    "accidents": grow_accidents,
    "accident-investigations": grow_investigations,
    "supervision-tasks": grow_tasks,
    "industry-warnings": grow_warnings,
    "warning-acknowledgements": grow_warnings,
    "enterprise-sanctions": grow_sanctions,
    "accident-publications": grow_publications,
}


def counted(queries) -> int:
    """Queries the endpoint itself runs (core's idle-session renewal writes are not its cost)."""
    return sum(
        1
        for q in queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"].upper()
    )


def queries_for_list(user_pk: int, path: str) -> tuple[int, int]:
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user_pk))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/{path}/", {"page_size": 100})
    assert response.status_code == 200, response.data
    return counted(ctx.captured_queries), len(response.data["results"])


CASES = [("system_admin", path) for path in GROWERS if path != "warning-acknowledgements"] + [
    ("regulator", "accidents"),
    ("regulator", "enterprise-sanctions"),
    ("enterprise_manager", "warning-acknowledgements"),
    ("enterprise_manager", "accidents"),
]


@pytest.mark.parametrize(("role", "path"), CASES)
def test_list_endpoint_query_count_does_not_grow_with_rows(world, role, path):
    grow = GROWERS[path]
    user = world.user(role)
    grow(world, 2)
    few, few_rows = queries_for_list(user.pk, path)
    grow(world, 6)
    many, many_rows = queries_for_list(user.pk, path)
    assert many_rows >= few_rows + 6
    assert many == few <= MAX_QUERIES


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        ("accidents:accident_list", grow_accidents),
        ("accidents:investigation_list", grow_investigations),
        ("accidents:warning_list", grow_warnings),
        ("accidents:sanction_list", grow_sanctions),
        ("accidents:task_list", grow_tasks),
    ],
)
def test_list_page_query_count_does_not_grow_with_rows(world, url_name, grow):
    client = Client()
    client.force_login(world.user("system_admin"))

    def cost() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return counted(ctx.captured_queries)

    grow(world, 2)
    few = cost()
    grow(world, 6)
    assert cost() == few
