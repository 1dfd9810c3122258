"""The shipped systemd units' sandboxing (deploy/systemd), as far as this machine can run it:
systemd is not PID 1 here, so ``systemd-run`` cannot start them. What is real:
``systemd-analyze verify`` reads every shipped unit, and an app server runs inside a mount
namespace built from portal.service's own settings (PrivateTmp, ProtectSystem=strict with
its ReadWritePaths, NoNewPrivileges; tests/stack.py ``unit_sandbox``). Not exercised:
User=portal, ProtectHome, the EnvironmentFile."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .stack import (
    PYTHON,
    ROOT,
    SYSTEMD_DIR,
    AppServer,
    Browser,
    form_fields,
    manage,
    png,
    unit_sandbox,
)

pytestmark = [pytest.mark.stack, pytest.mark.xdist_group("stack")]


@pytest.mark.parametrize("unit", sorted(p.name for p in SYSTEMD_DIR.iterdir()))
def test_systemd_reads_every_shipped_unit(unit):
    result = subprocess.run(
        ["systemd-analyze", "verify", str(SYSTEMD_DIR / unit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    problems = [
        line
        for line in result.stderr.splitlines()
        # The programs live under /srv/portal on a server, not on the test machine.
        if "is not executable" not in line and line.strip()
    ]
    assert problems == [], problems


@pytest.fixture(scope="module")
def sandboxed_app(stack):
    srv = Path(tempfile.mkdtemp(prefix=".stack-srv-", dir=ROOT))  # outside /tmp (PrivateTmp)
    for name in ("media", "private", "static_collected", "var"):
        (srv / name).mkdir()
    env = {key: value for key, value in stack.app_env.items() if not key.startswith("AWS_")}
    env.update(
        MEDIA_ROOT=str(srv / "media"),
        FEEDBACK_PRIVATE_ROOT=str(srv / "private"),
        STATIC_ROOT=str(srv / "static_collected"),
    )
    wrap = unit_sandbox(
        "portal.service", srv, binds=[(stack.static_root, srv / "static_collected")]
    )
    server = AppServer("S", env, wrap=wrap)
    server.srv = srv
    yield server
    server.stop()
    shutil.rmtree(srv, ignore_errors=True)


def test_the_sandbox_is_real(stack, sandboxed_app):
    srv = sandboxed_app.srv
    wrap = unit_sandbox("portal.service", srv)
    outside = subprocess.run(
        [*wrap, "sh", "-c", f"echo x > {srv}/not-listed"], capture_output=True, text=True
    )
    assert outside.returncode != 0 and "Read-only" in outside.stderr
    assert not (srv / "not-listed").exists()


def test_the_app_may_write_feedback_attachments_under_the_units_sandbox(stack, sandboxed_app):
    category = manage(
        "shell",
        "--no-imports",
        "-c",
        "import json; from feedback.models import Category;"
        " c, _ = Category.objects.get_or_create(name='Công tác đảng viên (hộp cát)');"
        " print(json.dumps(c.pk))",
        env=sandboxed_app.env,
    )
    reader = Browser(sandboxed_app.url)
    fields = form_fields(reader.get("/gop-y/").text, containing="subject")
    fields.update(
        name="Nguyễn Văn An",
        email="an@example.vn",
        category=json.loads(category),
        subject="Ảnh hiện trường",
        message="Xin gửi kèm ảnh minh họa.",
    )
    response = reader.post("/gop-y/", fields, files={"attachment": ("anh.png", png(), "image/png")})
    assert response.status_code == 200 and "/gop-y/da-gui/" in response.url, response.text[:500]
    stored = [p for p in (sandboxed_app.srv / "private").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == png()


def test_one_app_server_may_write_the_embedded_search_index_under_the_sandbox(stack, sandboxed_app):
    """A single app server keeps the default engine's index in /srv/portal/var: the unit
    must let it write there (ProtectSystem=strict makes everything else read-only)."""
    srv = sandboxed_app.srv
    env = {
        **sandboxed_app.env,
        "SEARCH_BACKEND": "tantivy",
        "SEARCH_INDEX_DIR": str(srv / "var" / "search-index"),
    }
    wrap = unit_sandbox("portal.service", srv)
    result = subprocess.run(
        [*wrap, PYTHON, "manage.py", "update_index", "--backend", "default"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert any((srv / "var" / "search-index").rglob("meta.json"))
