"""Org charts are checked whole; problems name the unit key; the shipped chart is valid."""

import pytest

from units.orgchart import OrgChartError, load_orgchart, parse_orgchart

KINDS = [{"name": "Tỉnh ủy"}, {"name": "Huyện ủy"}]


def chart(*units):
    return {"kinds": KINDS, "units": list(units)}


# Bad units, each with the message that must name it (also used by tests/test_provision.py).
BAD_UNITS = [
    (
        [{"key": "a", "name": "A", "kind": "Tỉnh ủy", "parent": "zz"}],
        "unit 'a': unknown parent 'zz'",
    ),
    (
        [
            {"key": "a", "name": "A", "kind": "Tỉnh ủy"},
            {"key": "a", "name": "B", "kind": "Tỉnh ủy"},
        ],
        "unit 'a': duplicate key",
    ),
    (
        [
            {"key": "a", "name": "A", "kind": "Tỉnh ủy", "parent": "b"},
            {"key": "b", "name": "B", "kind": "Tỉnh ủy", "parent": "a"},
        ],
        "cycle",
    ),
    ([{"key": "a", "kind": "Tỉnh ủy"}], "unit 'a': missing 'name'"),
    ([{"key": "a", "name": 12, "kind": "Tỉnh ủy"}], "unit 'a': 'name' must be text"),
    ([{"key": "a", "name": "A", "kind": "Ban Bí mật"}], "unknown kind"),
    (
        [{"key": "a", "name": "A", "kind": "Tỉnh ủy", "issuer_code": "ТU"}],
        "not a valid abbreviation",
    ),
    ([{"key": "a", "name": "A", "kind": "Tỉnh ủy", "valid_from": "hôm qua"}], "is not a date"),
    ([{"name": "A", "kind": "Tỉnh ủy"}], "missing 'key'"),
    (
        [{"key": "a", "name": "A", "kind": "Tỉnh ủy", "colour": "red"}],
        "unknown field(s) colour",
    ),
]


@pytest.mark.django_db
def test_shipped_chart_is_valid():
    loaded = load_orgchart("units/orgcharts/tay-ninh-2020.yaml")
    assert loaded.units[0].key == "tinh-uy"
    keys = [unit.key for unit in loaded.units]
    for unit in loaded.units:  # parents come before their children
        if unit.parent:
            assert keys.index(unit.parent) < keys.index(unit.key)


@pytest.mark.django_db
@pytest.mark.parametrize(("units", "message"), BAD_UNITS)
def test_bad_charts_are_rejected_naming_the_key(units, message):
    with pytest.raises(OrgChartError) as error:
        parse_orgchart(chart(*units))
    assert any(message in problem for problem in error.value.problems), error.value.problems


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, [], "text", {"units": []}, {"units": "x"}])
def test_charts_of_the_wrong_shape_are_rejected(data):
    with pytest.raises(OrgChartError):
        parse_orgchart(data)


@pytest.mark.django_db
def test_unreadable_files_are_rejected(tmp_path):
    broken = tmp_path / "chart.yaml"
    broken.write_text("units: [", encoding="utf-8")
    with pytest.raises(OrgChartError, match="not valid YAML"):
        load_orgchart(broken)
    with pytest.raises(OrgChartError, match="cannot read"):
        load_orgchart(tmp_path / "missing.yaml")
