from django.urls import path

from membership import views

app_name = "membership"

urlpatterns = [
    path("", views.body_index, name="body_index"),
    path("<slug:slug>/", views.body_detail, name="body_detail"),
]
