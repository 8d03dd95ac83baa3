from django.db import migrations
from django.db.models import OuterRef, Subquery


def from_body(apps, schema_editor):
    Body = apps.get_model("membership", "Body")
    for name in ("Metric", "HistoricalMetric"):
        model = apps.get_model("governance", name)
        model.objects.update(
            partnership_id=Subquery(
                Body.objects.filter(pk=OuterRef("body_id")).values("partnership_id")[:1]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0008_partnerships"),
        ("membership", "0007_one_partnership_holds_todays_data"),
    ]

    operations = [
        migrations.RunPython(from_body, migrations.RunPython.noop),
    ]
