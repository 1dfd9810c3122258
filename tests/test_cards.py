"""The Python-built article card (home.cards) gives the markup of its reference template,
templates/components/article_card.html, whitespace aside, for cards of every shape."""

import datetime
import re

import pytest
import wagtail_factories
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from articles.models import ArticlePage
from home import cards

from .factories import ArticlePageFactory


def normalised(markup):
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", markup)).strip()


def both(article, large, request):
    python = cards.article_card(article, large, request=request)
    template = render_to_string(
        "components/article_card.html", {"article": article, "large": large}, request=request
    )
    return normalised(python), normalised(template)


@pytest.fixture
def request_(home):
    return RequestFactory().get("/", HTTP_HOST="localhost")


@pytest.mark.django_db
@pytest.mark.parametrize("large", [True, False])
@pytest.mark.parametrize("with_image", [True, False])
def test_card_matches_its_template(request_, district, large, with_image):
    image = wagtail_factories.ImageFactory(title="Ảnh đại hội") if with_image else None
    article = ArticlePageFactory(
        parent=district,
        title="Đại hội Đảng bộ huyện Gò Dầu lần thứ XII",
        lead=" ".join(["Đại hội bầu Ban Chấp hành khóa mới."] * 12),  # over 40 words: cut
        main_image=image,
        date=timezone.make_aware(datetime.datetime(2026, 11, 26, 23, 30)),
    )
    article = ArticlePage.objects.get(pk=article.pk)
    python, template = both(article, large, request_)
    assert python == template
    assert "Huyện ủy Gò Dầu" in python  # the owning unit's short name
    assert ("<picture>" in python) is with_image
    assert ("card__lead" in python) is large


@pytest.mark.django_db
def test_card_without_owning_unit_matches_its_template(request_, district):
    article = ArticlePage.objects.get(pk=ArticlePageFactory(parent=district).pk)
    article.owning_unit = None  # as a listing sets it for a page outside every unit
    python, template = both(article, False, request_)
    assert python == template
    assert "card__unit" not in python


@pytest.mark.django_db
def test_card_escapes_like_its_template(request_, province):
    type(province).objects.filter(pk=province.pk).update(short_name="Tỉnh ủy <b>\"TN\"</b> & 'x'")
    article = ArticlePageFactory(
        parent=province,
        title="Tin <img src=x onerror=alert(1)> & \"trích dẫn\" 'nháy'",
        lead="Mở đầu <script>alert(2)</script> & hết",
    )
    article = ArticlePage.objects.get(pk=article.pk)
    python, template = both(article, True, request_)
    assert python == template
    assert "<img src=x" not in python and "<script>" not in python and "<b>" not in python
    assert (
        "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;trích dẫn&quot; &#x27;nháy&#x27;" in python
    )
