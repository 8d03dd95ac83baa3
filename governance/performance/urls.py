"""The performance pages; included from config/urls.py."""

from django.urls import path

from governance.performance import views

app_name = "performance"

urlpatterns = [
    path("performance/", views.metric_index, name="metric_index"),
    path("performance/<slug:slug>/", views.metric_detail, name="metric_detail"),
    path("audits/", views.audit_index, name="audit_index"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
]
