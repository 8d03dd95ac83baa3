from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("governance", "0009_metrics_belong_to_their_bodys_partnership")]

    operations = [
        migrations.AlterField(
            model_name="metric",
            name="partnership",
            field=models.ForeignKey(
                editable=False,
                on_delete=models.deletion.PROTECT,
                related_name="metrics",
                to="membership.partnership",
            ),
        ),
    ]
