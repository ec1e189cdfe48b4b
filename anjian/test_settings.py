"""Test settings: real PostgreSQL when it is reachable, SQLite otherwise.

ANJIAN_TEST_DATABASE_URL forces a database (``sqlite://`` for SQLite in memory);
without it the suite probes 127.0.0.1:5432 and uses PostgreSQL when it answers.
"""

import os

import environ

os.environ.setdefault("ANJIAN_MODE", "embedded")

from anjian.settings import *  # noqa: E402,F403
from anjian.settings import DATABASES, env  # noqa: E402


def _postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=2):
            return True
    except Exception:
        return False


_forced = env.str("ANJIAN_TEST_DATABASE_URL", default="")
_probe = "postgres://postgres@127.0.0.1:5432/postgres"
if _forced:
    DATABASES["default"] = environ.Env.db_url_config(_forced)
elif _postgres_reachable(_probe):
    DATABASES["default"] = environ.Env.db_url_config("postgres://postgres@127.0.0.1:5432/anjian")
else:
    DATABASES["default"] = environ.Env.db_url_config("sqlite://")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DATABASES["default"]["TEST"] = {"NAME": env.str("ANJIAN_TEST_DATABASE_NAME", default=None)}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; tests
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
