"""An editor's admin screens in a real browser read in Vietnamese, with no English left over.

Each screen is checked on the text the browser actually shows (hidden menus excluded): no line
may be one of the common English admin words, and the Vietnamese forms must be there.
Screenshots go to test-artifacts/admin-vi-<screen>.png.
"""

import datetime
import re

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, Workflow

from portal.translations import ENGLISH_ADMIN_WORDS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# English a half-translated admin shows, as whole text of an element (one list, shared with
# `manage.py translation_coverage`).
ENGLISH = ENGLISH_ADMIN_WORDS
# Not listed: "Root", the title Wagtail's first migration gives the tree's root page (data, shown
# by the workflow screens' page chooser), which the admin's catalogues cannot translate.
ENGLISH_FOLDED = {word.casefold() for word in ENGLISH}
# "3 minutes ago" (Django's timesince), "a day ago", "just now".
ENGLISH_TIMES = re.compile(r"\b\d+\s(minute|hour|day|week|month|year)s?\b|\bjust now\b|\bago\b")


@pytest.fixture
def library(article):
    """An image and a document in the libraries, so listings show their rows and actions."""
    wagtail_factories.ImageFactory(title="Ảnh hội nghị Tỉnh ủy")
    wagtail_factories.DocumentFactory(title="Toàn văn Nghị quyết số 35-NQ/TW")
    return article


def _screens(article, directive):
    workflow = Workflow.objects.first()
    return [
        (
            "dashboard",
            reverse("wagtailadmin_home"),
            ["Trang", "Ảnh", "Tài liệu", "Báo cáo", "7 phút trước"],
        ),
        (
            "explorer",
            reverse("wagtailadmin_explore", args=(article.get_parent().pk,)),
            ["Thêm trang con", article.title, "7 phút trước"],
        ),
        (
            "article-editor",
            reverse("wagtailadmin_pages:edit", args=(article.pk,)),
            ["Lưu bản nháp", "Nội dung", "Hiển thị & tìm kiếm", "Đang hiển thị"],
        ),
        (
            "directive-editor",
            reverse("wagtailadmin_pages:edit", args=(directive.pk,)),
            ["Lưu bản nháp", "Nội dung", "Hiển thị & tìm kiếm"],
        ),
        ("images", reverse("wagtailimages:index"), ["Thêm ảnh", "Ảnh hội nghị Tỉnh ủy"]),
        (
            "documents",
            reverse("wagtaildocs:index"),
            ["Thêm tài liệu", "Toàn văn Nghị quyết số 35-NQ/TW"],
        ),
        ("workflows", reverse("wagtailadmin_workflows:index"), ["Quy trình duyệt"]),
        (
            "workflow-edit",
            reverse("wagtailadmin_workflows:edit", args=(workflow.pk,)),
            ["Quy trình duyệt", "Lưu"],
        ),
        ("workflow-tasks", reverse("wagtailadmin_workflows:task_index"), ["Bước duyệt"]),
        (
            "search-promotions",
            reverse("wagtailsearchpromotions:index"),
            ["Kết quả tìm kiếm ưu tiên"],
        ),
        (
            "search-promotion-add",
            reverse("wagtailsearchpromotions:add"),
            ["Kết quả tìm kiếm ưu tiên", "Tạo"],
        ),
    ]


def _visible_texts(page):
    """Each line the browser shows (as styled: status tags are upper-cased by CSS), and the
    accessible names of visible icon buttons ("Add child page" is a "+" icon)."""
    text = page.locator("body").inner_text().replace("\xa0", " ")
    labels = page.evaluate(
        """() => [...document.querySelectorAll('[aria-label]')]
            .filter((el) => el.checkVisibility())
            .map((el) => el.getAttribute('aria-label'))"""
    )
    return {line.strip().casefold() for line in [*text.splitlines(), *labels] if line.strip()}


def _edited_minutes_ago(page_obj, username, minutes):
    """The editor's own edit, a few minutes old: the dashboard and explorer say "… ago"."""
    user = get_user_model().objects.get(username=username)
    revision = page_obj.save_revision(user=user)
    entry = log(instance=page_obj, action="wagtail.edit", user=user, revision=revision)
    when = timezone.now() - datetime.timedelta(minutes=minutes)
    Revision.objects.filter(pk=revision.pk).update(created_at=when)
    PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    Page.objects.filter(pk=page_obj.pk).update(latest_revision_created_at=when)


def _problems(page, name, vietnamese):
    screenshot_lines = _visible_texts(page)
    text = "\n".join(sorted(screenshot_lines))
    problems = []
    if english := sorted(screenshot_lines & ENGLISH_FOLDED):
        problems.append(f"{name}: English text {english}")
    if times := ENGLISH_TIMES.findall(text):
        problems.append(f"{name}: English durations {times}")
    if missing := [word for word in vietnamese if word.casefold() not in text]:
        problems.append(f"{name}: Vietnamese missing {missing}")
    return problems


def test_editor_screens_show_no_english_admin_words(
    page, live_server, admin_login, library, directive, screenshot
):
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    screenshot("admin-vi-login")
    problems = _problems(page, "login", ["Đăng nhập", "Mật khẩu", settings.WAGTAIL_SITE_NAME])
    admin_login()
    _edited_minutes_ago(library, "bientap", 7)
    for name, url, vietnamese in _screens(library, directive):
        page.goto(live_server.url + url)
        screenshot(f"admin-vi-{name}")
        problems += _problems(page, name, vietnamese)
    assert not problems, "\n".join(problems)
