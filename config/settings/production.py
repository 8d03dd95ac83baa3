"""Production: PostgreSQL, Redis, gunicorn. Refuses to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

# The demo board and the generated history are for trying Tabled and measuring it: a
# production site has neither `load_demo` nor `generate_scale`.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "demo"]

# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# Set TABLED_TRUSTED_PROXIES (config/settings/_security.py) to the number of proxies in front, or
# the sign-in lockout and slow-down see every request as coming from the nearest proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

if os.environ.get("REDIS_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": os.environ["REDIS_CACHE_URL"],
        }
    }
    # Sessions are read from Redis and written through to the database, so a signed-in
    # request does not query for its session, and a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
