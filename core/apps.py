from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every Tabled app uses: security, sign-in limits, PDF limits, the tracked admin
    viewset, dates, CSV in and out, and the transactional outbox. It imports none of the
    product apps."""

    name = "core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core import security, spreadsheet_exports

        spreadsheet_exports.write_exports_through_the_formula_safe_writer()
        user_logged_in.connect(security.session_touched_at_sign_in)
