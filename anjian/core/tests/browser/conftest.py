"""Fixtures of the browser tests: one chromium per session, a fresh context per test.

Playwright's sync API keeps an asyncio event loop marked as running in the main thread from
``sync_playwright().start()`` on, and Django's ORM then refuses to run there
("SynchronousOnlyOperation"). The tests and fixtures use the ORM from that thread (factories,
assertions, the transactional flush), so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set when this file
is imported. It is process-wide and stays set: the browser lives until the end of the session,
so tests that the same xdist worker runs afterwards see the same loop. Nothing is lost today
(the project has no async views); Django still serves requests synchronously in the live
server's own thread.

Chromium is Debian's (``/usr/bin/chromium``): Playwright's own browser download needs the
internet. Without it the whole folder is skipped, unless ``ANJIAN_REQUIRE_BROWSER=1`` (CI),
in which case every browser test fails with the reason.

Screenshots land in ``test-artifacts/screenshots/`` at the repository root: the steps the
tests name, plus ``FAILED-<test>.png`` for every page open when a test fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("ANJIAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium keeps dialling Google services on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}

_REPORTS = pytest.StashKey[dict]()
_HERE = Path(__file__).resolve().parent


def browser_required() -> bool:
    """CI sets ANJIAN_REQUIRE_BROWSER=1: a missing browser is then a failure, not a skip."""
    return os.environ.get("ANJIAN_REQUIRE_BROWSER", "") not in ("", "0")


def _missing_browser() -> str:
    """Why the browser tests cannot run here ("" when they can)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    return ""


def _in_this_folder(item: pytest.Item) -> bool:
    return _HERE in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    if not reason or browser_required():
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
    for item in items:
        if _in_this_folder(item):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can see whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    path = Path(pytestconfig.rootpath) / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, launched once per test session (per xdist worker)."""
    reason = _missing_browser()
    if reason:
        if browser_required():
            pytest.fail(f"ANJIAN_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def open_page(browser, live_server, screenshot_dir, request):
    """Open a page in a fresh context (own cookies) on the live server; options as Playwright's.

    Every page records uncaught JavaScript errors and server errors (5xx); the test fails in
    teardown if there were any. On failure every page opened is saved as a screenshot.
    """
    opened = []

    def _open(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "zh-CN")
        options.setdefault("timezone_id", "Asia/Shanghai")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda exc: page.problems.append(f"JavaScript error: {exc}"))
        page.on(
            "response",
            lambda r: r.status >= 500 and page.problems.append(f"HTTP {r.status} {r.url}"),
        )
        opened.append((context, page))
        return page

    yield _open

    call = request.node.stash.get(_REPORTS, {}).get("call")
    stem = re.sub(r"[^\w.-]+", "_", request.node.name)
    if call is not None and call.passed:  # drop what an earlier failing run left behind
        for stale in screenshot_dir.glob(f"FAILED-{stem}*.png"):
            stale.unlink(missing_ok=True)
    if call is not None and call.failed:
        for n, (_, page) in enumerate(opened):
            suffix = f"-{n}" if n else ""
            try:
                page.screenshot(path=screenshot_dir / f"FAILED-{stem}{suffix}.png", full_page=True)
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"could not save failure screenshot: {exc}")
    problems = [p for _, page in opened for p in page.problems]
    for context, _ in opened:
        context.close()
    if problems and not (call is not None and call.failed):
        pytest.fail("the browser saw errors:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page):
    """A desktop-sized page, not logged in."""
    return open_page()


@pytest.fixture
def shot(screenshot_dir):
    """``shot(page, "01-login")`` saves ``test-artifacts/screenshots/01-login.png``."""

    def _shot(page, name: str, *, full_page: bool = True) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        return path

    return _shot
