"""The handlers' lists of 群众举报: filters, the HTMX table, a fixed number of queries.

Who may open which report page or call which endpoint, inside (county A) and outside
(county B), is tried for every role by the route harness (routes.py, test_routes.py).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anjian.hazards.tests.test_public_reports_support import api_client, build_scene


@pytest.fixture
def scene(world):
    return build_scene(world)


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- pages --------------------------------------------------------------------------------------


def test_list_page_filters_and_answers_htmx_with_the_table(scene):
    client = page_client(scene.user("coordinator"))
    url = reverse("hazard_reports:report_list")
    assert client.get(url, {"status": "dismissed"}).context["object_list"].count() == 0
    partial = client.get(url, {"q": "消防通道"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<h1>" not in partial.content.decode()
    assert f"#{scene.a.pk}" in partial.content.decode()


# ---- API ----------------------------------------------------------------------------------------

API = "/api/hazard-public-reports"


def test_api_list_needs_a_fixed_number_of_queries(scene, django_assert_max_num_queries):
    from anjian.hazards.tests.test_public_reports_support import submit

    for _ in range(5):
        submit(scene.world.town_a2, photos=[])
    client = api_client(scene.user("coordinator"))
    client.get(f"{API}/")  # warm the user's assignments
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/")
    assert response.data["count"] == 6
