"""Backups: the database (pg_dump custom format, or SQLite's online backup) plus every
media file (a tar, with a SHA-256 per file), and a restore that checks them first.

A backup is a folder::

    database.pgdump | database.sqlite3
    media.tar          every file of the default storage (local disk or S3), by name
    SHA256SUMS         one line per media file and per archive, as sha256sum prints them
    manifest.json      engine, date, page count (what the restore drill compares)

Media go through Django's storage API, so the same commands work on local disk and on
S3-compatible storage.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

SUMS = "SHA256SUMS"


class BackupError(Exception):
    pass


def sha256(data) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_postgres(settings_dict) -> bool:
    return settings_dict["ENGINE"] == "django.db.backends.postgresql"


def _pg_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict):
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    return args


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: PG_BIN_DIR when set (match the server's major version)."""
    directory = os.environ.get("PG_BIN_DIR")
    return str(Path(directory) / name) if directory else name


def _walk(storage, directory=""):
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from _walk(storage, f"{directory}/{sub}" if directory else sub)


def media_files(storage=default_storage):
    """Every file name in the storage, skipping the page cache's stamp file."""
    try:
        return [name for name in _walk(storage) if not name.startswith(".pagecache")]
    except FileNotFoundError:
        return []


def back_up(destination: Path) -> dict:
    destination.mkdir(parents=True, exist_ok=False)
    settings_dict = connection.settings_dict
    sums = []
    if _is_postgres(settings_dict):
        database = destination / "database.pgdump"
        command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(database)]
        subprocess.run(command + _pg_args(settings_dict), check=True, env=_pg_env(settings_dict))
    else:
        database = destination / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        with target:
            connection.connection.backup(target)
        target.close()
    with tarfile.open(destination / "media.tar", "w") as archive:
        for name in media_files():
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
            sums.append(f"{sha256(data)}  media/{name}")
            info = tarfile.TarInfo(f"media/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    for archive in (database, destination / "media.tar"):
        sums.append(f"{sha256(archive.read_bytes())}  {archive.name}")
    (destination / SUMS).write_text("\n".join(sums) + "\n")
    manifest = {
        "engine": settings_dict["ENGINE"],
        "created": timezone.now().isoformat(),
        "database": database.name,
        "pages": Page.objects.count(),
        "media_files": len(sums) - 2,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(source: Path) -> dict:
    """The manifest, after every archive's checksum is checked."""
    manifest = json.loads((source / "manifest.json").read_text())
    expected = {}
    for line in (source / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        expected[name] = digest
    for name in (manifest["database"], "media.tar"):
        if sha256((source / name).read_bytes()) != expected.get(name):
            raise BackupError(f"{name}: checksum does not match {SUMS}")
    manifest["sums"] = expected
    return manifest


def restore(source: Path) -> dict:
    manifest = verify(source)
    settings_dict = connection.settings_dict
    database = source / manifest["database"]
    if _is_postgres(settings_dict) != database.name.endswith(".pgdump"):
        raise BackupError("this backup is of another database engine")
    connection.close()
    if _is_postgres(settings_dict):
        command = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
        subprocess.run(
            command + _pg_args(settings_dict) + [str(database)],
            check=True,
            env=_pg_env(settings_dict),
        )
    else:
        connection.ensure_connection()
        backup = sqlite3.connect(database)
        with backup:
            backup.backup(connection.connection)
        backup.close()
    with tarfile.open(source / "media.tar") as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            name = member.name.removeprefix("media/")
            data = archive.extractfile(member).read()
            if sha256(data) != manifest["sums"].get(member.name):
                raise BackupError(f"{member.name}: checksum does not match {SUMS}")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")
    return manifest
