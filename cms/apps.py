from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from django.core.signals import request_started

        from wagtail.signals import page_published

        from cms.blocks.base import forget_editing_partnership
        from cms.signals import report_page_published

        page_published.connect(report_page_published, dispatch_uid="cms.report_page_published")
        request_started.connect(
            forget_editing_partnership, dispatch_uid="cms.forget_editing_partnership"
        )
