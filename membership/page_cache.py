"""Rendered parts of the public and members' pages, kept in the cache between edits.

Most of a meeting page, a body page or the decisions register is the same for everyone who
may see the same things, and changes only when someone edits the data. A page keeps those
parts here, each under a key made of:

- the **audience**: what the reader may see, as the page's own access rules answer it for
  this request (whether they see this body's restricted material, which bodies' restricted
  records they see, whether they are in the business unit, and so on). A part is never
  shared between readers whose answers differ, and the answers are worked out anew on every
  request, so a membership that ends takes effect on the next request as before;
- the **data version**: a counter in the cache that every save and delete of the models the
  pages show moves on (after the transaction commits too, so a part rendered from data read
  before the commit is filed under a version nobody asks for again);
- **today's date**, for what depends on it (current members, open actions, "upcoming");
- the part's name and whatever else it shows (the meeting, the query string).

What is personal to the reader (their name, their attendance and apologies, forms and their
CSRF tokens) is never kept: pages render it afresh around the kept parts, and a part that
contains a CSRF token is refused rather than kept.

The version must be read before the page reads any data (`begin`, or `@versioned`), so that
nothing read before an edit is filed under the version after it. Parts also expire after
`TIMEOUT`, which bounds how long a change made around the signals (a raw SQL edit, a lost
connection to the cache at the moment of a save) can go unseen. When the cache cannot be
reached, pages render everything as if nothing were kept.

Each process also holds copies of what it has lately read or written (`LOCAL_COPIES`, a
minute at most), so a page it serves again asks the cache for its version alone: a key
names one version of one part for one audience and day, so a copy of it can never be out
of date while that version is the current one.

Only a cache that every web process shares (Redis, `REDIS_CACHE_URL` in production) may keep
parts: with one cache per process, a save in one process would not reach another's parts.
Settings name the cache in `TABLED_PAGE_CACHE`; unset or None, nothing is kept (production
sets it with REDIS_CACHE_URL).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle  # nosec B403 - unpickles only the copies this process itself pickled
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.safestring import SafeString, mark_safe

from membership.access import today

logger = logging.getLogger(__name__)

VERSION_KEY = "tabled:pages:version"
KEY_PREFIX = "tabled:pages:part:"
SITE_NAMES_KEY = "tabled:pages:site-names"
TIMEOUT = 10 * 60
_REQUEST_ATTRIBUTE = "_tabled_page_version"
_PREFETCHED = "_tabled_page_prefetched"
_PENDING_ATTRIBUTE = "_tabled_page_cache_pending"
_DAY_ATTRIBUTE = "_tabled_page_day"
_CSRF_MARK = "csrfmiddlewaretoken"

# The apps whose rows the pages show. A save of anything else (sessions, sign-in attempts,
# the access log, sent notifications) leaves the kept parts alone.
WATCHED_APPS = frozenset(
    {"membership", "meetings", "governance", "cms", "wagtailcore", "wagtailimages", "wagtaildocs"}
)
# Rows of the watched apps that no page shows and that are written while pages are read.
IGNORED_MODELS = frozenset({"meetings.accesslogentry", "wagtailcore.apitoken"})


def _cache():
    alias = getattr(settings, "TABLED_PAGE_CACHE", None)
    return caches[alias] if alias else None


def backend():
    """The cache the parts are kept in, or None when nothing is kept."""
    return _cache()


def _fresh_version() -> int:
    # Random rather than 1: a version lost from the cache (evicted, flushed) must not come
    # back as a number that parts kept before the loss were filed under.
    return secrets.randbits(62)


def current_version(request=None) -> int | None:
    """The data version, or None when the cache cannot be reached (nothing is kept then).
    Given the request, the site names the layout shows come in the same round trip."""
    return _read_version(request)[0]


def _read_version(request=None, also: Iterable[str] = ()) -> tuple[int | None, dict]:
    """The data version and whatever of the keys `also` the cache holds, in one round trip
    (with the site names, given the request)."""
    cache = _cache()
    if cache is None:
        return None, {}
    also = list(also)
    try:
        if request is None and not also:
            version, found = cache.get(VERSION_KEY), {}
        else:
            found = cache.get_many([VERSION_KEY, SITE_NAMES_KEY, *also])
            version = found.pop(VERSION_KEY, None)
            names = found.pop(SITE_NAMES_KEY, None)
            if request is not None:
                request._tabled_site_names = names or {}
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version, found
    except Exception:  # noqa: BLE001 - a cache outage must not take the pages down
        logger.warning("The page cache could not be read; rendering without it.", exc_info=True)
        return None, {}


def bump() -> None:
    """Move the data version on, so that every kept part is left behind."""
    move_on(VERSION_KEY)


def move_on(key: str, timeout: int | None = None) -> None:
    """Move a counter in the cache on (the data version, or another kept with what it
    guards: membership.signed_in); one that has gone comes back as a new random number."""
    cache = _cache()
    if cache is None:
        return
    try:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), timeout=timeout)
    except Exception:  # noqa: BLE001 - logged; parts expire after TIMEOUT in any case
        logger.error("A page cache counter could not be moved on: %s", key, exc_info=True)


def bump_now_and_on_commit() -> None:
    """Now, so that this transaction's own later reads miss; and after the commit, so that
    a part rendered by another request from the data as it was before is never found (once
    per transaction, however many rows it writes)."""
    move_on_now_and_on_commit({VERSION_KEY: None})


def move_on_now_and_on_commit(counters: dict[str, int | None]) -> None:
    """`move_on` each counter (its key, and its timeout should it have to be made afresh)
    now and after the commit: one callback per transaction moves on every counter that
    the transaction's writes named."""
    for key, timeout in counters.items():
        move_on(key, timeout)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # autocommit: the row is committed already, and the move came after it
    pending = getattr(connection, _PENDING_ATTRIBUTE, None)
    if pending is None or not any(entry[1] is after_commit for entry in connection.run_on_commit):
        pending = {}
        setattr(connection, _PENDING_ATTRIBUTE, pending)
        transaction.on_commit(after_commit)
    pending.update(counters)


def after_commit() -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING_ATTRIBUTE, None) or {}
    setattr(connection, _PENDING_ATTRIBUTE, None)
    for key, timeout in pending.items():
        move_on(key, timeout)


def begin(request) -> int | None:
    """Read the data version for this request, before the page reads any data."""
    user = getattr(request, "user", None)
    if user is not None and not hasattr(request, _REQUEST_ATTRIBUTE):
        # Loading the signed-in user reads the version with it, in one round trip
        # (membership.signed_in): load it first rather than read the version twice.
        user.is_authenticated  # noqa: B018 - evaluates request.user's lazy object
    return begin_with(request)[0]


def begin_with(request, also: Iterable[str] = ()) -> tuple[int | None, dict]:
    """`begin`, asking the cache for the keys `also` in the same round trip when the version
    is still to be read: the version, and what is found of those keys (nothing when the
    cache cannot be reached)."""
    if hasattr(request, _REQUEST_ATTRIBUTE):
        version = getattr(request, _REQUEST_ATTRIBUTE)
        also = list(also)
        cache = _cache()
        if version is None or cache is None or not also:
            return version, {}
        try:
            return version, cache.get_many(also)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache could not be read.", exc_info=True)
            return version, {}
    version, found = _read_version(request, also)
    setattr(request, _REQUEST_ATTRIBUTE, version)
    return version, found


def versioned(view: Callable) -> Callable:
    """A view whose first act is to read the data version (see `begin`)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        begin(request)
        return view(request, *args, **kwargs)

    return wrapper


def remember(request, key: Hashable, compute: Callable[[], Any]) -> Any:
    """An answer worked out once per request (an access rule asked by several parts of one
    page), never kept beyond it."""
    memo = request.__dict__.setdefault("_tabled_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _stable(value: Any) -> Any:
    """The same text for the same audience in every process: sets sorted, objects by their
    type and primary key (never their repr, which may change without the data changing)."""
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(_stable(item) for item in value)))
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _stable(v)) for k, v in value.items())))
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    meta = getattr(value, "_meta", None)
    if meta is not None:
        return (meta.label_lower, value.pk)
    raise TypeError(f"A page part cannot vary on a {type(value).__name__}.")


def _day(request) -> str:
    """Today, once per request: every part of a page is filed under the same day."""
    day = request.__dict__.get(_DAY_ATTRIBUTE)
    if day is None:
        day = request.__dict__[_DAY_ATTRIBUTE] = today().isoformat()
    return day


def _key(request, version: int, name: str, vary: Hashable) -> str:
    parts = repr((version, _day(request), name, _stable(vary)))
    return KEY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def part(request, name: str, vary: Hashable, render: Callable[[], str]) -> SafeString:
    """The HTML `render()` makes, kept for readers with the same `vary` (the audience and
    what else the part shows) until the data changes. `render` runs only on a miss."""
    html = _kept_html(request, name, vary, render)
    # The HTML is what our own autoescaping templates rendered, kept exactly as made.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703 - rendered by Tabled's templates


def prefetch(request, parts=(), values=()) -> None:
    """Ask the cache for several parts (name, vary) and values (name, vary) in one round
    trip, ahead of the page asking for each: `part` and `value` then find them here. Only
    a saving: whatever is not named, or not found, is asked for (and rendered) as before."""
    version = getattr(request, _REQUEST_ATTRIBUTE, None)
    cache = _cache()
    if version is None or cache is None:
        return
    keys = [_key(request, version, name, vary) for name, vary in parts]
    keys += [_key(request, version, "value:" + name, vary) for name, vary in values]
    found = {}
    for key in keys:
        here, kept = LOCAL_COPIES.get(key)
        if here:
            found[key] = kept
    missing = [key for key in keys if key not in found]
    if missing:
        try:
            fetched = cache.get_many(missing)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache could not be read; rendering without it.", exc_info=True)
            fetched = {}
        for key, kept in fetched.items():
            LOCAL_COPIES.put(key, kept)
        found.update(fetched)
    request.__dict__.setdefault(_PREFETCHED, {}).update(found)


def _cached(request, cache, key: str, default=None):
    prefetched = request.__dict__.get(_PREFETCHED, {})
    if key in prefetched:
        return prefetched[key]
    here, kept = LOCAL_COPIES.get(key)
    if here:
        return kept
    sentinel = object()
    kept = cache.get(key, sentinel)
    if kept is sentinel:
        return default
    LOCAL_COPIES.put(key, kept)
    return kept


def _keep(cache, key: str, kept: Any) -> None:
    try:
        cache.set(key, kept, TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("The page cache could not be written.", exc_info=True)
        return
    LOCAL_COPIES.put(key, kept)


class _LocalCopies:
    """What this process has lately read from or written to the cache, by key, so that a
    page it serves again needs no round trip for its parts. A key names one version of one
    part or value for one audience and day, so what it holds never changes: a copy is as
    good as the cache's for as long as the cache would keep it. Copies go after
    `LOCAL_TIMEOUT` (so the cache's own expiry still bounds what a change made around the
    signals leaves unseen, give or take that) and the least recently used go first beyond
    `LOCAL_MAX_CHARACTERS`. Values are held pickled and each reader gets their own
    unpickled copy, as from the cache, so nothing one request does to a value reaches
    another."""

    def __init__(self, max_characters: int, timeout: float):
        self.max_characters, self.timeout = max_characters, timeout
        self._copies: OrderedDict[str, tuple[float, bool, str | bytes]] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            copy = self._copies.get(key)
            if copy is None:
                return False, None
            expires, is_text, held = copy
            if expires < time.time():
                self._drop(key)
                return False, None
            self._copies.move_to_end(key)
        # Pickled by this process from what it read or wrote itself.
        return True, held if is_text else pickle.loads(held)  # noqa: S301  # nosec B301

    def put(self, key: str, kept: Any) -> None:
        is_text = type(kept) is str
        held = kept if is_text else pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
        if len(held) > self.max_characters // 8:
            return
        with self._lock:
            if key in self._copies:
                self._drop(key)
            self._copies[key] = (time.time() + self.timeout, is_text, held)
            self._characters += len(held)
            while self._characters > self.max_characters:
                self._drop(next(iter(self._copies)))

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._characters = 0

    def _drop(self, key: str) -> None:
        self._characters -= len(self._copies.pop(key)[2])


LOCAL_TIMEOUT = 60
LOCAL_MAX_CHARACTERS = 16 * 1024 * 1024
LOCAL_COPIES = _LocalCopies(LOCAL_MAX_CHARACTERS, LOCAL_TIMEOUT)


def _kept_html(request, name: str, vary: Hashable, render: Callable[[], str]) -> str:
    if not hasattr(request, _REQUEST_ATTRIBUTE):
        raise RuntimeError("page_cache.begin(request) must run before the page reads data.")
    version = getattr(request, _REQUEST_ATTRIBUTE)
    cache = _cache()
    if version is None or cache is None:
        return str(render())
    key = _key(request, version, name, vary)
    try:
        html = _cached(request, cache, key)
    except Exception:  # noqa: BLE001
        logger.warning("The page cache could not be read; rendering without it.", exc_info=True)
        return str(render())
    if html is None:
        html = str(render())
        if _CSRF_MARK in html:
            logger.error("A page part with a CSRF token in it was not kept: %s", name)
            return html
        _keep(cache, key, html)
    return html


def value(request, name: str, vary: Hashable, compute: Callable[[], Any]) -> Any:
    """Like `part`, for data rather than HTML (picklable values only)."""
    version = getattr(request, _REQUEST_ATTRIBUTE, None)
    cache = _cache()
    if version is None or cache is None:
        return compute()
    key = _key(request, version, "value:" + name, vary)
    sentinel = object()
    try:
        found = _cached(request, cache, key, sentinel)
    except Exception:  # noqa: BLE001
        return compute()
    if found is not sentinel:
        return found
    found = compute()
    _keep(cache, key, found)
    return found


def site_name(request) -> str:
    """The Wagtail site's name for the layout. Every page shows it, it is the same for every
    reader and it depends on nothing but the Site, so it is kept apart from the data version
    (which every save moves on) and forgotten only when a Site is saved or deleted."""
    from wagtail.models import Site

    def find() -> str:
        site = Site.find_for_request(request)
        return (site.site_name if site else "") or "Tabled"

    return remember(request, "site-name", lambda: _kept_site_name(request, find))


def _kept_site_name(request, find: Callable[[], str]) -> str:
    cache = _cache()
    if cache is None:
        return find()
    host = request.get_host()
    names = getattr(request, "_tabled_site_names", None)
    if names is None:
        try:
            names = cache.get(SITE_NAMES_KEY) or {}
        except Exception:  # noqa: BLE001
            return find()
    if host not in names:
        names = {**names, host: find()}
        try:
            cache.set(SITE_NAMES_KEY, names, TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache could not be written.", exc_info=True)
    return names[host]


def _forget_site_names(sender, **kwargs) -> None:
    cache = _cache()
    if cache is None:
        return
    try:
        cache.delete(SITE_NAMES_KEY)
    except Exception:  # noqa: BLE001 - logged; the names expire after TIMEOUT in any case
        logger.error("The kept site names could not be forgotten.", exc_info=True)


# ---------------------------------------------------------------------------
# What moves the version on
# ---------------------------------------------------------------------------
def _watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS:
        return False
    return meta.label_lower not in IGNORED_MODELS


def _on_change(sender, **kwargs) -> None:
    if _watched(sender):
        bump_now_and_on_commit()


def _on_m2m(sender, instance, **kwargs) -> None:
    if kwargs.get("action", "").startswith("post_") and _watched(type(instance)):
        bump_now_and_on_commit()


def _on_migrate(sender, **kwargs) -> None:
    # A release migrates: what its templates render may differ from the kept parts.
    bump()


def connect() -> None:
    """Called from MembershipConfig.ready()."""
    post_save.connect(_on_change, dispatch_uid="tabled_page_cache_save")
    post_delete.connect(_on_change, dispatch_uid="tabled_page_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="tabled_page_cache_m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="tabled_page_cache_migrate")
    from wagtail.models import Site

    post_save.connect(_forget_site_names, sender=Site, dispatch_uid="tabled_site_names_save")
    post_delete.connect(_forget_site_names, sender=Site, dispatch_uid="tabled_site_names_delete")
