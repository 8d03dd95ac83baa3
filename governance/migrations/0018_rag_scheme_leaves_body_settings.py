"""The second step of one RAG scheme per partnership (see rag_scheme_per_partnership): every scheme now has its
partnership, and the per-body choice of scheme and the scheme's at-risk window go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0017_rag_scheme_per_partnership"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ragscheme",
            name="partnership",
            field=models.OneToOneField(
                error_messages={"unique": "This partnership already has a RAG scheme: edit that one."},
                help_text="Every body, page and report of this partnership uses this scheme.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rag_scheme",
                to="membership.partnership",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="ragscheme",
            name="rag_scheme_at_risk_days_within_a_year",
        ),
        migrations.RemoveField(model_name="bodygovernancesettings", name="rag_scheme"),
        migrations.RemoveField(model_name="historicalbodygovernancesettings", name="rag_scheme"),
        migrations.RemoveField(model_name="ragscheme", name="at_risk_days"),
        migrations.RemoveField(model_name="historicalragscheme", name="at_risk_days"),
        migrations.AlterModelOptions(
            name="ragscheme",
            options={
                "ordering": ["partnership__sort_order", "partnership__name"],
                "verbose_name": "RAG scheme",
            },
        ),
        migrations.AddConstraint(
            model_name="bodygovernancesettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("at_risk_days__lte", 365)),
                name="governance_settings_at_risk_days_within_a_year",
                violation_error_message="The at-risk window is at most 365 days.",
            ),
        ),
    ]
