from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    # wagtail.search takes the label "wagtailsearch", so this one is free.
    label = "search"

    def ready(self):
        from search import signals

        signals.connect()
