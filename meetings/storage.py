"""Where paper files live: a folder outside MEDIA_ROOT that no web server publishes.

Files here have no URL at all; they reach a reader only through a view that checks who is
asking (see DESIGN.md, "media on a private path served only through permission-checked
views").
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage at settings.PRIVATE_MEDIA_ROOT that refuses to make URLs."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(
            "Private files have no public URL: serve them through a permission-checked view."
        )


def private_storage() -> PrivateStorage:
    """A callable for FileField(storage=…), so migrations never record a local path."""
    return PrivateStorage()
