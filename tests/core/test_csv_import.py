"""The CSV import page every import shares, seen through both of them: the same reading of
the file, the same messages, each in its own words for what a line holds."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.governance.factories import business_unit
from tests.governance.performance_factories import MetricFactory

pytestmark = pytest.mark.django_db

FIGURES = reverse("figure-import:index")
MEMBERSHIPS = reverse("membership-import:index")


def upload(text: str, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.parametrize(
    ("url", "header"),
    [
        (FIGURES, "metric;period_kind;period_start;value\n"),
        (MEMBERSHIPS, "body;given_name;family_name;role;start_date\n"),
    ],
)
def test_a_header_split_by_semicolons_is_named_as_such_by_either_import(client, url, header):
    MetricFactory(slug="cp-plans")
    client.force_login(business_unit())

    page = client.post(url, {"file": upload(header + "x;y;z;1\n")}).content.decode()

    assert "Nothing was imported" in page
    assert "The columns are separated by semicolons" in page


@pytest.mark.parametrize(("url", "row_is"), [(FIGURES, "figure"), (MEMBERSHIPS, "membership")])
@pytest.mark.parametrize("content", ["", "  \n"], ids=["no bytes", "blank lines"])
def test_an_empty_file_is_refused_in_the_imports_own_words(client, url, row_is, content):
    client.force_login(business_unit())

    page = client.post(url, {"file": upload(content)}).content.decode()

    assert f"a header row, then one {row_is} on each line" in page


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        (reverse("figure-import:template"), "figures-template.csv"),
        (reverse("membership-import:template"), "memberships-template.csv"),
    ],
)
def test_each_template_downloads_as_utf8_a_spreadsheet_reads(client, url, filename):
    client.force_login(business_unit())

    response = client.get(url)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{filename}"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
