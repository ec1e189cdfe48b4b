"""Encryption of personal data at rest (a whistleblower's name and phone, …).

A value is sealed with AES-256-GCM under the key of setting ``ANJIAN_FIELD_KEY`` (32 bytes,
url-safe base64; required in production mode). The stored text is
``enc1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``: a database reader sees only that.

The ``purpose`` (e.g. ``"hazards.publicreport.contact_phone"``) is bound to the ciphertext
as associated data, so a value copied into another column does not decrypt there.

Embedded and test mode without ``ANJIAN_FIELD_KEY``: the key is derived from SECRET_KEY with
HKDF-SHA256 (info ``anjian field key v1``). Changing SECRET_KEY then makes earlier values
unreadable, so a deployment that keeps data sets ANJIAN_FIELD_KEY. To rotate, set the new
key and list the old ones in ``ANJIAN_FIELD_OLD_KEYS``: values are read with the key whose
id they carry, and written with the current one.

Generate a key with::

    openssl rand -base64 32 | tr '+/' '-_'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
NONCE_BYTES = 12
HKDF_INFO = b"anjian field key v1"


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong key, another column's value, or tampering."""


def parse_key(text: str) -> bytes:
    """A 32-byte key from its url-safe base64 form; a clear error for anything else."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, binascii.Error) as error:
        raise ImproperlyConfigured("ANJIAN_FIELD_KEY must be url-safe base64") from error
    if len(key) != 32:
        raise ImproperlyConfigured(
            f"ANJIAN_FIELD_KEY must encode 32 bytes (AES-256), not {len(key)}"
        )
    return key


def derive_key(secret: str) -> bytes:
    """The embedded-mode key: HKDF-SHA256 over SECRET_KEY (no salt, fixed info)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret.encode("utf-8")
    )


def current_key() -> bytes:
    configured = getattr(settings, "ANJIAN_FIELD_KEY", "") or ""
    if configured:
        return parse_key(configured)
    return derive_key(settings.SECRET_KEY)


def key_id(key: bytes) -> str:
    """A short, non-secret name of a key (so a value says which key sealed it)."""
    return hashlib.sha256(b"anjian key id" + key).hexdigest()[:8]


def _keys() -> dict[str, bytes]:
    """The current key and the retired ones still needed to read older values, by key id."""
    keys = {}
    for text in getattr(settings, "ANJIAN_FIELD_OLD_KEYS", []):
        old = parse_key(text)
        keys[key_id(old)] = old
    current = current_key()
    keys[key_id(current)] = current
    return keys


def encrypt(value: str, *, purpose: str) -> str:
    """Seal ``value`` for the column named by ``purpose``; the empty string stays empty."""
    if not value:
        return ""
    key = current_key()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, value.encode("utf-8"), purpose.encode("utf-8"))
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    return f"{PREFIX}:{key_id(key)}:{body}"


def decrypt(stored: str, *, purpose: str) -> str:
    """Open a value sealed by ``encrypt`` for the same ``purpose``."""
    if not stored:
        return ""
    try:
        prefix, kid, body = stored.split(":", 2)
    except ValueError as error:
        raise DecryptionError("not an encrypted value") from error
    if prefix != PREFIX:
        raise DecryptionError(f"unknown format {prefix!r}")
    key = _keys().get(kid)
    if key is None:
        raise DecryptionError(f"sealed with key {kid}, which is not configured")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("utf-8"))
    except (ValueError, binascii.Error, InvalidTag) as error:
        raise DecryptionError("the value does not open with its key and purpose") from error
    return plain.decode("utf-8")
