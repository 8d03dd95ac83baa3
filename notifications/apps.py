from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app's `notifications` module registers its kinds (meetings.notifications,
        # governance.notifications …): import them all now, so every kind is known to the
        # preferences page and the workers whichever module a process happens to load first.
        from . import terms  # noqa: F401 - registers membership's own kinds

        autodiscover_modules("notifications")
