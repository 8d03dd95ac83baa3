from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("membership", "0007_one_partnership_holds_todays_data")]

    operations = [
        migrations.AlterField(
            model_name="body",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                help_text="The partnership that runs this body. A joint body is run by one and "
                "reports to the others' boards too.",
                on_delete=models.deletion.PROTECT,
                related_name="bodies",
                to="membership.partnership",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                help_text="The partnership that keeps this person's record. Others see them "
                "once they sit on one of their bodies.",
                on_delete=models.deletion.PROTECT,
                related_name="people",
                to="membership.partnership",
            ),
        ),
    ]
