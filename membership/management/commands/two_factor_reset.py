"""Remove a user's authenticator app, for someone who has lost their phone: they enrol a new
one at their next sign-in."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remove USERNAME's authenticator app, so they enrol a new one at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as missing:
            raise CommandError(f"There is no user called {username!r}.") from missing
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            f"Removed {removed} authenticator app(s) of {username}: they enrol a new one at "
            "their next sign-in."
        )
