"""The embedded demo: SQLite, eager Celery, email to the console."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
# ".localhost" lets each partnership of the demo answer on a name of its own
# (adults.localhost), which browsers resolve to the loopback.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# `make demo` signs in as manager, chair and member with the password "demo" and no
# authenticator app; set TABLED_REQUIRE_2FA=1 to try two-factor sign-in in the demo.
TABLED_REQUIRE_2FA = env_bool("TABLED_REQUIRE_2FA", False)
