"""The OpenAPI schema is valid, documents every endpoint of /api/v1/ and nothing else, and
the documentation page serves its scripts from our own static files."""

import re

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/partnerships/",
    "/api/v1/partnerships/{id}/",
    "/api/v1/bodies/",
    "/api/v1/bodies/{id}/",
    "/api/v1/people/",
    "/api/v1/people/{id}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/sectors/",
    "/api/v1/sectors/{id}/",
    "/api/v1/memberships/",
    "/api/v1/memberships/{id}/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{id}/",
    "/api/v1/agenda-versions/",
    "/api/v1/agenda-versions/{id}/",
    "/api/v1/decisions/",
    "/api/v1/decisions/{id}/",
    "/api/v1/actions/",
    "/api/v1/actions/{id}/",
    "/api/v1/challenges/",
    "/api/v1/challenges/{id}/",
    "/api/v1/metrics/",
    "/api/v1/metrics/{id}/",
    "/api/v1/metric-values/",
    "/api/v1/metric-values/{id}/",
    "/api/v1/popolo/organizations.json",
    "/api/v1/popolo/people.json",
    "/api/v1/popolo/posts.json",
    "/api/v1/popolo/memberships.json",
    "/api/v1/popolo/events.json",
    "/api/v1/popolo/vote_events.json",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_yaml_schema_is_the_same_document(client, schema):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content) == schema


def test_the_schema_documents_every_endpoint_and_nothing_else(schema):
    assert set(schema["paths"]) == ENDPOINTS
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        assert operations["get"]["summary"], path


def test_lists_document_their_paging_and_filters(schema):
    def parameters(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    for path in ENDPOINTS:
        if path.endswith("s/") and "{id}" not in path:
            assert {"page", "page_size"} <= parameters(path), path
    assert {"body", "from", "to", "status"} <= parameters("/api/v1/meetings/")
    assert {"body", "from", "to", "on", "person", "organisation", "role"} <= parameters(
        "/api/v1/memberships/"
    )
    for path in ("/api/v1/decisions/", "/api/v1/actions/", "/api/v1/challenges/"):
        assert {"body", "from", "to", "status", "reference"} <= parameters(path), path
    assert {"body", "owner", "slug"} <= parameters("/api/v1/metrics/")
    assert {"metric", "body", "from", "to", "period_kind", "current"} <= parameters(
        "/api/v1/metric-values/"
    )


def test_the_schema_says_who_sees_the_guarded_fields(schema):
    components = schema["components"]["schemas"]
    assert "business unit" in components["Person"]["properties"]["email"]["description"]
    assert "members" in components["Meeting"]["properties"]["online_link"]["description"]
    assert "phone" not in components["Person"]["properties"]
    for record in ("Decision", "Action", "Challenge"):
        assert "members" in components[record]["properties"]["restricted"]["description"]
    assert "members" in components["Metric"]["properties"]["restricted"]["description"]
    for internal in ("recorded_by", "history"):
        assert internal not in components["MetricValue"]["properties"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_documentation_page_uses_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn." not in page and "unpkg" not in page
    # Under the site's script-src 'self' the page starts Swagger UI from a script of its own
    # address, which points it at the schema.
    assert re.search(r"<script>", page) is None
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_documentation_page_is_in_british_english(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert re.search(r'<html[^>]* lang="en-GB"', page)


@pytest.mark.parametrize(
    "path",
    sorted(
        {"/api/v1/", "/api/v1/schema/", "/api/v1/docs/"}
        | {path for path in ENDPOINTS if "{id}" not in path}
    ),
)
def test_options_answers_on_every_address(client, business_unit_user, path):
    """OPTIONS says what an address allows; the logs for members refuse it to the public as
    they refuse GET."""
    anonymous = client.options(path)
    assert anonymous.status_code in (200, 401), anonymous.status_code
    client.force_login(business_unit_user)
    response = client.options(path)
    assert response.status_code == 200
    assert "GET" in response["Allow"]
