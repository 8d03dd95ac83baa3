"""An email backend for the tests that keeps mail like locmem and can be told to fail."""

from __future__ import annotations

import smtplib
from email.utils import parseaddr

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

# address → how many more sends to it fail (-1: always); and refused outright (550).
FAIL_NEXT: dict[str, int] = {}
REFUSED: set[str] = set()


class FlakyBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            address = parseaddr(message.to[0])[1]
            if address in REFUSED:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
            remaining = FAIL_NEXT.get(address, 0)
            if remaining:
                FAIL_NEXT[address] = remaining - 1 if remaining > 0 else -1
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            message.message()
            if not hasattr(mail, "outbox"):
                mail.outbox = []
            mail.outbox.append(message)
        return len(messages)
