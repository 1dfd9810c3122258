"""Playwright driving Debian's chromium (Playwright's own browser download cannot work here).

A missing browser fails these tests: `make browser` installs it.
"""

import os
from pathlib import Path

import pytest

from ..conftest import UNIT_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser: `make test-fast` leaves them out."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package).")
    from django.db import connections

    # Playwright's sync API leaves an asyncio loop marked as running in this thread. Django's
    # connections live in a thread-critical asgiref Local, which then keys them by context
    # instead of by thread: tests would get new connection objects, without the database
    # contents serialized at setup, so `serialized_rollback` would restore nothing once a
    # browser test had flushed the database (the Site and home page vanish). Keep this
    # thread's connection objects.
    thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


def log_in(page, live_server, username, password=UNIT_PASSWORD):
    """Log in through Wagtail's login form, after dropping any earlier session."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.fixture
def admin_login(page, live_server, django_user_model, home):
    def login(username="bientap", password="mat-khau-bien-tap-12", superuser=True):
        if superuser:
            django_user_model.objects.create_superuser(
                username, f"{username}@example.invalid", password
            )
        log_in(page, live_server, username, password)

    return login
