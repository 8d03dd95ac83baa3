import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale import DEFAULT_PASSWORD, ScaleRefused, generate


class Command(BaseCommand):
    help = (
        "Generate a realistic history for benchmarks: per partnership of twelve bodies, "
        "YEARS of terms, meetings, agendas, papers, attendance, decisions and actions, each "
        "row with its history. --scale 1 is about 1,500 meetings and 20,000 agenda items; "
        "the same --seed gives the same history. Refuses a database that has data unless "
        "--force. Bulk writes live in demo/scale/ and nowhere else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2012)
        parser.add_argument(
            "--partnerships",
            type=int,
            default=None,
            help="How many partnerships: the first at --scale, the rest thin (--thin), each "
            "with a site on <area>.localhost, a committee shared with the one before and a "
            "member on both boards. Without it, --scale above 1 makes that many full ones.",
        )
        parser.add_argument(
            "--thin",
            type=float,
            default=0.02,
            help="The scale of each partnership after the first (with --partnerships).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the history runs up to (YYYY-MM-DD); today when not given.",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of the generated logins (default {DEFAULT_PASSWORD!r}).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Add a history to a database that has data."
        )

    def handle(self, *args, **options):
        if options["years"] < 1:
            raise CommandError("--years must be 1 or more.")
        if options["scale"] <= 0 or options["thin"] <= 0:
            raise CommandError("--scale and --thin must be above 0, e.g. 0.1 or 1.0.")
        if options["partnerships"] is not None and options["partnerships"] < 1:
            raise CommandError("--partnerships must be 1 or more.")
        try:
            result = generate(
                years=options["years"],
                scale=options["scale"],
                seed=options["seed"],
                today=options["today"],
                force=options["force"],
                password=options["password"],
                partnerships=options["partnerships"],
                thin=options["thin"],
                progress=lambda message: self.stdout.write(f"  {message} …"),
            )
        except ScaleRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        # Bulk inserts send no signals: the index is built once, at the end.
        call_command("rebuild_search_index", stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner sees twenty years of rows, not empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, count in sorted(result.counts.items()):
            self.stdout.write(f"  {count:>8,} {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {', '.join(result.areas)} in {result.seconds:.0f} s "
                "(each row with its history row)."
            )
        )
        self.stdout.write(f"Logins (password {options['password']!r}): " + ", ".join(result.logins))
