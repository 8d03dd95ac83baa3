"""The signed-in user of a request, kept in the page cache between requests.

Every signed-in request needs its user, the person they are, whether they are in the
business unit and the bodies they sit on today. Read from PostgreSQL, that is a round trip
on every request, and under load it was the largest part of what a member's page cost once
the page's own parts were kept (docs/performance.md). So the first request after a change
reads them from the database as before (`PersonModelBackend`, then the day's seats), and
keeps what it read in the page cache's backend; later requests take it from there, in the
same round trip as the page cache's data version (which is read whether or not anything
is kept, so the page that follows needs no round trip of its own for it).

What is kept is used only while nothing it was read from can have changed since:

- the **people version** is the one read with it. Every save and delete of a person or a
  membership, and every change to a group itself, moves it on, so a term that ends, a
  person unlinked from their login or a new membership counts from the next request, as
  before. Edits to anything else (meetings, papers, the logs) leave it, and what is kept;
- the user's own **stamp** is the one read with it. Every save or delete of the user, and
  every change to their groups, moves their stamp on, so a login made inactive, a password
  changed or a user taken out of the business unit counts from the next request too;
- it was read **today**, and for the session's own **session hash** (what Django signs a
  session with: it changes with the password and the secret key). A session whose hash
  differs goes through Django's own check, which signs it out or moves it to the new key.

The people version and the stamp are read before the database is, and moved on after a
change commits as well as when it is made, so what a request read before a change is never
kept under the figures that follow it. A figure that has gone from the cache comes back as
a new random number, never as one an entry was kept under. Entries also expire after
`page_cache.TIMEOUT`, which bounds how long a change made around the signals (raw SQL) can
go unseen. Bulk writes, which send no signals, go through cms.scale.bulk, which moves the
people version on itself.

What is kept holds no password hash: the user comes back with their password deferred, so
anything that needs it (changing it, checking it) reads it from the database, and saving
the user writes only the fields that were loaded; of those, the ones that decide access
(active, staff, superuser) are read from the database before such a save, so a kept copy
never writes back what an administrator has since changed.
"""

from __future__ import annotations

import logging
import secrets
from functools import partial

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthMiddleware
from django.contrib.auth.middleware import auser
from django.contrib.auth.models import Group, User
from django.db import router
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from membership import access, page_cache
from membership.backends import PersonModelBackend
from membership.models import Membership, Person

logger = logging.getLogger(__name__)

ENTRY_KEY = "tabled:signed-in:user:{}"
STAMP_KEY = "tabled:signed-in:stamp:{}"
PEOPLE_KEY = "tabled:signed-in:people"
# A minute: reading a user again costs one query, and this bounds what a change made
# around the signals (raw SQL, the cache unreachable at the moment of a save) leaves unseen.
ENTRY_TIMEOUT = 60
# Longer than an entry lives: a figure that has gone is made afresh at random, so an entry
# kept under the old one is never taken for current.
FIGURE_TIMEOUT = 24 * 60 * 60
# What a kept user must never write back from what was kept (see _refresh_before_save).
GUARDED_FIELDS = ("is_active", "is_staff", "is_superuser")
BACKEND_PATH = f"{PersonModelBackend.__module__}.{PersonModelBackend.__qualname__}"


class AuthenticationMiddleware(DjangoAuthMiddleware):
    """Django's, with `request.user` read through the page cache (see the module)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(partial(get_user, request))
        request.auser = partial(auser, request)


def get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _kept_user(request) or _read_user(request)
    return request._cached_user


def _session_keys(request) -> tuple[str, str] | None:
    session = request.session
    user_id, backend, session_hash = (
        session.get(SESSION_KEY),
        session.get(BACKEND_SESSION_KEY),
        session.get(HASH_SESSION_KEY),
    )
    if user_id is None or backend != BACKEND_PATH or not session_hash:
        return None
    if backend not in settings.AUTHENTICATION_BACKENDS:
        return None
    return str(user_id), session_hash


def _kept_user(request) -> User | None:
    """The user as kept, when what was kept is still current; otherwise None."""
    found = _session_keys(request)
    if found is None:
        return None
    user_id, session_hash = found
    entry_key, stamp_key = ENTRY_KEY.format(user_id), STAMP_KEY.format(user_id)
    version, kept = page_cache.begin_with(request, [entry_key, stamp_key, PEOPLE_KEY])
    if version is None:
        return None
    figures = (
        kept.get(PEOPLE_KEY) or _new_figure(PEOPLE_KEY),
        kept.get(stamp_key) or _new_figure(stamp_key),
    )
    if None in figures:
        return None
    # Read before the database is: what the database gives from here on is filed under
    # these, and a change that commits meanwhile moves them on.
    request._tabled_signed_in = (user_id, figures)
    entry = kept.get(entry_key)
    day = access.today()
    if (
        entry is None
        or entry["figures"] != figures
        or entry["day"] != day.isoformat()
        or not constant_time_compare(entry["session_hash"], session_hash)
    ):
        return None
    return _restored(entry, day)


def _read_user(request):
    """Django's own reading of the session's user (the database), kept for the requests
    that follow when it is a user the backend loaded."""
    user = auth.get_user(request)
    read = getattr(request, "_tabled_signed_in", None)
    if read is None or not user.is_authenticated or str(user.pk) != read[0]:
        return user
    day = access.today()
    person = access.person_for(user)
    entry = {
        "figures": read[1],
        "day": day.isoformat(),
        "session_hash": user.get_session_auth_hash(),
        "user": {
            field.attname: getattr(user, field.attname)
            for field in User._meta.concrete_fields
            if field.attname != "password"
        },
        "person": None
        if person is None
        else tuple(getattr(person, field.attname) for field in _person_fields()),
        "business_unit": access.is_business_unit(user),
        "seats": access.current_seats(user, day),
    }
    cache = page_cache.backend()
    if cache is None:
        return user
    try:
        cache.set(ENTRY_KEY.format(user.pk), entry, ENTRY_TIMEOUT)
    except Exception:  # noqa: BLE001 - the next request reads the database again
        logger.warning("The signed-in user could not be kept.", exc_info=True)
    return user


def _person_fields() -> tuple:
    return tuple(Person._meta.concrete_fields)


def _restored(entry: dict, day) -> User:
    db = router.db_for_read(User)
    fields = entry["user"]
    user = User.from_db(db, list(fields), list(fields.values()))
    person = None
    if entry["person"] is not None:
        person = Person.from_db(
            db, [field.attname for field in _person_fields()], list(entry["person"])
        )
        Person.user.field.set_cached_value(person, user)
    User.person.related.set_cached_value(user, person)
    user._tabled_is_business_unit = entry["business_unit"]
    access.remember_current_seats(user, day, entry["seats"])
    user._tabled_kept = {name: getattr(user, name) for name in GUARDED_FIELDS}
    return user


# ---------------------------------------------------------------------------
# What moves the figures on
# ---------------------------------------------------------------------------
def _new_figure(key: str) -> int | None:
    cache = page_cache.backend()
    if cache is None:
        return None
    try:
        cache.add(key, secrets.randbits(62), FIGURE_TIMEOUT)
        return cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("The signed-in user's figures could not be read.", exc_info=True)
        return None


def _move_now_and_on_commit(keys: list[str]) -> None:
    page_cache.move_on_now_and_on_commit(dict.fromkeys(keys, FIGURE_TIMEOUT))


def users_changed(user_ids) -> None:
    """These users are to be read again: for writes to them that send no signals."""
    _move_now_and_on_commit([STAMP_KEY.format(pk) for pk in user_ids])


def people_changed() -> None:
    """Every kept user is to be read again: for writes that send no signals (bulk)."""
    _move_now_and_on_commit([PEOPLE_KEY])


def _on_user_change(sender, instance, **kwargs) -> None:
    users_changed([instance.pk])


def _refresh_before_save(sender, instance, update_fields=None, **kwargs) -> None:
    """A kept user saved whole (their own account form, say) writes every field it holds:
    those that decide their access, unless the code saving them changed them, are read
    from the database first, so a copy kept from before the login was made inactive, say,
    cannot write it back."""
    kept = getattr(instance, "_tabled_kept", None)
    if kept is None or instance.pk is None:
        return
    # Django saves a user with a deferred field (the password) as if update_fields named
    # every loaded field, so this is the whole save as much as update_fields=None is.
    unchanged = [
        name
        for name, value in kept.items()
        if (update_fields is None or name in update_fields) and getattr(instance, name) == value
    ]
    if not unchanged:
        return
    current = type(instance).objects.filter(pk=instance.pk).values(*unchanged).first()
    for name, value in (current or {}).items():
        setattr(instance, name, value)


def _on_groups_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        _move_now_and_on_commit([STAMP_KEY.format(instance.pk)])
    elif pk_set:
        _move_now_and_on_commit([STAMP_KEY.format(pk) for pk in pk_set])
    else:
        # A group emptied of everyone: its former members are no longer known here.
        people_changed()


def _on_people_change(sender, **kwargs) -> None:
    people_changed()


def connect() -> None:
    """Called from MembershipConfig.ready()."""
    for model in (User, Group, Person, Membership):
        receiver = _on_user_change if model is User else _on_people_change
        uid = f"tabled_signed_in_{model._meta.model_name}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_delete")
    m2m_changed.connect(
        _on_groups_change, sender=User.groups.through, dispatch_uid="tabled_signed_in_groups"
    )
    pre_save.connect(_refresh_before_save, sender=User, dispatch_uid="tabled_signed_in_kept")
