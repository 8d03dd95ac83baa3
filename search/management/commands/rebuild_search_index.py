import time

from django.core.management.base import BaseCommand
from django.db import connection

from search import indexing, signals


class Command(BaseCommand):
    help = (
        "Index every meeting, agenda item, paper, minute, decision, action, challenge, risk "
        "and published report again from the records. Changes are indexed as they happen; "
        "run this after bulk loads, or to put the index right."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        # Changes queued by the transaction this runs in are covered by the rebuild.
        signals.pending_targets_discard()
        count = indexing.rebuild(progress=lambda message: self.stdout.write(f"  {message} …"))
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner; VACUUM only outside a transaction (load_demo
            # runs in one).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{command} search_searchdocument")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count:,} documents for search in {time.monotonic() - started:.1f} s."
            )
        )
