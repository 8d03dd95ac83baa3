"""Notifications by email: one class per kind of message (kinds/, registered in registry),
each person's choice per kind (NotificationPreference), the record of what was sent to whom
(SentNotification), one task that delivers any kind at most once per person per event
(tasks.deliver, delivery), and the weekly summary (digest).

It sits above the domain apps: it reads their records to address and word each email, and
nothing in them imports it. A service names the kind it sends, through core.outbox.notify.
"""
