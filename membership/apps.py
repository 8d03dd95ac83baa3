from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Membership"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from membership import page_cache, security, signed_in

        page_cache.connect()
        signed_in.connect()
        user_logged_in.connect(security.session_touched_at_sign_in)
