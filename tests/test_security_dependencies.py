"""`make audit`'s verdict on pip-audit reports (pip-audit's own JSON format) and its ignore file."""

import pytest

from portal.dependency_audit import IGNORE_FILE, ignored, verdict

VULN = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fix_versions": ["5.2.99"]}


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


def test_a_known_vulnerability_fails():
    code, lines = verdict(report({"name": "django", "version": "5.2.19", "vulns": [VULN]}), {})
    assert code == 1
    assert "VULNERABLE: django==5.2.19 PYSEC-2099-1 (fixed in 5.2.99)" in lines


@pytest.mark.parametrize("listed", ["PYSEC-2099-1", "CVE-2099-1"])
def test_an_explained_exception_passes(listed):
    code, lines = verdict(
        report({"name": "django", "version": "5.2.19", "vulns": [VULN]}),
        {listed: "only affects the MySQL backend"},
    )
    assert code == 0
    assert any("accepted" in line and "MySQL" in line for line in lines)


def test_clean_and_unaudited_packages():
    data = report(
        {"name": "wagtail", "version": "8.0.1", "vulns": []},
        {"name": "willow", "skip_reason": "Dependency not found on PyPI"},
    )
    assert verdict(data, {})[0] == 0
    assert verdict(data, {}, strict=True)[0] == 1
    assert verdict(data, {})[1][-1] == "1 audited, 1 not audited, 0 vulnerable"


def test_ignore_entries_need_a_reason(tmp_path):
    path = tmp_path / "ignore"
    path.write_text("# comment\nPYSEC-1  # upstream fix pending, not reachable here\n")
    assert ignored(path) == {"PYSEC-1": "upstream fix pending, not reachable here"}
    path.write_text("PYSEC-2\n")
    with pytest.raises(SystemExit, match="needs a reason"):
        ignored(path)


def test_the_project_ignore_file_is_valid():
    for reason in ignored(IGNORE_FILE).values():
        assert reason
