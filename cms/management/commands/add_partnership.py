"""Set up a further partnership: `manage.py add_partnership "Kent Safeguarding Adults Board"
KSAB adults.example.org --board "Safeguarding Adults Board" --board-short-name SAB`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cms.partnerships import create_partnership


class Command(BaseCommand):
    help = "Set up a partnership with its own business unit, public site and board."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("code", help="2 to 12 capitals or digits; new references carry it.")
        parser.add_argument("hostname", help="The hostname its public site answers on.")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--board", default="", help="The name of its top-level board.")
        parser.add_argument("--board-short-name", default="")
        parser.add_argument("--contact-email", default="")

    def handle(self, *args, **options):
        try:
            partnership = create_partnership(
                actor=None,
                name=options["name"],
                code=options["code"],
                hostname=options["hostname"],
                port=options["port"],
                board_name=options["board"],
                board_short_name=options["board_short_name"],
                contact_email=options["contact_email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"{partnership} ({partnership.code}) answers on {partnership.site.hostname}; "
            f"add its users to the group “{partnership.business_unit}”."
        )
