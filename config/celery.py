import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("tabled")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def limit_worker_memory(**_kwargs):
    """Each pool process gets an address-space cap (settings.WORKER_MEMORY_LIMIT_BYTES):
    a PDF rendering or text extraction that asks for gigabytes fails that task instead of
    taking the machine's memory from everything else on it."""
    from django.conf import settings

    from core.limits import limit_address_space

    limit_address_space(settings.WORKER_MEMORY_LIMIT_BYTES)
