"""django-simple-history, adapted to Wagtail's clusters."""

from simple_history.models import HistoricalRecords

from django.db import models

from modelcluster.fields import ParentalKey


class TrackedHistory(HistoricalRecords):
    """HistoricalRecords for every Tabled model. A historical copy of a ParentalKey must be a
    plain ForeignKey: modelcluster refuses the `related_name="+"` that history copies use."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if isinstance(field, ParentalKey):
                field.swappable = False
                _name, _path, args, kwargs = field.deconstruct()
                plain = models.ForeignKey(*args, **kwargs)
                plain.name = field.name
                fields[name] = plain
        return fields
