"""Settings of the Celery worker that the live tests start (see live.py): the test settings,
with tasks queued for real on the test session's queue, mail over SMTP to the session's
aiosmtpd server, and a short visibility timeout so that a task whose worker was killed is
delivered again within seconds rather than an hour."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403
from config.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["TABLED_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TABLED_TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 10
MEDIA_ROOT = Path(os.environ["TABLED_TEST_MEDIA_ROOT"])
PRIVATE_MEDIA_ROOT = Path(os.environ["TABLED_TEST_PRIVATE_MEDIA_ROOT"])
