"""The suite's PostgreSQL databases: a migrated template kept between runs, and the demo.

Migrating from nothing takes about two minutes, while PostgreSQL copies a database in a
second or two. The first run migrates and keeps the result as a template database named
after a fingerprint of every migration (and of the project modules they import); later
runs copy it. A changed migration changes the name, so the next run migrates again.

A transactional test flushes every table, so a kept (`--reuse-db`) database is copied
afresh from the template at the end of a run that left it flushed: the next run finds the
groups, pages and permissions the data migrations made.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import io
import os
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pytest

import django
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

ROOT = Path(__file__).resolve().parents[1]
# PostgreSQL names are at most 63 bytes; the fingerprint keeps 12 hex digits of its own.
MAX_NAME = 63 - len("_tpl_") - 12


def uses_templates() -> bool:
    return connection.vendor == "postgresql"


@functools.cache
def test_database_name() -> str:
    """Asked first before the set-up, while the connection still names the real database."""
    return connection.creation._get_test_db_name()


def migrations_fingerprint() -> str:
    digest = hashlib.sha256(django.get_version().encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(path.name.encode())
            source = path.read_bytes()
            digest.update(source)
            if ROOT in path.parents:
                for imported in _project_imports(source):
                    digest.update(imported.read_bytes())
    return digest.hexdigest()[:12]


def _project_imports(source: bytes) -> list[Path]:
    """The project's own modules a migration imports (the data migrations' helpers)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            spec = importlib.util.find_spec(name.split(".")[0])
            if spec is None or not spec.origin or ROOT not in Path(spec.origin).parents:
                continue
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                found.append(Path(spec.origin))
    return sorted(set(found))


def _shared_name() -> str:
    """The test database's name without pytest-xdist's worker suffix: one template serves
    every worker."""
    name, worker = test_database_name(), os.environ.get("PYTEST_XDIST_WORKER")
    return name.removesuffix(f"_{worker}")[:MAX_NAME] if worker else name[:MAX_NAME]


@functools.cache
def template_name() -> str:
    return f"{_shared_name()}_tpl_{migrations_fingerprint()}"


@contextmanager
def template_lock():
    """One process at a time checks for, makes or renews the template."""
    key = int(hashlib.sha256(_shared_name().encode()).hexdigest()[:15], 16)
    with _server_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _server_cursor():
    return connection.creation._nodb_cursor()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def database_exists(name: str) -> bool:
    with _server_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def copy_database(source: str, target: str) -> None:
    """`target` becomes a copy of `source`, which nobody may be connected to."""
    connection.close()
    with _server_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(target)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {_quote(target)} TEMPLATE {_quote(source)}")


def drop_database(name: str) -> None:
    connection.close()
    with _server_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def drop_templates_except(keep: str | None) -> None:
    """Templates of earlier migrations (or all, for --create-db) take no more disk."""
    prefix = f"{_shared_name()}_tpl_"
    with _server_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
        stale = [name for (name,) in cursor.fetchall() if name != keep]
    for name in stale:
        drop_database(name)


def save_template(template: str) -> None:
    """Keep the freshly migrated test database as the template of later runs."""
    test_name = connection.settings_dict["NAME"]
    drop_templates_except(keep=None)
    copy_database(test_name, template)


def holds_migrated_data(name: str) -> bool:
    """Whether `name` has its migrations' rows (a flush by a transactional test empties
    even the content types)."""
    if not database_exists(name):
        return False
    wrapper = connections[DEFAULT_DB_ALIAS]
    probe = type(wrapper)({**wrapper.settings_dict, "NAME": name}, alias=wrapper.alias)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM django_content_type)")
            return cursor.fetchone()[0]
    except django.db.DatabaseError:
        return False
    finally:
        probe.close()


@contextmanager
def connected_to(name: str):
    """The default connection on database `name` for the duration, then back."""
    kept = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = kept


# ---------------------------------------------------------------------------
# Fixtures (tests/conftest.py imports them)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def django_db_setup(  # noqa: PLR0917 - pytest-django's own fixtures, by name
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, with the test database copied from the migrated template."""
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from django.test.utils import setup_databases, teardown_databases

    keep = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if not django_db_use_migrations:
        _disable_migrations()
    templates = django_db_use_migrations and uses_templates()
    if templates:
        template_name()  # named while the connection still names the real database
    with django_db_blocker.unblock(), template_lock() if templates else nullcontext():
        copied = templates and _copy_template(renew=django_db_createdb, reuse=keep)
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            # Without a template Django migrates from nothing, never onto a kept database
            # that a transactional test may have flushed.
            keepdb=copied if templates else keep,
        )
        if templates and not copied:
            save_template(template_name())
    yield
    with django_db_blocker.unblock():
        if not keep:
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)
        elif templates and not holds_migrated_data(connection.settings_dict["NAME"]):
            copy_database(template_name(), connection.settings_dict["NAME"])


def _copy_template(*, renew: bool, reuse: bool) -> bool:
    """Make the test database from the template; False when there is none to copy yet
    (or --create-db asks for a fresh migration), so Django migrates from nothing."""
    template = template_name()
    if renew:
        drop_templates_except(keep=None)
        return False
    if not database_exists(template):
        return False
    test_name = test_database_name()
    if not (reuse and holds_migrated_data(test_name)):
        copy_database(template, test_name)
    return True


@dataclass
class Demo:
    name: str
    outputs: list[str]


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """A database of its own with the demo loaded by `load_demo`, run twice as a returning
    `make demo` does: loaded once per run and shared by the tests of the demo."""
    if not uses_templates():
        pytest.fail("The demo's tests copy databases: run them on PostgreSQL (`make test`).")
    name = f"{test_database_name()[:MAX_NAME]}_demo"
    outputs = []
    with django_db_blocker.unblock():
        copy_database(template_name(), name)
        with connected_to(name), transaction.atomic():
            for _ in range(2):
                out = io.StringIO()
                call_command("load_demo", stdout=out)
                outputs.append(out.getvalue())
            # As in a test's own transaction, which never commits, the work queued for after
            # the commit (papers packs, emails) is not done here: these tests assert on the
            # data, and tests/cms/test_demo.py runs `make demo`'s whole path on SQLite.
            connection.run_on_commit.clear()
    yield Demo(name=name, outputs=outputs)
    with django_db_blocker.unblock():
        drop_database(name)


@pytest.fixture
def demo_db(request, demo_database, django_db_blocker):
    """The demo's database for one test, whose own writes are rolled back after it."""
    if request.node.get_closest_marker("django_db"):
        raise pytest.UsageError(f"{request.node.nodeid}: demo_db replaces the django_db mark")
    with django_db_blocker.unblock(), connected_to(demo_database.name):
        # Kept values (Wagtail's site paths, pages) must not cross between the databases.
        cache.clear()
        with transaction.atomic():
            yield demo_database
            transaction.set_rollback(True)
        cache.clear()
