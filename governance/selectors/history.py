from __future__ import annotations

from django.db import models


def record_history(instance: models.Model) -> list[dict]:
    """Every saved version of a record, newest first: who, when, why, and each field's value
    before and after (as the admin's history view shows it)."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    fields = {field.name: field for field in type(instance)._meta.fields}
    # Links (many-to-many) would cost a query per version; the admin's history shows them.
    links = [field.name for field in type(instance)._meta.many_to_many]
    versions = []
    for index, record in enumerate(records):
        before = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if before is not None:
            delta = record.diff_against(before, excluded_fields=links, foreign_keys_are_objs=False)
            for change in delta.changes:
                field = fields.get(change.field)
                if field is None:
                    continue
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        versions.append(
            {
                "record": record,
                "kind": {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                "changes": changes,
            }
        )
    return versions
