"""Settings for Đôn đốc, read from the environment.

Development needs nothing set (SQLite under var/, console email, ORM broker).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and
the EMAIL_* variables; see README.md for the full table.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.logging import build_logging
from units.org import OrganizationSetting

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# SITE_URL: the public address, for links that leave the app. Unset, pages build absolute
# addresses from the request (calendar links work on any host or port), and what has no
# request (emails, commands) uses the local default below. deadlines.checks warns at start-up
# when it is set and ALLOWED_HOSTS would refuse its host.
SITE_URL_CONFIGURED = bool(os.environ.get("SITE_URL", "").strip())
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "django_q",
    "axes",
    "simple_history",  # who changed directives and units, when, what (history in the admin)
    "config",
    "units",
    "directives",
    "tasks",
    "deadlines",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SlidingSessionMiddleware",  # a session lasts SESSION_COOKIE_AGE after the last activity
    "simple_history.middleware.HistoryRequestMiddleware",  # history records the acting user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a flagged failed login into the lockout page
]

ROOT_URLCONF = "config.urls"
# history pages in the admin show changes; restoring an old version there is switched off
# (a restore would bypass the services and their checks)
SIMPLE_HISTORY_REVERT_DISABLED = True

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
                "units.context_processors.roles",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Database -----------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'dondoc.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and qcluster share the file: wait for locks, take the write lock up front.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
# Sessions live in the database (shared by every app server); with a shared cache (Redis,
# CACHE_URL / REDIS_URL) they are read from it, so a request does not query the database for
# its session. A per-process cache must not front them (a logout would not reach the others).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
# Flash messages never go into a cookie (signed, not encrypted: one shows a new API token once);
# with a shared cache they sit beside the session, keyed by it, so they do not save it (config/messages.py).
MESSAGE_STORAGE = "config.messages.SharedCacheMessageStorage"
AUTHENTICATION_BACKENDS = [
    "config.auth.LoginThrottleBackend",  # django-axes: refuses locked-out username + address pairs
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES (HTTP 429, Vietnamese message).
# Locking by address alone would lock a whole office behind one NAT address.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
AXES_VERBOSE = False  # config.audit logs every login, logout and failure as dondoc.auth
# Spraying (one password against many accounts) and distributed attempts: config/throttle.py
# slows sign-in down per address and site-wide instead of locking anyone out.
LOGIN_THROTTLE_WINDOW_MINUTES = env_int("LOGIN_THROTTLE_WINDOW_MINUTES", 15)
LOGIN_IP_USERNAME_LIMIT = env_int("LOGIN_IP_USERNAME_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30)
LOGIN_SITE_FAILURES_PER_MINUTE = env_int("LOGIN_SITE_FAILURES_PER_MINUTE", 60)
LOGIN_SLOW_SECONDS = env_int("LOGIN_SLOW_SECONDS", 10)
# The demo's shared password signs nobody in unless DEBUG is on (or this is set on purpose).
DEMO_PASSWORD_ALLOWED = env_bool("DEMO_PASSWORD_ALLOWED", DEBUG)

# --- Security (HTTPS) ------------------------------------------------------------
# Defaults are strict when DEBUG=0; each can be relaxed by its environment variable.
# Behind a reverse proxy that terminates TLS (nginx), set BEHIND_PROXY=1: the proxy must set
# X-Forwarded-Proto and append the client address to X-Forwarded-For.
DONDOC_TRUSTED_PROXIES = env_int("BEHIND_PROXY", 0)
if DONDOC_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitors poll it over plain HTTP on the host
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (config/security.py): our own files only, no inline code.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# --- Language, time, formats ----------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Common widgets written in Python, same markup as Django's templates (config/form_renderer.py)
FORM_RENDERER = "config.form_renderer.FastRenderer"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

# --- Static and uploaded files --------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served publicly: evidence goes through a permission-checked view
# Uploaded directives, evidence and generated reports go through default_storage: the local
# disk (MEDIA_ROOT) by default, S3-compatible object storage shared by every app server when
# STORAGE_S3_BUCKET is set (django-storages; credentials from STORAGE_S3_ACCESS_KEY/SECRET_KEY
# or the usual AWS_* variables and instance roles). Files are private: served only through
# the permission-checked views, never by a public or signed URL handed out by the storage.
STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "")
if STORAGE_S3_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_S3_REGION") or None,
            "access_key": os.environ.get("STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_S3_SECRET_KEY") or None,
            "location": os.environ.get("STORAGE_S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": os.environ.get("STORAGE_S3_ADDRESSING", "path"),
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Intake: drafts never confirmed are deleted (with their files) after this many days; the
# reading job parses in a child process with these limits (directives/intake/sandbox.py).
INTAKE_DRAFT_KEEP_DAYS = env_int("INTAKE_DRAFT_KEEP_DAYS", 14)
INTAKE_PARSE_CPU_SECONDS = env_int("INTAKE_PARSE_CPU_SECONDS", 60)
INTAKE_PARSE_MEMORY_MB = env_int("INTAKE_PARSE_MEMORY_MB", 1536)
INTAKE_PARSE_WALL_SECONDS = env_int("INTAKE_PARSE_WALL_SECONDS", 90)

# --- Email ----------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Đôn đốc <dondoc@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background jobs (django-q2) -------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
Q_CLUSTER = {
    "name": "dondoc",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 300,
    "retry": 600,  # must exceed timeout, or a running job is delivered twice
    "max_attempts": 3,
    "catch_up": False,  # a daily scan must not replay every missed day after downtime
    "save_limit": 500,
    "label": "Django Q2",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    # The cluster's heartbeat (django_q Stat) lives in this cache: a file cache that the web
    # process and the worker share, so /healthz can see it (config/health.py).
    Q_CLUSTER["cache"] = "django_q"
# The cache (dashboard aggregates and fragments, sessions) is shared by every worker and app
# server when CACHE_URL or REDIS_URL is set (Redis); otherwise it is per process (development).
CACHE_URL = os.environ.get("CACHE_URL", "") or REDIS_URL
CACHES = {
    "default": {
        "BACKEND": "config.cache.SharedRedisCache",  # Django's, without a client per call
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "dondoc",
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "django_q": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "django_q"),
    },
}
# Reminder channels (notifications.channels): API addresses are settings so a test, or a
# province's relay, can point elsewhere; tokens live in the admin (encrypted) or in ZALO_*,
# ZNS_*, VAPID_*, SMS_GATEWAY_* variables (README, "Kênh nhắc việc").
ZALO_BOT_API = os.environ.get("ZALO_BOT_API", "https://bot-api.zaloplatforms.com")
ZNS_API = os.environ.get("ZNS_API", "https://business.openapi.zalo.me")
ZALO_OAUTH_URL = os.environ.get("ZALO_OAUTH_URL", "https://oauth.zaloapp.com/v4/oa/access_token")
CHANNEL_HTTP_TIMEOUT = float(os.environ.get("CHANNEL_HTTP_TIMEOUT", "10"))
CHANNEL_SECRET_KEY = os.environ.get("CHANNEL_SECRET_KEY", "")  # else derived from SECRET_KEY
# /healthz: with no live cluster heartbeat, a job finished this recently still counts as alive.
HEALTH_WORKER_MAX_AGE = env_int("HEALTH_WORKER_MAX_AGE", 15 * 60)

# --- The organisation that runs the system (configuration, not code) --------------
# Read it through units.org.current_org(): the profile stored by `seed_demo --profile …`
# (units.Organization), with any ORG_* variable set here winning over the stored value.
_ORG_ENV = {
    "name": "ORG_NAME",  # as printed on documents, e.g. "UBND xã Sơn Tây Thượng"
    "header_parent": "ORG_HEADER_PARENT",  # the two header lines (Nghị định 30/2020, Phụ lục I)
    "header_name": "ORG_HEADER_NAME",
    "level": "ORG_LEVEL",  # province | commune | ward | district
    "place": "ORG_PLACE",  # place name on the date line
    "symbol": "ORG_SYMBOL",
    "parent_name": "ORG_PARENT_NAME",  # our superior, e.g. "UBND tỉnh Quảng Ngãi"
    "aliases": "ORG_ALIASES",  # other names for us, separated by ";"
    "groups": "ORG_GROUPS",  # phrases of higher-level documents that include us, ";"-separated
}
ORGANIZATION_OVERRIDES = {key: os.environ[var] for key, var in _ORG_ENV.items() if os.environ.get(var)}
if ORGANIZATION_OVERRIDES.get("level", "district") not in ("province", "commune", "ward", "district"):
    raise ImproperlyConfigured("ORG_LEVEL must be one of: province, commune, ward, district.")
# Used when no profile is stored in the database.
ORGANIZATION_DEFAULTS = {
    "name": "UBND huyện Mộ Đức",
    "header_parent": "ỦY BAN NHÂN DÂN",
    "header_name": "HUYỆN MỘ ĐỨC",
    "level": "district",
    "place": "Mộ Đức",
    "symbol": "UBND",
}
# settings.ORGANIZATION["name"] etc. read units.org.current_org() (profile, then ORG_* overrides).
ORGANIZATION = OrganizationSetting()

# --- Domain settings --------------------------------------------------------------
DONDOC = {
    # The chairman's dashboard keeps its aggregates this long in the cache (0: off); a task
    # change through the services shows at once whatever this is (the key follows the data).
    "DASHBOARD_CACHE_SECONDS": env_int("DASHBOARD_CACHE_SECONDS", 60),
    # A task is "sắp đến hạn" within this many working days of its deadline.
    "DUE_SOON_WORKING_DAYS": env_int("DUE_SOON_WORKING_DAYS", 3),
    # What to do with a deadline that falls on a day off: "keep" or "previous_working_day".
    "DEADLINE_ON_DAY_OFF": os.environ.get("DEADLINE_ON_DAY_OFF", "keep"),
    # Evidence files ("tài liệu kiểm chứng").
    "EVIDENCE_MAX_BYTES": env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024,
    "DIRECTIVE_MAX_BYTES": 20 * 1024 * 1024,
    # Read notifications are deleted after this many days (unread ones after twice as long).
    "NOTIFICATION_KEEP_DAYS": env_int("NOTIFICATION_KEEP_DAYS", 180),
    # Calendar feeds (iCal): reminder this many days before a deadline, at this hour (local);
    # completed tasks stay in the feed (marked done) for this many days after completion.
    "CALENDAR_ALARM_DAYS": env_int("CALENDAR_ALARM_DAYS", 1),
    "CALENDAR_ALARM_HOUR": env_int("CALENDAR_ALARM_HOUR", 8),
    "CALENDAR_KEEP_DONE_DAYS": env_int("CALENDAR_KEEP_DONE_DAYS", 30),
}
if DONDOC["DEADLINE_ON_DAY_OFF"] not in {"keep", "previous_working_day"}:
    raise ImproperlyConfigured("DEADLINE_ON_DAY_OFF must be 'keep' or 'previous_working_day'")

DJANGO_TABLES2_TEMPLATE = "tables/table.html"  # bootstrap5, page links in Vietnamese
DJANGO_TABLES2_PAGE_RANGE = 8

# LOG_FORMAT=json: one JSON object per line (config/logging.py); plain text otherwise.
LOGGING = build_logging(
    fmt=os.environ.get("LOG_FORMAT", "plain").strip().lower(), level=os.environ.get("LOG_LEVEL", "INFO")
)
