"""Encrypted columns: AES-GCM under ANJIAN_FIELD_KEY, bound to their purpose, rotatable."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from anjian.core import crypto
from anjian.core.tests.test_security import import_settings

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
OTHER_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
PURPOSE = "tests.contact_phone"


def test_a_sealed_value_opens_with_the_same_purpose_and_hides_the_plain_text(settings):
    settings.ANJIAN_FIELD_KEY = KEY
    sealed = crypto.encrypt("13800138000", purpose=PURPOSE)
    assert "13800138000" not in sealed
    assert sealed.startswith(f"enc1:{crypto.key_id(b'k' * 32)}:")
    assert crypto.decrypt(sealed, purpose=PURPOSE) == "13800138000"


def test_sealing_twice_gives_different_text_each_time(settings):
    settings.ANJIAN_FIELD_KEY = KEY
    assert crypto.encrypt("张三", purpose=PURPOSE) != crypto.encrypt("张三", purpose=PURPOSE)


def test_the_empty_string_stays_empty():
    assert crypto.encrypt("", purpose=PURPOSE) == ""
    assert crypto.decrypt("", purpose=PURPOSE) == ""


def test_a_value_copied_into_another_column_does_not_open(settings):
    settings.ANJIAN_FIELD_KEY = KEY
    sealed = crypto.encrypt("13800138000", purpose=PURPOSE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, purpose="tests.contact_name")


def test_a_tampered_value_does_not_open(settings):
    settings.ANJIAN_FIELD_KEY = KEY
    prefix, kid, body = crypto.encrypt("13800138000", purpose=PURPOSE).split(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[-1] ^= 1
    tampered = f"{prefix}:{kid}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, purpose=PURPOSE)


def test_a_rotated_key_still_reads_old_values_listed_as_old_keys(settings):
    settings.ANJIAN_FIELD_KEY = KEY
    old = crypto.encrypt("13800138000", purpose=PURPOSE)
    settings.ANJIAN_FIELD_KEY = OTHER_KEY
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(old, purpose=PURPOSE)
    settings.ANJIAN_FIELD_OLD_KEYS = [KEY]
    assert crypto.decrypt(old, purpose=PURPOSE) == "13800138000"
    assert crypto.key_id(b"o" * 32) in crypto.encrypt("x", purpose=PURPOSE)


def test_without_a_configured_key_one_is_derived_from_the_secret_key(settings):
    settings.ANJIAN_FIELD_KEY = ""
    settings.SECRET_KEY = "s" * 50
    derived = crypto.derive_key("s" * 50)
    assert crypto.current_key() == derived and len(derived) == 32
    sealed = crypto.encrypt("张三", purpose=PURPOSE)
    settings.SECRET_KEY = "t" * 50
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(sealed, purpose=PURPOSE)


@pytest.mark.parametrize("bad", ["not base64!", base64.urlsafe_b64encode(b"short").decode()])
def test_a_malformed_key_is_refused_with_a_clear_error(bad):
    with pytest.raises(ImproperlyConfigured, match="ANJIAN_FIELD_KEY"):
        crypto.parse_key(bad)


def test_production_mode_without_a_field_key_refuses_to_start():
    result = import_settings(
        ANJIAN_MODE="production",
        ANJIAN_SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/anjian",
    )
    assert result.returncode != 0
    assert "ANJIAN_FIELD_KEY" in result.stderr


def test_production_mode_with_a_malformed_field_key_refuses_to_start():
    result = import_settings(
        ANJIAN_MODE="production",
        ANJIAN_SECRET_KEY="k" * 50,
        ANJIAN_FIELD_KEY="too-short",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/anjian",
    )
    assert result.returncode != 0
    assert "ANJIAN_FIELD_KEY" in result.stderr
