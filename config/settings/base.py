"""Settings shared by every environment; each value that differs by deployment comes from
the environment, with a default that runs the embedded demo (SQLite, Celery eager)."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from ._env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "membership",
    "meetings",
    "governance",
    "notifications",
    "cms",
    "search",
    # load_demo and generate_scale; production settings leave it out.
    "demo",
    "wagtail.contrib.forms",
    # Installed for its API tokens admin (Settings → API tokens; wagtail.users registers it
    # only with this app). Wagtail's own v3 endpoints are not mounted.
    "wagtail.api.v3",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost after static files, so it sees every response as finally sent.
    "core.security.PrivateCacheMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.security.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing shown to a signed-in user may be kept by a shared cache.
    "core.middleware.PrivateWhenSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.security.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A PDF stopped at its time or memory limit becomes a page saying so (core.limits).
    "core.middleware.RenderLimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A sign-in from an address that has failed too often waits, before any password is tried.
    "core.sign_in_limits.SignInSlowDownMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.access",
                "core.context_processors.site_name",
                "membership.partnerships.context",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: DATABASE_URL, or SQLite in the project folder
# ---------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Authentication, sessions, sign-in limits, two-factor and the Content Security Policy
# ---------------------------------------------------------------------------
from ._security import *  # noqa: E402

# ---------------------------------------------------------------------------
# Language and time: British English, Europe/London
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Whose bank holidays are not working days (reminders "2 working days before" skip them):
# ENG (England), WLS (Wales), SCT (Scotland) or NIR (Northern Ireland).
TABLED_BANK_HOLIDAYS = os.environ.get("TABLED_BANK_HOLIDAYS", "ENG")
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------
# Static and media files. Media lives outside the static tree: files are served only
# through permission-checked views, never by a public URL prefix.
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Meeting papers: never under MEDIA_ROOT, and with no URL (see meetings/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------------------
# Meeting papers: what an upload may be (see meetings/papers/uploads.py)
# ---------------------------------------------------------------------------
PAPER_MAX_UPLOAD_BYTES = int(os.environ.get("PAPER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
PAPER_MAX_PAGES = int(os.environ.get("PAPER_MAX_PAGES", "2000"))

# ---------------------------------------------------------------------------
# Celery: without a broker, tasks run eagerly in the web process (the demo)
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Memory: a pool process may not grow past WORKER_MEMORY_LIMIT_BYTES of address space
# (config/celery.py; a task asking for more gets a MemoryError), and one that ends a task
# holding more than CELERY_WORKER_MAX_MEMORY_PER_CHILD kilobytes resident is replaced.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-max-memory-per-child
WORKER_MEMORY_LIMIT_BYTES = int(os.environ.get("WORKER_MEMORY_LIMIT_MB", "3072")) * 1024 * 1024
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("WORKER_MAX_RESIDENT_MB", "768")) * 1024
CELERY_TIMEZONE = TIME_ZONE
# Fail a publish to a broker that is down within a second or so (and keep the task in the
# outbox, core.outbox) rather than holding up the web request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A task not acknowledged within visibility_timeout (its worker died) is delivered again.
# It must be longer than any retry countdown a worker holds (ten minutes at most).
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_connect_timeout": 5,
}
# `celery -A config beat`: the schedule of reminders, summaries and housekeeping.
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {
        "task": "core.tasks.outbox_flush",
        "schedule": 60.0,
    },
    "governance-resolutions-close": {
        "task": "governance.tasks.resolutions_close",
        "schedule": 300.0,
    },
    "governance-resolutions-remind": {
        "task": "governance.tasks.resolutions_remind",
        "schedule": 900.0,
    },
    "notifications-stale-claims": {
        "task": "notifications.tasks.stale_claims_sweep",
        "schedule": crontab(minute=17),
    },
    "notifications-weekly-digest": {
        "task": "notifications.tasks.digest_send_all",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Each kind sent on a schedule says which of its notices are due on the day
    # (notifications.tasks.notices_due queues them).
    "membership-terms-ending": {
        "task": "notifications.tasks.notices_due",
        "args": ("membership.terms_ending",),
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    "meetings-papers-reminders": {
        "task": "notifications.tasks.notices_due",
        "args": ("meetings.papers_reminder",),
        "schedule": crontab(hour=8, minute=0),
    },
    "governance-interests-confirmation": {
        "task": "notifications.tasks.notices_due",
        "args": ("governance.interests_confirmation",),
        "schedule": crontab(hour=8, minute=20),
    },
    "governance-challenge-responses": {
        "task": "notifications.tasks.notices_due",
        "args": ("governance.challenge_response",),
        "schedule": crontab(hour=8, minute=10),
    },
    # Before the weekly summary at 07:00, so that whoever takes these in their summary gets
    # this week's, not last week's.
    "governance-action-reminders": {
        "task": "notifications.tasks.notices_due",
        "args": ("governance.action_reminders",),
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
    "governance-overdue-summary": {
        "task": "notifications.tasks.notices_due",
        "args": ("governance.overdue_summary",),
        "schedule": crontab(day_of_week="mon", hour=6, minute=45),
    },
}
# Build papers packs in a worker after each change, so members rarely wait for one; pointless
# when tasks run eagerly in the web process.
PAPERS_PACK_PREBUILD = env_bool("PAPERS_PACK_PREBUILD", not CELERY_TASK_ALWAYS_EAGER)
# Build a report's PDF in a worker as soon as it is published; without a worker (the demo) the
# first request for it builds it instead (see cms/pdf.py).
REPORT_PDF_PREBUILD = env_bool("REPORT_PDF_PREBUILD", not CELERY_TASK_ALWAYS_EAGER)
# Every PDF rendering (the minutes, reports, the papers pack's cover and agenda) runs in a
# short-lived child process that may grow by RENDER_MEMORY_LIMIT_BYTES of address space past
# the process it was forked from, whether a web worker or a Celery pool process; beyond that
# the reader gets a clear error and the process that asked carries on (core/limits.py).
RENDER_MEMORY_LIMIT_BYTES = int(os.environ.get("RENDER_MEMORY_LIMIT_MB", "1024")) * 1024 * 1024

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tabled <noreply@tabled.invalid>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A mail server that stops answering must not hold a worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# The site's address, for links in emails (and Wagtail's admin).
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")

# ---------------------------------------------------------------------------
# Notifications (notifications/): retries, and how long a claimed email may stay
# unconfirmed before it is taken to be lost with its worker (and marked failed, never resent).
# ---------------------------------------------------------------------------
NOTIFICATIONS_MAX_RETRIES = int(os.environ.get("NOTIFICATIONS_MAX_RETRIES", "6"))
NOTIFICATIONS_RETRY_BACKOFF = int(os.environ.get("NOTIFICATIONS_RETRY_BACKOFF", "30"))
NOTIFICATIONS_CLAIM_TIMEOUT = int(os.environ.get("NOTIFICATIONS_CLAIM_TIMEOUT", "900"))

# ---------------------------------------------------------------------------
# Membership import (membership/imports/): the largest CSV the business unit may upload.
# 2 MB holds tens of thousands of rows; the limit keeps one upload from tying up a worker.
# ---------------------------------------------------------------------------
MEMBERSHIP_IMPORT_MAX_BYTES = int(os.environ.get("MEMBERSHIP_IMPORT_MAX_BYTES", 2 * 1024 * 1024))

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Tabled")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# A library document (served only to its partnership's business unit, membership.collections)
# downloads rather than opening in the browser: it is not checked for active content as a
# meeting paper is.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAIL_I18N_ENABLED = False
# The admin asks nothing of other sites: no avatars from Gravatar (it would send a hash of
# each user's email address) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# ---------------------------------------------------------------------------
# The read-only JSON API under /api/v1/ (meetings/api/, governance/api/): the pages' access
# rule, with sessions or `Authorization: Token <key>` for keys issued in Settings → API tokens.
# https://www.django-rest-framework.org/api-guide/settings/
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is told to send a token (401).
        "meetings.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every endpoint is read-only and open to all, except the members' logs (actions,
    # challenges), which say so themselves; what each reader sees is decided by the access
    # rule inside the endpoint, as on the pages.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "meetings.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Tabled API",
    "DESCRIPTION": (
        "Read-only data about the board's bodies, people, memberships and meetings, with "
        "Popolo exports; the decisions register, the action and challenge logs, and "
        "performance metrics with their figures. Restricted items, papers and records reach "
        "only current members of the body and the business unit, as on the pages; the action "
        "and challenge logs are for members and the business unit. Each list is of one "
        "partnership: the site's, or the one `?partnership=<CODE>` names (see "
        "/api/v1/partnerships/). Sign in, or send "
        "`Authorization: Token <key>` with a key from the admin (Settings → API tokens)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["meetings.api.schema.only_api_v1"],
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page's scripts come from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# ---------------------------------------------------------------------------
# django-simple-history
# https://django-simple-history.readthedocs.io/en/latest/historical_model.html
# ---------------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# ---------------------------------------------------------------------------
# Logging: to the console, where the process manager collects it
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail's background tasks (search and reference index) log every run at INFO, and
    # WeasyPrint each rendering step; their warnings still come through.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
