"""Small and fast: MD5 hashing, local-memory cache and email, media in a temporary folder."""

import tempfile
import uuid

from .base import *

# The test settings never serve anyone.
SECRET_KEY = "test-only-insecure-key"  # noqa: S105  # nosec B105
DEBUG = False
# ".localhost": each partnership of a test answers on a name of its own (adults.localhost).
ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tabled-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tabled-test-private-"))
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_AUTOREFRESH = True
# Tasks run in the test process, so a test sees their effects; tests wrap the code that
# queues them in django_capture_on_commit_callbacks(execute=True), since each test is a
# transaction that never commits. `make test` still sets CELERY_BROKER_URL: the broker is
# there, tasks just do not travel through it here.
CELERY_TASK_ALWAYS_EAGER = True
# Tasks run eagerly in tests, yet the pack prebuild is part of what they prove.
PAPERS_PACK_PREBUILD = True
# The live-worker tests (tests/notifications/) start a worker that consumes this queue alone,
# so two test runs sharing one Redis never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = f"tabled-test-{uuid.uuid4().hex[:12]}"
# Retries in the live-worker tests wait a second or two, not half a minute.
NOTIFICATIONS_RETRY_BACKOFF = 1
# Reports' PDFs are built on first request, whether or not a broker is configured; the tests
# of the worker path turn prebuilding on themselves.
REPORT_PDF_PREBUILD = False
# Most tests sign in with force_login and no authenticator app; tests/security turns
# two-factor sign-in on to prove it.
TABLED_REQUIRE_2FA = False
# Tests sign in with Client.login(), which authenticates without a request, and django-axes
# refuses that; tests/security/test_lockout.py turns the lockout on to prove it.
AXES_ENABLED = False
# Tests travel days ahead with a signed-in client; the 30-minute idle expiry of base.py is
# proved in tests/security/test_sign_in.py.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
