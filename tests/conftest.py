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
def empty_search_index(request, django_db_blocker):
    """The embedded engine's index is files, not rows: a test's rollback does not empty
    it (and ids are reused after one), so each test starts and ends with an empty index,
    unless it reads a corpus built once for its module (test_search_relevance)."""
    from search.tantivy import reset_test_indexes

    shared = "demo_corpus" in request.fixturenames
    # Finding the backends asks the database (FTS5): a test without database access (the
    # stack tests run alone, `make test-stack`) has no index of its own to empty.
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    shared = shared or not uses_db
    # This fixture runs outside the test's own database access (set up before it, torn
    # down after it), so it asks for access itself; the test database exists by then.
    if not shared:
        with django_db_blocker.unblock():
            reset_test_indexes()
    yield
    if not shared:
        with django_db_blocker.unblock():
            reset_test_indexes()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache (pages, counters) and no buffered counts."""
    from django.core.cache import cache

    from search import hits
    from visits import counters

    cache.clear()
    counters.reset()
    hits.reset()
    yield
    cache.clear()


def ensure_site():
    """The Site → HomePage the migrations create. A transactional test's flush can leave the
    database empty for the next one (serialized rollback is not restored after unittest-style
    TestCases run in the same session), so rebuild it then, as the migration does."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return HomePage.objects.get(pk=site.root_page_id)
    from wagtail.models import Collection, Locale, Page

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    locale = Locale.objects.get_or_create(language_code="vi")[0]
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(
        instance=HomePage(title="Cổng thông tin điện tử Đảng bộ tỉnh", slug="home", locale=locale)
    )
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name=home.title
    )
    return home


@pytest.fixture
def home(db):
    return ensure_site()


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


@pytest.fixture
def feed_server():
    """A real HTTP server on 127.0.0.1 serving the fixture feeds of tests/feedserver.py."""
    from .feedserver import FeedServer

    server = FeedServer().start()
    yield server
    server.stop()


# --- unit people (security tests): the editor and the approver of the district unit ---
UNIT_PASSWORD = "mat-khau-don-vi-12"


def unit_member(unit, role, username):
    from django.contrib.auth import get_user_model

    from units.models import UnitPage

    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", UNIT_PASSWORD
    )
    access = UnitPage.objects.get(pk=unit.pk).access
    user.groups.add(access.editors if role == "editor" else access.approvers)
    return user


@pytest.fixture
def unit_editor(district):
    return unit_member(district, "editor", "bientap-go-dau")


@pytest.fixture
def unit_approver(district):
    return unit_member(district, "approver", "duyet-go-dau")


# --- unit ownership (#3) ---------------------------------------------------------


@pytest.fixture
def commune(district):
    return UnitPageFactory(parent=district, title="Đảng ủy thị trấn Gò Dầu", issuer_code="ĐU")


@pytest.fixture
def department(province):
    return UnitPageFactory(parent=province, title="Ban Tổ chức Tỉnh ủy", issuer_code="BTCTU")


# --- feedback ------------------------------------------------------------------


@pytest.fixture
def category(db):
    from .factories import CategoryFactory

    return CategoryFactory(name="Xây dựng Đảng", response_days=15)


@pytest.fixture
def qa_index(home):
    from .factories import QAIndexPageFactory

    return QAIndexPageFactory(parent=home)


@pytest.fixture
def unit_user(db):
    """``unit_user(unit, "editor" | "approver", username)``: a member of the unit's group."""
    return unit_member


@pytest.fixture(scope="session")
def stack():
    """The production stack on 127.0.0.1 (tests/stack.py): PostgreSQL, Redis, S3, two
    gunicorn app servers, Varnish; started once for the stack tests, stopped after them."""
    from .stack import Stack

    started = Stack()
    yield started
    started.close()


@pytest.fixture(scope="session")
def degraded_app(stack):
    """A third app server on the same database and Redis whose search backend is
    unreachable (ELASTICSEARCH_URL at a closed port) and whose media volume is full."""
    from .stack import AppServer, FullVolume, free_port

    volume = FullVolume()
    env = {key: value for key, value in stack.app_env.items() if not key.startswith("AWS_")}
    env.update(
        MEDIA_ROOT=str(volume.path),
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}",
    )
    server = AppServer("C", env)
    server.volume = volume
    yield server
    server.stop()
    volume.remove()


@pytest.fixture(scope="session")
def nginx_front(stack):
    """The shipped nginx config in front of an app server with media on local disk (the
    single-host deployment nginx serves media for), documents sent by X-Accel-Redirect."""
    import shutil
    import tempfile

    from .stack import AppServer, Nginx

    media = tempfile.mkdtemp(prefix="stack-media-")
    private = tempfile.mkdtemp(prefix="stack-private-")
    env = {key: value for key, value in stack.app_env.items() if not key.startswith("AWS_")}
    env.update(MEDIA_ROOT=media, FEEDBACK_PRIVATE_ROOT=private, DOCUMENTS_X_ACCEL_REDIRECT="True")
    server = AppServer("N", env)
    front = Nginx(server.port, stack.static_root, media)
    front.app, front.env, front.media = server, env, media
    yield front
    front.stop()
    server.stop()
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)
