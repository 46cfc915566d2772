"""Settings of the Carbon 20 platform, read from environment variables (see .env.example)."""

from pathlib import Path

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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
    # queries, which run in milliseconds, compiling took seconds (docs/decisions 0011).
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
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
# Uploads (signed agreements, evidence) are refused above this size.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
# Imports (consumption, factors, degree days, measures) refuse a file with more data rows.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10_000)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Carbon 20 <noreply@carbon20.example>")

SESSION_COOKIE_HTTPONLY = True
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

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# The worker's beat sends the follow-up reminders that are due once an hour; the task is
# idempotent, so a missed or repeated run neither loses nor doubles a reminder.
CELERY_BEAT_SCHEDULE = {
    "send-due-follow-up-reminders": {
        "task": "carbon20.followups.tasks.send_due_reminders",
        "schedule": 60 * 60,
    },
}
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
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "carbon20.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["carbon20.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_RATE_LIMIT", "120/minute")},
    "EXCEPTION_HANDLER": "carbon20.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Rate limits count in the cache; several app processes share theirs through Redis.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}
        if (REDIS_CACHE_URL := env_str("REDIS_CACHE_URL", ""))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# A built programme dashboard is kept this long at most; every write that changes a figure
# drops it at once (reports/cache.py). Set REDIS_CACHE_URL when several app processes run, so
# that they share the cache and its invalidation.
KPI_CACHE_SECONDS = env_int("KPI_CACHE_SECONDS", 600)
SPECTACULAR_SETTINGS = {
    "TITLE": "Carbon 20 API",
    "DESCRIPTION": (
        "Climate partnerships between municipalities and companies. Authenticate with a "
        "personal API token (Authorization: Bearer <token>) created on your account page."
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
