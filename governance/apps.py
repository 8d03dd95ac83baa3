from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self):
        from governance.page_parts import matters_arising_audience, minutes_audience
        from meetings.page_panels import register_meeting_panel

        register_meeting_panel("governance/includes/minutes_panel.html", minutes_audience)
        register_meeting_panel("governance/includes/matters_arising.html", matters_arising_audience)
