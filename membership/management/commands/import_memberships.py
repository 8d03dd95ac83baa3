"""Import people and memberships from a CSV file, as the admin's "Import memberships" does."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from membership.imports import membership_import_csv


class Command(BaseCommand):
    help = (
        "Import people and memberships from a CSV file, all or nothing. The columns are "
        "described in membership/imports.py; the admin offers a template."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file as an import would, then write nothing.",
        )
        parser.add_argument(
            "--user",
            help="Username to record in the history as having made the import "
            "(by default the history records no user).",
        )

    def handle(self, *args, path, dry_run, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as missing:
                raise CommandError(f"No user has the username “{user}”.") from missing
        try:
            with open(path, "rb") as file:
                result = membership_import_csv(actor=actor, file=file, dry_run=dry_run)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            count = len(result.problems)
            raise CommandError(
                f"Nothing was imported: {result.filename} has {count} "
                f"problem{'s' if count != 1 else ''}."
            )
        for match in result.matches:
            self.stdout.write(str(match))
        if dry_run:
            self.stdout.write(
                f"{result.filename} is ready: it would import {result.summary}. "
                "Nothing was written (--dry-run)."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {result.summary} from {result.filename}.")
            )
