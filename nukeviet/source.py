"""Reading a NukeViet 4.x database (MariaDB/MySQL) through PyMySQL.

Table names follow NukeViet: ``<prefix>_<lang>_<module_data>[_<table>]``, e.g.
``nv4_vi_news_rows``. Text is read as bytes and decoded here, so a row with bytes that are
not UTF-8, or with double-encoded UTF-8 (mojibake from an old latin1 dump), becomes a line in
the report instead of stopping the import.
"""

import datetime
from urllib.parse import unquote, urlsplit

import pymysql


class SourceError(Exception):
    pass


def parse_database_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("mysql", "mariadb"):
        raise SourceError(f"Not a mysql:// URL: {url!r}")
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "database": unquote(parts.path.lstrip("/")),
    }


def _unmojibake(text):
    """``text`` decoded back if it is UTF-8 read as cp1252/latin1, else None."""
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 255:
                return None
            raw.append(ord(char))
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def decode(value):
    """(text, problem): bytes from the database as text; problem None when all was well."""
    if value is None:
        return "", None
    if isinstance(value, bytes | bytearray):
        try:
            text = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return bytes(value).decode("utf-8", errors="replace"), "bytes that are not UTF-8"
    else:
        text = str(value)
    if not text.isascii():
        fixed = _unmojibake(text)
        if fixed is not None:
            return fixed, "double-encoded UTF-8 (repaired)"
    return text, None


def from_timestamp(value):
    """NukeViet stores Unix times; 0 means none."""
    try:
        value = int(value or 0)
    except (TypeError, ValueError):
        return None
    if value <= 0:
        return None
    try:
        return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


class Row(dict):
    """A decoded row; ``problems`` lists the columns whose text had to be repaired."""

    problems: list


class Source:
    def __init__(self, url, *, prefix="nv4", lang="vi", modules=None):
        self.prefix, self.lang = prefix, lang
        self.modules = {"news": "news", "laws": "laws", "faq": "faq", **(modules or {})}
        try:
            self.connection = pymysql.connect(
                **parse_database_url(url),
                charset="utf8mb4",
                use_unicode=False,
                cursorclass=pymysql.cursors.DictCursor,
                connect_timeout=10,
            )
        except pymysql.MySQLError as error:
            raise SourceError(f"Cannot connect to the NukeViet database: {error}") from error
        self._tables = None

    def close(self):
        self.connection.close()

    def table(self, module, name=""):
        return f"{self.prefix}_{self.lang}_{self.modules[module]}" + (f"_{name}" if name else "")

    def has(self, module, name=""):
        if self._tables is None:
            with self.connection.cursor() as cursor:
                cursor.execute("SHOW TABLES")
                self._tables = {
                    (value.decode() if isinstance(value, bytes) else value)
                    for row in cursor.fetchall()
                    for value in row.values()
                }
        return self.table(module, name) in self._tables

    def query(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [self._decode_row(row) for row in rows]

    @staticmethod
    def _decode_row(raw):
        row = Row()
        row.problems = []
        for key, value in raw.items():
            key = key.decode() if isinstance(key, bytes) else key
            if isinstance(value, bytes | bytearray):
                value, problem = decode(value)
                if problem:
                    row.problems.append(f"{key}: {problem}")
            row[key] = value
        return row

    def batches(self, sql, size, key="id"):
        """``sql`` (with ``{after}`` and ``{limit}`` placeholders) page by page on ``key``."""
        last = -1
        while True:
            rows = self.query(sql.format(after="%s", limit=int(size)), (last,))
            if not rows:
                return
            yield rows
            last = int(rows[-1][key])

    def count(self, module, name="", where=""):
        if not self.has(module, name):
            return 0
        rows = self.query(f"SELECT COUNT(*) AS n FROM {self.table(module, name)} {where}")
        return int(rows[0]["n"])


# --- the old site's URLs: one rule for the redirects and the check command --------------


def old_paths(lang, modules):
    """The URL builders of the old site, with its language and module URL names."""

    def news(category_alias, alias, row_id):
        return f"/{lang}/{modules['news']}/{category_alias}/{alias}-{row_id}.html"

    def news_category(category_alias):
        return f"/{lang}/{modules['news']}/{category_alias}/"

    def news_topic(alias):
        return f"/{lang}/{modules['news']}/topic/{alias}/"

    def laws(alias):
        return f"/{lang}/{modules['laws']}/detail/{alias}/"

    def faq_category(alias):
        return f"/{lang}/{modules['faq']}/{alias}/"

    def upload(module, path):
        return f"/uploads/{modules[module]}/{path.lstrip('/')}"

    return {
        "news": news,
        "news_category": news_category,
        "news_topic": news_topic,
        "laws": laws,
        "faq_category": faq_category,
        "faq": lambda: f"/{lang}/{modules['faq']}/",
        "upload": upload,
    }
