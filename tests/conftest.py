"""Shared fixtures: the site's HomePage (made by the migration) and units under it."""

import pytest
from wagtail.models import Site

from home.models import HomePage

from .factories import (
    ArticlePageFactory,
    DirectivePageFactory,
    SectionPageFactory,
    TopicIndexPageFactory,
    TopicPageFactory,
    UnitKindFactory,
    UnitPageFactory,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache (pages, counters) and no buffered counts."""
    from django.core.cache import cache

    from home import counters

    cache.clear()
    counters.reset()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


@pytest.fixture
def province(home):
    return UnitPageFactory(
        parent=home,
        title="Tỉnh ủy Tây Ninh",
        short_name="Tỉnh ủy",
        kind=UnitKindFactory(name="Tỉnh ủy"),
        issuer_code="TU",
    )


@pytest.fixture
def district(province):
    return UnitPageFactory(parent=province, title="Huyện ủy Gò Dầu", short_name="Huyện ủy Gò Dầu")


@pytest.fixture
def section(province):
    return SectionPageFactory(parent=province, title="Xây dựng Đảng")


@pytest.fixture
def topic(home):
    return TopicPageFactory(
        parent=TopicIndexPageFactory(parent=home), title="Xây dựng nông thôn mới"
    )


@pytest.fixture
def article(district, topic):
    page = ArticlePageFactory(parent=district)
    page.topics.add(topic)
    page.save()
    return page


@pytest.fixture
def directive(province):
    return DirectivePageFactory(parent=province, number=35, title="Nghị quyết số 35-NQ/TW")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "quantri", "qt@example.invalid", "mat-khau-dai-12"
    )
    client.force_login(user)
    return client
