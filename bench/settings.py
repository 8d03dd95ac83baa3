# ruff: noqa: F403, F405 - settings extend production's by a star import, as config/settings do
"""Production settings as `make bench` serves them: plain HTTP on 127.0.0.1, and the
bench-only URLs (the floor view) in front of the site's. Never used to serve anyone."""

import os

# bench/web.py passes one key to every worker, so a session signed by one is read by all;
# this default only lets the module import on its own (production refuses short keys).
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 60)
# `.localhost` and its subdomains: generate_scale --partnerships gives each partnership after
# the first a site on <area>.localhost (bench/partnerships.py asks for its pages there).
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,.localhost,testserver")
# The pages are measured as the first request after an edit gets them: nothing is kept
# between requests, and sessions are in the database unless REDIS_CACHE_URL is set.

from config.settings.production import *  # noqa: E402

# generate_scale fills the bench database (bench/web.py); the pages measured never import it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# Plain HTTP on the loopback: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The pages are measured, not their static files: no manifest to build first.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "bench"))
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
