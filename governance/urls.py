from django.urls import path

from governance import views
from governance.views import interests, resolutions, signatures

app_name = "governance"

# References contain slashes ("KSCB/2011/004"), so detail pages take a path; each `key` is a
# reference or a numeric id.
urlpatterns = [
    path("decisions/", views.decision_index, name="decision_index"),
    path("decisions/export.csv", views.decision_export, name="decision_export"),
    path("decisions/<path:key>/", views.decision_detail, name="decision_detail"),
    path("actions/", views.action_index, name="action_index"),
    path("actions/export.csv", views.action_export, name="action_export"),
    path("actions/<path:key>/", views.action_detail, name="action_detail"),
    path("my/actions/", views.my_actions, name="my_actions"),
    path("my/actions/<int:pk>/update/", views.my_action_update, name="my_action_update"),
    path("my/interests/", interests.my_interests, name="my_interests"),
    path("my/interests/<int:pk>/", interests.my_interest_edit, name="my_interest_edit"),
    path("bodies/<slug:slug>/interests/", interests.body_interests, name="body_interests"),
    path("bodies/<slug:slug>/resolutions/", resolutions.body_resolutions, name="body_resolutions"),
    path(
        "bodies/<slug:slug>/resolutions/new/",
        resolutions.resolution_new,
        name="resolution_new",
    ),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution_detail"),
    path(
        "resolutions/<int:pk>/papers/<int:paper_pk>/",
        resolutions.resolution_paper,
        name="resolution_paper",
    ),
    path(
        "resolutions/vote/<str:token>/",
        resolutions.resolution_vote_link,
        name="resolution_vote",
    ),
    path(
        "resolutions/vote/<str:token>/papers/<int:paper_pk>/",
        resolutions.resolution_vote_link_paper,
        name="resolution_vote_paper",
    ),
    path("meetings/<int:pk>/minutes/sign/", signatures.minutes_sign, name="minutes_sign"),
    path("minutes/verify/", signatures.minutes_verify_lookup, name="minutes_verify_lookup"),
    path("minutes/verify/<str:digest>/", signatures.minutes_verify, name="minutes_verify"),
    path("challenges/", views.challenge_index, name="challenge_index"),
    path("challenges/export.csv", views.challenge_export, name="challenge_export"),
    path("challenges/<path:key>/", views.challenge_detail, name="challenge_detail"),
    path("risks/", views.risk_index, name="risk_index"),
    path("risks/export.csv", views.risk_export, name="risk_export"),
    path("risks/<path:key>/", views.risk_detail, name="risk_detail"),
    path("plans/", views.plan_index, name="plan_index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("meetings/<int:pk>/log/", views.meeting_log_console, name="meeting_log"),
    path("meetings/<int:pk>/minutes/", views.minutes_detail, name="minutes_detail"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes/comment/", views.minutes_comment, name="minutes_comment"),
    path("meetings/<int:pk>/minutes/versions/", views.minutes_versions, name="minutes_versions"),
    path(
        "meetings/<int:pk>/minutes/versions/<int:number>/",
        views.minutes_version_detail,
        name="minutes_version_detail",
    ),
    path("meetings/<int:pk>/minutes/compare/", views.minutes_compare, name="minutes_compare"),
]
