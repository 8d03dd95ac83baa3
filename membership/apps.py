from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Membership"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from membership import security, spreadsheet_exports

        spreadsheet_exports.write_exports_through_the_formula_safe_writer()
        user_logged_in.connect(security.session_touched_at_sign_in)
