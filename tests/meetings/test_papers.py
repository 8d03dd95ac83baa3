"""Uploading papers: each upload checked before anything is stored, each accepted upload a
new version, nothing overwritten."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from meetings.models import Paper, PaperVersion
from meetings.papers import services as paper_services
from meetings.papers.uploads import human_size, max_upload_bytes
from tests.meetings.paper_factories import (
    AgendaItemFactory,
    encrypted_pdf,
    make_pdf,
    upload,
)
from tests.meetings.paper_fixtures import *  # noqa: F403
from tests.meetings.paper_fixtures import stored_files
from tests.membership.factories import UserFactory


def word_document() -> bytes:
    """A minimal .docx: a zip with Word's parts, as Word saves it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, title="Business plan 2012 to 2013")


@pytest.fixture
def manager(db):
    return UserFactory(username="clerk")


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.message_dict["file"])


def assert_nothing_stored(before: set, paper: Paper | None = None) -> None:
    assert stored_files() == before
    if paper is not None:
        assert not PaperVersion.objects.filter(paper=paper).exists()


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (word_document(), "it looks like a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "a Word"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "it looks like a PNG image"),
        (b"Minutes of the meeting held on 2 March 2012\n", "it looks like a plain text file"),
        ("Caf\u00e9 ".encode() * 204 + b"\xc3", "it looks like a plain text file"),
        (bytes(range(256)) * 4, "This file is not a PDF, whatever its name says."),
    ],
    ids=["docx", "old-doc", "png", "text", "text-cut-mid-character", "binary"],
)
def test_a_file_that_is_not_a_pdf_is_refused_by_its_content_and_nothing_is_stored(
    item, manager, content, looks_like
):
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_create(
            actor=manager,
            agenda_item=item,
            title="Business plan",
            file=upload(content, "business-plan.pdf"),
        )
    message = refusal(excinfo)
    assert "This file is not a PDF" in message
    assert looks_like in message
    assert message.endswith("Save it as PDF and upload it again.")
    assert not Paper.objects.exists()
    assert_nothing_stored(before)


def test_a_word_document_gets_the_message_a_clerk_can_act_on(item, manager):
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(
            actor=manager, paper=paper, file=upload(word_document(), "plan.pdf")
        )
    assert excinfo.value.message_dict == {
        "file": [
            "This file is not a PDF: it looks like a Word document. "
            "Save it as PDF and upload it again."
        ]
    }
    assert_nothing_stored(before, paper)


def test_a_file_over_the_size_limit_is_refused(item, manager, settings):
    settings.PAPER_MAX_UPLOAD_BYTES = 1024
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    data = make_pdf(pages=5)
    assert len(data) > 1024
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(actor=manager, paper=paper, file=upload(data))
    message = refusal(excinfo)
    assert message.startswith(f"This file is {human_size(len(data))};")
    assert "the largest paper Tabled accepts is 1 KB" in message
    assert "split it" in message
    assert_nothing_stored(before, paper)


def test_the_default_size_limit_is_twenty_megabytes(settings):
    del settings.PAPER_MAX_UPLOAD_BYTES
    assert max_upload_bytes() == 20 * 1024 * 1024


def test_a_truncated_pdf_is_refused(item, manager):
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    data = make_pdf(pages=3)
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(
            actor=manager, paper=paper, file=upload(data[: len(data) * 2 // 3])
        )
    assert "This PDF is incomplete" in refusal(excinfo)
    assert_nothing_stored(before, paper)


def test_a_pdf_that_does_not_open_is_refused(item, manager):
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    broken = b"%PDF-1.7\n" + b"this is not the body of a PDF\n" * 20 + b"%%EOF\n"
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(actor=manager, paper=paper, file=upload(broken))
    assert "This PDF is damaged and cannot be opened" in refusal(excinfo)
    assert_nothing_stored(before, paper)


@pytest.mark.parametrize(
    ("user_password", "expected"),
    [
        ("secret", "protected by a password"),
        ("", "This PDF is encrypted"),
    ],
    ids=["password-to-open", "permissions-only"],
)
def test_an_encrypted_pdf_is_refused(item, manager, user_password, expected):
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(
            actor=manager, paper=paper, file=upload(encrypted_pdf(user_password))
        )
    assert expected in refusal(excinfo)
    assert "upload that" in refusal(excinfo)
    assert_nothing_stored(before, paper)


def test_a_pdf_over_the_page_limit_is_refused(item, manager, settings):
    settings.PAPER_MAX_PAGES = 3
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    before = stored_files()
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(actor=manager, paper=paper, file=upload(make_pdf(pages=4)))
    assert refusal(excinfo) == (
        "This PDF has 4 pages; the most Tabled accepts in one paper is 3. "
        "Split it into smaller papers and upload them separately."
    )
    assert_nothing_stored(before, paper)


def test_an_empty_file_is_refused(item, manager):
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    with pytest.raises(ValidationError) as excinfo:
        paper_services.paper_upload(actor=manager, paper=paper, file=upload(b""))
    assert "This file is empty" in refusal(excinfo)


def test_a_good_pdf_becomes_version_one_with_its_facts_and_text(
    item, manager, django_capture_on_commit_callbacks
):
    data = make_pdf(pages=3, text="Neglect audit findings")
    before = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_services.paper_create(
            actor=manager,
            agenda_item=item,
            title="Neglect audit",
            file=upload(data, "C:\\Users\\clerk\\Neglect audit (final).pdf"),
            note="As circulated",
        )
    version = paper.versions.get()
    assert version.number == 1
    assert version.page_count == 3
    assert version.size == len(data)
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.original_filename == "Neglect audit (final).pdf"
    assert version.uploaded_by == manager
    assert version.note == "As circulated"
    # The extraction task ran (eagerly, once the upload committed) and kept the text.
    assert "Neglect audit findings page 1" in version.text
    assert "Neglect audit findings page 3" in version.text
    # The stored name carries no title: only the paper's id and the version number.
    assert version.file.name == f"papers/{paper.pk}/v1.pdf"
    new_files = stored_files() - before
    assert {path.name for path in new_files if "papers" in path.parts} == {"v1.pdf"}
    with version.file.open("rb") as stored:
        assert stored.read() == data
    assert version.history.get(history_type="+").history_user == manager


def test_a_second_upload_is_version_two_and_version_one_is_kept(
    item, manager, django_capture_on_commit_callbacks
):
    first, second = make_pdf(pages=1, text="First draft"), make_pdf(pages=2, text="Final")
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_services.paper_create(
            actor=manager, agenda_item=item, title="Business plan", file=upload(first)
        )
        version_two = paper_services.paper_upload(
            actor=manager, paper=paper, file=upload(second), note="Figures corrected"
        )
    assert version_two.number == 2
    assert [v.number for v in paper.versions.order_by("number")] == [1, 2]
    version_one = paper.versions.get(number=1)
    with version_one.file.open("rb") as stored:
        assert stored.read() == first
    with version_two.file.open("rb") as stored:
        assert stored.read() == second
    assert version_one.page_count == 1
    assert "First draft" in version_one.text
    assert "Final page 2" in PaperVersion.objects.get(pk=version_two.pk).text


def test_paper_versions_are_never_deleted(item, manager):
    paper = paper_services.paper_create(
        actor=manager, agenda_item=item, title="Business plan", file=upload(make_pdf())
    )
    with pytest.raises(ValidationError, match="never deleted"):
        paper.versions.get().delete()


def test_text_extraction_is_safe_to_run_again(item, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_services.paper_create(
            actor=manager,
            agenda_item=item,
            title="Business plan",
            file=upload(make_pdf(text="Priorities")),
        )
    version = paper.versions.get()
    history_rows = version.history.count()
    again = paper_services.paper_version_extract_text(version_id=version.pk)
    assert again.text == version.text
    assert version.history.count() == history_rows
    assert paper_services.paper_version_extract_text(version_id=0) is None


def test_a_version_stored_without_its_text_gets_text_and_page_count_from_the_task(item, manager):
    paper = paper_services.paper_create(
        actor=manager, agenda_item=item, title="Business plan", file=upload(make_pdf(pages=2))
    )
    # Without the on-commit callbacks the task never ran: as after a worker outage.
    version = paper.versions.get()
    assert version.text == ""
    PaperVersion.objects.filter(pk=version.pk).update(page_count=None)
    from meetings.tasks import paper_version_extract_text

    paper_version_extract_text.delay(version.pk)
    version.refresh_from_db()
    assert version.page_count == 2
    assert "Safeguarding report page 2" in version.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_at_once_become_versions_one_and_two(body):
    from tests.meetings.paper_factories import MeetingFactory

    item = AgendaItemFactory(meeting=MeetingFactory(body=body))
    paper = Paper.objects.create(agenda_item=item, title="Business plan")
    manager = UserFactory(username="clerk")
    start = threading.Barrier(2)
    numbers, errors = [], []

    def upload_one(text):
        try:
            start.wait()
            version = paper_services.paper_upload(
                actor=manager, paper=paper, file=upload(make_pdf(text=text))
            )
            numbers.append(version.number)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=upload_one, args=(t,)) for t in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert sorted(paper.versions.values_list("number", flat=True)) == [1, 2]
