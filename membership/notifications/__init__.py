"""Notifications by email: the kinds (registry), each person's choice per kind
(NotificationPreference), the record of what was sent to whom (SentNotification), sending
at most once per person per event (delivery), the weekly digest, and queueing tasks so that
a broker that is down loses nothing (outbox).

A Django app of its own (label `notifications`) inside membership, the lowest layer, so that
meetings and governance can both use it without importing upward.
"""
