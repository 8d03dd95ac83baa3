"""Wagtail's page_published signal, handed to the report services."""

from __future__ import annotations

from cms import services
from cms.models import ReportPage


def report_page_published(sender, instance, revision, **kwargs):
    if isinstance(instance, ReportPage):
        services.report_published(page=instance, revision=revision)
