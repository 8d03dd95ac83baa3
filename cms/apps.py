from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self):
        from wagtail.signals import page_published

        from cms.signals import report_page_published

        page_published.connect(report_page_published, dispatch_uid="cms.report_page_published")
