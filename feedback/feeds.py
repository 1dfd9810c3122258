"""RSS of the published questions (Hỏi đáp): QuestionPage only, so nothing private."""

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from portal.visibility import visible
from syndication.feeds import FEED_LENGTH, PortalFeed

from .models import QuestionPage


class QuestionFeed(PortalFeed):
    def title(self, obj=None):
        return f"Hỏi đáp – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        return "Câu hỏi của bạn đọc và trả lời của các cơ quan Đảng"

    def items(self, obj=None):
        return (
            visible(QuestionPage.objects, self.request)
            .descendant_of(self.site_root())
            .order_by("-answered_on", "-pk")[:FEED_LENGTH]
        )

    def item_description(self, item):
        return Truncator(f"{item.question} — Trả lời: {strip_tags(item.reply)}").words(80)

    def item_pubdate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.category.name] if item.category_id else []
