from django.db import migrations


class Migration(migrations.Migration):
    """The movements hold who came and went; the single fields would only disagree."""

    dependencies = [
        ('meetings', '0009_attendance_movements'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='attendance',
            name='arrived_at',
        ),
        migrations.RemoveField(
            model_name='attendance',
            name='arrived_at_item',
        ),
        migrations.RemoveField(
            model_name='attendance',
            name='left_at',
        ),
        migrations.RemoveField(
            model_name='attendance',
            name='left_at_item',
        ),
        migrations.RemoveField(
            model_name='historicalattendance',
            name='arrived_at',
        ),
        migrations.RemoveField(
            model_name='historicalattendance',
            name='arrived_at_item',
        ),
        migrations.RemoveField(
            model_name='historicalattendance',
            name='left_at',
        ),
        migrations.RemoveField(
            model_name='historicalattendance',
            name='left_at_item',
        ),
    ]
