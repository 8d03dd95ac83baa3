"""Each partnership's images and documents live in a collection of its own, on which its
business unit alone holds Wagtail's collection permissions.

A partnership set up before this already has a collection its business unit may add to: it
keeps it. The others get one, named after them. What sat in the root collection (from
before there were partnerships) goes to the default partnership's, but a partnership's logo
to its own; and a business unit's grants on the root collection, which reached every
partnership's images, are withdrawn."""

import django.db.models.deletion
from django.db import migrations, models

# As membership.collections.COLLECTION_PERMISSIONS was when this was written.
PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
# django-treebeard's materialised path, as Wagtail's Collection uses it.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _step(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


def _new_child(Collection, root, name):
    last = (
        Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
        .order_by("-path")
        .first()
    )
    following = int(last.path[-STEP:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=root.path + _step(following), depth=root.depth + 1, numchild=0
    )
    root.numchild = Collection.objects.filter(
        depth=root.depth + 1, path__startswith=root.path
    ).count()
    root.save(update_fields=["numchild"])
    return child


def forwards(apps, schema_editor):
    Partnership = apps.get_model("membership", "Partnership")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    Image = apps.get_model("wagtailimages", "Image")
    Document = apps.get_model("wagtaildocs", "Document")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    permissions = [
        found
        for app_label, codename in PERMISSIONS
        for found in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )[:1]
    ]
    add_image = [p for p in permissions if p.codename == "add_image"]
    units = []
    for partnership in Partnership.objects.order_by("pk"):
        held = (
            GroupCollectionPermission.objects.filter(
                group_id=partnership.business_unit_id,
                permission__in=add_image,
                collection__depth__gt=1,
            )
            .order_by("collection__path")
            .first()
        )
        if held is not None and not Partnership.objects.filter(
            collection_id=held.collection_id
        ).exists():
            collection = held.collection
        else:
            collection = _new_child(Collection, root, partnership.name)
        partnership.collection = collection
        partnership.save(update_fields=["collection"])
        if partnership.business_unit_id is None:
            continue
        units.append(partnership.business_unit_id)
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group_id=partnership.business_unit_id,
                collection=collection,
                permission=permission,
            )
        if partnership.logo_id:
            Image.objects.filter(pk=partnership.logo_id, collection=root).update(
                collection=collection
            )

    default = Partnership.objects.filter(is_default=True).first()
    if default is not None:
        Image.objects.filter(collection=root).update(collection_id=default.collection_id)
        Document.objects.filter(collection=root).update(collection_id=default.collection_id)
    GroupCollectionPermission.objects.filter(
        collection=root, group_id__in=units, permission__in=permissions
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('membership', '0011_membership_role_type'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpartnership',
            name='collection',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtailcore.collection'),
        ),
        migrations.AddField(
            model_name='partnership',
            name='collection',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='partnership', to='wagtailcore.collection'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
