"""Sơ đồ tổ chức: generated from the unit pages, archived units greyed with their successor,
each unit's named contact points; a fixed number of queries (docs/navigation.md)."""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from navigation.models import OrgChartPage, UnitContact

from .factories import OrgChartPageFactory, UnitContactFactory, UnitPageFactory

pytestmark = pytest.mark.django_db
_bypass = itertools.count()


@pytest.fixture
def chart(home):
    return OrgChartPageFactory(parent=home)


def node_of(html, unit):
    """The chart's box of one unit."""
    start = html.index(f'id="don-vi-{unit.pk}"')
    return html[start : html.index("</div>", start)]


def test_the_chart_nests_the_units_as_the_tree_does(client, chart, province, district, commune):
    html = client.get(chart.url).content.decode()
    assert "<h1>Sơ đồ tổ chức</h1>" in html
    positions = [html.index(f'id="don-vi-{unit.pk}"') for unit in (province, district, commune)]
    assert positions == sorted(positions)
    # The commune's box sits in a list inside the district's item, inside the province's.
    tree = html[html.index('<ul class="orgchart">') :]
    between = tree[
        tree.index(f'id="don-vi-{province.pk}"') : tree.index(f'id="don-vi-{commune.pk}"')
    ]
    assert between.count("<ul>") == 2
    assert f'<a href="{district.url}">{district.title}</a>' in node_of(html, district)


def test_an_archived_unit_is_greyed_and_names_its_successor(client, chart, province, district):
    successor = UnitPageFactory(parent=province, title="Đảng ủy xã Phước Thạnh", issuer_code="ĐU")
    district.valid_until = datetime.date(2025, 6, 30)
    district.successor = successor
    district.save_revision().publish()
    html = client.get(chart.url).content.decode()
    assert re.search(
        rf'<li class="orgchart__node orgchart__node--archived">\s*<div class="orgchart__unit" id="don-vi-{district.pk}"',
        html,
    )
    box = node_of(html, district)
    assert "Lưu trữ" in box and "hoạt động đến ngày 30/06/2025" in box
    assert f'Đơn vị kế thừa: <a href="{successor.url}">{successor.title}</a>' in box
    assert "Lưu trữ" not in node_of(html, successor)
    # An unpublished successor is named, not linked.
    successor.unpublish()
    box = node_of(client.get(chart.url, {"x": 1}).content.decode(), district)
    assert f"Đơn vị kế thừa: {successor.title}" in box


def test_contact_points_show_under_their_unit_in_order(client, chart, province, district):
    UnitContactFactory(unit=district, role="Chánh Văn phòng", name="Lê Văn Bình", sort_order=2)
    UnitContactFactory(
        unit=district, role="Người phát ngôn", name="Trần Thị Cúc", phone="", sort_order=1
    )
    UnitContactFactory(unit=province, role="<script>alert(1)</script>", name="Phạm Hòa")
    html = client.get(chart.url).content.decode()
    box = node_of(html, district)
    assert box.index("Người phát ngôn") < box.index("Chánh Văn phòng")
    assert "<strong>Chánh Văn phòng</strong>: Lê Văn Bình" in box
    assert '<a href="tel:02763822131">0276 3822 131</a>' in box
    assert '<a href="mailto:vanphong@tayninh.dcs.vn">' in box
    assert "Lê Văn Bình" not in node_of(html, province)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in node_of(html, province)


def test_units_a_reader_may_not_see_are_left_out(client, chart, province, district, commune):
    PageViewRestriction.objects.create(
        page=district, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    hidden = UnitPageFactory(parent=province, title="Đơn vị chưa xuất bản")
    hidden.unpublish()
    html = client.get(chart.url).content.decode()
    for unit in (district, commune, hidden):
        assert f'id="don-vi-{unit.pk}"' not in html
    assert f'id="don-vi-{province.pk}"' in html


def chart_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"x": next(_bypass)})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_chart_runs_a_fixed_number_of_queries(client, chart, province, district):
    successor = UnitPageFactory(parent=province, title="Đảng ủy phường 1")
    UnitContactFactory(unit=district)
    small = chart_queries(client, chart.url)
    for number in range(12):
        unit = UnitPageFactory(parent=district, title=f"Đảng ủy xã số {number}")
        UnitContactFactory(unit=unit)
        if number % 2:
            unit.valid_until = datetime.date(2025, 6, 30)
            unit.successor = successor
            unit.save_revision().publish()
    assert chart_queries(client, chart.url) == small
    assert small <= 13


def test_a_contact_needs_a_phone_or_an_email(province):
    contact = UnitContact(unit=province, role="Văn phòng", name="Nguyễn Văn A")
    with pytest.raises(ValidationError):
        contact.full_clean()
    contact.phone = "0276 3822 130"
    contact.full_clean()


def test_the_admin_refuses_a_bad_contact_and_keeps_nothing(admin_client, province):
    url = reverse("wagtailsnippets_navigation_unitcontact:add")
    assert admin_client.get(url).status_code == 200
    for data in (
        {
            "unit": province.pk,
            "role": "Văn phòng",
            "name": "A",
            "phone": "",
            "email": "khong-hop-le",
        },
        {"unit": province.pk, "role": "", "name": "A", "phone": "0276", "email": ""},
        {"unit": "abc", "role": "Văn phòng", "name": "A", "phone": "0276", "email": ""},
        {"unit": province.pk, "role": "Văn phòng", "name": "A", "phone": "", "email": ""},
    ):
        response = admin_client.post(url, data)
        assert response.status_code == 200, data
        assert "error" in response.content.decode()
    assert not UnitContact.objects.exists()
    response = admin_client.post(
        url, {"unit": province.pk, "role": "Văn phòng", "name": "A", "phone": "0276", "email": ""}
    )
    assert response.status_code == 302
    assert UnitContact.objects.get().unit == province


def test_the_chart_goes_under_the_home_page_once(home):
    assert OrgChartPage.can_create_at(home)
    OrgChartPageFactory(parent=home)
    assert not OrgChartPage.can_create_at(home)


def test_a_unit_editor_cannot_change_contacts(client, unit_editor, district):
    client.force_login(unit_editor)
    for name in ("list", "add"):
        response = client.get(reverse(f"wagtailsnippets_navigation_unitcontact:{name}"))
        assert response.status_code in (302, 403), name
    response = client.post(
        reverse("wagtailsnippets_navigation_unitcontact:add"),
        {"unit": district.pk, "role": "Văn phòng", "name": "A", "phone": "0276", "email": ""},
    )
    assert response.status_code in (302, 403)
    assert not UnitContact.objects.exists()
