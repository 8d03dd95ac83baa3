"""Each demo partnership's logo: an image its business unit uploaded to its own collection,
shown in its site's header and on its reports' PDF covers. Drawn here (the partnership's
code on a disc of its colour) so the demo carries no image files. Loading twice changes
nothing."""

from __future__ import annotations

import io

from PIL import Image as Picture
from PIL import ImageDraw, ImageFont

from django.contrib.auth.models import User
from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from membership import services
from membership.collections import partnership_collection_provide
from membership.models import Partnership

SIZE = 240


def _drawn(code: str, colour: str) -> bytes:
    picture = Picture.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=colour)
    font = ImageFont.load_default(size=SIZE // (len(code) + 1))
    draw.text((SIZE / 2, SIZE / 2), code, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def load_logo(*, partnership: Partnership, colour: str, uploader: User) -> None:
    """The partnership's logo, uploaded by `uploader` (its business unit) into its
    collection, as the admin would place it."""
    if partnership.logo_id is not None:
        return
    collection = partnership_collection_provide(actor=uploader, partnership=partnership)
    logo = get_image_model()(
        title=f"{partnership.name} logo",
        collection=collection,
        uploaded_by_user=uploader,
        file=ImageFile(io.BytesIO(_drawn(partnership.code, colour)), name="logo.png"),
    )
    logo.save()
    partnership.logo = logo
    services.partnership_save(actor=uploader, partnership=partnership, reason="Demo logo")
