"""Addresses of paper files and papers packs (permission-checked: see meetings.papers.views)."""

from django.urls import path

from meetings.papers import views

app_name = "meeting_files"

urlpatterns = [
    path("papers/<int:paper_id>/", views.paper_file, name="paper_file"),
    path("papers/<int:paper_id>/v<int:number>/", views.paper_file, name="paper_version"),
    path("meetings/<int:meeting_id>/pack.pdf", views.meeting_pack, name="meeting_pack"),
]
