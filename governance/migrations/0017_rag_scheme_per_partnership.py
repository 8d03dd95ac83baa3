"""One RAG scheme per partnership: its words and colours move from each body's settings to
the partnership, and the at-risk window stays with each body.

A partnership takes the scheme of its board, or else of the first of its bodies (in their
order) that had one; one whose bodies all spoke the standard words keeps them, with no
scheme of its own until its business unit makes one. Every body that showed other
words than its partnership's now, every scheme no partnership took, and every copy made for
a partnership sharing another's scheme, is printed and written into the schemes' history
with the reason, so nothing changes silently."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

STATES = ("complete", "on_track", "at_risk", "overdue", "not_started", "suspended")
WORDS = tuple(f"{state}_{part}" for state in STATES for part in ("label", "colour"))
STANDARD = {
    "complete_label": "Complete",
    "complete_colour": "blue",
    "on_track_label": "On track",
    "on_track_colour": "green",
    "at_risk_label": "At risk",
    "at_risk_colour": "amber",
    "overdue_label": "Overdue",
    "overdue_colour": "red",
    "not_started_label": "Not started",
    "not_started_colour": "grey",
    "suspended_label": "Suspended",
    "suspended_colour": "black",
}


def _words(scheme) -> dict:
    return STANDARD if scheme is None else {name: getattr(scheme, name) for name in WORDS}


def _describe(words: dict) -> str:
    return ", ".join(f"{words[f'{s}_label']} ({words[f'{s}_colour']})" for s in STATES)


def _named(scheme) -> str:
    return f"“{scheme.name}”" if scheme is not None else "the standard words"


def _record(apps, scheme, kind: str, reason: str) -> None:
    History = apps.get_model("governance", "HistoricalRagScheme")
    values = {field.attname: getattr(scheme, field.attname) for field in scheme._meta.fields}
    History.objects.create(
        **values,
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=reason[:5000],
    )


def carry_schemes_to_partnerships(apps, schema_editor):
    Partnership = apps.get_model("membership", "Partnership")
    Body = apps.get_model("membership", "Body")
    RagScheme = apps.get_model("governance", "RagScheme")
    Settings = apps.get_model("governance", "BodyGovernanceSettings")

    settings_of = {
        row.body_id: row for row in Settings.objects.select_related("rag_scheme", "body")
    }
    # The at-risk window was the scheme's; each body keeps the one it had.
    for row in settings_of.values():
        if row.rag_scheme_id and row.at_risk_days != row.rag_scheme.at_risk_days:
            row.at_risk_days = row.rag_scheme.at_risk_days
            row.save(update_fields=["at_risk_days"])

    report, taken = [], set()
    for partnership in Partnership.objects.order_by("pk"):
        bodies = list(Body.objects.filter(partnership=partnership).order_by("sort_order", "name"))
        used = {
            body.pk: settings_of[body.pk].rag_scheme
            for body in bodies
            if body.pk in settings_of and settings_of[body.pk].rag_scheme_id
        }
        chosen = used.get(partnership.board_id) or next(iter(used.values()), None)
        if chosen is None:
            continue
        words = _words(chosen)
        if chosen.pk not in taken:
            scheme = chosen
            scheme.partnership_id = partnership.pk
            scheme.save(update_fields=["partnership"])
            kind, how = "~", f"Now the scheme of {partnership.name}"
        else:
            scheme = RagScheme.objects.create(
                partnership_id=partnership.pk,
                name=chosen.name,
                description=chosen.description,
                **words,
            )
            kind = "+"
            how = f"Made for {partnership.name} from {_named(chosen)}, which another took first"
            report.append(f"{partnership.name}: a copy of {_named(chosen)}.")
        changed = [body.name for body in bodies if _words(used.get(body.pk)) != words]
        if changed:
            line = (
                f"{partnership.name} now shows every body's actions in {_named(chosen)} "
                f"({_describe(words)}); these showed other words before: {', '.join(changed)}."
            )
            report.append(line)
            how += f". {line}"
        _record(apps, scheme, kind, how if how.endswith(".") else f"{how}.")
        taken.add(scheme.pk)

    for scheme in RagScheme.objects.filter(partnership__isnull=True).order_by("pk"):
        users = sorted(
            row.body.name for row in settings_of.values() if row.rag_scheme_id == scheme.pk
        )
        line = (
            f"{_named(scheme)} ({_describe(_words(scheme))}) is no partnership's scheme and is "
            f"removed; its history keeps it. It was used by: {', '.join(users) or 'no body'}."
        )
        report.append(line)
        Settings.objects.filter(rag_scheme=scheme).update(rag_scheme=None)
        _record(apps, scheme, "-", line)
        scheme.delete()

    if report:
        print("\n  RAG schemes are now one per partnership:")
        for line in report:
            print(f"  - {line}")


def restore_body_schemes(apps, schema_editor):
    """Each body's settings name its partnership's scheme again, and each scheme takes the
    at-risk window of its partnership's board (the old place held one per scheme)."""
    RagScheme = apps.get_model("governance", "RagScheme")
    Settings = apps.get_model("governance", "BodyGovernanceSettings")
    names = set()
    for scheme in RagScheme.objects.select_related("partnership").order_by("pk"):
        name = scheme.name or f"{scheme.partnership.name} scheme"
        if name in names:
            name = f"{name} ({scheme.partnership.code})"
        names.add(name)
        board = Settings.objects.filter(body_id=scheme.partnership.board_id).first()
        scheme.name = name
        scheme.at_risk_days = board.at_risk_days if board is not None else 14
        scheme.save(update_fields=["name", "at_risk_days"])
    for row in Settings.objects.select_related("body__partnership__rag_scheme"):
        scheme = getattr(row.body.partnership, "rag_scheme", None)
        if scheme is not None:
            row.rag_scheme = scheme
            row.save(update_fields=["rag_scheme"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0016_resolution_papers"),
        ("membership", "0011_membership_role_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="bodygovernancesettings",
            name="at_risk_days",
            field=models.PositiveSmallIntegerField(
                default=14, help_text="An open action due within this many days is at risk."
            ),
        ),
        migrations.AddField(
            model_name="historicalbodygovernancesettings",
            name="at_risk_days",
            field=models.PositiveSmallIntegerField(
                default=14, help_text="An open action due within this many days is at risk."
            ),
        ),
        migrations.AlterField(
            model_name="ragscheme",
            name="name",
            field=models.CharField(blank=True, help_text="For your own reference.", max_length=100),
        ),
        migrations.AlterField(
            model_name="historicalragscheme",
            name="name",
            field=models.CharField(blank=True, help_text="For your own reference.", max_length=100),
        ),
        migrations.AddField(
            model_name="ragscheme",
            name="partnership",
            field=models.OneToOneField(
                null=True,
                error_messages={"unique": "This partnership already has a RAG scheme: edit that one."},
                help_text="Every body, page and report of this partnership uses this scheme.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rag_scheme",
                to="membership.partnership",
            ),
        ),
        migrations.AddField(
            model_name="historicalragscheme",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                error_messages={"unique": "This partnership already has a RAG scheme: edit that one."},
                help_text="Every body, page and report of this partnership uses this scheme.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="membership.partnership",
            ),
        ),
        migrations.RunPython(carry_schemes_to_partnerships, restore_body_schemes),
    ]
