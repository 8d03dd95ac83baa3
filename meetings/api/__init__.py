"""The read-only JSON API under /api/v1/ (Django REST framework, documented by
drf-spectacular)."""
