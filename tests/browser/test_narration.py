"""A reader listens to an article in Debian's chromium: the generated MP3 plays in the page's
<audio>; without a file, the browser's own voice is offered only when it has a Vietnamese one."""

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from narration import service

from ..factories import ArticlePageFactory
from .test_reader_pages import serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The platform's speech API, replaced by one that has a Vietnamese voice and records what it
# is asked to say (headless chromium has no voices at all).
VIETNAMESE_VOICE = """
(() => {
  const voice = {lang: "vi-VN", name: "Giọng thử", default: true, localService: true};
  window.__spoken = [];
  class Utterance { constructor(text) { this.text = text; } }
  window.SpeechSynthesisUtterance = Utterance;
  Object.defineProperty(window, "speechSynthesis", {value: {
    speaking: false,
    getVoices: () => [voice],
    addEventListener: () => {},
    speak: (utterance) => { window.__spoken.push({text: utterance.text, lang: utterance.lang}); },
    cancel: () => { window.__spoken.push("cancel"); },
  }});
})();
"""


def serve_media(page, live_server):
    """nginx serves /media/ in production; here the test hands out the stored files."""

    def handle(route):
        name = route.request.url.split("/media/", 1)[1]
        route.fulfill(status=200, body=default_storage.open(name).read(), content_type="audio/mpeg")

    page.route(f"{live_server.url}/media/**", handle)


@pytest.fixture
def article(district):
    page = ArticlePageFactory(
        parent=district,
        title="Quán triệt Nghị quyết 35-NQ/TW",
        lead="Ngày 26/11/2026, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt.",
    )
    page.save_revision().publish()
    return page


def test_the_generated_reading_plays(page, live_server, article):
    service.drain(5)  # what the timer's `manage.py narrate` does
    serve_media(page, live_server)
    page.goto(live_server.url + article.url)
    audio = page.locator("audio.narration__audio")
    expect(audio).to_be_visible()
    expect(page.locator(".narration__label")).to_contain_text("giọng đọc máy")
    page.locator("h1").click()  # a reader's gesture: the autoplay policy then lets it play
    page.evaluate("document.querySelector('audio.narration__audio').play()")
    # Polled from here: wait_for_function evaluates a string, which the page's CSP refuses.
    for _ in range(100):
        if page.evaluate("document.querySelector('audio.narration__audio').currentTime") > 0.5:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('audio.narration__audio').currentTime") > 0.5
    assert page.evaluate("document.querySelector('audio.narration__audio').duration") > 3
    assert serious_violations(page) == []


def test_without_a_vietnamese_voice_the_button_stays_hidden(page, live_server, article):
    page.goto(live_server.url + article.url)
    expect(page.locator("[data-narration]")).to_be_hidden()


def test_the_browsers_vietnamese_voice_reads_the_normalised_text(page, live_server, article):
    page.add_init_script(VIETNAMESE_VOICE)
    page.goto(live_server.url + article.url)
    button = page.get_by_role("button", name="Nghe đọc bài")
    expect(button).to_be_visible()
    assert serious_violations(page) == []
    button.click()
    expect(page.get_by_role("button", name="Dừng đọc")).to_have_attribute("aria-pressed", "true")
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "vi-VN"
    assert "ba mươi lăm, nghị quyết Trung ương" in spoken[0]["text"]
    assert "hai mươi sáu tháng mười một" in spoken[0]["text"]
    page.get_by_role("button", name="Dừng đọc").click()
    expect(page.get_by_role("button", name="Nghe đọc bài")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert page.evaluate("window.__spoken").pop() == "cancel"
