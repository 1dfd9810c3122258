"""Restore drill: back up, restore into an empty database and media store, compare.

Runs on the database the suite runs on: SQLite's online backup, or pg_dump/pg_restore
into a scratch PostgreSQL database. The restore runs as an operator would run it,
`manage.py restore` in its own process, pointed at the empty target.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
import wagtail_factories
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from articles.models import ArticlePage

ROOT = Path(__file__).resolve().parent.parent
# Committed data (pg_dump reads it from another process); serialized rollback, as in
# test_reader_cache, so the flush after each test leaves the next one the migrated data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _scratch_database(tmp_path):
    """An empty database of the suite's engine, as a DATABASE_URL, and a query function."""
    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        path = tmp_path / "restored.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        return f"sqlite:///{path}", query, lambda: None
    name = f"{settings_dict['NAME']}_restore"
    params = {
        key: settings_dict[option]
        for key, option in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))
        if settings_dict.get(option)
    }
    if settings_dict.get("PASSWORD"):
        params["password"] = settings_dict["PASSWORD"]
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')

    def query(sql):
        with psycopg2.connect(dbname=name, **params) as db, db.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def drop():
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()

    user = params.get("user", "")
    password = f":{params['password']}" if "password" in params else ""
    host = f"{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}"
    return f"postgres://{user}{password}@{host}/{name}", query, drop


def _checksums(folder: Path):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".pagecache")
    }


def _restore(source, database_url, media_root, private_root=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    if private_root is not None:
        env["FEEDBACK_PRIVATE_ROOT"] = str(private_root)
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(source), "--yes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_back_up_wipe_restore_gives_the_same_pages_content_and_files(
    article, directive, tmp_path, settings
):
    image = wagtail_factories.ImageFactory(title="Ảnh đại hội")
    document = wagtail_factories.DocumentFactory(title="Nghị quyết 35")
    article.lead = "Nội dung cần giữ nguyên sau khi khôi phục."
    article.save_revision().publish()
    call_command("backup", tmp_path / "backups", name="drill")
    media_before = _checksums(Path(settings.MEDIA_ROOT))
    assert image.file.name in media_before and document.file.name in media_before
    pages_before = sorted(Page.objects.values_list("id", "title", "url_path", "live"))
    lead_before = ArticlePage.objects.get(pk=article.pk).lead

    database_url, query, drop = _scratch_database(tmp_path)
    restored_media = tmp_path / "restored-media"  # the wiped volume: empty
    try:
        result = _restore(tmp_path / "backups" / "drill", database_url, restored_media)
        assert result.returncode == 0, result.stderr
        pages_after = sorted(
            tuple(row[:3]) + (bool(row[3]),)
            for row in query("SELECT id, title, url_path, live FROM wagtailcore_page")
        )
        lead_after = query(
            f"SELECT lead FROM articles_articlepage WHERE page_ptr_id = {article.pk}"
        )
        image_rows = query("SELECT file FROM wagtailimages_image")
    finally:
        drop()
    assert pages_after == pages_before and len(pages_after) >= 6
    assert lead_after == [(lead_before,)]
    assert image_rows == [(image.file.name,)]
    assert _checksums(restored_media) == media_before


def test_a_corrupted_backup_restores_nothing(article, tmp_path):
    wagtail_factories.ImageFactory(title="Ảnh")
    call_command("backup", tmp_path / "backups", name="drill")
    archive = tmp_path / "backups" / "drill" / "media.tar"
    data = bytearray(archive.read_bytes())
    data[700] ^= 0xFF  # inside the first file's bytes
    archive.write_bytes(bytes(data))
    article.delete()
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="media.tar: checksum does not match SHA256SUMS"):
        call_command("restore", tmp_path / "backups" / "drill", yes=True)
    assert Page.objects.count() == pages  # the database was not touched


@pytest.mark.parametrize("name", ["", "khong-co-thu-muc", "../../etc"])
def test_restore_refuses_what_is_not_a_backup(name, tmp_path):
    with pytest.raises(CommandError, match="is not a backup folder"):
        call_command("restore", tmp_path / name, yes=True)


def test_feedback_attachments_are_backed_up_and_restored_private(
    article, tmp_path, settings, category
):
    """Issue #21, finding 7: the private root (outside media) is in the backup, the backup is
    readable by its owner only, and the drill gets the attachments back, 0600 in 0700."""
    import stat

    from feedback import handling
    from feedback.models import FeedbackItem

    from .factories import png_bytes

    handling.receive(
        {
            "name": "Trần Thị Bảo Ngọc",
            "email": "ngoc@example.vn",
            "subject": "Ảnh hiện trường",
            "message": "Xin gửi kèm ảnh.",
            "attachment": _upload("hien-truong.png", png_bytes()),
        },
        unit=article.get_parent().specific,
        category=category,
        attachment_type="image",
    )
    item = FeedbackItem.objects.get()
    private = Path(settings.FEEDBACK_PRIVATE_ROOT)
    private_before = _checksums(private)
    assert item.attachment.name in private_before

    os.umask(0o022)  # a usual umask: the backup must not depend on it
    call_command("backup", tmp_path / "backups", name="drill")
    drill = tmp_path / "backups" / "drill"
    assert stat.S_IMODE(drill.stat().st_mode) == 0o700
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in drill.iterdir()}
    assert set(modes) >= {"private.tar", "media.tar", "SHA256SUMS", "manifest.json"}
    assert set(modes.values()) == {0o600}, modes

    database_url, query, drop = _scratch_database(tmp_path)
    restored_private = tmp_path / "restored-private"
    try:
        result = _restore(drill, database_url, tmp_path / "restored-media", restored_private)
        assert result.returncode == 0, result.stderr
        rows = query("SELECT attachment FROM feedback_feedbackitem")
    finally:
        drop()
    assert rows == [(item.attachment.name,)]
    assert _checksums(restored_private) == private_before
    for path in restored_private.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_a_corrupted_private_archive_restores_nothing(article, tmp_path, settings):
    (Path(settings.FEEDBACK_PRIVATE_ROOT) / "thu.txt").write_bytes(b"x" * 2000)
    call_command("backup", tmp_path / "backups", name="drill")
    archive = tmp_path / "backups" / "drill" / "private.tar"
    data = bytearray(archive.read_bytes())
    data[700] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="private.tar: checksum does not match SHA256SUMS"):
        call_command("restore", tmp_path / "backups" / "drill", yes=True)


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
