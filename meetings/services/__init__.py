"""Every change to meetings goes through here, whoever makes it: the admin, the members'
pages and `load_demo` check the same rules and write the same history."""

from .agenda import (
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    agenda_items_reorder,
    agenda_publish,
)
from .attendance import (
    agenda_item_open,
    apologies_send,
    attendance_record,
    attendance_register,
    attendance_save,
)
from .calendar import calendar_token_reset
from .meetings import (
    meeting_cancel,
    meeting_save,
    meeting_schedule,
    meeting_series_create,
    meeting_series_rename,
    meeting_update,
)
from .papers import paper_save

__all__ = [
    "agenda_item_add",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_items_reorder",
    "agenda_publish",
    "apologies_send",
    "agenda_item_open",
    "attendance_record",
    "attendance_register",
    "attendance_save",
    "calendar_token_reset",
    "meeting_cancel",
    "meeting_save",
    "meeting_schedule",
    "meeting_series_create",
    "meeting_series_rename",
    "meeting_update",
    "paper_save",
]
