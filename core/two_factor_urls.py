"""Addresses of the two-factor sign-in pages (see core.two_factor)."""

from django.urls import path

from core import two_factor

app_name = "two_factor"

urlpatterns = [
    path("enrol/", two_factor.enrol, name="enrol"),
    path("verify/", two_factor.verify, name="verify"),
]
