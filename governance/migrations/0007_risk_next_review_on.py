import datetime

from django.db import migrations, models

HELP = (
    "When the risk is next due for review. Each review sets it a quarter on unless the "
    "reviewer chooses another date."
)


def a_quarter_after_the_last_review(apps, schema_editor):
    Risk = apps.get_model("governance", "Risk")
    for risk in Risk.objects.all():
        last = risk.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
        due = (last or risk.opened_on) + datetime.timedelta(days=91)
        Risk.objects.filter(pk=risk.pk).update(next_review_on=due)
    # Older copies in the history get the date their risk would have had when it was added.
    HistoricalRisk = apps.get_model("governance", "HistoricalRisk")
    for copy in HistoricalRisk.objects.filter(next_review_on__isnull=True):
        copy.next_review_on = copy.opened_on + datetime.timedelta(days=91)
        copy.save(update_fields=["next_review_on"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_minutes_permissions")]

    operations = [
        migrations.AddField(
            model_name="risk",
            name="next_review_on",
            field=models.DateField(null=True, verbose_name="next review", help_text=HELP),
        ),
        migrations.AddField(
            model_name="historicalrisk",
            name="next_review_on",
            field=models.DateField(null=True, verbose_name="next review", help_text=HELP),
        ),
        migrations.RunPython(a_quarter_after_the_last_review, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="risk",
            name="next_review_on",
            field=models.DateField(verbose_name="next review", help_text=HELP),
        ),
        migrations.AlterField(
            model_name="historicalrisk",
            name="next_review_on",
            field=models.DateField(verbose_name="next review", help_text=HELP),
        ),
    ]
