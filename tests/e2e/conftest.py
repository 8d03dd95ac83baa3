"""Browser journeys: Playwright drives Debian's Chromium, headless, against a live server
on the test database. Screenshots go to tests/e2e/artifacts/."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).parent / "artifacts"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and the 2.0/2.1 rules they include.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The machine running the suite may be busy: waits are generous, and every wait is for
# something a user would see (Playwright's auto-wait and expect()), never a fixed sleep.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is not installed: `make test` installs it (apt-get chromium).")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from playwright.sync_api import sync_playwright

    kept = serialized_databases()
    with sync_playwright() as playwright:
        restore_serialized_databases(kept)
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Playwright runs the rest of the session in a greenlet with context variables of its own,
# where Django's connection handler (an asgiref Local) makes new connection wrappers. The copy
# of the migrated data that a transactional test with serialized_rollback reloads after each
# flush is kept on the wrapper made at set-up; without it on the new wrappers, every test
# after the first browser test ran without the migrations' data (the Business unit group, the
# home and reports pages).
def serialized_databases() -> dict[str, str]:
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def restore_serialized_databases(kept: dict[str, str]) -> None:
    from django.db import connections

    for alias, contents in kept.items():
        connections[alias]._test_serialized_contents = contents


def open_context(browser, base_url: str):
    # The site's Content Security Policy refuses inline scripts, which is how axe-core is
    # injected; the policy itself is tested in tests/security.
    context = browser.new_context(
        base_url=base_url, locale="en-GB", timezone_id="Europe/London", bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, live_server):
    context = open_context(browser, live_server.url)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # What each open window showed when the test failed, for whoever reads the CI log.
        shown = [p for c in browser.contexts for p in c.pages]
        for number, window in enumerate(shown):
            screenshot(window, f"failed-{request.node.name}" + (f"-{number}" if number else ""))
    context.close()


def new_page(browser, base_url: str):
    """A second person at another browser, on the same site (closed with its context)."""
    return open_context(browser, base_url).new_page()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str, password: str = "demo") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; each violation with its rule, impact and the offending nodes."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
