"""The whole feedback path in a real browser: a citizen asks, the unit's editor replies, the
unit's approver approves publication, the citizen reads the answer on the status page with
the tracking code, and the question is in the public Q&A without the sender's details."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import FeedbackItem

from ..conftest import UNIT_PASSWORD
from ..factories import CategoryFactory, QAIndexPageFactory
from .conftest import log_in
from .test_reader_pages import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = UNIT_PASSWORD
NAME = "Phạm Thị Hồng Nhung"
EMAIL = "nhung.pham@example.vn"
PHONE = "0933 444 555"
SUBJECT = "Hỏi về thời gian tiếp công dân của Huyện ủy"
REPLY = "Huyện ủy tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở."


def test_citizen_asks_unit_answers_question_is_public(
    page, live_server, home, district, unit_user, screenshot
):
    category = CategoryFactory(name="Công tác dân vận", response_days=15)
    qa_index = QAIndexPageFactory(parent=home, title="Hỏi đáp")
    for user in (
        unit_user(district, "editor", "bientap-go-dau"),
        unit_user(district, "approver", "duyet-go-dau"),
    ):
        user.set_password(PASSWORD)
        user.save()

    # 1. The citizen asks, consenting to anonymous publication.
    page.goto(f"{live_server.url}/gop-y/")
    page.get_by_role("button", name="Gửi góp ý").click()  # empty: errors tied to fields
    expect(page.locator("#id_name_error1")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Họ và tên").fill(NAME)
    page.get_by_label("Thư điện tử", exact=True).fill(EMAIL)
    page.get_by_label("Số điện thoại", exact=True).fill(PHONE)
    page.get_by_label("Gửi đến đơn vị").select_option(label=district.title)
    page.get_by_label("Lĩnh vực").select_option(label=category.name)
    page.get_by_label("Tiêu đề").fill(SUBJECT)
    page.get_by_label("Nội dung").fill("Xin cho biết lịch tiếp công dân, tôi ở xã Thanh Phước.")
    page.get_by_label("Tôi đồng ý công bố").check()
    screenshot("feedback-form")
    page.get_by_role("button", name="Gửi góp ý").click()
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"GY-[0-9A-Z]{10}", code)
    item = FeedbackItem.objects.get(tracking_code=code)
    assert item.unit_id == district.pk and item.consent_publish

    # 2. The unit's editor replies from the inbox.
    log_in(page, live_server, "bientap-go-dau")
    page.goto(f"{live_server.url}/admin/feedback/items/")
    page.get_by_role("link", name=code).click()
    expect(page.locator("#item-status")).to_have_text("Mới tiếp nhận")
    editor = page.locator("#action-reply .public-DraftEditor-content")
    editor.click()
    page.keyboard.type(REPLY)
    # Draftail writes its state to the hidden input a moment after typing.
    expect(page.locator("#id_reply-reply")).to_have_value(re.compile("tiếp công dân"))
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator("#item-status")).to_have_text("Đã trả lời")
    expect(page.locator("#action-publish")).to_have_count(0)  # editors cannot publish
    screenshot("feedback-admin-replied")

    # 3. The approver approves publication, removing the personal detail.
    log_in(page, live_server, "duyet-go-dau")
    page.goto(f"{live_server.url}/admin/feedback/items/edit/{item.pk}/")
    page.locator("#id_publish-question").fill("Xin cho biết lịch tiếp công dân của Huyện ủy.")
    page.get_by_role("button", name="Duyệt công bố").click()
    expect(page.get_by_text("Đã công bố trên mục Hỏi đáp")).to_be_visible()

    # 4. The citizen checks the status with the code and the e-mail.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/gop-y/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(EMAIL)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#item-status")).to_have_text("Đã trả lời")
    expect(page.locator("#item-reply")).to_contain_text(REPLY)
    assert serious_violations(page) == []

    # 5. The question is in the public Q&A, without who asked.
    page.goto(f"{live_server.url}{qa_index.url}")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("main")).to_contain_text(REPLY)
    expect(page.locator("main")).to_contain_text("lịch tiếp công dân của Huyện ủy")
    body = page.content()
    for private in (NAME, EMAIL, PHONE, "0933444555", "Thanh Phước"):
        assert private not in body
    assert serious_violations(page) == []
    screenshot("feedback-public-question")
