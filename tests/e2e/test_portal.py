"""A member signs in, lands on their own page, and copies their calendar address with the
button, on a 375 px phone; neither their page nor a body page scrolls sideways."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.test_journeys import executive, meeting_in  # noqa: F401 - the shared scene

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDER_THAN_SCREEN = "document.documentElement.scrollWidth > window.innerWidth"


def test_a_member_lands_on_their_page_and_copies_the_calendar_address_at_375px(
    page,
    executive,  # noqa: F811
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "member")
    assert page.url.endswith("/my/")
    assert not page.evaluate(WIDER_THAN_SCREEN)

    page.get_by_role("button", name="Create my calendar address").click()
    address = page.get_by_label("Your calendar address").input_value()
    assert "/calendar/" in address
    webcal = page.get_by_role("link", name="Open it in my calendar app")
    assert webcal.get_attribute("href") == "webcal://" + address.split("://", 1)[1]

    page.get_by_role("button", name="Copy the address").click()
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert not page.evaluate(WIDER_THAN_SCREEN)

    page.goto("/bodies/executive/")
    page.get_by_role("link", name="Meetings of the KSCB Executive").wait_for()
    assert (
        page.get_by_role("link", name="subscribe in my calendar app")
        .get_attribute("href")
        .endswith("/bodies/executive/meetings.ics")
    )
    assert not page.evaluate(WIDER_THAN_SCREEN)
