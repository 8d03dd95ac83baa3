"""A partnership's images and documents: a Wagtail collection of its own.

Each partnership has one collection, named after it, on which its business-unit group holds
Wagtail's collection permissions (GroupCollectionPermission): so Wagtail's own listings,
edit pages, choosers and upload forms show a business unit the images and documents of the
partnerships it runs, and upload only into theirs, as they follow the partnerships a user
runs everywhere else (membership in the business-unit group). A superuser sees them all.

Someone with a grant wider than one partnership (the Chairs group may choose from every
collection, so that the chair approving a report can edit it) is narrowed by the choosers'
hooks to the partnerships the admin shows them (membership.partnerships.admin_partnership_ids).
"""

from __future__ import annotations

from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from core.history import save_tracked
from membership.models import Partnership
from membership.partnerships import admin_partnership_ids

# What a business unit does with its own images and documents. No delete: a report that
# used an image would lose it, and nothing is lost.
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@transaction.atomic
def partnership_collection_provide(*, actor: User | None, partnership: Partnership) -> Collection:
    """The partnership's collection, made if it has none, named as the partnership is now,
    with its business unit's permissions on it. Safe to call again (after a rename, say).
    `actor` None is the command line."""
    collection = partnership.collection
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=partnership.name)
        partnership.collection = collection
        save_tracked(partnership, actor=actor, reason="Its collection of images and documents")
    elif collection.name != partnership.name:
        collection.name = partnership.name
        collection.save(update_fields=["name"])
    if partnership.business_unit_id is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group_id=partnership.business_unit_id,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return collection


def scope_to_partnerships(request: HttpRequest, queryset: QuerySet) -> QuerySet:
    """Images or documents in the collections of the partnerships the admin shows this
    request's user (a superuser: all of them). One query, whatever the number of rows."""
    if request.user.is_superuser:
        return queryset
    # Ids, not a join or subquery: the choosers' search filters only on the collection.
    collections = Collection.objects.filter(partnership__in=admin_partnership_ids(request))
    return queryset.filter(collection__in=list(collections.values_list("pk", flat=True)))


def may_open_document(request: HttpRequest, document) -> bool:
    """Whether the request's user may download the document: one they may choose, of a
    partnership the admin shows them. Documents have no public address: a report's public
    material is its page, its images and its PDF."""
    if not policy_registry.get_by_type(type(document)).user_has_any_permission_for_instance(
        request.user, ["change", "choose"], document
    ):
        return False
    rows = type(document)._default_manager.filter(pk=document.pk)
    return scope_to_partnerships(request, rows).exists()
