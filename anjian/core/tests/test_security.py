"""Sign-in lockout, idle sessions, password rules, production secrets and request ids."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from anjian.core.middleware import IdleExpiryMiddleware
from anjian.core.models import AuditEvent, Enterprise, User
from anjian.core.services import users as user_services
from anjian.core.tests.scenarios import enterprise_form_data

PASSWORD = "Test-password-2026"  # what the factories give every user
PROJECT_DIR = Path(__file__).resolve().parents[3]


def sign_in(client: Client, password: str, username: str = "coordinator"):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_times(client: Client, n: int) -> None:
    """Sign in with a wrong password ``n`` times; the fifth failure answers the locked page."""
    for attempt in range(1, n + 1):
        response = sign_in(client, "wrong-password")
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200
            assert "用户名或密码不正确" in response.content.decode()
        else:
            assert response.status_code == 429
            assert "账号已锁定" in response.content.decode()


# ---- lockout after failed sign-ins ------------------------------------------------------


def test_four_failed_logins_do_not_lock_the_account(world):
    client = Client()
    fail_times(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_five_failed_logins_lock_the_account_even_for_the_right_password(world):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    fail_times(client, 5)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert not signed_in(client)


def test_lockout_is_per_account_not_per_office(world):
    client = Client()
    fail_times(client, 5)
    assert sign_in(client, PASSWORD, username="leader").status_code == 302


def test_locked_account_gets_no_api_token_either(world):
    fail_times(Client(), 5)
    response = APIClient().post(
        "/api/auth/token/", {"username": "coordinator", "password": PASSWORD}
    )
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.data


def timedelta_minutes(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


def rewind_failures(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes))


def test_lock_lasts_the_cool_off_and_lifts_after_it(world):
    assert timedelta_minutes(settings.AXES_COOLOFF_TIME) == 15
    client = Client()
    fail_times(client, 5)
    rewind_failures(14)
    assert sign_in(client, PASSWORD).status_code == 429
    rewind_failures(16)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_administrator_reset_unlocks_at_once(world):
    client = Client()
    fail_times(client, 5)
    assert reset(username="coordinator") == 1
    assert sign_in(client, PASSWORD).status_code == 302


# ---- idle sessions ----------------------------------------------------------------------


def test_sessions_expire_after_thirty_idle_minutes_and_activity_renews_them():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.ANJIAN_SESSION_TOUCH_SECONDS == 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _age_session(client: Client, *, expires_in: dt.timedelta, touched_ago: int) -> None:
    """Make the stored session look idle: close to expiry, last renewed ``touched_ago`` s ago."""
    session = client.session
    session[IdleExpiryMiddleware.KEY] = int(time.time()) - touched_ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() + expires_in)


def test_a_request_after_a_minute_idle_pushes_the_expiry_thirty_minutes_ahead(world):
    client = Client()
    assert sign_in(client, PASSWORD).status_code == 302
    _age_session(client, expires_in=dt.timedelta(minutes=1), touched_ago=61)
    assert client.get(reverse("core:home")).status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_requests_within_a_minute_do_not_write_the_session(world):
    client = Client()
    assert sign_in(client, PASSWORD).status_code == 302
    _age_session(client, expires_in=dt.timedelta(minutes=20), touched_ago=10)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    left = session_row(client).expire_date - timezone.now()
    assert left <= dt.timedelta(minutes=20)


def test_an_idle_session_past_its_expiry_is_signed_out(world):
    client = Client()
    assert sign_in(client, PASSWORD).status_code == 302
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ---- password rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "hint"),
    # Django 5.2's zh_Hans catalogue lacks the new "too short" msgid; the project supplies it.
    [("Ab1-xyz", "10"), ("4839201745", "数字"), ("password123", "常见")],
    ids=["short", "numeric", "common"],
)
def test_user_create_refuses_weak_passwords_in_chinese(world, password, hint):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        user_services.user_create(
            by=world.user("system_admin"),
            username="weak",
            password=password,
            region=world.county_a,
        )
    messages = " ".join(caught.value.message_dict["password"])
    assert hint in messages
    assert not User.objects.filter(username="weak").exists()


def test_user_create_accepts_a_long_passphrase(world):
    user = user_services.user_create(
        by=world.user("system_admin"),
        username="strong",
        password="晨检-Anjian-passphrase-42",
        region=world.county_a,
    )
    assert user.check_password("晨检-Anjian-passphrase-42")


# ---- production settings ------------------------------------------------------------------


def import_settings(**env_overrides) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ANJIAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import anjian.settings"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_without_a_secret_key_refuses_to_start():
    result = import_settings(ANJIAN_MODE="production")
    assert result.returncode != 0
    assert "ANJIAN_SECRET_KEY" in result.stderr


def test_production_mode_with_an_empty_secret_key_refuses_to_start():
    result = import_settings(ANJIAN_MODE="production", ANJIAN_SECRET_KEY="  ")
    assert result.returncode != 0
    assert "ANJIAN_SECRET_KEY" in result.stderr


def test_production_mode_with_a_secret_key_and_database_starts():
    result = import_settings(
        ANJIAN_MODE="production",
        ANJIAN_SECRET_KEY="k" * 50,
        ANJIAN_FIELD_KEY="a2V5LW9mLXRoZS1lbmNyeXB0ZWQtY29sdW1ucy0zMmI=",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/anjian",
    )
    assert result.returncode == 0, result.stderr


def test_production_mode_without_a_database_url_refuses_to_start():
    result = import_settings(ANJIAN_MODE="production", ANJIAN_SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_unknown_mode_refuses_to_start():
    result = import_settings(ANJIAN_MODE="staging")
    assert result.returncode != 0
    assert "ANJIAN_MODE" in result.stderr


# ---- request ids ----------------------------------------------------------------------


def test_response_carries_a_request_id_and_the_audit_row_carries_the_same(world):
    client = APIClient()
    client.force_authenticate(world.user("coordinator"))
    response = client.patch(
        f"/api/enterprises/{world.enterprise_a.pk}/", {"principal_phone": "13700137000"}
    )
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) >= 16
    event = AuditEvent.objects.get(action="enterprise.update")
    assert event.request_id == request_id


def test_page_form_audit_row_carries_the_request_id_of_the_post(world):
    client = Client()
    client.force_login(world.user("enterprise_manager"))
    url = reverse("core:enterprise_update", args=[world.enterprise_a.pk])
    response = client.post(url, enterprise_form_data(world.enterprise_a, principal_name="王五"))
    assert response.status_code == 302
    assert AuditEvent.objects.get().request_id == response["X-Request-ID"]


def test_every_request_gets_its_own_id(world):
    client = Client()
    client.force_login(world.user("leader"))
    first = client.get(reverse("core:home"))["X-Request-ID"]
    second = client.get(reverse("core:home"))["X-Request-ID"]
    assert first and second and first != second


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(world):
    client = Client()
    client.force_login(world.user("leader"))
    kept = client.get(reverse("core:home"), HTTP_X_REQUEST_ID="proxy-req-0001")
    assert kept["X-Request-ID"] == "proxy-req-0001"
    replaced = client.get(reverse("core:home"), HTTP_X_REQUEST_ID="bad id\n<script>")
    assert replaced["X-Request-ID"] != "bad id\n<script>"
    assert replaced["X-Request-ID"].isalnum()


def test_anonymous_pages_also_carry_a_request_id():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    assert response["X-Request-ID"]


def test_token_authenticated_api_calls_create_no_session(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.user("coordinator"))
    before = Session.objects.count()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/enterprises/").status_code == 200
    assert Session.objects.count() == before


def test_filter_choices_without_a_signed_in_request_offer_no_rows(world):
    from anjian.core.filters import EnterpriseFilterSet

    form = EnterpriseFilterSet({}, queryset=Enterprise.objects.all()).form
    assert not form.fields["region"].queryset.exists()
    assert not form.fields["supervising_department"].queryset.exists()
