from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Site

from demo.adults import HOSTNAME as ADULTS_HOST
from demo.adults import load_adults_demo
from demo.board.governance import load_governance_demo
from demo.board.meetings import load_meetings_demo
from demo.board.people import load_membership_demo
from demo.board.performance import load_performance_demo
from demo.board.reports import BOARD_CHAIR_LOGIN, load_reports_demo
from demo.board.subgroup import load_subgroup_demo
from demo.logos import load_logo
from membership import services
from membership.models import Body, Partnership

DEMO_SITE_NAME = "Kent Safeguarding Children Board"
# The logo's disc: white letters on it read at 4.5:1 or better (WCAG 2.2 AA).
CHILDREN_COLOUR = "#1d4f91"


class Command(BaseCommand):
    help = (
        "Load the demo board of the March 2012 progress report: bodies, people, chairs, the "
        "2011/12 meetings with their agendas and attendance, the governance logs, the reports "
        "(the March 2012 progress report itself, published), and the demo logins manager, "
        "chair and member, and boardchair who approves reports (password 'demo'). Safe to run "
        "again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        logins = load_membership_demo()
        load_meetings_demo(actor=logins["manager"])
        load_governance_demo()
        load_subgroup_demo(logins["manager"])
        load_performance_demo()
        site = Site.objects.get(is_default_site=True)
        # `make demo` serves on localhost:8000: page links (the reports' in emails, Wagtail's
        # "view live") name the address where it answers, not Wagtail's localhost:80.
        if (site.site_name, site.hostname, site.port) != (DEMO_SITE_NAME, "localhost", 8000):
            site.site_name, site.hostname, site.port = DEMO_SITE_NAME, "localhost", 8000
            site.save(update_fields=["site_name", "hostname", "port"])
        home = site.root_page.specific
        if home.title != DEMO_SITE_NAME:
            home.title = DEMO_SITE_NAME
            home.intro = (
                "<p>The Kent Safeguarding Children Board brings together the agencies that "
                "keep children in Kent safe, and holds them to account for how well they do "
                "it.</p>"
            )
            home.save_revision(user=logins["manager"], log_action=True).publish(
                user=logins["manager"]
            )
        partnership = Partnership.objects.get(is_default=True)
        partnership.name, partnership.code = DEMO_SITE_NAME, "KSCB"
        partnership.board = Body.objects.get(partnership=partnership, slug="board")
        partnership.contact_email = "kscb@example.org"
        partnership = services.partnership_save(
            actor=logins["manager"], partnership=partnership, reason="Demo board"
        )
        load_logo(partnership=partnership, colour=CHILDREN_COLOUR, uploader=logins["manager"])
        load_reports_demo(actor=logins["manager"])
        logins |= load_adults_demo(manager=logins["manager"])
        call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo board loaded."))
        self.stdout.write("Demo logins (password 'demo'): " + ", ".join(logins))
        self.stdout.write(
            "The chair login chairs the Quality and Effectiveness Subgroup: two held "
            "meetings, one starting within the hour (try the console) and one next month."
        )
        self.stdout.write(
            f"The Board's independent chair, who approves reports: {BOARD_CHAIR_LOGIN} "
            "(password 'demo'). Reports: http://127.0.0.1:8000/reports/"
        )
        self.stdout.write(
            f"The second partnership, a Safeguarding Adults Board: http://{ADULTS_HOST}:8000/"
        )
