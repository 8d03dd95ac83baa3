from django.urls import path

from meetings import views

app_name = "meetings"

# Included at the site root by config.urls: the meetings pages, the members' page and the
# feeds, including each body's feed under /bodies/ (kept here so that membership never
# imports meetings).
urlpatterns = [
    path("meetings/", views.meeting_index, name="meeting_index"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/apologies/", views.apologies_send, name="apologies_send"),
    path("meetings/<int:pk>/agenda/versions/", views.agenda_versions, name="agenda_versions"),
    path(
        "meetings/<int:pk>/agenda/versions/<int:number>/",
        views.agenda_version_detail,
        name="agenda_version_detail",
    ),
    path("meetings/<int:pk>/agenda/compare/", views.agenda_compare, name="agenda_compare"),
    path("bodies/<slug:slug>/meetings.ics", views.body_feed, name="body_feed"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("my/calendar/", views.my_calendar_reset, name="my_calendar_reset"),
]
