"""Admin screens for a unit's people run a fixed number of SQL queries whatever the number of
pages listed or units defined (the time itself is measured by ``make bench-admin``), and the
shortcuts that make them so answer exactly as Wagtail's own rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PagePermissionTester

from units.ownership import editable_units, units_of_user
from units.permissions import PortalPagePermissionTester

from .factories import ArticlePageFactory, SectionPageFactory, UnitPageFactory
from .test_ownership import member, submitted  # noqa: F401 (fixture)
from .test_queries import add_articles

pytestmark = pytest.mark.django_db


def query_count(client, url):
    client.get(url)  # warm per-process caches (content types, settings rows)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.fixture
def news(district):
    """A live section with live articles, a draft article and a draft sub-section holding a
    live article (the one case that still needs a query)."""
    section = SectionPageFactory(parent=district, title="Tin tức")
    add_articles(section, 10)
    draft = ArticlePageFactory(parent=section, title="Bài nháp", live=False)
    draft.save_revision()
    draft_section = SectionPageFactory(parent=section, title="Chuyên mục nháp", live=False)
    ArticlePageFactory(parent=draft_section, title="Bài đã đăng trong mục nháp")
    return section, draft


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_explorer_queries_do_not_grow_with_the_listed_pages(client, district, news, role):
    section, draft = news
    client.force_login(member(district, role))
    url = reverse("wagtailadmin_explore", args=[section.pk])
    small, _ = query_count(client, url)
    add_articles(section, 36, start=10)
    assert section.get_children().count() == 48  # one page of the explorer (50)
    large, text = query_count(client, url)
    assert small == large
    # Fixed per request: the two-factor device, the session renewed on every request (idle
    # expiry: savepoint, update, release).
    assert large <= 41
    # The answers are still Wagtail's: an editor may delete the draft, not a live article.
    live = section.get_children().live().type(Page).last()
    assert (reverse("wagtailadmin_pages:delete", args=[draft.pk]) in text) is True
    assert (reverse("wagtailadmin_pages:delete", args=[live.pk]) in text) is (role == "approver")


def test_dashboard_queries_do_not_grow_with_the_number_of_units(client, province, district):
    client.force_login(member(district, "editor"))
    url = reverse("wagtailadmin_home")
    small, _ = query_count(client, url)
    for number in range(12):
        UnitPageFactory(parent=province, title=f"Đảng ủy xã thử {number}")
    large, _ = query_count(client, url)
    assert small == large
    # Fixed per request as above, and the overdue-feedback panel's count.
    assert large <= 35


def test_dashboard_still_offers_the_approval_to_the_units_approvers_only(
    client,
    submitted,  # noqa: F811
    department,
):
    page, _editor, approver, _state = submitted
    for number in range(5):  # other units' tasks, which the approver may not moderate
        UnitPageFactory(parent=department, title=f"Chi bộ thử {number}")
    client.force_login(approver)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    action = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", 0])
    assert action.rsplit("/", 3)[0] in text  # Wagtail's "to moderate" panel, approve button
    client.force_login(member(department, "approver"))
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert action.rsplit("/", 3)[0] not in text


def test_the_portal_tester_answers_as_wagtails_for_every_page_and_role(province, district, news):
    """Delete and move rights (the two the portal answers without a query) compared with
    Wagtail's own tester on every page of the tree, for each role and for outsiders."""
    department = UnitPageFactory(parent=province, title="Ban Tuyên giáo")
    users = [member(district, "editor"), member(district, "approver")]
    users += [member(department, "editor"), member(province, "approver")]
    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert len(pages) >= 15
    for user in users:
        for page in pages:
            ours, wagtails = (
                PortalPagePermissionTester(user, page),
                PagePermissionTester(user, page),
            )
            assert isinstance(page.permissions_for_user(user), PortalPagePermissionTester)
            for check in ("can_delete", "can_move"):
                assert getattr(ours, check)() == getattr(wagtails, check)(), (user, page, check)
            assert ours.can_delete(ignore_bulk=True) == wagtails.can_delete(ignore_bulk=True)


def test_units_per_user_view_runs_fixed_queries_and_agrees_with_the_helpers(
    admin_client, province, district, commune, department
):
    url = reverse("units_user_units")
    member(district, "editor")
    member(commune, "approver")
    small, _ = query_count(admin_client, url)
    for number, unit in enumerate([province, district, commune, department] * 3):
        member(unit, "editor" if number % 2 else "approver", f"nguoi-dung-{number}")
    large, _ = query_count(admin_client, url)
    assert small == large
    rows = admin_client.get(url).context["rows"]
    assert len(rows) == 14
    for row in rows:
        assert row["memberships"] == units_of_user(row["user"])
        assert row["units"] == list(editable_units(row["user"]).order_by("path"))
