"""Tendik settings, read from environment variables.

TENDIK_ENV          development (default) or production
TENDIK_SECRET_KEY   required in production
TENDIK_ALLOWED_HOSTS comma-separated host names
DATABASE_URL        e.g. postgres://user:pass@host:5432/tendik; SQLite file tendik.sqlite3 when unset
TENDIK_FIELD_KEYS   comma-separated Fernet keys for encrypted fields, newest first (key rotation)
TENDIK_HASH_KEY     key for keyed hashes of identities (survivor look-up)
TENDIK_PRIVATE_ROOT evidence files (default <data dir>/private; never under MEDIA_ROOT or a web server's root)
TENDIK_UPLOAD_MAX_BYTES largest accepted evidence file (default 8 MB)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TENDIK_DATA_DIR", Path.cwd())).resolve()

TENDIK_ENV = os.environ.get("TENDIK_ENV", "development").strip().lower()
if TENDIK_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"TENDIK_ENV must be 'development' or 'production', not {TENDIK_ENV!r}")
PRODUCTION = TENDIK_ENV == "production"
DEBUG = (not PRODUCTION) and os.environ.get("TENDIK_DEBUG", "1") == "1"

_DEV_SECRET = "tendik-development-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("TENDIK_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("TENDIK_SECRET_KEY must be set when TENDIK_ENV=production")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("TENDIK_ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS and not PRODUCTION:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("TENDIK_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tendik.core",
    "tendik.geography",
    "tendik.audit",
    "tendik.accounts",
    "tendik.jobs",
    "tendik.plans",
    "tendik.consultations",
    "tendik.protection",
    "tendik.participation",
    "tendik.portal",
    "tendik.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # SQLite: pages that only read take no write lock (see the class); nothing on PostgreSQL.
    "tendik.core.middleware.SqliteReadsMiddleware",
    # Pages are compressed for phones on 3G (Django pads compressed responses against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tendik.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tendik.accounts.middleware.IdleLogoutMiddleware",
    "tendik.accounts.middleware.TwoFactorRequiredMiddleware",
    "tendik.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tendik.urls"
WSGI_APPLICATION = "tendik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tendik.accounts.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'tendik.sqlite3'}",
        conn_max_age=int(os.environ.get("TENDIK_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Requests are transactions: take the write lock at BEGIN and wait for it, instead of failing with
    # "database is locked" when two people save at once on the embedded database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A save waits for another save's lock rather than fail; kept under gunicorn's 60 s timeout
        # (tendik/gunicorn_conf.py). The load test (docs/operations.md) saw waits over 20 s on a busy machine.
        "timeout": int(os.environ.get("TENDIK_SQLITE_TIMEOUT", "45")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tasks"
LOGOUT_REDIRECT_URL = "home"

# Login security
AXES_FAILURE_LIMIT = int(os.environ.get("TENDIK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
# Lock an account from one address: by user name AND address together, so that a stranger elsewhere cannot lock
# anyone out, and rural offices sharing one NAT address are not locked out as a whole.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Against password spraying (a few passwords tried on many accounts): failed sign-ins per address per window.
TENDIK_LOGIN_ADDRESS_LIMIT = int(os.environ.get("TENDIK_LOGIN_ADDRESS_LIMIT", "30"))
TENDIK_LOGIN_ADDRESS_WINDOW_MINUTES = int(os.environ.get("TENDIK_LOGIN_ADDRESS_WINDOW_MINUTES", "60"))
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
TENDIK_IDLE_TIMEOUT_SECONDS = int(os.environ.get("TENDIK_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Tendik"

# Internationalisation: Russian is the default; Kyrgyz and English are complete.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("ky", "Кыргызча"), ("en", "English")]

TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tendik.core.formats"]
LANGUAGE_COOKIE_NAME = "tendik_language"

STATIC_URL = "/static/"
# The page cache (tendik.core.pagecache, ADR 0011) is Django's default cache: each process's memory (development, the
# demo, the tests), or one directory on disk that all the server's processes and the background worker share
# (TENDIK_PAGE_CACHE_DIR; in production `cache/pages` in the data directory, emptied when gunicorn starts; "off" keeps
# each process's memory), so that after a change a page part is rendered once, not once in every process — and the
# worker can render it again as soon as the change commits (TENDIK_PAGE_WARM, on wherever the cache is shared).
_PAGE_CACHE_DIR = os.environ.get("TENDIK_PAGE_CACHE_DIR") or (
    str(DATA_DIR / "cache" / "pages") if PRODUCTION else "off"
)
if _PAGE_CACHE_DIR != "off":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _PAGE_CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("TENDIK_PAGE_CACHE_ENTRIES", "3000"))},
        }
    }
TENDIK_PAGE_WARM = _PAGE_CACHE_DIR != "off" and os.environ.get("TENDIK_PAGE_WARM", "1") != "0"

STATIC_ROOT = Path(os.environ.get("TENDIK_STATIC_ROOT", DATA_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TENDIK_MEDIA_ROOT", DATA_DIR / "media"))
# Evidence files (tendik.core.uploads): outside MEDIA_ROOT, no URL, served only through views that check permission.
TENDIK_PRIVATE_ROOT = Path(os.environ.get("TENDIK_PRIVATE_ROOT", DATA_DIR / "private"))
TENDIK_UPLOAD_MAX_BYTES = int(os.environ.get("TENDIK_UPLOAD_MAX_BYTES", str(8 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the apps' static folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tendik.core.api.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "tendik.core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tendik.core.api_schema.TendikAutoSchema",
    "EXCEPTION_HANDLER": "tendik.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tendik API",
    "DESCRIPTION": "Plans, consultations, protection and territories of Tendik (Теңдик).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"VawpReportStateEnum": "tendik.participation.models.vawp.ReportState"},
    # Every operation documents the errors it can answer (401/403/404/400/409), so fuzzing finds none undocumented.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tendik.core.api.document_error_responses",
    ],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "TENDIK_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
# Links in e-mails (participants without an account follow them to the public page).
# Where the quick-exit button on sensitive pages leads: a neutral page (Tendik's own blank "new tab" page by default;
# a deployment may point it at a local news or weather site). The exit also replaces the history entry.
TENDIK_QUICK_EXIT_URL = os.environ.get("TENDIK_QUICK_EXIT_URL", "/blank/")
TENDIK_SITE_URL = os.environ.get("TENDIK_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("TENDIK_FROM_EMAIL", "tendik@localhost")
EMAIL_HOST = os.environ.get("TENDIK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TENDIK_EMAIL_PORT", "25"))

# Field encryption (survivors' identities): Fernet keys, newest first; older keys only decrypt.
# Development and tests only; production refuses to start without its own keys.
_DEV_FIELD_KEY = "U2si16c3YaBI2ymOS39HjYtPnNQ5U8b5PIL3RIthRSo="
TENDIK_FIELD_KEYS = [k.strip() for k in os.environ.get("TENDIK_FIELD_KEYS", "").split(",") if k.strip()]
TENDIK_HASH_KEY = os.environ.get("TENDIK_HASH_KEY", "")
if PRODUCTION and (not TENDIK_FIELD_KEYS or not TENDIK_HASH_KEY):
    raise ImproperlyConfigured("TENDIK_FIELD_KEYS and TENDIK_HASH_KEY must be set when TENDIK_ENV=production")
if not TENDIK_FIELD_KEYS:
    TENDIK_FIELD_KEYS = [_DEV_FIELD_KEY]
if not TENDIK_HASH_KEY:
    TENDIK_HASH_KEY = "tendik-development-hash-key"  # noqa: S105

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSP_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("TENDIK_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TENDIK_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TENDIK_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
