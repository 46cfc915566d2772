"""Settings of the Carbon 20 platform, read from environment variables (see .env.example)."""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_database, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CARBON20_VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", None)
if not SECRET_KEY:
    key_file = Path(env_str("SECRET_KEY_FILE", str(VAR_DIR / "secret_key")) or "")
    if key_file.is_file():
        SECRET_KEY = key_file.read_text().strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (or SECRET_KEY_FILE point to a file holding it); "
        "`make run` writes a development key to var/secret_key."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else None)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo CVR numbers begin with 0, which the register never issues; they are only accepted on
# installations that show demo data.
DEMO_MODE = env_bool("CARBON20_DEMO", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "carbon20.core",
    "carbon20.integrations",
    "carbon20.organisations",
    "carbon20.accounts",
    "carbon20.notifications",
    "carbon20.partnerships",
    "carbon20.guides",
    "carbon20.agreements",
    "carbon20.energy",
    "carbon20.screening",
    "carbon20.actionplans",
    "carbon20.followups",
    "carbon20.reports",
    "carbon20.public",
    "carbon20.api",
    "carbon20.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the static files, so that they carry the headers too.
    "carbon20.accounts.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outermost after security: whatever fails under /api/ answers the API's JSON errors.
    "carbon20.api.errors.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "carbon20.accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carbon20.accounts.middleware.SecondFactorMiddleware",
    "carbon20.accounts.middleware.ClientAddressAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# `make bench-scale` counts the queries of every request and serves a minimal floor view;
# demo installations only, since the header tells a visitor how a page is built.
BENCH = env_bool("CARBON20_BENCH", False)
if BENCH:
    if not DEMO_MODE:
        raise ImproperlyConfigured("CARBON20_BENCH is for demo installations (CARBON20_DEMO).")
    MIDDLEWARE.insert(0, "carbon20.home.bench_support.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carbon20.home.context_processors.platform",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "carbon20.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a plan when its estimated cost is high; for the pages'
    # queries, which run in milliseconds, compiling took seconds (docs/decisions/0018).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
FORMS_URLFIELD_ASSUME_HTTPS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# ASVS 2.1.1: at least 12 characters; common and all-digit passwords are refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
# One lock per account AND address: a list of two would lock every account behind the
# proxy's one address after five failures by anyone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "carbon20.accounts.client_ip.client_ip"
# With a shared cache (CACHE_URL, below) failures count there like the other rate limits, and
# checking a lock on an API token request costs no database query; without one they count
# in the database, which every process shares, never in one process's memory.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if env_str("CACHE_URL", env_str("REDIS_URL", env_str("REDIS_CACHE_URL", "")))
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "carbon20.accounts.forms.axes_username"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "carbon20_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# `make backup` writes database and stored files here (see carbon20/core/backups.py).
BACKUP_DIR = env_str("BACKUP_DIR", str(VAR_DIR / "backups"))
# Uploads (signed agreements, evidence) are refused above this size.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
# Imports (consumption, factors, degree days, measures) refuse a file with more data rows.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10_000)
# An XLSX is a zip of XML: refuse one that unpacks to more than this, or packs any part more
# than IMPORT_MAX_XLSX_RATIO times (a decompression bomb), before parsing a byte of it; and
# stop reading after IMPORT_MAX_CELLS cells, blank ones included.
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_XLSX_RATIO = env_int("IMPORT_MAX_XLSX_RATIO", 100)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 500_000)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Carbon 20 <noreply@carbon20.example>")

SESSION_COOKIE_HTTPONLY = True
# A session ends after this many minutes without a request (ASVS 3.3.2): IdleTimeoutMiddleware
# checks the last request's time, and the cookie lasts no longer.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand in front of the app. With 0 the client is REMOTE_ADDR; with
# n, the n-th address from the right of X-Forwarded-For (the one the outermost trusted proxy
# saw), so a client cannot choose its address by sending the header itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Content-Security-Policy (django-csp 4): scripts and styles only from the platform itself or
# carrying the request's nonce; no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of the platform uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Two-factor login (django-otp): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = "Carbon 20"
# Password reset: answers per address and per client address in this window.
PASSWORD_RESET_RATE = env_int("PASSWORD_RESET_RATE", 5)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# Audit log (django-auditlog): entries older than this are deleted by a daily task.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 5 * 365)
AUDITLOG_INCLUDE_ALL_MODELS = False
# Leads that never became partnerships: their contact persons' personal data is erased this
# many months after the partnership was withdrawn or last changed in step 1.
LEAD_RETENTION_MONTHS = env_int("LEAD_RETENTION_MONTHS", 24)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (OOM, deploy) gives the task back to the broker to run again; the
# tasks are idempotent (a reminder's unique ReminderSent row), so a rerun sends no second mail.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker's beat sends the follow-up reminders that are due once an hour; the task is
# idempotent, so a missed or repeated run neither loses nor doubles a reminder.
CELERY_BEAT_SCHEDULE = {
    "send-due-follow-up-reminders": {
        "task": "carbon20.followups.tasks.send_due_reminders",
        "schedule": 60 * 60,
    },
    # Meter data and the grid's hourly CO2 nightly, after DataHub has settled the day before.
    # Both are idempotent (a day is stored whole or replaced whole), so a rerun adds nothing.
    "fetch-meter-data-nightly": {
        "task": "carbon20.energy.tasks.fetch_meter_data",
        "schedule": crontab(hour=3, minute=15),
    },
    "fetch-grid-emissions-nightly": {
        "task": "carbon20.energy.tasks.fetch_grid_emissions",
        "schedule": crontab(hour=2, minute=45),
    },
    # Register data of the registered companies, once a night; does nothing without CVR_*.
    "refresh-register-data": {
        "task": "carbon20.partnerships.tasks.refresh_register_data",
        "schedule": crontab(hour=2, minute=30),
    },
    "delete-expired-audit-entries": {
        "task": "carbon20.accounts.tasks.delete_expired_audit_entries",
        "schedule": 24 * 60 * 60,
    },
    "erase-stale-leads": {
        "task": "carbon20.home.tasks.erase_stale_leads",
        "schedule": 24 * 60 * 60,
    },
    "delete-expired-programme-reports": {
        "task": "carbon20.reports.tasks.delete_expired_reports",
        "schedule": 60 * 60,
    },
    # Yesterday's temperatures of the weather series that agreements use, fetched from DMI
    # when DMI_API_KEY is set; a repeated run stores nothing twice.
    "fetch-dmi-weather": {
        "task": "carbon20.energy.tasks.fetch_dmi_weather",
        "schedule": crontab(hour=5, minute=30),
    },
}
# Eloverblik's third-party API (meter data of the companies that gave a power of attorney).
# Without a refresh token nothing is fetched, and the company page says what it would add.
ELOVERBLIK_REFRESH_TOKEN = env_str("ELOVERBLIK_REFRESH_TOKEN", "") or ""
ELOVERBLIK_BASE_URL = env_url("ELOVERBLIK_BASE_URL", "https://api.eloverblik.dk/thirdpartyapi")
ELOVERBLIK_TIMEOUT_SECONDS = env_int("ELOVERBLIK_TIMEOUT_SECONDS", 60)
# How far back the first fetch of a metering point reaches (a baseline and two years more).
ELOVERBLIK_HISTORY_DAYS = env_int("ELOVERBLIK_HISTORY_DAYS", 3 * 365)
# Energi Data Service (Energinet's hourly CO2 of electricity); open, no key.
ENERGIDATASERVICE_ENABLED = env_bool("ENERGIDATASERVICE_ENABLED", False)
ENERGIDATASERVICE_BASE_URL = env_url(
    "ENERGIDATASERVICE_BASE_URL", "https://api.energidataservice.dk"
)
ENERGIDATASERVICE_TIMEOUT_SECONDS = env_int("ENERGIDATASERVICE_TIMEOUT_SECONDS", 60)
# The CVR register's distribution service (Erhvervsstyrelsen, "System-til-system adgang"):
# with a user name and password from the agency, entering a CVR fills the company form and
# the register data of registered companies is refreshed every night. Without them the
# company form is typed by hand, as before.
CVR_USERNAME = env_str("CVR_USERNAME", "")
CVR_PASSWORD = env_str("CVR_PASSWORD", "")
CVR_BASE_URL = env_url("CVR_BASE_URL", "http://distribution.virk.dk")
CVR_TIMEOUT_SECONDS = env_int("CVR_TIMEOUT_SECONDS", 10)
# Tests only: the dotted path of a callable returning an httpx transport (recorded answers).
CVR_TRANSPORT: str | None = None
# DMI's open climate data (OGC API Features): without a key no weather is fetched and the
# weather page says what the connection would add; CSV import works either way.
DMI_API_KEY = env_str("DMI_API_KEY", "") or ""
DMI_CLIMATE_DATA_URL = env_url(
    "DMI_CLIMATE_DATA_URL", "https://dmigw.govcloud.dk/v2/climateData/collections"
)
# Step 6: the owner is reminded this many days before a follow-up is due, and once when it is
# overdue; follow-ups are planned this many days apart from the plan's approval.
FOLLOW_UP_REMINDER_DAYS_BEFORE = env_int("FOLLOW_UP_REMINDER_DAYS_BEFORE", 14)
FOLLOW_UP_SPACING_DAYS = env_int("FOLLOW_UP_SPACING_DAYS", 120)
# Where the platform is reached: every link in an e-mail is built from it, never from the
# request, which a worker does not have and which behind a proxy names 127.0.0.1.
# PLATFORM_URL is its earlier name, still read so that existing installations keep their links.
SITE_URL = env_url("SITE_URL", env_str("PLATFORM_URL", "http://127.0.0.1:8000") or "")
PLATFORM_URL = SITE_URL
# An invitation link for a company user works this many days.
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 7)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "carbon20.api.schema.ApiAutoSchema",
    # Token first: its challenge makes a request without credentials answer 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "carbon20.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["carbon20.api.parsers.DepthLimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "carbon20.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["carbon20.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": env_str("API_RATE_LIMIT", "120/minute"),
        "anon": env_str("API_ANON_RATE_LIMIT", "30/minute"),
    },
    # The client's address for the anonymous throttle, read as django-axes reads it.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "carbon20.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Rate limits (API throttles, password reset) count in the cache. With more than one app
# process the count must be shared, so production sets CACHE_URL to Redis (REDIS_URL and
# REDIS_CACHE_URL are read as earlier names); local memory is for one process only.
CACHE_URL = env_str("CACHE_URL", env_str("REDIS_URL", env_str("REDIS_CACHE_URL", "")))
CACHES = {
    "default": (
        {"BACKEND": "carbon20.core.cache.ForgivingRedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# A built programme dashboard is kept this long at most; every write that changes a figure
# drops it at once (core/read_cache.py). Set CACHE_URL when several app processes run, so
# that they share the cache and its invalidation.
KPI_CACHE_SECONDS = env_int("KPI_CACHE_SECONDS", 600)
# A programme report PDF (rendered by a task) is kept this long, then deleted with its file.
REPORT_RETENTION_HOURS = env_int("REPORT_RETENTION_HOURS", 24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Carbon 20 API",
    "DESCRIPTION": (
        "Climate partnerships between municipalities and companies. Authenticate with a "
        "personal API token (Authorization: Bearer <token>) created on your account page. "
        "Lists answer a page at a time: follow `next` (an opaque cursor) until it is null."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response components, so read-only fields are not asked for.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StepEnum": "carbon20.partnerships.models.Step",
        "PartnershipStatusEnum": "carbon20.partnerships.models.Status",
        "AgreementStatusEnum": "carbon20.agreements.models.Agreement.State",
        "FocusAreaEnum": "carbon20.partnerships.focus.FocusArea",
        "ActionStatusEnum": "carbon20.actionplans.models.ActionStatus",
        "ReviewStatusEnum": "carbon20.screening.models.TechnicalReview.State",
        "WeatherSourceEnum": "carbon20.energy.models.WeatherSource",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO, even the stylesheets it parses on import.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
