"""Addresses of the page where an invited person sets their password (see membership.logins)."""

from django.urls import path

from membership import views

app_name = "invitation"

urlpatterns = [
    path("done/", views.InvitationDoneView.as_view(), name="done"),
    path("<uidb64>/<token>/", views.InvitationSetPasswordView.as_view(), name="set_password"),
]
