"""The OpenAPI schema covers /api/v1/ only: Wagtail's admin has its own Django REST
framework endpoints, which are not ours to document."""


def only_api_v1(endpoints):
    """drf-spectacular preprocessing hook (PREPROCESSING_HOOKS)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
