from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self):
        from meetings.page_panels import register_meeting_panel

        register_meeting_panel("governance/includes/minutes_panel.html")
        register_meeting_panel("governance/includes/matters_arising.html")
