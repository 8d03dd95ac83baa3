from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses, at the ground floor: it imports none of them."""

    name = "core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"
