"""Creating the three groups and granting the business unit its model permissions.

Called from data migrations (each app grants its own models), so it uses the historical
`apps` registry it is given and never imports models directly.
"""

from django.contrib.auth.management import create_permissions

GROUP_NAMES = ("Business unit", "Chairs", "Members")
# Records are withdrawn, ended or cancelled, never deleted from the UI: no delete permission.
BUSINESS_UNIT_ACTIONS = ("add", "change", "view")


def ensure_groups(apps) -> None:
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)


def _create_permissions(apps, app_label: str):
    """Permissions are normally created after all migrations; a fresh database needs them
    now (the migration state's app config has no models_module until one is set)."""
    app_config = apps.get_app_config(app_label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    return app_config


def grant_business_unit(apps, app_label: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
    """Give the Business unit group add, change and view on every model of `app_label`,
    plus any (app_label, codename) pairs in `extra`."""
    app_config = _create_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Business unit")
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in app_config.get_models()
        if not model._meta.model_name.startswith("historical")
        for action in BUSINESS_UNIT_ACTIONS
    ]
    permissions = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    for label, codename in extra:
        permissions.extend(
            Permission.objects.filter(content_type__app_label=label, codename=codename)
        )
    group.permissions.add(*permissions)


def grant_business_unit_view(apps, app_label: str, model_name: str) -> None:
    """Give the Business unit group only `view` on one model: for records it may read in
    the admin but never add to, change or delete (an append-only log)."""
    grant_business_unit_permissions(apps, app_label, (f"view_{model_name}",))


def grant_business_unit_permissions(apps, app_label: str, codenames: tuple[str, ...]) -> None:
    """Give the Business unit group the named permissions of an app's models (Wagtail's API
    tokens, say), creating them first on a fresh database."""
    _create_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Business unit")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
