from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self):
        from governance.meeting_panels import matters_arising, minutes_section
        from meetings.page_panels import register_meeting_panel

        register_meeting_panel("governance/includes/minutes_panel.html", minutes_section)
        register_meeting_panel("governance/includes/matters_arising.html", matters_arising)
