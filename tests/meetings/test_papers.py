import hashlib

import pytest

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from meetings import services
from meetings.models import AgendaItem, PaperVersion
from tests.meetings.factories import AgendaItemFactory, PaperFactory

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_and_stored_privately(business_unit_user):
    paper = PaperFactory(title="QEF quarterly report")
    first = services.paper_version_add(
        actor=business_unit_user,
        paper=paper,
        file=ContentFile(b"%PDF-1.4 first", name="QEF Q3 final.pdf"),
    )
    second = services.paper_version_add(
        actor=business_unit_user,
        paper=paper,
        file=ContentFile(b"%PDF-1.4 corrected", name="QEF Q3 final v2.pdf"),
        note="Corrected table 2",
    )
    assert (first.number, second.number) == (1, 2)
    assert first.original_filename == "QEF Q3 final.pdf"
    assert first.size == len(b"%PDF-1.4 first")
    assert first.sha256 == hashlib.sha256(b"%PDF-1.4 first").hexdigest()
    assert second.uploaded_by == business_unit_user
    # On the private path, under a name that does not carry the title, and with no URL.
    assert first.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not first.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "QEF" not in first.file.name
    with pytest.raises(ValueError, match="no public URL"):
        first.file.url  # noqa: B018 - the property is the behaviour under test
    first.refresh_from_db()
    with first.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 first"
    assert paper.latest_version == second
    with pytest.raises(ValidationError, match="never deleted"):
        first.delete()
    assert PaperVersion.objects.count() == 2


def test_a_paper_of_a_restricted_item_is_restricted_whatever_its_flag():
    item = AgendaItemFactory(is_restricted=True)
    assert PaperFactory(agenda_item=item, is_restricted=False).restricted
    sub_item = AgendaItemFactory(meeting=item.meeting, parent=item)
    assert AgendaItem.objects.get(pk=sub_item.pk).restricted
    assert PaperFactory(agenda_item=sub_item).restricted
    public = AgendaItemFactory()
    assert not PaperFactory(agenda_item=public).restricted
    assert PaperFactory(agenda_item=public, is_restricted=True).restricted
