"""Today's data becomes one partnership with nothing changed: its site, its business unit,
its board, and its references as they were (no code added to them)."""

import re

from django.db import migrations



def one_partnership(apps, schema_editor):
    Partnership = apps.get_model("membership", "Partnership")
    Body = apps.get_model("membership", "Body")
    Person = apps.get_model("membership", "Person")
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    HistoricalBody = apps.get_model("membership", "HistoricalBody")
    HistoricalPerson = apps.get_model("membership", "HistoricalPerson")
    if Partnership.objects.exists():
        return
    site = Site.objects.filter(is_default_site=True).first()
    board = (
        Body.objects.filter(parent__isnull=True, kind="board").order_by("sort_order", "name").first()
    )
    code = re.sub(r"[^A-Z0-9]", "", ((board and board.short_name) or "").upper())
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,11}", code):
        code = "TABLED"
    group, _ = Group.objects.get_or_create(name="Business unit")
    partnership = Partnership.objects.create(
        name=(site and site.site_name) or (board and board.name) or "Tabled",
        code=code,
        board=board,
        site=site,
        business_unit=group,
        is_default=True,
        prefix_references=False,
    )
    for model in (Body, Person, HistoricalBody, HistoricalPerson):
        model.objects.update(partnership=partnership)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0006_partnerships"),
        ("wagtailcore", "0001_initial"),
        ("cms", "0002_create_homepage"),
    ]

    operations = [
        migrations.RunPython(one_partnership, migrations.RunPython.noop),
    ]
