"""Addresses of the pages that lift a paused sign-in by email (see core.unlock)."""

from django.urls import path

from core import unlock

app_name = "unlock"

urlpatterns = [
    path("", unlock.request_link, name="request"),
    path("<str:token>/", unlock.confirm, name="confirm"),
]
