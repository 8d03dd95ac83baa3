"""Notifications by email: the kinds (registry), each person's choice per kind
(NotificationPreference), the record of what was sent to whom (SentNotification), sending
at most once per person per event (delivery), the weekly digest, and queueing tasks so that
a broker that is down loses nothing (outbox).

It sits above the domain apps: it reads their records to address and word each email,
and nothing in them imports it.
"""
