"""Wagtail pages: the home page, the reports and their approval; split by concept."""

from .home import HomePage
from .reports import AnnualReportPage, ProgressReportPage, ReportIndexPage, ReportPage
from .workflows import ReportChairApprovalTask

__all__ = [
    "AnnualReportPage",
    "HomePage",
    "ProgressReportPage",
    "ReportChairApprovalTask",
    "ReportIndexPage",
    "ReportPage",
]
