"""Every kind of notification, one class each, registered as its module is imported (the
app does so when Django starts, so the preferences page and the workers know them all).
A new kind goes in the module of the records it is about."""

# In the order the preferences page lists them.
from . import terms, meetings, governance, resolutions, governance_weekly, invitations, reports  # noqa: F401, I001
