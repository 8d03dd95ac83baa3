"""The governance app's part of /api/v1/: the decisions register, the action and challenge
logs, and performance metrics with their figures. Built on meetings.api (see its package
docstring): the same base classes, filters, pagination and reader.

Who sees what is the pages' rule, read through the selectors the pages use
(governance.selectors): the decisions register and unrestricted metrics are public; the
action and challenge logs are for members and the business unit (governance.access
.may_view_logs); restricted records reach only current members of their body and the
business unit.
"""
