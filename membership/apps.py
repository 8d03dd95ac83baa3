from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Membership"

    def ready(self):
        from membership import page_cache, signed_in

        page_cache.connect()
        signed_in.connect()
