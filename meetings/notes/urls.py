"""Addresses of a member's private notes on papers (see meetings.notes)."""

from django.urls import path

from meetings.notes import views

app_name = "paper_notes"

urlpatterns = [
    path("papers/<int:paper_id>/v<int:number>/read/", views.reader, name="reader"),
    path("papers/<int:paper_id>/v<int:number>/notes/", views.version_notes, name="version_notes"),
    path("papers/<int:paper_id>/v<int:number>/notes.pdf", views.export, name="export"),
    path("notes/<int:note_id>/", views.note_edit, name="note"),
    path("notes/<int:note_id>/delete/", views.note_remove, name="note_delete"),
    path("my/notes/", views.my_notes, name="my_notes"),
]
