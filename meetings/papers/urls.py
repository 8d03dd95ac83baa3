"""Addresses of paper files and papers packs (permission-checked: see file_views)."""

from django.urls import path

from meetings.papers import views as file_views

app_name = "meeting_files"

urlpatterns = [
    path("papers/<int:paper_id>/", file_views.paper_file, name="paper_file"),
    path("papers/<int:paper_id>/v<int:number>/", file_views.paper_file, name="paper_version"),
    path("meetings/<int:meeting_id>/pack.pdf", file_views.meeting_pack, name="meeting_pack"),
]
