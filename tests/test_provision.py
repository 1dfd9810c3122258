"""`provision_units ORGCHART`: one command from an org chart to a working multi-unit portal."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
)

from units.models import UnitAccess, UnitPage
from units.orgchart import OrgChartError, parse_orgchart

from .factories import ArticlePageFactory
from .test_orgchart import BAD_UNITS

pytestmark = pytest.mark.django_db

CHART_2020 = "units/orgcharts/tay-ninh-2020.yaml"
CHART_2025 = "units/orgcharts/tay-ninh-2025.yaml"

SMALL_CHART = {
    "kinds": [{"name": "Tỉnh ủy"}, {"name": "Huyện ủy"}, {"name": "Đảng ủy xã"}],
    "units": [
        {"key": "tinh-uy", "name": "Tỉnh ủy Thử nghiệm", "kind": "Tỉnh ủy"},
        {"key": "huyen", "name": "Huyện ủy Một", "kind": "Huyện ủy", "parent": "tinh-uy"},
        {"key": "xa", "name": "Đảng ủy xã Một", "kind": "Đảng ủy xã", "parent": "huyen"},
    ],
}


def write(tmp_path, data, name="chart.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def snapshot():
    return {
        "units": UnitPage.objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "revisions": Revision.objects.count(),
    }


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("provision_units", *args, stdout=out)
    return out.getvalue()


def test_provisioning_creates_everything_and_a_second_run_changes_nothing(home, tmp_path):
    chart = write(tmp_path, SMALL_CHART)
    before = snapshot()
    assert "3 created" in run(chart)
    first = snapshot()
    assert first["units"] == 3
    assert first["groups"] - before["groups"] == 6
    assert first["workflows"] - before["workflows"] == 3
    for access in UnitAccess.objects.select_related("unit"):
        # One permission root per group: the unit page.
        assert set(
            GroupPagePermission.objects.filter(
                group__in=[access.editors, access.approvers]
            ).values_list("page_id", flat=True)
        ) == {access.unit.pk}
        assert WorkflowPage.objects.get(page=access.unit).workflow_id == access.workflow_id

    assert "0 created, 0 updated, 3 unchanged" in run(chart)
    assert snapshot() == first


def test_a_lost_permission_is_repaired_by_running_again(home, tmp_path):
    chart = write(tmp_path, SMALL_CHART)
    run(chart)
    expected = snapshot()
    GroupPagePermission.objects.filter(page__title="Huyện ủy Một").delete()
    run(chart)
    assert snapshot() == expected


def test_dry_run_changes_nothing(home, tmp_path):
    before = snapshot()
    assert "Dry run" in run(write(tmp_path, SMALL_CHART), "--dry-run")
    assert snapshot() == before


@pytest.mark.parametrize(("units", "message"), BAD_UNITS)
def test_a_bad_chart_is_refused_whole_with_the_key_named(home, tmp_path, units, message):
    good = {"key": "tot", "name": "Đơn vị hợp lệ", "kind": "Tỉnh ủy"}
    chart = write(tmp_path, {"kinds": SMALL_CHART["kinds"], "units": [good, *units]})
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(chart)
    assert message in str(error.value)
    assert snapshot() == before  # not even the valid unit


def test_an_unreadable_chart_is_a_clear_error(home, tmp_path):
    path = tmp_path / "chart.json"
    path.write_text("{units: [", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(path))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "khong-co.yaml"))


def test_the_2025_chart_archives_districts_merges_departments_and_keeps_urls(
    home, client, django_capture_on_commit_callbacks
):
    run(CHART_2020)
    ward = UnitPage.objects.get(org_key="dang-uy-phuong-1")
    article = ArticlePageFactory(parent=ward, title="Phường 1 ra quân làm sạch đường phố")
    old_ward_url, old_article_url = ward.url, article.url
    ward_groups = (ward.access.editors_id, ward.access.approvers_id)

    with django_capture_on_commit_callbacks(execute=True):
        run(CHART_2025)
    assert "0 created, 0 updated" in run(CHART_2025)

    units = {unit.org_key: unit for unit in UnitPage.objects.all()}
    district = units["huyen-uy-tan-bien"]
    assert district.is_archived and district.successor == units["dang-uy-xa-tan-bien"]
    assert units["ban-tuyen-giao"].successor == units["ban-tuyen-giao-dan-van"]
    assert units["ban-dan-van"].is_archived

    # Renamed and moved: same page, same pages under it, same groups renamed; old URLs redirect.
    ward = units["dang-uy-phuong-1"]
    assert ward.title == "Đảng ủy phường Tân Ninh"
    assert ward.get_parent().pk == units["tinh-uy"].pk
    assert article.get_parent().pk == ward.pk
    assert (ward.access.editors_id, ward.access.approvers_id) == ward_groups
    assert ward.access.editors.name == "Biên tập viên – Đảng ủy phường Tân Ninh"
    assert ward.access.collection.get_parent() == units["tinh-uy"].access.collection
    for old_url, page in ((old_ward_url, ward), (old_article_url, article)):
        new_url = Page.objects.get(pk=page.pk).url
        assert new_url != old_url
        response = client.get(old_url)
        assert response.status_code in (301, 302), old_url
        assert response["Location"].rstrip("/").endswith(new_url.rstrip("/"))
        assert client.get(new_url).status_code == 200
    # Every unit of the new chart has its people's groups and workflow.
    assert UnitAccess.objects.count() == UnitPage.objects.count() == 30


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "kinds",
                        "units",
                        "key",
                        "name",
                        "kind",
                        "parent",
                        "successor",
                        "leaders",
                        "valid_from",
                        "email",
                        "issuer_code",
                        "sort_order",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_any_hostile_chart_is_refused_or_parsed_never_crashes(home, data):
    try:
        parse_orgchart(data)
    except OrgChartError as error:
        assert error.problems
