"""The interface is Chinese unless the user picks English; Django's gaps are filled in Chinese."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation


def test_english_browser_still_gets_the_chinese_interface(world, client):
    client.force_login(world.user("coordinator"))
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "工作台" in html


def test_choosing_english_with_the_switcher_translates_the_shell(world, client):
    client.force_login(world.user("coordinator"))
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Dashboard" in html
    assert "Enterprises" in html  # the menu entry


def test_unknown_language_cookie_falls_back_to_chinese(world, client):
    client.force_login(world.user("coordinator"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "工作台" in client.get(reverse("core:home")).content.decode()


def test_password_too_short_message_is_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password("a1b2")
    assert caught.value.messages == ["密码太短，至少需要 10 个字符。"]
