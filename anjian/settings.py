"""Django settings for Anjian, read from environment variables only.

Two modes: ``embedded`` (the default: SQLite, a local secret key, no other service)
and ``production`` (requires ANJIAN_SECRET_KEY and DATABASE_URL, secure cookies).
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()

MODE = env.str("ANJIAN_MODE", default="embedded")
if MODE not in {"embedded", "production"}:
    raise environ.ImproperlyConfigured("ANJIAN_MODE must be 'embedded' or 'production'")
EMBEDDED = MODE == "embedded"
VAR_DIR = Path(env.str("ANJIAN_VAR_DIR", default=str(BASE_DIR.parent / "var")))


def _embedded_secret_key() -> str:
    """A per-installation key kept in var/, so sessions survive restarts in embedded mode."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if EMBEDDED:
    SECRET_KEY = env.str("ANJIAN_SECRET_KEY", default="") or _embedded_secret_key()
else:
    SECRET_KEY = env.str("ANJIAN_SECRET_KEY").strip()  # fails fast when missing
    if not SECRET_KEY:
        raise environ.ImproperlyConfigured("ANJIAN_SECRET_KEY is empty")

DEBUG = env.bool("ANJIAN_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ANJIAN_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("ANJIAN_CSRF_TRUSTED_ORIGINS", default=[])

# No django.contrib.admin: every change goes through an audited service, and the admin
# site would be a way around them.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    # Lower apps never import higher ones: core < duties, risks < hazards < accidents.
    "anjian.core",
    "anjian.duties",
    "anjian.risks",
    "anjian.hazards",
    "anjian.accidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "anjian.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anjian.core.middleware.IdleExpiryMiddleware",
    "anjian.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anjian.urls"
WSGI_APPLICATION = "anjian.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "anjian.core.context_processors.navigation",
            ],
        },
    },
]

if EMBEDDED:
    DATABASES = {
        "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'anjian.sqlite3'}"),
    }
else:
    DATABASES = {"default": env.db("DATABASE_URL")}  # fails fast when missing
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers queue
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Key of the encrypted personal-data columns (core.crypto): 32 bytes, url-safe base64.
# Required in production; embedded mode derives one from SECRET_KEY (HKDF) when unset.
# ANJIAN_FIELD_OLD_KEYS lists retired keys still needed to read older values.
ANJIAN_FIELD_KEY = env.str("ANJIAN_FIELD_KEY", default="").strip()
if not EMBEDDED and not ANJIAN_FIELD_KEY:
    raise environ.ImproperlyConfigured("ANJIAN_FIELD_KEY is required in production mode")
if ANJIAN_FIELD_KEY:
    from anjian.core.crypto import parse_key

    parse_key(ANJIAN_FIELD_KEY)  # fails fast on a malformed key
ANJIAN_FIELD_OLD_KEYS = env.list("ANJIAN_FIELD_OLD_KEYS", default=[])

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account for 15 minutes after 5 failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("ANJIAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ANJIAN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# 30-minute idle expiry: activity renews the session, at most once a minute
# (core.middleware.IdleExpiryMiddleware), instead of writing it on every request.
SESSION_COOKIE_AGE = env.int("ANJIAN_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
ANJIAN_SESSION_TOUCH_SECONDS: int = env.int("ANJIAN_SESSION_TOUCH_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env.bool("ANJIAN_SECURE_COOKIES", default=not EMBEDDED)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not EMBEDDED:
    SECURE_SSL_REDIRECT = env.bool("ANJIAN_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("ANJIAN_HSTS_SECONDS", default=3600)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
if EMBEDDED:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves finders' files here
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = EMBEDDED or DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Uploads: a hard cap on what Django keeps in memory, and per-kind limits in core.uploads.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ANJIAN_MAX_SPREADSHEET_BYTES: int = env.int("ANJIAN_MAX_SPREADSHEET_BYTES", default=5 * 1024 * 1024)
ANJIAN_MAX_IMPORT_ROWS: int = env.int("ANJIAN_MAX_IMPORT_ROWS", default=5000)
# Imports of more rows than this are written by a background job with a progress page.
ANJIAN_IMPORT_BACKGROUND_ROWS: int = env.int("ANJIAN_IMPORT_BACKGROUND_ROWS", default=2000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "anjian.core.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "anjian.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Anjian 安监 API",
    "DESCRIPTION": "Work-safety governance platform. Every list is scoped to the caller.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps name a choice field level/kind/role: give each choice set its own name.
    "ENUM_NAME_OVERRIDES": {
        "RegionLevelEnum": "anjian.core.models.regions.RegionLevel",
        "ReportLevelEnum": "anjian.accidents.models.accidents.ReportLevel",
        "InvestigationLevelEnum": "anjian.accidents.models.reference.InvestigationLevel",
        "DepartmentKindEnum": "anjian.core.models.organisations.DepartmentKind",
        "SanctionKindEnum": "anjian.accidents.models.followup.SanctionKind",
        "SanctionStatusEnum": "anjian.accidents.models.followup.SanctionStatus",
        "TaskStatusEnum": "anjian.accidents.models.followup.TaskStatus",
        "InvestigationStatusEnum": "anjian.accidents.models.investigations.InvestigationStatus",
        "RevisionKindEnum": "anjian.accidents.models.accidents.RevisionKind",
        "SubjectKindEnum": "anjian.accidents.models.investigations.SubjectKind",
        "MeasureKindEnum": "anjian.accidents.models.investigations.MeasureKind",
        "NotificationKindEnum": "anjian.duties.models.tracking.NotificationKind",
        "RoleEnum": "anjian.core.roles.Role",
        "UnitRoleEnum": "anjian.duties.models.obligations.UnitRole",
        "OccurrenceStatusEnum": "anjian.duties.models.tracking.OccurrenceStatus",
        "NoticeStatusEnum": "anjian.duties.models.notices.NoticeStatus",
        "HazardLevelEnum": "anjian.hazards.models.hazards.HazardLevel",
        "HazardStatusEnum": "anjian.hazards.models.hazards.HazardStatus",
        "ExtensionStatusEnum": "anjian.hazards.models.followup.ExtensionStatus",
        "RiskLevelEnum": "anjian.risks.models.reference.RiskLevel",
        "RiskMethodEnum": "anjian.risks.models.reference.RiskMethod",
        "RiskColourEnum": "anjian.risks.models.reference.Colour",
        "FactStatusEnum": "anjian.risks.models.reference.FactStatus",
        "LecAxisEnum": "anjian.risks.models.reference.LecAxis",
        "LsAxisEnum": "anjian.risks.models.reference.LsAxis",
        "ControlKindEnum": "anjian.risks.models.register.ControlKind",
        "ControlLevelEnum": "anjian.risks.models.register.ControlLevel",
        "PublicReportStatusEnum": "anjian.hazards.models.reports.PublicReportStatus",
        "RewardStatusEnum": "anjian.hazards.models.reports.RewardStatus",
    },
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("ANJIAN_LOG_LEVEL", default="WARNING")},
}

# Accounts are locked by username (the issue: "lock an account"); adding the IP address
# would lock a whole office behind one NAT address after five typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
