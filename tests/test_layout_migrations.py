"""The models that left ``home`` (issue #19) keep their rows: a database at the schema of
before the move, filled through the historical models, migrates forward with its pages,
revisions, settings, figures and permissions intact."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from wagtail.models import Page, Revision, Site

from .conftest import ensure_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The schema of main before the move: home and units at their last migrations then, the new
# apps not migrated at all.
BEFORE_THE_MOVE = [
    ("home", "0003_readers_blocks_register_settings_counters"),
    ("units", "0002_unit_access"),
    ("register", None),
    ("navigation", None),
    ("visits", None),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    if targets:
        return executor.loader.project_state([node for node in targets if node[1]]).apps
    # Warm the content type cache again, as the test database's creation left it: the next
    # serialized-rollback test restores rows whose signal handlers look content types up
    # (a miss would insert one, and the restored row would then collide with it).
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


def add_child(old, parent, model, **fields):
    """A live page under ``parent`` with a historical model (no treebeard methods there)."""
    siblings = old.get_model("wagtailcore", "Page").objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1
    )
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    position = Page(path=last)._get_lastpos_in_path() + 1 if last else 1
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )[0]
    page = model.objects.create(
        path=Page._get_path(parent.path, parent.depth + 1, position),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{fields['slug']}/",
        content_type=content_type,
        locale_id=parent.locale_id,
        live=True,
        draft_title=fields["title"],
        first_published_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        **fields,
    )
    old.get_model("wagtailcore", "Page").objects.filter(pk=parent.pk).update(
        numchild=siblings.count()
    )
    return page, content_type


def test_moved_models_keep_their_rows_and_content_types():
    home = ensure_site()
    old = migrate(BEFORE_THE_MOVE)
    try:
        old_page = old.get_model("wagtailcore", "Page")
        parent = old_page.objects.get(pk=home.pk)
        register, register_type = add_child(
            old,
            parent,
            old.get_model("home", "DocumentRegisterPage"),
            title="Tra cứu văn bản",
            slug="tra-cuu-van-ban",
            intro="Mọi văn bản của Đảng bộ tỉnh.",
        )
        parent.refresh_from_db()
        introduction, introduction_type = add_child(
            old,
            parent,
            old.get_model("home", "IntroductionPage"),
            title="Giới thiệu",
            slug="gioi-thieu",
            body="<p>Chức năng, nhiệm vụ của Tỉnh ủy.</p>",
        )
        old.get_model("wagtailcore", "Revision").objects.create(
            content_type=register_type,
            base_content_type=old.get_model("contenttypes", "ContentType").objects.get(
                app_label="wagtailcore", model="page"
            ),
            object_id=str(register.pk),
            created_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
            object_str=register.title,
            content={
                "pk": register.pk,
                "title": "Tra cứu văn bản",
                "slug": "tra-cuu-van-ban",
                "intro": "Bản nháp: thêm văn bản của các huyện.",
                "content_type": register_type.pk,
            },
        )
        settings_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="home", model="portalsettings"
        )[0]
        old.get_model("home", "PortalSettings").objects.update_or_create(
            site_id=Site.objects.get(is_default_site=True).pk,
            defaults={
                "owner": "Ban Thường vụ Tỉnh ủy Tây Ninh",
                "phone": "0276 3822 xxx",
                "footer_links": '[{"type": "link", "value": {"title": "Báo Tây Ninh", '
                '"page": null, "url": "https://baotayninh.vn"}}]',
            },
        )
        change_settings = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=settings_type,
            codename="change_portalsettings",
            defaults={"name": "Can change menu và chân trang"},
        )[0]
        group = old.get_model("auth", "Group").objects.create(name="Quản trị menu")
        group.permissions.add(change_settings)
        old.get_model("home", "DailyVisits").objects.create(
            date=datetime.date(2026, 11, 30), visits=1234
        )
        old.get_model("home", "PageViews").objects.create(page_id=register.pk, views=56)
    finally:
        migrate()

    from navigation.models import PortalSettings
    from register.models import DocumentRegisterPage
    from units.models import IntroductionPage
    from visits.models import DailyVisits, PageViews

    # The same content type rows, relabelled: pages and revisions point at them by id.
    assert ContentType.objects.get(pk=register_type.pk).model_class() is DocumentRegisterPage
    assert ContentType.objects.get(pk=introduction_type.pk).model_class() is IntroductionPage
    assert ContentType.objects.get(pk=settings_type.pk).model_class() is PortalSettings
    assert not ContentType.objects.filter(
        app_label="home",
        model__in=["documentregisterpage", "introductionpage", "portalsettings"],
    ).exists()

    page = Page.objects.get(pk=register.pk).specific
    assert type(page) is DocumentRegisterPage
    assert page.intro == "Mọi văn bản của Đảng bộ tỉnh."
    assert page.get_parent().pk == home.pk
    draft = Revision.objects.get(object_id=str(register.pk)).as_object()
    assert type(draft) is DocumentRegisterPage
    assert draft.intro == "Bản nháp: thêm văn bản của các huyện."
    intro = Page.objects.get(pk=introduction.pk).specific
    assert type(intro) is IntroductionPage
    assert intro.body == "<p>Chức năng, nhiệm vụ của Tỉnh ủy.</p>"
    assert set(
        Page.objects.get(pk=home.pk).get_children().type(DocumentRegisterPage, IntroductionPage)
    ) == {
        page.page_ptr,
        intro.page_ptr,
    }

    # Readers get both pages at their old addresses.
    client = Client()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Mọi văn bản của Đảng bộ tỉnh." in response.content.decode()
    assert "Chức năng, nhiệm vụ của Tỉnh ủy." in client.get(intro.url).content.decode()

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.phone == "0276 3822 xxx"
    assert [block.value["title"] for block in settings.footer_links] == ["Báo Tây Ninh"]
    user = get_user_model().objects.create_user("menu", "menu@example.invalid", "mat-khau-12")
    user.groups.add(Group.objects.get(name="Quản trị menu"))
    assert user.has_perm("navigation.change_portalsettings")

    assert DailyVisits.objects.get(date=datetime.date(2026, 11, 30)).visits == 1234
    assert PageViews.objects.get(page_id=register.pk).views == 56
    # New rows after the rename (PostgreSQL's identity sequence came along with the table).
    DailyVisits.objects.create(date=datetime.date(2026, 12, 1), visits=1)
    assert DailyVisits.objects.filter(date__year=2026, date__month__gte=11).count() == 2


def test_the_move_goes_back_and_forth():
    """Unapplying the move gives home its tables and content types back."""
    ensure_site()
    migrate(BEFORE_THE_MOVE)
    try:
        tables = connection.introspection.table_names()
        assert "home_documentregisterpage" in tables
        assert "register_documentregisterpage" not in tables
        assert ContentType.objects.filter(app_label="home", model="pageviews").exists()
    finally:
        migrate()
    tables = connection.introspection.table_names()
    assert {"register_documentregisterpage", "units_introductionpage"} <= set(tables)
    assert {"navigation_portalsettings", "visits_dailyvisits", "visits_pageviews"} <= set(tables)
    assert not any(table.startswith("home_") and table != "home_homepage" for table in tables)
