import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The outbox moves from the notifications app to core, keeping its table: only Django's
    idea of which app holds the model changes (notifications 0003 lets go of it)."""

    initial = True

    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("task_name", models.CharField(max_length=200)),
                        ("args", models.JSONField(default=list)),
                        ("kwargs", models.JSONField(default=dict)),
                        ("created", models.DateTimeField(default=django.utils.timezone.now)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("enqueued_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "verbose_name": "outbox event",
                        "db_table": "notifications_outboxevent",
                        "ordering": ["created", "pk"],
                        "default_permissions": ("view",),
                        "indexes": [
                            models.Index(
                                fields=["enqueued_at", "created"],
                                name="notificatio_enqueue_0aa9ab_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
