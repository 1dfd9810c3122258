"""Backups: the database (pg_dump custom format, or SQLite's online backup) plus every
media file (a tar, with a SHA-256 per file), and a restore that checks them first.

A backup is a folder::

    database.pgdump | database.sqlite3
    media.tar          every file of the default storage (local disk or S3), by name
    private.tar        every file of each private root (feedback attachments), by root
    SHA256SUMS         one line per file and per archive, as sha256sum prints them
    manifest.json      engine, date, page count (what the restore drill compares)

Media go through Django's storage API, so the same commands work on local disk and on
S3-compatible storage. Private roots (``private_roots()``: ``FEEDBACK_PRIVATE_ROOT``) live
outside the media, on the app server's disk, and are read from there.

A backup holds password hashes, two-factor secrets and senders' personal data: its folder
is 0700 and every file in it 0600, whatever the umask; a restore writes private files
0600 in 0700 folders too.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
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


PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def private_roots() -> dict:
    """Folders of private files outside the media, by the name they have in a backup."""
    return {"feedback": Path(settings.FEEDBACK_PRIVATE_ROOT)}


def _private_folder(path: Path):
    """``mkdir -p`` with every folder it creates 0700."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR)
        folder.chmod(PRIVATE_DIR)


def _private_files(root: Path):
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def back_up(destination: Path) -> dict:
    if destination.exists():
        raise FileExistsError(destination)
    _private_folder(destination)
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
    media_count = len(sums)
    with tarfile.open(destination / "private.tar", "w") as archive:
        for root_name, root in private_roots().items():
            for path, relative in _private_files(root):
                data = path.read_bytes()
                member = f"private/{root_name}/{relative}"
                sums.append(f"{sha256(data)}  {member}")
                info = tarfile.TarInfo(member)
                info.size, info.mode = len(data), PRIVATE_FILE
                archive.addfile(info, io.BytesIO(data))
    for archive in (database, destination / "media.tar", destination / "private.tar"):
        sums.append(f"{sha256(archive.read_bytes())}  {archive.name}")
    (destination / SUMS).write_text("\n".join(sums) + "\n")
    manifest = {
        "engine": settings_dict["ENGINE"],
        "created": timezone.now().isoformat(),
        "database": database.name,
        "pages": Page.objects.count(),
        "media_files": media_count,
        "private_files": len(sums) - media_count - 3,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=2))
    for path in destination.rglob("*"):
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    return manifest


def verify(source: Path) -> dict:
    """The manifest, after every archive's checksum is checked."""
    manifest = json.loads((source / "manifest.json").read_text())
    expected = {}
    for line in (source / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        expected[name] = digest
    archives = [manifest["database"], "media.tar"]
    if (source / "private.tar").exists() or "private.tar" in expected:
        archives.append("private.tar")  # backups made before private roots had none
    for name in archives:
        if not (source / name).exists() or sha256((source / name).read_bytes()) != expected.get(
            name
        ):
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
    if (source / "private.tar").exists():
        _restore_private(source / "private.tar", manifest["sums"])
    return manifest


def _restore_private(path: Path, sums: dict):
    roots = private_roots()
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            if not member.isfile() or len(parts) < 3 or parts[0] != "private":
                continue
            root = roots.get(parts[1])
            if root is None or ".." in parts or "" in parts:
                raise BackupError(f"{member.name}: not a private file of this portal")
            data = archive.extractfile(member).read()
            if sha256(data) != sums.get(member.name):
                raise BackupError(f"{member.name}: checksum does not match {SUMS}")
            target = root.joinpath(*parts[2:])
            _private_folder(target.parent)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            target.chmod(PRIVATE_FILE)
