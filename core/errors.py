"""A service refuses with a ValidationError; these show its messages where the reader looks:
on the form field it names, or against the column of an imported file."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def messages_by_field(error: ValidationError) -> list[tuple[str | None, list[str]]]:
    """The refusal's messages grouped by the field they name; None for the whole record."""
    if hasattr(error, "error_dict"):
        return list(error.message_dict.items())
    return [(None, error.messages)]


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, or above the form."""
    for field, messages in messages_by_field(error):
        form.add_error(field if field in form.fields else None, messages)
