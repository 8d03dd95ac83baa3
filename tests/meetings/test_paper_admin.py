"""The business unit tables papers in the Wagtail admin: the upload is checked there too,
and a new upload on an existing paper becomes its next version."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Paper, PaperVersion
from tests.admin_forms import admin_form
from tests.meetings.factories import AgendaItemFactory
from tests.meetings.paper_factories import make_pdf
from tests.meetings.paper_fixtures import stored_files

pytestmark = pytest.mark.django_db


def post_with_file(client, url, form, content, name="report.pdf"):
    data = form.post_data()
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(url, data)


@pytest.fixture
def item():
    return AgendaItemFactory(title="QEF quarterly report")


def test_tabling_a_paper_stores_its_checked_first_version(business_unit_client, item):
    form = admin_form(business_unit_client, "/admin/paper/new/")
    form["meeting"], form["agenda_item"] = item.meeting_id, item.pk
    form["title"] = "QEF quarter three analysis"
    form["version_note"] = "As circulated"

    response = post_with_file(
        business_unit_client, "/admin/paper/new/", form, make_pdf(pages=3, text="Re-referrals")
    )

    assert response.status_code == 302
    paper = Paper.objects.get(title="QEF quarter three analysis")
    version = paper.versions.get()
    assert (version.number, version.page_count, version.note) == (1, 3, "As circulated")
    assert version.uploaded_by.username == "manager"


def test_a_file_that_is_not_a_pdf_is_refused_on_the_form_and_nothing_stored(
    business_unit_client, item
):
    before = stored_files()
    form = admin_form(business_unit_client, "/admin/paper/new/")
    form["meeting"], form["agenda_item"] = item.meeting_id, item.pk
    form["title"] = "Business plan"

    response = post_with_file(
        business_unit_client, "/admin/paper/new/", form, b"Minutes of the meeting\n", "plan.pdf"
    )

    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert not Paper.objects.exists()
    assert stored_files() == before


def test_uploading_on_an_existing_paper_adds_the_next_version(business_unit_client, item):
    form = admin_form(business_unit_client, "/admin/paper/new/")
    form["meeting"], form["agenda_item"] = item.meeting_id, item.pk
    form["title"] = "Improvement plan RAG report"
    post_with_file(business_unit_client, "/admin/paper/new/", form, make_pdf(pages=2))
    paper = Paper.objects.get()
    edit_url = f"/admin/paper/edit/{paper.pk}/"

    form = admin_form(business_unit_client, edit_url)
    form["version_note"] = "Corrected table 2"
    response = post_with_file(business_unit_client, edit_url, form, make_pdf(pages=4))

    assert response.status_code == 302
    versions = list(PaperVersion.objects.filter(paper=paper).order_by("number"))
    assert [(v.number, v.page_count) for v in versions] == [(1, 2), (2, 4)]
    assert versions[1].note == "Corrected table 2"


def test_editing_a_paper_without_a_file_keeps_its_versions(business_unit_client, item):
    form = admin_form(business_unit_client, "/admin/paper/new/")
    form["meeting"], form["agenda_item"] = item.meeting_id, item.pk
    form["title"] = "Draft title"
    post_with_file(business_unit_client, "/admin/paper/new/", form, make_pdf())
    paper = Paper.objects.get()
    edit_url = f"/admin/paper/edit/{paper.pk}/"

    form = admin_form(business_unit_client, edit_url)
    form["title"] = "Final title"
    response = business_unit_client.post(edit_url, form.post_data())

    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Final title"
    assert paper.versions.count() == 1
