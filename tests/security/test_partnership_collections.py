"""A partnership's images and documents are its own: its business unit lists, opens,
chooses and uploads them in Wagtail's admin, another partnership's business unit does not
(a manager of both sees both; a superuser sees all), and a report's images are still
served to the public as the published report shows them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission

from cms.models import ReportIndexPage
from core.roles import BUSINESS_UNIT_GROUP
from membership.models import Partnership, default_partnership
from tests.admin_forms import admin_form, loaded_history_token, submit
from tests.cms.factories import board_body, chair_login, publish, report
from tests.membership.factories import UserFactory
from tests.partnerships import ADULTS_HOST, manager_of, second_partnership

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
Image = get_image_model()
Document = get_document_model()


@dataclass
class Assets:
    a: Partnership
    b: Partnership
    a_image: object
    b_image: object
    a_document: object
    b_document: object


def _image(title: str, partnership: Partnership):
    return Image.objects.create(
        title=title, file=get_test_image_file(), collection=partnership.collection
    )


def _document(title: str, partnership: Partnership):
    return Document.objects.create(
        title=title,
        file=ContentFile(PDF, name="minutes.pdf"),
        collection=partnership.collection,
    )


@pytest.fixture
def assets() -> Assets:
    a, b = default_partnership(), second_partnership()
    return Assets(
        a=a,
        b=b,
        a_image=_image("Aldington crest", a),
        b_image=_image("Brabourne crest", b),
        a_document=_document("Aldington terms of reference", a),
        b_document=_document("Brabourne terms of reference", b),
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reader(assets: Assets, reader: str):
    return {
        "manager of A": lambda: manager_of(assets.a),
        "manager of B": lambda: manager_of(assets.b),
        "manager of both": lambda: manager_of(assets.a, assets.b),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[reader]()


def _shown(client: Client, url: str, titles: list[str]) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return {title for title in titles if title in html}


READERS = [
    ("manager of A", {"A"}),
    ("manager of B", {"B"}),
    ("manager of both", {"A", "B"}),
    ("superuser", {"A", "B"}),
]


@pytest.mark.parametrize(("reader", "expected"), READERS)
@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("wagtailimages:index", "image"),
        ("wagtailimages_chooser:choose", "image"),
        ("wagtaildocs:index", "document"),
        ("wagtaildocs_chooser:choose", "document"),
    ],
)
def test_the_listings_and_choosers_show_the_images_and_documents_of_the_readers_partnerships(
    assets, reader, expected, url_name, kind
):
    titles = {
        "A": getattr(assets, f"a_{kind}").title,
        "B": getattr(assets, f"b_{kind}").title,
    }
    client = signed_in(_reader(assets, reader))

    shown = _shown(client, reverse(url_name), list(titles.values()))
    word = {"image": "crest", "document": "terms"}[kind]
    found = _shown(client, f"{reverse(url_name)}?q={word}", list(titles.values()))

    assert shown == found == {titles[side] for side in expected}


def _opens(client: Client, url: str, *titles: str) -> bool:
    """Whether the page opens; if not, Wagtail sends the user to the dashboard with
    "Sorry, you do not have permission", saying nothing of the record."""
    response = client.get(url, follow=True)
    if not response.redirect_chain:
        assert response.status_code == 200, url
        return True
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], url
    assert "you do not have permission" in response.content.decode()
    assert not any(title in response.content.decode() for title in titles)
    return False


@pytest.mark.parametrize(("reader", "expected"), READERS)
def test_another_partnerships_image_and_document_do_not_open_for_a_business_unit(
    assets, reader, expected
):
    client = signed_in(_reader(assets, reader))

    for side, image, document in [
        ("A", assets.a_image, assets.a_document),
        ("B", assets.b_image, assets.b_document),
    ]:
        pages = [
            reverse("wagtailimages:edit", args=(image.pk,)),
            reverse("wagtailimages_chooser:chosen", args=(image.pk,)),
            reverse("wagtaildocs:edit", args=(document.pk,)),
            reverse("wagtaildocs_chooser:chosen", args=(document.pk,)),
        ]
        opened = {url: _opens(client, url, image.title, document.title) for url in pages}
        assert opened == dict.fromkeys(pages, side in expected), (side, opened)


def test_a_business_unit_cannot_change_another_partnerships_image(assets):
    client = signed_in(manager_of(assets.b))

    response = client.post(
        reverse("wagtailimages:edit", args=(assets.a_image.pk,)), {"title": "Defaced"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert Image.objects.get(pk=assets.a_image.pk).title == "Aldington crest"


def _upload_image(client: Client, title: str, **extra):
    data = {
        "image-chooser-upload-title": title,
        "image-chooser-upload-file": SimpleUploadedFile(
            f"{title}.png", get_test_image_file().file.getvalue(), content_type="image/png"
        ),
        **{f"image-chooser-upload-{name}": value for name, value in extra.items()},
    }
    return client.post(reverse("wagtailimages_chooser:create"), data)


def _upload_document(client: Client, title: str, **extra):
    data = {
        "document-chooser-upload-title": title,
        "document-chooser-upload-file": SimpleUploadedFile(
            f"{title}.pdf", PDF, content_type="application/pdf"
        ),
        **{f"document-chooser-upload-{name}": value for name, value in extra.items()},
    }
    return client.post(reverse("wagtaildocs_chooser:create"), data)


def test_an_upload_goes_to_the_collection_of_the_uploaders_partnership(assets):
    a_client = signed_in(manager_of(assets.a))
    b_client = signed_in(manager_of(assets.b))

    assert _upload_image(b_client, "Adults logo").status_code == 200
    # A collection sent by hand is not the business unit's to choose.
    assert (
        _upload_image(b_client, "Adults figure", collection=assets.a.collection_id).status_code
        == 200
    )
    assert _upload_document(a_client, "Children plan").status_code == 200

    placed = {
        image.title: image.collection_id
        for image in Image.objects.filter(title__in=["Adults logo", "Adults figure"])
    }
    assert placed == {
        "Adults logo": assets.b.collection_id,
        "Adults figure": assets.b.collection_id,
    }
    assert Document.objects.get(title="Children plan").collection_id == assets.a.collection_id


def test_a_manager_of_two_partnerships_uploads_to_either_and_to_no_other(assets):
    third = second_partnership(
        name="Community Safety Partnership", code="CSP", hostname="csp.localhost"
    )
    client = signed_in(manager_of(assets.b, third))

    offered = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    refused = _upload_image(client, "Stray figure", collection=assets.a.collection_id)
    kept = _upload_document(client, "Community plan", collection=third.collection_id)

    assert "Community Safety Partnership" in offered
    assert "Select a valid choice" in refused.content.decode()
    assert not Image.objects.filter(title="Stray figure").exists()
    assert kept.status_code == 200
    assert Document.objects.get(title="Community plan").collection_id == third.collection_id


def test_a_partnerships_logo_is_one_of_its_own_images(assets):
    client = signed_in(manager_of(assets.b))
    url = reverse("partnership:edit", args=(assets.b.pk,))

    form = admin_form(client, url)
    form["logo"] = assets.a_image.pk
    form["loaded_history_token"] = loaded_history_token(assets.b)
    refused = submit(client, url, form)

    assert "That image belongs to a partnership you do not run" in refused.content.decode()
    assert Partnership.objects.get(pk=assets.b.pk).logo is None

    form["logo"] = assets.b_image.pk
    assert submit(client, url, form).status_code == 302
    assert Partnership.objects.get(pk=assets.b.pk).logo == assets.b_image


def test_a_renamed_partnerships_collection_takes_its_new_name(assets):
    client = signed_in(manager_of(assets.b))
    url = reverse("partnership:edit", args=(assets.b.pk,))

    form = admin_form(client, url)
    form["name"] = "Adults Safeguarding Partnership"
    form["loaded_history_token"] = loaded_history_token(assets.b)
    assert submit(client, url, form).status_code == 302

    assert Collection.objects.get(pk=assets.b.collection_id).name == (
        "Adults Safeguarding Partnership"
    )


def test_a_chair_chooses_from_the_images_of_the_partnership_whose_site_they_are_on(assets):
    client = signed_in(chair_login(assets.b.board))
    url = reverse("wagtailimages_chooser:choose")
    titles = [assets.a_image.title, assets.b_image.title]

    assert _shown(client, url + "", titles) == {"Aldington crest"}
    on_b = client.get(url, HTTP_HOST=ADULTS_HOST).content.decode()
    assert "Brabourne crest" in on_b
    assert "Aldington crest" not in on_b


def test_the_default_business_unit_keeps_its_images_in_its_own_collection_not_the_root():
    """What the migration left: the original group's grants are on its partnership's
    collection, and none on the root collection, which holds every other's."""
    default = default_partnership()
    group = Group.objects.get(name=BUSINESS_UNIT_GROUP)
    grants = GroupCollectionPermission.objects.filter(group=group)

    assert default.collection.name == default.name
    assert {grant.collection_id for grant in grants} == {default.collection_id}
    assert {"add_image", "choose_image", "change_document"} <= {
        grant.permission.codename for grant in grants
    }
    assert not Image.objects.filter(collection__depth=1).exists()


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the thumbnails' renditions are made on the first visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name",
    ["wagtailimages:index", "wagtailimages_chooser:choose", "wagtaildocs:index"],
)
def test_the_listings_cost_the_same_queries_however_many_images(assets, url_name):
    client = signed_in(manager_of(assets.b))
    url = reverse(url_name)
    before = _queries(client, url)

    for number in range(10):
        _image(f"Figure {number}", assets.b)
        _image(f"Other figure {number}", assets.a)
        _document(f"Paper {number}", assets.b)
        _document(f"Other paper {number}", assets.a)

    assert _queries(client, url) == before


def test_a_published_reports_image_is_served_to_the_public_from_any_partnerships_site(assets):
    b_index = ReportIndexPage.objects.descendant_of(assets.b.site.root_page).get()
    body = [("image", {"image": assets.b_image, "alt": "Referrals by month", "caption": ""})]
    page = publish(report(board_body(), body, index=b_index), by=UserFactory(is_superuser=True))
    visitor = Client()

    html = visitor.get(page.url, HTTP_HOST=ADULTS_HOST).content.decode()
    served = visitor.get(f"{page.url}images/{assets.b_image.pk}/", HTTP_HOST=ADULTS_HOST)

    assert f'src="{page.url}images/{assets.b_image.pk}/"' in html
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    assert visitor.get(f"{page.url}images/{assets.a_image.pk}/").status_code == 404


def test_a_documents_file_is_downloaded_by_its_own_partnerships_business_unit_alone(assets):
    url = assets.a_document.url

    def status(client: Client) -> int:
        return client.get(url).status_code

    download = signed_in(manager_of(assets.a)).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert status(signed_in(manager_of(assets.b))) == 404
    chair = signed_in(chair_login(assets.b.board))
    assert chair.get(url, HTTP_HOST=ADULTS_HOST).status_code == 404
    assert status(Client()) == 404
    assert (
        assets.a_document.file.name
        not in signed_in(manager_of(assets.b)).get(reverse("wagtaildocs:index")).content.decode()
    )
