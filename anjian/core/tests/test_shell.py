"""The console command, sign-out and CSRF protection of the page shell."""

from django.test import Client
from django.urls import reverse

from anjian import cli


def test_anjian_command_maps_hyphens_to_management_command_names(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main(["anjian", "load-reference", "--force"])
    cli.main(["anjian", "audit", "verify", "--state"])
    assert seen == [
        ["anjian", "load_reference", "--force"],
        ["anjian", "audit", "verify", "--state"],
    ]


def test_sign_out_ends_the_session(world, client):
    client.force_login(world.user("coordinator"))
    assert client.get(reverse("core:home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302  # back to the sign-in page


def test_a_form_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("core:enterprise_create"), {"name": "x"})
    assert response.status_code == 403
    login = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "coordinator", "password": "Test-password-2026"}
    )
    assert login.status_code == 403
