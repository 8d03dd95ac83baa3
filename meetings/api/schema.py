"""The OpenAPI schema covers /api/v1/ only: Wagtail's admin has its own Django REST
framework endpoints, which are not ours to document."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter


def only_api_v1(endpoints):
    """drf-spectacular preprocessing hook (PREPROCESSING_HOOKS)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class PartnershipSchema(AutoSchema):
    """Documents `?partnership=<CODE>` on every endpoint that reads one partnership's
    records (views with `reads_partnership`)."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if getattr(self.view, "reads_partnership", False):
            parameters = [*parameters, PARTNERSHIP_PARAMETER]
        return parameters


PARTNERSHIP_PARAMETER = OpenApiParameter(
    "partnership",
    str,
    description="A partnership's code (see /api/v1/partnerships/): its records rather than "
    "those of the partnership whose site answers. An unknown code is a 400.",
)
