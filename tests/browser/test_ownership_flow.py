"""A unit's people in a real browser: an editor writes an article with an image and submits it,
an approver of the same unit approves it, it is on the public site; an editor of another unit
never sees the draft."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.models import Page

from articles.models import ArticlePage
from units.models import UnitPage

from ..conftest import UNIT_PASSWORD
from ..factories import UnitPageFactory
from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = UNIT_PASSWORD
TITLE = "Huyện ủy Gò Dầu tổng kết công tác dân vận năm 2026"


def person(unit, role, username):
    access = UnitPage.objects.get(pk=unit.pk).access
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", PASSWORD)
    user.groups.add(access.editors if role == "editor" else access.approvers)
    return user


def jpeg():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 400), (180, 20, 20)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_editor_submits_approver_approves_other_unit_cannot_see(
    page, live_server, province, district, screenshot, settings
):
    # Wagtail's autosave (every 500 ms of typing) creates the page from the add form in the
    # background; on a loaded machine the "submit" POST can overlap it and fail on the slug
    # the autosave has just taken. This flow is about units and approval, so it types with
    # autosave off.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    department = UnitPageFactory(parent=province, title="Ban Tổ chức Tỉnh ủy", issuer_code="BTCTU")
    person(district, "editor", "bientap-go-dau")
    person(district, "approver", "duyet-go-dau")
    person(department, "editor", "bientap-ban-to-chuc")
    get_image_model().objects.create(
        title="Hội nghị tổng kết",
        collection=UnitPage.objects.get(pk=district.pk).access.collection,
        file=SimpleUploadedFile("hoi-nghi.jpg", jpeg()),
    )

    # The editor writes the article in their unit, with the unit's image, and submits it.
    log_in(page, live_server, "bientap-go-dau")
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:add", args=("articles", "articlepage", district.pk))
    )
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Sáng nay, Huyện ủy tổ chức hội nghị tổng kết công tác dân vận.")
    page.locator("[id$=-main_image-content] [data-chooser-action-choose]").click()
    page.locator(".modal-content a", has_text="Hội nghị tổng kết").first.click()
    expect(page.locator("[id$=-main_image-content]")).to_contain_text("Hội nghị tổng kết")
    page.locator("[id$=-body-content] .c-sf-add-button").first.click()
    page.locator(".w-combobox__option", has_text="Đoạn văn").first.click()
    editor = page.locator("[id$=-body-content] .public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("Hội nghị đánh giá kết quả thực hiện Quy chế dân chủ ở cơ sở.")
    expect(editor).to_contain_text("Quy chế dân chủ")
    # Draftail writes its hidden input a moment after typing: wait for it before submitting.
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Quy chế dân chủ"))
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[name=action-submit]").click()
    # Wagtail creates the page, then starts the workflow, then sends the editor to the unit's
    # explorer: only that redirect says both are done.
    expect(page).to_have_url(live_server.url + reverse("wagtailadmin_explore", args=[district.pk]))
    expect(page.locator(".messages")).to_be_visible()
    screenshot("ownership-submitted")

    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.main_image.title == "Hội nghị tổng kết"
    assert article.current_workflow_state is not None

    # The editor of another unit cannot see the draft, in the explorer or directly.
    log_in(page, live_server, "bientap-ban-to-chuc")
    page.goto(live_server.url + reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert TITLE not in page.content()
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert TITLE not in page.locator("main").inner_text()
    page.goto(live_server.url + reverse("wagtailadmin_explore", args=[district.pk]))
    assert TITLE not in page.content()

    # The approver of the unit finds it on the dashboard and approves it.
    log_in(page, live_server, "duyet-go-dau")
    expect(page.locator("ul.unit-pending")).to_contain_text(TITLE)
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").last.click()
    # The approval publishes before its response: once the next page has loaded, it is done.
    with page.expect_navigation():
        page.locator("button[data-workflow-action-name=approve]").first.click()
    expect(page.locator(".messages")).to_be_visible()
    screenshot("ownership-approved")

    article = Page.objects.get(pk=article.pk).specific
    assert article.live

    # The public reads it.
    page.context.clear_cookies()
    page.goto(live_server.url + article.url)
    expect(page.locator("h1")).to_contain_text(TITLE)
    expect(page.locator("main img").first).to_be_visible()
